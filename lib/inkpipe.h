/* inkpipe shared helpers: every tool links lib/libink.a. */
#ifndef INKPIPE_H
#define INKPIPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* buf.c: growable byte buffer, always NUL-terminated after buf_*() calls */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_grow(struct buf *b, size_t need);
void buf_add(struct buf *b, const void *s, size_t n);
void buf_addc(struct buf *b, int c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* xmalloc.c: allocation that ends the program on failure */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t m);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* rank.c: v sorted in place, and its element at rank num/den (1, 2: the median); 0 when n is 0 */
int rank_int(int *v, size_t n, size_t num, size_t den);

/* utf8.c: strict UTF-8 (no overlongs, surrogates or > U+10FFFF) */
#define UTF8_REPLACEMENT 0xFFFD
int utf8_dec(const char *s, size_t n, uint32_t *cp);	/* bytes used, or -1 (invalid: skip 1) */
int utf8_enc(uint32_t cp, char out[4]);		/* bytes written */
size_t utf8_len(const char *s, size_t n);	/* code points in valid UTF-8 */
/*
 * Copies s to out, replacing every invalid sequence by U+FFFD and dropping
 * NUL bytes. Returns the number of repairs; *first gets the byte offset of
 * the first one.
 */
size_t utf8_valid(const char *s, size_t n);
size_t utf8_clean(const char *s, size_t n, struct buf *out, size_t *first);

/*
 * encoding.c: input charsets.  A file that is not UTF-8 but reads as
 * GB18030 (GBK is a subset) is converted, with one note naming the file.
 * encoding_set(name) (a tool's --encoding) makes every reader opened after
 * it convert from name instead ("UTF-8": never convert; NULL or "auto":
 * sniff); it returns -1 with a warning when iconv does not know name.
 */
int encoding_set(const char *name);
struct recode {
	const char *name;	/* the file, for the note */
	const char *from;	/* the charset converted from; NULL: UTF-8 */
	int fixed;		/* encoding_set() named it: no sniffing */
	void *cd;		/* iconv_t */
	struct buf out;		/* the converted line */
};
void recode_init(struct recode *c, const char *name);
void recode_free(struct recode *c);
/* decide from a sample that is not UTF-8 whether the file is GB18030 (then c->from is set) */
void recode_sniff(struct recode *c, const char *s, size_t n);
/* one line from c->from to UTF-8 in c->out; *first: the first bad byte, (size_t)-1 none */
void recode_line(struct recode *c, const char *s, size_t n, size_t *first);

/* lines.c: line reader for text input (LF, CRLF or lone CR; BOM dropped) */
struct lines {
	FILE *fp;
	const char *name;	/* for messages: the file name or "<stdin>" */
	unsigned long lineno;	/* of the line last returned */
	struct buf raw, line;	/* line: the text; raw: its bytes as read, when they needed repair */
	char *rbuf;
	size_t rpos, rlen;
	int pending_cr, eof, err;
	size_t nbad;		/* lines that needed repair */
	size_t nconv;		/* lines converted from another charset (raw holds their bytes) */
	int quiet;		/* no per-line warnings */
	int nsniff;		/* times the charset was sniffed (at most twice) */
	struct recode rc;
};
void lines_init(struct lines *l, FILE *fp, const char *name);
int lines_next(struct lines *l);	/* 1: l->line holds a line; 0: EOF; -1: read error (warned) */
void lines_free(struct lines *l);

/* csvr.c: pull reader for CSV over libcsv, with line numbers */
struct csvrow {
	size_t n;		/* fields */
	char **f;		/* NUL-terminated, valid UTF-8 */
	size_t *len;
	unsigned long line;	/* line where the record starts */
};
struct csvr;
struct csvr *csvr_open(FILE *fp, const char *name);
/* 1: *row is valid until the next call; 0: end; -1: error (warned, stop) */
int csvr_next(struct csvr *r, struct csvrow **row);
/* feed already-read bytes (e.g. a sniffed first line) before the stream */
void csvr_unread(struct csvr *r, const char *s, size_t n);
void csvr_close(struct csvr *r);
int csv_col(const struct csvrow *hdr, const char *name);	/* index or -1 */

/* csvw.c: CSV writer; quotes a field only when it must (through libcsv) */
int csv_must_quote(const char *s, size_t n);
void csv_field(FILE *fp, const char *s, size_t n);	/* no separator */
void csv_put(FILE *fp, const char *s, size_t n, int last);
void csv_puts(FILE *fp, const char *s, int last);
void csv_putl(FILE *fp, long v, int last);

/* badusage.c: warns fmt (unless NULL), prints usage(stderr) and exits 2 */
void badusage(void (*usage)(FILE *), const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* fshut.c: flush and check a stream; 1 (and a warning) on a write error */
int fshut(FILE *fp, const char *name);

/*
 * charbox.c: the lines CSV's chars column, "x:y:w:h:conf" for each
 * character but white space
 */
#define CHARBOX_FIELDS 5
int charbox_white(uint32_t c);		/* the white space that has no box */
size_t charbox_count(const char *s);	/* the characters of s that have one */
/* CHARBOX_FIELDS longs a box into *v (malloc'd); their count, or 0 and NULL when it does not parse */
size_t charbox_parse(const char *s, long **v);

/* version.c: --version; returns the exit status (1 when stdout fails) */
extern const char inkpipe_version[];
int print_version(const char *prog);

/* openin.c: open a named input ("-" is standard input) */
FILE *openin(const char *path, const char **name);
void closein(FILE *fp);

#endif
