/*
 * Shaded panels: a sidebar set on a tint, with no frame or a frame on
 * some sides only. The layout's black-and-white copy has no trace of
 * the tint, and the panel's lines run on into the columns beside it, as
 * a frameless box's would. The tint is found on the page as lit: with
 * its print closed away the page is paper and tints, flat areas apart
 * from each other by steps of grey. Uneven light changes the paper's
 * grey slowly, a tint's edge is a step: so the panel is found by its
 * edges, straight and long, round a rectangle, and its grey is compared
 * with the paper's just outside each side, where the light is the same.
 * boxes.c then lays the panel out as it does a framed box.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define WORK_CS		6	/* glyph height the tint is looked for at: a page's tints are big */
#define STEP		8	/* grey levels: the least step at a tint's edge */
#define EDGE_GLYPHS	3	/* a tint's edge runs this many glyphs straight at least */
#define SIDE_COVER	60	/* percent of a side of the panel its edge covers at least */
#define TINT_MIN	8	/* grey levels: the panel is this much darker than the paper round it */
#define TINT_MAX	90	/* more and the layout's copy has the tint for ink: no panel to read */
#define FLAT_TOL	12	/* grey levels about the panel's own */
#define FLAT_PART	0.5	/* of the inside: of the tint's own grey (the rest: a title bar) */
#define BAR_STEP	60	/* grey levels under the tint: a title bar's fill */
#define MIN_W		8	/* glyphs */
#define MIN_H		3	/* glyphs */
#define MAX_AREA	50	/* percent of the page */

static int
median_in(PIX *g, int x0, int y0, int x1, int y1, int *m)
{
	int w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g), n = 0;
	l_uint32 *d = pixGetData(g), hist[256] = { 0 };

	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > w ? w : x1;
	y1 = y1 > h ? h : y1;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++, n++)
			hist[GET_DATA_BYTE(d + y * wpl, x)]++;
	if (n == 0)
		return 0;
	for (int i = 0, c = 0; i < 256; i++)
		if ((c += (int)hist[i]) * 2 >= n) {
			*m = i;
			break;
		}
	return n;
}

/* the steps of grey across (vertical edges, dx) or down (dy) g, s pixels each way */
static PIX *
steps(PIX *g, int dx, int dy, int s)
{
	int w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
	PIX *e = pixCreate(w, h, 1);
	l_uint32 *d = pixGetData(g), *ed = e ? pixGetData(e) : NULL;
	int ewpl = e ? pixGetWpl(e) : 0;

	if (!e)
		return NULL;
	for (int y = s * dy; y < h - s * dy; y++)
		for (int x = s * dx; x < w - s * dx; x++) {
			int a = GET_DATA_BYTE(d + (y - s * dy) * wpl, x - s * dx);
			int b = GET_DATA_BYTE(d + (y + s * dy) * wpl, x + s * dx);
			if (abs(a - b) >= STEP)
				SET_DATA_BIT(ed + y * ewpl, x);
		}
	return e;
}

/*
 * Whether the rectangle r of the closed page g (edges h and v) is a
 * panel: its sides are edges, its inside mostly of one grey, and that
 * grey darker than the paper just outside each side within the page.
 */
static int
ispanel(PIX *g, PIX *h, PIX *v, struct rect r, int cs, int *tint)
{
	int w = pixGetWidth(g), hh = pixGetHeight(g), s = 3, in = 0, m = 0, flat = 0;

	if (ocr_cover(h, 1, r.x0, r.x1, r.y0 - s, r.y0 + s) < SIDE_COVER ||
	    ocr_cover(h, 1, r.x0, r.x1, r.y1 - s, r.y1 + s) < SIDE_COVER ||
	    ocr_cover(v, 0, r.y0, r.y1, r.x0 - s, r.x0 + s) < SIDE_COVER ||
	    ocr_cover(v, 0, r.y0, r.y1, r.x1 - s, r.x1 + s) < SIDE_COVER)
		return 0;
	if (!(in = median_in(g, r.x0 + s, r.y0 + s, r.x1 - s, r.y1 - s, &m)))
		return 0;
	l_uint32 *d = pixGetData(g);
	int wpl = pixGetWpl(g);
	for (int y = r.y0 + s; y < r.y1 - s; y++)
		for (int x = r.x0 + s; x < r.x1 - s; x++)
			flat += abs((int)GET_DATA_BYTE(d + y * wpl, x) - m) <= FLAT_TOL;
	if (flat < FLAT_PART * in)
		return 0;
	/* the paper round it: a strip a glyph wide, clear of the edge's blur */
	struct rect out[4] = {
		{ r.x0, r.y0 - s - cs, r.x1, r.y0 - s }, { r.x0, r.y1 + s, r.x1, r.y1 + s + cs },
		{ r.x0 - s - cs, r.y0, r.x0 - s, r.y1 }, { r.x1 + s, r.y0, r.x1 + s + cs, r.y1 },
	};
	int sides = 0;
	for (int i = 0; i < 4; i++) {
		int p = 0;
		if (out[i].x0 < 0 || out[i].y0 < 0 || out[i].x1 > w || out[i].y1 > hh)
			continue;
		median_in(g, out[i].x0, out[i].y0, out[i].x1, out[i].y1, &p);
		if (!median_in(g, out[i].x0, out[i].y0, out[i].x1, out[i].y1, &p) ||
		    p - m < TINT_MIN || p - m > TINT_MAX)
			return 0;
		sides++;
	}
	*tint = m;
	return sides >= 2;
}

/*
 * A title bar across the top or the foot of the panel r of the closed
 * page g, its tint m: rows darker than the tint by a strong step, from
 * its edge inward. Its box in *bar; 0 when there is none.
 */
static int
title_bar(PIX *g, struct rect r, int m, int cs, BOX **bar)
{
	l_uint32 *d = pixGetData(g);
	int wpl = pixGetWpl(g), n = r.y1 - r.y0, w = r.x1 - r.x0, y0 = -1, y1 = -1;
	unsigned char *dark = xcalloc((size_t)n + 1, 1);

	for (int y = r.y0; y < r.y1; y++) {
		int k = 0;
		for (int x = r.x0; x < r.x1; x++)
			k += (int)GET_DATA_BYTE(d + y * wpl, x) < m - BAR_STEP;
		/* its light print is no less light after the closing */
		dark[y - r.y0] = 2 * k >= w;
	}
	/* from the top edge (or the foot), a rule over it or its blur in */
	for (int from = 0; from < 2 && y0 < 0; from++) {
		int y = from ? n - 1 : 0, step = from ? -1 : 1, s = -1;
		for (int i = 0; i < cs && s < 0; i++, y += step)
			if (y >= 0 && y < n && dark[y])
				s = y;
		if (s < 0)
			continue;
		for (y = s; y >= 0 && y < n && dark[y]; y += step)
			;
		y0 = from ? y + 1 : s;
		y1 = from ? s + 1 : y;
	}
	free(dark);
	if (y0 < 0 || y1 - y0 < cs || 2 * (y1 - y0) > n)
		return 0;
	*bar = boxCreate(r.x0, r.y0 + y0, w, y1 - y0);
	return *bar != NULL;
}

/*
 * Where a panel may be: the box of each set of edges that touch (the
 * dilation took two pixels off each side), and, since noise or a rule
 * beyond it may touch a panel's edges too, the rectangle between each two
 * horizontal edges, one over the other, that span the same columns.
 */
static void
candidates(PIX *e, PIX *h, struct rects *cand)
{
	BOXA *ba = pixConnCompBB(e, 8), *hs = pixConnCompBB(h, 8);
	int n = hs ? boxaGetCount(hs) : 0;

	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, w, hh;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &hh);
		rects_add(cand, x + 2, y + 2, x + w - 2, y + hh - 2);
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int ax, ay, aw, ah, bx, by, bw, bh;
			boxaGetBoxGeometry(hs, i, &ax, &ay, &aw, &ah);
			boxaGetBoxGeometry(hs, j, &bx, &by, &bw, &bh);
			int x0 = ax > bx ? ax : bx, x1 = ax + aw < bx + bw ? ax + aw : bx + bw;
			int wide = aw > bw ? aw : bw;
			if (by > ay && 10 * (x1 - x0) >= 9 * wide)
				rects_add(cand, x0, ay + ah / 2, x1, by + bh / 2 + 1);
		}
	boxaDestroy(&hs);
	boxaDestroy(&ba);
}

static int
overlaps(struct rect a, const struct rects *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct rect o = rs->r[i];
		if (a.x0 < o.x1 && o.x0 < a.x1 && a.y0 < o.y1 && o.y0 < a.y1)
			return 1;
	}
	return 0;
}

/*
 * The shaded panels of the page as lit, raw (cs its glyph height), into
 * out, in pixels of raw scaled by tolayout (the layout's); the title bars
 * across their tops (light print on a fill) into bars, in pixels of raw.
 */
void
panels_find(PIX *raw, int cs, double tolayout, struct rects *out, BOXA *bars)
{
	double f = cs > WORK_CS ? (double)WORK_CS / cs : 1;
	int wcs = f < 1 ? WORK_CS : cs;
	PIX *g = NULL, *c = NULL, *h = NULL, *v = NULL, *e = NULL;
	struct rects cand = { 0 }, found = { 0 };
	int k = wcs | 1, len = EDGE_GLYPHS * wcs;

	if (pixGetDepth(raw) != 8 || cs < 4)
		return;
	g = f < 1 ? pixScale(raw, (float)f, (float)f) : pixClone(raw);
	/* the print closed away: paper and tints are left */
	if (!g || !(c = pixCloseGray(g, k, k)))
		goto out;
	if (!(h = steps(c, 0, 1, 2)) || !(v = steps(c, 1, 0, 2)))
		goto out;
	pixOpenBrick(h, h, len, 1);
	pixOpenBrick(v, v, 1, len);
	if (!(e = pixOr(NULL, h, v)))
		goto out;
	pixDilateBrick(e, e, 5, 5);
	candidates(e, h, &cand);
	int pw = pixGetWidth(c), ph = pixGetHeight(c);
	for (size_t i = 0; i < cand.n; i++) {
		struct rect r = cand.r[i];
		int tint = 0;
		if (r.x1 - r.x0 < MIN_W * wcs || r.y1 - r.y0 < MIN_H * wcs ||
		    100LL * (r.x1 - r.x0) * (r.y1 - r.y0) > (long long)MAX_AREA * pw * ph ||
		    overlaps(r, &found) || !ispanel(c, h, v, r, wcs, &tint))
			continue;
		rects_add(&found, r.x0, r.y0, r.x1, r.y1);
		double z = tolayout / f;
		rects_add(out, (int)(r.x0 * z), (int)(r.y0 * z), (int)(r.x1 * z), (int)(r.y1 * z));
		BOX *bar = NULL;
		if (title_bar(c, r, tint, wcs, &bar)) {
			boxaAddBox(bars, boxCreate((int)(bar->x / f), (int)(bar->y / f), (int)(bar->w / f + 1),
			    (int)(bar->h / f + 1)), L_INSERT);
			boxDestroy(&bar);
		}
	}
out:
	free(cand.r);
	free(found.r);
	pixDestroy(&e);
	pixDestroy(&v);
	pixDestroy(&h);
	pixDestroy(&c);
	pixDestroy(&g);
}
