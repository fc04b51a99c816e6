/*
 * Whether a blank that lines up over the few lines of a region is a
 * column gutter. Chinese is set on a grid, so the blank after a
 * full-width comma or before an opening quote lines up over a few lines
 * of one paragraph; the gutters of a short section under a headline, or
 * of a sidebar beside an article, are no wider.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define PUNCT_GAP(cs)	((cs) * 7 / 4)	/* wider than blanks at punctuation lined up */
#define MAYBE_GAP(cs)	((cs) * 3 / 2)	/* a comma and an opening quote side by side, 1.4 em */

/*
 * Leaves out of r a row of ink thinner than a glyph's quarter at its top
 * or bottom, set apart from the rest: what is left of a rule that parted
 * r from its neighbour, which crosses the gutters and divides nothing.
 */
void
xy_shave(const struct bimg *b, struct rect *r)
{
	int h = r->y1 - r->y0, tol = (r->x1 - r->x0) / 300, thin = b->cs / 4 > 1 ? b->cs / 4 : 1;
	int *p, s, e, y = 0, first = 1, top = 0, bot = h;

	if (h < 3 * b->cs)
		return;
	p = xmalloc((size_t)h * sizeof *p);
	xy_rowprof(b, *r, p);
	for (int ls = -1, le = -1; xy_nextband(p, h, tol, 1, &y, &s, &e); first = 0) {
		if (first && e - s < thin)
			top = e;
		ls = s;
		le = e;
		if (y >= h && !first && le - ls < thin)
			bot = ls;
	}
	free(p);
	if (bot - top >= 3 * b->cs) {
		r->y1 = r->y0 + bot;
		r->y0 += top;
	}
}

/* the rows of ink in r at least half a glyph tall, appended to v; how many there are */
static size_t
bands(const struct bimg *b, struct rect r, struct rect **v)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, *p;
	struct rects out = { 0 };

	if (h <= 0 || r.x1 <= r.x0) {
		*v = NULL;
		return 0;
	}
	p = xmalloc((size_t)h * sizeof *p);
	xy_rowprof(b, r, p);
	for (int y = 0, s, e; xy_nextband(p, h, tol, 2, &y, &s, &e);)
		if (e - s >= b->cs / 2)
			rects_add(&out, r.x0, r.y0 + s, r.x1, r.y0 + e);
	free(p);
	*v = out.r;
	return out.n;
}

/* how many rows of a fall between the rows of c: inside their span, and not half of each in common with one */
static size_t
between(const struct rect *a, size_t na, const struct rect *c, size_t nc)
{
	size_t n = 0;

	for (size_t i = 0; nc && i < na; i++) {
		int shared = a[i].y1 <= c[0].y0 || a[i].y0 >= c[nc - 1].y1;
		for (size_t j = 0; j < nc && !shared; j++) {
			int o = (a[i].y1 < c[j].y1 ? a[i].y1 : c[j].y1) - (a[i].y0 > c[j].y0 ? a[i].y0 : c[j].y0);
			shared = 2 * o >= a[i].y1 - a[i].y0 && 2 * o >= c[j].y1 - c[j].y0;
		}
		n += !shared;
	}
	return n;
}

/*
 * The lines on the two sides of the blank [x0, x1) of r are not the same
 * lines: most of those of one side (two at least) fall between the lines
 * of the other, of which there are two at least. Then the sides are two
 * columns (a sidebar beside an article), not the halves of the lines of
 * one paragraph, nor a heading's number beside its words.
 */
static int
lines_apart(const struct bimg *b, struct rect r, int x0, int x1)
{
	struct rect *lv, *rv;
	size_t nl = bands(b, (struct rect){ r.x0, r.y0, x0, r.y1 }, &lv);
	size_t nr = bands(b, (struct rect){ x1, r.y0, r.x1, r.y1 }, &rv);
	size_t bl = between(lv, nl, rv, nr), br = between(rv, nr, lv, nl);
	int apart = nl >= 2 && nr >= 2 && ((bl >= 2 && 2 * bl > nl) || (br >= 2 && 2 * br > nr));

	free(lv);
	free(rv);
	return apart;
}

/*
 * The lines beside the blank [x0, x1) of r reach it with a glyph's body:
 * ink down half the line's height at least, within a third of a glyph of
 * the blank. A blank lined up in the lines of one paragraph is beside a
 * punctuation mark in each of them, whose ink fills a corner of its
 * square (a comma's foot, an opening quote's head); a glyph's body has no
 * blank that wide beside it. So it is a gutter when
 *  - two lines at least, and two thirds of those that reach it from both
 *    sides, do so with glyphs on both; or
 *  - three lines at least, and two thirds of those that reach it, do so
 *    with glyphs on both sides or with a glyph on one and nothing on the
 *    other: the edge of a column set flush beside a shorter one (of one
 *    paragraph only its last line ends short, and on a stop).
 * Both sides are four glyphs wide (a key spaced out over its value, 主
 * 办, is no column), six for the edge of a column.
 */
static int
glyphs_flush(const struct bimg *b, struct rect r, int x0, int x1)
{
	struct rect lf = { r.x0, r.y0, x0, r.y1 }, rt = { x1, r.y0, r.x1, r.y1 }, *v;
	int strip = b->cs / 3 > 1 ? b->cs / 3 : 1, wide;
	size_t nv, nboth = 0, ntall = 0, nreach = 0, nedge = 0;

	if (!xy_trim(b, &lf) || !xy_trim(b, &rt) || lf.x1 - lf.x0 < 4 * b->cs ||
	    rt.x1 - rt.x0 < 4 * b->cs)
		return 0;
	wide = lf.x1 - lf.x0 >= 6 * b->cs && rt.x1 - rt.x0 >= 6 * b->cs;
	nv = bands(b, r, &v);
	for (size_t i = 0; i < nv; i++) {
		struct rect a = { x0 - strip, v[i].y0, x0, v[i].y1 }, c = { x1, v[i].y0, x1 + strip, v[i].y1 };
		struct rect la = { r.x0, v[i].y0, x0, v[i].y1 }, ra = { x1, v[i].y0, r.x1, v[i].y1 };
		int lh = v[i].y1 - v[i].y0, l = xy_trim(b, &a), rr = xy_trim(b, &c);
		int lt = l && 2 * (a.y1 - a.y0) >= lh, rtall = rr && 2 * (c.y1 - c.y0) >= lh;
		nboth += l && rr;
		ntall += lt && rtall;
		nreach += l || rr;
		nedge += (lt && rtall) || (lt && !xy_trim(b, &ra)) || (rtall && !xy_trim(b, &la));
	}
	free(v);
	return (ntall >= 2 && 3 * ntall >= 2 * nboth) ||
	    (wide && nedge >= 3 && 3 * nedge >= 2 * nreach);
}

/* [x0, x1) and the blank of g overlap by half the narrower of them */
static int
lines_up(int x0, int x1, struct rect g)
{
	int o = (x1 < g.x1 ? x1 : g.x1) - (x0 > g.x0 ? x0 : g.x0);
	int w = x1 - x0 < g.x1 - g.x0 ? x1 - x0 : g.x1 - g.x0;

	return o > 0 && 2 * o >= w;
}

/* the blank [x0, x1) of r lines up with one of v in other rows (any rows: all) */
static int
lined_up(const struct rects *v, struct rect r, int x0, int x1, int all)
{
	for (size_t i = 0; v && i < v->n; i++) {
		struct rect g = v->r[i];
		if ((all || g.y1 <= r.y0 || g.y0 >= r.y1) && lines_up(x0, x1, g))
			return 1;
	}
	return 0;
}

/*
 * Whether the blank [x0, x1) of a region r of few lines is a gutter. A
 * blank lined up over a few lines of one paragraph is after a full-width
 * comma or stop, or before an opening quote, at most 1.4 em wide (a comma
 * and an opening quote side by side), about 1.5 glyph heights. So a
 * gutter is two glyph heights wide, or the lines on its two sides are not
 * the same lines, or it is PUNCT_GAP wide between three lines or more
 * that reach it from both sides (not a heading's number and its words,
 * nor a caption beside another); or it lines up with the page's column
 * grid and two lines reach it. *sure: it is a gutter of the page's column
 * grid (not only on it). A blank MAYBE_GAP wide between three lines
 * that lines up with a blank of other rows that two lines reach is a
 * gutter, and so is that blank.
 */
int
xy_few_lines_gutter(const struct bimg *b, struct rect r, int x0, int x1, int *sure)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, *p, nl = 0, one = 0, grid;

	*sure = 1;
	if (x1 - x0 >= 2 * b->cs || lines_apart(b, r, x0, x1) || glyphs_flush(b, r, x0, x1))
		return 1;
	*sure = 0;
	/* on the page's column grid, or lined up with a blank that may be a gutter */
	grid = !b->gridrec && (lined_up(b->grid, r, x0, x1, 1) || lined_up(b->maybe, r, x0, x1, 0));
	if (x1 - x0 < MAYBE_GAP(b->cs) && !grid && !b->gridrec)
		return 0;
	p = xmalloc((size_t)h * sizeof *p);
	xy_rowprof(b, r, p);
	for (int y = 0, s, e; xy_nextband(p, h, tol, 2, &y, &s, &e);) {
		struct rect a = { r.x0, r.y0 + s, x0, r.y0 + e }, c = { x1, r.y0 + s, r.x1, r.y0 + e };
		if (e - s < b->cs / 2)
			continue;
		/* a short line or an indent does not reach the blank */
		int left = xy_trim(b, &a) && a.x1 >= x0 - b->cs, right = xy_trim(b, &c) && c.x0 <= x1 + b->cs;
		nl += left && right;
		one += left || right;
	}
	free(p);
	/* on the grid, a column may be shorter than the one beside it */
	if (grid && one >= 2)
		return 1;
	*sure = nl >= 3 && x1 - x0 >= PUNCT_GAP(b->cs);
	if (*sure)
		return 1;
	/*
	 * Wider than a comma and an opening quote side by side, between three
	 * lines: a gutter when a blank of other rows lines up with it, as the
	 * gutters of two short sections on one grid do (lines of a paragraph
	 * lined up at such punctuation, and again elsewhere in the same
	 * place, are rare).
	 */
	if (nl >= 3 && x1 - x0 >= MAYBE_GAP(b->cs)) {
		if (b->gridrec && b->maybe)
			rects_add(b->maybe, x0, r.y0, x1, r.y1);
		if (!b->gridrec && lined_up(b->cand, r, x0, x1, 0))
			return 1;
	}
	if (one >= 2 && b->gridrec && b->cand)
		rects_add(b->cand, x0, r.y0, x1, r.y1);
	return 0;
}
