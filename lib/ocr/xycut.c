/*
 * The column layout of a page: an XY-cut on a binarised copy. Tesseract's
 * own page segmentation merges the columns of a clean newsletter page and
 * interleaves their lines, so the reading order is found here: horizontal
 * rules (such as the one under a masthead) cut the page into bands, each
 * band is cut into columns at the gutters, and each column into blocks at
 * gaps clearly taller than the space between its lines.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/* characters: a table cell holds fewer in one run, a column of text more */
#define RUNCHARS	10
#define MINLINES	12
#define PUNCT_GAP(cs)	((cs) * 7 / 4)	/* wider than blanks at punctuation lined up */
#define PICTURE_LINES	3	/* lines beside a picture with nothing on its side */
#define SPREAD_LINES	8	/* lines of text each page of a spread has at least */

static void segment(const struct bimg *b, struct rect r, int depth, struct rects *out);
static size_t ngutters(const struct bimg *b, struct rect r, int minw);
static int nextband(const int *p, int h, int tol, int mingap, int *y, int *s, int *e);

void
rects_add(struct rects *rs, int x0, int y0, int x1, int y1)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 16;
		rs->r = xreallocarray(rs->r, rs->cap, sizeof *rs->r);
	}
	rs->r[rs->n++] = (struct rect){ x0, y0, x1, y1 };
}

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

static int nextband(const int *p, int h, int tol, int mingap, int *y, int *s, int *e);

/* rows of text in r: ink runs at least half a character tall */
static int
textlines(const struct bimg *b, struct rect r)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, n = 0;
	int *p = xmalloc((size_t)h * sizeof *p);

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, 2, &y, &s, &e);)
		n += e - s >= b->cs / 2;
	free(p);
	return n;
}

/*
 * Whether the blank [x0, x1) of a region r of few lines is a gutter. A
 * blank lined up over a few lines of one paragraph is after a full-width
 * comma or stop, or before an opening quote, at most 1.4 em wide (a comma
 * and an opening quote side by side), about 1.5 glyph heights. So a
 * gutter is two glyph heights wide, or PUNCT_GAP wide between three lines
 * or more that reach it from both sides (not a heading's number and its
 * words, nor a caption beside another).
 */
static int
few_lines_gutter(const struct bimg *b, struct rect r, int x0, int x1)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, *p, nl = 0;

	if (x1 - x0 >= 2 * b->cs)
		return 1;
	if (x1 - x0 < PUNCT_GAP(b->cs))
		return 0;
	p = xmalloc((size_t)h * sizeof *p);
	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, 2, &y, &s, &e);) {
		struct rect a = { r.x0, r.y0 + s, x0, r.y0 + e }, c = { x1, r.y0 + s, r.x1, r.y0 + e };
		/* a short line or an indent does not reach the blank */
		nl += e - s >= b->cs / 2 && trim(b, &a) && trim(b, &c) && a.x1 >= x0 - b->cs &&
		    c.x0 <= x1 + b->cs;
	}
	free(p);
	return nl >= 3;
}

/*
 * Gutters: runs of (almost) empty pixel columns inside r, at least gmin
 * wide, with ink on both sides. A word space never lines up over several
 * lines, so the region must be a few lines tall.
 */
static size_t
gutters(const struct bimg *b, struct rect r, int minw, int *cut, size_t maxcut)
{
	int w = r.x1 - r.x0, h = r.y1 - r.y0, tol = h / 150, need = b->gmin > minw ? b->gmin : minw;
	size_t n = 0;

	if (h < 3 * b->cs || w < 3 * b->gmin)
		return 0;
	/*
	 * Chinese is set on a grid, so the blank after a full-width comma or
	 * before a quote lines up over a few lines of one paragraph: in a
	 * region of few lines the blank must be told from a gutter.
	 */
	int few = need < 2 * b->cs && textlines(b, r) < 8;
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
		if (s > 0 && x < w && x - s >= need && n < maxcut &&
		    (!few || few_lines_gutter(b, r, r.x0 + s, r.x0 + x)))
			cut[n++] = r.x0 + (s + x) / 2;
	}
	free(p);
	return n;
}

static size_t
ngutters(const struct bimg *b, struct rect r, int minw)
{
	int cut[64];

	return trim(b, &r) ? gutters(b, r, minw, cut, LEN(cut)) : 0;
}

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
 * Columns beside a picture in r: a gutter two characters wide (in a few
 * lines of one column the blanks after full-width punctuation and a short
 * last line line up), with ink four characters wide on either side (not a
 * bullet or a hanging indent), and ink on one side only in several lines
 * in a row (where the picture is: in a table or a list of keys and
 * values, or columns set line for line, a line with one side blank is a
 * cell left empty, and the rows are best read across).
 */
static int
beside_picture(const struct bimg *b, struct rect r)
{
	int cut[64], h, tol, *p;
	size_t n;
	int found = 0;

	if (!trim(b, &r) || !(n = gutters(b, r, 2 * b->cs, cut, LEN(cut))))
		return 0;
	h = r.y1 - r.y0;
	tol = (r.x1 - r.x0) / 300;
	p = xmalloc((size_t)h * sizeof *p);
	rowprof(b, r, p);
	for (size_t i = 0; i < n && !found; i++) {
		struct rect lf = { r.x0, r.y0, cut[i], r.y1 }, rt = { cut[i], r.y0, r.x1, r.y1 };
		int nl = 0, run = 0, longest = 0;
		if (!trim(b, &lf) || !trim(b, &rt) || lf.x1 - lf.x0 < 4 * b->cs ||
		    rt.x1 - rt.x0 < 4 * b->cs)
			continue;
		for (int y = 0, s, e; nextband(p, h, tol, 2, &y, &s, &e);) {
			if (e - s < b->cs / 2)
				continue;
			struct rect a = { r.x0, r.y0 + s, cut[i], r.y0 + e };
			struct rect c = { cut[i], r.y0 + s, r.x1, r.y0 + e };
			nl++;
			run = trim(b, &a) && trim(b, &c) ? 0 : run + 1;
			if (run > longest)
				longest = run;
		}
		found = nl >= 3 && longest >= PICTURE_LINES;
	}
	free(p);
	return found;
}

/*
 * A picture set in one column with text beside it, and text running on
 * under both at full width: no gutter crosses the region and no empty row
 * cuts it, but the lines above (or below) a line boundary have a gutter.
 * Cut there, at the boundary that leaves the most lines with the gutter,
 * so the columns beside the picture are read one after the other, not
 * line by line across.
 * 0 when no such boundary is found.
 */
static int
columns_in_part(const struct bimg *b, struct rect r, int depth, struct rects *out)
{
	int h, tol, *p, *cut, nc = 0;
	int best = -1, top = 0;

	if (!trim(b, &r) || (h = r.y1 - r.y0) < 6 * b->cs)
		return 0;
	tol = (r.x1 - r.x0) / 300;
	p = xmalloc((size_t)h * sizeof *p);
	cut = xmalloc((size_t)h * sizeof *cut);
	rowprof(b, r, p);
	/* the line boundaries: the middle of each gap between rows of ink */
	for (int y = 0, s, e, last = -1; nextband(p, h, tol, 1, &y, &s, &e); last = e) {
		if (last >= 0)
			cut[nc++] = r.y0 + (last + s) / 2;
	}
	free(p);
	/* the most lines above a boundary with a gutter, else below */
	for (int k = nc - 1; k >= 0 && best < 0; k--) {
		struct rect u = { r.x0, r.y0, r.x1, cut[k] };
		if (cut[k] - r.y0 >= 3 * b->cs && r.y1 - cut[k] >= b->cs / 2 && beside_picture(b, u))
			best = k, top = 1;
	}
	for (int k = 0; k < nc && best < 0; k++) {
		struct rect d = { r.x0, cut[k], r.x1, r.y1 };
		if (r.y1 - cut[k] >= 3 * b->cs && cut[k] - r.y0 >= b->cs / 2 && beside_picture(b, d))
			best = k, top = 0;
	}
	if (best >= 0) {
		struct rect u = { r.x0, r.y0, r.x1, cut[best] }, d = { r.x0, cut[best], r.x1, r.y1 };
		segment(b, u, depth + 1, out);
		segment(b, d, depth + 1, out);
	}
	(void)top;
	free(cut);
	return best >= 0;
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
		size_t j = i + 1, ng = ngutters(b, g, 0);
		/* a headline over some of the columns below keeps fewer gutters than either part */
		for (; j < sl.n; j++) {
			struct rect u = { g.x0, g.y0, g.x1, sl.r[j].y1 };
			size_t nu = ngutters(b, u, 0);
			if (nu == 0 || nu < ng || nu < ngutters(b, sl.r[j], 0))
				break;
			g = u;
			ng = nu;
		}
		if (j - i > 1 || ng > 0)
			segment(b, g, depth + 1, out);
		else if (!columns_in_part(b, g, depth, out) && trim(b, &g))
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
	n = gutters(b, r, 0, cut, LEN(cut));
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

	if (!(bin = pixConvertTo1(g, ocr_otsu(g))))
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

/*
 * A table ruled above and below (the three-line table of Chinese print):
 * the band between two rules has gutters, and most of its lines fill
 * little of their column, cells rather than running text. It is read as
 * one column, so the cells of a row stay on one line.
 */
static int
istable(const struct bimg *b, struct rect r)
{
	int cut[64], nshort = 0, nall = 0;
	size_t n;

	if (!trim(b, &r) || !(n = gutters(b, r, 0, cut, LEN(cut))))
		return 0;
	for (size_t i = 0; i <= n; i++) {
		struct rect c = { i ? cut[i - 1] : r.x0, r.y0, i < n ? cut[i] : r.x1, r.y1 };
		int h = c.y1 - c.y0, tol = (c.x1 - c.x0) / 300;
		int *p = xmalloc((size_t)h * sizeof *p);
		rowprof(b, c, p);
		for (int y = 0, s, e; nextband(p, h, tol, 2, &y, &s, &e);) {
			struct rect l = { c.x0, c.y0 + s, c.x1, c.y0 + e };
			if (e - s < b->cs / 2 || !trim(b, &l))
				continue;
			nall++;
			nshort += (l.x1 - l.x0) * 10 < (c.x1 - c.x0) * 6;
		}
		free(p);
	}
	return nall && 3 * nshort >= 2 * nall;
}

/*
 * Running text: a dozen lines or more of r, two thirds of them holding a
 * stretch of ink without a gap of a character longer than a table cell's
 * (RUNCHARS characters).
 */
static int
runs(const struct bimg *b, struct rect r)
{
	int h, tol, nrun = 0, nall = 0;
	int *p;

	if (!trim(b, &r))
		return 0;
	h = r.y1 - r.y0;
	tol = (r.x1 - r.x0) / 300;
	p = xmalloc((size_t)h * sizeof *p);
	/* the rules of a table would join its rows into one line */
	int rw = r.x1 - r.x0, *vc = xmalloc((size_t)rw * sizeof *vc);
	colprof(b, r, vc);
	for (int y = r.y0; y < r.y1; y++) {
		const unsigned char *row = b->p + (size_t)y * b->w;
		int n = 0;
		for (int x = r.x0; x < r.x1; x++)
			n += row[x] && 10 * vc[x - r.x0] < 9 * h;
		p[y - r.y0] = 2 * n > rw ? 0 : n;
	}
	free(vc);
	for (int y = 0, s, e; nextband(p, h, tol, 2, &y, &s, &e);) {
		if (e - s < b->cs / 2)
			continue;	/* what is left of a rule */
		struct rect l = { r.x0, r.y0 + s, r.x1, r.y0 + e };
		int w = l.x1 - l.x0, longest = 0;
		int *c = xmalloc((size_t)w * sizeof *c);
		colprof(b, l, c);
		for (int x = 0, start = -1, gap = 0; x <= w; x++) {
			if (x < w && c[x]) {
				if (start < 0)
					start = x;
				gap = 0;
				if (x - start + 1 > longest)
					longest = x - start + 1;
			} else if (start >= 0 && ++gap >= b->cs)
				start = -1;
		}
		free(c);
		nall++;
		nrun += longest > RUNCHARS * b->cs;
	}
	free(p);
	/* a table has a few columns of figures, a page a dozen lines and more */
	return nall >= MINLINES && 3 * nrun >= 2 * nall;
}

/*
 * Running text, as it is or on its side: Tesseract takes columns of text,
 * and a page fed sideways, for one table, which it then reads line by
 * line across the columns.
 */
int
xy_running_text(const struct bimg *b, struct rect r)
{
	struct bimg t = *b;
	int ret;

	if (!trim(b, &r))
		return 0;
	if (runs(b, r))
		return 1;
	t.w = r.y1 - r.y0;
	t.h = r.x1 - r.x0;
	t.p = xmalloc((size_t)t.w * t.h);
	for (int y = r.y0; y < r.y1; y++)
		for (int x = r.x0; x < r.x1; x++)
			t.p[(size_t)(x - r.x0) * t.w + (y - r.y0)] = b->p[(size_t)y * b->w + x];
	ret = runs(&t, (struct rect){ 0, 0, t.w, t.h });
	free(t.p);
	return ret;
}

/*
 * Paints the boxes (of the page, scaled by k to this image) into the
 * layout: blank, or (frame) as their left and right edges, to keep the
 * place of a picture (a solid block would be taken for a rule).
 */
void
xy_paint(struct bimg *b, const BOXA *boxes, double k, int frame)
{
	int n = boxaGetCount((BOXA *)boxes);

	for (int i = 0; i < n; i++) {
		int bx, by, bw, bh;
		boxaGetBoxGeometry((BOXA *)boxes, i, &bx, &by, &bw, &bh);
		int x0 = (int)(bx * k), y0 = (int)(by * k);
		int x1 = (int)((bx + bw) * k + 1), y1 = (int)((by + bh) * k + 1);
		if (x0 < 0) x0 = 0;
		if (y0 < 0) y0 = 0;
		if (x1 > b->w) x1 = b->w;
		if (y1 > b->h) y1 = b->h;
		for (int y = y0; y < y1 && x1 > x0; y++) {
			unsigned char *row = b->p + (size_t)y * b->w;
			memset(row + x0, 0, (size_t)(x1 - x0));
			/* thick enough to count as ink in a row across the page */
			for (int t = 0; frame && t <= b->w / 300 && t < (x1 - x0) / 2; t++)
				row[x0 + t] = row[x1 - 1 - t] = 1;
		}
	}
}

/*
 * A two-page spread (a book or a folded issue on the scanner): landscape,
 * and a gutter down the whole height near the middle with lines of text
 * on both sides. The x of the gutter's middle, or 0 when it is one page.
 * Each page is then laid out on its own: a rule or a band of one page
 * must not cut the other into bands read across the fold.
 */
static int
spread_gutter(const struct bimg *b)
{
	struct rect r = { 0, 0, b->w, b->h };
	int best = 0, bw = 0, w, tol;
	int *p;

	if (!trim(b, &r) || 5 * (r.x1 - r.x0) < 6 * (r.y1 - r.y0))
		return 0;
	w = r.x1 - r.x0;
	tol = (r.y1 - r.y0) / 150;
	p = xmalloc((size_t)w * sizeof *p);
	colprof(b, r, p);
	for (int x = 0; x < w;) {
		if (p[x] > tol) {
			x++;
			continue;
		}
		int s = x, mid;
		while (x < w && p[x] <= tol)
			x++;
		mid = (s + x) / 2;
		if (x - s >= b->gmin && x - s > bw && 10 * mid >= 4 * w && 10 * mid <= 6 * w) {
			bw = x - s;
			best = r.x0 + mid;
		}
	}
	free(p);
	if (!best || textlines(b, (struct rect){ r.x0, r.y0, best, r.y1 }) < SPREAD_LINES ||
	    textlines(b, (struct rect){ best, r.y0, r.x1, r.y1 }) < SPREAD_LINES)
		return 0;
	return best;
}

/* the part [x0, x1) of b as a page of its own */
static void
subpage(const struct bimg *b, int x0, int x1, struct bimg *s)
{
	*s = *b;
	s->w = x1 - x0;
	s->p = xmalloc((size_t)s->w * s->h);
	for (int y = 0; y < b->h; y++)
		memcpy(s->p + (size_t)y * s->w, b->p + (size_t)y * b->w + x0, (size_t)s->w);
}

/*
 * Blanks vertical rules: the lines between columns and the sides of a
 * boxed sidebar. Left in, a rule inks every row of the block beside it, so
 * its lines cannot be told apart, and it bridges the gutter it stands in.
 * A thin run of ink taller than three characters is no glyph's stroke
 * (a headline's strokes are as thick as they are tall). A run crossed by
 * horizontal ink (a table's grid) is kept: istable() reads tables by it.
 */
static void
vrules(struct bimg *b)
{
	int w = b->w, h = b->h, tall = 3 * b->cs, reach = b->cs, thin = b->cs / 4 > 2 ? b->cs / 4 : 2;
	unsigned char *m = xcalloc((size_t)w * h, 1);

	for (int x = 0; x < w; x++)
		for (int y = 0; y < h;) {
			if (!b->p[(size_t)y * w + x]) {
				y++;
				continue;
			}
			int s = y;
			while (y < h && b->p[(size_t)y * w + x])
				y++;
			if (y - s >= tall)
				for (int k = s; k < y; k++)
					m[(size_t)k * w + x] = 1;
		}
	for (int x = 0; x < w; x++)
		for (int y = 0; y < h;) {
			if (!m[(size_t)y * w + x] || (x > 0 && m[(size_t)y * w + x - 1])) {
				y++;
				continue;
			}
			/* a rule's run of columns from its left edge, rows s..e */
			int s = y, x1 = x;
			while (y < h && m[(size_t)y * w + x])
				y++;
			int e = y, crossed = 0;
			while (x1 < w && m[(size_t)((s + e) / 2) * w + x1])
				x1++;
			if (x1 - x > thin)
				continue;
			for (int k = s + reach; k < e - reach && !crossed; k++) {
				const unsigned char *row = b->p + (size_t)k * w;
				int l = 0, r = 0;
				for (int d = 1; d <= reach; d++) {
					l += x - d >= 0 && row[x - d];
					r += x1 - 1 + d < w && row[x1 - 1 + d];
				}
				crossed = l * 10 >= reach * 9 && r * 10 >= reach * 9;
			}
			if (crossed)
				continue;
			for (int k = s; k < e; k++)
				for (int c = x; c < x1; c++)
					if (m[(size_t)k * w + c])
						b->p[(size_t)k * w + c] = 0;
		}
	free(m);
}

static void page_blocks(struct bimg *b, struct rects *out, int **lone);

/*
 * The order is: the pages of a spread from the left; in a page, bands
 * from the top, inside a band the columns from the left, inside a column
 * the blocks from the top.
 */
void
xy_blocks(struct bimg *b, struct rects *out, int **lone)
{
	int g;

	vrules(b);
	g = spread_gutter(b);
	if (!g) {
		page_blocks(b, out, lone);
		return;
	}
	*lone = xmalloc(sizeof **lone);
	for (int side = 0; side < 2; side++) {
		struct bimg s;
		struct rects r = { 0 };
		int *l = NULL, x0 = side ? g : 0;
		subpage(b, x0, side ? b->w : g, &s);
		page_blocks(&s, &r, &l);
		*lone = xreallocarray(*lone, out->n + r.n + 1, sizeof **lone);
		for (size_t i = 0; i < r.n; i++) {
			(*lone)[out->n] = l[i];
			rects_add(out, r.r[i].x0 + x0, r.r[i].y0, r.r[i].x1 + x0, r.r[i].y1);
		}
		free(s.p);
		free(r.r);
		free(l);
	}
}

static void
page_blocks(struct bimg *b, struct rects *out, int **lone)
{
	struct rects cols = { 0 };
	int cut[64], gap, lh, gapmin;
	size_t nr = rules(b, cut, LEN(cut));

	for (size_t i = 0; i <= nr; i++) {
		struct rect band = { 0, i ? cut[i - 1] : 0, b->w, i < nr ? cut[i] : b->h };
		if (i > 0 && i < nr && istable(b, band) && trim(b, &band))
			rects_add(&cols, band.x0, band.y0, band.x1, band.y1);
		else
			segment(b, band, 0, &cols);
	}
	linestats(b, &cols, &gap, &lh);
	gapmin = gap + lh * 45 / 100;
	if (gapmin < 2)
		gapmin = 2;
	for (size_t i = 0; i < cols.n; i++)
		blocks(b, cols.r[i], gapmin, out);
	*lone = xmalloc((out->n + 1) * sizeof **lone);
	/* a lone line of big glyphs (a headline) is recognised as a single line */
	for (size_t i = 0; i < out->n; i++)
		(*lone)[i] = nlines(b, out->r[i], gap, lh) <= 1;
	free(cols.r);
}
