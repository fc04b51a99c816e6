/* ink-reflow's input: plain text or ink-ocr's lines CSV, told apart by the header */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "reflow.h"
#include "records.h"

/*
 * A number of the lines CSV within what a page can hold: page, block and
 * line are whole and at most 1e12 (they become longs), pixel geometry at
 * most 1e7 either way.  NaN, infinities and 1e53 are refused: casting them
 * would be undefined behaviour.
 */
static int
num(const struct csvrow *row, int col, int whole, double *v)
{
	char *e;

	if (col < 0 || (size_t)col >= row->n)
		return 0;
	*v = strtod(row->f[col], &e);
	if (e == row->f[col] || *e != '\0' || !(*v == *v))
		return 0;
	if (whole)
		return *v >= 0 && *v <= 1e12 && *v == (double)(long)*v;
	return *v >= -1e7 && *v <= 1e7;
}

/* the lines CSV of ink-ocr */
static int
do_csv(struct reflow *r, FILE *fp, const char *name, const char *peek, size_t npeek, int outcsv)
{
	static const char *need[] = { "doc", "page", "block", "line", "x", "y", "w", "h", "text" };
	int col[LEN(need)], got, bad = 0, havedoc = 0;
	struct csvr *cr = csvr_open(fp, name);
	struct csvrow *row;
	size_t i;
	long page = -1, block = -1;
	double py = 0, ph = 0;
	char *doc = NULL;

	csvr_unread(cr, peek, npeek);
	if ((got = csvr_next(cr, &row)) <= 0) {
		csvr_close(cr);
		return 1;
	}
	for (i = 0; i < LEN(need); i++)
		if ((col[i] = csv_col(row, need[i])) < 0) {
			warnx("%s:%lu: missing column '%s' in the lines CSV header",
			    name, row->line, need[i]);
			bad = 1;
		}
	if (bad) {
		csvr_close(cr);
		return 1;
	}
	if (outcsv)
		reflow_csv_header(r, stdout);
	while ((got = csvr_next(cr, &row)) > 0) {
		double v[7];
		int geo = 1;
		long pg, bl;

		if (row->n == 1 && row->len[0] == 0)
			continue;
		if ((size_t)col[8] >= row->n) {
			warnx("%s:%lu: %zu fields, the text column is missing; row skipped",
			    name, row->line, row->n);
			bad = 1;
			continue;
		}
		for (i = 1; i < 8; i++)
			if (!num(row, col[i], i <= 3, &v[i - 1])) {
				const char *f = (size_t)col[i] < row->n ? row->f[col[i]] : "";
				if (i <= 3) {
					warnx("%s:%lu: bad %s '%.40s'; row skipped", name, row->line,
					    need[i], f);
					bad = 1;
					goto next;
				}
				if (geo && *f)
					warnx("%s:%lu: bad %s '%.40s'; geometry of the row ignored",
					    name, row->line, need[i], f);
				geo = 0;
			}
		if (!doc || strcmp(doc, row->f[col[0]])) {
			if (havedoc)
				reflow_end(r);
			free(doc);
			doc = xstrdup(row->f[col[0]]);
			reflow_begin(r, stdout, name, r->docopt ? r->docopt : doc, outcsv);
			havedoc = 1;
			page = block = -1;
		}
		pg = (long)v[0];
		bl = (long)v[1];
		/* a new page or block, or a gap of most of a line: a blank line */
		if (page >= 0 && (pg != page || bl != block ||
		    (geo && ph > 0 && v[4] > py + ph + 0.8 * ph)))
			reflow_line(r, "", 0, (unsigned long)v[2], 0, pg, bl, 0, 0, 0, 0);
		page = pg;
		block = bl;
		if (geo)
			py = v[4], ph = v[6];
		reflow_line(r, row->f[col[8]], row->len[col[8]], (unsigned long)v[2], geo,
		    pg, bl, v[3], v[4], v[5], v[6]);
next:		;
	}
	if (havedoc)
		reflow_end(r);
	else if (got == 0)
		warnx("%s: lines CSV without any line", name);
	free(doc);
	csvr_close(cr);
	return got < 0 || bad || !havedoc;
}

static int
do_text(struct reflow *r, FILE *fp, const char *name, const char *doc, const char *peek,
    size_t npeek, int outcsv)
{
	struct lines ls;
	int g;

	lines_init(&ls, fp, name);
	memcpy(ls.rbuf, peek, npeek);
	ls.rlen = npeek;
	reflow_begin(r, stdout, name, doc, outcsv);
	while ((g = lines_next(&ls)) > 0)
		reflow_line(r, ls.line.p, ls.line.len, ls.lineno, 0, -1, 0, 0, 0, 0, 0);
	reflow_end(r);
	lines_free(&ls);
	return g < 0;
}

#define PEEK 4096

/*
 * One input file: sniffed as the lines CSV (by its header) or text, read
 * through the stage, with r's options.
 */
int
reflow_file(struct reflow *r, const char *path)
{
	const char *name;
	FILE *fp = openin(path, &name);
	char peek[PEEK], *doc;
	size_t n, off = 0;
	int bad, csv;

	if (!fp)
		return 1;
	n = fread(peek, 1, sizeof(peek), fp);
	if (ferror(fp)) {
		warn("%s", name);
		closein(fp);
		return 1;
	}
	if (n >= 3 && !memcmp(peek, "\xEF\xBB\xBF", 3))
		off = 3;
	if (n == off) {
		warnx("%s: empty input", name);
		closein(fp);
		return 1;
	}
	csv = n - off >= 4 && !memcmp(peek + off, "doc,", 4) &&
	    memmem(peek + off, n - off, ",text", 5) != NULL;
	if (!csv && r->to_csv == 1)
		reflow_csv_header(r, stdout);
	if (csv)
		bad = do_csv(r, fp, name, peek + off, n - off, r->to_csv != 0);
	else {
		doc = r->docopt ? xstrdup(r->docopt) : path && strcmp(path, "-") ? docname(path) :
		    xstrdup("stdin");
		bad = do_text(r, fp, name, doc, peek, n, r->to_csv == 1);
		free(doc);
	}
	closein(fp);
	return bad;
}

