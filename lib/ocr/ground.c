/*
 * What the image finders boxed, looked at again before it is left out:
 * print on a ground (a masthead's banner, a title bar, a section label:
 * light print on a colour or dark fill, or dark print on a tint) is read,
 * brought to dark print on white paper; a photo stays out, but only its
 * own rectangle: the caption under or over it is given back to the text.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define GROUND_PART	0.3	/* of the box: the ground of print in one piece */
#define GROUND_SHARE	0.45	/* of its box: a ground is most of it */
#define GROUND_CONF	50	/* mean confidence: print read off a ground; a photo reads nothing, 0 */
#define GROUND_SD	12	/* grey levels: a fill is flat (as lit), a photo or a chart's fills are not */
#define GROUND_CONTRAST	60	/* grey levels between the ground and its print */
#define GLYPH_MAX	8	/* body glyphs: a masthead's title is up to this tall */
#define GLYPH_HOLES	12	/* a QR code's modules make more holes than any glyph's */
#define GLYPH_FILL	0.7	/* of its box: a glyph's strokes, blurred; a disc fills 0.79 */
#define GLYPH_SHARE	0.4	/* of the print: in glyphs (a QR code or a logo beside them) */
#define PAPER_TINT	24	/* grey levels under the paper: not paper */
#define PHOTO_ROWS	0.5	/* of a row: not paper, in a photo's row */
#define BLANK		0.02	/* of a row: not paper, in a blank row (specks) */

/* near: on the same rows, close enough to be one thing (a title split in two boxes) */
static int
near(BOX *a, BOX *b, int cs)
{
	int ax, ay, aw, ah, bx, by, bw, bh;

	boxGetGeometry(a, &ax, &ay, &aw, &ah);
	boxGetGeometry(b, &bx, &by, &bw, &bh);
	int gapx = ax > bx + bw ? ax - bx - bw : bx > ax + aw ? bx - ax - aw : 0;
	int gapy = ay > by + bh ? ay - by - bh : by > ay + ah ? by - ay - ah : 0;
	int ov = (ay + ah < by + bh ? ay + ah : by + bh) - (ay > by ? ay : by);
	int least = ah < bh ? ah : bh;

	if (gapx == 0 && gapy == 0) {
		/* overlapping: the same thing boxed twice, or touching boxes */
		int ovx = (ax + aw < bx + bw ? ax + aw : bx + bw) - (ax > bx ? ax : bx);
		return ovx > 0 && ov > 0;
	}
	/* a title's glyphs are set further apart than the body's */
	return gapy == 0 && ((gapx < cs && 2 * ov >= least) ||
	    (gapx < 3 * cs && abs(ay - by) < cs / 2 && abs(ay + ah - by - bh) < cs / 2));
}

/* boxes found twice (by Tesseract and by our own finders), or cut in two, as one */
static void
merge(BOXA *images, int cs)
{
	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < boxaGetCount(images) && !again; i++)
			for (int j = i + 1; j < boxaGetCount(images) && !again; j++) {
				BOX *a = boxaGetBox(images, i, L_CLONE), *b = boxaGetBox(images, j, L_CLONE);
				if (near(a, b, cs)) {
					boxaReplaceBox(images, i, boxBoundingRegion(a, b));
					boxaRemoveBox(images, j);
					again = 1;
				}
				boxDestroy(&a);
				boxDestroy(&b);
			}
	}
}

static int
cmpdbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median_of(double *v, int n)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmpdbl);
	return v[n / 2];
}

static int
holes(PIX *comp)
{
	PIX *h = pixHolesByFilling(comp, 4);
	l_int32 n = 0;

	if (h)
		pixCountConnComp(h, 4, &n);
	pixDestroy(&h);
	return n;
}

/*
 * Whether the region g (8 bpp) is print on a flat ground: one side of
 * its threshold is most of it and flat, and the other side is glyphs,
 * each at most GLYPH_MAX body glyphs tall, not filled like a disc, not
 * riddled like a QR code. *print gets the glyphs, *ground and *ink their
 * grey levels.
 */
static int
on_ground(PIX *g, int cs, PIX **print, PIX **other, int *ground, int *ink, struct buf *prof)
{
	int w = pixGetWidth(g), h = pixGetHeight(g), t = ocr_otsu(g), ret = 0;
	PIX *dark = pixConvertTo1(g, t), *pr = NULL, *gr = NULL, *ge = NULL;
	BOXA *ba = NULL;
	PIXA *pa = NULL;
	l_int32 nd = 0;
	l_float32 sd = 0, gm = 0, pm = 0;
	double all = 0, inglyph = 0;
	int nglyph = 0, big = GLYPH_MAX * cs;

	*print = *other = NULL;
	if (!dark || pixCountPixels(dark, &nd, NULL))
		goto out;
	int darkground = 2 * (double)nd > (double)w * h;
	pr = darkground ? pixInvert(NULL, dark) : pixClone(dark);
	gr = darkground ? pixClone(dark) : pixInvert(NULL, dark);
	/* the blurred edges of the print are neither */
	ge = pixErodeBrick(NULL, gr, 5, 5);
	l_int32 ng = 0;
	if (!ge || pixCountPixels(ge, &ng, NULL) || ng < GROUND_SHARE * w * h ||
	    pixGetAverageMasked(g, ge, 0, 0, 1, L_STANDARD_DEVIATION, &sd) ||
	    pixGetAverageMasked(g, ge, 0, 0, 1, L_MEAN_ABSVAL, &gm) ||
	    pixGetAverageMasked(g, pr, 0, 0, 1, L_MEAN_ABSVAL, &pm))
		goto out;
	if (prof)
		buf_printf(prof, "    ground %s %.0f sd %.1f share %.2f print %.0f",
		    darkground ? "dark" : "light", gm, sd, (double)ng / ((double)w * h), pm);
	if (sd > GROUND_SD || abs((int)gm - (int)pm) < GROUND_CONTRAST ||
	    !(ba = pixConnComp(pr, &pa, 8)))
		goto out;
	*print = pixCreate(w, h, 1);
	int nfill = 0;
	double *fill = xcalloc((size_t)boxaGetCount(ba) + 1, sizeof *fill);
	for (int i = 0; i < boxaGetCount(ba); i++) {
		int x, y, cw, ch;
		l_int32 n = 0;
		PIX *c = pixaGetPix(pa, i, L_CLONE);
		boxaGetBoxGeometry(ba, i, &x, &y, &cw, &ch);
		pixCountPixels(c, &n, NULL);
		all += n;
		if (cw <= big && ch <= big && (cw < 2 * cs || ch < 2 * cs ||
		    (n < GLYPH_FILL * cw * ch && holes(c) <= GLYPH_HOLES))) {
			inglyph += n;
			nglyph += 2 * ch >= cs;
			if (2 * ch >= cs && 2 * cw >= cs)
				fill[nfill++] = (double)n / ((double)cw * ch);
			pixRasterop(*print, x, y, cw, ch, PIX_SRC | PIX_DST, c, 0, 0);
		}
		pixDestroy(&c);
	}
	double mfill = median_of(fill, nfill);
	free(fill);
	if (prof)
		buf_printf(prof, " glyphs %d share %.2f fill %.2f", nglyph, all > 0 ? inglyph / all : 0,
		    mfill);
	ret = nglyph >= 2 && inglyph >= GLYPH_SHARE * all && mfill <= GLYPH_FILL;
	*ground = (int)gm;
	*ink = (int)pm;
	*other = pixSubtract(NULL, pr, *print);
out:
	if (prof)
		buf_printf(prof, "%s\n", ret ? ": print" : "");
	if (!ret) {
		pixDestroy(print);
		pixDestroy(other);
	}
	boxaDestroy(&ba);
	pixaDestroy(&pa);
	pixDestroy(&ge);
	pixDestroy(&gr);
	pixDestroy(&pr);
	pixDestroy(&dark);
	return ret;
}

/*
 * The ground g made white paper and the print on it grey, stretched from
 * the ground (white) to the ink (black): light print is then dark print,
 * as the model reads it. What is no glyph (other: a QR code, a frame)
 * is made paper too; the faint strokes of small print are kept.
 */
static PIX *
patch_of(PIX *g, PIX *other, int ground, int ink)
{
	int w = pixGetWidth(g), h = pixGetHeight(g), gwpl = pixGetWpl(g);
	PIX *near = pixDilateBrick(NULL, other, 5, 5), *out = pixCreate(w, h, 8);
	l_uint32 *gd = pixGetData(g), *nd, *od;
	int mwpl, owpl;

	if (!near || !out) {
		pixDestroy(&near);
		pixDestroy(&out);
		return NULL;
	}
	nd = pixGetData(near);
	mwpl = pixGetWpl(near);
	od = pixGetData(out);
	owpl = pixGetWpl(out);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int v = 255;
			if (!GET_DATA_BIT(nd + y * mwpl, x)) {
				int s = GET_DATA_BYTE(gd + y * gwpl, x);
				v = 255 * (s - ink) / (ground - ink);
				v = v < 0 ? 0 : v > 255 ? 255 : v;
			}
			SET_DATA_BYTE(od + y * owpl, x, v);
		}
	pixDestroy(&near);
	return out;
}

/*
 * The glyphs of print (at x0, y0 of the page) into the layout b, which is
 * the page scaled by 1/k.
 */
static void
to_layout(struct bimg *b, double k, PIX *print, int x0, int y0)
{
	int w = pixGetWidth(print), h = pixGetHeight(print), mwpl = pixGetWpl(print);
	l_uint32 *md = pixGetData(print);
	int bx0 = (int)(x0 / k), by0 = (int)(y0 / k), bx1 = (int)((x0 + w) / k), by1 = (int)((y0 + h) / k);

	for (int y = by0; y < by1 && y < b->h; y++)
		for (int x = bx0; x < bx1 && x < b->w; x++) {
			/* the page's pixels under this one of the layout: one at least */
			int px0 = (int)(x * k) - x0, py0 = (int)(y * k) - y0, set = 0;
			int px1 = (int)((x + 1) * k) - x0, py1 = (int)((y + 1) * k) - y0;
			px1 = px1 > px0 ? px1 : px0 + 1;
			py1 = py1 > py0 ? py1 : py0 + 1;
			for (int yy = py0; yy < py1 && yy < h && !set; yy++)
				for (int xx = px0; xx < px1 && xx < w && !set; xx++)
					set = xx >= 0 && yy >= 0 && GET_DATA_BIT(md + yy * mwpl, xx);
			b->p[(size_t)y * b->w + x] = (unsigned char)set;
		}
	/*
	 * A banner across the page ends a band, as if ruled below: the line
	 * under a masthead is not read beside its title. (Ruled above too, it
	 * would be a band between two rules, which the layout takes for a
	 * table when its lines are short.)
	 */
	if (10 * (bx1 - bx0) >= 4 * b->w && by1 - 1 >= 0 && by1 - 1 < b->h)
		for (int x = bx0; x < bx1 && x < b->w; x++)
			b->p[(size_t)(by1 - 1) * b->w + x] = 1;
}

/*
 * The ground of the region g: the biggest piece of the side of its
 * threshold that is most of it, eroded (the blurred edges of print are
 * neither side). Its box, in g; 0 when it is not a good part of g (a
 * photo has no one ground).
 */
static int
ground_box(PIX *g, int *x, int *y, int *w, int *h)
{
	int gw = pixGetWidth(g), gh = pixGetHeight(g), ret = 0;
	PIX *dark = pixConvertTo1(g, ocr_otsu(g)), *side = NULL, *er = NULL;
	BOXA *ba = NULL;
	l_int32 nd = 0;
	double best = 0;

	if (!dark || pixCountPixels(dark, &nd, NULL))
		goto out;
	side = 2 * (double)nd > (double)gw * gh ? pixClone(dark) : pixInvert(NULL, dark);
	if (!(er = pixErodeBrick(NULL, side, 5, 5)) || !(ba = pixConnCompBB(er, 8)))
		goto out;
	for (int i = 0; i < boxaGetCount(ba); i++) {
		int bx, by, bw, bh;
		boxaGetBoxGeometry(ba, i, &bx, &by, &bw, &bh);
		if ((double)bw * bh > best) {
			best = (double)bw * bh;
			/* the erosion took two pixels off each side */
			*x = bx > 2 ? bx - 2 : 0;
			*y = by > 2 ? by - 2 : 0;
			*w = bx + bw + 2 < gw ? bx + bw + 2 - *x : gw - *x;
			*h = by + bh + 2 < gh ? by + bh + 2 - *y : gh - *y;
		}
	}
	ret = best >= GROUND_PART * gw * gh;
out:
	boxaDestroy(&ba);
	pixDestroy(&er);
	pixDestroy(&side);
	pixDestroy(&dark);
	return ret;
}

/*
 * The box (x, y, w, h) of the page as read, in the page as lit, raw, of
 * which the page as read is scaled by sc. Normalising the background
 * takes a banner's fill for paper and washes out the print on it.
 */
static PIX *
as_lit(PIX *raw, double sc, int x, int y, int w, int h)
{
	BOX *bx = boxCreate((int)(x / sc), (int)(y / sc), (int)(w / sc + 0.5), (int)(h / sc + 0.5));
	PIX *c = bx ? pixClipRectangle(raw, bx, NULL) : NULL, *s = NULL;

	if (c && pixGetDepth(c) == 8)
		s = sc == 1 && pixGetWidth(c) == w && pixGetHeight(c) == h ? pixClone(c) :
		    pixScaleToSize(c, w, h);
	pixDestroy(&c);
	boxDestroy(&bx);
	return s;
}

/* what Tesseract makes of the patch: its mean confidence */
static int
readable(TessBaseAPI *api, PIX *patch)
{
	pixSetResolution(patch, 300, 300);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPISetVariable(api, "tessedit_do_invert", "0");
	TessBaseAPISetImage2(api, patch);
	int conf = TessBaseAPIMeanTextConf(api);
	TessBaseAPIClear(api);
	return conf;
}

/*
 * Box bx of images, print on a ground that is part of it: the ground is
 * repainted in pix and the layout and read as text; what of the box lies
 * beside it (a QR code on the paper by a banner) stays an image. 0 when
 * it is no print on a ground.
 */
static int
read_ground(TessBaseAPI *api, PIX *pix, PIX *raw, double sc, struct bimg *b, double k, int cs,
    BOXA *images, int i, struct buf *prof)
{
	BOX *bx = boxaGetBox(images, i, L_COPY), *gb = NULL;
	PIX *g = NULL, *gg = NULL, *print = NULL, *other = NULL, *patch = NULL;
	int x = 0, y = 0, w = 0, h = 0, x0, y0, bw, bh, ground, ink, ret = 0, conf = -1;

	boxGetGeometry(bx, &x0, &y0, &bw, &bh);
	if (!(g = as_lit(raw, sc, x0, y0, bw, bh)) || !ground_box(g, &x, &y, &w, &h))
		goto out;
	gb = boxCreate(x, y, w, h);
	if (!(gg = pixClipRectangle(g, gb, NULL)) ||
	    !on_ground(gg, cs, &print, &other, &ground, &ink, prof) ||
	    !(patch = patch_of(gg, other, ground, ink)) || (conf = readable(api, patch)) < GROUND_CONF)
		goto out;
	/* the blurred edge of the fill round its box goes with it */
	int m = cs / 4 + 2;
	BOX *edge = boxCreate(x0 + x - m, y0 + y - m, w + 2 * m, h + 2 * m), *ce;
	if (edge && (ce = boxClipToRectangle(edge, pixGetWidth(pix), pixGetHeight(pix)))) {
		BOXA *one = boxaCreate(1);
		pixSetInRect(pix, ce);
		boxaAddBox(one, ce, L_INSERT);
		xy_paint(b, one, 1 / k, 0);
		boxaDestroy(&one);
	}
	boxDestroy(&edge);
	pixRasterop(pix, x0 + x, y0 + y, w, h, PIX_SRC, patch, 0, 0);
	to_layout(b, k, print, x0 + x, y0 + y);
	boxaRemoveBox(images, i);
	/*
	 * The rest of the box beside the ground stays out, where the ground
	 * spans its height (a QR code beside a banner); what is over or under
	 * it is a line of text or paper the finder took in with it.
	 */
	if (2 * h >= bh) {
		if (x >= cs)
			boxaAddBox(images, boxCreate(x0, y0, x, bh), L_INSERT);
		if (bw - x - w >= cs)
			boxaAddBox(images, boxCreate(x0 + x + w, y0, bw - x - w, bh), L_INSERT);
	}
	ret = 1;
out:
	if (prof && conf >= 0)
		buf_printf(prof, "    ground %dx%d+%d+%d read at confidence %d\n", w, h, x0 + x, y0 + y,
		    conf);
	pixDestroy(&patch);
	pixDestroy(&print);
	pixDestroy(&other);
	pixDestroy(&gg);
	pixDestroy(&g);
	boxDestroy(&gb);
	boxDestroy(&bx);
	return ret;
}

/*
 * A photo is a rectangle that is not paper. Its box (Tesseract's cells are
 * a glyph square and more) reaches into the caption under or over it now
 * and then, and a caption is mostly paper between its strokes: the rows
 * and columns at the box's edges that are mostly paper are given back,
 * when a few blank rows (not the one-row gaps of a halftone screen) set
 * them apart from the rest, and the rest is not paper in three rows of
 * four (a chart, with its labels, is mostly paper, and stays as it was).
 */
static int
blank(const int *n, int from, int to, int len, int edge)
{
	int step = to > from ? 1 : -1, run = 0, need = edge / 3 > 2 ? edge / 3 : 2;

	for (int i = from; i != to && abs(i - from) <= edge + need; i += step) {
		run = n[i] <= BLANK * len ? run + 1 : 0;
		if (run >= need)
			return 1;
	}
	return 0;
}

static void
to_photo(PIX *pix, BOX *bx, int paper, int cs)
{
	int edge = cs / 2;	/* the blurred edge of the photo */
	int x0, y0, w, h, wpl = pixGetWpl(pix), t = paper - PAPER_TINT;
	l_uint32 *d = pixGetData(pix);

	boxGetGeometry(bx, &x0, &y0, &w, &h);
	int *row = xcalloc((size_t)h, sizeof *row), *col = xcalloc((size_t)w, sizeof *col);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (GET_DATA_BYTE(d + (y0 + y) * wpl, x0 + x) < t) {
				row[y]++;
				col[x]++;
			}
	int top = 0, bot = h, lf = 0, rt = w, solid = 0;
	while (top < bot && row[top] < PHOTO_ROWS * w)
		top++;
	while (bot > top && row[bot - 1] < PHOTO_ROWS * w)
		bot--;
	while (lf < rt && col[lf] < PHOTO_ROWS * h)
		lf++;
	while (rt > lf && col[rt - 1] < PHOTO_ROWS * h)
		rt--;
	/*
	 * A caption is set apart from its photo by blank paper; what runs on
	 * from the photo's edge without a blank (a roof line against a white
	 * sky) is the photo's.
	 */
	if (top > 0 && !blank(row, top - 1, -1, w, edge))
		top = 0;
	if (bot < h && !blank(row, bot, h, w, edge))
		bot = h;
	if (lf > 0 && !blank(col, lf - 1, -1, h, edge))
		lf = 0;
	if (rt < w && !blank(col, rt, w, h, edge))
		rt = w;
	for (int y = top; y < bot; y++)
		solid += row[y] >= PHOTO_ROWS * w;
	if (bot - top > 0 && rt - lf > 0 && 4 * solid >= 3 * (bot - top) &&
	    (top || bot < h || lf || rt < w))
		boxSetGeometry(bx, x0 + lf, y0 + top, rt - lf, bot - top);
	free(row);
	free(col);
}

/*
 * The image boxes of pix (cs its glyph height) and the title bars of the
 * shaded panels settled: print on a ground (found in raw, the page as
 * lit, of which pix is scaled by sc) is repainted as dark on white in pix
 * and in the layout b (of pix scaled by 1/k) and read; a photo's box is
 * brought in to the photo. The panels' outlines go to b->panels, for
 * boxes.c. api is left with no image.
 */
void
nontext_settle(TessBaseAPI *api, PIX *pix, PIX *raw, double sc, struct bimg *b, double k, int cs,
    BOXA *images, struct buf *prof)
{
	int pw = pixGetWidth(pix), ph = pixGetHeight(pix), paper = ocr_paper_level(pix);
	int n;

	if (pixGetDepth(pix) != 8)
		return;
	merge(images, cs);
	/* a shaded panel's title bar is print on a ground the image finders leave */
	BOXA *bars = boxaCreate(0);
	panels_find(raw, (int)(cs / sc), sc / k, &b->panels, bars);
	for (int i = 0; i < boxaGetCount(bars); i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(bars, i, &x, &y, &w, &h);
		boxaAddBox(images, boxCreate((int)(x * sc), (int)(y * sc), (int)(w * sc), (int)(h * sc)),
		    L_INSERT);
	}
	boxaDestroy(&bars);
	n = boxaGetCount(images);
	for (int i = n - 1; i >= 0; i--) {
		BOX *bx = boxaGetBox(images, i, L_CLONE), *c;
		if (!bx)
			continue;
		if ((c = boxClipToRectangle(bx, pw, ph))) {
			boxaReplaceBox(images, i, c);
			boxDestroy(&bx);
			bx = boxaGetBox(images, i, L_CLONE);
		}
		if (prof)
			buf_printf(prof, "  settle %dx%d+%d+%d\n", bx->w, bx->h, bx->x, bx->y);
		if (!read_ground(api, pix, raw, sc, b, k, cs, images, i, prof))
			to_photo(pix, bx, paper, cs);
		boxDestroy(&bx);
	}
}
