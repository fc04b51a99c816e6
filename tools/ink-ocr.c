/*
 * ink-ocr: scanned newsletter pages (images, PDFs) -> one CSV row per text
 * line, in reading order. The page layout (rules, columns, blocks) is found
 * here, not by Tesseract: its own segmentation merges the columns of clean
 * multi-column pages and interleaves their lines.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <poppler.h>
#include <cairo.h>

#include "inkpipe.h"

#define DPI		300	/* PDF pages are rendered at this resolution */
#define MAXSIDE		32000	/* Tesseract keeps coordinates in 16 bits */
#define MAXPIXELS	150000000L	/* default --max-pixels: A0 at 300 dpi fits */

enum kind { K_IMAGE, K_TIFF, K_PDF };

struct input {
	const char *path;	/* NULL: standard input, held in mem */
	const char *name;	/* for messages */
	char *doc;		/* file name without directory or extension */
	unsigned char *mem;
	size_t memlen;
	enum kind kind;
	int npages;
};

struct job {
	struct input *in;
	int page;		/* 0-based */
	int done;
	struct buf out;
};

struct line {
	int x, y, w, h, conf;
	char *text;
};

/* a rectangle of the layout image, half-open */
struct rect {
	int x0, y0, x1, y1;
};

struct rects {
	struct rect *r;
	size_t n, cap;
};

/* binarised page for layout analysis: one byte per pixel, 1 is ink */
struct bimg {
	int w, h;
	unsigned char *p;
	int cs;			/* typical character height */
	int gmin;		/* narrowest gutter */
};

static struct {
	const char *lang;
	const char *tessdata;
	int text;		/* --to text */
	int textlayer;
	int quiet;
	long maxpix;
} opt = { "chi_sim", NULL, 0, 0, 0, MAXPIXELS };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t popplermu = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;
static size_t njobs, nextjob, emitted, ndone, window;
static int failed, printed, progress, werr;
static struct timespec t0;

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ink-ocr [-q] [-j jobs] [-l lang] [--tessdata dir] [--to csv|text] "
	    "[--use-text-layer] [--max-pixels n] [file ...]\n");
}

static void
help(void)
{
	usage(stdout);
	fputs("\n"
	    "  -j, --jobs N          pages OCR'd in parallel (default: number of cores)\n"
	    "  -l, --lang LANG       Tesseract language(s), e.g. chi_sim+eng (default chi_sim)\n"
	    "      --tessdata DIR    directory holding LANG.traineddata\n"
	    "      --to csv|text     CSV rows (default) or plain text, blank line between blocks\n"
	    "      --use-text-layer  take a PDF page's text layer instead of OCR when it has one\n"
	    "      --max-pixels N    refuse larger pages before decoding (default 150000000)\n"
	    "  -q, --quiet           no progress bar\n"
	    "  -h, --help            this help\n", stdout);
	exit(fshut(stdout, "<stdout>"));
}

static void
seterr(struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* messages of a page go out when the page is done, so they stay in order */
static void
seterr(struct job *j, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&mu);
	warnx("%s: page %d: %s", j->in->name, j->page + 1, msg);
	failed = 1;
	pthread_mutex_unlock(&mu);
}

static void
rects_add(struct rects *rs, int x0, int y0, int x1, int y1)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 16;
		rs->r = xreallocarray(rs->r, rs->cap, sizeof *rs->r);
	}
	rs->r[rs->n++] = (struct rect){ x0, y0, x1, y1 };
}

/* ---- layout ---- */

static int
cmpint(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int
median(int *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmpint);
	return v[n / 2];
}

static void
colprof(const struct bimg *b, struct rect r, int *out)
{
	memset(out, 0, (size_t)(r.x1 - r.x0) * sizeof *out);
	for (int y = r.y0; y < r.y1; y++) {
		const unsigned char *row = b->p + (size_t)y * b->w;
		for (int x = r.x0; x < r.x1; x++)
			out[x - r.x0] += row[x];
	}
}

static void
rowprof(const struct bimg *b, struct rect r, int *out)
{
	for (int y = r.y0; y < r.y1; y++) {
		const unsigned char *row = b->p + (size_t)y * b->w;
		int n = 0;
		for (int x = r.x0; x < r.x1; x++)
			n += row[x];
		out[y - r.y0] = n;
	}
}

/* shrinks r to the ink inside it; 0 when there is none */
static int
trim(const struct bimg *b, struct rect *r)
{
	int x0 = r->x1, x1 = r->x0, y0 = r->y1, y1 = r->y0;

	for (int y = r->y0; y < r->y1; y++) {
		const unsigned char *row = b->p + (size_t)y * b->w;
		for (int x = r->x0; x < r->x1; x++)
			if (row[x]) {
				if (x < x0) x0 = x;
				if (x >= x1) x1 = x + 1;
				if (y < y0) y0 = y;
				y1 = y + 1;
			}
	}
	if (x0 >= x1)
		return 0;
	*r = (struct rect){ x0, y0, x1, y1 };
	return 1;
}

/*
 * Gutters: runs of (almost) empty pixel columns inside r, at least gmin
 * wide, with ink on both sides. A word space never lines up over several
 * lines, so the region must be a few lines tall.
 */
static size_t
gutters(const struct bimg *b, struct rect r, int *cut, size_t maxcut)
{
	int w = r.x1 - r.x0, h = r.y1 - r.y0, tol = h / 150;
	size_t n = 0;

	if (h < 3 * b->cs || w < 3 * b->gmin)
		return 0;
	int *p = xmalloc((size_t)w * sizeof *p);
	colprof(b, r, p);
	for (int x = 0; x < w;) {
		if (p[x] > tol) {
			x++;
			continue;
		}
		int s = x;
		while (x < w && p[x] <= tol)
			x++;
		if (s > 0 && x < w && x - s >= b->gmin && n < maxcut)
			cut[n++] = r.x0 + (s + x) / 2;
	}
	free(p);
	return n;
}

static size_t
ngutters(const struct bimg *b, struct rect r)
{
	int cut[64];

	return trim(b, &r) ? gutters(b, r, cut, LEN(cut)) : 0;
}

static void segment(const struct bimg *b, struct rect r, int depth, struct rects *out);

/*
 * The next band of inked rows of the profile p[0..h) from *y on: rows
 * above tol, joined across gaps shorter than mingap rows. 0 when none is left.
 */
static int
nextband(const int *p, int h, int tol, int mingap, int *y, int *s, int *e)
{
	while (*y < h && p[*y] <= tol)
		(*y)++;
	if (*y >= h)
		return 0;
	*s = *y;
	for (;;) {
		while (*y < h && p[*y] > tol)
			(*y)++;
		*e = *y;
		while (*y < h && p[*y] <= tol)
			(*y)++;
		if (*y >= h || *y - *e >= mingap)
			return 1;
	}
}

/*
 * No gutter crosses the whole region: a headline or a picture spans the
 * columns. Cut it where whole rows are empty, then rejoin neighbouring
 * slices that share a column structure, so a paragraph gap that happens to
 * line up across columns does not make us read the columns in stripes.
 */
static void
slices(const struct bimg *b, struct rect r, int depth, struct rects *out)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300;
	int *p = xmalloc((size_t)h * sizeof *p);
	struct rects sl = { 0 };

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, b->cs, &y, &s, &e);)
		rects_add(&sl, r.x0, r.y0 + s, r.x1, r.y0 + e);
	free(p);
	for (size_t i = 0; i < sl.n;) {
		struct rect g = sl.r[i];
		size_t j = i + 1, ng = ngutters(b, g);
		/* a headline over some of the columns below keeps fewer gutters than either part */
		for (; j < sl.n; j++) {
			struct rect u = { g.x0, g.y0, g.x1, sl.r[j].y1 };
			size_t nu = ngutters(b, u);
			if (nu == 0 || nu < ng || nu < ngutters(b, sl.r[j]))
				break;
			g = u;
			ng = nu;
		}
		if (j - i > 1 || ng > 0)
			segment(b, g, depth + 1, out);
		else if (trim(b, &g))
			rects_add(out, g.x0, g.y0, g.x1, g.y1);
		i = j;
	}
	free(sl.r);
}

/* appends the text columns of r to out, in reading order */
static void
segment(const struct bimg *b, struct rect r, int depth, struct rects *out)
{
	int cut[64];
	size_t n;

	if (!trim(b, &r))
		return;
	if (depth > 6) {
		rects_add(out, r.x0, r.y0, r.x1, r.y1);
		return;
	}
	n = gutters(b, r, cut, LEN(cut));
	if (n == 0) {
		slices(b, r, depth, out);
		return;
	}
	for (size_t i = 0; i <= n; i++) {
		struct rect c = { i ? cut[i - 1] : r.x0, r.y0, i < n ? cut[i] : r.x1, r.y1 };
		segment(b, c, depth + 1, out);
	}
}

/*
 * Splits a text column into blocks at gaps clearly taller than the usual
 * space between lines (a blank line in the source).
 */
static void
blocks(const struct bimg *b, struct rect r, int gapmin, struct rects *out)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300;
	int *p = xmalloc((size_t)h * sizeof *p);
	int s = -1, e = 0;

	rowprof(b, r, p);
	for (int y = 0; y <= h; y++) {
		int ink = y < h && p[y] > tol;
		if (ink && s < 0)
			s = y;
		if (ink)
			e = y + 1;
		if (s >= 0 && (y == h || (!ink && y - e + 1 >= gapmin))) {
			/* thinner than any glyph: what is left of a rule, or dirt */
			if (e - s >= b->cs / 4)
				rects_add(out, r.x0, r.y0 + s, r.x1, r.y0 + e);
			s = -1;
		}
	}
	free(p);
}

/* text lines in r: ink runs at least half a line tall (a stroke of 三 is not one) */
static int
nlines(const struct bimg *b, struct rect r, int gap, int lh)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, n = 0, mingap = gap / 2 > 1 ? gap / 2 : 1;
	int *p = xmalloc((size_t)h * sizeof *p);

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, mingap, &y, &s, &e);)
		if (e - s >= lh / 2)
			n++;
	free(p);
	return n;
}

/* typical gap between lines and line height over all columns */
static void
linestats(const struct bimg *b, const struct rects *cols, int *gap, int *lh)
{
	size_t ng = 0, nl = 0, cap = 0;
	int *gv = NULL, *lv = NULL;

	for (size_t i = 0; i < cols->n; i++) {
		struct rect r = cols->r[i];
		int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300;
		int *p = xmalloc((size_t)h * sizeof *p);
		rowprof(b, r, p);
		for (int y = 0; y < h;) {
			int s = y, ink = p[y] > tol;
			while (y < h && (p[y] > tol) == ink)
				y++;
			if (ng + nl + 2 > cap) {
				cap = cap ? 2 * cap : 256;
				gv = xreallocarray(gv, cap, sizeof *gv);
				lv = xreallocarray(lv, cap, sizeof *lv);
			}
			if (ink)
				lv[nl++] = y - s;
			else if (s > 0 && y < h)
				gv[ng++] = y - s;
		}
		free(p);
	}
	*lh = median(lv, nl);
	*gap = median(gv, ng);
	free(gv);
	free(lv);
}

static int
otsu(PIX *g)
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
 * Binarises g for layout only (Tesseract does its own), drops specks and
 * works at half resolution on big pages: gutters are wide enough for it.
 */
static int
mkbimg(PIX *g, struct bimg *b, int *red)
{
	PIX *bin, *clean, *small;
	BOXA *ba;
	int n, *hv;

	if (!(bin = pixConvertTo1(g, otsu(g))))
		return -1;
	clean = pixSelectBySize(bin, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
	pixDestroy(&bin);
	if (!clean)
		return -1;
	*red = pixGetWidth(clean) > 1800 ? 2 : 1;
	small = *red == 2 ? pixReduceRankBinary2(clean, 1, NULL) : pixClone(clean);
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
	qsort(hv, (size_t)m, sizeof *hv, cmpint);
	b->cs = m ? hv[m * 3 / 4] : 10;
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

/*
 * Blanks horizontal rules (over 40% of the width) and returns their rows as
 * cuts. A scanned rule is ragged: it may step a row where it was tilted and
 * break where the threshold caught it thin, so three rows are looked at
 * together and short breaks are bridged; it must still be nearly solid,
 * which a row through a line of text is not.
 */
static size_t
rules(struct bimg *b, int *cut, size_t maxcut)
{
	size_t n = 0;
	int last = -10, gapok = b->w / 400 > 2 ? b->w / 400 : 2;
	unsigned char *or = xmalloc((size_t)b->w);

	for (int y = 0; y < b->h; y++) {
		int best = 0, bs = 0, be = 0, bink = 0;
		for (int x = 0; x < b->w; x++) {
			unsigned char v = 0;
			for (int d = -1; d <= 1; d++)
				if (y + d >= 0 && y + d < b->h)
					v |= b->p[(size_t)(y + d) * b->w + x];
			or[x] = v;
		}
		for (int x = 0; x < b->w;) {
			if (!or[x]) {
				x++;
				continue;
			}
			int s = x, e = x, ink = 0;
			while (x < b->w && x - e <= gapok) {
				if (or[x]) {
					e = x + 1;
					ink++;
				}
				x++;
			}
			if (e - s > best) {
				best = e - s;
				bs = s;
				be = e;
				bink = ink;
			}
		}
		if (best * 10 < b->w * 4 || bink * 100 < best * 85)
			continue;
		/* and the pieces where it stepped to a neighbouring row */
		int reach = b->cs / 2 > 4 ? b->cs / 2 : 4;
		for (int d = -reach; d <= reach; d++) {
			if (y + d < 0 || y + d >= b->h)
				continue;
			unsigned char *row = b->p + (size_t)(y + d) * b->w;
			int x0 = bs - b->w / 10 > 0 ? bs - b->w / 10 : 0;
			int x1 = be + b->w / 10 < b->w ? be + b->w / 10 : b->w;
			if (d >= -1 && d <= 1)
				memset(row + bs, 0, (size_t)(be - bs));
			for (int x = x0; x < x1;) {
				int s = x;
				while (x < x1 && row[x])
					x++;
				if (x - s >= 3 * b->cs)
					memset(row + s, 0, (size_t)(x - s));
				if (x == s)
					x++;
			}
		}
		if (y > last + 2 && n < maxcut)
			cut[n++] = y;
		last = y;
	}
	free(or);
	return n;
}

/* ---- recognition ---- */

static int
iscjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFF01 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFF);
}

static int
hascjk(const char *s, size_t n)
{
	uint32_t c;

	for (size_t i = 0; i < n;) {
		int k = utf8_dec(s + i, n - i, &c);
		if (k < 0)
			k = 1;
		else if (iscjk(c))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/*
 * Chinese text sets its punctuation full width, but the chi_sim model often
 * answers the ASCII look-alike, and reads a full-width opening parenthesis
 * as an angle bracket when the closing one is plain.
 */
static char *
fixpunct(const char *s, size_t n)
{
	static const char ascii[] = ",;:?!()";
	static const uint32_t wide[] = { 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08, 0xFF09 };
	uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
	size_t m = 0;
	struct buf o = { 0 };

	for (size_t i = 0; i < n;) {
		int k = utf8_dec(s + i, n - i, &cp[m]);
		if (k < 0) {
			cp[m] = UTF8_REPLACEMENT;
			k = 1;
		}
		i += (size_t)k;
		m++;
	}
	for (size_t i = 0; i < m; i++) {
		const char *a = cp[i] < 128 ? strchr(ascii, (int)cp[i]) : NULL;
		if (a && cp[i]) {
			size_t p = i, q = i + 1;
			while (p > 0 && cp[p - 1] == ' ')
				p--;
			while (q < m && cp[q] == ' ')
				q++;
			if ((p > 0 && iscjk(cp[p - 1])) || (q < m && iscjk(cp[q])))
				cp[i] = wide[a - ascii];
		} else if (cp[i] == 0x3008 || cp[i] == 0x300A) {
			for (size_t j = i + 1; j < m && cp[j] != 0x3009 && cp[j] != 0x300B; j++)
				if (cp[j] == ')' || cp[j] == 0xFF09) {
					cp[i] = 0xFF08;
					break;
				}
		}
	}
	for (size_t i = 0; i < m; i++) {
		char e[4];
		buf_add(&o, e, (size_t)utf8_enc(cp[i], e));
	}
	buf_addc(&o, 0);
	free(cp);
	return o.p;
}

struct page {
	PIX *pix;		/* gray page as OCR'd */
	double angle;		/* deskew rotation applied (radians) */
	double scale;		/* upscaling applied */
	int w0, h0;		/* size of the original page */
	struct line *l;
	size_t nl, capl;
	int *blk;		/* block of each line */
};

static void
addline(struct page *pg, int ocr, int blk, int x, int y, int w, int h, int conf, const char *t, size_t n)
{
	if (pg->nl == pg->capl) {
		pg->capl = pg->capl ? 2 * pg->capl : 64;
		pg->l = xreallocarray(pg->l, pg->capl, sizeof *pg->l);
		pg->blk = xreallocarray(pg->blk, pg->capl, sizeof *pg->blk);
	}
	pg->l[pg->nl] = (struct line){ x, y, w, h, conf,
	    !ocr || strncmp(opt.lang, "chi", 3) ? xstrndup(t, n) : fixpunct(t, n) };
	pg->blk[pg->nl++] = blk;
}

/* maps a box of the working image back to the page as given */
static void
unmap(const struct page *pg, int *x, int *y, int *w, int *h)
{
	double cx = pg->w0 / 2.0, cy = pg->h0 / 2.0, c = cos(pg->angle), s = sin(pg->angle);
	double px[4] = { *x, *x + *w, *x, *x + *w }, py[4] = { *y, *y, *y + *h, *y + *h };
	double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;

	for (int i = 0; i < 4; i++) {
		double u = px[i] / pg->scale - cx, v = py[i] / pg->scale - cy;
		double ox = cx + u * c + v * s, oy = cy - u * s + v * c;
		x0 = fmin(x0, ox); x1 = fmax(x1, ox);
		y0 = fmin(y0, oy); y1 = fmax(y1, oy);
	}
	x0 = fmax(0, x0); y0 = fmax(0, y0);
	x1 = fmin(pg->w0, x1); y1 = fmin(pg->h0, y1);
	*x = (int)lround(x0);
	*y = (int)lround(y0);
	*w = (int)lround(x1 - x0);
	*h = (int)lround(y1 - y0);
	if (*w < 0) *w = 0;
	if (*h < 0) *h = 0;
}

static void
ocrblock(TessBaseAPI *api, struct page *pg, int blk, int x, int y, int w, int h)
{
	TessResultIterator *ri;
	int pw = pixGetWidth(pg->pix), ph = pixGetHeight(pg->pix);
	int pad = 6;

	x -= pad; y -= pad; w += 2 * pad; h += 2 * pad;
	if (x < 0) { w += x; x = 0; }
	if (y < 0) { h += y; y = 0; }
	if (x + w > pw) w = pw - x;
	if (y + h > ph) h = ph - y;
	if (w <= 0 || h <= 0)
		return;
	TessBaseAPISetRectangle(api, x, y, w, h);
	if (TessBaseAPIRecognize(api, NULL) != 0)
		return;
	if (!(ri = TessBaseAPIGetIterator(api)))
		return;
	do {
		TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
		int l, t, r, bt;
		char *txt = TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE);
		if (!txt)
			continue;
		size_t n = strlen(txt);
		const char *s = txt;
		while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
			n--;
		while (n && *s == ' ')
			s++, n--;
		int conf = (int)lround(TessResultIteratorConfidence(ri, RIL_TEXTLINE));
		/* what is left of a rule or a smudge reads as a line of random Latin letters */
		if (conf < 20 && !strncmp(opt.lang, "chi", 3) && !hascjk(s, n))
			n = 0;
		if (n && TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r, &bt)) {
			int bx = l, by = t, bw = r - l, bh = bt - t;
			unmap(pg, &bx, &by, &bw, &bh);
			addline(pg, 1, blk, bx, by, bw, bh, conf < 0 ? 0 : conf > 100 ? 100 : conf, s, n);
		}
		TessDeleteText(txt);
	} while (TessResultIteratorNext(ri, RIL_TEXTLINE));
	TessResultIteratorDelete(ri);
}

/*
 * Glyph height (75th percentile of the components) the chi_sim model reads
 * best: big print (a 2-column page at 300 dpi) misreads twice as often as the
 * same text scaled to ~20 px, and 300 dpi body text (~30 px) gains a little
 * too; tiny print gains from upscaling.
 */
#define MINCS	16
#define MAXCS	22
#define BESTCS	20

static int
ocrpage(TessBaseAPI *api, struct page *pg, PIX *gray)
{
	struct bimg b = { 0 };
	struct rects cols = { 0 }, blks = { 0 };
	int red, cut[64], gap, lh, gapmin, blk = 0;
	size_t nr;
	l_float32 ang = 0, conf = 0;
	PIX *bin;

	pg->w0 = pixGetWidth(gray);
	pg->h0 = pixGetHeight(gray);
	pg->scale = 1;
	pg->pix = pixClone(gray);
	/*
	 * A tilt of a degree moves a column's last line by more than a gutter.
	 * Specks of a noisy scan drown the skew signal, so they go first.
	 */
	if ((bin = pixConvertTo1(gray, otsu(gray)))) {
		PIX *clean = pixSelectBySize(bin, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
		if (clean) {
			pixDestroy(&bin);
			bin = clean;
		}
		/*
		 * At full and half size: small print vanishes at leptonica's default
		 * quarter. Noise lowers the confidence of a right angle to 1.5-2.5 on
		 * a heavy 200 dpi page; a straight page gives angle 0 anyway.
		 */
		if (pixFindSkewSweepAndSearch(bin, &ang, &conf, 2, 1, 4.0, 0.25, 0.01) == 0 &&
		    conf >= 1.5 && fabs(ang) >= 0.05) {
			PIX *rot = pixRotate(gray, ang * (float)M_PI / 180, L_ROTATE_AREA_MAP,
			    L_BRING_IN_WHITE, 0, 0);
			if (rot) {
				pixDestroy(&pg->pix);
				pg->pix = rot;
				pg->angle = ang * M_PI / 180;
			}
		}
		pixDestroy(&bin);
	}
	if (mkbimg(pg->pix, &b, &red) < 0)
		return -1;
	int csf = b.cs * red;
	double sc = (csf < MINCS && csf >= 8) || csf > MAXCS ? (double)BESTCS / csf : 1;
	if (sc > 2)
		sc = 2;
	if (sc != 1) {
		PIX *t = sc < 1 ? pixScaleAreaMap(pg->pix, (float)sc, (float)sc) :
		    pixScaleGrayLI(pg->pix, (float)sc, (float)sc);
		if (t) {
			pixDestroy(&pg->pix);
			pg->pix = t;
			pg->scale = sc;
		}
	}
	nr = rules(&b, cut, LEN(cut));
	for (size_t i = 0; i <= nr; i++) {
		struct rect band = { 0, i ? cut[i - 1] : 0, b.w, i < nr ? cut[i] : b.h };
		segment(&b, band, 0, &cols);
	}
	linestats(&b, &cols, &gap, &lh);
	gapmin = gap + lh * 45 / 100;
	if (gapmin < 2)
		gapmin = 2;
	for (size_t i = 0; i < cols.n; i++)
		blocks(&b, cols.r[i], gapmin, &blks);

	TessBaseAPISetImage2(api, pg->pix);
	if (pixGetXRes(pg->pix) < 70)
		TessBaseAPISetSourceResolution(api, (int)(DPI * pg->scale));
	double k = red * pg->scale;
	for (size_t i = 0; i < blks.n; i++) {
		struct rect r = blks.r[i];
		size_t before = pg->nl;
		/* PSM 6 breaks a lone line of big glyphs (a headline) into stray lines */
		TessBaseAPISetPageSegMode(api, nlines(&b, r, gap, lh) <= 1 ?
		    PSM_SINGLE_LINE : PSM_SINGLE_BLOCK);
		ocrblock(api, pg, blk + 1, (int)(r.x0 * k), (int)(r.y0 * k),
		    (int)((r.x1 - r.x0) * k), (int)((r.y1 - r.y0) * k));
		if (pg->nl > before)
			blk++;
	}
	TessBaseAPIClear(api);
	free(b.p);
	free(cols.r);
	free(blks.r);
	return 0;
}

/* ---- input ---- */

static int
readall(FILE *fp, unsigned char **mem, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	unsigned char *p = xmalloc(cap);

	while ((r = fread(p + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n == cap)
			p = xrealloc(p, cap *= 2);
	}
	if (ferror(fp)) {
		free(p);
		return -1;
	}
	*mem = p;
	*len = n;
	return 0;
}

static PopplerDocument *
pdfopen(struct input *in, char **why)
{
	GError *ge = NULL;
	PopplerDocument *d;

	if (in->mem) {
		GBytes *gb = g_bytes_new_static(in->mem, in->memlen);
		d = poppler_document_new_from_bytes(gb, NULL, &ge);
		g_bytes_unref(gb);
	} else {
		char *abs = realpath(in->path, NULL);
		char *uri = abs ? g_filename_to_uri(abs, NULL, &ge) : NULL;
		d = uri ? poppler_document_new_from_file(uri, NULL, &ge) : NULL;
		free(abs);
		g_free(uri);
	}
	if (!d) {
		*why = xstrdup(ge ? ge->message : "cannot open");
		if (ge)
			g_error_free(ge);
	}
	return d;
}

static PIX *
pdfrender(PopplerPage *p, struct job *j)
{
	double wpt, hpt;
	int w, h;
	cairo_surface_t *s;
	cairo_t *cr;
	PIX *pix;

	poppler_page_get_size(p, &wpt, &hpt);
	w = (int)ceil(wpt * DPI / 72);
	h = (int)ceil(hpt * DPI / 72);
	if (w <= 0 || h <= 0 || w > MAXSIDE || h > MAXSIDE || (long)w * h > opt.maxpix) {
		seterr(j, "%dx%d pixels at %d dpi: over the limit of %ld pixels", w, h, DPI, opt.maxpix);
		return NULL;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		seterr(j, "cannot render: out of memory");
		return NULL;
	}
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, DPI / 72.0, DPI / 72.0);
	poppler_page_render_for_printing(p, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	pix = pixCreate(w, h, 8);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), wpl = pixGetWpl(pix);
	l_uint32 *pd = pixGetData(pix);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(d + (size_t)y * stride);
		for (int x = 0; x < w; x++) {
			uint32_t v = row[x];
			unsigned g = (((v >> 16) & 255) * 77 + ((v >> 8) & 255) * 150 + (v & 255) * 29) >> 8;
			SET_DATA_BYTE(pd + y * wpl, x, g);
		}
	}
	pixSetResolution(pix, DPI, DPI);
	cairo_surface_destroy(s);
	return pix;
}

/* the PDF's own text, one row per line; blocks where lines are far apart */
static int
textlayer(PopplerPage *p, struct page *pg)
{
	char *t = poppler_page_get_text(p);
	PopplerRectangle *rc = NULL;
	guint nrc = 0;
	double k = DPI / 72.0;
	int blk = 1, prevb = -1, prevh = 0;

	if (!t)
		return 0;
	if (!poppler_page_get_text_layout(p, &rc, &nrc))
		rc = NULL, nrc = 0;
	size_t ci = 0;
	for (char *s = t; *s;) {
		char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
		for (const char *q = s; q < s + n; q = g_utf8_next_char(q), ci++)
			if (ci < nrc && *q != ' ') {
				x0 = fmin(x0, rc[ci].x1); x1 = fmax(x1, rc[ci].x2);
				y0 = fmin(y0, rc[ci].y1); y1 = fmax(y1, rc[ci].y2);
			}
		ci++;		/* the newline has a rectangle too */
		size_t m = n;
		while (m && (s[m - 1] == ' ' || s[m - 1] == '\r'))
			m--;
		const char *b = s;
		while (m && *b == ' ')
			b++, m--;
		if (m) {
			int x = 0, y = 0, w = 0, h = 0;
			if (x1 > x0) {
				x0 = fmax(0, x0); y0 = fmax(0, y0);
				x = (int)lround(x0 * k); y = (int)lround(y0 * k);
				w = (int)lround((x1 - x0) * k); h = (int)lround((y1 - y0) * k);
			}
			if (prevb >= 0 && h > 0 && y - prevb > prevh)
				blk++;
			addline(pg, 0, blk, x, y, w, h, 100, b, m);
			prevb = y + h;
			prevh = h;
		}
		if (!e)
			break;
		s = e + 1;
	}
	g_free(rc);
	g_free(t);
	return pg->nl > 0;
}

/* decodes one page; NULL after a message */
static PIX *
loadimage(struct job *j)
{
	struct input *in = j->in;
	PIX *pix;

	if (in->kind == K_TIFF)
		pix = in->mem ? pixReadMemTiff(in->mem, in->memlen, j->page) : pixReadTiff(in->path, j->page);
	else
		pix = in->mem ? pixReadMem(in->mem, in->memlen) : pixRead(in->path);
	if (!pix) {
		seterr(j, "cannot decode the image (corrupt or truncated?)");
		return NULL;
	}
	if ((long)pixGetWidth(pix) * pixGetHeight(pix) > opt.maxpix ||
	    pixGetWidth(pix) > MAXSIDE || pixGetHeight(pix) > MAXSIDE) {
		seterr(j, "%dx%d pixels: over the limit of %ld pixels", pixGetWidth(pix),
		    pixGetHeight(pix), opt.maxpix);
		pixDestroy(&pix);
		return NULL;
	}
	return pix;
}

static PIX *
togray(PIX *pix)
{
	PIX *t, *g;

	if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4)
		t = pixAlphaBlendUniform(pix, 0xffffff00);
	else
		t = pixClone(pix);
	g = pixConvertTo8(t, 0);
	pixDestroy(&t);
	if (g && pixGetXRes(g) == 0)
		pixSetResolution(g, DPI, DPI);
	return g;
}

static void
emitpage(struct job *j, struct page *pg)
{
	struct buf *o = &j->out;
	int lastb = 0;

	for (size_t i = 0; i < pg->nl; i++) {
		struct line *l = &pg->l[i];
		if (opt.text) {
			if (lastb && pg->blk[i] != lastb)
				buf_addc(o, '\n');
			buf_add(o, l->text, strlen(l->text));
			buf_addc(o, '\n');
		} else {
			char *s = NULL;
			size_t n = 0;
			FILE *m = open_memstream(&s, &n);
			if (!m)
				err(1, "open_memstream");
			csv_puts(m, j->in->doc, 0);
			csv_putl(m, j->page + 1, 0);
			csv_putl(m, pg->blk[i], 0);
			csv_putl(m, (long)i + 1, 0);
			csv_putl(m, l->x, 0);
			csv_putl(m, l->y, 0);
			csv_putl(m, l->w, 0);
			csv_putl(m, l->h, 0);
			csv_putl(m, l->conf, 0);
			csv_puts(m, l->text, 1);
			fclose(m);
			buf_add(o, s, n);
			free(s);
		}
		lastb = pg->blk[i];
	}
}

static void
freepage(struct page *pg)
{
	for (size_t i = 0; i < pg->nl; i++)
		free(pg->l[i].text);
	free(pg->l);
	free(pg->blk);
	pixDestroy(&pg->pix);
}

static void
dojob(TessBaseAPI *api, struct job *j)
{
	struct page pg = { 0 };
	PIX *pix = NULL, *gray;

	if (j->in->kind == K_PDF) {
		char *why = NULL;
		pthread_mutex_lock(&popplermu);
		PopplerDocument *d = pdfopen(j->in, &why);
		PopplerPage *p = d ? poppler_document_get_page(d, j->page) : NULL;
		if (!d) {
			seterr(j, "%s", why);
			free(why);
		} else if (!p)
			seterr(j, "cannot read the page");
		else if (!(opt.textlayer && textlayer(p, &pg)))
			pix = pdfrender(p, j);
		if (p)
			g_object_unref(p);
		if (d)
			g_object_unref(d);
		pthread_mutex_unlock(&popplermu);
		if (pg.nl) {
			emitpage(j, &pg);
			freepage(&pg);
			return;
		}
	} else
		pix = loadimage(j);
	if (!pix)
		return;
	gray = togray(pix);
	pixDestroy(&pix);
	if (!gray) {
		seterr(j, "unsupported image depth");
		return;
	}
	if (ocrpage(api, &pg, gray) < 0)
		seterr(j, "layout analysis failed");
	else
		emitpage(j, &pg);
	pixDestroy(&gray);
	freepage(&pg);
}

/* ---- scheduling ---- */

static void
showprogress(void)
{
	struct timespec t;
	double el, rate;

	clock_gettime(CLOCK_MONOTONIC, &t);
	el = (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
	rate = el > 0 ? ndone / el * 60 : 0;
	int left = rate > 0 ? (int)((njobs - ndone) / rate * 60) : 0;
	int bar = njobs ? (int)(30 * ndone / njobs) : 30;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu pages  %.1f pages/min  %d:%02d left ",
	    bar, "##############################", 30 - bar, "", ndone, njobs, rate,
	    left / 60, left % 60);
}

/* pages go out in input order whichever worker finishes first */
static void
flushdone(void)
{
	while (emitted < njobs && jobs[emitted].done) {
		struct job *j = &jobs[emitted];
		if (j->out.len) {
			if (opt.text && printed)
				putchar('\n');
			fwrite(j->out.p, 1, j->out.len, stdout);
			printed = 1;
		}
		buf_free(&j->out);
		emitted++;
	}
	/* a full disk or closed file: say so once with the real reason, and stop OCR */
	if ((fflush(stdout) == EOF || ferror(stdout)) && !werr) {
		werr = errno ? errno : EIO;
		nextjob = njobs;
	}
	if (progress)
		showprogress();
}

static void *
worker(void *arg)
{
	TessBaseAPI *api = arg;

	for (;;) {
		pthread_mutex_lock(&mu);
		/* a slow page must not let finished ones pile up in memory */
		while (nextjob < njobs && nextjob >= emitted + window)
			pthread_cond_wait(&cv, &mu);
		if (nextjob >= njobs) {
			pthread_mutex_unlock(&mu);
			return NULL;
		}
		struct job *j = &jobs[nextjob++];
		pthread_mutex_unlock(&mu);
		dojob(api, j);
		pthread_mutex_lock(&mu);
		j->done = 1;
		ndone++;
		flushdone();
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
	}
}

static char *
docname(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	const char *dot = strrchr(b, '.');
	return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* 0: pages counted; -1: refused with a message */
static int
probe(struct input *in)
{
	unsigned char head[16];
	size_t n;
	l_int32 fmt = IFF_UNKNOWN, w = 0, h = 0, bps, spp, cmap;

	if (in->mem) {
		n = in->memlen < sizeof head ? in->memlen : sizeof head;
		memcpy(head, in->mem, n);
	} else {
		FILE *fp = fopen(in->path, "rb");
		struct stat st;
		if (!fp) {
			warn("%s", in->path);
			return -1;
		}
		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			warnx("%s: is a directory", in->name);
			return -1;
		}
		n = fread(head, 1, sizeof head, fp);
		fclose(fp);
	}
	if (n == 0) {
		warnx("%s: empty file", in->name);
		return -1;
	}
	if (n >= 5 && !memcmp(head, "%PDF-", 5)) {
		char *why = NULL;
		in->kind = K_PDF;
		pthread_mutex_lock(&popplermu);
		PopplerDocument *d = pdfopen(in, &why);
		in->npages = d ? poppler_document_get_n_pages(d) : 0;
		if (d)
			g_object_unref(d);
		pthread_mutex_unlock(&popplermu);
		if (!d) {
			warnx("%s: not a readable PDF: %s", in->name, why);
			free(why);
			return -1;
		}
		if (in->npages == 0) {
			warnx("%s: PDF has no pages", in->name);
			return -1;
		}
		return 0;
	}
	if (n >= 12)
		findFileFormatBuffer(head, &fmt);
	if (fmt == IFF_UNKNOWN || fmt == IFF_SPIX) {
		warnx("%s: not an image or PDF this tool reads (PNG, JPEG, TIFF, PNM, WebP, PDF)",
		    in->name);
		return -1;
	}
	if (fmt == IFF_PNG && !in->mem) {
		/* libpng would decode a cut-off file into a half page without a word */
		FILE *fp = fopen(in->path, "rb");
		unsigned char tail[8];
		int ok = fp && fseeko(fp, -8, SEEK_END) == 0 && fread(tail, 1, 8, fp) == 8 &&
		    !memcmp(tail, "IEND", 4);
		if (fp)
			fclose(fp);
		if (!ok) {
			warnx("%s: truncated PNG (no IEND chunk at the end)", in->name);
			return -1;
		}
	}
	if ((in->mem ? pixReadHeaderMem(in->mem, in->memlen, &fmt, &w, &h, &bps, &spp, &cmap)
	    : pixReadHeader(in->path, &fmt, &w, &h, &bps, &spp, &cmap)) != 0 || w <= 0 || h <= 0) {
		warnx("%s: unreadable image header (corrupt or truncated?)", in->name);
		return -1;
	}
	if ((long)w * h > opt.maxpix || w > MAXSIDE || h > MAXSIDE) {
		warnx("%s: page 1: %dx%d pixels: over the limit of %ld pixels (and %d a side)",
		    in->name, w, h, opt.maxpix, MAXSIDE);
		return -1;
	}
	in->npages = 1;
	if (fmt == IFF_TIFF || fmt == IFF_TIFF_G3 || fmt == IFF_TIFF_G4 || fmt == IFF_TIFF_PACKBITS ||
	    fmt == IFF_TIFF_RLE || fmt == IFF_TIFF_LZW || fmt == IFF_TIFF_ZIP || fmt == IFF_TIFF_JPEG) {
		in->kind = K_TIFF;
		FILE *fp = in->mem ? fmemopen(in->mem, in->memlen, "rb") : fopen(in->path, "rb");
		l_int32 np = 0;
		if (fp && tiffGetCount(fp, &np) == 0 && np > 0)
			in->npages = np;
		if (fp)
			fclose(fp);
	}
	return 0;
}

static int
haslang(const char *dir, const char *lang)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s.traineddata", dir, lang);
	return access(path, R_OK) == 0;
}

/* says which Debian package to install instead of Tesseract's bare "Failed loading" */
static void
checklang(void)
{
	const char *dirs[] = { opt.tessdata, getenv("TESSDATA_PREFIX"),
	    "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
	    "/usr/share/tessdata" };
	char *langs = xstrdup(opt.lang), *sv = NULL;

	for (char *l = strtok_r(langs, "+", &sv); l; l = strtok_r(NULL, "+", &sv)) {
		int found = 0;
		for (size_t i = 0; i < LEN(dirs) && !found; i++) {
			if (!dirs[i])
				continue;
			if (haslang(dirs[i], l))
				found = 1;
			if (i == 0 || (i == 1 && !opt.tessdata))
				break;	/* an explicit directory is the only one Tesseract looks in */
		}
		if (!found) {
			char pkg[128];
			snprintf(pkg, sizeof pkg, "tesseract-ocr-%s", l);
			for (char *p = pkg; *p; p++)
				if (*p == '_')
					*p = '-';
			errx(1, "no Tesseract data for language '%s'%s%s (Debian: apt install %s)", l,
			    opt.tessdata ? " in " : "", opt.tessdata ? opt.tessdata : "", pkg);
		}
	}
	free(langs);
}

#ifndef INK_NO_MAIN
int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'l' },
		{ "tessdata", required_argument, NULL, 'T' },
		{ "to", required_argument, NULL, 't' },
		{ "use-text-layer", no_argument, NULL, 'L' },
		{ "max-pixels", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long nw = sysconf(_SC_NPROCESSORS_ONLN);
	struct input *in;
	size_t nin;
	int c;
	char *end;

	/*
	 * Each worker has its own engine; Tesseract's OpenMP threads inside them
	 * would only fight (they spin: seconds of system time a page). libgomp
	 * reads the limit when it is loaded, before main, so start again with it.
	 */
	if (!getenv("OMP_THREAD_LIMIT")) {
		setenv("OMP_THREAD_LIMIT", "1", 1);
		execv("/proc/self/exe", argv);
	}
	while ((c = getopt_long(argc, argv, "j:l:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'j':
			errno = 0;
			nw = strtol(optarg, &end, 10);
			if (errno || *end || nw < 1 || nw > 256) {
				warnx("-j: want a number from 1 to 256: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'l':
			opt.lang = optarg;
			break;
		case 'T':
			opt.tessdata = optarg;
			break;
		case 't':
			if (!strcmp(optarg, "text"))
				opt.text = 1;
			else if (!strcmp(optarg, "csv"))
				opt.text = 0;
			else {
				warnx("--to: want csv or text: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'L':
			opt.textlayer = 1;
			break;
		case 'M':
			errno = 0;
			opt.maxpix = strtol(optarg, &end, 10);
			if (errno || *end || opt.maxpix < 1) {
				warnx("--max-pixels: want a positive number: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'q':
			opt.quiet = 1;
			break;
		case 'h':
			help();
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (nw < 1)
		nw = 1;
	/* leptonica's own messages would repeat ours in its words */
	setMsgSeverity(L_SEVERITY_NONE);
	checklang();

	nin = argc ? (size_t)argc : 1;
	in = xcalloc(nin, sizeof *in);
	for (size_t i = 0; i < nin; i++) {
		const char *a = argc ? argv[i] : "-";
		if (!strcmp(a, "-")) {
			in[i].name = "<stdin>";
			in[i].doc = xstrdup("stdin");
			if (readall(stdin, &in[i].mem, &in[i].memlen) < 0) {
				warn("<stdin>");
				failed = 1;
				continue;
			}
		} else {
			in[i].path = in[i].name = a;
			in[i].doc = docname(a);
		}
		if (probe(&in[i]) < 0) {
			failed = 1;
			in[i].npages = 0;
		}
		njobs += (size_t)in[i].npages;
	}
	jobs = xcalloc(njobs ? njobs : 1, sizeof *jobs);
	njobs = 0;
	for (size_t i = 0; i < nin; i++)
		for (int p = 0; p < in[i].npages; p++)
			jobs[njobs++] = (struct job){ .in = &in[i], .page = p };

	if (!opt.text) {
		fputs("doc,page,block,line,x,y,w,h,conf,text\n", stdout);
		if (fflush(stdout) == EOF)
			werr = errno;
	}
	if ((size_t)nw > njobs)
		nw = njobs ? (long)njobs : 1;
	window = 4 * (size_t)nw;
	progress = !opt.quiet && isatty(2) && njobs > 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	TessBaseAPI **api = xcalloc((size_t)nw, sizeof *api);
	pthread_t *th = xcalloc((size_t)nw, sizeof *th);
	int ok = 1;
	for (long i = 0; i < nw && njobs; i++) {
		api[i] = TessBaseAPICreate();
		if (TessBaseAPIInit3(api[i], opt.tessdata, opt.lang) != 0) {
			warnx("cannot start Tesseract for language '%s'", opt.lang);
			ok = 0;
			break;
		}
		TessBaseAPISetPageSegMode(api[i], PSM_SINGLE_BLOCK);
		TessBaseAPISetVariable(api[i], "preserve_interword_spaces", "1");
		/* no "Estimating resolution" chatter: the resolution is set per page */
		TessBaseAPISetVariable(api[i], "debug_file", "/dev/null");
	}
	if (ok && njobs && !werr) {
		for (long i = 0; i < nw; i++)
			if ((errno = pthread_create(&th[i], NULL, worker, api[i])))
				err(1, "pthread_create");
		for (long i = 0; i < nw; i++)
			pthread_join(th[i], NULL);
	} else if (!ok)
		failed = 1;
	if (progress)
		fputs("\r\033[K", stderr);
	for (long i = 0; i < nw; i++)
		if (api[i]) {
			TessBaseAPIEnd(api[i]);
			TessBaseAPIDelete(api[i]);
		}
	free(api);
	free(th);
	for (size_t i = 0; i < nin; i++) {
		free(in[i].doc);
		free(in[i].mem);
	}
	free(in);
	for (size_t i = 0; i < njobs; i++)
		buf_free(&jobs[i].out);
	free(jobs);
	if (werr) {
		warnx("<stdout>: write error: %s", strerror(werr));
		failed = 1;
	} else if (fshut(stdout, "<stdout>"))
		failed = 1;
	return failed;
}
#endif
