/*
 * The rules of a page, for its layout: a printed rule is no text, and
 * left in it joins the lines or the columns it runs beside. Both are
 * found on the binarised copy the XY-cut works on.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/*
 * Blanks horizontal rules (over 40% of the width) and returns their rows as
 * cuts. A scanned rule is ragged: it may step a row where it was tilted and
 * break where the threshold caught it thin, so three rows are looked at
 * together and short breaks are bridged; it must still be nearly solid,
 * which a row through a line of text is not.
 */
size_t
xy_rules(struct bimg *b, int *cut, size_t maxcut)
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
 * Blanks vertical rules: the lines between columns and the sides of a
 * boxed sidebar. Left in, a rule inks every row of the block beside it, so
 * its lines cannot be told apart, and it bridges the gutter it stands in.
 * A thin run of ink taller than three characters is no glyph's stroke
 * (a headline's strokes are as thick as they are tall). A run crossed by
 * horizontal ink (a table's grid) is kept: istable() reads tables by it.
 */
void
xy_vrules(struct bimg *b)
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
			if (b->vrules)
				rects_add(b->vrules, x, s, x1, e);
			for (int k = s; k < e; k++)
				for (int c = x; c < x1; c++)
					if (m[(size_t)k * w + c])
						b->p[(size_t)k * w + c] = 0;
		}
	free(m);
}
