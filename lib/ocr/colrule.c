/*
 * Column rules: the vertical lines printed between columns. xy_vrules()
 * blanks those taller than three glyphs and keeps them in b->vrules; the
 * rule between the columns of a short section (two lines under its
 * headline) is shorter, and is told from a glyph's stroke here by the gap
 * between lines it runs across. Where a rule stood the blank is a gutter,
 * however few the lines beside it: a rule sets columns apart.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/* ink in row y of b, columns [x0, x1) */
static int
inkrun(const struct bimg *b, int y, int x0, int x1)
{
	const unsigned char *row = b->p + (size_t)y * b->w;
	int n = 0;

	if (x0 < 0)
		x0 = 0;
	if (x1 > b->w)
		x1 = b->w;
	for (int x = x0; x < x1; x++)
		n += row[x];
	return n;
}

/*
 * Whether the thin run of columns [x, x1), rows [s, e), is a rule between
 * columns: blank on both sides (two glyphs out) in a row of its middle,
 * the gap between two lines, with ink beside it above and below that row,
 * and on its left and right (not the side of a frame) unless it lines up
 * with a taller rule; and never crossed by a line (a table's grid, which istable() reads).
 */
static int
short_rule(const struct bimg *b, int x, int x1, int s, int e)
{
	int reach = 2 * b->cs, gap = -1;

	for (int y = s + b->cs / 2; y < e - b->cs / 2 && gap < 0; y++)
		if (!inkrun(b, y, x - reach, x) && !inkrun(b, y, x1, x1 + reach))
			gap = y;
	if (gap < 0)
		return 0;
	/* a frame's side: at an end a line leaves it to one side only (a column rule hangs from one across) */
	for (int y = s; y < e; y++) {
		if (y > s + 2 && y < e - 3)
			continue;
		int l = 10 * inkrun(b, y, x - b->cs, x) >= 9 * b->cs;
		int r = 10 * inkrun(b, y, x1, x1 + b->cs) >= 9 * b->cs;
		if (l != r)
			return 0;
	}
	int above = 0, below = 0, left = 0, right = 0;
	for (int y = s; y < e; y++) {
		int l = inkrun(b, y, x - reach, x), r = inkrun(b, y, x1, x1 + reach);
		if (y < gap)
			above += l + r > 0;
		else
			below += l + r > 0;
		left += l > 0;
		right += r > 0;
		/* a line across the run, a glyph wide on both sides */
		if (10 * inkrun(b, y, x - b->cs, x) >= 9 * b->cs &&
		    10 * inkrun(b, y, x1, x1 + b->cs) >= 9 * b->cs)
			return 0;
	}
	if (above < b->cs / 2 || below < b->cs / 2)
		return 0;
	if (left >= b->cs / 2 && right >= b->cs / 2)
		return 1;
	/* a piece of a taller rule, broken where a picture was taken out beside it */
	for (size_t i = 0; i < b->vrules->n; i++)
		if (abs(b->vrules->r[i].x0 - x) <= 1 && b->vrules->r[i].y1 - b->vrules->r[i].y0 >= 3 * b->cs)
			return 1;
	return 0;
}

/*
 * Blanks the column rules two glyphs tall or more that xy_vrules() left
 * (it takes three), and adds them to b->vrules.
 */
void
xy_short_vrules(struct bimg *b)
{
	int w = b->w, h = b->h, tall = 2 * b->cs, thin = b->cs / 4 > 2 ? b->cs / 4 : 2;

	if (!b->vrules)
		return;
	for (int x = 1; x < w; x++)
		for (int y = 0; y < h;) {
			if (!b->p[(size_t)y * w + x]) {
				y++;
				continue;
			}
			int s = y;
			while (y < h && b->p[(size_t)y * w + x])
				y++;
			int e = y, mid = (s + e) / 2, x1 = x;
			/* from the rule's left edge, as thin as a rule */
			if (e - s < tall || b->p[(size_t)mid * w + x - 1])
				continue;
			while (x1 < w && b->p[(size_t)mid * w + x1])
				x1++;
			if (x1 - x > thin || !short_rule(b, x, x1, s, e))
				continue;
			for (int k = s; k < e; k++)
				for (int c = x; c < x1; c++)
					b->p[(size_t)k * w + c] = 0;
			rects_add(b->vrules, x, s, x1, e);
		}
}

/*
 * A column rule stood in the blank [x0, x1) of r: down three quarters of
 * r's height at least.
 */
int
xy_ruled(const struct bimg *b, struct rect r, int x0, int x1)
{
	for (size_t i = 0; b->vrules && i < b->vrules->n; i++) {
		struct rect v = b->vrules->r[i];
		int o = (v.y1 < r.y1 ? v.y1 : r.y1) - (v.y0 > r.y0 ? v.y0 : r.y0);
		if (v.x0 >= x0 && v.x1 <= x1 && 4 * o >= 3 * (r.y1 - r.y0))
			return 1;
	}
	return 0;
}
