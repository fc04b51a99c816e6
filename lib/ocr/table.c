/*
 * A ruled table read cell by cell. Tesseract's own analysis of a table
 * reads it line by line: a header cell of two lines (丘陵 over 沟壑区)
 * becomes two rows of halves, a cell spanning rows lands in the middle
 * of them and a head spanning columns is lost beside its sub-heads. The
 * rules of the table are its grid: the cells are the blank areas they
 * enclose, read in rows from the top, a cell that spans rows with the
 * row it starts in, and each row is given as one line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define RULE_CELLS	2	/* glyphs: a horizontal rule is longer, a stroke shorter */
#define RULE_ROW	1.4	/* glyphs: a vertical rule in a row is taller than a stroke */
#define MINCELLS	6	/* a grid of fewer cells is not worth reading apart */
#define CELL_LINES	3.5	/* glyphs: the tallest text of a cell, two lines and the space between */

struct cell {
	int x, y, w, h;
};

static int
cmptop(const void *a, const void *b)
{
	const struct cell *p = a, *q = b;

	return p->y != q->y ? (p->y > q->y) - (p->y < q->y) : (p->x > q->x) - (p->x < q->x);
}

static int
cmpleft(const void *a, const void *b)
{
	const struct cell *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

/*
 * The cells of the table at (x, y, w, h) of gray: the 4-connected blank
 * areas the rules (and the box's edge, as its sides are often open)
 * enclose that hold ink, in the table's pixels. NULL when the grid has
 * fewer than MINCELLS of them.
 */
static struct cell *
cells(PIX *gray, int x, int y, int w, int h, int cs, size_t *n)
{
	BOX *bx = boxCreate(x, y, w, h);
	PIX *g = pixClipRectangle(gray, bx, NULL), *bin = NULL, *hl = NULL, *vl = NULL, *blank = NULL;
	BOXA *ba = NULL;
	struct cell *c = NULL;
	size_t m = 0;
	int tall = 0;

	boxDestroy(&bx);
	*n = 0;
	if (!g || pixGetDepth(g) != 8 || !(bin = pixConvertTo1(g, ocr_otsu(g))))
		goto out;
	hl = pixOpenBrick(NULL, bin, RULE_CELLS * cs, 1);
	vl = pixOpenBrick(NULL, bin, 1, (int)(RULE_ROW * cs));
	if (!hl || !vl)
		goto out;
	pixOr(hl, hl, vl);
	/* rules a pixel or two off from meeting still close their cell */
	pixDilateBrick(hl, hl, 3, 3);
	pixSetBorderRingVal(hl, 1, 1);
	blank = pixInvert(NULL, hl);
	if (!blank || !(ba = pixConnCompBB(blank, 4)))
		goto out;
	c = xcalloc((size_t)boxaGetCount(ba) + 1, sizeof *c);
	for (int i = 0; i < boxaGetCount(ba); i++) {
		int cx, cy, cw, ch;
		l_int32 ink = 0;
		boxaGetBoxGeometry(ba, i, &cx, &cy, &cw, &ch);
		if (cw < cs / 2 || ch < cs / 2)
			continue;
		BOX *cb = boxCreate(cx, cy, cw, ch), *tb = NULL;
		pixCountPixelsInRect(bin, cb, &ink, NULL);
		/*
		 * A cell holds a line or two (a head, a figure); a paragraph
		 * in a "cell" is text beside the table, or a box round text
		 * that Tesseract took for one: then there is no grid to read.
		 */
		PIX *cp = pixClipRectangle(bin, cb, NULL);
		if (cp && pixClipToForeground(cp, NULL, &tb) == 0 && tb) {
			int th;
			boxGetGeometry(tb, NULL, NULL, NULL, &th);
			tall |= th > CELL_LINES * cs;
		}
		boxDestroy(&tb);
		pixDestroy(&cp);
		boxDestroy(&cb);
		/* a stroke or two is the end of a rule, not a cell's text */
		if (ink > cs)
			c[m++] = (struct cell){ cx, cy, cw, ch };
	}
	if (m < MINCELLS || tall) {
		free(c);
		c = NULL;
		m = 0;
	}
	*n = m;
out:
	boxaDestroy(&ba);
	pixDestroy(&blank);
	pixDestroy(&hl);
	pixDestroy(&vl);
	pixDestroy(&bin);
	pixDestroy(&g);
	return c;
}

/*
 * The text of a cell read as one block, its lines joined; NULL when none.
 * The cell is read on its own with a margin of paper round it: cut
 * tight out of the page the model misreads the glyphs at its edge.
 */
static char *
readcell(struct ocr_engine *e, PIX *page, int x, int y, int w, int h, int cs, int *conf)
{
	BOX *bx = boxCreate(x, y, w, h);
	PIX *c = bx ? pixClipRectangle(page, bx, NULL) : NULL, *p;
	char *t = NULL, *s;
	size_t k = 0;
	PIX *bin = NULL;

	boxDestroy(&bx);
	/*
	 * Thresholded here, on the cell alone: a tinted band behind a row
	 * fooled Tesseract's own threshold of the padded cell.
	 */
	if (c)
		bin = pixConvertTo1(c, ocr_otsu(c));
	p = bin ? pixAddBorder(bin, cs / 2 + 2, 0) : NULL;
	pixDestroy(&bin);
	pixDestroy(&c);
	if (!p)
		return NULL;
	pixSetResolution(p, pixGetXRes(page), pixGetYRes(page));
	TessBaseAPISetImage2(e->api, p);
	t = TessBaseAPIGetUTF8Text(e->api);
	*conf = TessBaseAPIMeanTextConf(e->api);
	pixDestroy(&p);
	if (!t)
		return NULL;
	s = xmalloc(strlen(t) + 1);
	for (const char *q = t; *q; q++)
		if (*q != '\n' && *q != '\r')
			s[k++] = *q;
	s[k] = 0;
	TessDeleteText(t);
	while (k && s[k - 1] == ' ')
		s[--k] = 0;
	if (!k) {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * Reads the table at (x, y, w, h) of pg->pix, set in e's engine, cell by
 * cell: one line per row, its cells two spaces apart. 0 when it has no
 * grid of cells to read it by (the caller reads it whole then).
 */
int
ocr_read_table(struct ocr_engine *e, struct ocr_page *pg, int x, int y, int w, int h, int cs)
{
	size_t n, i = 0;
	struct cell *c = cells(pg->pix, x, y, w, h, cs, &n);
	int blk = pg->nl ? pg->l[pg->nl - 1].block + 1 : 1;

	if (!c)
		return 0;
	qsort(c, n, sizeof *c, cmptop);
	TessBaseAPISetPageSegMode(e->api, PSM_SINGLE_BLOCK);
	TessBaseAPISetVariable(e->api, "tessedit_do_invert", "0");
	while (i < n) {
		/* a row: the cells whose tops are level with its first one's */
		size_t j = i;
		struct buf row = { 0 };
		int x0 = INT32_MAX, y0 = INT32_MAX, x1 = 0, y1 = 0, csum = 0, nc = 0;
		while (j < n && c[j].y - c[i].y < cs / 2)
			j++;
		qsort(c + i, j - i, sizeof *c, cmpleft);
		for (size_t k = i; k < j; k++) {
			int conf = 0;
			char *t = readcell(e, pg->pix, x + c[k].x, y + c[k].y, c[k].w, c[k].h, cs, &conf);
			if (!t)
				continue;
			buf_printf(&row, "%s%s", row.len ? "  " : "", t);
			free(t);
			csum += conf;
			nc++;
			if (x + c[k].x < x0) x0 = x + c[k].x;
			if (y + c[k].y < y0) y0 = y + c[k].y;
			if (x + c[k].x + c[k].w > x1) x1 = x + c[k].x + c[k].w;
			if (y + c[k].y + c[k].h > y1) y1 = y + c[k].y + c[k].h;
		}
		if (nc) {
			int bx = x0, by = y0, bw = x1 - x0, bh = y1 - y0;
			ocr_unmap(&pg->g, &bx, &by, &bw, &bh);
			ocr_page_addline(pg, e->chinese, blk, bx, by, bw, bh,
			    (int)lround((double)csum / nc), row.p, row.len);
		}
		buf_free(&row);
		i = j;
	}
	free(c);
	TessBaseAPISetImage2(e->api, pg->pix);
	return 1;
}
