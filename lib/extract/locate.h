/*
 * locate.h: an entity's own pixels. Given the lines CSV its paragraph was
 * reflowed from, an entity's characters are found again in the OCR lines:
 * the line holding its first character, the box of its characters on that
 * page, and the lowest confidence among them.
 */
#ifndef EXTRACT_LOCATE_H
#define EXTRACT_LOCATE_H

#include <stddef.h>
#include <stdio.h>

struct ocrchars;

struct entbox {
	long page, line;	/* the OCR line holding the first character */
	long x, y, w, h;	/* pixels of the page image */
	int conf;		/* lowest character confidence inside, 0-100 */
	int exact;		/* 1: from character boxes; 0: shared out along the line */
};

/* reads a lines CSV (ink-ocr's, with its optional chars column); NULL after a message */
struct ocrchars *ocrchars_load(FILE *fp, const char *name);
void ocrchars_free(struct ocrchars *oc);

/*
 * The entity at code points [start, end) of paragraph text para, which
 * ink-reflow made from lines first of page to last of last_page (a later
 * page when the paragraph runs across a page break; 0 when not known: then
 * the first line numbered last at or after first). 1 and *b filled, or 0
 * when its characters are not found there.
 */
int ocrchars_locate(const struct ocrchars *oc, const char *doc, long page, long first,
    long last, long last_page, const char *para, size_t start, size_t end,
    struct entbox *b);

#endif
