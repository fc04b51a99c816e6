/*
 * engine.h: ink-extract's engine, paragraphs -> entities.
 *
 * The rule set, the entities of one paragraph and the state of one run
 * live in one struct engine, so the tool, the fuzzers and the tests can
 * each hold their own. Every arrow points down: tools -> lib/extract -> lib.
 *
 *   rules.c    rule files -> rule blocks (a key table, one handler per key)
 *   compile.c  a rule block -> a compiled rule (patterns, groups, date parts)
 *   match.c    one paragraph x the rules -> raw matches (the anchor index)
 *   values.c   matched text -> numbers, ranges, years, qualifiers
 *   resolve.c  raw matches -> entities (stop rules, overlaps, metric
 *              counts, names, dates)
 *   ents.c     the entity list; rows.c entities -> CSV rows
 *   hints.c    a rule's speed hints (anchor, anchor-words) against what its
 *              pattern can match: anchor-first, and --check-rules
 *   check.c    every rule's examples (--check-rules)
 */
#ifndef EXTRACT_ENGINE_H
#define EXTRACT_ENGINE_H

#include <stdint.h>
#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "inkpipe.h"

/*
 * T_STOP and T_CUE make no rows: a stop match removes what it blocks, a
 * cue match says what kind of figure a metric in its clause is.
 */
enum { T_DATE, T_ADDRESS, T_COUNT, T_ORDINAL, T_METRIC, T_PERSON, T_ORG, T_STOP, T_CUE, NTYPES };
/* a cue's value: what a metric in its clause is (the stronger cue wins) */
enum { CUE_NONE, CUE_NEW, CUE_TOTAL, CUE_PLAN };
extern const char *const cuenames[4];
extern const char *const typenames[NTYPES];
/* overlap classes: counts and ordinals compete for the same digits */
extern const int typeclass[NTYPES];

/* a rule's value, unit, qualifier or subject as written: f(group) or a literal */
enum fn { F_EMPTY, F_LIT, F_GROUP, F_NUM, F_RANGE, F_DATE, F_QUAL };
struct expr {
	enum fn fn;
	char *arg;
	int grp;		/* group number, -1 if none */
	int alt[4];		/* f(a|b|c): more groups, the first set one counts */
	int nalt;
};

struct example {
	char *text, *want;	/* want NULL: nomatch */
	unsigned long line;
};

struct rule {
	/* the rule as written */
	char *id, *file;
	unsigned long line, pline;
	int type, propagate;
	unsigned blocks;	/* stop rules: bit per type */
	int cue;		/* cue rules: CUE_NEW, CUE_TOTAL or CUE_PLAN (its value) */
	char *pat;
	pcre2_code *re;
	struct expr value, unit, qual, subj;
	char *spanname;
	int span;
	char *extname, *extpat;	/* extend GROUP PATTERN: grow the group leftwards */
	int extgrp, extmust;	/* extend-must: no row unless the extension matches */
	size_t extwin;		/* extend-window: characters before the group it looks at */
	pcre2_code *ext, *aext;	/* ...\z on the text before, and anchored on all of it */
	struct example *ex;
	size_t nex;
	char *issue;		/* issue date for the file's examples */
	int gy, gm, gd, gy2, gm2, gd2;	/* date groups */
	char *dgname[6];	/* date-groups: the group of each part y m d y2 m2 d2, NULL none */
	unsigned long dgline;	/* ...the line that declared them; 0: the old form, by name */

	/* speed: what a match must hold, so that most places are never tried */
	unsigned long aline;	/* the anchor or anchor-words line (hints.c names it) */
	int derived;		/* anchor-first: the anchor is what first_chars() found */
	char **req;
	size_t nreq;
	uint8_t *anchor;	/* bitset of BMP code points one of which every match holds */
	size_t window;		/* ... at most this many characters after the match start */
	char **aword;		/* anchor-words: every match holds one of these, starting */
	size_t *awlen;		/* ...at most window characters after its start */
	uint32_t *awcp;		/* ...and each one's first character */
	size_t naword;
	pcre2_code *are;	/* the pattern with an offset limit, for those searches */
	int jit, ajit;		/* re, are compiled by the JIT: call it directly (ask jit_now()) */
	int extjit, aextjit;	/* ext, aext likewise */
	int hasfirst;		/* first[] is known: */
	uint8_t first[32];	/* ...bit per byte that can begin a match */
	size_t *reqlen;		/* strlen of each req[] */
	int *reqline;		/* the require line of each req[]: one of each line must occur */
	size_t *reqid;		/* each req[] in the table of distinct literals (lits) */
	int nreqline;
	unsigned long *reqsrc;	/* the file line of each require line */
	uint32_t (*reqcp)[4];	/* the first (up to) four characters of each, 0-padded */

	/* profiling ($INKPIPE_PROFILE) */
	double secs;		/* time spent matching */
	unsigned long tries, hits;	/* ...and the PCRE2 calls it made, and its matches */
};

struct ent {
	size_t sb, eb;		/* byte offsets */
	size_t cs, ce;		/* code point offsets */
	int type;
	const struct rule *r;
	char *value, *unit, *qual, *subj;
	int y, m, d, y2, m2, d2;	/* dates, -1 unset */
	int noyear;		/* 去年3月 with no issue date: the year stays unknown */
	int drop;
	int badnum;		/* its number cannot be read: no row, a warning */
	int scope;		/* metrics: CUE_NONE, CUE_NEW or CUE_TOTAL (the scope column) */
};

struct ents {
	struct ent *v;
	size_t n, cap;
};

struct def {
	char *name, *pat;
	char *words;		/* the define as written, when it is a list of plain words */
};

/* template NAME: keys of a rule block, written once, that `use NAME` puts in a rule */
struct tline {
	char *key, *val;
	unsigned long line;
};
struct template {
	char *name, *file;
	unsigned long line;
	struct tline *v;
	size_t n;
};

#define INDEX_WORD_BITS 64	/* rules per word of the anchor index (uint64_t) */

struct plist {
	size_t *v;
	size_t n, cap;
};

/* where a paragraph came from: copied to its rows, named in warnings */
struct ocrchars;
struct prov {
	const char *doc, *article, *para, *page, *first, *last, *last_page;
	int carry;
	const struct ocrchars *lines;	/* --lines: the OCR lines, for each entity's box */
};

struct engine {
	/* the rule set (rules.c) */
	struct rule *rules;
	size_t nrules;
	struct def *defs;
	size_t ndefs;
	struct template *tmpls;
	size_t ntmpls;
	int defs_only;		/* load only defines and templates (context for --check-rules FILE) */
	/*
	 * The distinct require literals of all rules, and whether the paragraph
	 * holds each (looked up once per paragraph, not once per rule: 电梯 and
	 * 月 are required by several)
	 */
	char **lits;
	size_t nlits;
	unsigned *lit_gen, para_gen;
	unsigned char *lit_res;

	/* the run */
	int issue_y, issue_m, issue_d;
	int status;		/* 1 once something went wrong (warned) */
	int use_anchors;
	int profile;		/* $INKPIPE_PROFILE: time per rule on stderr at the end */
	const char *cur_file;
	const struct prov *where_prov;	/* the paragraph being matched, for warnings */
	unsigned long where_line;

	/* the paragraph being matched, decoded once: byte offset and code point of each character */
	size_t *pc_off;
	uint32_t *pc_cp;
	size_t pc_n, pc_cap;
	uint8_t *pc_has;	/* which BMP code points the paragraph holds, hashed (HAS_BYTES) */
	/*
	 * Anchor index: for each BMP code point, a bit per rule it anchors,
	 * idx_words words of INDEX_WORD_BITS; one walk over a paragraph then
	 * lists every rule's anchor positions. Kept in pages of 256 code
	 * points, a page only where some anchor lives: a flat table would be
	 * megabytes to clear for a handful of characters.
	 */
	uint64_t *cpmask[0x100];
	size_t idx_words;
	size_t cpmask_rules;	/* the rules the index was built for; (size_t)-1 none */
	struct plist *apos;	/* each rule's anchor positions in the paragraph */
	struct plist wpos;	/* one rule's anchor-words positions, scratch */
	pcre2_match_data *md, *md2;
	pcre2_match_context *mctx, *lctx;	/* lctx: mctx plus an offset limit */
	pcre2_jit_stack *jstack;
	struct buf *warns;	/* in a batch: match warnings go here, in the paragraph's order */

	/* resolve.c: names seen with a title in the current document, for bare later mentions */
	char **pnames;
	size_t npnames;
	char *pdoc;
	uint8_t *markv;		/* a byte per paragraph byte: bit per type or class covering it */
	size_t markcap;

	/* rows.c */
	struct buf rowbuf;
	struct buf rowpre;	/* doc,article,para, as written: the same on every row */
};

/*
 * A batch of paragraphs is matched rule by rule (extract_batch): each
 * rule's compiled code then runs over many paragraphs in a row instead
 * of being fetched anew for every paragraph. Each paragraph keeps its
 * decoded state and its raw matches until it is resolved, in order
 * (resolve_para); the state is swapped into the engine for the time a
 * rule runs on it (pstate_swap).
 */
/*
 * The paragraph's characters as a filter: a bit per code point modulo
 * HAS_BYTES * 8. A bit that is set may be another character's, so it
 * only ever lets a literal through to the memmem that decides; a bit
 * that is clear rules the character out. 512 bytes rather than 8 KB
 * for every code point: a batch holds one per paragraph, and they must
 * stay in the cache.
 */
#define HAS_BYTES 512
#define HAS_BIT(cp) ((cp) & (HAS_BYTES * 8 - 1))
#define HAS_TEST(h, cp) ((h)[HAS_BIT(cp) >> 3] >> (HAS_BIT(cp) & 7) & 1)

struct pstate {
	size_t *pc_off;
	uint32_t *pc_cp;
	size_t pc_n, pc_cap;
	uint8_t *pc_has;
	struct plist *apos;
	unsigned *lit_gen, para_gen;
	unsigned char *lit_res;
	const struct prov *where_prov;
	unsigned long where_line;
	struct buf warns;	/* match warnings, told when the paragraph is resolved */
};

struct para {
	const char *doc, *s, *where;
	size_t n;
	struct ents e;		/* its entities: raw after extract_batch, resolved after resolve_para */
	struct pstate st;
};

/* engine.c */
void engine_init(struct engine *en);	/* no rules yet: load_rules_path() */
void engine_free(struct engine *en);

/* compile.c */
char *expand(struct engine *en, const char *p, const char *file, unsigned long line, int depth);
char *bucket_words(const char *alt);
int rule_finish(struct engine *en, struct rule *r);
#define JIT_LATER 2	/* a rule's jit flags: not compiled by the JIT until first run */
int jit_now(const pcre2_code *code, const int *flag);
pcre2_code *rule_re(const struct rule *r);
/* the compiled pattern to ask about groups and first bytes: are and re are one pattern */
#define INFO_CODE(r) ((r)->re ? (r)->re : (r)->are)
void rule_free(struct rule *r);
extern const char *const dateparts[6];	/* y m d y2 m2 d2: date-groups' parts, as gy ... gd2 */

/* rules.c */
int load_rules_mem(struct engine *en, const char *file, const char *text, size_t len);
int load_rules_file(struct engine *en, const char *path);
int load_rules_path(struct engine *en, const char *path);
char *trim(char *s);

/* match.c */
void build_index(struct engine *en);
void index_free(struct engine *en);
int index_covers(const struct engine *en, size_t k);
void decode_para(struct engine *en, const char *s, size_t n);
void run_rule(struct engine *en, const struct rule *r, const char *s, size_t n, struct ents *out,
    const char *where);
int chars_present(struct engine *en, const char *s, size_t n);
void pstate_swap(struct engine *en, struct pstate *st);
void pstate_free(struct engine *en, struct pstate *st);
size_t char_at(struct engine *en, size_t b);
const char *where_str(const struct engine *en, const char *where, char *w, size_t size);

/* values.c */
#define YEAR_UNKNOWN (-2)	/* yearval: a relative year with no issue date to count from */
char *nospace(const char *s, size_t n);
int numval(const char *s, size_t n, double *v);
int yearval(struct engine *en, const char *s, size_t n);
int intgroup(const char *subj, PCRE2_SIZE *ov, int g);
char *eval(const struct expr *x, const char *subj, PCRE2_SIZE *ov, uint32_t ngroups, int *ok);
int parse_issue(const char *s, int *y, int *m, int *d);

/* ents.c */
void ents_free(struct ents *e);
struct ent *ents_add(struct ents *e);

/* resolve.c */
void extract_para(struct engine *en, const char *doc, const char *s, size_t n, struct ents *e,
    const char *where);
void forget_names(struct engine *en);
void extract_batch(struct engine *en, struct para *pv, size_t np);
void resolve_para(struct engine *en, struct para *p);

/* rows.c */
void print_header(int carry);
char *digits_before(char *end, unsigned long v);
void print_ents(struct engine *en, const struct ents *e, const char *s, const struct prov *p);

/* hints.c */
long first_chars(const struct rule *r, uint8_t *set);
int check_hints(struct engine *en);
int check_match_anchors(struct engine *en, const struct rule *r, const char *s, size_t n,
    unsigned long line);
int check_require(const struct rule *r, const struct example *x);

/* check.c */
int check_examples(struct engine *en);

#endif
