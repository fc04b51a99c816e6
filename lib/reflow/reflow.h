/*
 * lib/reflow: OCR lines -> paragraphs and articles (spec/records.md,
 * "Stage 2").  The input is streamed through a small window of lines: a
 * line is decided once RING/2 lines after it are known (the column width
 * is estimated from its neighbours, a paragraph end from what follows), so
 * memory stays flat however long the input is.  Decided lines become units
 * (a body paragraph, a headline line, a source attribution, furniture);
 * headline lines wait in a short queue until the next paragraph shows
 * whether they head it, close the article before it, or are photo labels.
 *
 *   chars.c      characters: classes, widths, decoding
 *   line.c       one line: its features, and the predicates and word lists
 *                that say what a line looks like (furniture, source, lead)
 *   decide.c     the window and the decision for each line
 *   units.c      paragraphs and headline queues -> articles -> output
 *   normalise.c  a paragraph's text as the contract wants it
 *   input.c      text and lines-CSV input, sniffed
 *   doc.c        a document held (bounded) for a second reading
 */
#ifndef REFLOW_H
#define REFLOW_H

#include <stdint.h>
#include <stdio.h>

#include "inkpipe.h"

#define RING	 32		/* lines held: RING/2 behind, RING/2 - 1 ahead */
#define AHEAD	 (RING / 2 - 1)
#define LINECAP	 (1u << 20)	/* a longer input line is cut in pieces */
#define PARACAP	 (4u << 20)	/* a longer paragraph is broken */
#define MAXPEND	 8		/* headline lines waiting for their article */
#define BIGTYPE	 1.6		/* a line this much taller than the text's is a headline */
#define TALLTYPE 1.12		/* ...and this much, when it stands apart and ends no sentence */
#define BODYTYPE 1.05		/* ...and a line below this is in the text's type */
#define HEADMAX	 64		/* display width of the longest headline line (32 ideographs) */

enum kind { K_HEAD, K_BODY, K_SRC, K_CAPT, K_FURN };

/* one input line and what it looks like */
struct textline {
	struct buf t;		/* the line, trimmed */
	unsigned long id;	/* input line number or ink-ocr line id */
	long page, block;
	double x, y, w, h;
	int geo;		/* x, y, w, h are known */
	int blank, indent, wid;
	int fin;		/* ends a sentence */
	int soft;		/* ends inside a sentence (，、；：) */
	int colon;		/* ends with a colon: a kicker before a headline */
	int comma;		/* its commas and 、 (not a section number's 一、) */
	int period;		/* has 。 or ； */
	int closeq;		/* ends with ” 」 ！ ？ */
	int furn;		/* looks like page furniture */
	int byline;		/* 本报记者 …: a paragraph of its own */
	long srcoff;		/* byte offset of a closing source attribution, -1 none */
};

/* a decided piece of output: a paragraph, a headline line, a source */
struct unit {
	int kind;
	struct buf t;
	unsigned long first, last;
	long page, last_page;	/* of the first and the last line */
	int blank, colon;
	int wid;		/* display width */
	int full;		/* a headline line that fills the column: the title may go on */
	int tall;		/* set in a larger type than the text */
	double size;		/* type size over the text's, 0 unknown */
	int sub;		/* may be a subheading: from a scan, close under the text
				   before; -1 from text, where the text decides (units.c) */
	int num;		/* numbered (一、 （二） 3.): a section's title */
};

struct reflow {
	/* options, set by the caller before the first file */
	int to_csv;		/* -1: by input kind, 0 text, 1 csv */
	const char *docopt;	/* --doc */
	const char *encoding;	/* --encoding: the input's charset, NULL to sniff */
	/* output state across files */
	int printed;		/* text mode: something printed (blank line between articles) */
	int csvhead;		/* the CSV header is out */

	FILE *out;
	const char *name;	/* input name for messages */
	char *doc;
	int csv;		/* output CSV */
	/* line window */
	struct textline ring[RING];
	size_t start, n, cur;	/* cur: next line to decide, relative to start */
	int prev_end;		/* the last body line ended its paragraph */
	int saw_blank;		/* a blank line since the last decided line */
	unsigned long nsolid;	/* lines decided in this document that are not blank */
	int one_per_line;	/* the window sets one paragraph per line, blank lines between */
	/* paragraph being built */
	struct buf para;
	int para_open, para_maxw, para_nlines, para_capped;
	int para_region;	/* starts a new text region: a new article */
	int para_apart;		/* a blank line (or a new block) above it */
	unsigned long para_first, para_last;
	long para_page, para_last_page;
	/* units */
	struct unit pend[MAXPEND];
	size_t npend;
	size_t cut;		/* pend[0..cut) came before page furniture */
	long art, para_no;
	int new_art, art_head, art_body;
	int after_src;		/* the last unit out was a source */
	int heads_after;	/* the document opened with a report and no headline */
	int last_maxw, last_nl;
	uint32_t *cps;		/* scratch for normalise() */
	size_t cpcap;
	/* the document's first text unit and its end, for a second reading (doc.c) */
	int first_kind;		/* kind of the first headline, body or source out; -1 none */
	int end_titles;		/* it ended with titles below its last text, read as heading text */
	int force_after;	/* second reading: its headlines follow their articles */
	/* the document held while it may be read again (doc.c) */
	FILE *final;		/* where the output goes; out is a memory stream meanwhile */
	char *mem;
	size_t memlen;
	struct heldline *held;
	size_t nheld, heldcap, heldbytes;
	int holding;
	int printed0;		/* printed, when the document began */
};

/* the stage: one file (path "-" is standard input), or line by line */
int reflow_file(struct reflow *r, const char *path);	/* 0 ok, 1 trouble (warned) */
void reflow_begin(struct reflow *r, FILE *out, const char *name, const char *doc, int csv);
void reflow_line(struct reflow *r, const char *s, size_t n, unsigned long id, int geo,
    long page, long block, double x, double y, double w, double h);
void reflow_end(struct reflow *r);
void reflow_free(struct reflow *r);
void reflow_csv_header(struct reflow *r, FILE *fp);

/* chars.c */
int rf_is_cjk(uint32_t c);
int rf_is_ideo(uint32_t c);
int rf_isdig(uint32_t c);
int rf_latin(uint32_t c);
int rf_is_space(uint32_t c);
int rf_is_close(uint32_t c);
int rf_is_fin(uint32_t c);
int rf_opening_mark(uint32_t c);
uint32_t rf_fold(uint32_t c);
int rf_cwidth(uint32_t c);
uint32_t rf_dec(const char *s, size_t n, size_t *i);
uint32_t rf_prevcp(const char *s, size_t e, size_t *b);
int rf_word_at(const char *s, size_t n, const char *const *w, size_t nw, int at_end);

/* line.c */
void rf_features(struct textline *l);
int rf_ends_governing(const struct textline *l);
int rf_news_lead(const struct textline *l);
int rf_goes_on(const struct textline *l, uint32_t before);
int rf_signature(const char *s, size_t n);
int rf_numbered(const char *s, size_t n);
int rf_caption(const char *s, size_t n);

/* decide.c: the stage proper, one reading of a document */
void rf_stage_begin(struct reflow *r, FILE *out, const char *name, const char *doc, int csv);
void rf_stage_line(struct reflow *r, const char *s, size_t n, unsigned long id, int geo,
    long page, long block, double x, double y, double w, double h);
void rf_stage_end(struct reflow *r);

/* doc.c */
void rf_doc_free(struct reflow *r);

/* normalise.c */
void rf_normalise(const char *s, size_t n, struct buf *o, uint32_t **cps, size_t *cap);

/* units.c */
void rf_join(struct reflow *r, const char *s, size_t n, const struct textline *l);
void rf_end_para(struct reflow *r);
void rf_push_head(struct reflow *r, struct textline *l, int blank, int full, double size,
    int sub);
void rf_single(struct reflow *r, struct textline *l, int kind, size_t off, size_t len);
enum { RES_SOURCE, RES_BODY, RES_END };	/* what comes after the queued headline lines */
void rf_resolve(struct reflow *r, int before_body);

#endif
