/*
 * Input charsets.  Archives OCR'd years ago were often saved as GBK; read
 * as UTF-8 they turn into one warning per line and mojibake in every
 * record.  A file that is not valid UTF-8 but reads as GB18030 (GBK and
 * GB2312 are subsets) is converted through iconv, with one note naming
 * the file.  encoding_set() (the tools' --encoding) names the charset of
 * every input instead.
 */
#include <err.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "inkpipe.h"

#define SNIFF_GB "GB18030"

/* the charset every input is in (--encoding), NULL: UTF-8, or GB18030 where UTF-8 fails */
static const char *forced;

int
encoding_set(const char *name)
{
	iconv_t cd;

	if (!name || !strcasecmp(name, "auto")) {
		forced = NULL;
		return 0;
	}
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
		warnx("unknown encoding '%s' (iconv -l lists them)", name);
		return -1;
	}
	iconv_close(cd);
	forced = name;
	return 0;
}

static int
is_utf8_name(const char *s)
{
	return !strcasecmp(s, "UTF-8") || !strcasecmp(s, "UTF8");
}

void
recode_init(struct recode *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->cd = (void *)-1;
	if (forced && !is_utf8_name(forced))
		c->from = forced;
	c->fixed = forced != NULL;
}

void
recode_free(struct recode *c)
{
	if (c->cd != (void *)-1)
		iconv_close((iconv_t)c->cd);
	c->cd = (void *)-1;
	buf_free(&c->out);
}

/*
 * Does s[0..n) read as Chinese text in GB18030?  Structurally valid is not
 * enough: UTF-8 Chinese text is nearly always valid GB18030 too (as rare
 * characters), and so is much of Big5.  Running Chinese text in GB
 * encoding is mostly the 3,755 common characters of GB2312 level 1 (rows
 * B0-D7) and the punctuation rows A1 and A3; text in another encoding
 * read as GB lands there far less often.  A cut-off sequence at the end
 * (a sample cut mid-character) is allowed.
 */
static int
gb_plausible(const unsigned char *s, size_t n)
{
	size_t i = 0, two = 0, common = 0;

	while (i < n) {
		unsigned char a = s[i], b;
		if (a < 0x80) {
			if (a == 0)
				return 0;
			i++;
			continue;
		}
		if (a == 0x80 || a == 0xFF)
			return 0;
		if (i + 1 >= n)
			break;
		b = s[i + 1];
		if (b >= 0x30 && b <= 0x39) {	/* four bytes */
			if (i + 3 >= n)
				break;
			if (s[i + 2] < 0x81 || s[i + 2] > 0xFE || s[i + 3] < 0x30 || s[i + 3] > 0x39)
				return 0;
			i += 4;
			continue;
		}
		if (b < 0x40 || b == 0x7F || b == 0xFF)
			return 0;
		two++;
		if (b >= 0xA1 && ((a >= 0xB0 && a <= 0xD7) || a == 0xA1 || a == 0xA3))
			common++;
		i += 2;
	}
	return two > 0 && common * 10 >= two * 7;
}

static int
open_cd(struct recode *c)
{
	if (c->cd == (void *)-1)
		c->cd = (void *)iconv_open("UTF-8", c->from);
	return c->cd != (void *)-1;
}

void
recode_sniff(struct recode *c, const char *s, size_t n)
{
	if (c->fixed || c->from)
		return;
	if (utf8_valid(s, n) == n || !gb_plausible((const unsigned char *)s, n))
		return;
	c->from = SNIFF_GB;
	if (!open_cd(c)) {
		c->from = NULL;
		return;
	}
	warnx("%s: not UTF-8; read as %s (--encoding names another)", c->name, c->from);
}

/*
 * s[0..n) from the file's charset into c->out as UTF-8.  A byte sequence
 * the charset does not have, or a NUL, becomes U+FFFD; *first gets the
 * offset of the first one, (size_t)-1 when there is none.
 */
void
recode_line(struct recode *c, const char *s, size_t n, size_t *first)
{
	char *in = (char *)s, *o;
	size_t left = n, room, done;

	*first = (size_t)-1;
	buf_reset(&c->out);
	if (!open_cd(c)) {
		/* cannot happen after encoding_set() checked the name: keep the bytes' valid part */
		utf8_clean(s, n, &c->out, first);
		return;
	}
	iconv((iconv_t)c->cd, NULL, NULL, NULL, NULL);
	while (left > 0) {
		buf_grow(&c->out, 4 * left + 16);
		o = c->out.p + c->out.len;
		room = c->out.cap - c->out.len - 1;
		done = iconv((iconv_t)c->cd, &in, &left, &o, &room);
		c->out.len = (size_t)(o - c->out.p);
		if (done != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a sequence cut off at the line's end */
		if (*first == (size_t)-1)
			*first = (size_t)(in - s);
		buf_adds(&c->out, "\xEF\xBF\xBD");
		in++, left--;
		iconv((iconv_t)c->cd, NULL, NULL, NULL, NULL);
	}
	buf_grow(&c->out, 0);
	c->out.p[c->out.len] = '\0';
	/* iconv passes NUL through; the contract has no NUL in text */
	if (memchr(c->out.p, '\0', c->out.len)) {
		size_t i, j;
		for (i = j = 0; i < c->out.len; i++)
			if (c->out.p[i] != '\0')
				c->out.p[j++] = c->out.p[i];
			else if (*first == (size_t)-1)
				*first = i;
		c->out.len = j;
		c->out.p[j] = '\0';
	}
}
