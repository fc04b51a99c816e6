/*
 * QR codes, found by their finder squares and painted over before the
 * page is read: nothing of a code is print.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * Each of a code's three finder squares (a ring seven modules wide round
 * a solid square of three, set apart from the rest by a blank module) is
 * about a glyph in size and reads as 口; its modules read as strokes. A
 * finder is a square ring of ink with a solid square at its centre (a
 * glyph 回 has a ring inside, not a solid square); a code is three of one
 * size at the corners of a square, one at its top left, a few of their
 * widths apart.
 */
#define QR_RING		0.3	/* of the finder's box: ink, the least of a ring (24 of 49 modules) */
#define QR_RINGMAX	0.7
#define QR_CORE		0.75	/* of the core's box: ink, a solid square */
#define QR_TILE		40	/* grey levels: the ground round a code's light tile is this much darker */
#define QR_SPAN		6	/* finder widths: the farthest apart two finders of one code lie */

struct finder {
	int x, y, s;		/* top left corner and size */
};

static int
is_finder(BOXA *ba, NUMA *cnt, int i)
{
	int x, y, w, h;
	l_float32 v = 0;

	boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
	numaGetFValue(cnt, i, &v);
	if (w < 7 || 5 * abs(w - h) > w || v < QR_RING * w * h || v > QR_RINGMAX * w * h)
		return 0;
	for (int j = 0; j < boxaGetCount(ba); j++) {
		int cx, cy, cw, ch;
		l_float32 cv = 0;
		boxaGetBoxGeometry(ba, j, &cx, &cy, &cw, &ch);
		if (j == i || 10 * cw < 3 * w || 10 * cw > 6 * w || 5 * abs(cw - ch) > cw)
			continue;
		/* centred in the ring */
		if (abs(2 * cx + cw - 2 * x - w) * 7 > w || abs(2 * cy + ch - 2 * y - h) * 7 > h)
			continue;
		numaGetFValue(cnt, j, &cv);
		if (cv >= QR_CORE * cw * ch)
			return 1;
	}
	return 0;
}

/* the median grey of the ring of p one pixel outside [x0, x1) x [y0, y1); -1: off the image */
static int
ring_level(PIX *p, int x0, int y0, int x1, int y1)
{
	int w = pixGetWidth(p), h = pixGetHeight(p), wpl = pixGetWpl(p);
	long hist[256] = { 0 }, n = 0, acc = 0;
	l_uint32 *d = pixGetData(p);

	if (x0 < 1 || y0 < 1 || x1 >= w || y1 >= h)
		return -1;
	for (int x = x0 - 1; x <= x1; x++, n += 2) {
		hist[GET_DATA_BYTE(d + (y0 - 1) * wpl, x)]++;
		hist[GET_DATA_BYTE(d + y1 * wpl, x)]++;
	}
	for (int y = y0; y < y1; y++, n += 2) {
		hist[GET_DATA_BYTE(d + y * wpl, x0 - 1)]++;
		hist[GET_DATA_BYTE(d + y * wpl, x1)]++;
	}
	for (int v = 0; v < 256; v++)
		if (2 * (acc += hist[v]) >= n)
			return v;
	return 255;
}

/*
 * The code [x0, x1) x [y0, y1) of p painted over with the light of its
 * own quiet zone. Returns 1 when the code is set on a light tile on a
 * darker ground (a banner, a tinted box): a ring within a few modules
 * round it is that much darker.
 */
static int
paint_code(PIX *p, int x0, int y0, int x1, int y1, int mod)
{
	int light = ring_level(p, x0, y0, x1, y1), tile = 0;

	if (light < 0)
		light = 255;
	for (int k = 1; k <= 4 * mod && !tile; k++) {
		int v = ring_level(p, x0 - k, y0 - k, x1 + k, y1 + k);
		if (v < 0)
			break;
		tile = v < light - QR_TILE;
	}
	BOX *bx = boxCreate(x0, y0, x1 - x0, y1 - y0);
	pixSetInRectArbitrary(p, bx, (l_uint32)light);
	boxDestroy(&bx);
	return tile;
}

/*
 * Finds the QR codes of gray (cs its glyph height) and paints them over
 * with the light of their own quiet zone in gray, before the reader of
 * print on a ground looks there; returns their boxes in the page as read
 * (gray scaled by sc).
 */
BOXA *
nontext_qr(PIX *gray, struct bimg *b, int cs, double sc, struct buf *prof)
{
	PIX *bin;
	BOXA *ba, *codes = boxaCreate(0);
	PIXA *pa = NULL;
	NUMA *cnt;
	int n, nf = 0;

	if (cs < 4 || pixGetDepth(gray) != 8 || !(bin = pixConvertTo1(gray, ocr_otsu(gray))))
		return codes;
	/* four-connected: the blur of a scan joins a finder to the modules past its corners */
	ba = pixConnComp(bin, &pa, 4);
	cnt = pa ? pixaCountPixels(pa) : NULL;
	n = ba && cnt ? boxaGetCount(ba) : 0;
	struct finder *f = xcalloc((size_t)n + 1, sizeof *f);
	for (int i = 0; i < n; i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
		/* a finder is about a glyph: from a third of one to a few */
		if (3 * w < cs || w > 4 * cs || !is_finder(ba, cnt, i))
			continue;
		f[nf++] = (struct finder){ x, y, w };
	}
	for (int i = 0; i < nf; i++) {
		/* the top left finder: one as big to its right and one below, as far */
		int right = -1, below = -1, si = f[i].s;
		for (int j = 0; j < nf && below < 0; j++) {
			int dx = f[j].x - f[i].x;
			if (j == i || 4 * abs(f[j].s - si) > si || 3 * abs(f[j].y - f[i].y) > si ||
			    dx < 2 * si || dx > QR_SPAN * si)
				continue;
			for (int k = 0; k < nf && below < 0; k++) {
				int dy = f[k].y - f[i].y;
				if (k != i && k != j && 4 * abs(f[k].s - si) <= si &&
				    3 * abs(f[k].x - f[i].x) <= si && 5 * abs(dx - dy) <= dx)
					right = j, below = k;
			}
		}
		if (below < 0)
			continue;
		int x0 = f[i].x, y0 = f[i].y, x1 = f[right].x + f[right].s, y1 = f[below].y + f[below].s;
		int mod = si / 7 + 1, pw = pixGetWidth(gray), ph = pixGetHeight(gray);
		x0 = x0 - mod < 0 ? 0 : x0 - mod;
		y0 = y0 - mod < 0 ? 0 : y0 - mod;
		x1 = x1 + mod > pw ? pw : x1 + mod;
		y1 = y1 + mod > ph ? ph : y1 + mod;
		if (prof)
			buf_printf(prof, "  QR code %dx%d+%d+%d\n", x1 - x0, y1 - y0, x0, y0);
		int tile = paint_code(gray, x0, y0, x1, y1, mod);
		boxaAddBox(codes, boxCreate((int)(x0 * sc), (int)(y0 * sc), (int)((x1 - x0) * sc + 1),
		    (int)((y1 - y0) * sc + 1)), L_INSERT);
		/*
		 * On the paper, the layout keeps the code's place (a block that
		 * reads nothing), as it sets the columns beside it apart; on a
		 * ground it is the ground's, and only its own print is laid out.
		 */
		int red = b->red > 0 ? b->red : 1;
		for (int y = y0 / red; tile && y < (y1 + red - 1) / red && y < b->h; y++)
			for (int x = x0 / red; x < (x1 + red - 1) / red && x < b->w; x++)
				b->p[(size_t)y * b->w + x] = 0;
	}
	free(f);
	numaDestroy(&cnt);
	pixaDestroy(&pa);
	boxaDestroy(&ba);
	pixDestroy(&bin);
	return codes;
}

/*
 * The codes (boxes of pix) painted over in pix, the page as read, once
 * Tesseract's layout analysis has seen them there: it takes a code for a
 * picture, and the layout of the page stays as it was.
 */
void
nontext_qr_paint(PIX *pix, BOXA *codes)
{
	for (int i = 0; codes && i < boxaGetCount(codes); i++) {
		int x, y, w, h;
		boxaGetBoxGeometry(codes, i, &x, &y, &w, &h);
		if (pixGetDepth(pix) == 8)
			paint_code(pix, x, y, x + w, y + h, 1);
	}
}
