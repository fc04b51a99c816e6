/*
 * ocrxml.h: OCR exchanged as XML, hOCR and ALTO, read into and written
 * from the lines of the record contract (stage 1), through libxml2.
 */
#ifndef OCRXML_H
#define OCRXML_H

#include <stddef.h>
#include <stdio.h>

/* one text line, as a row of the lines CSV */
struct ocrline {
	long page, block, line;		/* 1-based; line counts within the page */
	double x, y, w, h;		/* pixels of the page image */
	double conf;			/* 0-100; negative when the file gives none */
	const char *text;		/* UTF-8, words joined by one space */
};

/* a word inside a line, for writers that keep word boxes */
struct ocrword {
	double x, y, w, h, conf;
	const char *text;
};

/* ocrxml_read.c */

/* 1 when the first bytes of a stream are markup: an XML declaration or a tag */
int ocrxml_sniff(const char *peek, size_t n);

/*
 * Reads a whole hOCR (Tesseract, ABBYY, Transkribus, ...) or ALTO (v2-v4,
 * any namespace) document from fp, peek holding bytes already read from it,
 * and calls each() for every text line in document order. each() returning
 * non-zero stops the read. Returns 0, or 1 after a message naming the file
 * (and line, for markup errors).
 */
int ocrxml_read(FILE *fp, const char *name, const char *peek, size_t npeek,
    int (*each)(void *arg, const struct ocrline *l), void *arg);

/* ocrxml_write.c */

enum ocrxml_format { OCRXML_HOCR, OCRXML_ALTO };
struct ocrxml_writer;

/* NULL after a message when the writer cannot start */
struct ocrxml_writer *ocrxml_begin(FILE *fp, enum ocrxml_format fmt, const char *producer);
void ocrxml_page(struct ocrxml_writer *w, long page, const char *image, int width, int height);
void ocrxml_block(struct ocrxml_writer *w, long block, double x, double y, double bw, double bh);
/* a line, then its words (none: the line's text is one word) */
void ocrxml_line(struct ocrxml_writer *w, const struct ocrline *l,
    const struct ocrword *words, size_t nwords);
/* a writer of pages alone, for ocrxml_raw() into a document */
struct ocrxml_writer *ocrxml_begin_pages(FILE *fp, enum ocrxml_format fmt);
void ocrxml_raw(struct ocrxml_writer *w, const char *s, size_t n);
/* closes every open element; 0, or 1 on a write error */
int ocrxml_end(struct ocrxml_writer *w);

#endif
