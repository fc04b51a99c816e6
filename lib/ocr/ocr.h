/*
 * lib/ocr: the stage that turns a page image into text lines in reading
 * order. prep.c makes the page upright, evenly lit, straight and of the
 * glyph size the model reads best (dewarp.c straightens a curled page's
 * lines); nontext.c finds what is not text (photos, drawings) with
 * Tesseract's layout analysis, qr.c QR codes, bleed.c photos that run off
 * the page, and ground.c gives back what of it is print on a ground (a
 * banner) or a photo's caption, and has panels.c find the shaded sidebars
 * and their title bars; xycut.c orders the text into columns and blocks
 * (gutter.c, colrule.c and ruleside.c say where columns part, running.c
 * tells running text from a table, boxes.c takes framed and shaded
 * sidebars out as units of their own), and caption.c puts a photo's
 * caption after the text beside it; recog.c recognises the blocks and drops what is
 * garbage; page.c is the stage's top function.
 */
#ifndef OCR_H
#define OCR_H

#include <stddef.h>
#include <stdint.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "inkpipe.h"

/* one engine per worker thread */
struct ocr_engine {
	TessBaseAPI *api;	/* the language, recognition and layout */
	const char *tessdata;	/* where the languages are; NULL: Tesseract's default */
	TessBaseAPI *osd;	/* orientation, started when first needed */
	int noosd;		/* no osd.traineddata: pages are taken as upright */
	int chinese;		/* lang is chi_*: full-width punctuation, CJK garbage test */
	int profile;		/* $INKPIPE_PROFILE: CPU per stage and block on stderr */
};

struct ocr_line {
	int x, y, w, h, conf;
	int block;
	char *text;
	char *chars;		/* "x:y:w:h:conf" per character of text but white space; NULL: none */
};

/* how the working image relates to the page as given */
struct ocr_geom {
	int w0, h0;		/* the page as given */
	int quads;		/* turned clockwise by 90 degrees this many times */
	int w1, h1;		/* after that turn */
	int flat;		/* then a slanted page mapped to an upright rectangle: */
	double vc[8];		/* projective map from that rectangle back (leptonica's) */
	double qx[4], qy[4];	/* the page's corners before, clockwise from the top left */
	int w2, h2;		/* the image after that */
	FPIX *bow;		/* then a curled page's lines straightened: how far each pixel moved */
	double angle;		/* then deskewed by this (radians) about the centre */
	double scale;		/* then scaled */
};

struct ocr_page {
	struct ocr_geom g;
	PIX *pix;		/* gray page as recognised */
	struct ocr_line *l;
	size_t nl, capl;
	int ndropped;		/* garbage lines not emitted */
	int meanconf;		/* over the characters read; 0 when ink gave none, -1 blank */
	int inked;		/* the page has more than specks of ink */
	int nimages;		/* non-text regions left out */
	struct buf prof;	/* e->profile: CPU seconds per stage and block, a line each */
};

/*
 * A page whose mean character confidence is under this is warned about:
 * print read upright scores 70-95, a page read sideways, a phone photo in
 * bad light or a page of pictures 10-45.
 */
#define OCR_LOWCONF	50

/* page.c */
double ocr_cpu(void);
int ocr_read_page(struct ocr_engine *e, struct ocr_page *pg, PIX *gray);
void ocr_page_addline(struct ocr_page *pg, int fix, int blk, int x, int y, int w, int h,
    int conf, const char *t, size_t n);
void ocr_page_free(struct ocr_page *pg);
void ocr_unmap(const struct ocr_geom *g, int *x, int *y, int *w, int *h);

/* recog.c */
enum ocr_blockkind { OCR_TEXT, OCR_LINE, OCR_TABLE };
int ocr_recognise_block(struct ocr_engine *e, struct ocr_page *pg, enum ocr_blockkind kind,
    int x, int y, int w, int h);
void ocr_drop_garbage(struct ocr_engine *e, struct ocr_page *pg);

/* table.c */
int ocr_read_table(struct ocr_engine *e, struct ocr_page *pg, int x, int y, int w, int h, int cs);

/* prep.c */
int ocr_otsu(PIX *g);
int ocr_otsu_split(const double *h, int lo, int hi);
int ocr_paper_level(PIX *gray);
PIX *prep_upright(struct ocr_engine *e, PIX *gray, int *quads);
void ocr_engine_end(struct ocr_engine *e);
PIX *prep_surround(PIX *gray, PIX **pagemask);
PIX *prep_flatten(PIX *gray, PIX *pagemask, struct ocr_geom *g);
PIX *prep_dewarp(PIX *gray, struct ocr_geom *g);
PIX *prep_polarity(PIX *gray);
PIX *prep_normalise(PIX *gray, int paper);
PIX *prep_light(PIX *gray);
PIX *prep_despeckle(PIX *gray, int cs, int *n);
PIX *prep_deskew(PIX *gray, double *angle);
double prep_scale_for(int glyph);

/* nontext.c */
int nontext_find(TessBaseAPI *api, PIX *pix, int cs, BOXA **images, BOXA **tables);
BOXA *nontext_drawings(PIX *gray, int cs, double sc);
BOXA *nontext_photos(PIX *gray, int cs, double sc);
BOXA *nontext_fills(PIX *gray, int cs, double sc);
/* qr.c: QR codes painted over, in the page as lit now and in the page as read later */
struct bimg;
BOXA *nontext_qr(PIX *gray, struct bimg *b, int cs, double sc, struct buf *prof);
void nontext_qr_paint(PIX *pix, BOXA *codes);
/* bleed.c: a photo that runs off the page is one photo, less the caption over it */
void nontext_bleed(PIX *gray, PIX *pix, struct bimg *b, int cs, double sc, BOXA *images,
    struct buf *prof);

/* words.c: a line's words, boxed by their characters' boxes, for hOCR and ALTO */
struct ocrword;
size_t ocr_line_words(const struct ocr_line *l, struct ocrword **words);
void ocr_words_free(struct ocrword *w, size_t n);

/* text.c */
int ocr_iscjk(uint32_t c);
int ocr_hascjk(const char *s, size_t n);
char *ocr_fixpunct(const char *s, size_t n);
/* a line this many times the body's height is a title, of few glyphs and big */
#define OCR_TITLE_SCALE	2
int ocr_garbage(const char *s, size_t n, int conf, int chinese, int title);
int ocr_body_height(const struct ocr_page *pg);

/* xycut.c: layout on a binarised copy of the page (binarise.c makes it) */
struct rect {
	int x0, y0, x1, y1;	/* half-open */
};
struct rects {
	struct rect *r;
	size_t n, cap;
};
/* one byte per pixel, 1 is ink */
struct bimg {
	int w, h;
	unsigned char *p;
	int cs;			/* typical character height */
	int gmin;		/* narrowest gutter */
	int red;		/* reduction from the page: 1 or 2 */
	struct rects *rules;	/* horizontal rules beside text: they cut only what they span */
	struct rects *grid;	/* the page's column gutters, where they were sure */
	struct rects *maybe;	/* blanks of few lines, gutters if one of other rows lines up */
	struct rects *cand;	/* blanks of few lines that two lines reach */
	int gridrec;		/* gutters() adds to grid, maybe and cand, else it looks there */
	struct rects panels;	/* shaded panels (panels.c): boxes_find takes them, and frees them */
	struct rects *vrules;	/* vertical rules blanked (xy_vrules): a gutter where they stood */
};
void rects_add(struct rects *rs, int x0, int y0, int x1, int y1);
int xy_binarise(PIX *g, struct bimg *b);
void xy_paint(struct bimg *b, const BOXA *boxes, double k, int frame);
/* rules.c: blanks the rules of b; xy_rules returns the rows of the horizontal ones */
size_t xy_rules(struct bimg *b, int *cut, size_t maxcut);
void xy_vrules(struct bimg *b);
/* the text blocks of the page, in reading order; *lone[i]: block i is one line */
void xy_blocks(struct bimg *b, struct rects *out, int **lone);
/* the layout's helpers: profile of rows, the ink's box, the next band of a profile */
void xy_rowprof(const struct bimg *b, struct rect r, int *out);
void xy_colprof(const struct bimg *b, struct rect r, int *out);
int xy_trim(const struct bimg *b, struct rect *r);
int xy_nextband(const int *p, int h, int tol, int mingap, int *y, int *s, int *e);
/* ruleside.c: the rules with text beside them go to part; the rows of the others stay in cut */
size_t xy_rules_beside(const struct bimg *b, const unsigned char *before, int *cut, size_t n,
    struct rects *part);
void xy_rules_across(const struct bimg *b, struct rect r, int *p, int tol);
int xy_rule_inside(const struct bimg *b, struct rect r, int y0, int y1);
/* gutter.c: whether the blank [x0, x1) of a region r of few lines is a gutter; *sure: for sure */
int xy_few_lines_gutter(const struct bimg *b, struct rect r, int x0, int x1, int *sure);
void xy_shave(const struct bimg *b, struct rect *r);
/* running.c: r holds running text (as it is or on its side), no table */
int xy_running_text(const struct bimg *b, struct rect r);
/* colrule.c: the rules between columns, blanked; a gutter where they stood */
void xy_short_vrules(struct bimg *b);
int xy_ruled(const struct bimg *b, struct rect r, int x0, int x1);

/* boxes.c: framed sidebars, laid out and read as units of their own */
struct box {
	struct rect frame;	/* in the page's layout pixels */
	struct rect text;	/* the extent of its text */
	int figures;		/* its lines are no running text: a table set without rules */
	struct bimg in;		/* what the frame holds, its rules left out, as a page */
};
struct boxes {
	struct box *b;
	size_t n;
};
typedef void (*boxes_layout_fn)(struct bimg *b, struct rects *out, int **lone, unsigned char **foot);
void boxes_find(struct bimg *b, struct boxes *bx);
int ocr_cover(PIX *m, int across, int a0, int a1, int b0, int b1);
void boxes_place(struct boxes *bx, int x0, int x1, boxes_layout_fn lay, struct rects *out,
    int **lone, unsigned char **foot);
int boxes_within(const struct bimg *b, struct rect r);
void boxes_free(struct boxes *bx);
/* panels.c: sidebars on a tint, found on the page as lit */
void panels_find(PIX *raw, int cs, double tolayout, struct rects *out, BOXA *bars);

/* ground.c: print on a ground is read, photos are brought in to themselves */
void nontext_settle(TessBaseAPI *api, PIX *pix, PIX *raw, double sc, struct bimg *b, double k,
    int cs, BOXA *images, struct buf *prof);
/* caption.c: a photo's caption read after the text beside the photo */
void nontext_captions(const struct bimg *b, struct rects *blk, int *lone, BOXA *images, double k);

#endif
