/*
 * ink-extract: paragraphs (ink-reflow's CSV or reflowed text) -> entity
 * rows (dates, numbers, addresses, people, organisations, metrics).
 *
 * Every pattern lives in the rules directory (*.rules, see ink-extract.1 and
 * rules/README): the C side only knows how to load rules, run them, turn
 * captured groups into values, resolve overlaps and carry provenance.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "inkpipe.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/inkpipe"
#endif

#include "cnnum.h"

enum { T_DATE, T_ADDRESS, T_COUNT, T_ORDINAL, T_METRIC, T_PERSON, T_ORG, T_STOP, NTYPES };
static const char *typenames[] = { "date", "address", "count", "ordinal", "metric",
	"person", "org", "stop" };
/* overlap classes: counts and ordinals compete for the same digits */
static const int typeclass[] = { 0, 1, 2, 2, 3, 4, 5, 6 };

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
	char *id, *file;
	unsigned long line, pline;
	int type, propagate;
	unsigned blocks;	/* stop rules: bit per type */
	char *pat;
	pcre2_code *re;
	struct expr value, unit, qual, subj;
	char *spanname;
	int span;
	char **req;
	size_t nreq;
	uint8_t *anchor;	/* bitset of BMP code points one of which every match holds */
	size_t window;		/* ... at most this many characters after the match start */
	char **aword;		/* anchor-words: every match holds one of these, starting */
	size_t *awlen;		/* ...at most window characters after its start */
	uint32_t *awcp;		/* ...and each one's first character */
	size_t naword;
	pcre2_code *are;	/* the pattern with an offset limit, for those searches */
	int jit, ajit;		/* re, are compiled by the JIT: call it directly */
	int extjit, aextjit;	/* ext, aext likewise */
	int hasfirst;		/* first[] is known: */
	uint8_t first[32];	/* ...bit per byte that can begin a match */
	size_t *reqlen;		/* strlen of each req[] */
	int *reqline;		/* the require line of each req[]: one of each line must occur */
	size_t *reqid;		/* each req[] in the table of distinct literals (lits) */
	int nreqline;
	uint32_t (*reqcp)[4];	/* the first (up to) four characters of each, 0-padded */
	double secs;		/* time spent matching, for INKPIPE_PROFILE */
	unsigned long tries, hits;	/* ...and the PCRE2 calls it made, and its matches */
	char *extname, *extpat;	/* extend GROUP PATTERN: grow the group leftwards */
	int extgrp, extmust;	/* extend-must: no row unless the extension matches */
	size_t extwin;		/* extend-window: characters before the group it looks at */
	pcre2_code *ext, *aext;	/* ...\z on the text before, and anchored on all of it */
	struct example *ex;
	size_t nex;
	char *issue;		/* issue date for the file's examples */
	int gy, gm, gd, gy2, gm2, gd2;	/* date groups */
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
};

struct ents {
	struct ent *v;
	size_t n, cap;
};

struct def {
	char *name, *pat;
	char *words;		/* the define as written, when it is a list of plain words */
};

static struct rule *rules;
static size_t nrules;
static struct def *defs;
static size_t ndefs;
static int issue_y, issue_m, issue_d;
static int status;
static int use_anchors = 1;
static int defs_only;		/* load only the define lines (context for --check-rules FILE) */
static int profile;		/* $INKPIPE_PROFILE: time per rule on stderr at the end */
/* the paragraph being matched, decoded once: byte offset and code point of each character */
static size_t *pc_off;
static uint32_t *pc_cp;
static size_t pc_n, pc_cap;
static uint8_t pc_has[0x10000 / 8];	/* which BMP code points the paragraph holds */
/*
 * Anchor index: for each BMP code point, the first 64 rules it anchors;
 * one walk over a paragraph then lists every rule's anchor positions.
 * Kept in pages of 256 code points, a page only where some anchor lives:
 * a flat table would be 512 KB to clear for a handful of characters.
 */
static uint64_t *cpmask[0x100];
static size_t cpmask_rules = (size_t)-1;
struct plist {
	size_t *v;
	size_t n, cap;
};
static struct plist *apos;
static struct plist wpos;	/* one rule's anchor-words positions, scratch */
static pcre2_match_data *md, *md2;
static pcre2_match_context *mctx, *lctx;	/* lctx: mctx plus an offset limit */
static pcre2_jit_stack *jstack;
static const char *cur_file = "<stdin>";
/*
 * The distinct require literals of all rules, and whether the paragraph
 * holds each (looked up once per paragraph, not once per rule: 电梯 and
 * 月 are required by several)
 */
static char **lits;
static size_t nlits;
static unsigned *lit_gen, para_gen = 1;
static unsigned char *lit_res;
struct prov {
	const char *doc, *article, *para, *page, *first, *last;
	int carry;
};
static const struct prov *where_prov;	/* the paragraph being matched, for warnings */
static unsigned long where_line;

/* names seen with a title in the current document, for bare later mentions */
static char **pnames;
static size_t npnames;
static char *pdoc;

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: ink-extract [-r rules] [--issue-date YYYY-MM-DD] [--doc name] [file ...]\n"
	    "       ink-extract --check-rules [-r rules] [rulefile ...]\n"
	    "       ink-extract --parse-number [file ...]\n");
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* {NAME} -> (?:definition); a brace not followed by NAME} is left for PCRE2 */
static char *
expand(const char *p, const char *file, unsigned long line, int depth)
{
	struct buf b = { 0 };
	const char *q, *e;
	size_t i, n;

	if (depth > 20) {
		warnx("%s:%lu: definitions nest too deep (a loop?)", file, line);
		return NULL;
	}
	for (q = p; *q; q++) {
		if (*q == '\\' && q[1]) {
			buf_add(&b, q, 2);
			q++;
			continue;
		}
		if (*q == '{' && (isupper((unsigned char)q[1]) || q[1] == '_')) {
			for (e = q + 1; isupper((unsigned char)*e) || isdigit((unsigned char)*e) || *e == '_'; e++)
				;
			if (*e == '}') {
				n = (size_t)(e - q - 1);
				for (i = ndefs; i-- > 0;)
					if (strlen(defs[i].name) == n && !memcmp(defs[i].name, q + 1, n))
						break;
				if (i == (size_t)-1) {
					warnx("%s:%lu: unknown definition {%.*s}", file, line, (int)n, q + 1);
					buf_free(&b);
					return NULL;
				}
				buf_adds(&b, "(?:");
				buf_adds(&b, defs[i].pat);
				buf_adds(&b, ")");
				q = e;
				continue;
			}
		}
		buf_addc(&b, *q);
	}
	if (!b.p)
		buf_adds(&b, "");
	return b.p;
}

static int
parse_expr(struct expr *x, const char *s)
{
	static const struct { const char *name; enum fn fn; } fns[] = {
		{ "num", F_NUM }, { "range", F_RANGE }, { "qual", F_QUAL },
		{ "strip", F_GROUP }, { "ordinal", F_NUM },
	};
	size_t i, n;
	const char *o;

	free(x->arg);
	x->arg = NULL;
	x->grp = -1;
	if (!*s || !strcmp(s, "-")) {
		x->fn = F_EMPTY;
		return 0;
	}
	if (!strcmp(s, "date")) {
		x->fn = F_DATE;
		return 0;
	}
	if (*s == '$') {
		x->fn = F_GROUP;
		x->arg = xstrdup(s + 1);
		return 0;
	}
	if ((o = strchr(s, '(')) && s[strlen(s) - 1] == ')') {
		n = (size_t)(o - s);
		for (i = 0; i < LEN(fns); i++)
			if (strlen(fns[i].name) == n && !strncmp(s, fns[i].name, n)) {
				x->fn = fns[i].fn;
				x->arg = xstrndup(o + 1, strlen(o + 1) - 1);
				if (x->arg[0] == '$')
					memmove(x->arg, x->arg + 1, strlen(x->arg));
				return 0;
			}
		x->fn = F_EMPTY;	/* never a half-made expression */
		return -1;
	}
	x->fn = F_LIT;
	x->arg = xstrdup(s);
	return 0;
}

static int
groupnum(const struct rule *r, const char *name)
{
	unsigned long n;
	uint32_t ncap = 0;
	char *end;

	if (!name || !*name)
		return -1;
	if (!isdigit((unsigned char)name[0]))
		return pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)name);
	errno = 0;
	n = strtoul(name, &end, 10);
	/*
	 * A number must name a group of this pattern: the match data is
	 * shared by every rule, and its pairs past this pattern's last group
	 * hold another rule's offsets, not PCRE2_UNSET.
	 */
	if (*end || errno || pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &ncap) != 0 || n > ncap)
		return -1;
	return (int)n;
}

static void
rule_free(struct rule *r)
{
	size_t i;

	free(r->id);
	free(r->file);
	free(r->pat);
	free(r->spanname);
	free(r->issue);
	pcre2_code_free(r->re);
	pcre2_code_free(r->are);
	pcre2_code_free(r->ext);
	pcre2_code_free(r->aext);
	free(r->extname);
	free(r->extpat);
	free(r->anchor);
	free(r->value.arg);
	free(r->unit.arg);
	free(r->qual.arg);
	free(r->subj.arg);
	for (i = 0; i < r->nreq; i++)
		free(r->req[i]);
	free(r->req);
	free(r->reqlen);
	free(r->reqcp);
	free(r->reqline);
	free(r->reqid);
	for (i = 0; i < r->naword; i++)
		free(r->aword[i]);
	free(r->aword);
	free(r->awlen);
	free(r->awcp);
	for (i = 0; i < r->nex; i++) {
		free(r->ex[i].text);
		free(r->ex[i].want);
	}
	free(r->ex);
}

static int
type_code(const char *s)
{
	int i;

	for (i = 0; i < NTYPES; i++)
		if (!strcmp(s, typenames[i]))
			return i;
	return -1;
}

/*
 * The bytes a match can begin with, as PCRE2 worked them out for its own
 * start-of-match search: an anchored attempt at any other byte is bound
 * to fail, so it is not made. A superset is always safe; no set (a
 * pattern that may match empty, or starts anywhere) means every start.
 */
static void
first_bytes(struct rule *r)
{
	const uint8_t *bm = NULL;
	uint32_t type = 0, cu = 0;

	r->hasfirst = 0;
	memset(r->first, 0, sizeof(r->first));
	if (pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
		memcpy(r->first, bm, sizeof(r->first));
		r->hasfirst = 1;
	} else if (pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 && cu < 256) {
		/* the unit may be caseless: both cases of an ASCII letter */
		r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		if (isalpha((int)cu)) {
			cu ^= 0x20;
			r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		}
		r->hasfirst = 1;
	}
}

/* a finished block: compile its pattern (JIT) and resolve group names */
static int
rule_finish(struct rule *r)
{
	int errc, bad = 0;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	struct expr *xs[4];
	size_t i;

	/* examples and --profile name rules by id: two of one name would blur both */
	for (i = 0; rules + i < r; i++)
		if (rules[i].id && !strcmp(rules[i].id, r->id)) {
			warnx("%s:%lu: rule %s: already defined at %s:%lu", r->file, r->line, r->id,
			    rules[i].file, rules[i].line);
			return -1;
		}
	if (r->type < 0) {
		warnx("%s:%lu: rule %s: no type", r->file, r->line, r->id);
		return -1;
	}
	if (!r->pat) {
		warnx("%s:%lu: rule %s: no pattern", r->file, r->line, r->id);
		return -1;
	}
	r->re = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &errc, &off, NULL);
	if (!r->re) {
		pcre2_get_error_message(errc, msg, sizeof(msg));
		warnx("%s:%lu:%zu: rule %s: %s (pattern as expanded: %.*s<<HERE>>%s)",
		    r->file, r->pline, (size_t)off + 1, r->id, (char *)msg,
		    (int)off, r->pat, r->pat + off);
		return -1;
	}
	/* no JIT on some platforms: the interpreter is slower, never wrong */
	r->jit = pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0;
	if (r->anchor) {
		/* the start of a match may be bounded only if the pattern says so */
		r->are = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT, &errc, &off, NULL);
		if (r->are)
			r->ajit = pcre2_jit_compile(r->are, PCRE2_JIT_COMPLETE) == 0;
	}
	first_bytes(r);
	xs[0] = &r->value, xs[1] = &r->unit, xs[2] = &r->qual, xs[3] = &r->subj;
	for (i = 0; i < 4; i++) {
		if (xs[i]->fn == F_GROUP || xs[i]->fn == F_NUM || xs[i]->fn == F_RANGE || xs[i]->fn == F_QUAL) {
			char *names = xstrdup(xs[i]->arg), *tok, *sp;
			int g;
			xs[i]->nalt = 0;
			for (tok = strtok_r(names, "|$ ", &sp); tok; tok = strtok_r(NULL, "|$ ", &sp)) {
				if ((g = groupnum(r, tok)) < 0) {
					warnx("%s:%lu: rule %s: no group named '%s'", r->file, r->line, r->id, tok);
					bad = 1;
				} else if (xs[i]->nalt < (int)LEN(xs[i]->alt))
					xs[i]->alt[xs[i]->nalt++] = g;
			}
			free(names);
			xs[i]->grp = xs[i]->nalt ? xs[i]->alt[0] : -1;
			if (!xs[i]->nalt)
				bad = 1;
		}
	}
	r->extgrp = -1;
	if (r->extname) {
		struct buf b = { 0 };
		buf_printf(&b, "(?:%s)\\z", r->extpat);
		r->ext = pcre2_compile((PCRE2_SPTR)b.p, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &errc, &off, NULL);
		buf_free(&b);
		if (!r->ext) {
			pcre2_get_error_message(errc, msg, sizeof(msg));
			warnx("%s:%lu: rule %s: extend: %s at offset %zu", r->file, r->line, r->id, (char *)msg, (size_t)off);
			bad = 1;
		} else {
			r->extjit = pcre2_jit_compile(r->ext, PCRE2_JIT_COMPLETE) == 0;
			r->aext = pcre2_compile((PCRE2_SPTR)r->extpat, PCRE2_ZERO_TERMINATED,
			    PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &errc, &off, NULL);
			if (r->aext)
				r->aextjit = pcre2_jit_compile(r->aext, PCRE2_JIT_COMPLETE) == 0;
		}
		if ((r->extgrp = groupnum(r, r->extname)) < 0) {
			warnx("%s:%lu: rule %s: no group named '%s'", r->file, r->line, r->id, r->extname);
			bad = 1;
		}
	}
	r->span = -1;
	if (r->spanname && (r->span = groupnum(r, r->spanname)) < 0) {
		warnx("%s:%lu: rule %s: no group named '%s'", r->file, r->line, r->id, r->spanname);
		bad = 1;
	}
	r->gy = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"y");
	r->gm = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"m");
	r->gd = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"d");
	r->gy2 = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"y2");
	r->gm2 = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"m2");
	r->gd2 = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"d2");
	if (r->value.fn == F_DATE && r->gy < 0 && r->gm < 0) {
		warnx("%s:%lu: rule %s: value date needs a group y or m", r->file, r->line, r->id);
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int
cmp_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/*
 * A long list of plain words (书记|主任|...) is tried by PCRE2 one word
 * after another at every position. Grouped by the code point of their
 * first character, each group behind a one-range lookahead, most groups
 * are ruled out by two comparisons. The match is the same: only words
 * with the subject's first character can match there, and those keep
 * their order in one group. NULL when the list does not qualify (fewer
 * than 16 words, anything but plain words, a first character with case).
 */
static char *
bucket_words(const char *alt)
{
	char *copy = xstrdup(alt), *tok, *sp;
	char **w = NULL;
	uint32_t *cp = NULL, *u = NULL;
	size_t nw = 0, nu = 0, i, j, k, per;
	struct buf b = { 0 };
	int ok = 1;

	if (!*alt || alt[strlen(alt) - 1] == '|' || *alt == '|' || strstr(alt, "||"))
		ok = 0;
	for (tok = strtok_r(copy, "|", &sp); ok && tok; tok = strtok_r(NULL, "|", &sp)) {
		uint32_t c;
		if (tok[strcspn(tok, "\\^$.[]()?*+{} \t#")] || utf8_dec(tok, strlen(tok), &c) < 0 || c < 0x80) {
			ok = 0;
			break;
		}
		w = xreallocarray(w, nw + 1, sizeof(*w));
		cp = xreallocarray(cp, nw + 1, sizeof(*cp));
		w[nw] = tok, cp[nw++] = c;
	}
	if (ok && nw >= 16) {
		u = xreallocarray(NULL, nw, sizeof(*u));
		memcpy(u, cp, nw * sizeof(*u));
		qsort(u, nw, sizeof(*u), cmp_u32);
		for (i = 0; i < nw; i++)
			if (!nu || u[nu - 1] != u[i])
				u[nu++] = u[i];
		/* about sqrt(n) groups of sqrt(n) first characters: fastest when measured */
		for (per = 4; per * per < nu; per++)
			;
		for (i = 0; i < nu; i += per) {
			uint32_t lo = u[i], hi = u[i + per < nu ? i + per - 1 : nu - 1];
			buf_printf(&b, "%s(?=[\\x{%X}-\\x{%X}])(?:", i ? "|" : "", (unsigned)lo, (unsigned)hi);
			for (j = 0, k = 0; j < nw; j++)
				if (cp[j] >= lo && cp[j] <= hi)
					buf_printf(&b, "%s%s", k++ ? "|" : "", w[j]);
			buf_addc(&b, ')');
		}
	}
	free(u), free(cp), free(w), free(copy);
	return b.p;
}

/*
 * Loads one rule file from memory. Returns the number of errors (each
 * warned with file:line); good rules are kept either way.
 */
static int
load_rules_mem(const char *file, const char *text, size_t len)
{
	struct rule *r = NULL;
	char *copy, *line, *next, *key, *val, *exp, *issue = NULL;
	unsigned long ln = 0;
	int nerr = 0;
	size_t bad = 0;
	struct buf clean = { 0 };

	/* patterns and examples must be valid UTF-8 before PCRE2 sees them */
	if (utf8_clean(text, len, &clean, &bad)) {
		warnx("%s: invalid UTF-8 or NUL byte at byte %zu", file, bad + 1);
		nerr++;
	}
	copy = xstrndup(clean.p ? clean.p : "", clean.len);
	buf_free(&clean);

	for (line = copy; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ln++;
		if (*line == '#' || !*trim(line))
			continue;
		/* a line starting with blanks continues the pattern above */
		if ((*line == ' ' || *line == '\t') && r && r->pat && r->pline) {
			val = trim(line);
			if (!(exp = expand(val, file, ln, 0))) {
				nerr++;
				continue;
			}
			r->pat = xrealloc(r->pat, strlen(r->pat) + strlen(exp) + 1);
			strcat(r->pat, exp);
			free(exp);
			continue;
		}
		key = trim(line);
		val = key + strcspn(key, " \t");
		if (*val)
			*val++ = '\0';
		val = trim(val);
		if (defs_only && strcmp(key, "define"))
			continue;
		if (!strcmp(key, "define")) {
			char *name = val, *p = val + strcspn(val, " \t");
			if (*p)
				*p++ = '\0';
			p = trim(p);
			if (!*name || !*p) {
				warnx("%s:%lu: define NAME PATTERN", file, ln);
				nerr++;
				continue;
			}
			if (!(exp = expand(p, file, ln, 0))) {
				nerr++;
				continue;
			}
			defs = xreallocarray(defs, ndefs + 1, sizeof(*defs));
			defs[ndefs].name = xstrdup(name);
			defs[ndefs].words = NULL;
			{
				char *fast = bucket_words(exp);
				if (fast) {
					defs[ndefs].words = exp;
					exp = fast;
				}
			}
			defs[ndefs++].pat = exp;
			continue;
		}
		if (!strcmp(key, "issue-date")) {
			free(issue);
			issue = xstrdup(val);
			continue;
		}
		if (!strcmp(key, "rule")) {
			if (r && rule_finish(r) < 0) {
				nerr++;
				rule_free(r);
				nrules--;
			}
			if (!*val) {
				warnx("%s:%lu: rule needs an id", file, ln);
				nerr++;
				r = NULL;
				continue;
			}
			rules = xreallocarray(rules, nrules + 1, sizeof(*rules));
			r = &rules[nrules++];
			memset(r, 0, sizeof(*r));
			r->id = xstrdup(val);
			r->file = xstrdup(file);
			r->line = ln;
			r->type = -1;
			r->issue = issue ? xstrdup(issue) : NULL;
			r->value.grp = r->unit.grp = r->qual.grp = r->subj.grp = -1;
			continue;
		}
		if (!r) {
			warnx("%s:%lu: '%s' outside a rule block", file, ln, key);
			nerr++;
			continue;
		}
		if (!strcmp(key, "type")) {
			if ((r->type = type_code(val)) < 0) {
				warnx("%s:%lu: unknown type '%s'", file, ln, val);
				nerr++;
			}
		} else if (!strcmp(key, "pattern")) {
			free(r->pat);
			r->pat = expand(val, file, ln, 0);
			r->pline = ln;
			if (!r->pat) {
				nerr++;
				r->pat = xstrdup("(*FAIL)");
			}
		} else if (!strcmp(key, "value") || !strcmp(key, "unit") ||
		    !strcmp(key, "qualifier") || !strcmp(key, "subject")) {
			struct expr *x = key[0] == 'v' ? &r->value : key[0] == 'u' ? &r->unit :
			    key[0] == 'q' ? &r->qual : &r->subj;
			if (parse_expr(x, val) < 0) {
				warnx("%s:%lu: unknown function in '%s'", file, ln, val);
				nerr++;
			}
		} else if (!strcmp(key, "extend")) {
			char *g = val, *p = val + strcspn(val, " \t");
			if (*p)
				*p++ = '\0';
			p = trim(p);
			if (!*g || !*p || !(exp = expand(p, file, ln, 0))) {
				warnx("%s:%lu: extend GROUP PATTERN", file, ln);
				nerr++;
				continue;
			}
			free(r->extname), free(r->extpat);
			r->extname = xstrdup(g);
			r->extpat = exp;
		} else if (!strcmp(key, "extend-must")) {
			r->extmust = 1;
		} else if (!strcmp(key, "extend-window")) {
			char *end;
			r->extwin = strtoul(val, &end, 10);
			if (*end || !*val || !r->extwin) {
				warnx("%s:%lu: extend-window wants a number of characters", file, ln);
				nerr++;
				r->extwin = 0;
			}
		} else if (!strcmp(key, "span")) {
			free(r->spanname);
			r->spanname = xstrdup(val);
		} else if (!strcmp(key, "require")) {
			char *tok, *sp;
			for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
				r->req = xreallocarray(r->req, r->nreq + 1, sizeof(*r->req));
				r->reqlen = xreallocarray(r->reqlen, r->nreq + 1, sizeof(*r->reqlen));
				r->reqlen[r->nreq] = strlen(tok);
				r->reqcp = xreallocarray(r->reqcp, r->nreq + 1, sizeof(*r->reqcp));
				{
					const char *t = tok;
					uint32_t cp;
					int k, m;
					memset(r->reqcp[r->nreq], 0, sizeof(r->reqcp[r->nreq]));
					for (m = 0; m < 4 && *t && (k = utf8_dec(t, strlen(t), &cp)) > 0; m++, t += k)
						r->reqcp[r->nreq][m] = cp < 0x10000 ? cp : 0;
				}
				r->reqline = xreallocarray(r->reqline, r->nreq + 1, sizeof(*r->reqline));
				r->reqline[r->nreq] = r->nreqline;
				r->reqid = xreallocarray(r->reqid, r->nreq + 1, sizeof(*r->reqid));
				{
					size_t l;
					for (l = 0; l < nlits && strcmp(lits[l], tok); l++)
						;
					if (l == nlits) {
						lits = xreallocarray(lits, nlits + 1, sizeof(*lits));
						lit_gen = xreallocarray(lit_gen, nlits + 1, sizeof(*lit_gen));
						lit_res = xreallocarray(lit_res, nlits + 1, sizeof(*lit_res));
						lits[nlits] = xstrdup(tok);
						lit_gen[nlits] = 0;
						lit_res[nlits++] = 0;
					}
					r->reqid[r->nreq] = l;
				}
				r->req[r->nreq++] = xstrdup(tok);
			}
			if (r->nreq && r->reqline[r->nreq - 1] == r->nreqline)
				r->nreqline++;
		} else if (!strcmp(key, "anchor")) {
			const char *a = val;
			uint32_t cp;
			int k;
			if (!r->anchor)
				r->anchor = xcalloc(0x10000 / 8, 1);
			while (*a) {
				if ((k = utf8_dec(a, strlen(a), &cp)) < 0)
					break;
				a += k;
				if (cp < 0x10000 && cp != ' ')
					r->anchor[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			}
		} else if (!strcmp(key, "anchor-words")) {
			char *tok, *sp, *w, *wp, *list;
			uint32_t cp;
			size_t d;
			if (!r->anchor)
				r->anchor = xcalloc(0x10000 / 8, 1);
			for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
				/* a word, or {NAME}: a define that is a list of words (书记|主任|...) */
				list = NULL;
				if (tok[0] == '{' && tok[strlen(tok) - 1] == '}') {
					for (d = ndefs; d-- > 0;)
						if (strlen(defs[d].name) == strlen(tok) - 2 && !strncmp(defs[d].name, tok + 1, strlen(tok) - 2))
							break;
					if (d == (size_t)-1) {
						warnx("%s:%lu: unknown definition %s", file, ln, tok);
						nerr++;
						continue;
					}
					list = xstrdup(defs[d].words ? defs[d].words : defs[d].pat);
				}
				for (w = strtok_r(list ? list : tok, "|", &wp); w; w = strtok_r(NULL, "|", &wp)) {
					if (utf8_dec(w, strlen(w), &cp) < 0 || cp >= 0x10000 || w[strcspn(w, "\\^$.[]()?*+{}")]) {
						warnx("%s:%lu: anchor-words: '%s' is not a plain word", file, ln, w);
						nerr++;
						continue;
					}
					r->anchor[cp >> 3] |= (uint8_t)(1u << (cp & 7));
					r->aword = xreallocarray(r->aword, r->naword + 1, sizeof(*r->aword));
					r->awlen = xreallocarray(r->awlen, r->naword + 1, sizeof(*r->awlen));
					r->awcp = xreallocarray(r->awcp, r->naword + 1, sizeof(*r->awcp));
					r->awlen[r->naword] = strlen(w);
					r->awcp[r->naword] = cp;
					r->aword[r->naword++] = xstrdup(w);
					/* kept sorted by first character, for a binary search per position */
					{
						size_t k = r->naword - 1;
						while (k > 0 && r->awcp[k - 1] > r->awcp[k]) {
							char *ts = r->aword[k];
							size_t tl = r->awlen[k];
							uint32_t tc = r->awcp[k];
							r->aword[k] = r->aword[k - 1], r->awlen[k] = r->awlen[k - 1], r->awcp[k] = r->awcp[k - 1];
							r->aword[k - 1] = ts, r->awlen[k - 1] = tl, r->awcp[k - 1] = tc;
							k--;
						}
					}
				}
				free(list);
			}
		} else if (!strcmp(key, "window")) {
			char *end;
			r->window = strtoul(val, &end, 10);
			if (*end || !*val) {
				warnx("%s:%lu: window wants a number of characters", file, ln);
				nerr++;
			}
		} else if (!strcmp(key, "propagate")) {
			r->propagate = 1;
		} else if (!strcmp(key, "blocks")) {
			char *tok, *sp;
			int t;
			for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
				if ((t = type_code(tok)) < 0) {
					warnx("%s:%lu: unknown type '%s'", file, ln, tok);
					nerr++;
				} else
					r->blocks |= 1u << t;
			}
		} else if (!strcmp(key, "example") || !strcmp(key, "nomatch")) {
			char *arrow = key[0] == 'e' ? strstr(val, " => ") : NULL;
			r->ex = xreallocarray(r->ex, r->nex + 1, sizeof(*r->ex));
			r->ex[r->nex].line = ln;
			if (key[0] == 'e' && !arrow) {
				warnx("%s:%lu: example TEXT => ROW [; ROW ...]", file, ln);
				nerr++;
				continue;
			}
			if (arrow) {
				*arrow = '\0';
				r->ex[r->nex].want = xstrdup(trim(arrow + 4));
			} else
				r->ex[r->nex].want = NULL;
			r->ex[r->nex++].text = xstrdup(trim(val));
		} else {
			warnx("%s:%lu: unknown key '%s'", file, ln, key);
			nerr++;
		}
	}
	if (r && rule_finish(r) < 0) {
		nerr++;
		rule_free(r);
		nrules--;
	}
	free(issue);
	free(copy);
	return nerr;
}

static int
load_rules_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	int nerr;

	if (!fp) {
		warn("%s", path);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		warn("%s", path);
		fclose(fp);
		buf_free(&b);
		return 1;
	}
	fclose(fp);
	nerr = load_rules_mem(path, b.p ? b.p : "", b.len);
	buf_free(&b);
	return nerr;
}

static int
rulefile_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 && !strcmp(d->d_name + n - 6, ".rules");
}

/* a directory: every *.rules in name order, so definitions in 00-*.rules come first */
static int
load_rules_path(const char *path)
{
	struct dirent **ents;
	int n, i, nerr = 0;
	struct buf p = { 0 };

	n = scandir(path, &ents, rulefile_filter, alphasort);
	if (n < 0) {
		if (errno == ENOTDIR)
			return load_rules_file(path);
		warn("%s", path);
		return 1;
	}
	if (n == 0)
		warnx("%s: no *.rules files", path), nerr++;
	for (i = 0; i < n; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", path, ents[i]->d_name);
		nerr += load_rules_file(p.p);
		free(ents[i]);
	}
	free(ents);
	buf_free(&p);
	return nerr;
}

static char *
default_rules(void)
{
	const char *e = getenv("INKPIPE_RULES");
	char exe[PATH_MAX], *slash;
	ssize_t n;
	struct buf b = { 0 };
	/* bin/ink-extract and build/san/bin/ink-extract both sit below the project */
	static const char *up[] = { "/../rules", "/../../../rules" };
	size_t i;
	DIR *d;

	if (e && *e)
		return xstrdup(e);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (i = 0; i < LEN(up); i++) {
			buf_reset(&b);
			buf_printf(&b, "%s%s", exe, up[i]);
			if ((d = opendir(b.p))) {
				closedir(d);
				return b.p;
			}
		}
	}
	buf_free(&b);
	return xstrdup(DATADIR "/rules");
}

/* ---- values ---- */

static void
add_num(struct buf *b, double v)
{
	char d[24];
	size_t k = sizeof(d);
	unsigned long long u;

	/*
	 * Nearly every value is a whole number: its digits are what %.15g
	 * prints (below 1e15), without the cost of the float formatter.
	 */
	if (v >= 0 && !signbit(v) && v < 1e15 && v == (double)(u = (unsigned long long)v)) {
		do
			d[--k] = (char)('0' + u % 10);
		while (u /= 10);
		buf_add(b, d + k, sizeof(d) - k);
		return;
	}
	buf_printf(b, "%.15g", v);
}

/* text with blanks removed: OCR and gold reflow may keep spaces between parts */
static char *
nospace(const char *s, size_t n)
{
	struct buf b = { 0 };
	size_t i;

	/* nearly every matched text has no blank: one copy */
	if (!memchr(s, ' ', n) && !memchr(s, '\t', n))
		return xstrndup(s, n);
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			buf_addc(&b, s[i]);
		else if (i + 1 < n && i > 0 && isalnum((unsigned char)s[i - 1]) && isalnum((unsigned char)s[i + 1]) &&
		    !isdigit((unsigned char)s[i - 1]))
			buf_addc(&b, ' ');	/* Latin words keep their space */
	if (!b.p)
		buf_adds(&b, "");
	return b.p;
}

/* 近万 10000, 五个半 5.5, 1,200: the number part of a captured group */
static int
numval(const char *s, size_t n, double *v)
{
	char *t = nospace(s, n);
	size_t len = strlen(t);
	int half = 0, ok;

	if (len >= 3 && !strcmp(t + len - 3, "\xE5\x8D\x8A")) {	/* 半 */
		half = 1;
		len -= 3;
		if (len >= 3 && !memcmp(t + len - 3, "\xE4\xB8\xAA", 3))	/* 个 */
			len -= 3;
	}
	ok = cn_number(t, len, v);
	if (!ok && len == 3) {
		/* 百年, 近万人: a unit alone means one of it */
		char one[7] = "\xE4\xB8\x80";
		memcpy(one + 3, t, 3);
		one[6] = '\0';
		ok = cn_number(one, 6, v);
	}
	free(t);
	if (ok && half)
		*v += 0.5;
	return ok;
}

static const char *rangesep[] = { "\xE8\x87\xB3", "\xE5\x88\xB0", "-", "~", "\xEF\xBD\x9E",
	"\xE2\x80\x94", "\xE2\x80\x93" };	/* 至 到 - ~ ～ — – */

/* 3至4 -> 3-4, 两三 -> 2-3, else a plain number */
static int
rangeval(const char *s, size_t n, struct buf *out)
{
	char *t = nospace(s, n);
	size_t len = strlen(t), i, sl;
	double a, b, m;
	uint32_t c1, c2;
	int k1, k2 = 0, ok = 0, cndig;
	const char *p;

	for (i = 0; i < LEN(rangesep); i++) {
		sl = strlen(rangesep[i]);
		if ((p = strstr(t, rangesep[i])) && p > t) {
			if (cn_number(t, (size_t)(p - t), &a) && numval(p + sl, len - (size_t)(p - t) - sl, &b)) {
				add_num(out, a);
				buf_addc(out, '-');
				add_num(out, b);
				ok = 1;
				goto done;
			}
		}
	}
	/*
	 * Two neighbouring Chinese digits are "two or three", not twenty-three;
	 * digits, ASCII or full-width (１２台 is twelve), are never read so, nor
	 * is 十 a digit here (九十 is ninety, not nine or ten).
	 */
	k1 = utf8_dec(t, len, &c1);
	cndig = k1 > 1 && !(c1 >= 0xFF10 && c1 <= 0xFF19);
	if (cndig && (size_t)k1 < len && (k2 = utf8_dec(t + k1, len - (size_t)k1, &c2)) > 0 &&
	    cn_number(t, (size_t)k1, &a) && cn_number(t + k1, (size_t)k2, &b) &&
	    a >= 1 && a <= 8 && b == a + 1) {
		size_t rest = len - (size_t)(k1 + k2);
		uint32_t c3;
		m = 1;
		/* ...and before 十/百/千/万 they are tens or hundreds: 二三十 is 20-30 */
		if (rest == 0 ||
		    ((size_t)utf8_dec(t + k1 + k2, rest, &c3) == rest &&
		    (c3 == 0x5341 || c3 == 0x767E || c3 == 0x5343 || c3 == 0x4E07) &&
		    numval(t + k1 + k2, rest, &m))) {
			add_num(out, a * m);
			buf_addc(out, '-');
			add_num(out, b * m);
			ok = 1;
			goto done;
		}
	}
	if (numval(t, len, &a)) {
		add_num(out, a);
		ok = 1;
	}
done:
	free(t);
	return ok;
}

static const struct { const char *w, *q; } quals[] = {
	{ "约", "about" }, { "大约", "about" }, { "近", "about" }, { "将近", "about" },
	{ "左右", "about" }, { "上下", "about" }, { "约计", "about" }, { "来", "about" },
	{ "余", "over" }, { "多", "over" }, { "逾", "over" }, { "以上", "over" },
	{ "超过", "over" }, { "超", "over" }, { "多达", "over" }, { "余名", "over" },
	{ "不足", "under" }, { "不到", "under" }, { "以下", "under" }, { "未满", "under" },
	{ "不少于", "over" }, { "不低于", "over" }, { "至少", "over" }, { "上", "over" },
	{ "上午", "morning" }, { "早上", "morning" }, { "早晨", "morning" }, { "清晨", "morning" },
	{ "下午", "afternoon" }, { "晚上", "evening" }, { "傍晚", "evening" }, { "晚", "evening" },
	{ "晚间", "evening" }, { "夜间", "evening" },
};

static const char *
qualword(const char *s, size_t n)
{
	char *t = nospace(s, n);
	const char *q = "";
	size_t i;

	for (i = 0; i < LEN(quals); i++)
		if (!strcmp(t, quals[i].w)) {
			q = quals[i].q;
			break;
		}
	free(t);
	return q;
}

/* 今年/去年/前年/明年: the year counted from the issue's */
static const struct { const char *w; int off; } relyears[] = {
	{ "今年", 0 }, { "去年", -1 }, { "前年", -2 }, { "明年", 1 },
};
#define YEAR_UNKNOWN (-2)	/* yearval: a relative year with no issue date to count from */

/* year digits: 2020, 二〇二〇, ２０２０; or a year relative to the issue */
static int
yearval(const char *s, size_t n)
{
	double v;
	char *t = nospace(s, n);
	size_t len = strlen(t), i;
	int y = -1, k;
	uint32_t c;
	struct buf b = { 0 };
	static const char *cd[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	for (i = 0; i < LEN(relyears); i++)
		if (!strcmp(t, relyears[i].w)) {
			free(t);
			return issue_y > 0 ? issue_y + relyears[i].off : YEAR_UNKNOWN;
		}
	/* digit by digit: 二〇二〇 is 2-0-2-0, never two thousand and twenty */
	for (i = 0; i < len; i += (size_t)k) {
		size_t j;
		k = utf8_dec(t + i, len - i, &c);
		if (k < 0)
			break;
		if (c >= '0' && c <= '9') {
			buf_addc(&b, (int)c);
			continue;
		}
		if (c >= 0xFF10 && c <= 0xFF19) {
			buf_addc(&b, (int)(c - 0xFF10 + '0'));
			continue;
		}
		for (j = 0; j < LEN(cd); j++)
			if (!strncmp(t + i, cd[j], (size_t)k) && strlen(cd[j]) == (size_t)k)
				break;
		if (j == LEN(cd) && !strncmp(t + i, "零", (size_t)k))
			j = 0;
		if (j == LEN(cd))
			break;
		buf_addc(&b, (int)('0' + j));
	}
	if (i >= len && b.len) {
		y = atoi(b.p);
		/*
		 * 98年 / 21年: the century that puts the year nearest the issue,
		 * at most five years after it (plans look ahead, not further),
		 * and never before 1900 (nobody writes 1890 as 90年); with no
		 * issue date, a fixed pivot.
		 */
		if (b.len == 2 && issue_y > 0) {
			y += issue_y / 100 * 100;
			if (y > issue_y + 5)
				y -= 100;
			else if (y + 100 <= issue_y + 5)
				y += 100;	/* an issue of 1998: 01年 is 2001 */
			if (y < 1900)
				y += 100;
		} else if (b.len == 2)
			y += y < 50 ? 2000 : 1900;
	} else if (numval(t, len, &v) && v >= 1000 && v < 3000)
		y = (int)v;
	buf_free(&b);
	free(t);
	return y;
}

static int
intgroup(const char *subj, PCRE2_SIZE *ov, int g)
{
	double v;

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return -1;
	if (!numval(subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g], &v) || v < 0 || v > 9999)
		return -1;
	return (int)v;
}

static char *
eval(const struct expr *x, const char *subj, PCRE2_SIZE *ov, uint32_t ngroups, int *ok)
{
	struct buf b = { 0 };
	const char *s;
	size_t n;
	double v;
	int i, g;

	if (x->fn == F_EMPTY || x->fn == F_DATE)
		return xstrdup("");
	if (x->fn == F_LIT)
		return xstrdup(x->arg);
	g = x->grp;
	for (i = 0; i < x->nalt; i++)
		if ((uint32_t)x->alt[i] < ngroups && ov[2 * x->alt[i]] != PCRE2_UNSET) {
			g = x->alt[i];
			break;
		}
	if (g < 0 || (uint32_t)g >= ngroups || ov[2 * g] == PCRE2_UNSET)
		return xstrdup("");
	s = subj + ov[2 * g];
	n = ov[2 * g + 1] - ov[2 * g];
	switch (x->fn) {
	case F_GROUP:
		return nospace(s, n);
	case F_QUAL:
		return xstrdup(qualword(s, n));
	case F_NUM:
		if (numval(s, n, &v))
			add_num(&b, v);
		else
			*ok = 0;
		break;
	case F_RANGE:
		if (!rangeval(s, n, &b))
			*ok = 0;
		break;
	default:
		break;
	}
	if (!b.p)
		buf_adds(&b, "");
	return b.p;
}

static void
ents_free(struct ents *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].value);
		free(e->v[i].unit);
		free(e->v[i].qual);
		free(e->v[i].subj);
	}
	e->n = 0;
}

static struct ent *
ents_add(struct ents *e)
{
	struct ent *x;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 32;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->y = x->m = x->d = x->y2 = x->m2 = x->d2 = -1;
	return x;
}

static int
has_required(const struct rule *r, const char *s, size_t n)
{
	size_t i, j;
	uint32_t cp = 0;
	int line;

	/* each require line is one more condition: one of its literals occurs */
	for (i = 0, line = 0; line < r->nreqline; line++) {
		for (; i < r->nreq && r->reqline[i] == line; i++) {
			/* most literals lack one of their characters: no scan then */
			for (j = 0; j < 4 && (cp = r->reqcp[i][j]); j++)
				if (!(pc_has[cp >> 3] >> (cp & 7) & 1))
					break;
			if (j < 4 && cp)
				continue;
			if (lit_gen[r->reqid[i]] != para_gen) {
				lit_gen[r->reqid[i]] = para_gen;
				lit_res[r->reqid[i]] = memmem(s, n, r->req[i], r->reqlen[i]) != NULL;
			}
			if (lit_res[r->reqid[i]])
				break;
		}
		if (i == r->nreq || r->reqline[i] != line)
			return 0;
		while (i < r->nreq && r->reqline[i] == line)
			i++;
	}
	return 1;
}

static void
build_index(void)
{
	size_t k, i, b, j;
	unsigned t;
	uint64_t w;

	for (i = 0; i < 0x100; i++)
		free(cpmask[i]), cpmask[i] = NULL;
	for (k = 0; k < cpmask_rules && k < 64 && apos; k++)
		free(apos[k].v);
	free(apos);
	apos = xcalloc(64, sizeof(*apos));
	for (k = 0; k < nrules && k < 64; k++) {
		if (!rules[k].anchor)
			continue;
		/* the set bits only: most of the bitmap is zero words, skipped whole */
		for (b = 0; b < 0x10000 / 8; b += 8) {
			memcpy(&w, rules[k].anchor + b, 8);
			if (!w)
				continue;
			for (j = b; j < b + 8; j++)
				for (t = 0; t < 8; t++) {
					size_t cp = j * 8 + t;
					if (!(rules[k].anchor[j] >> t & 1))
						continue;
					if (!cpmask[cp >> 8])
						cpmask[cp >> 8] = xcalloc(0x100, sizeof(**cpmask));
					cpmask[cp >> 8][cp & 0xFF] |= (uint64_t)1 << k;
				}
		}
	}
	cpmask_rules = nrules;
}

static void
index_free(void)
{
	size_t k;

	for (k = 0; apos && k < 64; k++)
		free(apos[k].v);
	free(apos);
	for (k = 0; k < 0x100; k++)
		free(cpmask[k]), cpmask[k] = NULL;
	free(wpos.v);
	wpos.v = NULL, wpos.cap = 0;
	apos = NULL;
	cpmask_rules = (size_t)-1;
}

static void
decode_para(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	/* a new paragraph: every cached require lookup is stale */
	if (!++para_gen) {
		memset(lit_gen, 0, nlits * sizeof(*lit_gen));
		para_gen = 1;
	}
	/* forget the previous paragraph's characters, one by one: cheaper than 8 KB */
	for (i = 0; i < pc_n; i++)
		if (pc_cp[i] < 0x10000)
			pc_has[pc_cp[i] >> 3] = 0;
	i = 0;
	pc_n = 0;
	for (k = 0; apos && k < 64; k++)
		apos[k].n = 0;
	while (i <= n) {
		if (pc_n == pc_cap) {
			pc_cap = pc_cap ? pc_cap * 2 : 1024;
			pc_off = xreallocarray(pc_off, pc_cap, sizeof(*pc_off));
			pc_cp = xreallocarray(pc_cp, pc_cap, sizeof(*pc_cp));
		}
		pc_off[pc_n] = i;
		if (i == n) {
			pc_cp[pc_n] = 0;	/* sentinel: the end, not a character */
			break;
		}
		/*
		 * ASCII and the three-byte forms that are always valid (not
		 * E0 or ED, whose second byte decides) inline: that is nearly
		 * every character of a newsletter; the rest as utf8_dec says.
		 */
		{
			const unsigned char *u = (const unsigned char *)s + i;
			if (u[0] < 0x80)
				k = 1, cp = u[0];
			else if (u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED && n - i >= 3 &&
			    (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
				k = 3, cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
			else if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
				k = 1, cp = UTF8_REPLACEMENT;
		}
		if (cp < 0x10000) {
			uint64_t m;
			pc_has[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			for (m = cpmask[cp >> 8] ? cpmask[cp >> 8][cp & 0xFF] : 0; m; m &= m - 1) {
				struct plist *pl = &apos[__builtin_ctzll(m)];
				if (pl->n == pl->cap) {
					pl->cap = pl->cap ? pl->cap * 2 : 64;
					pl->v = xreallocarray(pl->v, pl->cap, sizeof(*pl->v));
				}
				pl->v[pl->n++] = pc_n;
			}
		}
		pc_cp[pc_n++] = cp;
		i += (size_t)k;
	}
}

/* whether every BMP character of s occurs in the paragraph decode_para saw */
static int
chars_present(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
			return 1;	/* cannot tell: let the scan decide */
		if (cp < 0x10000 && !(pc_has[cp >> 3] >> (cp & 7) & 1))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* the index of the character starting at byte b (or the next one) */
static size_t
char_at(size_t b)
{
	size_t lo = 0, hi = pc_n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (pc_off[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Whether group g of this match is read for the row: it is the span or
 * the whole match, a date part, or the first set group of an expression.
 * Growing a group nobody reads is work thrown away.
 */
static int
group_read(const struct rule *r, const PCRE2_SIZE *ov, uint32_t ng, int g)
{
	const struct expr *xs[4] = { &r->value, &r->unit, &r->qual, &r->subj };
	int i, k;

	if (g == 0 || g == r->span || g == r->gy || g == r->gm || g == r->gd ||
	    g == r->gy2 || g == r->gm2 || g == r->gd2)
		return 1;
	for (i = 0; i < 4; i++) {
		if (xs[i]->fn == F_EMPTY || xs[i]->fn == F_LIT || xs[i]->fn == F_DATE)
			continue;
		for (k = 0; k < xs[i]->nalt; k++) {
			if (xs[i]->alt[k] == g)
				return 1;
			if ((uint32_t)xs[i]->alt[k] < ng && ov[2 * xs[i]->alt[k]] != PCRE2_UNSET)
				break;	/* an earlier group gives the value */
		}
	}
	return 0;
}

/* one match (ovector in md) -> one raw entity, unless its value cannot be read */
static void
take_match(const struct rule *r, const char *s, size_t n, struct ents *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md), sb, eb;
	uint32_t ng = pcre2_get_ovector_count(md);
	struct ent *x;
	int ok = 1;

	/*
	 * extend: the group starts earlier when the words before it fit the
	 * extend pattern (the title as written: 区委 + 书记). Looked for in
	 * the 16 characters before the group only, so it costs nothing per
	 * position and stays linear on a huge paragraph.
	 */
	if (r->ext && r->extgrp >= 0 && (uint32_t)r->extgrp < ng && ov[2 * r->extgrp] != PCRE2_UNSET &&
	    (r->extmust || group_read(r, ov, ng, r->extgrp))) {
		size_t gb = ov[2 * r->extgrp], ci = char_at(gb), w = r->extwin ? r->extwin : 16,
		    wb = pc_off[ci > w ? ci - w : 0];
		PCRE2_SIZE *o2 = pcre2_get_ovector_pointer(md2), nb;
		/*
		 * Found on the text cut at the group, then confirmed on the whole
		 * text: a lookahead at the new start (a word list) must see past
		 * the cut, or 街 would pass a (?!街道) test.
		 */
		if ((r->extjit ? pcre2_jit_match : pcre2_match)(r->ext, (PCRE2_SPTR)s, gb, wb,
			PCRE2_NO_UTF_CHECK, md2, mctx) > 0 &&
		    (nb = o2[0], r->aext) &&
		    (r->aextjit ? pcre2_jit_match : pcre2_match)(r->aext, (PCRE2_SPTR)s, n, nb,
			PCRE2_NO_UTF_CHECK, md2, mctx) > 0) {
			if (nb < gb)
				ov[2 * r->extgrp] = nb;
		} else if (r->extmust)
			return;
	} else if (r->ext && r->extmust)
		return;
	sb = ov[0], eb = ov[1];
	if (r->span >= 0 && (uint32_t)r->span < ng && ov[2 * r->span] != PCRE2_UNSET)
		sb = ov[2 * r->span], eb = ov[2 * r->span + 1];
	if (eb <= sb)
		return;
	x = ents_add(out);
	x->sb = sb, x->eb = eb;
	x->type = r->type;
	x->r = r;
	x->value = r->value.fn == F_EMPTY && r->type != T_STOP ? nospace(s + sb, eb - sb) :
	    eval(&r->value, s, ov, ng, &ok);
	x->unit = eval(&r->unit, s, ov, ng, &ok);
	x->qual = eval(&r->qual, s, ov, ng, &ok);
	x->subj = eval(&r->subj, s, ov, ng, &ok);
	if (r->value.fn == F_DATE) {
		x->y = r->gy >= 0 && ov[2 * r->gy] != PCRE2_UNSET ?
		    yearval(s + ov[2 * r->gy], ov[2 * r->gy + 1] - ov[2 * r->gy]) : -1;
		x->m = intgroup(s, ov, r->gm);
		x->d = intgroup(s, ov, r->gd);
		x->y2 = r->gy2 >= 0 && ov[2 * r->gy2] != PCRE2_UNSET ?
		    yearval(s + ov[2 * r->gy2], ov[2 * r->gy2 + 1] - ov[2 * r->gy2]) : -1;
		x->m2 = intgroup(s, ov, r->gm2);
		x->d2 = intgroup(s, ov, r->gd2);
		/* 去年3月 with no issue date: a date whose year is unknown, not a bad one */
		if (x->y == YEAR_UNKNOWN)
			x->y = -1, x->noyear = 1;
		if ((x->m >= 0 && (x->m < 1 || x->m > 12)) || (x->d >= 0 && (x->d < 1 || x->d > 31)) ||
		    (x->m2 >= 0 && (x->m2 < 1 || x->m2 > 12)) || (x->d2 >= 0 && (x->d2 < 1 || x->d2 > 31)) ||
		    (r->gy >= 0 && ov[2 * r->gy] != PCRE2_UNSET && x->y < 0 && !x->noyear) ||
		    (x->y < 0 && x->m < 0))
			ok = 0;
	}
	if (!ok) {
		/* the pattern matched something the value function cannot read: no row */
		out->n--;
		free(x->value), free(x->unit), free(x->qual), free(x->subj);
	}
}

/* 1 match, 0 none, -1 error (warned: the rule is given up for this paragraph) */
static int
match_from(const struct rule *r, const pcre2_code *re, const char *s, size_t n, size_t start,
    const char *where)
{
	int rc;
	PCRE2_UCHAR msg[256];
	/* are: the match must start at or before the offset limit set in lctx */
	pcre2_match_context *c = re == r->re ? mctx : lctx;

	/* the paragraph was checked once (UTF-8 repaired on input): no check per attempt */
	((struct rule *)r)->tries++;
	if (re == r->re ? r->jit : r->ajit)
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, md, c);
	else
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, md, c);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	((struct rule *)r)->hits += rc > 0;
	if (rc < 0) {
		char w[512];
		if (!where) {
			snprintf(w, sizeof(w), "%s:%lu (doc %s, article %s, para %s)",
			    cur_file, where_line, where_prov ? where_prov->doc : "?",
			    where_prov ? where_prov->article : "?", where_prov ? where_prov->para : "?");
			where = w;
		}
		pcre2_get_error_message(rc, msg, sizeof(msg));
		warnx("%s:%lu: rule %s: %s; rule skipped for %s at byte %zu",
		    r->file, r->line, r->id, (char *)msg, where, start);
		status = 1;
		return -1;
	}
	return 1;
}

/*
 * Runs one rule over a paragraph, appending raw (unresolved) entities.
 * A rule with an anchor only has matches that start at most `window`
 * characters before an anchor character, so only those starts are
 * searched: the windows of neighbouring anchors are merged into one
 * stretch, and one search per stretch, bounded by an offset limit,
 * finds the leftmost match starting in it. That is exactly what a scan
 * of every position finds (--check-rules compares both ways on every
 * example), with one PCRE2 call per stretch instead of one per start.
 */
static void
run_rule(const struct rule *r, const char *s, size_t n, struct ents *out, const char *where)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t start = 0, cur = 0, tried = 0, i, last = 0, from, k = (size_t)(r - rules), j, jj = 0, na;
	size_t mb, me;
	int rc, indexed = k < 64 && apos && cpmask_rules == nrules;
	const size_t *alist;

	/* no anchor character in the paragraph: nothing to look for, not even literals */
	if (indexed && r->anchor && r->are && use_anchors && !apos[k].n)
		return;
	if (!has_required(r, s, n))
		return;
	if (!r->anchor || !r->are || !use_anchors) {
		while (start <= n) {
			if ((rc = match_from(r, r->re, s, n, start, where)) <= 0)
				return;
			/* the match as found: extend may move a group 0 start (an empty match then looks long) */
			mb = ov[0], me = ov[1];
			take_match(r, s, n, out);
			/* an empty match must still move on, by a whole character */
			if (me == mb) {
				start = me + 1;
				while (start < n && ((unsigned char)s[start] & 0xC0) == 0x80)
					start++;
			} else
				start = me;
		}
		return;
	}
	alist = indexed ? apos[k].v : NULL;
	na = indexed ? apos[k].n : pc_n;
	if (r->naword) {
		/*
		 * anchor-words: of the positions of their first characters, only
		 * those where a whole word starts (党建 is no 党支部, 区 no 区长)
		 */
		size_t w, m = 0;
		for (j = 0; j < na; j++) {
			i = alist ? alist[j] : j;
			if (pc_cp[i] >= 0x10000 || !(r->anchor[pc_cp[i] >> 3] >> (pc_cp[i] & 7) & 1))
				continue;
			/* the words are sorted by first character: only those with this one */
			{
				size_t lo = 0, hi = r->naword, mid;
				while (lo < hi) {
					mid = (lo + hi) / 2;
					if (r->awcp[mid] < pc_cp[i])
						lo = mid + 1;
					else
						hi = mid;
				}
				for (w = lo; w < r->naword && r->awcp[w] == pc_cp[i]; w++)
					if (n - pc_off[i] >= r->awlen[w] && !memcmp(s + pc_off[i], r->aword[w], r->awlen[w]))
						break;
				if (w >= r->naword || r->awcp[w] != pc_cp[i])
					continue;
			}
			if (m == wpos.cap) {
				wpos.cap = wpos.cap ? wpos.cap * 2 : 64;
				wpos.v = xreallocarray(wpos.v, wpos.cap, sizeof(*wpos.v));
			}
			wpos.v[m++] = i;
		}
		if (!m)
			return;
		alist = wpos.v, na = m;
	}
#define ANCHOR_AT(j) (alist ? alist[j] : (j))
#define IS_ANCHOR(i) (alist || (pc_cp[i] < 0x10000 && (r->anchor[pc_cp[i] >> 3] >> (pc_cp[i] & 7) & 1)))
	for (j = 0; j < na;) {
		i = ANCHOR_AT(j);
		if (i < cur || !IS_ANCHOR(i)) {
			j++;
			continue;
		}
		from = i >= r->window ? i - r->window : 0;
		if (from < cur)
			from = cur;
		if (from < tried)
			from = tried;
		/*
		 * The stretch goes on while the next anchor's window touches it.
		 * Found once: after a match inside it, the rest of the stretch
		 * ends at the same place (else a dense paragraph is quadratic).
		 */
		if (j >= jj) {
			last = i;
			for (jj = j + 1; jj < na; jj++) {
				size_t i2 = ANCHOR_AT(jj);
				if (!IS_ANCHOR(i2))
					continue;
				if (i2 > last + 1 + r->window)
					break;
				last = i2;
			}
		}
		/* no match can begin at a byte PCRE2 rules out as a first byte */
		while (r->hasfirst && from <= last && (from >= pc_n ||
		    !(r->first[(unsigned char)s[pc_off[from]] >> 3] >> ((unsigned char)s[pc_off[from]] & 7) & 1)))
			from++;
		if (from > last) {
			tried = last + 1;
			j = jj;
			continue;
		}
		pcre2_set_offset_limit(lctx, pc_off[last]);
		if ((rc = match_from(r, r->are, s, n, pc_off[from], where)) < 0)
			return;
		if (rc == 0) {
			tried = last + 1;
			j = jj;
			continue;
		}
		mb = ov[0], me = ov[1];
		take_match(r, s, n, out);
		/* anchors before the match's end are skipped; the stretch is searched on after it */
		cur = me == mb ? char_at(mb) + 1 : char_at(me);
		tried = cur;
	}
#undef ANCHOR_AT
#undef IS_ANCHOR
}

static int
cmp_len(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	size_t la = a->eb - a->sb, lb = b->eb - b->sb;

	if (typeclass[a->type] != typeclass[b->type])
		return typeclass[a->type] - typeclass[b->type];
	if (la != lb)
		return la > lb ? -1 : 1;
	if (a->r != b->r)
		return a->r < b->r ? -1 : 1;
	return a->sb < b->sb ? -1 : a->sb > b->sb;
}

static int
cmp_pos(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;

	if (a->sb != b->sb)
		return a->sb < b->sb ? -1 : 1;
	if (a->type != b->type)
		return a->type - b->type;
	return a->eb < b->eb ? -1 : a->eb > b->eb;
}

static int
date_after(int y, int m, int d, int ly, int lm, int ld)
{
	if (y != ly)
		return y > ly;
	if (m != lm)
		return m > lm;
	return d > ld;
}

/* the year of a date that names none: the issue rule, else the paragraph's year */
static int
infer_year(int m, int d, int para_y)
{
	int y = -1, ly, lm;

	if (issue_y > 0) {
		ly = issue_y, lm = issue_m + 2;
		if (lm > 12)
			lm -= 12, ly++;
		y = issue_y;
		if (date_after(y, m, d < 0 ? 1 : d, ly, lm, issue_d))
			y--;
		return y;
	}
	return para_y;
}

static void
date_part(struct buf *b, int y, int m, int d)
{
	if (y >= 0)
		buf_printf(b, "%04d", y);
	else
		buf_adds(b, "-");
	if (m >= 0)
		buf_printf(b, "-%02d", m);
	if (d >= 0)
		buf_printf(b, "-%02d", d);
}

static void
finish_dates(struct ents *e)
{
	size_t i;
	struct buf b = { 0 };
	int prev_y = -1, next_y = -1;

	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_pos);
	/* the paragraph's first named year, for dates before any (no --issue-date) */
	for (i = 0; i < e->n; i++)
		if (!e->v[i].drop && e->v[i].type == T_DATE && e->v[i].y >= 0) {
			next_y = e->v[i].y;
			break;
		}
	for (i = 0; i < e->n; i++) {
		struct ent *x = &e->v[i];
		int y = x->y, y2, m2, d2;
		if (x->drop || x->type != T_DATE || x->r->value.fn != F_DATE)
			continue;
		/* 去年 is never the year another date in the paragraph names */
		if (y < 0 && x->m >= 0 && !x->noyear)
			y = infer_year(x->m, x->d, prev_y >= 0 ? prev_y : next_y);
		if (x->y >= 0)
			prev_y = x->y;
		buf_reset(&b);
		date_part(&b, y, x->m, x->d);
		if (x->d2 >= 0 || x->m2 >= 0 || x->y2 >= 0) {
			y2 = x->y2 >= 0 ? x->y2 : y;
			m2 = x->m2 >= 0 ? x->m2 : x->m;
			d2 = x->d2 >= 0 ? x->d2 : (x->m2 >= 0 ? -1 : x->d);
			buf_addc(&b, '/');
			date_part(&b, y2, m2, d2);
		}
		free(x->value);
		x->value = xstrdup(b.p);
	}
	buf_free(&b);
}

static void
remember_name(const char *doc, const char *name)
{
	size_t i;

	if (!*name)
		return;
	if (!pdoc || strcmp(pdoc, doc)) {
		for (i = 0; i < npnames; i++)
			free(pnames[i]);
		npnames = 0;
		free(pdoc);
		pdoc = xstrdup(doc);
	}
	for (i = 0; i < npnames; i++)
		if (!strcmp(pnames[i], name))
			return;
	pnames = xreallocarray(pnames, npnames + 1, sizeof(*pnames));
	pnames[npnames++] = xstrdup(name);
}

static void
forget_names(void)
{
	size_t i;

	for (i = 0; i < npnames; i++)
		free(pnames[i]);
	free(pnames);
	pnames = NULL;
	npnames = 0;
	free(pdoc);
	pdoc = NULL;
}

static const struct rule *propagated_rule(void);

static uint8_t *markv;
static size_t markcap;

static void
mark_reset(size_t n)
{
	if (n + 1 > markcap) {
		markcap = n + 1;
		markv = xrealloc(markv, markcap);
	}
	memset(markv, 0, n + 1);
}

static int
marked(size_t sb, size_t eb, uint8_t bits)
{
	for (; sb < eb; sb++)
		if (markv[sb] & bits)
			return 1;
	return 0;
}

static void
mark_set(size_t sb, size_t eb, uint8_t bits)
{
	for (; sb < eb; sb++)
		markv[sb] |= bits;
}

/*
 * One paragraph -> resolved entities, sorted by position, with code point
 * offsets. Policy: a stop match removes the blocked types it overlaps;
 * then, per overlap class, the longest match wins (ties: the earlier
 * rule); metrics never suppress counts, and a metric with no count on
 * its span gets one; names found with a title mark their bare mentions.
 */
static void
extract_para(const char *doc, const char *s, size_t n, struct ents *e, const char *where)
{
	size_t i, k;
	struct ent *a, *b;

	ents_free(e);
	if (cpmask_rules != nrules)
		build_index();
	decode_para(s, n);
	for (i = 0; i < nrules; i++) {
		if (profile) {
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			run_rule(&rules[i], s, n, e, where);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			rules[i].secs += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		} else
			run_rule(&rules[i], s, n, e, where);
	}
	/*
	 * Overlaps are found by marking the bytes each kept span covers (a
	 * bit per type, then per class), not by comparing pairs: a 10 MB
	 * paragraph of millions of matches stays linear.
	 */
	mark_reset(n);
	for (i = 0; i < e->n; i++)
		if (e->v[i].type == T_STOP) {
			mark_set(e->v[i].sb, e->v[i].eb, (uint8_t)e->v[i].r->blocks);
			e->v[i].drop = 1;
		}
	for (i = 0; i < e->n; i++)
		if (e->v[i].type != T_STOP && marked(e->v[i].sb, e->v[i].eb, (uint8_t)(1u << e->v[i].type)))
			e->v[i].drop = 1;
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_len);
	mark_reset(n);
	for (i = 0; i < e->n; i++) {
		uint8_t bit = (uint8_t)(1u << typeclass[e->v[i].type]);
		a = &e->v[i];
		if (a->drop)
			continue;
		if (marked(a->sb, a->eb, bit))
			a->drop = 1;
		else
			mark_set(a->sb, a->eb, bit);
	}
	/* a metric is also a count: add the count row where no count covers the span */
	k = e->n;
	for (i = 0; i < k; i++) {
		a = &e->v[i];
		if (a->drop || a->type != T_METRIC || marked(a->sb, a->eb, (uint8_t)(1u << typeclass[T_COUNT])))
			continue;
		b = ents_add(e);
		a = &e->v[i];
		b->sb = a->sb, b->eb = a->eb, b->type = T_COUNT, b->r = a->r;
		b->value = xstrdup(a->value), b->unit = xstrdup(a->unit);
		b->qual = xstrdup(a->qual), b->subj = xstrdup("");
	}
	/* bare mentions of names introduced with a title */
	k = e->n;
	for (i = 0; i < k; i++)
		if (!e->v[i].drop && e->v[i].type == T_PERSON && e->v[i].r->propagate)
			remember_name(doc, e->v[i].value);
	if (pdoc && strcmp(pdoc, doc))
		remember_name(doc, "");
	if (pdoc && !strcmp(pdoc, doc)) {
		for (i = 0; i < npnames; i++) {
			size_t nl = strlen(pnames[i]);
			const char *p = s, *hit;
			/* a name with a character the paragraph lacks is not in it: no scan */
			if (!chars_present(pnames[i], nl))
				continue;
			while ((hit = memmem(p, n - (size_t)(p - s), pnames[i], nl))) {
				size_t hb = (size_t)(hit - s), he = hb + nl;
				p = hit + nl;
				if (marked(hb, he, (uint8_t)(1u << typeclass[T_PERSON])))
					continue;
				mark_set(hb, he, (uint8_t)(1u << typeclass[T_PERSON]));
				b = ents_add(e);
				b->sb = hb, b->eb = he, b->type = T_PERSON, b->r = propagated_rule();
				b->value = xstrdup(pnames[i]);
				b->unit = xstrdup(""), b->qual = xstrdup(""), b->subj = xstrdup("");
			}
		}
	}
	finish_dates(e);	/* sorts by position */
	/* code point offsets: the paragraph's characters were indexed by decode_para */
	for (i = 0; i < e->n; i++) {
		a = &e->v[i];
		a->cs = char_at(a->sb);
		a->ce = char_at(a->eb);
	}
}

static const struct rule *
propagated_rule(void)
{
	static struct rule pr;

	if (!pr.id) {
		pr.id = "person.mention";
		pr.type = T_PERSON;
		pr.value.grp = pr.unit.grp = pr.qual.grp = pr.subj.grp = -1;
	}
	return &pr;
}


static void
print_header(int carry)
{
	fputs("doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule", stdout);
	if (carry)
		fputs(",page,first_line,last_line", stdout);
	putchar('\n');
}

/*
 * Rows are put together in one buffer and written with one fwrite per
 * paragraph (or per 64 KB): a dozen stdio calls per field cost more than
 * finding the entities. Quoting is csv_must_quote and libcsv's, as csv_put does it.
 */
static struct buf rowbuf;
static struct buf rowpre;	/* doc,article,para, as written: the same on every row */

static void
put_field(struct buf *b, const char *s, size_t n, int last)
{
	buf_grow(b, 2 * n + 3);
	if (csv_must_quote(s, n))
		b->len += csv_write(b->p + b->len, 2 * n + 2, s, n);
	else if (n) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
	b->p[b->len++] = last ? '\n' : ',';
	b->p[b->len] = '\0';
}

static void
put_str(struct buf *b, const char *s, int last)
{
	put_field(b, s ? s : "", s ? strlen(s) : 0, last);
}

/*
 * v in decimal, written backwards so that its digits end just before
 * end; returns where they start. snprintf costs more than the rest of a
 * short paragraph's bookkeeping.
 */
static char *
digits_before(char *end, unsigned long v)
{
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static void
put_num(struct buf *b, size_t v, int last)
{
	char d[24], *p;

	d[sizeof(d) - 1] = last ? '\n' : ',';
	p = digits_before(d + sizeof(d) - 1, v);
	buf_add(b, p, (size_t)(d + sizeof(d) - p));
}

static void
print_ents(const struct ents *e, const char *s, const struct prov *p)
{
	size_t i;
	const struct ent *x;
	struct buf *b = &rowbuf;
	struct buf *pre = &rowpre;

	buf_reset(b);
	buf_reset(pre);
	put_field(pre, p->doc, strlen(p->doc), 0);
	put_field(pre, p->article, strlen(p->article), 0);
	put_field(pre, p->para, strlen(p->para), 0);
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (x->drop)
			continue;
		buf_add(b, pre->p, pre->len);
		put_num(b, x->cs, 0);
		put_num(b, x->ce, 0);
		put_str(b, typenames[x->type], 0);
		put_field(b, s + x->sb, x->eb - x->sb, 0);
		put_str(b, x->value, 0);
		put_str(b, x->unit, 0);
		put_str(b, x->qual, 0);
		put_str(b, x->subj, 0);
		put_str(b, x->r->id, !p->carry);
		if (p->carry) {
			put_str(b, p->page, 0);
			put_str(b, p->first, 0);
			put_str(b, p->last, 1);
		}
		if (b->len >= 65536) {
			fwrite(b->p, 1, b->len, stdout);
			buf_reset(b);
		}
	}
	if (b->len)
		fwrite(b->p, 1, b->len, stdout);
}

static void
para_out(const char *s, size_t n, const struct prov *p, struct ents *e, unsigned long line)
{
	/* the paragraph's name is only spelled out for a warning (match_from) */
	where_prov = p, where_line = line;
	extract_para(p->doc, s, n, e, NULL);
	where_prov = NULL;
	print_ents(e, s, p);
}

/*
 * The format is sniffed from the first bytes; this stream hands those
 * bytes back before the rest, so either reader sees the whole input and
 * counts lines from 1.
 */
struct sniff {
	FILE *fp;
	char b[32];
	size_t n, pos;
};

static ssize_t
sniff_read(void *c, char *buf, size_t size)
{
	struct sniff *p = c;
	size_t k;

	if (p->pos < p->n) {
		k = p->n - p->pos < size ? p->n - p->pos : size;
		memcpy(buf, p->b + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	k = fread(buf, 1, size, p->fp);
	if (k == 0 && ferror(p->fp))
		return -1;
	return (ssize_t)k;
}

static int
sniff_close(void *c)
{
	(void)c;
	return 0;
}

static FILE *
sniff_open(struct sniff *p, FILE *fp, int *csv)
{
	static const char hdr[] = "doc,article,para";
	cookie_io_functions_t io = { sniff_read, NULL, NULL, sniff_close };
	const char *b;

	p->fp = fp;
	p->pos = 0;
	p->n = fread(p->b, 1, sizeof(hdr) - 1 + 3, fp);
	b = p->b;
	if (p->n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
		b += 3;
	*csv = p->n - (size_t)(b - p->b) >= sizeof(hdr) - 1 && !memcmp(b, hdr, sizeof(hdr) - 1);
	return fopencookie(p, "r", io);
}

static void
do_csv(FILE *fp, const char *name, struct ents *e, int *hdr_done)
{
	struct csvr *r = csvr_open(fp, name);
	struct csvrow *row;
	int c_doc, c_art, c_para, c_kind, c_page, c_fl, c_ll, c_text, rc;
	struct prov p;

	if (csvr_next(r, &row) != 1) {
		csvr_close(r);
		status = 1;
		return;
	}
	c_doc = csv_col(row, "doc"), c_art = csv_col(row, "article");
	c_para = csv_col(row, "para"), c_kind = csv_col(row, "kind");
	c_page = csv_col(row, "page"), c_fl = csv_col(row, "first_line");
	c_ll = csv_col(row, "last_line"), c_text = csv_col(row, "text");
	if (c_text < 0) {
		warnx("%s:1: paragraph CSV without a text column", name);
		csvr_close(r);
		status = 1;
		return;
	}
	memset(&p, 0, sizeof(p));
	p.carry = c_page >= 0 || c_fl >= 0 || c_ll >= 0;
	if (!*hdr_done) {
		print_header(p.carry);
		*hdr_done = 1 + p.carry;
	} else
		p.carry = *hdr_done == 2;
#define F(c) ((c) >= 0 && (size_t)(c) < row->n ? row->f[c] : "")
	while ((rc = csvr_next(r, &row)) == 1) {
		if ((size_t)c_text >= row->n) {
			warnx("%s:%lu: short row: no text field", name, row->line);
			status = 1;
			continue;
		}
		if (!strcmp(F(c_kind), "furniture"))
			continue;
		p.doc = c_doc >= 0 ? F(c_doc) : name;
		p.article = F(c_art), p.para = F(c_para);
		p.page = F(c_page), p.first = F(c_fl), p.last = F(c_ll);
		para_out(row->f[c_text], row->len[c_text], &p, e, row->line);
	}
#undef F
	if (rc < 0)
		status = 1;
	csvr_close(r);
}

/* v in decimal into d, truncated to size - 1 digits (always terminated) */
static void
ulstr(char *d, size_t size, unsigned long v)
{
	char t[24], *p;
	size_t n;

	if (!size)
		return;
	t[sizeof(t) - 1] = '\0';
	p = digits_before(t + sizeof(t) - 1, v);
	n = (size_t)(t + sizeof(t) - p);
	if (n > size)
		n = size;
	memcpy(d, p, n);
	d[n - 1] = '\0';
}

static void
do_text(FILE *fp, const char *name, const char *doc, struct ents *e, int *hdr_done)
{
	struct lines l;
	struct prov p;
	unsigned long art = 1, para = 0;
	char abuf[32], pbuf[32];
	int rc;
	const char *s;
	size_t n;

	lines_init(&l, fp, name);
	memset(&p, 0, sizeof(p));
	p.doc = doc;
	while ((rc = lines_next(&l)) == 1) {
		s = l.line.p;
		n = l.line.len;
		if (!*hdr_done) {
			print_header(0);
			*hdr_done = 1;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0) {
			if (para)
				art++, para = 0;
			continue;
		}
		if (n >= 2 && s[0] == '#' && s[1] == ' ')
			s += 2, n -= 2;
		para++;
		ulstr(abuf, sizeof(abuf), art);
		ulstr(pbuf, sizeof(pbuf), para);
		p.article = abuf, p.para = pbuf;
		para_out(s, n, &p, e, l.lineno);
	}
	/* repaired bytes were warned line by line and the run goes on: exit 0 */
	if (rc < 0)
		status = 1;
	lines_free(&l);
}

static void
setup_match(void)
{
	md = pcre2_match_data_create(64, NULL);
	md2 = pcre2_match_data_create(4, NULL);
	mctx = pcre2_match_context_create(NULL);
	/* a rule that backtracks forever must fail fast and name itself, not hang the batch */
	pcre2_set_match_limit(mctx, 2000000);
	pcre2_set_depth_limit(mctx, 20000);
	jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	pcre2_jit_stack_assign(mctx, NULL, jstack);
	lctx = pcre2_match_context_copy(mctx);
}

static void
free_all(void)
{
	size_t i;

	for (i = 0; i < nrules; i++)
		rule_free(&rules[i]);
	free(rules);
	rules = NULL;
	nrules = 0;
	for (i = 0; i < nlits; i++)
		free(lits[i]);
	free(lits), free(lit_gen), free(lit_res);
	lits = NULL, lit_gen = NULL, lit_res = NULL, nlits = 0;
	for (i = 0; i < ndefs; i++) {
		free(defs[i].name);
		free(defs[i].pat);
		free(defs[i].words);
	}
	free(defs);
	defs = NULL;
	ndefs = 0;
	forget_names();
	buf_free(&rowbuf);
	buf_free(&rowpre);
	free(pc_off);
	free(pc_cp);
	index_free();
	free(markv);
	markv = NULL, markcap = 0;
	pc_off = NULL, pc_cp = NULL, pc_n = pc_cap = 0;
	pcre2_match_data_free(md);
	pcre2_match_data_free(md2);
	pcre2_match_context_free(mctx);
	pcre2_match_context_free(lctx);
	pcre2_jit_stack_free(jstack);
	md = NULL, md2 = NULL, mctx = NULL, lctx = NULL, jstack = NULL;
}

static int
parse_issue(const char *s, int *y, int *m, int *d)
{
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}

/* rows of one rule as "value|unit|qualifier|subject ; ..." for examples */
static void
rows_of(const struct ents *e, const struct rule *r, const char *s, struct buf *b)
{
	size_t i;
	const struct ent *x;

	buf_reset(b);
	buf_adds(b, "");
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		/*
		 * A stop rule's rows are the text it covers (it makes no row of
		 * its own, so its examples could not fail otherwise); the count
		 * row a metric brings along is the engine's, not the rule's.
		 */
		if (x->r != r || x->type != r->type || (x->drop && r->type != T_STOP))
			continue;
		if (b->len)
			buf_adds(b, " ; ");
		if (r->type == T_STOP) {
			buf_add(b, s + x->sb, x->eb - x->sb);
			continue;
		}
		buf_printf(b, "%s|%s|%s|%s", x->value, x->unit, x->qual, x->subj);
		while (b->len && b->p[b->len - 1] == '|')
			b->p[--b->len] = '\0';
	}
}

static void
all_rows(const struct ents *e, struct buf *b)
{
	size_t i;

	buf_reset(b);
	buf_adds(b, "");
	for (i = 0; i < e->n; i++)
		if (!e->v[i].drop)
			buf_printf(b, "%s@%zu-%zu=%s;", e->v[i].r->id, e->v[i].sb, e->v[i].eb, e->v[i].value);
}

/* every example of every loaded rule; returns failures */
static int
check_examples(void)
{
	struct ents e = { 0 };
	struct buf got = { 0 }, want = { 0 }, full = { 0 };
	size_t i, j, nex = 0;
	int fails = 0, sy = issue_y, sm = issue_m, sd = issue_d;
	const struct rule *r;
	char *t, *tok, *sp;

	for (i = 0; i < nrules; i++) {
		r = &rules[i];
		for (j = 0; j < r->nex; j++) {
			const struct example *x = &r->ex[j];
			nex++;
			issue_y = sy, issue_m = sm, issue_d = sd;
			if (r->issue && parse_issue(r->issue, &issue_y, &issue_m, &issue_d) < 0) {
				warnx("%s: bad issue-date %s", r->file, r->issue);
				fails++;
				continue;
			}
			forget_names();
			use_anchors = 0;
			extract_para("example", x->text, strlen(x->text), &e, "example");
			all_rows(&e, &full);
			forget_names();
			use_anchors = 1;
			extract_para("example", x->text, strlen(x->text), &e, "example");
			all_rows(&e, &got);
			if (strcmp(full.p, got.p)) {
				warnx("%s:%lu: rule %s: example \"%s\": the anchored run differs from a full scan "
				    "(an anchor or window too narrow?): %s / %s", r->file, x->line, r->id, x->text,
				    got.p, full.p);
				fails++;
			}
			rows_of(&e, r, x->text, &got);
			/* normalise the wanted rows the same way: trailing empty fields dropped */
			buf_reset(&want);
			buf_adds(&want, "");
			if (x->want) {
				t = xstrdup(x->want);
				for (tok = strtok_r(t, ";", &sp); tok; tok = strtok_r(NULL, ";", &sp)) {
					char *f = trim(tok);
					if (want.len)
						buf_adds(&want, " ; ");
					buf_adds(&want, f);
					while (want.len && want.p[want.len - 1] == '|')
						want.p[--want.len] = '\0';
				}
				free(t);
			}
			if (strcmp(got.p, want.p)) {
				if (x->want)
					warnx("%s:%lu: rule %s: example \"%s\": want %s, got %s", r->file, x->line,
					    r->id, x->text, want.p, got.len ? got.p : "nothing");
				else
					warnx("%s:%lu: rule %s: nomatch \"%s\" matched: %s", r->file, x->line,
					    r->id, x->text, got.p);
				fails++;
			}
		}
	}
	issue_y = sy, issue_m = sm, issue_d = sd;
	forget_names();
	ents_free(&e);
	free(e.v);
	buf_free(&got);
	buf_free(&want);
	buf_free(&full);
	printf("%zu rules, %zu examples, %d failed\n", nrules, nex, fails);
	return fails;
}

static int
parse_numbers(int argc, char **argv)
{
	int i, rc = 0;
	FILE *fp;
	const char *name;
	struct lines l;
	double v;

	for (i = 0; i < argc || (argc == 0 && i == 0); i++) {
		if (!(fp = openin(argc ? argv[i] : "-", &name))) {
			rc = 1;
			continue;
		}
		lines_init(&l, fp, name);
		while (lines_next(&l) == 1) {
			if (cn_number(l.line.p, l.line.len, &v))
				printf("%.15g\n", v);
			else
				putchar('\n');
		}
		if (l.err)
			rc = 1;
		lines_free(&l);
		closein(fp);
	}
	return rc;
}

#ifndef INK_NO_MAIN
int
main(int argc, char **argv)
{
	enum { O_ISSUE = 256, O_CHECK, O_PARSE, O_DOC, O_HELP };
	static const struct option lo[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "issue-date", required_argument, NULL, O_ISSUE },
		{ "doc", required_argument, NULL, O_DOC },
		{ "check-rules", no_argument, NULL, O_CHECK },
		{ "parse-number", no_argument, NULL, O_PARSE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char *rdir = NULL, *doc = NULL;
	int c, check = 0, parse = 0, i, hdr = 0, nerr;
	struct ents e = { 0 };
	FILE *fp;
	const char *name;

	while ((c = getopt_long(argc, argv, "r:", lo, NULL)) != -1) {
		switch (c) {
		case 'r':
			free(rdir);
			rdir = xstrdup(optarg);
			break;
		case O_ISSUE:
			if (parse_issue(optarg, &issue_y, &issue_m, &issue_d) < 0) {
				warnx("--issue-date: want YYYY-MM-DD, not '%s'", optarg);
				usage(stderr);
				free(rdir);
				return 2;
			}
			break;
		case O_DOC:
			doc = optarg;
			break;
		case O_CHECK:
			check = 1;
			break;
		case O_PARSE:
			parse = 1;
			break;
		case O_HELP:
			usage(stdout);
			printf("\n"
			    "  -r, --rules DIR|FILE     rule files (default $INKPIPE_RULES, ../rules\n"
			    "                           next to the program, " DATADIR "/rules)\n"
			    "      --issue-date DATE    the issue's date: gives years to dates without one\n"
			    "      --doc NAME           document name for text input (default: file name)\n"
			    "      --check-rules        run every rule's examples and report failures\n"
			    "      --parse-number       print each input line read as one number, or a blank\n"
			    "      --help               this text\n");
			free(rdir);
			return fshut(stdout, "<stdout>");
		default:
			usage(stderr);
			free(rdir);
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (parse) {
		free(rdir);
		c = parse_numbers(argc, argv);
		return fshut(stdout, "<stdout>") || c;
	}
	setup_match();
	profile = getenv("INKPIPE_PROFILE") != NULL;
	nerr = 0;
	if (check && argc) {
		/*
		 * The files checked may use the rules directory's definitions
		 * ({CNT} of 00-defs.rules); its rules stay out, so they cannot
		 * take matches from the rules under test.
		 */
		struct stat st;
		char *d = rdir ? rdir : default_rules();
		if (stat(d, &st) == 0) {
			defs_only = 1;
			(void)load_rules_path(d);
			defs_only = 0;
		}
		if (d != rdir)
			free(d);
		for (i = 0; i < argc; i++)
			nerr += load_rules_path(argv[i]);
	} else {
		if (!rdir)
			rdir = default_rules();
		nerr = load_rules_path(rdir);
	}
	free(rdir);
	if (check) {
		c = check_examples();
		free_all();
		free(e.v);
		return fshut(stdout, "<stdout>") || nerr || c ? 1 : 0;
	}
	if (nerr)
		status = 1;
	if (nrules == 0) {
		free_all();
		errx(1, "no usable rules");
	}
	for (i = 0; i < argc || (argc == 0 && i == 0); i++) {
		const char *path = argc ? argv[i] : "-";
		char *dn, *dot, *sl;
		if (!(fp = openin(path, &name))) {
			status = 1;
			continue;
		}
		cur_file = name;
		if (doc)
			dn = xstrdup(doc);
		else if (!strcmp(path, "-"))
			dn = xstrdup("stdin");
		else {
			sl = strrchr(path, '/');
			dn = xstrdup(sl ? sl + 1 : path);
			if ((dot = strchr(dn, '.')) && dot != dn)
				*dot = '\0';
		}
		{
			struct sniff sn;
			int csv;
			FILE *in = sniff_open(&sn, fp, &csv);
			if (!in)
				err(1, "fopencookie");
			if (sn.n == 0 && !ferror(fp)) {
				/* nothing at all is unusable input, not a document without entities */
				warnx("%s: empty input", name);
				status = 1;
			}
			if (csv)
				do_csv(in, name, &e, &hdr);
			else
				do_text(in, name, dn, &e, &hdr);
			if (ferror(fp)) {
				warn("%s", name);
				status = 1;
			}
			fclose(in);
		}
		free(dn);
		closein(fp);
	}
	if (!hdr)
		print_header(0);
	for (i = 0; profile && (size_t)i < nrules; i++)
		fprintf(stderr, "%-28s %8.3fs %10lu tries %9lu matches  %s:%lu\n", rules[i].id, rules[i].secs,
		    rules[i].tries, rules[i].hits, rules[i].file, rules[i].line);
	ents_free(&e);
	free(e.v);
	free_all();
	if (fshut(stdout, "<stdout>"))
		status = 1;
	return status;
}
#endif
