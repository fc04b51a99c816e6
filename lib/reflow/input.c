/*
 * ink-reflow's input: plain text, ink-ocr's lines CSV (told apart by its
 * header), or hOCR and ALTO from any engine (told apart by their markup).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "ocrxml.h"
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

/* where a page's lines meet: the last line fed, to see breaks */
struct cursor {
	long page, block;
	double py, ph;
};

/* one line with its place; a new page or block, or a gap of most of a line, is a blank line */
static void
feed(struct reflow *r, struct cursor *c, const char *s, size_t n, unsigned long line, int geo,
    long pg, long bl, double x, double y, double w, double h)
{
	if (c->page >= 0 && (pg != c->page || bl != c->block ||
	    (geo && c->ph > 0 && y > c->py + c->ph + 0.8 * c->ph)))
		reflow_line(r, "", 0, line, 0, pg, bl, 0, 0, 0, 0);
	c->page = pg;
	c->block = bl;
	if (geo)
		c->py = y, c->ph = h;
	reflow_line(r, s, n, line, geo, pg, bl, x, y, w, h);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * A line that opens with a closing mark gives the mark to the line before
 * (decide.c, carry_marks); its box, from the characters' own boxes when
 * the CSV has them, is then that of the rest, as the mark often sits
 * apart (a 。 read late, at the height of the line before).
 */
static void
box_after_marks(const char *text, size_t n, const char *chars, double v[7])
{
	long *b = NULL;
	size_t nb, i = 0, k = 0, j;
	uint32_t c;
	long *top, *bot;
	double x0, y0, x1, y1, mx, my;

	while (i < n) {
		int u = utf8_dec(text + i, n - i, &c);
		if (u < 0)
			return;
		if (charbox_white(c)) {
			i += u;
			continue;
		}
		if (!rf_opening_mark(c))
			break;
		k++;
		i += u;
	}
	if (k == 0 || !chars || (nb = charbox_parse(chars, &b)) <= k ||
	    nb != charbox_count(text)) {
		free(b);
		return;
	}
	/*
	 * Across: the rest's characters.  Up and down: their median top and
	 * bottom, as a character's box may be cut short (一) or run into the
	 * next line.
	 */
	x0 = 1e9;
	x1 = -1e9;
	top = xreallocarray(NULL, 2 * (nb - k), sizeof(*top));
	bot = top + (nb - k);
	for (j = k; j < nb; j++) {
		long *q = b + j * CHARBOX_FIELDS;
		if (q[0] < x0) x0 = q[0];
		if (q[0] + q[2] > x1) x1 = q[0] + q[2];
		top[j - k] = q[1];
		bot[j - k] = q[1] + q[3];
	}
	qsort(top, nb - k, sizeof(*top), cmp_long);
	qsort(bot, nb - k, sizeof(*bot), cmp_long);
	y0 = top[(nb - k) / 2];
	y1 = bot[(nb - k) / 2];
	free(top);
	/*
	 * Only a mark set apart is left out: above the rest of the line, or two
	 * characters' heights or more left of it.  A closing quote printed at
	 * the head of the line is part of its box, and so is a mark in its own
	 * cell there (a ， sits left in its cell).
	 */
	mx = b[(k - 1) * CHARBOX_FIELDS] + b[(k - 1) * CHARBOX_FIELDS + 2];
	my = b[(k - 1) * CHARBOX_FIELDS + 1] + b[(k - 1) * CHARBOX_FIELDS + 3];
	free(b);
	if (x1 > x0 && y1 > y0 && (my <= y0 || x0 - mx >= 2 * (y1 - y0)))
		v[3] = x0, v[4] = y0, v[5] = x1 - x0, v[6] = y1 - y0;
}

/* the lines CSV of ink-ocr */
static int
do_csv(struct reflow *r, FILE *fp, const char *name, const char *peek, size_t npeek, int outcsv)
{
	static const char *need[] = { "doc", "page", "block", "line", "x", "y", "w", "h", "text" };
	int col[LEN(need)], cchars, got, bad = 0, havedoc = 0;
	struct csvr *cr = csvr_open(fp, name);
	struct csvrow *row;
	size_t i;
	struct cursor cur = { -1, -1, 0, 0 };
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
	cchars = csv_col(row, REC_LINES_CHARS_HDR);
	if (outcsv)
		reflow_csv_header(r, stdout);
	while ((got = csvr_next(cr, &row)) > 0) {
		double v[7];
		int geo = 1;

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
			cur.page = cur.block = -1;
		}
		if (geo)
			box_after_marks(row->f[col[8]], row->len[col[8]],
			    cchars >= 0 && (size_t)cchars < row->n ? row->f[cchars] : NULL, v);
		feed(r, &cur, row->f[col[8]], row->len[col[8]], (unsigned long)v[2], geo,
		    (long)v[0], (long)v[1], v[3], v[4], v[5], v[6]);
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

struct xmlin {
	struct reflow *r;
	struct cursor cur;
	const char *name, *doc;
	int outcsv, begun;
};

/* nothing is written before the markup has parsed: a broken file leaves no header behind */
static void
xml_begin(struct xmlin *x)
{
	if (x->begun)
		return;
	if (x->outcsv)
		reflow_csv_header(x->r, stdout);
	reflow_begin(x->r, stdout, x->name, x->doc, x->outcsv);
	x->begun = 1;
}

static int
xml_line(void *arg, const struct ocrline *l)
{
	struct xmlin *x = arg;

	xml_begin(x);
	feed(x->r, &x->cur, l->text, strlen(l->text), (unsigned long)l->line, l->w > 0 && l->h > 0,
	    l->page, l->block, l->x, l->y, l->w, l->h);
	return 0;
}

/* hOCR or ALTO: lines with geometry, as from the lines CSV; one document per file */
static int
do_xml(struct reflow *r, FILE *fp, const char *name, const char *doc, const char *peek,
    size_t npeek, int outcsv)
{
	struct xmlin x = { r, { -1, -1, 0, 0 }, name, doc, outcsv, 0 };
	int bad;

	bad = ocrxml_read(fp, name, peek, npeek, xml_line, &x);
	if (!bad)
		xml_begin(&x);
	if (x.begun)
		reflow_end(r);
	return bad;
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
	int bad, csv, xml;

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
	xml = !csv && ocrxml_sniff(peek, n);
	if (!csv && !xml && r->to_csv == 1)
		reflow_csv_header(r, stdout);
	if (csv)
		bad = do_csv(r, fp, name, peek + off, n - off, r->to_csv != 0);
	else {
		doc = r->docopt ? xstrdup(r->docopt) : path && strcmp(path, "-") ? docname(path) :
		    xstrdup("stdin");
		if (xml)
			bad = do_xml(r, fp, name, doc, peek, n, r->to_csv != 0);
		else
			bad = do_text(r, fp, name, doc, peek, n, r->to_csv == 1);
		free(doc);
	}
	closein(fp);
	return bad;
}

