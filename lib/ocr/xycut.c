/*
 * The column layout of a page: an XY-cut on a binarised copy. Tesseract's
 * own page segmentation merges the columns of a clean newsletter page and
 * interleaves their lines, so the reading order is found here: horizontal
 * rules across the page (such as the one under a masthead) cut it into
 * bands, each band is cut into columns at the gutters, and each column
 * into blocks at gaps clearly taller than the space between its lines. A
 * rule with text beside it cuts only the columns it spans (ruleside.c);
 * whether a blank of a few lines is a gutter is gutter.c's to say.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define PICTURE_LINES	3	/* lines beside a picture with nothing on its side */
#define LEAD_COLLINES	4	/* lines of columns under a lead, at least */
#define GRID_GUTTER(cs)	((cs) * 3)	/* widest gutter of the page's column grid */
#define SPREAD_LINES	8	/* lines of text each page of a spread has at least */
#define FOOT_LINES	4	/* lines of footnotes at the foot of a page, at most */
#define FOOT_TYPE	90	/* percent of the body's line height: a footnote's type is smaller */

static void segment(const struct bimg *b, struct rect r, int depth, struct rects *out);
static size_t ngutters(const struct bimg *b, struct rect r, int minw);
static int lineheight(const struct bimg *b, struct rect r, size_t *nl);
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
static int nextgap(const int *p, int w, int tol, int *x, int *s);

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

/* the helpers, for the other modules of the layout */
void
xy_rowprof(const struct bimg *b, struct rect r, int *out)
{
	rowprof(b, r, out);
}

void
xy_colprof(const struct bimg *b, struct rect r, int *out)
{
	colprof(b, r, out);
}

int
xy_trim(const struct bimg *b, struct rect *r)
{
	return trim(b, r);
}

int
xy_nextband(const int *p, int h, int tol, int mingap, int *y, int *s, int *e)
{
	return nextband(p, h, tol, mingap, y, s, e);
}

/*
 * Gutters: runs of (almost) empty pixel columns inside r, at least gmin
 * wide, with ink on both sides. A word space never lines up over several
 * lines, so the region must be a few lines tall.
 */
static size_t
gutters(const struct bimg *b, struct rect r, int minw, int *cut, size_t maxcut)
{
	int w, h, tol, need = b->gmin > minw ? b->gmin : minw;
	int gs[64], ge[64], surev[64];
	size_t n = 0;

	xy_shave(b, &r);
	w = r.x1 - r.x0;
	h = r.y1 - r.y0;
	tol = h / 150;
	if ((h < 3 * b->cs && !xy_ruled(b, r, r.x0, r.x1)) || w < 3 * b->gmin)
		return 0;
	/*
	 * Chinese is set on a grid, so the blank after a full-width comma or
	 * before a quote lines up over a few lines of one paragraph: in a
	 * region of few lines the blank must be told from a gutter.
	 */
	int few = need < 2 * b->cs && textlines(b, r) < 8;
	int *p = xmalloc((size_t)w * sizeof *p);
	colprof(b, r, p);
	xy_rules_across(b, r, p, tol);
	for (int x = 0, s; nextgap(p, w, tol, &x, &s);) {
		int sure = 1, rule = s > 0 && x < w && xy_ruled(b, r, r.x0 + s, r.x0 + x);
		if (s > 0 && x < w && x - s >= need && n < maxcut && n < LEN(gs) &&
		    (rule || (h >= 3 * b->cs && (!few || xy_few_lines_gutter(b, r, r.x0 + s, r.x0 + x, &sure))))) {
			gs[n] = s;
			ge[n] = x;
			surev[n] = sure;
			cut[n++] = r.x0 + (s + x) / 2;
		}
	}
	free(p);
	/*
	 * The page's column grid: gutters found for sure between columns of
	 * text (four glyphs wide or more, not a bullet or a heading's number),
	 * an em or two wide (not the blank after a short line).
	 */
	for (size_t i = 0; b->gridrec && b->grid && i < n; i++)
		if (surev[i] && ge[i] - gs[i] <= GRID_GUTTER(b->cs) &&
		    gs[i] - (i ? ge[i - 1] : 0) >= 4 * b->cs && (i + 1 < n ? gs[i + 1] : w) - ge[i] >= 4 * b->cs)
			rects_add(b->grid, r.x0 + gs[i], r.y0, r.x0 + ge[i], r.y1);
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

/* The next run of blank columns of the profile p[0..w) from *x on: [*s, *x). 0 when none is left. */
static int
nextgap(const int *p, int w, int tol, int *x, int *s)
{
	while (*x < w && p[*x] > tol)
		(*x)++;
	if (*x >= w)
		return 0;
	*s = *x;
	while (*x < w && p[*x] <= tol)
		(*x)++;
	return 1;
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
 * A headline set upright (its glyphs one under the other) at a side of
 * the text of its article in r: a blank of pixel columns at least gmin
 * wide, with on one side a strip of big type (glyphs twice the body's
 * height), one or two glyphs wide and three or more tall, and lines of
 * text on the other. It is read before its text, wherever it stands.
 * *hd: the headline's strip.
 */
static int
upright_headline(const struct bimg *b, struct rect r, struct rect *hd)
{
	int w, tol, *p, found = 0;

	if (!trim(b, &r))
		return 0;
	w = r.x1 - r.x0;
	tol = (r.y1 - r.y0) / 150;
	p = xmalloc((size_t)w * sizeof *p);
	colprof(b, r, p);
	for (int x = 0, s; !found && nextgap(p, w, tol, &x, &s);) {
		if (s == 0 || x == w || x - s < b->gmin)
			continue;
		struct rect side[2] = { { r.x0, r.y0, r.x0 + s, r.y1 }, { r.x0 + x, r.y0, r.x1, r.y1 } };
		if (!trim(b, &side[0]) || !trim(b, &side[1]))
			continue;
		for (int i = 0; i < 2 && !found; i++) {
			struct rect t = side[i];
			int gh = lineheight(b, t, NULL), tw = t.x1 - t.x0, th = t.y1 - t.y0;
			if (gh >= 2 * b->cs && tw <= 2 * gh && th >= 3 * gh &&
			    textlines(b, side[1 - i]) >= 3 && 2 * lineheight(b, side[1 - i], NULL) < gh) {
				*hd = t;
				found = 1;
			}
		}
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
	/* an upright headline beside the text it heads, the text running on under it */
	for (int k = nc - 1; k >= 0 && best < 0; k--) {
		struct rect u = { r.x0, r.y0, r.x1, cut[k] }, d = { r.x0, cut[k], r.x1, r.y1 }, hd;
		if (cut[k] - r.y0 < 6 * b->cs || !upright_headline(b, u, &hd))
			continue;
		rects_add(out, hd.x0, hd.y0, hd.x1, hd.y1);
		if (hd.x0 > u.x0)
			u.x1 = hd.x0;
		else
			u.x0 = hd.x1;
		segment(b, u, depth + 1, out);
		segment(b, d, depth + 1, out);
		free(cut);
		return 1;
	}
	/*
	 * An article's lead set at full width over its columns: the most
	 * lines below a boundary with a gutter (the lead's lines cross it)
	 * and none above.
	 */
	for (int k = 0; k < nc && best < 0; k++) {
		struct rect u = { r.x0, r.y0, r.x1, cut[k] }, d = { r.x0, cut[k], r.x1, r.y1 };
		if (r.y1 - cut[k] >= 3 * b->cs && textlines(b, d) >= LEAD_COLLINES &&
		    ngutters(b, d, 0) && !ngutters(b, u, 0))
			best = k;
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
 * A headline: one or two lines of type half as tall again as the body's,
 * its glyphs side by side: one run of ink with no blank a glyph wide (a
 * subhead has a column's lines beside it) that holds all but a speck
 * of the ink, and ink in most of its columns (a picture's pieces are
 * scattered). Set in a blank across the region, it heads the columns
 * under it, however few of them it spans: they are read after it, and
 * what is above is not.
 */
static int
headline(const struct bimg *b, struct rect r)
{
	size_t nl;
	long all = 0, best = 0;
	int lh, w, *p, bs = 0, be = 0, inked = 0;

	if (!trim(b, &r))
		return 0;
	lh = lineheight(b, r, &nl);
	if (nl < 1 || nl > 2 || 2 * lh < 3 * b->cs)
		return 0;
	w = r.x1 - r.x0;
	p = xmalloc((size_t)w * sizeof *p);
	colprof(b, r, p);
	for (int x = 0; x < w;) {
		int s = x, e = x, gap = 0;
		long m = 0;
		for (; x < w && gap < b->cs; x++)
			if (p[x]) {
				m += p[x];
				e = x + 1;
				gap = 0;
			} else
				gap++;
		while (x < w && !p[x])
			x++;
		all += m;
		if (m > best)
			best = m, bs = s, be = e;
	}
	for (int x = bs; x < be; x++)
		inked += p[x] > 0;
	free(p);
	return 20 * best >= 19 * all && 3 * inked >= 2 * (be - bs);
}

/*
 * Headlines in r that are set in a blank across it, below other text:
 * each heads the columns under it (however few of them it spans), so r is
 * cut above each and the parts are laid out one after the other. The
 * gutters of r would otherwise put a headline over one column in the
 * middle of that column, the end of the article above before it and the
 * rest of its own article after it. 0 when there is none.
 */
static int
headed_parts(const struct bimg *b, struct rect r, int depth, struct rects *out)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300, top = r.y0, nparts = 0;
	int *p = xmalloc((size_t)h * sizeof *p), last = -1;

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, b->cs, &y, &s, &e); last = e) {
		struct rect sl = { r.x0, r.y0 + s, r.x1, r.y0 + e };
		/* a headline set close over its text opens the slice */
		int *q = xmalloc((size_t)(e - s) * sizeof *q), y1 = 0, s1, e1;
		rowprof(b, sl, q);
		if (nextband(q, e - s, tol, 2, &y1, &s1, &e1))
			sl.y1 = sl.y0 + e1;
		free(q);
		if (last < 0 || !headline(b, sl))
			continue;
		struct rect part = { r.x0, top, r.x1, r.y0 + (last + s) / 2 };
		segment(b, part, depth + 1, out);
		top = part.y1;
		nparts++;
	}
	free(p);
	if (nparts)
		segment(b, (struct rect){ r.x0, top, r.x1, r.y1 }, depth + 1, out);
	return nparts > 0;
}

/* appends rows [y0, y1) of r to the slices sl; rule[i]: a rule is over slice i */
static void
add_slice(const struct bimg *b, struct rect r, int y0, int y1, struct rects *sl,
    unsigned char **rule)
{
	rects_add(sl, r.x0, y0, r.x1, y1);
	*rule = xreallocarray(*rule, sl->n, 1);
	(*rule)[sl->n - 1] = sl->n > 1 && xy_rule_inside(b, r, sl->r[sl->n - 2].y1 - 1, y0 + 1) >= 0;
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
	unsigned char *rule = NULL;

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, b->cs, &y, &s, &e);) {
		/* a rule across the region parts what is set close above and below it */
		for (int u; (u = xy_rule_inside(b, r, r.y0 + s, r.y0 + e)) >= 0 && p[u - r.y0] <= tol;) {
			int a = u - r.y0, c = u - r.y0;
			while (a > s && p[a - 1] <= tol)
				a--;
			while (c < e && p[c] <= tol)
				c++;
			add_slice(b, r, r.y0 + s, r.y0 + a, &sl, &rule);
			s = c;
		}
		add_slice(b, r, r.y0 + s, r.y0 + e, &sl, &rule);
	}
	free(p);
	for (size_t i = 0; i < sl.n;) {
		struct rect g = sl.r[i];
		size_t j = i + 1, ng = ngutters(b, g, 0);
		/* a headline over some of the columns below keeps fewer gutters than either part */
		for (; j < sl.n && !rule[j] && !headline(b, sl.r[j]); j++) {
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
	free(rule);
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
	/* what is left of a rule at its edge crosses its gutters, and is no text */
	xy_shave(b, &r);
	if (!trim(b, &r))
		return;
	n = gutters(b, r, 0, cut, LEN(cut));
	if (n > 0 && headed_parts(b, r, depth, out))
		return;
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
 * space between lines (a blank line in the source), and at a short rule
 * between lines: the one over a page's footnotes, which are set close
 * under the body.
 */
static void
blocks(const struct bimg *b, struct rect r, int gapmin, struct rects *out)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300;
	int *p = xmalloc((size_t)h * sizeof *p);
	int s = -1, e = 0;

	rowprof(b, r, p);
	for (int y = 0, bs, be; ; ) {
		int more = nextband(p, h, tol, 1, &y, &bs, &be);
		struct rect l = { r.x0, r.y0 + (more ? bs : 0), r.x1, r.y0 + (more ? be : 0) };
		int rule = more && s >= 0 && be - bs < b->cs / 4 && y < h && trim(b, &l) &&
		    (l.x1 - l.x0) * 2 < r.x1 - r.x0 && l.x1 - l.x0 >= 3 * b->cs;
		if (s >= 0 && (!more || rule || bs - e >= gapmin)) {
			/* thinner than any glyph: what is left of a rule, or dirt */
			if (e - s >= b->cs / 4)
				rects_add(out, r.x0, r.y0 + s, r.x1, r.y0 + e);
			s = -1;
		}
		if (!more)
			break;
		if (rule)
			continue;
		if (s < 0)
			s = bs;
		e = be;
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
	*lh = rank_int(lv, nl, 1, 2);
	*gap = rank_int(gv, ng, 1, 2);
	free(gv);
	free(lv);
}

/*
 * A table ruled above and below (the three-line table of Chinese print):
 * the band between two rules has gutters, and most of its lines fill
 * little of their column, cells rather than running text. It is read as
 * one column, so the cells of a row stay on one line. A band with a
 * headline in it (a line of type well over twice the body's) is a section
 * of a newsletter between its rules, whose column beside a picture is
 * no column of cells.
 */
static int
istable(const struct bimg *b, struct rect r)
{
	int cut[64], nshort = 0, nall = 0, big = 0;
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
			big += 2 * (e - s) >= 5 * b->cs;
		}
		free(p);
	}
	return nall && !big && 3 * nshort >= 2 * nall;
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
	for (int x = 0, s; nextgap(p, w, tol, &x, &s);) {
		int mid = (s + x) / 2;
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

static void page_blocks(struct bimg *b, struct rects *out, int **lone, unsigned char **foot);

/* appends block i of r (of a page at x0) to out, with its lone flag */
static void
take(struct rects *out, int **lone, const struct rects *r, const int *l, size_t i, int x0)
{
	*lone = xreallocarray(*lone, out->n + 2, sizeof **lone);
	(*lone)[out->n] = l[i];
	rects_add(out, r->r[i].x0 + x0, r->r[i].y0, r->r[i].x1 + x0, r->r[i].y1);
}

/*
 * The order is: the pages of a spread from the left; in a page, bands
 * from the top, inside a band the columns from the left, inside a column
 * the blocks from the top.
 */
void
xy_blocks(struct bimg *b, struct rects *out, int **lone)
{
	struct bimg side[2];
	struct rects r[2] = { { 0 } };
	int *l[2] = { NULL, NULL }, x0[2] = { 0, 0 }, g, ns;
	unsigned char *foot[2] = { NULL, NULL };
	struct boxes bx;
	struct rects vr[2] = { { 0 } };

	boxes_find(b, &bx);
	b->vrules = &vr[0];
	xy_vrules(b);
	xy_short_vrules(b);
	b->vrules = NULL;
	g = spread_gutter(b);
	ns = g ? 2 : 1;
	if (g) {
		subpage(b, 0, g, &side[0]);
		subpage(b, g, b->w, &side[1]);
		x0[1] = g;
		for (size_t i = vr[0].n; i-- > 0;)
			if (vr[0].r[i].x0 >= g) {
				struct rect t = vr[0].r[i];
				rects_add(&vr[1], t.x0 - g, t.y0, t.x1 - g, t.y1);
				vr[0].r[i] = vr[0].r[--vr[0].n];
			}
	} else
		side[0] = *b;
	for (int s = 0; s < ns; s++)
		side[s].vrules = &vr[s];
	*lone = xmalloc(sizeof **lone);
	for (int s = 0; s < ns; s++) {
		page_blocks(&side[s], &r[s], &l[s], &foot[s]);
		boxes_place(&bx, x0[s], x0[s] + side[s].w, page_blocks, &r[s], &l[s], &foot[s]);
	}
	boxes_free(&bx);
	/* the body of each page, then the foot of each page */
	for (int pass = 0; pass < 2; pass++)
		for (int s = 0; s < ns; s++)
			for (size_t i = 0; i < r[s].n; i++)
				if (foot[s][i] == pass)
					take(out, lone, &r[s], l[s], i, x0[s]);
	for (int s = 0; s < ns; s++) {
		if (g)
			free(side[s].p);
		free(r[s].r);
		free(l[s]);
		free(foot[s]);
		free(vr[s].r);
	}
}

/* the heights of the rows of ink in r, a glyph's half at least, appended to v */
static size_t
lineheights(const struct bimg *b, struct rect r, int *v, size_t nv)
{
	int h = r.y1 - r.y0, tol = (r.x1 - r.x0) / 300;
	int *p = xmalloc((size_t)h * sizeof *p);

	rowprof(b, r, p);
	for (int y = 0, s, e; nextband(p, h, tol, 1, &y, &s, &e);)
		if (e - s >= b->cs / 2)
			v[nv++] = e - s;
	free(p);
	return nv;
}

/* the median height of the lines of r; *nl: how many there are */
static int
lineheight(const struct bimg *b, struct rect r, size_t *nl)
{
	int *v = xmalloc((size_t)(r.y1 - r.y0 + 1) * sizeof *v);
	size_t n = lineheights(b, r, v, 0);
	int m = rank_int(v, n, 1, 2);

	free(v);
	if (nl)
		*nl = n;
	return m;
}

/*
 * The foot of the page: footnotes, running feet and page numbers, below
 * all of the body and set apart from it, each block one line or in type
 * smaller than the body's. They are read after the body: the body of a
 * spread's left page runs on to the right page, often in mid-sentence,
 * and a footnote or a page number between the two would break it. Marks
 * foot[i] for the blocks of the foot.
 */
static void
page_foot(const struct bimg *b, const struct rects *blk, const int *lone, int lh,
    unsigned char *foot)
{
	size_t n = blk->n, *ix, nv = 0, nplain = 0;
	int best = -1, *v;

	if (n < 2)
		return;
	/* the body's type: the commonest height of a line */
	for (size_t i = 0; i < n; i++)
		nv += (size_t)(blk->r[i].y1 - blk->r[i].y0 + 1);
	v = xmalloc(nv * sizeof *v);
	nv = 0;
	for (size_t i = 0; i < n; i++)
		nv = lineheights(b, blk->r[i], v, nv);
	lh = rank_int(v, nv, 1, 2);
	free(v);
	if (lh <= 0)
		return;
	ix = xmalloc(n * sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	/* the blocks from the lowest top up */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && blk->r[ix[j]].y0 > blk->r[ix[j - 1]].y0; j--) {
			size_t t = ix[j];
			ix[j] = ix[j - 1];
			ix[j - 1] = t;
		}
	for (size_t k = 0; k + 1 < n; k++) {
		struct rect r = blk->r[ix[k]];
		/*
		 * A page number or a running foot is one line, and there are
		 * few of them; footnotes are a few lines of small type (more
		 * is the end of a column of body set a size smaller).
		 */
		size_t nl;
		if ((100 * lineheight(b, r, &nl) > FOOT_TYPE * lh && (!lone[ix[k]] || ++nplain > 2)) ||
		    nl > FOOT_LINES)
			break;
		/* all above this top end a line's height above it or more */
		int y = r.y0, above = 0;
		for (size_t m = k + 1; m < n; m++)
			if (blk->r[ix[m]].y1 > above)
				above = blk->r[ix[m]].y1;
		/* a line in the body's type is set further apart when it is furniture */
		if (above + (nplain ? 2 : 1) * lh <= y)
			best = (int)k;
	}
	for (int k = 0; k <= best; k++)
		foot[ix[k]] = 1;
	/* a running head: one line in small type over all the rest, apart from it */
	for (size_t k = n; k-- > 0;) {
		struct rect r = blk->r[ix[k]];
		int below = b->h;
		if (foot[ix[k]])
			continue;
		for (size_t m = 0; m < n; m++)
			if (m != ix[k] && !foot[m] && blk->r[m].y0 < below)
				below = blk->r[m].y0;
		if (lone[ix[k]] && r.y1 + lh <= below && 100 * lineheight(b, r, NULL) <= FOOT_TYPE * lh)
			foot[ix[k]] = 1;
		break;
	}
	free(ix);
}

/* the text columns of the bands between the rules cut[0..nr), in reading order */
static void
page_columns(const struct bimg *b, const int *cut, size_t nr, struct rects *cols)
{
	for (size_t i = 0; i <= nr; i++) {
		struct rect band = { 0, i ? cut[i - 1] : 0, b->w, i < nr ? cut[i] : b->h };
		if (i > 0 && i < nr && istable(b, band) && trim(b, &band))
			rects_add(cols, band.x0, band.y0, band.x1, band.y1);
		else
			segment(b, band, 0, cols);
	}
}

static void
page_blocks(struct bimg *b, struct rects *out, int **lone, unsigned char **foot)
{
	struct rects cols = { 0 };
	int cut[64], gap, lh, gapmin;
	size_t nr;
	unsigned char *before = xmalloc((size_t)b->w * b->h);
	struct rects part = { 0 }, grid = { 0 }, maybe = { 0 }, cand = { 0 };

	memcpy(before, b->p, (size_t)b->w * b->h);
	nr = xy_rules(b, cut, LEN(cut));
	nr = xy_rules_beside(b, before, cut, nr, &part);
	free(before);
	b->rules = &part;
	/*
	 * Twice: the gutters found for sure the first time are the page's
	 * column grid, on which the second finds those of short sections.
	 */
	b->grid = &grid;
	b->maybe = &maybe;
	b->cand = &cand;
	b->gridrec = 1;
	page_columns(b, cut, nr, &cols);
	b->gridrec = 0;
	if (grid.n || maybe.n) {
		cols.n = 0;
		page_columns(b, cut, nr, &cols);
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
	*foot = xcalloc(out->n + 1, 1);
	page_foot(b, out, *lone, lh, *foot);
	b->rules = b->grid = b->maybe = b->cand = NULL;
	free(part.r);
	free(grid.r);
	free(maybe.r);
	free(cand.r);
	free(cols.r);
}
