/*
 * Running text told from a table: Tesseract takes columns of text, and a
 * page fed sideways, for one table, which it then reads line by line
 * across the columns; such a "table" is handed back to the layout.
 */
#include <stdlib.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/* characters: a table cell holds fewer in one run, a column of text more */
#define RUNCHARS	10
#define MINLINES	12

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

	if (!xy_trim(b, &r))
		return 0;
	h = r.y1 - r.y0;
	tol = (r.x1 - r.x0) / 300;
	p = xmalloc((size_t)h * sizeof *p);
	/* the rules of a table would join its rows into one line */
	int rw = r.x1 - r.x0, *vc = xmalloc((size_t)rw * sizeof *vc);
	xy_colprof(b, r, vc);
	for (int y = r.y0; y < r.y1; y++) {
		const unsigned char *row = b->p + (size_t)y * b->w;
		int n = 0;
		for (int x = r.x0; x < r.x1; x++)
			n += row[x] && 10 * vc[x - r.x0] < 9 * h;
		p[y - r.y0] = 2 * n > rw ? 0 : n;
	}
	free(vc);
	for (int y = 0, s, e; xy_nextband(p, h, tol, 2, &y, &s, &e);) {
		if (e - s < b->cs / 2)
			continue;	/* what is left of a rule */
		struct rect l = { r.x0, r.y0 + s, r.x1, r.y0 + e };
		int w = l.x1 - l.x0, longest = 0;
		int *c = xmalloc((size_t)w * sizeof *c);
		xy_colprof(b, l, c);
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

	if (!xy_trim(b, &r))
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
