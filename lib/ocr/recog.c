/*
 * Recognition of the blocks the layout found, and the garbage left out of
 * what it read.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

#define DARK		128	/* grey under which a pixel is dark */
#define BAR_ROWS	8	/* pixel rows: a bar is taller than a rule */
#define BAR_WIDTH	60	/* pixels: a bar is longer than the strokes of print */

/*
 * The box and confidence of each character of the line ri stands on, in
 * the page as given, so that ink-extract can outline a figure's own digits.
 * NULL when the symbols do not pair one to one with the line's text as kept
 * (ocr_fixpunct maps one character to one): then the line's box serves.
 */
static char *
line_chars(TessResultIterator *line, const struct ocr_page *pg, const char *kept)
{
	TessResultIterator *ri = TessResultIteratorCopy(line);
	TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
	struct buf b = { 0 };
	size_t n = 0;

	do {
		int l, t, r, bt, conf;
		char *sym = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
		if (!sym)
			continue;
		if (TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &l, &t, &r, &bt)) {
			int bx = l, by = t, bw = r - l, bh = bt - t;
			size_t k = charbox_count(sym);
			ocr_unmap(&pg->g, &bx, &by, &bw, &bh);
			conf = (int)lround(TessResultIteratorConfidence(ri, RIL_SYMBOL));
			conf = conf < 0 ? 0 : conf > 100 ? 100 : conf;
			for (size_t i = 0; i < k; i++, n++)
				buf_printf(&b, "%s%d:%d:%d:%d:%d", b.len ? " " : "", bx, by, bw, bh, conf);
		}
		TessDeleteText(sym);
	} while (!TessPageIteratorIsAtFinalElement(pi, RIL_TEXTLINE, RIL_SYMBOL) &&
	    TessResultIteratorNext(ri, RIL_SYMBOL));
	TessResultIteratorDelete(ri);
	if (n != charbox_count(kept) || n == 0) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

/*
 * Tesseract reads a line of low confidence a second time inverted, in
 * case it is light print on dark. On a page of small or poor print that
 * is most lines, and doubles their cost for nothing: only a block with a
 * dark bar in it (a banner, a table's head, a reversed box) can hold
 * light print on dark. A bar is rows with a dark run three glyphs long
 * (the page is scaled to glyphs of about 20 pixels), taller than a rule;
 * print on paper has no such run.
 */
static int
light_on_dark(PIX *pix, int x, int y, int w, int h)
{
	int wpl = pixGetWpl(pix), run = 0;
	l_uint32 *d = pixGetData(pix);

	if (pixGetDepth(pix) != 8)
		return 1;
	int need = BAR_WIDTH < w / 2 ? BAR_WIDTH : w / 2;
	for (int r = y; r < y + h; r++) {
		l_uint32 *row = d + (size_t)r * wpl;
		int dark = 0, longest = 0;
		for (int c = x; c < x + w; c++) {
			dark = GET_DATA_BYTE(row, c) < DARK ? dark + 1 : 0;
			if (dark > longest)
				longest = dark;
		}
		run = longest >= need ? run + 1 : 0;
		if (run >= BAR_ROWS)
			return 1;
	}
	return 0;
}

/*
 * The lines of one block of pg->pix, appended to pg as one block; 1 when
 * its low-confidence lines were read a second time inverted.
 */
int
ocr_recognise_block(struct ocr_engine *e, struct ocr_page *pg, enum ocr_blockkind kind,
    int x, int y, int w, int h)
{
	TessResultIterator *ri;
	int pw = pixGetWidth(pg->pix), ph = pixGetHeight(pg->pix);
	int pad = 6, blk = pg->nl ? pg->l[pg->nl - 1].block + 1 : 1;

	x -= pad; y -= pad; w += 2 * pad; h += 2 * pad;
	if (x < 0) { w += x; x = 0; }
	if (y < 0) { h += y; y = 0; }
	if (x + w > pw) w = pw - x;
	if (y + h > ph) h = ph - y;
	if (w <= 0 || h <= 0)
		return 0;
	/*
	 * PSM 6 breaks a lone line of big glyphs (a headline) into stray
	 * lines; a table needs Tesseract's own analysis, which finds its rules
	 * and keeps the cells of a row together.
	 */
	TessBaseAPISetPageSegMode(e->api, kind == OCR_LINE ? PSM_SINGLE_LINE :
	    kind == OCR_TABLE ? PSM_AUTO : PSM_SINGLE_BLOCK);
	int inv = light_on_dark(pg->pix, x, y, w, h);
	TessBaseAPISetVariable(e->api, "tessedit_do_invert", inv ? "1" : "0");
	TessBaseAPISetRectangle(e->api, x, y, w, h);
	if (TessBaseAPIRecognize(e->api, NULL) != 0)
		return inv;
	if (!(ri = TessBaseAPIGetIterator(e->api)))
		return inv;
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
		conf = conf < 0 ? 0 : conf > 100 ? 100 : conf;
		if (n && TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r, &bt)) {
			int bx = l, by = t, bw = r - l, bh = bt - t;
			ocr_unmap(&pg->g, &bx, &by, &bw, &bh);
			ocr_page_addline(pg, e->chinese, blk, bx, by, bw, bh, conf, s, n);
			pg->l[pg->nl - 1].chars = line_chars(ri, pg, pg->l[pg->nl - 1].text);
		}
		TessDeleteText(txt);
	} while (TessResultIteratorNext(ri, RIL_TEXTLINE));
	TessResultIteratorDelete(ri);
	return inv;
}

/*
 * The page's confidence (over all it read, per character: a page is as
 * readable as its text, not its count of lines), then the garbage lines
 * out, and the blocks numbered again from 1.
 */
void
ocr_drop_garbage(struct ocr_engine *e, struct ocr_page *pg)
{
	double sum = 0, nch = 0;
	size_t k = 0;
	int lastold = 0, blk = 0;

	for (size_t i = 0; i < pg->nl; i++) {
		size_t n = utf8_len(pg->l[i].text, strlen(pg->l[i].text));
		sum += (double)n * pg->l[i].conf;
		nch += (double)n;
	}
	pg->meanconf = nch > 0 ? (int)lround(sum / nch) : pg->inked ? 0 : -1;
	int body = ocr_body_height(pg);
	for (size_t i = 0; i < pg->nl; i++) {
		struct ocr_line *l = &pg->l[i];
		if (ocr_garbage(l->text, strlen(l->text), l->conf, e->chinese,
		    body > 0 && l->h >= OCR_TITLE_SCALE * body)) {
			free(l->text);
			free(l->chars);
			pg->ndropped++;
			continue;
		}
		if (l->block != lastold) {
			lastold = l->block;
			blk++;
		}
		l->block = blk;
		pg->l[k++] = *l;
	}
	pg->nl = k;
}
