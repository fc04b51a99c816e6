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
}

void
lines_free(struct lines *l)
{
	buf_free(&l->raw);
	buf_free(&l->line);
	free(l->rbuf);
	l->rbuf = NULL;
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
