/*
 * What is not running text: photos and drawings, which are not read at
 * all, and tables, which are read as a whole so that their cells stay in
 * rows. Tesseract's own layout analysis (the one the tesseract command
 * runs) finds them; the text blocks it finds are not used, its order of
 * the columns of a newsletter page is not ours.
 */
#include "inkpipe.h"
#include "ocr/ocr.h"

#define MINRULES	2	/* a table has rules above and below its rows at least */

static int
isimage(TessPolyBlockType t)
{
	return t == PT_FLOWING_IMAGE || t == PT_HEADING_IMAGE || t == PT_PULLOUT_IMAGE;
}

static int
overlaps(BOX *a, BOX *b)
{
	l_int32 r = 0;

	boxIntersects(a, b, &r);
	return r;
}

/*
 * The table box Tesseract gives holds the cells it could group; the rules
 * around them (its line blocks) belong to the table too, or they would be
 * read as strokes of the text next to it.
 */
static BOXA *
grow_tables(BOXA *tables, BOXA *lines)
{
	BOXA *out = boxaCreate(0);

	for (int i = 0; i < boxaGetCount(tables); i++) {
		BOX *t = boxaGetBox(tables, i, L_COPY);
		int nrules = 0;
		for (int grown = 1; grown;) {
			grown = 0;
			nrules = 0;
			for (int j = 0; j < boxaGetCount(lines); j++) {
				BOX *l = boxaGetBox(lines, j, L_CLONE);
				if (l && overlaps(t, l)) {
					BOX *u = boxBoundingRegion(t, l);
					l_int32 a0, a1;
					nrules++;
					boxGetGeometry(t, NULL, NULL, &a0, &a1);
					long before = (long)a0 * a1;
					boxGetGeometry(u, NULL, NULL, &a0, &a1);
					if ((long)a0 * a1 > before) {
						grown = 1;
						boxDestroy(&t);
						t = u;
					} else
						boxDestroy(&u);
				}
				boxDestroy(&l);
			}
		}
		/*
		 * Text set on a grid looks like a table to Tesseract; a table
		 * that is printed as one has rules (a three-line table, at least).
		 */
		if (nrules >= MINRULES)
			boxaAddBox(out, t, L_INSERT);
		else
			boxDestroy(&t);
	}
	return out;
}

/*
 * *images and *tables get the boxes of pix's photos and tables, in pixels
 * of pix. Returns -1 when the analysis failed (the page is then read as
 * all text).
 */
int
nontext_find(TessBaseAPI *api, PIX *pix, BOXA **images, BOXA **tables)
{
	TessPageIterator *it;
	BOXA *lines = boxaCreate(0);

	*images = boxaCreate(0);
	*tables = boxaCreate(0);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	TessBaseAPISetImage2(api, pix);
	if (!(it = TessBaseAPIAnalyseLayout(api))) {
		boxaDestroy(&lines);
		return -1;
	}
	do {
		int l, t, r, b;
		TessPolyBlockType type = TessPageIteratorBlockType(it);
		if (!TessPageIteratorBoundingBox(it, RIL_BLOCK, &l, &t, &r, &b) || r <= l || b <= t)
			continue;
		BOX *bx = boxCreate(l, t, r - l, b - t);
		if (isimage(type))
			boxaAddBox(*images, bx, L_INSERT);
		else if (type == PT_TABLE)
			boxaAddBox(*tables, bx, L_INSERT);
		else if (type == PT_HORZ_LINE || type == PT_VERT_LINE)
			boxaAddBox(lines, bx, L_INSERT);
		else
			boxDestroy(&bx);
	} while (TessPageIteratorNext(it, RIL_BLOCK));
	TessPageIteratorDelete(it);
	BOXA *ruled = grow_tables(*tables, lines);
	boxaDestroy(tables);
	*tables = ruled;
	boxaDestroy(&lines);
	return 0;
}
