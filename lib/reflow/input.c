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

/*
 * Two columns read across: OCR may take the lines of two columns side by
 * side for one line each (a column's line, a wide gap, the next column's
 * line).  The rows of a block are held; when a quarter of them or more
 * (two at least) have a gap of two characters' heights or more between
 * their characters' boxes, each row is cut at that gutter and the block is
 * fed as two: the left column, then the right.  Only where both sides hold
 * text of several characters: a table's row (参加人数    120) is no column.
 */
struct brow {
	char *text, *chars;
	unsigned long line;
	int geo;
	long page, block;
	double v[4];
	long *box;		/* CHARBOX_FIELDS a character, when chars parse */
	size_t nbox;
	double gl, gr;		/* the widest gap between characters: its left and right */
	size_t nl;		/* characters that go left */
};
struct block {
	struct brow *r;
	size_t n, cap;
};

static void
block_add(struct block *b, const char *text, size_t tn, const char *chars, unsigned long line,
    int geo, long pg, long bl, const double *v)
{
	struct brow *w;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->r = xreallocarray(b->r, b->cap, sizeof(*b->r));
	}
	w = &b->r[b->n++];
	memset(w, 0, sizeof(*w));
	w->text = xmalloc(tn + 1);
	memcpy(w->text, text, tn);
	w->text[tn] = '\0';
	w->chars = chars ? xstrdup(chars) : NULL;
	w->line = line, w->geo = geo, w->page = pg, w->block = bl;
	memcpy(w->v, v, sizeof(w->v));
}

/* the widest gap between the characters of a row, as wide as two of them or more */
static int
row_gap(struct brow *w)
{
	size_t k, best = 0;
	double g = 0;

	if (!w->geo || !w->chars)
		return 0;
	w->nbox = charbox_parse(w->chars, &w->box);
	if (w->nbox != charbox_count(w->text)) {
		free(w->box);
		w->box = NULL;
		w->nbox = 0;
	}
	if (w->nbox < 12)
		return 0;
	for (k = 1; k < w->nbox; k++) {
		double d = w->box[k * CHARBOX_FIELDS] - (w->box[(k - 1) * CHARBOX_FIELDS] +
		    w->box[(k - 1) * CHARBOX_FIELDS + 2]);
		if (d > g)
			g = d, best = k;
	}
	if (best < 6 || w->nbox - best < 6 || g < 2 * w->v[3])
		return 0;
	w->gl = w->box[(best - 1) * CHARBOX_FIELDS] + w->box[(best - 1) * CHARBOX_FIELDS + 2];
	w->gr = w->box[best * CHARBOX_FIELDS];
	return 1;
}

/*
 * Where row w is cut: the widest gap between its characters that reaches
 * into the gutter [lo, hi]; the characters before nl go left.  A row with
 * no gap there is left or right of it whole.
 */
static void
row_cut(struct brow *w, double lo, double hi)
{
	size_t k;
	double g = -1;

	w->nl = w->v[0] + w->v[2] / 2 < (lo + hi) / 2 ? w->nbox : 0;
	for (k = 1; k < w->nbox; k++) {
		double a = w->box[(k - 1) * CHARBOX_FIELDS] + w->box[(k - 1) * CHARBOX_FIELDS + 2];
		double b = w->box[k * CHARBOX_FIELDS];
		if (a < hi && b > lo && b - a > g)
			g = b - a, w->nl = k;
	}
	if (w->nbox && w->box[0] >= hi)
		w->nl = 0;
	if (w->nbox && w->box[(w->nbox - 1) * CHARBOX_FIELDS] + w->box[(w->nbox - 1) *
	    CHARBOX_FIELDS + 2] <= lo)
		w->nl = w->nbox;
}

/* the left (side 0) or right part of row w, cut by row_cut(): its text and box */
static void
feed_part(struct reflow *r, struct cursor *c, struct brow *w, int side, long bl)
{
	struct buf t = { 0 };
	size_t i = 0, k = 0, n = strlen(w->text);
	double x0 = 1e9, x1 = -1e9;
	uint32_t cp;

	while (i < n) {
		int u = utf8_dec(w->text + i, n - i, &cp);
		if (u < 0)
			u = 1, cp = 0xFFFD;
		if (charbox_white(cp)) {
			if (t.len)
				buf_add(&t, w->text + i, (size_t)u);
			i += (size_t)u;
			continue;
		}
		if (k < w->nbox) {
			long *q = w->box + k * CHARBOX_FIELDS;
			if ((k >= w->nl) == side) {
				buf_add(&t, w->text + i, (size_t)u);
				if (q[0] < x0) x0 = q[0];
				if (q[0] + q[2] > x1) x1 = q[0] + q[2];
			}
		}
		k++;
		i += (size_t)u;
	}
	if (t.len && x1 > x0)
		feed(r, c, t.p, t.len, w->line, 1, w->page, bl, x0, w->v[1], x1 - x0, w->v[3]);
	buf_free(&t);
}

static void
feed_row(struct reflow *r, struct cursor *c, struct brow *w, long bl)
{
	feed(r, c, w->text, strlen(w->text), w->line, w->geo, w->page, bl, w->v[0], w->v[1],
	    w->v[2], w->v[3]);
}

static void
block_flush(struct reflow *r, struct cursor *c, struct block *b)
{
	size_t i, nspan = 0, nfull = 0;
	double gl = -1e9, gr = 1e9, hmin = 0;

	for (i = 0; i < b->n; i++) {
		struct brow *w = &b->r[i];
		if (row_gap(w)) {
			nspan++;
			if (w->gl > gl) gl = w->gl;
			if (w->gr < gr) gr = w->gr;
			if (hmin == 0 || w->v[3] < hmin)
				hmin = w->v[3];	/* a line's box is a character's or more */
		}
		if (w->nbox >= 12)
			nfull++;
	}
	/*
	 * Lines that end a paragraph in the left column show the gutter: right
	 * of where the longest of them stops, left of where the first of them
	 * goes on.  Every row is cut at its widest gap that reaches into it (a
	 * full line of the left column runs close up to the right one, a
	 * mark's box across).
	 */
	if (nspan >= 2 && nspan * 4 >= nfull && gl < gr - hmin) {
		for (i = 0; i < b->n; i++)
			row_cut(&b->r[i], gl - hmin, gr + hmin);
		for (i = 0; i < b->n; i++)
			if (b->r[i].nbox)
				feed_part(r, c, &b->r[i], 0, b->r[i].block);
			else if (b->r[i].v[0] + b->r[i].v[2] / 2 < (gl + gr) / 2)
				feed_row(r, c, &b->r[i], b->r[i].block);
		/* the right column: a block of its own (a blank line before it) */
		for (i = 0; i < b->n; i++)
			if (b->r[i].nbox)
				feed_part(r, c, &b->r[i], 1, -1 - b->r[i].block);
			else if (b->r[i].v[0] + b->r[i].v[2] / 2 >= (gl + gr) / 2)
				feed_row(r, c, &b->r[i], -1 - b->r[i].block);
	} else
		for (i = 0; i < b->n; i++)
			feed_row(r, c, &b->r[i], b->r[i].block);
	for (i = 0; i < b->n; i++) {
		free(b->r[i].text);
		free(b->r[i].chars);
		free(b->r[i].box);
	}
	b->n = 0;
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
	struct block blk = { 0 };
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
		if (blk.n && (!doc || strcmp(doc, row->f[col[0]]) ||
		    blk.r[0].page != (long)v[0] || blk.r[0].block != (long)v[1]))
			block_flush(r, &cur, &blk);
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
		block_add(&blk, row->f[col[8]], row->len[col[8]],
		    cchars >= 0 && (size_t)cchars < row->n ? row->f[cchars] : NULL,
		    (unsigned long)v[2], geo, (long)v[0], (long)v[1], v + 3);
next:		;
	}
	if (blk.n)
		block_flush(r, &cur, &blk);
	free(blk.r);
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

