#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"

#define RBUFSZ (1 << 16)

void
lines_init(struct lines *l, FILE *fp, const char *name)
{
	memset(l, 0, sizeof(*l));
	l->fp = fp;
	l->name = name;
	l->rbuf = xmalloc(RBUFSZ);
	recode_init(&l->rc, name);
}

void
lines_free(struct lines *l)
{
	buf_free(&l->raw);
	buf_free(&l->line);
	free(l->rbuf);
	l->rbuf = NULL;
	recode_free(&l->rc);
}

static int
fill(struct lines *l)
{
	if (l->eof)
		return 0;
	l->rlen = fread(l->rbuf, 1, RBUFSZ, l->fp);
	l->rpos = 0;
	if (l->rlen == 0) {
		l->eof = 1;
		if (ferror(l->fp)) {
			warn("%s", l->name);
			l->err = 1;
			return -1;
		}
		return 0;
	}
	return 1;
}

/*
 * Is the file in GB18030?  Asked of its first line and the rest of its
 * first block (topping up what a caller's sniffing left in rbuf), cut
 * after the last line break so that a character cut in two does not count
 * against UTF-8; and once more at the first line that is not UTF-8, when
 * the file's start was plain ASCII.
 */
static void
sniff(struct lines *l)
{
	struct buf s = { 0 };
	size_t n, e;

	l->nsniff++;
	while (!l->eof && l->rlen < RBUFSZ) {
		n = fread(l->rbuf + l->rlen, 1, RBUFSZ - l->rlen, l->fp);
		if (n == 0) {
			/* an error, if any, is reported by the next fill() */
			l->eof = feof(l->fp) != 0;
			break;
		}
		l->rlen += n;
	}
	e = l->rlen;
	if (!l->eof)
		while (e > l->rpos && l->rbuf[e - 1] != '\n')
			e--;
	buf_add(&s, l->line.p, l->line.len);
	buf_addc(&s, '\n');
	buf_add(&s, l->rbuf + l->rpos, e - l->rpos);
	recode_sniff(&l->rc, s.p, s.len);
	buf_free(&s);
}

/* a line in another charset: the bytes as read go to raw, line becomes their UTF-8 */
static void
convert(struct lines *l)
{
	size_t first;
	struct buf t;

	recode_line(&l->rc, l->line.p, l->line.len, &first);
	t = l->raw;
	l->raw = l->line;
	l->line = t;
	buf_reset(&l->line);
	buf_add(&l->line, l->rc.out.p, l->rc.out.len);
	l->nconv++;
	if (first != (size_t)-1) {
		l->nbad++;
		if (!l->quiet)
			warnx("%s:%lu: invalid %s at byte %zu, replaced",
			    l->name, l->lineno, l->rc.from, first + 1);
	}
}

/*
 * A line ends at LF, CRLF or a lone CR (old Mac exports): a CR followed
 * by LF across a buffer boundary must still count as one break.
 */
int
lines_next(struct lines *l)
{
	size_t first = 0, i;
	int r, got = 0;

	/* read into line: nearly every line is valid and needs no second copy */
	buf_reset(&l->line);
	buf_reset(&l->raw);
	for (;;) {
		if (l->rpos == l->rlen) {
			r = fill(l);
			if (r < 0)
				return -1;
			if (r == 0) {
				if (!got)
					return 0;
				break;
			}
		}
		if (l->pending_cr) {
			l->pending_cr = 0;
			if (l->rbuf[l->rpos] == '\n') {
				l->rpos++;
				continue;
			}
		}
		got = 1;
		{
			/* the first LF, then a CR before it, if any: memchr, not a byte loop */
			const char *lf = memchr(l->rbuf + l->rpos, '\n', l->rlen - l->rpos), *cr;
			i = lf ? (size_t)(lf - l->rbuf) : l->rlen;
			if ((cr = memchr(l->rbuf + l->rpos, '\r', i - l->rpos)))
				i = (size_t)(cr - l->rbuf);
		}
		buf_add(&l->line, l->rbuf + l->rpos, i - l->rpos);
		if (i < l->rlen) {
			l->pending_cr = l->rbuf[i] == '\r';
			l->rpos = i + 1;
			break;
		}
		l->rpos = i;
	}
	l->lineno++;
	if (l->lineno == 1 && l->line.len >= 3 && !memcmp(l->line.p, "\xEF\xBB\xBF", 3)) {
		memmove(l->line.p, l->line.p + 3, l->line.len - 3);
		l->line.len -= 3;
		l->line.p[l->line.len] = '\0';
	}
	if (!l->rc.fixed && !l->rc.from && l->nsniff < 2 &&
	    (l->nsniff == 0 || utf8_valid(l->line.p, l->line.len) != l->line.len))
		sniff(l);
	if (l->rc.from) {
		convert(l);
		return 1;
	}
	/* buf_add above has allocated line, even for an empty line */
	if (utf8_valid(l->line.p, l->line.len) != l->line.len) {
		/* the bytes as read move to raw; line becomes their repaired copy */
		struct buf t = l->raw;
		l->raw = l->line;
		l->line = t;
		utf8_clean(l->raw.p, l->raw.len, &l->line, &first);
		l->nbad++;
		if (!l->quiet)
			warnx("%s:%lu: invalid UTF-8 or NUL byte at byte %zu, replaced",
			    l->name, l->lineno, first + 1);
	}
	return 1;
}
