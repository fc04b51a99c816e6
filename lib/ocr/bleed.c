/*
 * Photos that run off the page (full bleed). The image finders box the
 * part of such a photo whose texture they know (a halftone, a busy
 * patch); its flat parts (a night sky, a wall) they leave to the text,
 * which then reads specks of it as glyphs and, worse, puts the print laid
 * over it (its caption) in a column of its own, read before the text
 * beside it. A photo ends where the page's paper starts again: a found
 * picture is grown over the ground that is not the paper's, and when that
 * takes it to an edge of the page it is one photo, from the paper to the
 * edge (a picture the finders boxed with the text beside it is brought
 * in to the same edge). The lines of print laid over it at its top or its
 * foot are its caption: they are left out of the photo, so that they are
 * read, light print made dark, and as they then lie under (or over) the
 * photo, caption.c reads them after the text beside it. A ground that
 * holds other lines of print, or under lines that run on onto the paper,
 * is a background under the text (a slide's, a scan's shaded margin): it
 * stays as it was found.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define BLEED_TINT	8	/* grey levels from the paper: another ground, where the paper is flat */
#define BLEED_SD	20	/* grey levels: texture, not paper noise or JPEG */
#define BLEED_OFF	0.6	/* of its box: not paper, a photo is a rectangle */
#define BLEED_EDGE	0.25	/* of the strip past its edge: not paper at most (the paper starts) */
#define BLEED_GROW	2	/* cells: a photo grown (or brought in) by less is as it was found */
#define BLEED_PHOTO	8	/* glyphs: the least height and width of a photo run off the page */
#define CAP_REACH	3	/* glyphs: a caption's line is this close to the photo's top or foot */
#define CAP_GLYPHS	5	/* glyph-sized pieces in a line of print at least */
#define CAP_CONTRAST	60	/* grey levels between a caption's print and the photo under it */
#define CAP_GAP		2	/* glyphs: the widest blank in a line of print */

struct cells {
	int tw, th, cs;
	unsigned char *off;	/* 1: the cell is not the paper */
};

/*
 * A cell a glyph square is the page's paper when the grey between its
 * strokes (the blurred edges of the strokes left out) is the paper's and
 * flat; a photo's is another grey, or textured, or all ink.
 */
static void
cells_off(PIX *gray, int cs, struct cells *c)
{
	int w = pixGetWidth(gray), h = pixGetHeight(gray), t = ocr_otsu(gray);
	int paper = ocr_paper_level(gray), d = cs / 6 > 1 ? cs / 6 : 1;
	PIX *bin = pixConvertTo1(gray, t), *near = NULL;

	c->cs = cs;
	c->tw = (w + cs - 1) / cs;
	c->th = (h + cs - 1) / cs;
	c->off = xcalloc((size_t)c->tw * c->th, 1);
	if (!bin)
		return;
	near = pixDilateBrick(NULL, bin, 2 * d + 3, 2 * d + 3);
	size_t nc = (size_t)c->tw * c->th;
	/* the grey between the strokes by its quartiles: the blurred edges of thin print are few */
	unsigned short *hist = xcalloc(nc * 256, sizeof *hist);
	double *ink = xcalloc(nc, sizeof *ink);
	l_uint32 *gd = pixGetData(gray), *bd = pixGetData(bin), *nd = near ? pixGetData(near) : NULL;
	int gw = pixGetWpl(gray), bw = pixGetWpl(bin);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			size_t k = (size_t)(y / cs) * c->tw + x / cs;
			if (GET_DATA_BIT(bd + y * bw, x)) {
				ink[k]++;
				continue;
			}
			if (nd && GET_DATA_BIT(nd + y * bw, x))
				continue;
			hist[k * 256 + GET_DATA_BYTE(gd + y * gw, x)]++;
		}
	for (size_t k = 0; k < nc; k++) {
		double area = (double)cs * cs;
		unsigned short *hk = hist + k * 256;
		long n = 0, acc = 0;
		int q1 = -1, q2 = -1, q3 = -1;
		if (ink[k] > 0.85 * area) {
			c->off[k] = 1;
			continue;
		}
		for (int v = 0; v < 256; v++)
			n += hk[v];
		if (n <= area / 8)
			continue;
		for (int v = 0; v < 256; v++) {
			acc += hk[v];
			if (q1 < 0 && 4 * acc >= n) q1 = v;
			if (q2 < 0 && 2 * acc >= n) q2 = v;
			if (q3 < 0 && 4 * acc >= 3 * n) q3 = v;
		}
		/* a normal spread's quartiles lie 1.35 sd apart */
		c->off[k] = (q2 > paper + BLEED_TINT || q2 < paper - BLEED_TINT ||
		    q3 - q1 > 1.35 * BLEED_SD);
	}
	free(hist);
	free(ink);
	pixDestroy(&near);
	pixDestroy(&bin);
}

/* the share of cells not paper in the cells [x0, x1) x [y0, y1) */
static double
offshare(const struct cells *c, int x0, int y0, int x1, int y1)
{
	long k = 0, all = 0;

	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++, all++)
			k += c->off[(size_t)y * c->tw + x];
	return all ? (double)k / all : 0;
}

/*
 * The cells r (x0, y0, x1, y1) of a found picture brought to the box of
 * the cells not paper that join those in it (grown over a photo's flat
 * parts, or brought in from the text beside it); 1 when that reaches an edge of the
 * page, is mostly not paper (a photo is a rectangle) and ends at the
 * paper on every other side.
 */
static int
grow(const struct cells *c, int r[4])
{
	int tw = c->tw, th = c->th, r0[4];
	size_t nc = (size_t)tw * th, *stack = xmalloc(nc * sizeof *stack), sp = 0;
	unsigned char *seen = xcalloc(nc, 1);
	long area = 0;

	memcpy(r0, r, sizeof r0);
	/* the biggest piece among those the picture holds: specks in the text beside it are not it */
	for (int y = r0[1]; y < r0[3]; y++)
		for (int x = r0[0]; x < r0[2]; x++) {
			size_t k0 = (size_t)y * tw + x;
			int b[4] = { tw, th, 0, 0 };
			long a = 0;
			if (!c->off[k0] || seen[k0])
				continue;
			seen[k0] = 1, stack[sp++] = k0;
			while (sp) {
				size_t k = stack[--sp];
				int cx = (int)(k % tw), cy = (int)(k / tw);
				a++;
				if (cx < b[0]) b[0] = cx;
				if (cy < b[1]) b[1] = cy;
				if (cx + 1 > b[2]) b[2] = cx + 1;
				if (cy + 1 > b[3]) b[3] = cy + 1;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int xx = cx + dx, yy = cy + dy;
						if (xx < 0 || yy < 0 || xx >= tw || yy >= th)
							continue;
						size_t kk = (size_t)yy * tw + xx;
						if (c->off[kk] && !seen[kk])
							seen[kk] = 1, stack[sp++] = kk;
					}
			}
			if (a > area) {
				area = a;
				memcpy(r, b, sizeof b);
			}
		}
	free(stack);
	free(seen);
	if (!area)
		return 0;
	if (r[0] > 0 && r[1] > 0 && r[2] < tw && r[3] < th)
		return 0;
	if (abs(r0[0] - r[0]) + abs(r0[1] - r[1]) + abs(r[2] - r0[2]) + abs(r[3] - r0[3]) < BLEED_GROW)
		return 0;
	if (area < BLEED_OFF * (r[2] - r[0]) * (r[3] - r[1]))
		return 0;
	/* the paper starts where it stops: a step, not the slow fall of uneven light */
	if ((r[0] > 0 && offshare(c, r[0] - 1, r[1], r[0], r[3]) > BLEED_EDGE) ||
	    (r[1] > 0 && offshare(c, r[0], r[1] - 1, r[2], r[1]) > BLEED_EDGE) ||
	    (r[2] < tw && offshare(c, r[2], r[1], r[2] + 1, r[3]) > BLEED_EDGE) ||
	    (r[3] < th && offshare(c, r[0], r[3], r[2], r[3] + 1) > BLEED_EDGE))
		return 0;
	return 1;
}

/*
 * An edge of the photo brought from its cell's border to the pixel where
 * the paper starts: the last column (row) from the inside whose pixels are
 * mostly not paper. e is the edge's index in r (0 left, 1 top, 2 right,
 * 3 bottom), in pixels of gray.
 */
static void
settle_edge(PIX *gray, int paper, int cs, int r[4], int e)
{
	int wpl = pixGetWpl(gray), w = pixGetWidth(gray), h = pixGetHeight(gray);
	l_uint32 *d = pixGetData(gray);
	int vert = e == 0 || e == 2, out = e >= 2 ? 1 : -1;
	int lim = vert ? w : h, from = r[e] - out * cs, best = r[e];

	for (int i = 0; i <= 2 * cs; i++) {
		int p = from + out * i;	/* the column or row just inside the edge at p */
		int q = e >= 2 ? p - 1 : p;
		if (q < 0 || q >= lim)
			break;
		int a0 = vert ? r[1] : r[0], a1 = vert ? r[3] : r[2], k = 0;
		for (int a = a0; a < a1; a++) {
			int v = vert ? GET_DATA_BYTE(d + a * wpl, q) : GET_DATA_BYTE(d + q * wpl, a);
			k += v > paper + BLEED_TINT || v < paper - BLEED_TINT;
		}
		if (2 * k >= a1 - a0)
			best = p;
		else if (i > cs)
			break;
	}
	r[e] = best;
}

struct line {
	int x0, y0, x1, y1;
	int light;		/* light print on a dark ground */
};

/*
 * Lines of print in the rows [y0, y1) of the photo r: rows where several
 * glyph-sized pieces (dark on a light part of the photo or light on a
 * dark one) stand side by side, a few glyphs long without a wide blank.
 */
static size_t
print_lines(PIX *gray, int cs, const int r[4], int y0, int y1, struct line *out, size_t max)
{
	size_t n = 0;
	BOX *bx = boxCreate(r[0], y0, r[2] - r[0], y1 - y0);
	PIX *g = bx ? pixClipRectangle(gray, bx, NULL) : NULL;

	boxDestroy(&bx);
	if (!g)
		return 0;
	/*
	 * The ground is most of the strip, the print a few of its pixels:
	 * print is what lies halfway from the ground's grey to the darkest
	 * (or the lightest) of the strip, when that is print's contrast away.
	 */
	int h = pixGetHeight(g), gw = pixGetWidth(g), gwpl = pixGetWpl(g), lim[2];
	long hist[256] = { 0 }, all = (long)gw * h, acc = 0;
	int lo = -1, mid = -1, hi = -1;
	l_uint32 *gd = pixGetData(g);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < gw; x++)
			hist[GET_DATA_BYTE(gd + y * gwpl, x)]++;
	for (int v = 0; v < 256; v++) {
		acc += hist[v];
		if (lo < 0 && 200 * acc >= all) lo = v;
		if (mid < 0 && 2 * acc >= all) mid = v;
		if (hi < 0 && 200 * acc >= 199 * all) hi = v;
	}
	lim[0] = mid - lo >= CAP_CONTRAST ? (lo + mid) / 2 : -1;
	lim[1] = hi - mid >= CAP_CONTRAST ? (mid + hi) / 2 : -1;
	for (int pol = 0; pol < 2 && n < max; pol++) {
		int t = lim[pol];
		if (t < 0)
			continue;
		PIX *bin = pixConvertTo1(g, t);
		if (bin && pol)
			pixInvert(bin, bin);
		BOXA *ba = bin ? pixConnCompBB(bin, 8) : NULL;
		int nb = ba ? boxaGetCount(ba) : 0;
		int *cover = xcalloc((size_t)h + 1, sizeof *cover);
		unsigned char *glyph = xcalloc((size_t)nb + 1, 1);
		for (int i = 0; i < nb; i++) {
			int x, y, w, hh;
			boxaGetBoxGeometry(ba, i, &x, &y, &w, &hh);
			if (3 * hh < 2 * cs || 2 * hh > 3 * cs || 2 * w > 3 * cs)
				continue;
			glyph[i] = 1;
			for (int yy = y; yy < y + hh; yy++)
				cover[yy]++;
		}
		for (int y = 0; y < h && n < max;) {
			if (cover[y] < CAP_GLYPHS) {
				y++;
				continue;
			}
			int s = y;
			while (y < h && cover[y] >= CAP_GLYPHS)
				y++;
			/* the pieces of the band, in runs without a wide blank */
			int *xs = xcalloc((size_t)nb + 1, sizeof *xs), m = 0;
			for (int i = 0; i < nb; i++) {
				int x, yy, w, hh;
				boxaGetBoxGeometry(ba, i, &x, &yy, &w, &hh);
				if (glyph[i] && yy + hh > s && yy < y)
					xs[m++] = i;
			}
			for (int a = 0; a < m; a++)	/* by x */
				for (int b2 = a + 1; b2 < m; b2++) {
					int xa, xb;
					boxaGetBoxGeometry(ba, xs[a], &xa, NULL, NULL, NULL);
					boxaGetBoxGeometry(ba, xs[b2], &xb, NULL, NULL, NULL);
					if (xb < xa) {
						int t2 = xs[a];
						xs[a] = xs[b2];
						xs[b2] = t2;
					}
				}
			for (int a = 0; a < m && n < max;) {
				struct line l = { INT32_MAX, INT32_MAX, -1, -1, pol };
				int k = 0;
				for (; a < m; a++, k++) {
					int x, yy, w, hh;
					boxaGetBoxGeometry(ba, xs[a], &x, &yy, &w, &hh);
					if (k && x - l.x1 > CAP_GAP * cs)
						break;
					if (x < l.x0) l.x0 = x;
					if (yy < l.y0) l.y0 = yy;
					if (x + w > l.x1) l.x1 = x + w;
					if (yy + hh > l.y1) l.y1 = yy + hh;
				}
				if (k >= CAP_GLYPHS && l.x1 - l.x0 >= CAP_GLYPHS * cs)
					out[n++] = (struct line){ r[0] + l.x0, y0 + l.y0, r[0] + l.x1,
					    y0 + l.y1, pol };
			}
			free(xs);
		}
		free(cover);
		free(glyph);
		boxaDestroy(&ba);
		pixDestroy(&bin);
	}
	pixDestroy(&g);
	return n;
}

/*
 * The caption laid over the photo r, at its foot (foot 1) or its top:
 * the lines of print within CAP_REACH glyphs of that edge and those set
 * close on from them. 1 and its box in *cap when there is one.
 */
static int
caption_over(PIX *gray, int cs, const int r[4], int foot, struct line *cap)
{
	struct line l[32];
	unsigned char used[32] = { 0 };
	int reach = (CAP_REACH + 4) * cs, best = -1;
	int y0 = foot ? r[3] - reach : r[1], y1 = foot ? r[3] : r[1] + reach;

	if (y0 < r[1]) y0 = r[1];
	if (y1 > r[3]) y1 = r[3];
	if (y1 - y0 < cs)
		return 0;
	/* clear of the photo's edge, where the paper next to it would join the print to it */
	int m = cs / 4, in[4] = { r[0] + m, r[1], r[2] - m, r[3] };
	if (foot)
		y1 -= m;
	else
		y0 += m;
	size_t n = print_lines(gray, cs, in, y0, y1, l, 32);
	for (size_t i = 0; i < n; i++) {
		int d = foot ? r[3] - l[i].y1 : l[i].y0 - r[1];
		if (d <= CAP_REACH * cs && (best < 0 || d < (foot ? r[3] - l[best].y1 : l[best].y0 - r[1])))
			best = (int)i;
	}
	if (best < 0)
		return 0;
	*cap = l[best];
	used[best] = 1;
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < n; i++) {
			if (used[i] || l[i].y0 > cap->y1 + cs || l[i].y1 < cap->y0 - cs ||
			    l[i].x1 <= cap->x0 || l[i].x0 >= cap->x1 || l[i].light != cap->light)
				continue;
			used[i] = 1;
			if (l[i].x0 < cap->x0) cap->x0 = l[i].x0;
			if (l[i].y0 < cap->y0) cap->y0 = l[i].y0;
			if (l[i].x1 > cap->x1) cap->x1 = l[i].x1;
			if (l[i].y1 > cap->y1) cap->y1 = l[i].y1;
			again = 1;
		}
	}
	return 1;
}

/*
 * Light print on the photo's dark ground, in the band l of gray (of which
 * pix is scaled by sc and the layout b reduced by b->red), made dark print
 * on a light ground: what the layout and the model read.
 */
static void
to_dark(PIX *gray, PIX *pix, struct bimg *b, double sc, struct line l)
{
	BOX *bx = boxCreate(l.x0, l.y0, l.x1 - l.x0, l.y1 - l.y0);
	PIX *g = bx ? pixClipRectangle(gray, bx, NULL) : NULL;
	int red = b->red > 0 ? b->red : 1;

	boxDestroy(&bx);
	if (!g)
		return;
	int t = ocr_otsu(g), wpl = pixGetWpl(gray);
	l_uint32 *d = pixGetData(gray);
	for (int y = l.y0 / red; y < l.y1 / red && y < b->h; y++)
		for (int x = l.x0 / red; x < l.x1 / red && x < b->w; x++)
			b->p[(size_t)y * b->w + x] = GET_DATA_BYTE(d + y * red * wpl, x * red) > t;
	/* the ground to white and the print to black, as the model reads best */
	double lo = 0, hi = 0, nlo = 0, nhi = 0;
	l_uint32 *gd = pixGetData(g);
	int gw = pixGetWidth(g), gh = pixGetHeight(g), gwpl = pixGetWpl(g);
	for (int y = 0; y < gh; y++)
		for (int x = 0; x < gw; x++) {
			int v = GET_DATA_BYTE(gd + y * gwpl, x);
			if (v > t)
				hi += v, nhi++;
			else
				lo += v, nlo++;
		}
	lo = nlo ? lo / nlo : 0;
	hi = nhi ? hi / nhi : 255;
	if (hi - lo < 1)
		hi = lo + 1;
	int pwpl = pixGetWpl(pix), pw = pixGetWidth(pix), ph = pixGetHeight(pix);
	l_uint32 *pd = pixGetData(pix);
	for (int y = (int)(l.y0 * sc); y < (int)(l.y1 * sc) && y < ph; y++)
		for (int x = (int)(l.x0 * sc); x < (int)(l.x1 * sc) && x < pw; x++) {
			int gx = (int)(x / sc), gy = (int)(y / sc);
			if (gx >= pixGetWidth(gray) || gy >= pixGetHeight(gray))
				continue;
			double v = 255 * (hi - GET_DATA_BYTE(d + gy * wpl, gx)) / (hi - lo);
			SET_DATA_BYTE(pd + y * pwpl, x, v < 0 ? 0 : v > 255 ? 255 : (int)v);
		}
	pixDestroy(&g);
}

/* the captions over the photo r: at its top, then at its foot */
static void
captions(PIX *gray, int cs, const int r[4], struct line cap[2], int *n)
{
	*n = 0;
	if (caption_over(gray, cs, r, 0, &cap[*n]))
		(*n)++;
	if (caption_over(gray, cs, r, 1, &cap[*n]) && !(*n && cap[1].y0 < cap[0].y1))
		(*n)++;
}

/*
 * Whether the print of the line l runs on past the photo's edge at row e
 * (above it, or below it): a column of text set over a background that
 * runs on onto the paper. A caption stays on its photo.
 */
static int
runs_on(PIX *gray, int cs, struct line l, int e, int above)
{
	struct line o[8];
	int r[4] = { l.x0, 0, l.x1, 0 }, h = pixGetHeight(gray);
	int y0 = above ? e - 2 * cs : e, y1 = above ? e : e + 2 * cs;

	if (y0 < 0) y0 = 0;
	if (y1 > h) y1 = h;
	if (y1 - y0 < cs)
		return 0;
	return print_lines(gray, cs, r, y0, y1, o, 8) > 0;
}

/*
 * Whether the photo r holds lines of print other than in the picture
 * found (x, y, w, h) and its n captions cap.
 */
static int
text_in(PIX *gray, int cs, const int r[4], int x, int y, int w, int h, const struct line *cap,
    int n)
{
	struct line l[64];
	size_t nl = print_lines(gray, cs, r, r[1], r[3], l, 64);

	for (size_t i = 0; i < nl; i++) {
		int mine = l[i].x0 < x + w && l[i].x1 > x && l[i].y0 < y + h && l[i].y1 > y;
		for (int k = 0; k < n && !mine; k++)
			mine = l[i].y0 < cap[k].y1 && l[i].y1 > cap[k].y0;
		if (!mine)
			return 1;
	}
	return 0;
}

static void
add(BOXA *out, double sc, int x0, int y0, int x1, int y1)
{
	if (x1 > x0 && y1 > y0)
		boxaAddBox(out, boxCreate((int)(x0 * sc), (int)(y0 * sc), (int)((x1 - x0) * sc),
		    (int)((y1 - y0) * sc)), L_INSERT);
}

/*
 * The pictures (boxes of the page as read, gray scaled by sc) that run off
 * the page grown to the whole photo, less the caption over it; cs is the
 * glyph height in gray. Light print of a caption is made dark in pix and
 * in the layout b.
 */
void
nontext_bleed(PIX *gray, PIX *pix, struct bimg *b, int cs, double sc, BOXA *images,
    struct buf *prof)
{
	struct cells c;
	int n = images ? boxaGetCount(images) : 0;

	if (!n || cs < 4 || pixGetDepth(gray) != 8)
		return;
	int pw = pixGetWidth(gray), ph = pixGetHeight(gray), paper = ocr_paper_level(gray);
	int (*whole)[4] = xcalloc((size_t)n, sizeof *whole);
	unsigned char *grown = xcalloc((size_t)n, 1);
	struct line (*cap)[2] = xcalloc((size_t)n, sizeof *cap);
	int *ncap = xcalloc((size_t)n, sizeof *ncap);
	cells_off(gray, cs, &c);
	for (int i = 0; i < n; i++) {
		int x, y, w, h, *r = whole[i];
		boxaGetBoxGeometry(images, i, &x, &y, &w, &h);
		x = (int)(x / sc), y = (int)(y / sc), w = (int)(w / sc), h = (int)(h / sc);
		/* the cells wholly inside the picture */
		r[0] = (x + cs - 1) / cs, r[1] = (y + cs - 1) / cs;
		r[2] = (x + w) / cs, r[3] = (y + h) / cs;
		if (r[2] - r[0] < 1 || r[3] - r[1] < 1)
			continue;
		if (!grow(&c, r)) {
			/* found whole: a photo as big as a drawing that runs off the page */
			if (w < BLEED_PHOTO * cs || h < BLEED_PHOTO * cs ||
			    (x > cs && y > cs && x + w < pw - cs && y + h < ph - cs))
				continue;
			r[0] = x, r[1] = y, r[2] = x + w, r[3] = y + h;
			grown[i] = 1;
			captions(gray, cs, r, cap[i], &ncap[i]);
			continue;
		}
		for (int e = 0; e < 4; e++)
			r[e] *= cs;
		if (r[2] > pw) r[2] = pw;
		if (r[3] > ph) r[3] = ph;
		if ((double)(r[2] - r[0]) * (r[3] - r[1]) > 0.8 * pw * ph)
			continue;
		if (r[0] > 0) settle_edge(gray, paper, cs, r, 0);
		if (r[1] > 0) settle_edge(gray, paper, cs, r, 1);
		if (r[2] < pw) settle_edge(gray, paper, cs, r, 2);
		if (r[3] < ph) settle_edge(gray, paper, cs, r, 3);
		grown[i] = 1;
		/*
		 * Text that runs on past the edge, or lines of print in what it
		 * grew over that are no caption: a background under the text
		 * (or the shade of a scan's margin), no photo.
		 */
		captions(gray, cs, r, cap[i], &ncap[i]);
		for (int k = 0; k < ncap[i]; k++)
			if ((r[1] > 0 && runs_on(gray, cs, cap[i][k], r[1], 1)) ||
			    (r[3] < ph && runs_on(gray, cs, cap[i][k], r[3], 0)))
				grown[i] = 0;
		if (grown[i] && text_in(gray, cs, r, x, y, w, h, cap[i], ncap[i]))
			grown[i] = 0;
		if (!grown[i]) {
			if (prof)
				buf_printf(prof, "  bleed %dx%d+%d+%d: text runs on past its edge\n",
				    w, h, x, y);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (grown[j] && !memcmp(whole[j], r, sizeof whole[j]))
				grown[i] = 2;	/* found twice */
		if (prof)
			buf_printf(prof, "  bleed %dx%d+%d+%d to %dx%d+%d+%d\n", w, h, x, y,
			    r[2] - r[0], r[3] - r[1], r[0], r[1]);
	}
	BOXA *out = boxaCreate(0);
	for (int i = 0; i < n; i++) {
		int x, y, w, h, inside = 0;
		boxaGetBoxGeometry(images, i, &x, &y, &w, &h);
		x = (int)(x / sc), y = (int)(y / sc), w = (int)(w / sc), h = (int)(h / sc);
		/* what was found inside a grown photo is the photo too */
		for (int j = 0; j < n && !inside; j++)
			inside = grown[j] && x >= whole[j][0] && y >= whole[j][1] &&
			    x + w <= whole[j][2] + cs && y + h <= whole[j][3] + cs;
		if (!inside && !grown[i])
			boxaAddBox(out, boxaGetBox(images, i, L_COPY), L_INSERT);
		if (grown[i] != 1)
			continue;
		/* the photo less its caption: over it, under it, and on its two sides */
		int *r = whole[i], top = r[1], pad = cs / 3;
		for (int k = 0; k < ncap[i]; k++) {
			struct line l = cap[i][k];
			l.x0 -= pad, l.y0 -= pad, l.x1 += pad, l.y1 += pad;
			if (l.y0 < top) l.y0 = top;
			if (l.y1 > r[3]) l.y1 = r[3];
			if (l.x0 < r[0]) l.x0 = r[0];
			if (l.x1 > r[2]) l.x1 = r[2];
			if (l.y0 >= l.y1)
				continue;
			if (prof)
				buf_printf(prof, "  caption over it %dx%d+%d+%d\n", l.x1 - l.x0,
				    l.y1 - l.y0, l.x0, l.y0);
			if (l.light)
				to_dark(gray, pix, b, sc, l);
			add(out, sc, r[0], top, r[2], l.y0);
			add(out, sc, r[0], l.y0, l.x0 - 1, l.y1);
			add(out, sc, l.x1 + 1, l.y0, r[2], l.y1);
			top = l.y1;
		}
		add(out, sc, r[0], top, r[2], r[3]);
	}
	boxaClear(images);
	boxaJoin(images, out, 0, -1);
	boxaDestroy(&out);
	free(whole);
	free(grown);
	free(cap);
	free(ncap);
	free(c.off);
}
