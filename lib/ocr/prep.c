/*
 * Preparing a page for layout and recognition: upright (Tesseract's OSD),
 * off what it lies on and square (a photographed page's quadrilateral
 * mapped back to a rectangle with Leptonica's projective transform),
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

/*
 * Otsu's split of the tones [lo, hi] of the histogram h: the first tone of
 * the light side, or -1 when they hold one tone only.
 */
int
ocr_otsu_split(const double *h, int lo, int hi)
{
	double sum = 0, total = 0, sumb = 0, wb = 0, best = -1;
	int t = -2;

	for (int i = lo; i <= hi; i++) {
		sum += i * h[i];
		total += h[i];
	}
	for (int i = lo; i <= hi; i++) {
		wb += h[i];
		if (wb == 0 || wb == total)
			continue;
		sumb += i * h[i];
		double mb = sumb / wb, mf = (sum - sumb) / (total - wb);
		double v = wb * (total - wb) * (mb - mf) * (mb - mf);
		if (v > best) {
			best = v;
			t = i;
		}
	}
	return t + 1;
}

int
ocr_otsu(PIX *g)
{
	double hist[256] = { 0 };
	int w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g), t;
	l_uint32 *d = pixGetData(g);

	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x += 2)
			hist[GET_DATA_BYTE(d + y * wpl, x)]++;
	t = ocr_otsu_split(hist, 0, 255);
	return t < 0 ? 129 : t;
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
 * that the page is taken for light print on dark), so it is made paper.
 * Only what is dark, joined to the edge, a sizeable part of the image and
 * round the page is: a glyph cut by the edge, a photo bled off the edge,
 * the ground of light print on dark are not.
 */
/*
 * What the page lies on holds it: one hole of a fifth of the image. The
 * dark ground of a page printed light on dark holds only glyphs. The
 * page's mask is that hole.
 */
static PIX *
held_page(PIX *edge)
{
	PIX *holes = pixHolesByFilling(edge, 4), *page = NULL;
	PIXA *pa = NULL;
	BOXA *ba = holes ? pixConnComp(holes, &pa, 4) : NULL;
	double big = 0;
	int at = -1;

	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
		if ((double)w * h > big) {
			big = (double)w * h;
			at = i;
		}
	}
	if (at >= 0 && big >= PAGE_HOLE * pixGetWidth(edge) * pixGetHeight(edge)) {
		int x, y;
		PIX *one = pixaGetPix(pa, at, L_CLONE);
		boxaGetBoxGeometry(ba, at, &x, &y, NULL, NULL);
		page = pixCreateTemplate(edge);
		pixRasterop(page, x, y, pixGetWidth(one), pixGetHeight(one), PIX_SRC, one, 0, 0);
		pixDestroy(&one);
	}
	boxaDestroy(&ba);
	pixaDestroy(&pa);
	pixDestroy(&holes);
	return page;
}

/*
 * The threshold between what the page lies on and the paper. The paper of
 * a photographed page darkens towards its corners (vignetting, a shadow)
 * below the threshold between ink and paper, and joined to the surround
 * there it would be blanked with it, print and all. What the page lies on
 * is what the image's own border shows, light and shade included: a little
 * above the light end of the border's greys is still surround, and the
 * page's paper, however dim, is lighter. On a page with no surround the
 * border is paper, and the threshold between ink and paper serves, as it
 * always did.
 */
#define BORDER_RANK	0.9	/* of the border's greys, dark to light: the surround's lightest */
#define BORDER_MARGIN	16	/* grey levels above that: JPEG and grain */

static int
surround_threshold(PIX *gray)
{
	int t = ocr_otsu(gray), w = pixGetWidth(gray), h = pixGetHeight(gray);
	int wpl = pixGetWpl(gray), n = 0, hist[256] = { 0 };
	l_uint32 *d = pixGetData(gray);

	for (int x = 0; x < w; x++, n += 2) {
		hist[GET_DATA_BYTE(d, x)]++;
		hist[GET_DATA_BYTE(d + (size_t)(h - 1) * wpl, x)]++;
	}
	for (int y = 0; y < h; y++, n += 2) {
		hist[GET_DATA_BYTE(d + (size_t)y * wpl, 0)]++;
		hist[GET_DATA_BYTE(d + (size_t)y * wpl, w - 1)]++;
	}
	/*
	 * A page cut by the photo's edge is part of the border: the border's
	 * tones lighter than the threshold between ink and paper are its
	 * paper, and the surround is the rest.
	 */
	for (int i = t; i < 256; i++) {
		n -= hist[i];
		hist[i] = 0;
	}
	int v = 0;
	for (int c = 0; v < 255 && (c += hist[v]) < BORDER_RANK * n; v++)
		;
	return v + BORDER_MARGIN < t ? v + BORDER_MARGIN : t;
}

static int page_quad(PIX *pagemask, double *cx, double *cy);
static int lies_square(const double *cx, const double *cy);
static int fit_side(PIX *page, int side, int robust, double *a, double *b);
static void corners(const double *a, const double *b, double *cx, double *cy);

/* of a side of the photo's frame, it runs along it */
static int
along(PIX *m, int x, int y, int dx, int dy, int n)
{
	int c = 0;
	l_uint32 v;

	for (int i = 0; i < n; i++, x += dx, y += dy)
		c += pixGetPixel(m, x, y, &v) == 0 && v;
	return 4 * c >= n;
}

static int
touches_frame(PIX *m)
{
	int w = pixGetWidth(m), h = pixGetHeight(m);
	l_uint32 v;

	for (int x = 0; x < w; x++)
		if ((pixGetPixel(m, x, 0, &v) == 0 && v) || (pixGetPixel(m, x, h - 1, &v) == 0 && v))
			return 1;
	for (int y = 0; y < h; y++)
		if ((pixGetPixel(m, 0, y, &v) == 0 && v) || (pixGetPixel(m, w - 1, y, &v) == 0 && v))
			return 1;
	return 0;
}

/* the biggest piece of the mask m, a fifth of the image at least, where it lies; else NULL */
static PIX *
biggest_piece(PIX *m)
{
	int w = pixGetWidth(m), h = pixGetHeight(m), at = -1;
	l_int32 big = 0;
	PIX *page = NULL;
	PIXA *pa = NULL;
	BOXA *ba = pixConnComp(m, &pa, 4);

	for (int i = 0; ba && i < boxaGetCount(ba); i++) {
		l_int32 n = 0;
		PIX *one = pixaGetPix(pa, i, L_CLONE);
		pixCountPixels(one, &n, NULL);
		pixDestroy(&one);
		if (n > big) {
			big = n;
			at = i;
		}
	}
	if (at >= 0 && big >= PAGE_HOLE * w * h) {
		int x, y;
		PIX *one = pixaGetPix(pa, at, L_CLONE);
		boxaGetBoxGeometry(ba, at, &x, &y, NULL, NULL);
		page = pixCreateTemplate(m);
		pixRasterop(page, x, y, pixGetWidth(one), pixGetHeight(one), PIX_SRC, one, 0, 0);
		pixDestroy(&one);
	}
	boxaDestroy(&ba);
	pixaDestroy(&pa);
	return page;
}

/*
 * A page cut by the photo's edge (a corner or a side outside the frame)
 * is held by no hole. It is what the surround leaves (its biggest piece,
 * print and all) when that surround runs along three sides of the photo
 * and leaves a quadrilateral that lies at a slant: a photo bled off a
 * scanned page's edges leaves no quadrilateral, or one that lies square.
 */
static PIX *
cut_page(PIX *edge)
{
	int w = pixGetWidth(edge), h = pixGetHeight(edge);
	double cx[4], cy[4];
	PIX *rest, *page, *holes;

	if (along(edge, 0, 0, 1, 0, w) + along(edge, 0, h - 1, 1, 0, w) +
	    along(edge, 0, 0, 0, 1, h) + along(edge, w - 1, 0, 0, 1, h) < 3)
		return NULL;
	if (!(rest = pixInvert(NULL, edge)))
		return NULL;
	page = biggest_piece(rest);
	pixDestroy(&rest);
	if (!page)
		return NULL;
	if ((holes = pixHolesByFilling(page, 4)))
		pixOr(page, page, holes);
	pixDestroy(&holes);
	if (page_quad(page, cx, cy) || lies_square(cx, cy))
		pixDestroy(&page);
	return page;
}

/*
 * A page on a busy surface (wood grain, a patterned cloth): the light
 * streaks of the surface reach the page, and the page's own shadowed
 * corner is as dark as the surface, so neither is what the surround
 * leaves. The streaks are narrower than the page: opened with a brick a
 * twelfth of the photo, what the surround leaves is the page, ragged
 * where it was shaded or touched; most of each of its sides still lies on
 * a line, and the page is the quadrilateral of those lines, when the
 * ragged page lies inside it and covers most of it.
 */
#define LOOSE_PART	12	/* of the photo's shorter side: the brick */
#define LOOSE_OUT	0.05	/* of the quadrilateral: of the ragged page outside it (streaks it touches), at most */
#define LOOSE_COVER	0.9	/* of the quadrilateral: covered by the ragged page, at least */

static PIX *
loose_page(PIX *edge)
{
	int w = pixGetWidth(edge), h = pixGetHeight(edge), k = (w < h ? w : h) / LOOSE_PART;
	double a[4], b[4], cx[4], cy[4];
	PIX *rest, *open, *page = NULL, *quad = NULL;

	if (k < 3 || !(rest = pixInvert(NULL, edge)))
		return NULL;
	open = pixOpenBrick(NULL, rest, k, k);
	pixDestroy(&rest);
	if (open)
		page = biggest_piece(open);
	pixDestroy(&open);
	if (!page)
		return NULL;
	int ok = 1;
	for (int s = 0; s < 4 && ok; s++)
		ok = fit_side(page, s, 1, &a[s], &b[s]);
	if (ok) {
		corners(a, b, cx, cy);
		ok = !lies_square(cx, cy);
	}
	if (ok) {
		quad = pixCreateTemplate(edge);
		l_uint32 *d = pixGetData(quad);
		int wpl = pixGetWpl(quad);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (y >= a[0] * x + b[0] && y <= a[1] * x + b[1] &&
				    x >= a[2] * y + b[2] && x <= a[3] * y + b[3])
					SET_DATA_BIT(d + (size_t)y * wpl, x);
		l_int32 in = 0, both = 0, all = 0;
		PIX *and = pixAnd(NULL, page, quad);
		pixCountPixels(quad, &in, NULL);
		pixCountPixels(page, &all, NULL);
		if (and)
			pixCountPixels(and, &both, NULL);
		pixDestroy(&and);
		if (!in || all - both > LOOSE_OUT * in || both < LOOSE_COVER * in)
			pixDestroy(&quad);
	}
	pixDestroy(&page);
	return quad;
}

PIX *
prep_surround(PIX *gray, PIX **pagemask)
{
	PIX *dark, *edge, *out, *page;
	l_int32 n = 0;
	int w = pixGetWidth(gray), h = pixGetHeight(gray);

	*pagemask = NULL;
	if (!(dark = pixThresholdToBinary(gray, surround_threshold(gray))))
		return pixClone(gray);
	edge = pixExtractBorderConnComps(dark, 8);
	pixDestroy(&dark);
	if (!edge || pixCountPixels(edge, &n, NULL) || (double)n < SURROUND * w * h) {
		pixDestroy(&edge);
		return pixClone(gray);
	}
	if (!(page = held_page(edge)) && !(page = cut_page(edge))) {
		if (!(page = loose_page(edge))) {
			pixDestroy(&edge);
			return pixClone(gray);
		}
		/* the surround is what lies outside the page, light streaks and all */
		pixInvert(edge, page);
	}
	/*
	 * Made the grey of the paper, not white: a lit page is grey in a phone
	 * photo, and white round it would make the paper the dark side of the
	 * threshold between paper and ink (the page taken for light on dark).
	 */
	PIX *notedge = pixInvert(NULL, edge);
	l_float32 paper = 255;
	if (!notedge || pixGetRankValueMasked(gray, notedge, 0, 0, 2, PAPER_RANK, &paper, NULL))
		paper = 255;
	pixDestroy(&notedge);
	out = pixCopy(NULL, gray);
	/* and the page's edge with it, dimmed by blur and JPEG: it would be a frame */
	PIX *wide = pixDilateBrick(NULL, edge, 5, 5);
	pixSetMaskedGeneral(out, wide ? wide : edge, (l_uint32)paper, 0, 0);
	pixDestroy(&wide);
	pixDestroy(&edge);
	*pagemask = page;
	return out;
}

/*
 * A side of the page as a line, fitted to where the page begins seen from
 * outside, across the middle of the side (the corners may be rounded or
 * dog-eared), twice: the second time without the points far off the first
 * line (a speck of light in the surround, a notch in the edge). Rows for
 * the top and bottom (y = a x + b), columns for the sides (x = a y + b).
 */
#define LOOSE_TOL	4	/* px: a side's points this near its line lie on it */
#define LOOSE_SEEN	0.4	/* of the middle of a side: on its line, at least */

static int
fit_side(PIX *page, int side, int robust, double *a, double *b)
{
	int w = pixGetWidth(page), h = pixGetHeight(page), wpl = pixGetWpl(page);
	l_uint32 *d = pixGetData(page);
	int along = side < 2 ? w : h, across = side < 2 ? h : w;
	int n = 0, step = along / 200 > 1 ? along / 200 : 1;
	double *u = xmalloc(sizeof *u * (size_t)(along / step + 1));
	double *v = xmalloc(sizeof *v * (size_t)(along / step + 1));

	for (int i = 0; i < along; i += step) {
		for (int j = 0; j < across; j++) {
			/* side 0 top, 1 bottom, 2 left, 3 right: j inwards from it */
			int x = side < 2 ? i : side == 2 ? j : w - 1 - j;
			int y = side >= 2 ? i : side == 0 ? j : h - 1 - j;
			if (GET_DATA_BIT(d + (size_t)y * wpl, x)) {
				/* the page cut by the photo's edge there: not its side */
				u[n] = i;
				v[n] = j > 0 ? (side < 2 ? y : x) : -1;
				n++;
				break;
			}
		}
	}
	/* the middle of the side: the extent of the page along it, less a fifth at each end */
	int lo = n / 5, hi = n - n / 5, ok = 0, seen = 0;
	double tol = 1e9;
	for (int i = lo; i < hi; i++)
		seen += v[i] >= 0;
	/* cut off by the photo's edge over half its middle: the side is not seen */
	if (2 * seen < hi - lo)
		hi = lo;
	int round = 0;
	if (robust && hi - lo >= 10) {
		/*
		 * Most of the side on one line, whatever the rest: the line
		 * through two of its points, half the side apart, that most
		 * of the others lie on.
		 */
		int best = 0, half = (hi - lo) / 2;
		for (int p = lo; p + half < hi; p++) {
			int q = p + half, in = 0;
			if (v[p] < 0 || v[q] < 0)
				continue;
			double pa = (v[q] - v[p]) / (u[q] - u[p]), pb = v[p] - pa * u[p];
			for (int i = lo; i < hi; i++)
				in += v[i] >= 0 && fabs(v[i] - (pa * u[i] + pb)) <= LOOSE_TOL;
			if (in > best) {
				best = in;
				*a = pa;
				*b = pb;
			}
		}
		if (best < LOOSE_SEEN * (hi - lo))
			hi = lo;
		tol = LOOSE_TOL;
		round = 1;
	}
	for (; round < 2 && hi - lo >= 10; round++) {
		double su = 0, sv = 0, suu = 0, suv = 0, m = 0, res = 0;
		for (int i = lo; i < hi; i++) {
			if (v[i] < 0 || (round && fabs(v[i] - (*a * u[i] + *b)) > tol))
				continue;
			su += u[i]; sv += v[i]; suu += u[i] * u[i]; suv += u[i] * v[i]; m++;
		}
		double det = m * suu - su * su;
		if (m < 10 || det == 0)
			break;
		*a = (m * suv - su * sv) / det;
		*b = (sv - *a * su) / m;
		for (int i = lo; i < hi; i++)
			res += v[i] < 0 ? 0 : fabs(v[i] - (*a * u[i] + *b));
		tol = 3 * res / seen + 2;
		ok = 1;
	}
	free(u);
	free(v);
	return ok;
}

/* where the line y = at x + bt meets the line x = al y + bl */
static void
meet(double at, double bt, double al, double bl, double *x, double *y)
{
	*x = (al * bt + bl) / (1 - al * at);
	*y = at * *x + bt;
}

/* the corners of the sides top, bottom, left, right, clockwise from the top left */
static void
corners(const double *a, const double *b, double *cx, double *cy)
{
	meet(a[0], b[0], a[2], b[2], &cx[0], &cy[0]);
	meet(a[0], b[0], a[3], b[3], &cx[1], &cy[1]);
	meet(a[1], b[1], a[3], b[3], &cx[2], &cy[2]);
	meet(a[1], b[1], a[2], b[2], &cx[3], &cy[3]);
}

/*
 * A phone photo sees the page at a slant: a rectangle becomes a
 * quadrilateral, its lines converge and its gutters lean, which no
 * rotation undoes. The page's four sides (from the mask of the page the
 * surround holds) are mapped back to a rectangle, of the longer of each
 * pair of sides; a page whose mask is no quadrilateral (curled, torn, a
 * book's spread) is left as it is, and so is one that lies square.
 */
#define QUAD_FIT	0.015	/* of the page's area: the mask and the quadrilateral differ by less */
#define SQUARE_PX	2	/* a corner nearer its square place lies square */
#define RIM_PART	200	/* of the page's width: its edge, shaded */

/*
 * The page's corners, clockwise from the top left, from its mask; 0 when
 * the mask is a quadrilateral. A side cut off whole by the photo's edge
 * is that edge. The mask of a page cut by the photo's edge is the part of
 * the quadrilateral inside the photo.
 */
static int
page_quad(PIX *pagemask, double *cx, double *cy)
{
	double a[4], b[4];
	int w = pixGetWidth(pagemask), h = pixGetHeight(pagemask);
	int cut = touches_frame(pagemask);
	l_int32 area = 0;

	for (int s = 0; s < 4; s++)
		if (!fit_side(pagemask, s, 0, &a[s], &b[s])) {
			if (!cut)
				return -1;
			a[s] = 0;
			b[s] = s == 1 ? h - 1 : s == 3 ? w - 1 : 0;
		}
	corners(a, b, cx, cy);
	double quad = 0;
	for (int i = 0; i < 4; i++)
		quad += cx[i] * cy[(i + 1) % 4] - cx[(i + 1) % 4] * cy[i];
	quad /= 2;
	if (quad <= 0)
		return -1;
	if (cut) {
		/* what of the quadrilateral the photo holds, every other pixel both ways */
		double in = 0;
		for (int y = 0; y < h; y += 2)
			for (int x = 0; x < w; x += 2)
				in += y >= a[0] * x + b[0] && y <= a[1] * x + b[1] &&
				    x >= a[2] * y + b[2] && x <= a[3] * y + b[3];
		quad = 4 * in;
	}
	pixCountPixels(pagemask, &area, NULL);
	return quad > 0 && fabs(area - quad) <= QUAD_FIT * quad ? 0 : -1;
}

/* a quadrilateral this near to upright lies square: a scan, not a photo */
static int
lies_square(const double *cx, const double *cy)
{
	int square = 1;

	for (int i = 0; i < 4; i++) {
		square &= fabs(cx[i] - cx[i ^ 3]) <= SQUARE_PX || (i & 1);
		square &= fabs(cy[i] - cy[i ^ 1]) <= SQUARE_PX;
	}
	return square;
}

PIX *
prep_flatten(PIX *gray, PIX *pagemask, struct ocr_geom *g)
{
	double cx[4], cy[4];
	int w = pixGetWidth(gray), h = pixGetHeight(gray);

	g->flat = 0;
	g->w2 = w;
	g->h2 = h;
	if (!pagemask || page_quad(pagemask, cx, cy) || lies_square(cx, cy))
		return pixClone(gray);
	double W = fmax(hypot(cx[1] - cx[0], cy[1] - cy[0]), hypot(cx[2] - cx[3], cy[2] - cy[3]));
	double H = fmax(hypot(cx[3] - cx[0], cy[3] - cy[0]), hypot(cx[2] - cx[1], cy[2] - cy[1]));
	double k = fmin(1, fmin(w / W, h / H));
	int ww = (int)(W * k), hh = (int)(H * k);
	PTA *src = ptaCreate(4), *dst = ptaCreate(4);
	for (int i = 0; i < 4; i++) {
		ptaAddPt(src, (float)cx[i], (float)cy[i]);
		ptaAddPt(dst, (float)(i == 1 || i == 2 ? ww - 1 : 0), (float)(i >= 2 ? hh - 1 : 0));
	}
	l_float32 *vc = NULL;
	PIX *all = NULL, *flat = NULL;
	if (getProjectiveXformCoeffs(dst, src, &vc) == 0 &&
	    (all = pixProjective(gray, vc, L_BRING_IN_WHITE))) {
		BOX *box = boxCreate(0, 0, ww, hh);
		flat = pixClipRectangle(all, box, NULL);
		boxDestroy(&box);
	}
	pixDestroy(&all);
	ptaDestroy(&src);
	ptaDestroy(&dst);
	if (flat) {
		/*
		 * The page's rim is shaded, between the dark it lies on and the
		 * paper; mapped to the image's edge it would be a frame round the
		 * page. No print lies this near the edge of a sheet: the paper
		 * just inside is carried out to the edge, its shade with it (a
		 * shadow that reaches the edge is a shadow, not a fill).
		 */
		int rim = (ww < hh ? ww : hh) / RIM_PART;
		BOX *in = boxCreate(rim, rim, ww - 2 * rim, hh - 2 * rim);
		PIX *inner = rim ? pixClipRectangle(flat, in, NULL) : NULL;
		PIX *out = inner ? pixAddContinuedBorder(inner, rim, rim, rim, rim) : NULL;
		if (out) {
			pixDestroy(&flat);
			flat = out;
		}
		pixDestroy(&inner);
		boxDestroy(&in);
		g->flat = 1;
		for (int i = 0; i < 8; i++)
			g->vc[i] = vc[i];
		for (int i = 0; i < 4; i++) {
			g->qx[i] = cx[i];
			g->qy[i] = cy[i];
		}
		g->w2 = ww;
		g->h2 = hh;
	}
	free(vc);
	return flat ? flat : pixClone(gray);
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
 * The same for what finds pictures, drawings and fills, at the scale of
 * the page rather than of its boxes: a shadow or the dark corners of a
 * phone photo are taken out, a chart's fills and a photo's texture, a
 * few tiles at most, are not. Pages lit evenly are left as lit.
 */
#define LIGHT_TILES	8	/* across the page's shorter side */

PIX *
prep_light(PIX *gray)
{
	PIX *map = NULL, *n;
	l_int32 lo = 0, hi = 255;
	l_uint32 paper = 255;
	int w = pixGetWidth(gray), h = pixGetHeight(gray);
	int tile = (w < h ? w : h) / LIGHT_TILES;

	if (tile < 8 || pixGetBackgroundGrayMap(gray, NULL, 50, 50, 60, 40, &map) || !map)
		return pixClone(gray);
	pixGetRangeValues(map, 1, L_SELECT_RED, &lo, &hi);
	pixDestroy(&map);
	if (hi - lo < UNEVEN || pixGetRankValue(gray, 4, PAPER_RANK, &paper))
		return pixClone(gray);
	n = pixBackgroundNorm(gray, NULL, NULL, tile, tile, 60, tile * tile / 4, (int)paper, 1, 1);
	return n ? n : pixClone(gray);
}

/*
 * Dust on the glass, a heavy scan's specks of toner: dots far smaller than
 * a glyph with paper all round them for a glyph's width. In a gutter or a
 * margin they are the ink that keeps a column from being cut from the
 * next, and each is read as a line of its own (、 or .). Punctuation is as
 * small, but it sits beside its glyphs. They are made paper; *n gets how
 * many.
 */
#define SPECK_PART	3	/* of a glyph: a speck is smaller both ways */

PIX *
prep_despeckle(PIX *gray, int cs, int *n)
{
	PIX *bin, *mask, *out;
	BOXA *ba;
	l_int32 *tab;
	int smax = cs / SPECK_PART;
	int halo = cs / 10 > 1 ? cs / 10 : 1;

	*n = 0;
	if (smax < 2 || !(bin = pixConvertTo1(gray, ocr_otsu(gray))))
		return pixClone(gray);
	if (!(ba = pixConnCompBB(bin, 8))) {
		pixDestroy(&bin);
		return pixClone(gray);
	}
	tab = makePixelSumTab8();
	mask = pixCreateTemplate(bin);
	for (int i = 0; i < boxaGetCount(ba); i++) {
		int x, y, bw, bh;
		l_int32 own = 0, near = 0;
		boxaGetBoxGeometry(ba, i, &x, &y, &bw, &bh);
		if (bw > smax || bh > smax)
			continue;
		BOX *b0 = boxCreate(x, y, bw, bh), *b1 = boxCreate(x - cs, y - cs, bw + 2 * cs, bh + 2 * cs);
		pixCountPixelsInRect(bin, b0, &own, tab);
		pixCountPixelsInRect(bin, b1, &near, tab);
		if (near == own) {
			pixRasterop(mask, x - halo, y - halo, bw + 2 * halo, bh + 2 * halo, PIX_SET, NULL, 0, 0);
			(*n)++;
		}
		boxDestroy(&b0);
		boxDestroy(&b1);
	}
	free(tab);
	boxaDestroy(&ba);
	pixDestroy(&bin);
	if (!*n) {
		pixDestroy(&mask);
		return pixClone(gray);
	}
	l_uint32 paper = 255;
	pixGetRankValue(gray, 4, PAPER_RANK, &paper);
	out = pixCopy(NULL, gray);
	pixSetMaskedGeneral(out, mask, paper, 0, 0);
	pixDestroy(&mask);
	return out;
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
