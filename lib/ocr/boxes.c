/*
 * Boxed sidebars: an article set inside a frame of four rules, beside
 * other columns. Left in the page, the frame's sides are blanked as rules
 * and its text joins the columns beside it into one block, read line by
 * line across the frame. So each frame is a layout unit: its area is
 * taken out of the page before the page is laid out, its inside is laid
 * out on its own, and its blocks are read after the columns beside it
 * (or before those on its right, as a column of the band it stands in).
 * A ruled table is a frame too, but with rules inside its text: it is
 * left to the table reader. A frame round figures set in rows without
 * rules is a unit too, but its rows are read across it, as one block.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define RULE_GLYPHS	4	/* a rule is longer than this many glyphs; a stroke is shorter */
#define SIDE_COVER	75	/* percent of a side of the frame its rule covers at least */
#define MIN_W		8	/* glyphs: a frame narrower holds no article */
#define MIN_H		4	/* glyphs */
#define MAX_AREA	50	/* percent of the page: a frame this big is the page's own */
#define MAX_INK		35	/* percent of the inside inked: more is a fill or a picture */
#define MIN_LINES	2	/* a box holds a title and text, or a paragraph */
#define RUN_GLYPHS	5	/* glyphs: a line of running text has a run this long; a row of figures not */
#define PANEL_EDGE	2	/* pixels inside a tint's edge that are its blur */

static PIX *
topix(const struct bimg *b)
{
	PIX *p = pixCreate(b->w, b->h, 1);

	if (!p)
		return NULL;
	l_uint32 *d = pixGetData(p);
	int wpl = pixGetWpl(p);
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++)
			if (b->p[(size_t)y * b->w + x])
				SET_DATA_BIT(d + y * wpl, x);
	return p;
}

/*
 * Percent of [a0, a1) along a side (x when across, else y) with ink of m
 * in the strip [b0, b1) across it; the strip may reach off m. A frame's
 * rules here, a panel's edges in panels.c.
 */
int
ocr_cover(PIX *m, int across, int a0, int a1, int b0, int b1)
{
	int w = pixGetWidth(m), h = pixGetHeight(m), wpl = pixGetWpl(m), n = 0;
	l_uint32 *d = pixGetData(m);

	for (int a = a0; a < a1; a++)
		for (int b = b0; b < b1; b++) {
			int x = across ? a : b, y = across ? b : a;
			if (x >= 0 && y >= 0 && x < w && y < h && GET_DATA_BIT(d + y * wpl, x)) {
				n++;
				break;
			}
		}
	return a1 > a0 ? 100 * n / (a1 - a0) : 0;
}

/* the longest run of ink across the rows [y0, y1) of r in t, gaps under a glyph bridged */
static int
longest_run(PIX *t, struct rect r, int y0, int y1, int cs)
{
	l_uint32 *d = pixGetData(t);
	int wpl = pixGetWpl(t), best = 0, start = -1, last = -1;

	for (int x = r.x0; x < r.x1; x++) {
		int ink = 0;
		for (int y = y0; y < y1 && !ink; y++)
			ink = GET_DATA_BIT(d + y * wpl, x);
		if (!ink)
			continue;
		if (start < 0 || x - last > cs)
			start = x;
		last = x;
		if (x + 1 - start > best)
			best = x + 1 - start;
	}
	return best;
}

/*
 * Rows of text in r of the inside t (bands of ink half a glyph tall or
 * more); *running: how many of them are a line of running text, a run of
 * RUN_GLYPHS glyphs and more with no gap of a glyph (a table's row is
 * cells apart).
 */
static int
nlines(PIX *t, struct rect r, int cs, int *running)
{
	l_uint32 *d = pixGetData(t);
	int wpl = pixGetWpl(t), n = 0, run = 0;

	*running = 0;
	for (int y = r.y0; y <= r.y1; y++) {
		int ink = 0;
		for (int x = r.x0; y < r.y1 && x < r.x1 && !ink; x++)
			ink = GET_DATA_BIT(d + y * wpl, x);
		if (ink)
			run++;
		else {
			if (run >= cs / 2) {
				n++;
				*running += longest_run(t, r, y - run, y, cs) >= RUN_GLYPHS * cs;
			}
			run = 0;
		}
	}
	return n;
}

/*
 * Rules inside the text of a frame: a vertical one half the text's height
 * or two horizontal ones half its width make it a table (or columns ruled
 * apart), not a box of paragraphs. A box may have one under its title.
 */
static int
ruled_inside(PIX *h, PIX *v, struct rect c)
{
	BOX *bx = boxCreate(c.x0 + 2, c.y0 + 2, c.x1 - c.x0 - 4, c.y1 - c.y0 - 4);
	PIX *ch = bx ? pixClipRectangle(h, bx, NULL) : NULL, *cv = bx ? pixClipRectangle(v, bx, NULL) : NULL;
	BOXA *bh = ch ? pixConnCompBB(ch, 8) : NULL, *bv = cv ? pixConnCompBB(cv, 8) : NULL;
	int nh = 0, nv = 0;

	for (int i = 0; bh && i < boxaGetCount(bh); i++) {
		int w;
		boxaGetBoxGeometry(bh, i, NULL, NULL, &w, NULL);
		nh += 2 * w >= c.x1 - c.x0;
	}
	for (int i = 0; bv && i < boxaGetCount(bv); i++) {
		int hh;
		boxaGetBoxGeometry(bv, i, NULL, NULL, NULL, &hh);
		nv += 2 * hh >= c.y1 - c.y0;
	}
	boxaDestroy(&bh);
	boxaDestroy(&bv);
	pixDestroy(&ch);
	pixDestroy(&cv);
	boxDestroy(&bx);
	return nv > 0 || nh >= 2;
}

/*
 * The inside of the frame r, its rules and t pixels inward left out (what
 * a scanned rule leaves beside its straight run), as a page of its own.
 */
static void
inside(const struct bimg *b, PIX *text, struct rect r, int t, struct bimg *in)
{
	l_uint32 *d = pixGetData(text);
	int wpl = pixGetWpl(text);

	*in = *b;
	in->w = r.x1 - r.x0;
	in->h = r.y1 - r.y0;
	in->p = xcalloc((size_t)in->w * in->h, 1);
	in->panels = (struct rects){ 0 };
	for (int y = r.y0 + t; y < r.y1 - t; y++)
		for (int x = r.x0 + t; x < r.x1 - t; x++)
			in->p[(size_t)(y - r.y0) * in->w + x - r.x0] = GET_DATA_BIT(d + y * wpl, x) != 0;
}

/*
 * Whether r, a frame's or a panel's outline, holds an article: the extent
 * of its text in *c, and *figures when most of its lines are no running
 * text (a table of figures set in the frame without rules). A frame is
 * also the bounding box of connected rules, its four sides; see isframe().
 */
static int
holds_article(const struct bimg *b, PIX *h, PIX *v, PIX *text, struct rect r, int t,
    struct rect *c, int *figures)
{
	int w = r.x1 - r.x0, hh = r.y1 - r.y0;
	l_int32 ink = 0;

	if (w < MIN_W * b->cs || hh < MIN_H * b->cs ||
	    100LL * w * hh > (long long)MAX_AREA * b->w * b->h)
		return 0;
	BOX *bx = boxCreate(r.x0 + t, r.y0 + t, w - 2 * t, hh - 2 * t), *tb = NULL;
	PIX *tp = bx ? pixClipRectangle(text, bx, NULL) : NULL;
	int ok = tp && pixCountPixels(tp, &ink, NULL) == 0 &&
	    100LL * ink < (long long)MAX_INK * (w - 2 * t) * (hh - 2 * t) &&
	    pixClipToForeground(tp, NULL, &tb) == 0 && tb;
	if (ok) {
		int x, y, tw, th;
		boxGetGeometry(tb, &x, &y, &tw, &th);
		*c = (struct rect){ r.x0 + t + x, r.y0 + t + y, r.x0 + t + x + tw, r.y0 + t + y + th };
		int nrun, nl = nlines(text, *c, b->cs, &nrun);
		ok = nl >= MIN_LINES && !ruled_inside(h, v, *c);
		*figures = 2 * nrun < nl;
	}
	boxDestroy(&tb);
	boxDestroy(&bx);
	pixDestroy(&tp);
	return ok;
}

static int
isframe(const struct bimg *b, PIX *h, PIX *v, PIX *text, struct rect r, int t, struct rect *c,
    int *figures)
{
	if (ocr_cover(h, 1, r.x0, r.x1, r.y0, r.y0 + t) < SIDE_COVER ||
	    ocr_cover(h, 1, r.x0, r.x1, r.y1 - t, r.y1) < SIDE_COVER ||
	    ocr_cover(v, 0, r.y0, r.y1, r.x0, r.x0 + t) < SIDE_COVER ||
	    ocr_cover(v, 0, r.y0, r.y1, r.x1 - t, r.x1) < SIDE_COVER)
		return 0;
	return holds_article(b, h, v, text, r, t, c, figures);
}

/*
 * Whether text (no rules) stands beside r, on its left or right, over two
 * glyphs of its height at least. A panel across the page (or the column it is set
 * in) has none to be joined with: it is a band of the page, laid out on
 * the page's column grid.
 */
static int
beside(const struct bimg *b, PIX *text, struct rect r)
{
	l_uint32 *d = pixGetData(text);
	int wpl = pixGetWpl(text), n = 0, gap = b->cs;

	for (int y = r.y0; y < r.y1; y++) {
		int ink = 0;
		for (int x = 0; x < r.x0 - gap && !ink; x++)
			ink = GET_DATA_BIT(d + y * wpl, x);
		for (int x = r.x1 + gap; x < b->w && !ink; x++)
			ink = GET_DATA_BIT(d + y * wpl, x);
		n += ink;
	}
	return n >= 2 * b->cs;
}

static int
overlaps(struct rect a, struct rect o)
{
	return a.x0 < o.x1 && o.x0 < a.x1 && a.y0 < o.y1 && o.y0 < a.y1;
}

static int
inrect(struct rect a, struct rect o)
{
	return a.x0 >= o.x0 && a.x1 <= o.x1 && a.y0 >= o.y0 && a.y1 <= o.y1;
}

static int
cmparea(const void *a, const void *b)
{
	const struct rect *p = a, *q = b;
	long long x = (long long)(p->x1 - p->x0) * (p->y1 - p->y0);
	long long y = (long long)(q->x1 - q->x0) * (q->y1 - q->y0);

	return (x < y) - (x > y);
}

/*
 * The frames of b: connected rules (runs of ink RULE_GLYPHS long, across
 * or down) whose bounding box each of the four rules covers nearly whole
 * (a scanned rule breaks, and corners are drawn apart), with a few lines
 * of text inside and no rules among them. A double frame is one: the
 * inner rules lie inside the outer, outside the text. Each frame's inside
 * is kept in bx, and the frame with all it holds is blanked in b.
 */
void
boxes_find(struct bimg *b, struct boxes *bx)
{
	int len = RULE_GLYPHS * b->cs, t = b->cs / 2 > 3 ? b->cs / 2 : 3;
	PIX *p = topix(b), *h = NULL, *v = NULL, *rules = NULL, *text = NULL;
	BOXA *cand = NULL;
	struct rect *cr = NULL;
	int nc = 0;

	memset(bx, 0, sizeof *bx);
	if (!p || !(h = pixOpenBrick(NULL, p, len, 1)) || !(v = pixOpenBrick(NULL, p, 1, len)) ||
	    !(rules = pixOr(NULL, h, v)) || !(text = pixSubtract(NULL, p, rules)))
		goto out;
	/* corners a pixel or two apart still close the frame */
	pixDilateBrick(rules, rules, 3, 3);
	if (!(cand = pixConnCompBB(rules, 8)))
		goto out;
	nc = boxaGetCount(cand);
	cr = xcalloc((size_t)nc + 1, sizeof *cr);
	for (int i = 0; i < nc; i++) {
		int x, y, w, hh;
		boxaGetBoxGeometry(cand, i, &x, &y, &w, &hh);
		cr[i] = (struct rect){ x, y, x + w, y + hh };
	}
	qsort(cr, (size_t)nc, sizeof *cr, cmparea);
	for (int i = 0; i < nc; i++) {
		struct rect c;
		int nested = 0, figures = 0;
		for (size_t j = 0; j < bx->n && !nested; j++)
			nested = inrect(cr[i], bx->b[j].frame);
		if (nested || !isframe(b, h, v, text, cr[i], t, &c, &figures))
			continue;
		bx->b = xreallocarray(bx->b, bx->n + 1, sizeof *bx->b);
		bx->b[bx->n].frame = cr[i];
		bx->b[bx->n].text = c;
		bx->b[bx->n].figures = figures;
		inside(b, text, cr[i], t, &bx->b[bx->n].in);
		bx->n++;
	}
	/*
	 * A shaded panel is a frame with no rules, or rules on some sides:
	 * its outline is the tint's. Where it is also framed the frame serves.
	 */
	for (size_t i = 0; i < b->panels.n; i++) {
		struct rect r = b->panels.r[i], c;
		int clash = 0, figures = 0;
		if (r.x0 < 0) r.x0 = 0;
		if (r.y0 < 0) r.y0 = 0;
		if (r.x1 > b->w) r.x1 = b->w;
		if (r.y1 > b->h) r.y1 = b->h;
		for (size_t j = 0; j < bx->n && !clash; j++)
			clash = overlaps(r, bx->b[j].frame);
		if (clash || !beside(b, text, r) || !holds_article(b, h, v, text, r, PANEL_EDGE, &c, &figures))
			continue;
		bx->b = xreallocarray(bx->b, bx->n + 1, sizeof *bx->b);
		bx->b[bx->n].frame = r;
		bx->b[bx->n].text = c;
		bx->b[bx->n].figures = figures;
		inside(b, text, r, PANEL_EDGE, &bx->b[bx->n].in);
		bx->n++;
	}
	for (size_t j = 0; j < bx->n; j++) {
		struct rect r = bx->b[j].frame;
		for (int y = r.y0; y < r.y1; y++)
			memset(b->p + (size_t)y * b->w + r.x0, 0, (size_t)(r.x1 - r.x0));
	}
out:
	free(b->panels.r);
	b->panels = (struct rects){ 0 };
	free(cr);
	boxaDestroy(&cand);
	pixDestroy(&text);
	pixDestroy(&rules);
	pixDestroy(&v);
	pixDestroy(&h);
	pixDestroy(&p);
}

/* level: more than half the lower of the two side by side */
static int
level(struct rect a, struct rect b)
{
	int y0 = a.y0 > b.y0 ? a.y0 : b.y0, y1 = a.y1 < b.y1 ? a.y1 : b.y1;
	int h = a.y1 - a.y0 < b.y1 - b.y0 ? a.y1 - a.y0 : b.y1 - b.y0;

	return 2 * (y1 - y0) > h;
}

/*
 * Where the blocks of frame f go among the n blocks of blk (the body's,
 * foot[i] 0): as a column of the band it stands in, before the first
 * block level with it on its right, else after the last block level with
 * it (the article beside a sidebar is read first), else before the first
 * block below it.
 */
static size_t
place(const struct rects *blk, const unsigned char *foot, struct rect f, int cs)
{
	size_t last = blk->n, below = blk->n;

	for (size_t i = 0; i < blk->n; i++) {
		struct rect r = blk->r[i];
		if (foot[i])
			continue;
		if (level(r, f)) {
			if (r.x0 >= f.x1 - cs)
				return i;
			last = i;
		} else if (r.y0 >= f.y1 && below == blk->n)
			below = i;
	}
	return last < blk->n ? last + 1 : below;
}

struct part {
	struct rects r;
	int *lone;
	unsigned char *foot;
};

static void
part_add(struct part *p, struct rect r, int lone, unsigned char foot)
{
	rects_add(&p->r, r.x0, r.y0, r.x1, r.y1);
	p->lone = xreallocarray(p->lone, p->r.cap + 1, sizeof *p->lone);
	p->foot = xreallocarray(p->foot, p->r.cap + 1, 1);
	p->lone[p->r.n - 1] = lone;
	p->foot[p->r.n - 1] = foot;
}

/*
 * Takes the frame f out of the blocks of the part p. Its area is blank in
 * the page's layout, but a block may still reach into it: one joined
 * across it from above to below (it keeps what is above and below), or
 * from the columns on either side (it keeps the sides, and what is above
 * and below). A block wholly inside goes; where the first one stood is
 * returned, else -1.
 */
static long
take_out(struct part *p, struct rect f, int cs)
{
	struct part q = { 0 };
	struct rect g = { f.x0 - 2, f.y0 - 2, f.x1 + 2, f.y1 + 2 };
	long at = -1;

	for (size_t i = 0; i < p->r.n; i++) {
		struct rect r = p->r.r[i];
		int lone = p->lone[i], ft = p->foot[i];
		if (inrect(r, g)) {
			if (at < 0)
				at = (long)q.r.n;
			continue;
		}
		if (r.x0 >= f.x1 || r.x1 <= f.x0 || r.y0 >= f.y1 || r.y1 <= f.y0) {
			part_add(&q, r, lone, ft);
			continue;
		}
		if (r.x0 >= f.x0 - cs && r.x1 <= f.x1 + cs) {
			if (r.y0 < f.y0)
				part_add(&q, (struct rect){ r.x0, r.y0, r.x1, f.y0 }, lone, ft);
			if (at < 0)
				at = (long)q.r.n;
			if (r.y1 > f.y1)
				part_add(&q, (struct rect){ r.x0, f.y1, r.x1, r.y1 }, lone, ft);
		} else {
			/* read across the frame: above it, beside it, below it */
			int y0 = r.y0 > f.y0 ? r.y0 : f.y0, y1 = r.y1 < f.y1 ? r.y1 : f.y1;
			if (r.y0 < f.y0)
				part_add(&q, (struct rect){ r.x0, r.y0, r.x1, f.y0 }, lone, ft);
			if (r.x0 < f.x0)
				part_add(&q, (struct rect){ r.x0, y0, f.x0, y1 }, lone, ft);
			if (r.x1 > f.x1)
				part_add(&q, (struct rect){ f.x1, y0, r.x1, y1 }, lone, ft);
			if (r.y1 > f.y1)
				part_add(&q, (struct rect){ r.x0, f.y1, r.x1, r.y1 }, lone, ft);
		}
	}
	free(p->r.r);
	free(p->lone);
	free(p->foot);
	*p = q;
	return at;
}

/*
 * Lays out the inside of each frame of bx that stands in the part [x0, x1)
 * of the page (out, lone, foot: the part's blocks as lay made them, in its
 * own pixels) and puts its blocks among the part's, see place(). The
 * inside is read as a page of its own; nothing of it is the page's foot.
 */
void
boxes_place(struct boxes *bx, int x0, int x1, boxes_layout_fn lay, struct rects *out, int **lone,
    unsigned char **foot)
{
	struct part p = { *out, *lone, *foot };

	for (size_t k = 0; k < bx->n; k++) {
		struct rect f = bx->b[k].frame;
		struct rects in = { 0 };
		int *il = NULL, cs = bx->b[k].in.cs;
		unsigned char *ifoot = NULL;
		if ((f.x0 + f.x1) / 2 < x0 || (f.x0 + f.x1) / 2 >= x1)
			continue;
		f.x0 -= x0;
		f.x1 -= x0;
		long at = take_out(&p, f, cs);
		if (bx->b[k].figures) {
			/* its rows are read across it, as one block */
			struct rect c = bx->b[k].text;
			rects_add(&in, c.x0 - bx->b[k].frame.x0, c.y0 - f.y0, c.x1 - bx->b[k].frame.x0,
			    c.y1 - f.y0);
			il = xcalloc(2, sizeof *il);
		} else
			lay(&bx->b[k].in, &in, &il, &ifoot);
		if (at < 0)
			at = (long)place(&p.r, p.foot, f, cs);
		struct part q = { 0 };
		for (size_t i = 0; i <= p.r.n; i++) {
			if ((long)i == at)
				for (size_t j = 0; j < in.n; j++)
					part_add(&q, (struct rect){ in.r[j].x0 + f.x0, in.r[j].y0 + f.y0,
					    in.r[j].x1 + f.x0, in.r[j].y1 + f.y0 }, il[j], 0);
			if (i < p.r.n)
				part_add(&q, p.r.r[i], p.lone[i], p.foot[i]);
		}
		free(p.r.r);
		free(p.lone);
		free(p.foot);
		p = q;
		free(in.r);
		free(il);
		free(ifoot);
	}
	if (!p.lone) {
		p.lone = xcalloc(1, sizeof *p.lone);
		p.foot = xcalloc(1, 1);
	}
	*out = p.r;
	*lone = p.lone;
	*foot = p.foot;
}

/* whether the rows [y0, y1) of b between x0 and x1 hold a gutter between columns */
static int
has_gutter(const struct bimg *b, int x0, int x1, int y0, int y1)
{
	int tol = (y1 - y0) / 150, s = -1, inked = 0;

	for (int x = x0; x < x1; x++) {
		int n = 0;
		for (int y = y0; y < y1; y++)
			n += b->p[(size_t)y * b->w + x];
		if (n > tol) {
			if (inked && s >= 0 && x - s >= b->gmin)
				return 1;
			inked = 1;
			s = -1;
		} else if (s < 0)
			s = x;
	}
	return 0;
}

/*
 * Whether the area r of b is a framed sidebar and the columns beside it,
 * which Tesseract's layout analysis takes for a table (one with no grid,
 * read whole then, the frame's lines run on into the columns'). Only when
 * the columns beside the frame are told apart at a gutter, or are no
 * wider than one: else Tesseract's reading of them serves better.
 */
int
boxes_within(const struct bimg *b, struct rect r)
{
	struct bimg s = *b;
	struct boxes bx;
	int ok = 0;

	if (r.x0 < 0) r.x0 = 0;
	if (r.y0 < 0) r.y0 = 0;
	if (r.x1 > b->w) r.x1 = b->w;
	if (r.y1 > b->h) r.y1 = b->h;
	if (r.x1 - r.x0 < MIN_W * b->cs || r.y1 - r.y0 < MIN_H * b->cs)
		return 0;
	s.w = r.x1 - r.x0;
	s.h = r.y1 - r.y0;
	s.p = xmalloc((size_t)s.w * s.h);
	s.panels = (struct rects){ 0 };
	for (int y = r.y0; y < r.y1; y++)
		memcpy(s.p + (size_t)(y - r.y0) * s.w, b->p + (size_t)y * b->w + r.x0, (size_t)s.w);
	boxes_find(&s, &bx);
	if (bx.n == 1) {
		struct rect f = bx.b[0].frame;
		/* the wider side of the frame: the columns beside it */
		int lw = f.x0, rw = s.w - f.x1, x0 = lw > rw ? 0 : f.x1, x1 = lw > rw ? f.x0 : s.w;
		ok = 2 * (x1 - x0) <= 3 * (f.x1 - f.x0) || has_gutter(&s, x0, x1, f.y0, f.y1);
	}
	boxes_free(&bx);
	free(s.p);
	return ok;
}

void
boxes_free(struct boxes *bx)
{
	for (size_t k = 0; k < bx->n; k++)
		free(bx->b[k].in.p);
	free(bx->b);
	memset(bx, 0, sizeof *bx);
}
