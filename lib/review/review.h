/*
 * review.h: ink-review's stage: entity rows traced back to the pixels of
 * their page, for a reviewer who checks the doubtful numbers first.
 */
#ifndef REVIEW_H
#define REVIEW_H

#include <stdio.h>

/* a rectangle in pixels of the page image */
struct rbox {
	int x, y, w, h;
};

/* linetab.c: the lines CSV of ink-ocr, looked up by doc, page and line */
struct rline {
	char *doc;
	long page, line;
	int block;
	struct rbox box;
	int conf;		/* -1: not given */
	char *text;
	size_t order;		/* as read: of two rows for one line, the first counts */
};
struct linetab {
	struct rline *l;
	size_t n, cap;
	size_t nbad;		/* rows skipped, or a CSV error after some rows */
};
/* adds a file's lines; 0, or -1 when the file is unusable (warned) */
int linetab_read(struct linetab *t, FILE *fp, const char *name);
/* a file, - or a folder of DOC.lines.csv, sorted for lookup; -1: nothing usable */
int linetab_load(struct linetab *t, const char *path);
/* index of the first line of doc's page at or after line, or t->n */
size_t linetab_seek(const struct linetab *t, const char *doc, long page, long line);
int linetab_hasdoc(const struct linetab *t, const char *doc);
void linetab_free(struct linetab *t);

/* entries.c: the entity rows under review, with their evidence */
enum { CONF_NONE, CONF_ENTITY, CONF_LINES };
struct entry {
	unsigned long srcline;	/* line of the entities CSV, for messages */
	size_t order;		/* input order: ties keep it */
	char *doc, *article, *para, *type, *text, *value, *unit, *qualifier,
	    *subject, *scope, *rule;
	long page, first, last, line;	/* -1: empty */
	long last_page;		/* of last (-1: not given; resolved: where the lines end) */
	long line_page;		/* of line and box: the page column when not given */
	int hasbox;
	struct rbox box;	/* the entity's own characters, when hasbox */
	struct rbox ctx;	/* and the OCR line holding them (w 0: unknown) */
	int conf, confsrc;	/* CONF_*; conf -1 with CONF_NONE */
	long start;		/* code point offset in the paragraph; -1: not given */
	char *span;		/* article, para, start, end: a metric's count twin has the same */

	/* evidence, from the lines CSV */
	struct rbox *reg;	/* runs of paragraph lines in one block, tight */
	long *regpage;		/* the page of each: a paragraph may go on to the next */
	size_t nreg;
	struct rbox hit;	/* lines holding the figure, found by its text (w 0: none) */
	long hitpage;
	int hitline0, hitline1;
	char *before, *match, *after;	/* OCR text around the figure */
	int contd;		/* the paragraph goes on past the page's last line */

	/* the crop, once made */
	long pngoff;		/* offset in the spool file; -1: none */
	size_t pnglen;
	int pw, ph;
	struct rbox *crop;	/* the page regions the crop shows, top to bottom */
	long *croppage;		/* and their pages */
	size_t ncrop;
	const char *missing;	/* why there is no crop */
	struct Pix **part;	/* while cropping: the part of each region, or NULL */
	int pending;		/* pages still to cut parts from */
};
struct entries {
	struct entry *e;
	size_t n, cap;
	size_t nbad;		/* values warned about */
};
/* all: every number (count and ordinal rows too), else metrics only */
int entries_read(struct entries *es, FILE *fp, const char *name, int all);
void entries_resolve(struct entries *es, const struct linetab *t, const char *ename,
    const char *lname);
void entries_sort_conf(struct entries *es);
void entries_free(struct entries *es);

/* pages.c: page images by document name, and the crops cut from them */
struct imgindex;
struct imgindex *imgindex_new(void);
/* a file or a folder of images; 0, or -1 after a warning */
int imgindex_add(struct imgindex *ix, const char *path);
/* crops every entry whose page image is found; writes the PNGs to spool */
int crops_make(struct entries *es, struct imgindex *ix, int margin, FILE *spool,
    const char *ename);
void imgindex_free(struct imgindex *ix);

/* html.c: the review page, one self-contained file */
struct htmlinfo {
	const char *ename, *lname;
	int all, margin;
};
int html_write(FILE *out, const struct entries *es, FILE *spool, const struct htmlinfo *hi);

#endif
