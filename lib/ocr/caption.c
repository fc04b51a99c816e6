/*
 * Captions in the reading order. A photo set in a column of text (lines
 * of text over it or under its caption) is read where its column is, its
 * caption with it. A photo set beside the text,
 * in a column of its own, is not: the XY-cut reads the caption where that
 * column comes, before the text beside it when the photo is on the left,
 * after the next article when the layout joins the column to the one
 * under it. Such a caption belongs to the article it sits in: it is read
 * right after the text that runs beside its photo.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define CAPTION_LINES	3	/* a caption is a few lines at most */
#define CAPTION_GAP	2	/* glyphs: a caption is set this close to its photo */
#define CAPTION_WIDE	4	/* glyphs: a caption line is a few words, not a speck */

static int
overlap(int a0, int a1, int b0, int b1)
{
	return a0 < b1 && b0 < a1;
}

/*
 * Reorders the blocks blk (with their lone flags) of the layout b, the
 * page as read scaled by 1/k, so that each caption of a photo (a box of
 * images, in pixels of the page as read) follows the last block that
 * runs beside the photo. A caption is a block of a few lines just under
 * a photo and within its width.
 */
void
nontext_captions(const struct bimg *b, struct rects *blk, int *lone, BOXA *images, double k)
{
	size_t n = blk->n;
	int cs = b->cs, np = images ? boxaGetCount(images) : 0;
	struct rect *photo = xcalloc(n + 1, sizeof *photo);
	long *anchor = xmalloc((n + 1) * sizeof *anchor);
	unsigned char *cap = xcalloc(n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		struct rect c = blk->r[i];
		anchor[i] = -1;
		/* a headline under a photo is set bigger than the body, a caption is not */
		if (c.y1 - c.y0 > (CAPTION_LINES + 1) * cs || c.x1 - c.x0 < CAPTION_WIDE * cs ||
		    (lone[i] && 2 * (c.y1 - c.y0) > 3 * cs))
			continue;
		for (int j = 0; j < np && !cap[i]; j++) {
			int x, y, w, h;
			boxaGetBoxGeometry(images, j, &x, &y, &w, &h);
			struct rect p = { (int)(x / k), (int)(y / k), (int)((x + w) / k), (int)((y + h) / k) };
			if (c.x0 < p.x0 - cs || c.x1 > p.x1 + cs || p.x1 - p.x0 < CAPTION_WIDE * cs)
				continue;
			/* over a photo in its column is a headline as often as a caption */
			if (c.y0 >= p.y1 - cs / 2 && c.y0 - p.y1 <= CAPTION_GAP * cs) {
				cap[i] = 1;
				photo[i] = (struct rect){ p.x0, p.y0, p.x1, c.y1 };
			}
		}
	}
	/*
	 * A caption's line that the layout cut in two (a short line under a
	 * longer one leaves a blank on its rows): the piece beside the
	 * caption, on its rows and under the photo, is the caption's.
	 */
	for (size_t i = 0; i < n; i++) {
		if (!cap[i])
			continue;
		for (size_t j = 0; j < n; j++) {
			struct rect c = blk->r[i], t = blk->r[j], p = photo[i];
			if (cap[j] || j == i || t.y0 < c.y0 - cs / 2 || t.y1 > c.y1 + cs / 2 ||
			    t.x0 < p.x0 - cs || t.x1 > p.x1 + cs ||
			    (t.x1 < c.x0 - CAPTION_GAP * cs || t.x0 > c.x1 + CAPTION_GAP * cs))
				continue;
			blk->r[i] = (struct rect){ t.x0 < c.x0 ? t.x0 : c.x0, t.y0 < c.y0 ? t.y0 : c.y0,
			    t.x1 > c.x1 ? t.x1 : c.x1, t.y1 > c.y1 ? t.y1 : c.y1 };
			lone[i] = 0;
			memmove(blk->r + j, blk->r + j + 1, (n - j - 1) * sizeof *blk->r);
			memmove(lone + j, lone + j + 1, (n - j - 1) * sizeof *lone);
			memmove(cap + j, cap + j + 1, n - j - 1);
			memmove(photo + j, photo + j + 1, (n - j - 1) * sizeof *photo);
			n = --blk->n;
			if (j < i)
				i--;
			j = (size_t)-1;	/* from the start: the caption grew */
		}
	}
	/*
	 * The text beside the photo: no caption, clear of the photo's columns,
	 * on its rows. A photo set in a column of text is read where the
	 * column is.
	 */
	size_t ncap = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cap[i])
			continue;
		struct rect p = photo[i];
		int under = 0;
		for (size_t j = 0; j < n; j++) {
			struct rect t = blk->r[j];
			if (cap[j] || !overlap(t.x0, t.x1, p.x0, p.x1))
				continue;
			/* text under the caption, or lines of text (not a headline) over the photo */
			under |= t.y0 >= p.y1 && t.y0 - p.y1 <= CAPTION_GAP * cs;
			under |= !lone[j] && t.y1 <= p.y0 && p.y0 - t.y1 <= 3 * CAPTION_GAP * cs;
		}
		for (size_t j = 0; j < n && !under; j++)
			if (!cap[j] && !overlap(blk->r[j].x0, blk->r[j].x1, p.x0, p.x1) &&
			    overlap(blk->r[j].y0, blk->r[j].y1, p.y0, p.y1))
				anchor[i] = (long)j;
		/* and on down its column, where the text runs on under the photo */
		for (long a = anchor[i]; a >= 0 && (size_t)a + 1 < n;) {
			struct rect u = blk->r[a], v = blk->r[a + 1];
			if (cap[a + 1] || !overlap(u.x0, u.x1, v.x0, v.x1) || v.y0 < u.y1 ||
			    v.y0 - u.y1 > CAPTION_GAP * cs)
				break;
			anchor[i] = ++a;
		}
		ncap += anchor[i] >= 0;
	}
	if (ncap) {
		struct rect *r = xmalloc(n * sizeof *r);
		int *l = xmalloc(n * sizeof *l);
		size_t m = 0;
		for (size_t j = 0; j < n; j++) {
			if (anchor[j] >= 0)
				continue;
			r[m] = blk->r[j];
			l[m++] = lone[j];
			for (size_t i = 0; i < n; i++)
				if (anchor[i] == (long)j) {
					r[m] = blk->r[i];
					l[m++] = lone[i];
				}
		}
		memcpy(blk->r, r, n * sizeof *r);
		memcpy(lone, l, n * sizeof *l);
		free(r);
		free(l);
	}
	free(photo);
	free(anchor);
	free(cap);
}
