/*
 * The binarised copy of the page the layout is found on: thresholded
 * between the paper and its print, cleaned of specks, reduced on big
 * pages, with the size of its glyphs.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define GREY_PRINT	5	/* quarters: grey tones against dark ones on a page of grey print */
#define PAPER_EDGE	15	/* grey levels under the paper's peak, at least, its lower edge */

/* Otsu's split of [lo, hi] of h; a range of one tone splits after its first */
static int
otsu_split(const double *h, int lo, int hi)
{
	int t = ocr_otsu_split(h, lo, hi);

	return t < 0 ? lo + 1 : t;
}

/*
 * The threshold between paper and print for the layout. Otsu's split is
 * right for black print. On a page of grey print (newsprint) with photos
 * or black headlines it falls between those and all the rest, and the
 * body's lines break up into specks that leave blanks lined up down a
 * column, taken for gutters. Such a page has more of the tones between
 * that split and the paper's lower edge than below it (black print only
 * its glyphs' soft edges there), and the split is made again between the
 * grey print and the paper. The paper's edge is three times its grain
 * under its peak (the grain measured on the light side, where no ink is;
 * paper clipped at white has none to measure, and keeps Otsu's split).
 */
static int
layout_threshold(PIX *g)
{
	NUMA *na = pixGetGrayHistogram(g, 2);
	double h[256] = { 0 }, dark = 0, mid = 0, light = 0, run = 0;
	int n = na ? numaGetCount(na) : 0, paper = 0, t, grain = 0, edge;

	for (int i = 0; i < n && i < 256; i++) {
		float v;
		numaGetFValue(na, i, &v);
		h[i] = v;
		if (h[i] > h[paper])
			paper = i;
	}
	numaDestroy(&na);
	t = otsu_split(h, 0, 255);
	if (t >= paper)
		return t;
	for (int i = paper + 1; i < 256; i++)
		light += h[i];
	/* paper clipped at white shows no grain, and its edge is not known */
	if (light < h[paper])
		return t;
	for (int i = paper + 1; i < 256 && run < 0.68 * light; i++, grain++)
		run += h[i];
	edge = paper - (3 * grain > PAPER_EDGE ? 3 * grain : PAPER_EDGE);
	for (int i = 0; i < t; i++)
		dark += h[i];
	for (int i = t; i < edge; i++)
		mid += h[i];
	return 4 * mid >= GREY_PRINT * dark ? otsu_split(h, t, paper) : t;
}

/*
 * Binarises g for layout only (Tesseract does its own), drops specks and
 * works at half resolution on big pages: gutters are wide enough for it.
 */
int
xy_binarise(PIX *g, struct bimg *b)
{
	PIX *bin, *clean, *small;
	BOXA *ba;
	int n, *hv;

	if (!(bin = pixConvertTo1(g, layout_threshold(g))))
		return -1;
	clean = pixSelectBySize(bin, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
	pixDestroy(&bin);
	if (!clean)
		return -1;
	b->red = pixGetWidth(clean) > 1800 ? 2 : 1;
	small = b->red == 2 ? pixReduceRankBinary2(clean, 1, NULL) : pixClone(clean);
	pixDestroy(&clean);
	if (!small)
		return -1;
	b->w = pixGetWidth(small);
	b->h = pixGetHeight(small);
	b->p = xmalloc((size_t)b->w * b->h);
	l_uint32 *d = pixGetData(small);
	int wpl = pixGetWpl(small);
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++)
			b->p[(size_t)y * b->w + x] = GET_DATA_BIT(d + y * wpl, x);
	/* character size from the connected components; radicals count too, hence the high rank */
	ba = pixConnCompBB(small, 8);
	n = ba ? boxaGetCount(ba) : 0;
	hv = xmalloc((size_t)(n + 1) * sizeof *hv);
	int m = 0;
	for (int i = 0; i < n; i++) {
		int bx, by, bw, bh;
		boxaGetBoxGeometry(ba, i, &bx, &by, &bw, &bh);
		if (bh >= 4 && bh < b->h / 8 && bw < b->w / 8)
			hv[m++] = bh;
	}
	b->cs = m ? rank_int(hv, (size_t)m, 3, 4) : 10;
	if (b->cs < 4)
		b->cs = 4;
	free(hv);
	boxaDestroy(&ba);
	pixDestroy(&small);
	b->gmin = b->cs * 7 / 10;
	if (b->gmin < b->w / 120)
		b->gmin = b->w / 120;
	return 0;
}
