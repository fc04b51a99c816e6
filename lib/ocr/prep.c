/*
 * Preparing a page for layout and recognition: upright (Tesseract's OSD),
 * evenly lit (Leptonica's background normalisation), straight (Leptonica's
 * skew search) and at the glyph size the model reads best.
 */
#include <math.h>
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/* below this OSD guesses: a page of clean text scores 10-25 */
/* grey levels between the lightest and darkest paper of an uneven page */
#define UNEVEN		40
#define OSD_MINCONF	5.0
#define PAGE_HOLE	0.2	/* of the image: the page inside what it lies on */
#define SURROUND	0.05	/* of the image: dark and joined to its edge, what the page lies on */
#define PAPER_RANK	0.8	/* of the page's greys, light to dark: its paper (ink and pictures are fewer) */

int
ocr_otsu(PIX *g)
{
	l_uint32 hist[256] = { 0 };
	int w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
	l_uint32 *d = pixGetData(g);
	double sum = 0, sumb = 0, wb = 0, best = -1, total;
	int t = 128;

	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x += 2)
			hist[GET_DATA_BYTE(d + y * wpl, x)]++;
	total = 0;
	for (int i = 0; i < 256; i++) {
		sum += (double)i * hist[i];
		total += hist[i];
	}
	for (int i = 0; i < 256; i++) {
		wb += hist[i];
		if (wb == 0 || wb == total)
			continue;
		sumb += (double)i * hist[i];
		double mb = sumb / wb, mf = (sum - sumb) / (total - wb);
		double v = wb * (total - wb) * (mb - mf) * (mb - mf);
		if (v > best) {
			best = v;
			t = i;
		}
	}
	return t + 1;
}

/*
 * Turns a page fed sideways or upside down upright; *quads gets the
 * clockwise quarter turns applied. A new reference to gray when it is
 * upright already or OSD cannot tell.
 */
/* Tesseract's OSD model; NULL when it is not installed */
static TessBaseAPI *
osd_engine(struct ocr_engine *e)
{
	if (e->osd || e->noosd)
		return e->osd;
	e->osd = TessBaseAPICreate();
	TessBaseAPISetVariable(e->osd, "debug_file", "/dev/null");
	if (TessBaseAPIInit2(e->osd, e->tessdata, "osd", OEM_TESSERACT_ONLY) != 0) {
		TessBaseAPIDelete(e->osd);
		e->osd = NULL;
		e->noosd = 1;
	}
	return e->osd;
}

void
ocr_engine_end(struct ocr_engine *e)
{
	if (e->api) {
		TessBaseAPIEnd(e->api);
		TessBaseAPIDelete(e->api);
	}
	if (e->osd) {
		TessBaseAPIEnd(e->osd);
		TessBaseAPIDelete(e->osd);
	}
	e->api = e->osd = NULL;
}

PIX *
prep_upright(struct ocr_engine *e, PIX *gray, int *quads)
{
	TessBaseAPI *osd = osd_engine(e);
	int deg = 0;
	float oconf = 0, sconf = 0;
	const char *script = NULL;
	PIX *r;

	*quads = 0;
	if (!osd)
		return pixClone(gray);
	TessBaseAPISetImage2(osd, gray);
	if (pixGetXRes(gray) < 70)
		TessBaseAPISetSourceResolution(osd, 300);
	if (!TessBaseAPIDetectOrientationScript(osd, &deg, &oconf, &script, &sconf) ||
	    oconf < OSD_MINCONF || deg % 90 || deg == 0) {
		TessBaseAPIClear(osd);
		return pixClone(gray);
	}
	TessBaseAPIClear(osd);
	/* deg is how far the page is turned clockwise: turn it back */
	*quads = (4 - deg / 90) % 4;
	if (!(r = pixRotateOrth(gray, *quads))) {
		*quads = 0;
		return pixClone(gray);
	}
	return r;
}

/*
 * A phone photo of a page, or a scan with the lid open, has the page lying
 * on something dark that reaches the edges of the image all round: it is
 * not ink (it would join every row and column of the layout, looks like
 * one picture the size of the image, and may be most of the image, so
 * that the page is taken for light print on dark), so it is made white.
 * Only what is dark, joined to the edge, a sizeable part of the image and
 * round the page is: a glyph cut by the edge, a photo bled off the edge,
 * the ground of light print on dark are not.
 */
/*
 * What the page lies on holds it: one hole of a fifth of the image. The
 * dark ground of a page printed light on dark holds only glyphs.
 */
static int
holds_page(PIX *edge)
{
	PIX *holes = pixHolesByFilling(edge, 4);
	BOXA *ba = holes ? pixConnCompBB(holes, 4) : NULL;
	double big = 0;

	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
		if ((double)w * h > big)
			big = (double)w * h;
	}
	boxaDestroy(&ba);
	pixDestroy(&holes);
	return big >= PAGE_HOLE * pixGetWidth(edge) * pixGetHeight(edge);
}

PIX *
prep_surround(PIX *gray)
{
	PIX *dark, *edge, *out;
	l_int32 n = 0;
	int w = pixGetWidth(gray), h = pixGetHeight(gray);

	if (!(dark = pixThresholdToBinary(gray, ocr_otsu(gray))))
		return pixClone(gray);
	edge = pixExtractBorderConnComps(dark, 8);
	pixDestroy(&dark);
	if (!edge || pixCountPixels(edge, &n, NULL) || (double)n < SURROUND * w * h ||
	    !holds_page(edge)) {
		pixDestroy(&edge);
		return pixClone(gray);
	}
	/*
	 * Made the grey of the paper, not white: a lit page is grey in a phone
	 * photo, and white round it would make the paper the dark side of the
	 * threshold between paper and ink (the page taken for light on dark).
	 */
	PIX *page = pixInvert(NULL, edge);
	l_float32 paper = 255;
	if (!page || pixGetRankValueMasked(gray, page, 0, 0, 2, PAPER_RANK, &paper, NULL))
		paper = 255;
	pixDestroy(&page);
	out = pixCopy(NULL, gray);
	pixSetMaskedGeneral(out, edge, (l_uint32)paper, 0, 0);
	pixDestroy(&edge);
	return out;
}

/*
 * Light print on a dark page (a magazine page set white on black, a
 * negative): more than half of the page darker than the threshold between
 * paper and ink. Turned to dark on light, the one polarity the layout and
 * the model read.
 */
PIX *
prep_polarity(PIX *gray)
{
	int t = ocr_otsu(gray), w = pixGetWidth(gray), h = pixGetHeight(gray);
	int wpl = pixGetWpl(gray);
	l_uint32 *d = pixGetData(gray);
	long dark = 0, all = 0;

	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x += 2, all++)
			dark += GET_DATA_BYTE(d + y * wpl, x) < t;
	if (2 * dark <= all)
		return pixClone(gray);
	PIX *inv = pixInvert(NULL, gray);
	return inv ? inv : pixClone(gray);
}

/*
 * Uneven light (a phone photo, a shadow at the spine, a shaded box) defeats
 * one global threshold: the background is brought to one level first.
 */
PIX *
prep_normalise(PIX *gray, int paper)
{
	PIX *map = NULL, *n;
	l_int32 lo = 0, hi = 255;

	/*
	 * Only when the paper is uneven: stretching an even page sharpens its
	 * specks of noise into dots the model reads as punctuation.
	 */
	if (pixGetBackgroundGrayMap(gray, NULL, 50, 50, 60, 40, &map) == 0 && map) {
		pixGetRangeValues(map, 1, L_SELECT_RED, &lo, &hi);
		pixDestroy(&map);
		if (hi - lo < UNEVEN)
			return pixClone(gray);
	}
	/* leptonica's defaults, but for the grey the paper is brought to */
	n = pixBackgroundNorm(gray, NULL, NULL, 10, 15, 60, 40, paper, 2, 1);
	return n ? n : pixClone(gray);
}

/*
 * A tilt of a degree moves a column's last line by more than a gutter.
 * Specks of a noisy scan drown the skew signal, so they go first.
 */
PIX *
prep_deskew(PIX *gray, double *angle)
{
	l_float32 ang = 0, conf = 0;
	PIX *bin, *clean, *rot = NULL;

	*angle = 0;
	if (!(bin = pixConvertTo1(gray, ocr_otsu(gray))))
		return pixClone(gray);
	if ((clean = pixSelectBySize(bin, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL))) {
		pixDestroy(&bin);
		bin = clean;
	}
	/*
	 * At full and half size: small print vanishes at leptonica's default
	 * quarter. Noise lowers the confidence of a right angle to 1.5-2.5 on
	 * a heavy 200 dpi page; a straight page gives angle 0 anyway.
	 */
	if (pixFindSkewSweepAndSearch(bin, &ang, &conf, 2, 1, 4.0, 0.25, 0.01) == 0 &&
	    conf >= 1.5 && fabs(ang) >= 0.05)
		rot = pixRotate(gray, ang * (float)M_PI / 180, L_ROTATE_AREA_MAP,
		    L_BRING_IN_WHITE, 0, 0);
	pixDestroy(&bin);
	if (!rot)
		return pixClone(gray);
	*angle = ang * M_PI / 180;
	return rot;
}

/*
 * Glyph height (75th percentile of the components) the chi_sim model reads
 * best: big print (a 2-column page at 300 dpi) misreads twice as often as the
 * same text scaled to ~20 px, and 300 dpi body text (~30 px) gains a little
 * too.
 *
 * Tiny print is scaled up less far, to UPCS. The model brings every line to
 * its own height whatever the scale, so upscaling only has to give
 * Tesseract's line finding and the line image strokes it can tell apart;
 * past that it interpolates, and costs: a line's image is padded by fixed
 * pixels, so the larger the glyphs the wider each character comes out at
 * the model's height. On the newspaper (8 px) and the low-resolution
 * textbook (10 px) scaling to 14 px read better than to 16 or 20 (CER 0.597
 * against 0.613, 0.245 against 0.276) for 5-25% less CPU; 12 px read worse.
 */
#define MAXCS	22
#define BESTCS	20
#define UPCS	14

double
prep_scale_for(int glyph)
{
	double sc = 1;

	if (glyph > MAXCS)
		sc = (double)BESTCS / glyph;
	else if (glyph < UPCS && glyph >= 8)
		sc = (double)UPCS / glyph;
	return sc > 2 ? 2 : sc;
}
