/*
 * Rules with text beside them: a rule under one article's columns, with
 * another column running down beside them, cuts only the columns it
 * spans, and stays a line of the layout that no gutter crosses.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * A rule left beside text (it cuts only the columns it spans) stays a
 * line of the layout for the gutters: one that crosses a rule between
 * two articles is no gutter, so the profile p of r is inked under it.
 */
void
xy_rules_across(const struct bimg *b, struct rect r, int *p, int tol)
{
	for (size_t i = 0; b->rules && i < b->rules->n; i++) {
		struct rect u = b->rules->r[i];
		if (u.y0 <= r.y0 || u.y0 >= r.y1 - 1)
			continue;
		/* a rule that ends in a gutter (at the column rule there) does not cross it */
		int x0 = u.x0 + b->cs, x1 = u.x1 - b->cs;
		for (int x = x0 > r.x0 ? x0 : r.x0; x < x1 && x < r.x1; x++)
			p[x - r.x0] += tol + 1;
	}
}

/* the row of a rule across most of r inside rows (y0, y1) of it, else -1 */
int
xy_rule_inside(const struct bimg *b, struct rect r, int y0, int y1)
{
	for (size_t i = 0; b->rules && i < b->rules->n; i++) {
		struct rect u = b->rules->r[i];
		int x0 = u.x0 > r.x0 ? u.x0 : r.x0, x1 = u.x1 < r.x1 ? u.x1 : r.x1;
		if (u.y0 > y0 && u.y0 < y1 && 2 * (x1 - x0) >= r.x1 - r.x0)
			return u.y0;
	}
	return -1;
}

/*
 * Parts the rules xy_rules() found (rows cut[0..n), blanked in b, as they
 * were in before) into those that cut the page into bands and those with
 * text beside them: a rule under one article's columns, with another
 * column running on beside it. These cut only what they span, in the
 * XY-cut, and go to part with their extent. Returns how many cut the
 * page; cut holds them.
 */
size_t
xy_rules_beside(const struct bimg *b, const unsigned char *before, int *cut, size_t n,
    struct rects *part)
{
	size_t m = 0;

	unsigned char *gone = xmalloc((size_t)b->w);

	for (size_t i = 0; i < n; i++) {
		int y = cut[i], x0 = 0, x1 = 0, beside = 0;
		/* the longest run blanked on the rule's rows: not a stroke blanked beside it */
		memset(gone, 0, (size_t)b->w);
		for (int v = y - 1; v <= y + 1; v++) {
			const unsigned char *o = before + (size_t)v * b->w, *p = b->p + (size_t)v * b->w;
			for (int x = 0; v >= 0 && v < b->h && x < b->w; x++)
				gone[x] |= o[x] && !p[x];
		}
		for (int x = 0; x < b->w;) {
			if (!gone[x]) {
				x++;
				continue;
			}
			int s = x, e = x;
			while (x < b->w && x - e <= b->cs / 2)
				if (gone[x++])
					e = x;
			if (e - s > x1 - x0)
				x0 = s, x1 = e;
		}
		for (int v = y - b->cs / 2; x0 < x1 && v <= y + b->cs / 2; v++) {
			const unsigned char *p = b->p + (size_t)v * b->w;
			for (int x = 0; v >= 0 && v < b->h && x < b->w; x++)
				beside += p[x] && (x < x0 - b->cs || x >= x1 + b->cs);
		}
		if (x0 < x1 && beside >= b->cs)
			rects_add(part, x0, y, x1, y + 1);
		else
			cut[m++] = y;
	}
	free(gone);
	return m;
}
