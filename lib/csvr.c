#include <csv.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"

struct qrow {
	struct csvrow row;
	size_t cap;
};

struct csvr {
	FILE *fp;
	const char *name;
	struct csv_parser p;
	unsigned long line;	/* lines fed to the parser */
	struct qrow *q;		/* rows parsed, not yet handed out */
	size_t qhead, qlen, qcap;
	struct qrow building, out;
	struct buf clean, unread;
	size_t upos;		/* unread bytes already fed */
	char *lbuf;
	size_t lcap;
	int done, bad;
	struct buf pending;	/* the line being read, until it is whole */
	struct recode rc;	/* the file's charset, when not UTF-8 */
	int sniffed;
};

static void
row_clear(struct qrow *r)
{
	size_t i;

	for (i = 0; i < r->row.n; i++)
		free(r->row.f[i]);
	r->row.n = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	struct qrow *b = &r->building;
	size_t first = 0, nl = 0, i;
	const char *str = s ? s : "";

	if (b->row.n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->row.f = xreallocarray(b->row.f, b->cap, sizeof(*b->row.f));
		b->row.len = xreallocarray(b->row.len, b->cap, sizeof(*b->row.len));
	}
	if (b->row.n == 0) {
		for (i = 0; i < len; i++)
			nl += str[i] == '\n';
		b->row.line = r->line > nl ? r->line - nl : 1;
	}
	if (utf8_clean(str, len, &r->clean, &first))
		warnx("%s:%lu: invalid UTF-8 or NUL byte in field %zu at byte %zu, replaced",
		    r->name, r->line, b->row.n + 1, first + 1);
	b->row.f[b->row.n] = xstrndup(r->clean.p ? r->clean.p : "", r->clean.len);
	b->row.len[b->row.n] = r->clean.len;
	b->row.n++;
}

static void
on_row(int c, void *data)
{
	struct csvr *r = data;

	(void)c;
	if (r->qhead + r->qlen == r->qcap) {
		if (r->qhead) {
			memmove(r->q, r->q + r->qhead, r->qlen * sizeof(*r->q));
			r->qhead = 0;
		} else {
			r->qcap = r->qcap ? r->qcap * 2 : 8;
			r->q = xreallocarray(r->q, r->qcap, sizeof(*r->q));
		}
	}
	r->q[r->qhead + r->qlen++] = r->building;
	memset(&r->building, 0, sizeof(r->building));
}

struct csvr *
csvr_open(FILE *fp, const char *name)
{
	struct csvr *r = xcalloc(1, sizeof(*r));

	r->fp = fp;
	r->name = name;
	recode_init(&r->rc, name);
	/* strict: an unbalanced quote is reported, not silently swallowed into one giant field */
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		errx(2, "csv_init failed");
	return r;
}

void
csvr_unread(struct csvr *r, const char *s, size_t n)
{
	buf_add(&r->unread, s, n);
}

static int
feed(struct csvr *r, const char *s, size_t n)
{
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n) {
		warnx("%s:%lu: malformed CSV: %s", r->name, r->line,
		    csv_strerror(csv_error(&r->p)));
		r->bad = 1;
		return -1;
	}
	return 0;
}

/*
 * One whole line: the line count (for messages and row starts) and the
 * charset must not depend on how the caller's sniffing cut the input.
 * The first line that is not UTF-8 decides whether the file is GB18030
 * (lib/encoding.c); from then on each line is converted before parsing
 * (no GB18030 byte is a comma, quote or line break).
 */
static int
flush_line(struct csvr *r)
{
	const char *s = r->pending.p;
	size_t n = r->pending.len, first;
	int ret;

	r->line++;
	if (r->line == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, n -= 3;
	if (!r->rc.fixed && !r->rc.from && !r->sniffed && utf8_valid(s, n) != n) {
		r->sniffed = 1;
		recode_sniff(&r->rc, s, n);
	}
	if (r->rc.from) {
		recode_line(&r->rc, s, n, &first);
		if (first != (size_t)-1)
			warnx("%s:%lu: invalid %s at byte %zu, replaced", r->name, r->line,
			    r->rc.from, first + 1);
		ret = feed(r, r->rc.out.p, r->rc.out.len);
	} else
		ret = feed(r, s, n);
	buf_reset(&r->pending);
	return ret;
}

/* a chunk of at most one line; the line goes to the parser once it is whole */
static int
feed_line(struct csvr *r, const char *s, size_t n)
{
	buf_add(&r->pending, s, n);
	return n && s[n - 1] == '\n' ? flush_line(r) : 0;
}

int
csvr_next(struct csvr *r, struct csvrow **row)
{
	ssize_t n;
	const char *s;

	row_clear(&r->out);
	while (r->qlen == 0) {
		if (r->done || r->bad)
			return r->bad ? -1 : 0;
		if (r->upos < r->unread.len) {
			const char *e;

			s = r->unread.p + r->upos;
			e = memchr(s, '\n', r->unread.len - r->upos);
			n = e ? e - s + 1 : (ssize_t)(r->unread.len - r->upos);
			r->upos += (size_t)n;
			/* on an error, rows the chunk completed before it still come out first */
			if (feed_line(r, s, (size_t)n) < 0)
				continue;
			if (r->upos == r->unread.len) {
				buf_reset(&r->unread);
				r->upos = 0;
			}
			continue;
		}
		n = getline(&r->lbuf, &r->lcap, r->fp);
		if (n < 0) {
			if (ferror(r->fp)) {
				warn("%s", r->name);
				r->bad = 1;
				return -1;
			}
			if (r->pending.len) {
				(void)flush_line(r);	/* the last line, without a line break */
				continue;
			}
			r->done = 1;
			if (csv_fini(&r->p, on_field, on_row, r) != 0) {
				/* the open quote swallowed the rest of the file: name the row it opened in */
				warnx("%s:%lu: malformed CSV: %s (unbalanced quote?)",
				    r->name, r->building.row.n ? r->building.row.line : r->line,
				    csv_strerror(csv_error(&r->p)));
				r->bad = 1;
				return -1;
			}
			continue;
		}
		if (feed_line(r, r->lbuf, (size_t)n) < 0)
			continue;
	}
	free(r->out.row.f);
	free(r->out.row.len);
	r->out = r->q[r->qhead++];
	r->qlen--;
	if (r->qlen == 0)
		r->qhead = 0;
	*row = &r->out.row;
	return 1;
}

void
csvr_close(struct csvr *r)
{
	size_t i;

	if (!r)
		return;
	row_clear(&r->out);
	free(r->out.row.f);
	free(r->out.row.len);
	row_clear(&r->building);
	free(r->building.row.f);
	free(r->building.row.len);
	for (i = 0; i < r->qlen; i++) {
		row_clear(&r->q[r->qhead + i]);
		free(r->q[r->qhead + i].row.f);
		free(r->q[r->qhead + i].row.len);
	}
	free(r->q);
	csv_free(&r->p);
	buf_free(&r->clean);
	buf_free(&r->unread);
	buf_free(&r->pending);
	free(r->lbuf);
	recode_free(&r->rc);
	free(r);
}

int
csv_col(const struct csvrow *hdr, const char *name)
{
	size_t i;

	for (i = 0; i < hdr->n; i++)
		if (!strcmp(hdr->f[i], name))
			return (int)i;
	return -1;
}
