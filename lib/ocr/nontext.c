/*
 * What is not running text: photos and drawings, which are not read at
 * all, and tables, which are read as a whole so that their cells stay in
 * rows. Tesseract's own layout analysis (the one the tesseract command
 * runs) finds them; the text blocks it finds are not used, its order of
 * the columns of a newsletter page is not ours.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * A drawing is at least this many characters wide and tall: bigger than
 * the glyphs of a banner masthead.
 */
#define FIGURE_CHARS	8
#define MINPICTURE	3	/* glyphs: the least height and width of a picture */
#define PHOTO_SD	20	/* grey levels: texture, not paper noise or JPEG */
#define MINRULES	2	/* a table has rules above and below its rows at least */
#define WHOLE		0.8	/* of the image: a picture this big is what the page lies on */
#define TINT		24	/* grey levels under the paper: a fill, not paper */
#define FILL_CHARS	4	/* glyphs: the least height and width of a chart */
#define FILL_SD		16	/* grey levels: the fills of a chart differ, a shaded box's do not */
#define PRINT_SMALL	0.8	/* of the ink: in glyph-sized pieces, in print */
#define PRINT_INK	0.3	/* of the area: print leaves most of it paper */
#define PRINT_GLYPHS	8	/* pieces a glyph tall: a few words at least */
#define PRINT_STRIP	4	/* glyphs: text beside a picture in its box, wider than an axis' labels */

static int
isimage(TessPolyBlockType t)
{
	return t == PT_FLOWING_IMAGE || t == PT_HEADING_IMAGE || t == PT_PULLOUT_IMAGE;
}

/*
 * A "picture" that is most of the image is the dark table or lid round a
 * phone photo or a scan of the page, joined all round: the page is inside
 * it, and it is not left out.
 */
static int
whole_image(int w, int h, int pw, int ph)
{
	return (double)w * h > WHOLE * pw * ph;
}

static int
overlaps(BOX *a, BOX *b)
{
	l_int32 r = 0;

	boxIntersects(a, b, &r);
	return r;
}

/*
 * The table box Tesseract gives holds the cells it could group; the rules
 * around them (its line blocks) belong to the table too, or they would be
 * read as strokes of the text next to it.
 */
static BOXA *
grow_tables(BOXA *tables, BOXA *lines)
{
	BOXA *out = boxaCreate(0);

	for (int i = 0; i < boxaGetCount(tables); i++) {
		BOX *t = boxaGetBox(tables, i, L_COPY);
		int nrules = 0;
		for (int grown = 1; grown;) {
			grown = 0;
			nrules = 0;
			for (int j = 0; j < boxaGetCount(lines); j++) {
				BOX *l = boxaGetBox(lines, j, L_CLONE);
				if (l && overlaps(t, l)) {
					BOX *u = boxBoundingRegion(t, l);
					l_int32 a0, a1;
					nrules++;
					boxGetGeometry(t, NULL, NULL, &a0, &a1);
					long before = (long)a0 * a1;
					boxGetGeometry(u, NULL, NULL, &a0, &a1);
					if ((long)a0 * a1 > before) {
						grown = 1;
						boxDestroy(&t);
						t = u;
					} else
						boxDestroy(&u);
				}
				boxDestroy(&l);
			}
		}
		/*
		 * Text set on a grid looks like a table to Tesseract; a table
		 * that is printed as one has rules (a three-line table, at least).
		 */
		if (nrules >= MINRULES)
			boxaAddBox(out, t, L_INSERT);
		else
			boxDestroy(&t);
	}
	return out;
}

/*
 * Drawings and charts: Tesseract's image finder takes line art and flat
 * colour for text. A component of ink many characters wide and tall that
 * is no rule or frame (those are straight: gone once the long horizontal
 * and vertical runs are taken out) and does not reach the edge of the page
 * (the shadow of a phone photo or a book's spine does). gray is the page
 * before its background is normalised, cs its glyph height; the boxes are
 * scaled by sc.
 */
BOXA *
nontext_drawings(PIX *gray, int cs, double sc)
{
	BOXA *out = boxaCreate(0), *ba;
	PIXA *pa = NULL;
	PIX *bin, *h, *v;
	int big = FIGURE_CHARS * cs, run = 3 * cs;
	int pw = pixGetWidth(gray), ph = pixGetHeight(gray);

	if (!(bin = pixConvertTo1(gray, ocr_otsu(gray))))
		return out;
	h = pixOpenBrick(NULL, bin, run, 1);
	v = pixOpenBrick(NULL, bin, 1, run);
	if (h)
		pixSubtract(bin, bin, h);
	if (v)
		pixSubtract(bin, bin, v);
	pixDestroy(&h);
	pixDestroy(&v);
	ba = pixConnCompBB(bin, 8);
	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, w, hh;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &hh);
		if (w < big || hh < big || x <= 0 || y <= 0 || x + w >= pw || y + hh >= ph)
			continue;
		boxaAddBox(out, boxCreate((int)(x * sc), (int)(y * sc), (int)(w * sc + 1),
		    (int)(hh * sc + 1)), L_INSERT);
	}
	boxaDestroy(&ba);
	pixaDestroy(&pa);
	pixDestroy(&bin);
	return out;
}

/* the grey of the paper: the commonest level lighter than the ink */
int
ocr_paper_level(PIX *gray)
{
	l_uint32 hist[256] = { 0 };
	int w = pixGetWidth(gray), h = pixGetHeight(gray), wpl = pixGetWpl(gray);
	int t = ocr_otsu(gray), best = 255;
	l_uint32 *d = pixGetData(gray);

	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x += 2)
			hist[GET_DATA_BYTE(d + y * wpl, x)]++;
	for (int i = t; i < 256; i++)
		if (hist[i] > hist[best])
			best = i;
	return best;
}

/*
 * The cells of a photo are a glyph square, so its box may reach into the
 * caption under it; the box is brought in, by up to two cells a side, to
 * the rows and columns that are mostly not paper (a line of text is
 * mostly paper between its strokes, a photo is not).
 */
static void
tighten(PIX *gray, int paper, int cs, int *x0, int *y0, int *x1, int *y1)
{
	int wpl = pixGetWpl(gray), lim = 2 * cs, t = paper - TINT;
	l_uint32 *d = pixGetData(gray);

#define NOTPAPER(x, y) (GET_DATA_BYTE(d + (y) * wpl, (x)) < t)
	for (int n = 0; n < lim && *y1 - *y0 > 2 * cs; n++, (*y0)++) {
		int k = 0;
		for (int x = *x0; x < *x1; x++)
			k += NOTPAPER(x, *y0);
		if (2 * k >= *x1 - *x0)
			break;
	}
	for (int n = 0; n < lim && *y1 - *y0 > 2 * cs; n++, (*y1)--) {
		int k = 0;
		for (int x = *x0; x < *x1; x++)
			k += NOTPAPER(x, *y1 - 1);
		if (2 * k >= *x1 - *x0)
			break;
	}
	for (int n = 0; n < lim && *x1 - *x0 > 2 * cs; n++, (*x0)++) {
		int k = 0;
		for (int y = *y0; y < *y1; y++)
			k += NOTPAPER(*x0, y);
		if (2 * k >= *y1 - *y0)
			break;
	}
	for (int n = 0; n < lim && *x1 - *x0 > 2 * cs; n++, (*x1)--) {
		int k = 0;
		for (int y = *y0; y < *y1; y++)
			k += NOTPAPER(*x1 - 1, y);
		if (2 * k >= *y1 - *y0)
			break;
	}
#undef NOTPAPER
}

/*
 * Photos Tesseract's image finder misses: cells of about a glyph where the
 * paper between the ink is not plain (a photo's texture; a shaded box or
 * uneven light is plain at this scale) or where ink covers most of the
 * cell (a dark photo), in groups several glyphs wide and tall. gray is the
 * page before its background is normalised, cs its glyph height; the boxes
 * are scaled by sc.
 */
BOXA *
nontext_photos(PIX *gray, int cs, double sc)
{
	BOXA *out = boxaCreate(0), *ba = NULL;
	int w = pixGetWidth(gray), h = pixGetHeight(gray), t = ocr_otsu(gray);
	int tw = (w + cs - 1) / cs, th = (h + cs - 1) / cs, d = cs / 6 > 1 ? cs / 6 : 1;
	PIX *bin, *near, *cells, *c2, *smooth;

	if (cs < 4 || !(bin = pixConvertTo1(gray, t)))
		return out;
	int paper = ocr_paper_level(gray);
	/*
	 * The paper right next to a stroke is its blurred edge, not texture;
	 * and the grain of paper or scanner noise is averaged out first.
	 */
	near = pixDilateBrick(NULL, bin, 2 * d + 3, 2 * d + 3);
	smooth = pixBlockconv(gray, 2, 2);
	double *n = xcalloc((size_t)tw * th, sizeof *n), *sum = xcalloc((size_t)tw * th, sizeof *sum);
	double *sq = xcalloc((size_t)tw * th, sizeof *sq), *ink = xcalloc((size_t)tw * th, sizeof *ink);
	PIX *src = smooth ? smooth : gray;
	l_uint32 *gd = pixGetData(src), *bd = pixGetData(bin), *nd = near ? pixGetData(near) : NULL;
	int gw = pixGetWpl(src), bw = pixGetWpl(bin);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			size_t k = (size_t)(y / cs) * tw + x / cs;
			if (GET_DATA_BIT(bd + y * bw, x)) {
				ink[k]++;
				continue;
			}
			if (nd && GET_DATA_BIT(nd + y * bw, x))
				continue;
			double v = GET_DATA_BYTE(gd + y * gw, x);
			n[k]++;
			sum[k] += v;
			sq[k] += v * v;
		}
	cells = pixCreate(tw, th, 1);
	for (int y = 0; y < th; y++)
		for (int x = 0; x < tw; x++) {
			size_t k = (size_t)y * tw + x;
			double area = (double)cs * cs, var = 0;
			if (n[k] > area / 4) {
				double m = sum[k] / n[k];
				var = sq[k] / n[k] - m * m;
			}
			if (var > PHOTO_SD * PHOTO_SD || ink[k] > 0.85 * area)
				pixSetPixel(cells, x, y, 1);
		}
	/* a photo is a solid group of such cells; a stray cell is dirt */
	c2 = pixCloseBrick(NULL, cells, 3, 3);
	if (c2) {
		PIX *c3 = pixOpenBrick(NULL, c2, MINPICTURE, MINPICTURE);
		ba = c3 ? pixConnCompBB(c3, 8) : NULL;
		pixDestroy(&c3);
	}
	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, bw2, bh;
		boxaGetBoxGeometry(ba, i, &x, &y, &bw2, &bh);
		if (whole_image(bw2, bh, tw, th))
			continue;
		/* a cell more all round: the edge of a photo is in the cells next to it */
		int x0 = (x - 1) * cs, y0 = (y - 1) * cs, x1 = (x + bw2 + 1) * cs, y1 = (y + bh + 1) * cs;
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		x1 = x1 > w ? w : x1;
		y1 = y1 > h ? h : y1;
		tighten(gray, paper, cs, &x0, &y0, &x1, &y1);
		boxaAddBox(out, boxCreate((int)(x0 * sc), (int)(y0 * sc),
		    (int)((x1 - x0) * sc + 1), (int)((y1 - y0) * sc + 1)), L_INSERT);
	}
	boxaDestroy(&ba);
	pixDestroy(&c2);
	pixDestroy(&cells);
	pixDestroy(&near);
	pixDestroy(&smooth);
	pixDestroy(&bin);
	free(n);
	free(sum);
	free(sq);
	free(ink);
	return out;
}

/*
 * Charts of flat fills (a pie, bars in several colours): areas of tint
 * rather than ink, wider than a stroke of text, several glyphs wide and
 * tall, away from the edge of the page. A shaded box is one tint and so
 * is a shadow at this scale; a chart is several, so the grey of its fill
 * spreads wide (a sector lighter, a sector darker). Background
 * normalisation takes the fills out and leaves their labels, which then
 * read as lines of the text beside them. gray is the page as lit, cs its
 * glyph height; the boxes are scaled by sc.
 */
BOXA *
nontext_fills(PIX *gray, int cs, double sc)
{
	BOXA *out = boxaCreate(0), *ba;
	int pw = pixGetWidth(gray), ph = pixGetHeight(gray);
	int paper = ocr_paper_level(gray), stroke = cs / 2 > 3 ? cs / 2 : 3;
	PIX *mask, *fill, *joined, *ink;

	if (cs < 4 || paper <= TINT + 1 || !(mask = pixThresholdToBinary(gray, paper - TINT)))
		return out;
	/* strokes of text go, fills stay; the thin white between sectors is bridged */
	fill = pixOpenBrick(NULL, mask, stroke, stroke);
	pixDestroy(&mask);
	if (!fill)
		return out;
	joined = pixCloseBrick(NULL, fill, stroke, stroke);
	/* the grey of a fill is that of its tint: the print on it, with its blurred edges, is not */
	if ((ink = pixConvertTo1(gray, ocr_otsu(gray)))) {
		pixDilateBrick(ink, ink, 5, 5);
		pixSubtract(fill, fill, ink);
		pixDestroy(&ink);
	}
	ba = joined ? pixConnCompBB(joined, 8) : NULL;
	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, w, h;
		l_float32 sd = 0;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
		/* a tint under most of the image is the paper, or what the page lies on */
		if (w < FILL_CHARS * cs || h < FILL_CHARS * cs || x <= 0 || y <= 0 ||
		    x + w >= pw || y + h >= ph || whole_image(w, h, pw, ph))
			continue;
		BOX *bx = boxCreate(x, y, w, h);
		PIX *g = pixClipRectangle(gray, bx, NULL), *m = pixClipRectangle(fill, bx, NULL);
		if (g && m && pixGetAverageMasked(g, m, 0, 0, 1, L_STANDARD_DEVIATION, &sd) == 0 &&
		    sd > FILL_SD)
			boxaAddBox(out, boxCreate((int)(x * sc), (int)(y * sc), (int)(w * sc + 1),
			    (int)(h * sc + 1)), L_INSERT);
		pixDestroy(&g);
		pixDestroy(&m);
		boxDestroy(&bx);
	}
	boxaDestroy(&ba);
	pixDestroy(&joined);
	pixDestroy(&fill);
	return out;
}

/*
 * Whether what Tesseract's image finder took for a picture is one: 0 when
 * it is print, its ink in glyph-sized pieces, of which there are many a
 * glyph tall, and paper between them. Bleed-through from the back of the
 * page and a tinted box give the finder a texture, and it drops the text
 * on them. A photo's ink is in blobs far bigger than a glyph, or it is
 * mostly ink.
 *
 * A picture's box is brought in to its own ink, in place: Tesseract's
 * image block takes in the lines of text beside a photo now and then (on
 * a page with bleed-through, half of the next column). The picture is its
 * pieces bigger than a glyph; the box is left as it is when none is that
 * big. One binarisation and one pass over the pieces serve both.
 */
static int
is_picture(PIX *pix, BOX *bx, int cs)
{
	PIX *g = pixClipRectangle(pix, bx, NULL), *bin = NULL;
	BOXA *ba = NULL;
	PIXA *pa = NULL;
	NUMA *cnt = NULL;
	double ink = 0, small = 0;
	int nglyph = 0, w = 0, h = 0, ret = 1;
	int x0 = INT32_MAX, y0 = INT32_MAX, x1 = -1, y1 = -1;

	if (!g || pixGetDepth(g) != 8 || !(bin = pixConvertTo1(g, ocr_otsu(g))) ||
	    !(ba = pixConnComp(bin, &pa, 8)))
		goto out;
	cnt = pixaCountPixels(pa);
	pixGetDimensions(g, &w, &h, NULL);
	for (int i = 0; i < boxaGetCount(ba); i++) {
		int x, y, cw, ch;
		l_float32 v = 0;
		boxaGetBoxGeometry(ba, i, &x, &y, &cw, &ch);
		if (cnt)
			numaGetFValue(cnt, i, &v);
		ink += v;
		if (2 * cw <= 3 * cs && 2 * ch <= 3 * cs) {
			small += v;
			nglyph += 2 * ch >= cs;
			continue;
		}
		if (x < x0) x0 = x;
		if (y < y0) y0 = y;
		if (x + cw > x1) x1 = x + cw;
		if (y + ch > y1) y1 = y + ch;
	}
	if (ink > 0 && small >= PRINT_SMALL * ink && ink < PRINT_INK * w * h &&
	    nglyph >= PRINT_GLYPHS) {
		ret = 0;
		goto out;
	}
	if (x1 > x0 && y1 > y0 && x1 - x0 >= MINPICTURE * cs && y1 - y0 >= MINPICTURE * cs) {
		int bx0, by0, bw, bh;
		boxGetGeometry(bx, &bx0, &by0, &bw, &bh);
		/* a chart's labels by its axes stay with it: only a column of text is taken out */
		if (x0 < PRINT_STRIP * cs) x0 = 0;
		if (y0 < PRINT_STRIP * cs) y0 = 0;
		if (bw - x1 < PRINT_STRIP * cs) x1 = bw;
		if (bh - y1 < PRINT_STRIP * cs) y1 = bh;
		boxSetGeometry(bx, bx0 + x0, by0 + y0, x1 - x0, y1 - y0);
	}
out:
	numaDestroy(&cnt);
	pixaDestroy(&pa);
	boxaDestroy(&ba);
	pixDestroy(&bin);
	pixDestroy(&g);
	return ret;
}

/*
 * *images and *tables get the boxes of pix's photos and tables, in pixels
 * of pix; cs is its glyph height. Returns -1 when the analysis failed (the page is then read as
 * all text).
 */
int
nontext_find(TessBaseAPI *api, PIX *pix, int cs, BOXA **images, BOXA **tables)
{
	TessPageIterator *it;
	BOXA *lines = boxaCreate(0);

	*images = boxaCreate(0);
	*tables = boxaCreate(0);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPISetImage2(api, pix);
	if (!(it = TessBaseAPIAnalyseLayout(api))) {
		boxaDestroy(&lines);
		return -1;
	}
	do {
		int l, t, r, b;
		TessPolyBlockType type = TessPageIteratorBlockType(it);
		if (!TessPageIteratorBoundingBox(it, RIL_BLOCK, &l, &t, &r, &b) || r <= l || b <= t)
			continue;
		BOX *bx = boxCreate(l, t, r - l, b - t);
		/*
		 * It also takes a line of text or a glyph for a picture now and
		 * then; a picture worth leaving out is several lines tall and wide.
		 */
		if (isimage(type) && r - l >= MINPICTURE * cs && b - t >= MINPICTURE * cs &&
		    !whole_image(r - l, b - t, pixGetWidth(pix), pixGetHeight(pix)) &&
		    is_picture(pix, bx, cs)) {
			boxaAddBox(*images, bx, L_INSERT);
		} else if (type == PT_TABLE)
			boxaAddBox(*tables, bx, L_INSERT);
		else if (type == PT_HORZ_LINE || type == PT_VERT_LINE)
			boxaAddBox(lines, bx, L_INSERT);
		else
			boxDestroy(&bx);
	} while (TessPageIteratorNext(it, RIL_BLOCK));
	TessPageIteratorDelete(it);
	BOXA *ruled = grow_tables(*tables, lines);
	boxaDestroy(tables);
	*tables = ruled;
	boxaDestroy(&lines);
	return 0;
}
