/*
 * One page image to text lines in reading order: the stage's top function
 * and the page's bookkeeping (lines, and the way back from the working
 * image to the page as given).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * Under this mean confidence a page may be turned: OSD is asked then, and
 * the page read again upright when it says so. Upright pages of print
 * score 70-95, so they pay nothing for the check; nor does a blank page
 * (the back of a sheet), which has nothing to turn.
 */
#define TURN_BELOW	60

/*
 * The grey the paper of an unevenly lit page is brought to: for the layout
 * a darker grey keeps faint small print (a newspaper's) in the binarised
 * copy; the model reads best from near white paper, where the specks of a
 * noisy scan stay faint.
 */
#define LAYOUT_PAPER	200
#define READ_PAPER	250

static int read_as_is(struct ocr_engine *e, struct ocr_page *pg, PIX *gray, int quads);

/* CPU seconds of this thread: a worker's stages, not its neighbours' */
double
ocr_cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* one stage's CPU since *t, on the profile when asked for; *t moves on */
static void
lap(struct ocr_engine *e, struct ocr_page *pg, double *t, const char *stage)
{
	double now;

	if (!e->profile)
		return;
	now = ocr_cpu();
	buf_printf(&pg->prof, "%-10s %7.3f\n", stage, now - *t);
	*t = now;
}

int
ocr_read_page(struct ocr_engine *e, struct ocr_page *pg, PIX *gray)
{
	struct ocr_page alt = { 0 };
	PIX *up;
	int quads;

	if (read_as_is(e, pg, gray, 0) < 0)
		return -1;
	if (e->noosd || pg->meanconf >= TURN_BELOW || !pg->inked)
		return 0;
	double t = e->profile ? ocr_cpu() : 0;
	up = prep_upright(e, gray, &quads);
	lap(e, pg, &t, "osd");
	if (quads && read_as_is(e, &alt, up, quads) == 0 && alt.meanconf > pg->meanconf) {
		buf_adds(&pg->prof, "turned, read again:\n");
		buf_add(&pg->prof, alt.prof.p, alt.prof.len);
		buf_free(&alt.prof);
		alt.prof = pg->prof;
		pg->prof = (struct buf){ 0 };
		ocr_page_free(pg);
		*pg = alt;
	} else {
		if (alt.prof.len) {
			buf_adds(&pg->prof, "turned, read again (not kept):\n");
			buf_add(&pg->prof, alt.prof.p, alt.prof.len);
		}
		ocr_page_free(&alt);
	}
	pixDestroy(&up);
	return 0;
}

/* more than specks: a page with nothing read from it is unreadable, not blank */
static int
inked(const struct bimg *b)
{
	size_t n = 0, all = (size_t)b->w * b->h;

	for (size_t i = 0; i < all; i++)
		n += b->p[i];
	return n * 200 > all;
}

struct item {
	struct rect r;		/* in pixels of the working image */
	enum ocr_blockkind kind;
};

static int
xoverlap(struct rect a, struct rect b)
{
	return a.x0 < b.x1 && b.x0 < a.x1;
}

/*
 * The blocks of the column layout (scaled by k to the working image) and
 * the tables in one reading order: a table goes before the first block of
 * its columns that starts below its top, else after the last block of its
 * columns.
 */
static size_t
order(const struct rects *blks, const int *lone, double k, BOXA *tables, struct item **out)
{
	size_t nt = (size_t)boxaGetCount(tables), n = 0;
	struct item *it = xcalloc(blks->n + nt + 1, sizeof *it);

	for (size_t i = 0; i < blks->n; i++) {
		struct rect r = blks->r[i];
		it[n++] = (struct item){ { (int)(r.x0 * k), (int)(r.y0 * k), (int)(r.x1 * k),
		    (int)(r.y1 * k) }, lone[i] ? OCR_LINE : OCR_TEXT };
	}
	for (size_t t = 0; t < nt; t++) {
		int x, y, w, h;
		boxaGetBoxGeometry(tables, (int)t, &x, &y, &w, &h);
		struct item tb = { { x, y, x + w, y + h }, OCR_TABLE };
		size_t at = n, last = n;
		for (size_t i = 0; i < n; i++) {
			if (!xoverlap(it[i].r, tb.r))
				continue;
			if (it[i].r.y0 >= tb.r.y0) {
				at = i;
				break;
			}
			last = i + 1;
		}
		if (at == n && last < n)
			at = last;
		memmove(it + at + 1, it + at, (n - at) * sizeof *it);
		it[at] = tb;
		n++;
	}
	*out = it;
	return n;
}

/*
 * Small print is scaled up for the model, and at that scale Tesseract's
 * image finder takes dense text (a tinted box of it, an exercise crossed
 * by lines) for a picture at one scale and not at the next: the low-
 * resolution textbook page read 0.25 or 0.32-0.46 as its glyphs were
 * scaled to 14 or to 13 or 16 pixels, and so did the page itself scanned
 * 5-10% larger. On an upscaled page a picture is one the finder also
 * sees with the page a little smaller: one of the boxes found there lies
 * half or more inside it.
 */
#define CONFIRM_SCALE	0.85
#define CONFIRM_PART	0.5

static void
confirm_images(TessBaseAPI *api, PIX *pix, int cs, BOXA *images)
{
	float f = (float)CONFIRM_SCALE;
	PIX *small = pixScaleAreaMap(pix, f, f);
	BOXA *again = NULL, *tables = NULL;

	if (!small)
		return;
	pixSetResolution(small, (int)(pixGetXRes(pix) * f), (int)(pixGetYRes(pix) * f));
	if (nontext_find(api, small, (int)(cs * f), &again, &tables) == 0)
		for (int i = boxaGetCount(images) - 1; i >= 0; i--) {
			BOX *a = boxaGetBox(images, i, L_CLONE);
			int seen = 0;
			for (int j = 0; j < boxaGetCount(again) && !seen; j++) {
				int x, y, w, h;
				l_float32 part = 0;
				boxaGetBoxGeometry(again, j, &x, &y, &w, &h);
				BOX *b = boxCreate((int)(x / f), (int)(y / f), (int)(w / f + 1), (int)(h / f + 1));
				boxOverlapFraction(a, b, &part);
				seen = part >= CONFIRM_PART;
				boxDestroy(&b);
			}
			boxDestroy(&a);
			if (!seen)
				boxaRemoveBox(images, i);
		}
	boxaDestroy(&again);
	boxaDestroy(&tables);
	pixDestroy(&small);
}

/* gray is the page turned by quads quarter turns (clockwise) already */
static int
read_as_is(struct ocr_engine *e, struct ocr_page *pg, PIX *gray, int quads)
{
	struct bimg b = { 0 };
	struct rects blks = { 0 };
	BOXA *images = NULL, *tables = NULL;
	struct item *items = NULL;
	size_t n;
	int *lone = NULL;
	PIX *raw, *t;
	BOXA *drawings, *photos;
	double t0 = e->profile ? ocr_cpu() : 0;

	pg->g.quads = quads;
	pg->g.w1 = pixGetWidth(gray);
	pg->g.h1 = pixGetHeight(gray);
	if (quads & 1) {
		pg->g.w0 = pg->g.h1;
		pg->g.h0 = pg->g.w1;
	} else {
		pg->g.w0 = pg->g.w1;
		pg->g.h0 = pg->g.h1;
	}
	pg->g.scale = 1;
	/*
	 * Skew and drawings are found on the page as lit: normalising the
	 * background takes the fill out of a chart with it. A page that lay on
	 * something (a phone photo) is cut from it and squared first.
	 */
	PIX *mask;
	raw = prep_surround(gray, &mask);
	t = prep_flatten(raw, mask, &pg->g);
	int captured = mask != NULL;
	pixDestroy(&raw);
	pixDestroy(&mask);
	raw = t;
	t = prep_polarity(raw);
	pixDestroy(&raw);
	if (captured) {
		raw = t;
		t = prep_dewarp(raw, &pg->g);
		pixDestroy(&raw);
		if (e->profile && pg->g.bow)
			buf_adds(&pg->prof, "page's curl straightened\n");
	}
	if (e->profile && pg->g.flat)
		buf_printf(&pg->prof, "page squared from %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f\n",
		    pg->g.qx[0], pg->g.qy[0], pg->g.qx[1], pg->g.qy[1], pg->g.qx[2], pg->g.qy[2],
		    pg->g.qx[3], pg->g.qy[3]);
	lap(e, pg, &t0, "surround");
	raw = prep_deskew(t, &pg->g.angle);
	pixDestroy(&t);
	lap(e, pg, &t0, "deskew");
	t = prep_normalise(raw, LAYOUT_PAPER);
	if (xy_binarise(t, &b) < 0) {
		pixDestroy(&t);
		pixDestroy(&raw);
		return -1;
	}
	pixDestroy(&t);
	int nspeck = 0;
	PIX *clean = prep_despeckle(raw, b.cs * b.red, &nspeck);
	if (nspeck) {
		pixDestroy(&raw);
		raw = clean;
		free(b.p);
		t = prep_normalise(raw, LAYOUT_PAPER);
		int bad = xy_binarise(t, &b) < 0;
		pixDestroy(&t);
		if (bad) {
			pixDestroy(&raw);
			return -1;
		}
		if (e->profile)
			buf_printf(&pg->prof, "%d specks out\n", nspeck);
	} else
		pixDestroy(&clean);
	pg->inked = inked(&b);
	lap(e, pg, &t0, "binarise");
	pg->pix = prep_normalise(raw, READ_PAPER);
	double sc = prep_scale_for(b.cs * b.red);
	if (sc != 1 && (t = sc < 1 ? pixScaleAreaMap(pg->pix, (float)sc, (float)sc) :
	    pixScaleGrayLI(pg->pix, (float)sc, (float)sc))) {
		pixDestroy(&pg->pix);
		pg->pix = t;
		pg->g.scale = sc;
	}
	if (e->profile)
		buf_printf(&pg->prof, "glyph %d px, scale %.2f\n", b.cs * b.red, pg->g.scale);
	lap(e, pg, &t0, "scale");
	/* but a photographed page's shadows and dark corners are no pictures */
	if (captured) {
		t = prep_light(raw);
		pixDestroy(&raw);
		raw = t;
	}
	BOXA *codes = nontext_qr(raw, &b, b.cs * b.red, pg->g.scale, e->profile ? &pg->prof : NULL);
	drawings = nontext_drawings(raw, b.cs * b.red, pg->g.scale);
	photos = nontext_photos(raw, b.cs * b.red, pg->g.scale);
	boxaJoin(drawings, photos, 0, -1);
	boxaDestroy(&photos);
	photos = nontext_fills(raw, b.cs * b.red, pg->g.scale);
	boxaJoin(drawings, photos, 0, -1);
	boxaDestroy(&photos);
	lap(e, pg, &t0, "nontext");
	if (pixGetXRes(pg->pix) < 70)
		pixSetResolution(pg->pix, (int)(300 * pg->g.scale), (int)(300 * pg->g.scale));
	double k = b.red * pg->g.scale;

	/*
	 * photos are neither laid out nor read (print on a ground that the
	 * image finders took for one is); tables are read apart
	 */
	if (nontext_find(e->api, pg->pix, (int)(b.cs * k), &images, &tables) == 0) {
		if (pg->g.scale > 1 && boxaGetCount(images))
			confirm_images(e->api, pg->pix, (int)(b.cs * k), images);
		boxaJoin(images, drawings, 0, -1);
		nontext_settle(e->api, pg->pix, raw, pg->g.scale, &b, k, (int)(b.cs * k), images,
		    e->profile ? &pg->prof : NULL);
		nontext_bleed(raw, pg->pix, &b, b.cs * b.red, pg->g.scale, images,
		    e->profile ? &pg->prof : NULL);
		pg->nimages = boxaGetCount(images);
		xy_paint(&b, images, 1 / k, 0);
		/*
		 * a "table" of running text is columns Tesseract could not tell
		 * apart; one round a frame is a boxed sidebar beside columns
		 */
		for (int i = boxaGetCount(tables) - 1; i >= 0; i--) {
			int x, y, w, h;
			boxaGetBoxGeometry(tables, i, &x, &y, &w, &h);
			struct rect r = { (int)(x / k), (int)(y / k), (int)((x + w) / k), (int)((y + h) / k) };
			if (r.x1 > b.w) r.x1 = b.w;
			if (r.y1 > b.h) r.y1 = b.h;
			if (xy_running_text(&b, r) || boxes_within(&b, r))
				boxaRemoveBox(tables, i);
		}
		xy_paint(&b, tables, 1 / k, 0);
		for (int i = 0; i < pg->nimages; i++) {
			BOX *bx = boxaGetBox(images, i, L_CLONE);
			if (e->profile)
				buf_printf(&pg->prof, "  image %dx%d+%d+%d\n", bx->w, bx->h, bx->x, bx->y);
			pixSetInRect(pg->pix, bx);
			boxDestroy(&bx);
		}
	}

	nontext_qr_paint(pg->pix, codes);
	boxaDestroy(&codes);
	pixDestroy(&raw);
	lap(e, pg, &t0, "analyse");
	xy_blocks(&b, &blks, &lone);
	nontext_captions(&b, &blks, lone, images, k);
	n = order(&blks, lone, k, tables, &items);
	lap(e, pg, &t0, "xycut");
	TessBaseAPISetImage2(e->api, pg->pix);
	lap(e, pg, &t0, "setimage");
	double trec = t0;
	for (size_t i = 0; i < n; i++) {
		struct rect r = items[i].r;
		size_t nl0 = pg->nl;
		int inv = 0;
		if (items[i].kind != OCR_TABLE || !ocr_read_table(e, pg, r.x0, r.y0, r.x1 - r.x0,
		    r.y1 - r.y0, (int)(b.cs * k)))
			inv = ocr_recognise_block(e, pg, items[i].kind, r.x0, r.y0, r.x1 - r.x0,
			    r.y1 - r.y0);
		if (e->profile) {
			double now = ocr_cpu();
			size_t nch = 0;
			for (size_t j = nl0; j < pg->nl; j++)
				nch += utf8_len(pg->l[j].text, strlen(pg->l[j].text));
			buf_printf(&pg->prof, "  block %zu %s%s %dx%d+%d+%d: %zu lines, %zu chars, "
			    "%.3f s\n", i + 1, items[i].kind == OCR_LINE ? "line" :
			    items[i].kind == OCR_TABLE ? "table" : "text", inv ? " inverted" : "",
			    r.x1 - r.x0, r.y1 - r.y0, r.x0, r.y0, pg->nl - nl0, nch, now - t0);
			t0 = now;
		}
	}
	if (e->profile)
		buf_printf(&pg->prof, "%-10s %7.3f\n", "recognise", t0 - trec);
	boxaDestroy(&images);
	boxaDestroy(&tables);
	boxaDestroy(&drawings);
	free(items);
	TessBaseAPIClear(e->api);
	ocr_drop_garbage(e, pg);
	lap(e, pg, &t0, "garbage");
	free(b.p);
	free(blks.r);
	free(lone);
	return 0;
}

void
ocr_page_addline(struct ocr_page *pg, int fix, int blk, int x, int y, int w, int h, int conf,
    const char *t, size_t n)
{
	if (pg->nl == pg->capl) {
		pg->capl = pg->capl ? 2 * pg->capl : 64;
		pg->l = xreallocarray(pg->l, pg->capl, sizeof *pg->l);
	}
	pg->l[pg->nl++] = (struct ocr_line){ x, y, w, h, conf, blk,
	    fix ? ocr_fixpunct(t, n) : xstrndup(t, n), NULL };
}

void
ocr_page_free(struct ocr_page *pg)
{
	for (size_t i = 0; i < pg->nl; i++) {
		free(pg->l[i].text);
		free(pg->l[i].chars);
	}
	free(pg->l);
	pixDestroy(&pg->pix);
	fpixDestroy(&pg->g.bow);
	buf_free(&pg->prof);
	memset(pg, 0, sizeof *pg);
}

/* a point of the working image back to the page as given */
static void
unmappt(const struct ocr_geom *g, double px, double py, double *ox, double *oy)
{
	double cx = g->w2 / 2.0, cy = g->h2 / 2.0, c = cos(g->angle), s = sin(g->angle);
	double u = px / g->scale - cx, v = py / g->scale - cy;
	double x = cx + u * c + v * s, y = cy - u * s + v * c;
	l_float32 dy;

	if (g->bow && fpixGetPixel(g->bow, (int)fmax(0, fmin(g->w2 - 1, x)),
	    (int)fmax(0, fmin(g->h2 - 1, y)), &dy) == 0)
		y -= dy;

	if (g->flat) {
		const double *k = g->vc;
		double d = k[6] * x + k[7] * y + 1;
		u = (k[0] * x + k[1] * y + k[2]) / d;
		y = (k[3] * x + k[4] * y + k[5]) / d;
		x = u;
	}

	switch (g->quads & 3) {
	case 1:
		*ox = y;
		*oy = g->h0 - x;
		break;
	case 2:
		*ox = g->w0 - x;
		*oy = g->h0 - y;
		break;
	case 3:
		*ox = g->w0 - y;
		*oy = x;
		break;
	default:
		*ox = x;
		*oy = y;
	}
}

/* a box of the working image back to the page as given: its bounding box there */
void
ocr_unmap(const struct ocr_geom *g, int *x, int *y, int *w, int *h)
{
	double px[4] = { *x, *x + *w, *x, *x + *w }, py[4] = { *y, *y, *y + *h, *y + *h };
	double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;

	for (int i = 0; i < 4; i++) {
		double ox, oy;
		unmappt(g, px[i], py[i], &ox, &oy);
		x0 = fmin(x0, ox); x1 = fmax(x1, ox);
		y0 = fmin(y0, oy); y1 = fmax(y1, oy);
	}
	x0 = fmax(0, x0); y0 = fmax(0, y0);
	x1 = fmin(g->w0, x1); y1 = fmin(g->h0, y1);
	*x = (int)lround(x0);
	*y = (int)lround(y0);
	*w = (int)lround(x1 - x0);
	*h = (int)lround(y1 - y0);
	if (*w < 0) *w = 0;
	if (*h < 0) *h = 0;
}
