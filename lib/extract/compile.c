/*
 * compile.c: the text of a rule block -> a compiled rule: definitions
 * expanded into patterns, the pattern compiled (and JIT), group names
 * resolved, the date groups and the derived anchor; a word list put in
 * buckets. rules.c reads the files and calls these.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

/* {NAME} -> (?:definition); a brace not followed by NAME} is left for PCRE2 */
char *
expand(struct engine *en, const char *p, const char *file, unsigned long line, int depth)
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
				for (i = en->ndefs; i-- > 0;)
					if (strlen(en->defs[i].name) == n && !memcmp(en->defs[i].name, q + 1, n))
						break;
				if (i == (size_t)-1) {
					warnx("%s:%lu: unknown definition {%.*s}", file, line, (int)n, q + 1);
					buf_free(&b);
					return NULL;
				}
				buf_adds(&b, "(?:");
				buf_adds(&b, en->defs[i].pat);
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
groupnum(const struct rule *r, const char *name)
{
	unsigned long n;
	uint32_t ncap = 0;
	char *end;

	if (!name || !*name)
		return -1;
	if (!isdigit((unsigned char)name[0]))
		return pcre2_substring_number_from_name(INFO_CODE(r), (PCRE2_SPTR)name);
	errno = 0;
	n = strtoul(name, &end, 10);
	/*
	 * A number must name a group of this pattern: the match data is
	 * shared by every rule, and its pairs past this pattern's last group
	 * hold another rule's offsets, not PCRE2_UNSET.
	 */
	if (*end || errno || pcre2_pattern_info(INFO_CODE(r), PCRE2_INFO_CAPTURECOUNT, &ncap) != 0 || n > ncap)
		return -1;
	return (int)n;
}

void
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
	for (i = 0; i < LEN(r->dgname); i++)
		free(r->dgname[i]);
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
	free(r->reqsrc);
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

/* the parts of a date, in the order of struct rule's gy ... gd2 */
const char *const dateparts[6] = { "y", "m", "d", "y2", "m2", "d2" };

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
	if (pcre2_pattern_info(INFO_CODE(r), PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
		memcpy(r->first, bm, sizeof(r->first));
		r->hasfirst = 1;
	} else if (pcre2_pattern_info(INFO_CODE(r), PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(INFO_CODE(r), PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 && cu < 256) {
		/* the unit may be caseless: both cases of an ASCII letter */
		r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		if (isalpha((int)cu)) {
			cu ^= 0x20;
			r->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		}
		r->hasfirst = 1;
	}
}

/*
 * The groups that are a date's parts: as date-groups declares them, each
 * of which must be a group of the pattern; without the key (the old
 * form) the groups named y m d y2 m2 d2 are, by convention.
 */
static int
date_groups(struct rule *r)
{
	int *g[6] = { &r->gy, &r->gm, &r->gd, &r->gy2, &r->gm2, &r->gd2 };
	size_t i;
	int bad = 0;

	for (i = 0; i < LEN(g); i++) {
		*g[i] = -1;
		if (!r->dgline)
			*g[i] = pcre2_substring_number_from_name(INFO_CODE(r), (PCRE2_SPTR)dateparts[i]);
		else if (r->dgname[i] && (*g[i] = groupnum(r, r->dgname[i])) < 0) {
			warnx("%s:%lu: rule %s: date-groups: no group named '%s' in the pattern",
			    r->file, r->dgline, r->id, r->dgname[i]);
			bad = 1;
		} else if (!r->dgname[i] && pcre2_substring_number_from_name(INFO_CODE(r), (PCRE2_SPTR)dateparts[i]) >= 0) {
			/* a part left out by mistake would be read as never written */
			warnx("%s:%lu: rule %s: date-groups: group '%s' of the pattern is not declared",
			    r->file, r->dgline, r->id, dateparts[i]);
			bad = 1;
		}
	}
	if (r->dgline && r->value.fn != F_DATE) {
		warnx("%s:%lu: rule %s: date-groups without value date", r->file, r->dgline, r->id);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* anchor-first: the anchor is every character a match can start with */
static int
derive_anchor(struct rule *r)
{
	if (r->anchor || r->window) {
		warnx("%s:%lu: rule %s: anchor-first derives the anchor: no anchor, anchor-words "
		    "or window besides it", r->file, r->aline, r->id);
		return -1;
	}
	r->anchor = xmalloc(0x10000 / 8);
	if (first_chars(r, r->anchor) <= 0) {
		warnx("%s:%lu: rule %s: anchor-first: no character found that a match can start with",
		    r->file, r->aline, r->id);
		return -1;
	}
	return 0;
}

/*
 * Whether code is compiled by the JIT (*flag), compiling it the first
 * time it is asked: JIT compiling is most of the time a run spends
 * loading the rules, and a rule that never gets to run, or re of a rule
 * with an anchor (only --check-rules scans whole paragraphs), needs none.
 */
int
jit_now(const pcre2_code *code, const int *flag)
{
	int *f = (int *)flag;

	/* no JIT on some platforms: the interpreter is slower, never wrong */
	if (*f == JIT_LATER)
		*f = pcre2_jit_compile((pcre2_code *)code, PCRE2_JIT_COMPLETE) == 0;
	return *f;
}

/* re, the pattern for whole-paragraph scans, compiled the first time it is asked for */
pcre2_code *
rule_re(const struct rule *r)
{
	struct rule *w = (struct rule *)r;
	int errc;
	PCRE2_SIZE off;

	if (!w->re)
		w->re = pcre2_compile((PCRE2_SPTR)w->pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP, &errc, &off, NULL);
	return w->re;
}

/* a finished block: compile its pattern (JIT) and resolve group names */
int
rule_finish(struct engine *en, struct rule *r)
{
	int errc, bad = 0;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	struct expr *xs[4];
	size_t i;
	pcre2_code *code;

	/* examples and --profile name rules by id: two of one name would blur both */
	for (i = 0; en->rules + i < r; i++)
		if (en->rules[i].id && !strcmp(en->rules[i].id, r->id)) {
			warnx("%s:%lu: rule %s: already defined at %s:%lu", r->file, r->line, r->id,
			    en->rules[i].file, en->rules[i].line);
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
	if (r->type == T_CUE) {
		for (i = CUE_NEW; i <= CUE_PLAN; i++)
			if (r->value.fn == F_LIT && !strcmp(r->value.arg, cuenames[i]))
				r->cue = (int)i;
		if (!r->cue) {
			warnx("%s:%lu: rule %s: a cue's value is new, total or plan", r->file, r->line, r->id);
			return -1;
		}
	}
	/*
	 * A rule with an anchor (not one derived from re) runs are, the
	 * pattern with an offset limit; re, for whole-paragraph scans, is
	 * compiled only if one is asked for (rule_re: --check-rules).
	 */
	if (r->anchor && !r->derived) {
		/* the start of a match may be bounded only if the pattern says so */
		r->are = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT, &errc, &off, NULL);
		code = r->are;
	} else
		code = r->re = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP, &errc, &off, NULL);
	if (!code) {
		pcre2_get_error_message(errc, msg, sizeof(msg));
		warnx("%s:%lu:%zu: rule %s: %s (pattern as expanded: %.*s<<HERE>>%s)",
		    r->file, r->pline, (size_t)off + 1, r->id, (char *)msg,
		    (int)off, r->pat, r->pat + off);
		return -1;
	}
	if (r->derived && derive_anchor(r) < 0)
		return -1;
	if (r->anchor && !r->are)
		r->are = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT, &errc, &off, NULL);
	if (r->anchor)
		r->ajit = JIT_LATER;
	r->jit = JIT_LATER;
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
			r->extjit = JIT_LATER;
			r->aext = pcre2_compile((PCRE2_SPTR)r->extpat, PCRE2_ZERO_TERMINATED,
			    PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &errc, &off, NULL);
			r->aextjit = JIT_LATER;
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
	if (date_groups(r) < 0)
		bad = 1;
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
char *
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

