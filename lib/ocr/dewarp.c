/*
 * A curled page's bowed lines straightened (Leptonica's dewarper), and the
 * measure of how straight a page's lines run that decides whether the
 * dewarper's model is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * A photographed page that curls bows its lines, and a bowed line runs
 * into the next: no squaring straightens it. Leptonica's dewarper models
 * the bow from the page's long text lines (vertical disparity only:
 * across a page of columns the horizontal is not to be trusted). Fitted to
 * the short lines of CJK columns the model is noisy, and on a flat page it
 * bends lines that were straight: it is kept only when the page's lines
 * run straighter after it than before (a page of columns too narrow or
 * too few for a model is left as it is). The model is kept in g to map
 * boxes back to the photo.
 */
#define BOW_CURV	25	/* micro-units (y = c x^2, c 1e-6): a flat page's lines bow less */
#define BOW_MAXCURV	400	/* Leptonica's 150 refuses our curled renders' lines */
#define BOW_MAXDIFF	500	/* between the most and least bowed line, likewise */
#define BOW_GAIN	1.15	/* straighter by this much: flat renders gave 0.78-1.10, curled 1.18-1.21 */

/* the height of the glyphs of a binarised page: the 75th percentile of its pieces (radicals count) */
static int
glyph_height(PIX *bin)
{
	BOXA *ba = pixConnCompBB(bin, 8);
	int n = ba ? boxaGetCount(ba) : 0, m = 0, cs, h = pixGetHeight(bin);
	int *hv = xmalloc((size_t)(n + 1) * sizeof *hv);

	for (int i = 0; i < n; i++) {
		int bw, bh;
		boxaGetBoxGeometry(ba, i, NULL, NULL, &bw, &bh);
		if (bh >= 4 && bh < h / 8)
			hv[m++] = bh;
	}
	cs = rank_int(hv, (size_t)m, 3, 4);
	free(hv);
	boxaDestroy(&ba);
	return cs;
}

/*
 * How straight the lines of a binarised page run: in strips of a few
 * glyphs' width, the rows of a straight line all hold ink and the rows
 * between lines none, so its profile down the strip rises and falls
 * steeply; a bowed line smears it. The sum of the squared steps of the
 * strips' profiles.
 */
static double
straightness(PIX *bin, int strip)
{
	int w = pixGetWidth(bin), h = pixGetHeight(bin), wpl = pixGetWpl(bin);
	l_uint32 *d = pixGetData(bin);
	double s = 0;
	int *prev = xcalloc((size_t)w / strip + 1, sizeof *prev);
	int *row = xcalloc((size_t)w / strip + 1, sizeof *row);

	for (int y = 0; y < h; y++) {
		memset(row, 0, ((size_t)w / strip + 1) * sizeof *row);
		for (int x = 0; x < w; x++)
			row[x / strip] += GET_DATA_BIT(d + (size_t)y * wpl, x);
		for (int i = 0; i <= w / strip; i++) {
			s += (double)(row[i] - prev[i]) * (row[i] - prev[i]);
			prev[i] = row[i];
		}
	}
	free(prev);
	free(row);
	return s;
}

PIX *
prep_dewarp(PIX *gray, struct ocr_geom *g)
{
	L_DEWARPA *dewa = NULL;
	L_DEWARP *dew = NULL;
	PIX *flat = NULL, *norm, *bin, *rules, *lines;
	int cs, thr = ocr_otsu(gray);
	double before = 0, after = 0;

	if (!(norm = pixBackgroundNormSimple(gray, NULL, NULL)))
		return pixClone(gray);
	bin = pixConvertTo1(norm, ocr_otsu(norm));
	pixDestroy(&norm);
	if (!bin)
		return pixClone(gray);
	if ((cs = glyph_height(bin)) < 6) {
		pixDestroy(&bin);
		return pixClone(gray);
	}
	/*
	 * The dewarper's lines are its longest pieces: rules would be the
	 * only ones. They go, and a line's glyphs are joined, its gaps at
	 * punctuation too.
	 */
	if ((rules = pixOpenBrick(NULL, bin, 5 * cs, 1))) {
		pixSubtract(bin, bin, rules);
		pixDestroy(&rules);
	}
	if ((rules = pixOpenBrick(NULL, bin, 1, 5 * cs))) {
		pixSubtract(bin, bin, rules);
		pixDestroy(&rules);
	}
	lines = pixCloseBrick(NULL, bin, cs, 1);
	pixDestroy(&bin);
	if (!lines || !(dewa = dewarpaCreate(1, 0, 1, 0, 0))) {
		pixDestroy(&lines);
		return pixClone(gray);
	}
	dewarpaUseBothArrays(dewa, 0);
	dewarpaSetCurvatures(dewa, BOW_MAXCURV, 0, BOW_MAXDIFF, -1, -1, -1);
	if ((dew = dewarpCreate(lines, 0)))
		dewarpaInsertDewarp(dewa, dew);
	pixDestroy(&lines);
	if (!dew || dewarpBuildPageModel(dew, NULL) || !dew->vsuccess ||
	    (abs(dew->mincurv) < BOW_CURV && abs(dew->maxcurv) < BOW_CURV) ||
	    dewarpaApplyDisparity(dewa, 0, gray, -1, 0, 0, &flat, NULL) || !flat ||
	    (!dew->fullvdispar && dewarpPopulateFullRes(dew, gray, 0, 0)) ||
	    !dew->fullvdispar || pixGetWidth(flat) != pixGetWidth(gray) ||
	    pixGetHeight(flat) != pixGetHeight(gray)) {
		pixDestroy(&flat);
		dewarpaDestroy(&dewa);
		return pixClone(gray);
	}
	PIX *b0 = pixConvertTo1(gray, thr), *b1 = pixConvertTo1(flat, thr);
	if (b0 && b1) {
		before = straightness(b0, 4 * cs);
		after = straightness(b1, 4 * cs);
	}
	pixDestroy(&b0);
	pixDestroy(&b1);
	if (after < BOW_GAIN * before) {
		pixDestroy(&flat);
		dewarpaDestroy(&dewa);
		return pixClone(gray);
	}
	g->bow = fpixClone(dew->fullvdispar);
	dewarpaDestroy(&dewa);
	return flat;
}
