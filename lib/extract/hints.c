/*
 * hints.c: a rule's speed hints against what its pattern can match.
 *
 * anchor and anchor-words say where a match can start; a hint that
 * leaves out a start the pattern allows loses rows on the fast path
 * only, which no full scan shows. So the hints are held against PCRE2:
 *
 *   first_chars   every character a match can begin with, found by
 *                 asking PCRE2 for an anchored partial match of the
 *                 character alone (only characters whose first byte
 *                 PCRE2_INFO_FIRSTBITMAP or FIRSTCODEUNIT allow): what
 *                 anchor-first derives at load, and what --check-rules
 *                 holds every window-0 anchor against;
 *   check_match_anchors  in --check-rules, every match a full scan of an
 *                 example finds must have its anchor within the window;
 *   check_require  and every example that wants rows holds a literal of
 *                 each require line (require is a condition on the
 *                 paragraph, so it is held against the examples, not the
 *                 pattern).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

#define BIT(set, cp) ((set)[(cp) >> 3] >> ((cp) & 7) & 1)

/*
 * The bytes PCRE2 says a match can begin with, as a 256-bit set, or 0 when
 * it cannot tell (a match may begin anywhere).
 */
static int
first_byteset(const pcre2_code *re, uint8_t set[32])
{
	const uint8_t *bm = NULL;
	uint32_t type = 0, cu = 0;

	memset(set, 0, 32);
	if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
		memcpy(set, bm, 32);
		return 1;
	}
	if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 && cu < 256) {
		set[cu >> 3] |= (uint8_t)(1u << (cu & 7));
		/* a caseless unit: both cases of an ASCII letter */
		if ((cu | 0x20) >= 'a' && (cu | 0x20) <= 'z')
			set[(cu ^ 0x20) >> 3] |= (uint8_t)(1u << ((cu ^ 0x20) & 7));
		return 1;
	}
	return 0;
}

/* the UTF-8 lead byte of a BMP code point */
static unsigned
lead_byte(uint32_t cp)
{
	return cp < 0x80 ? cp : cp < 0x800 ? 0xC0 | cp >> 6 : 0xE0 | cp >> 12;
}

/*
 * PCRE2's \s under UCP. Blanks are not asked about: a pattern that lets
 * blanks come before its first word (\s*) matches from the word too,
 * where the anchor is, with the same groups.
 */
static int
is_blank(uint32_t cp)
{
	return (cp >= 9 && cp <= 13) || cp == ' ' || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x180E ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

/*
 * Every BMP character a match of r can begin with: one anchored partial
 * match (PCRE2_PARTIAL_HARD) of the character alone says whether some
 * text starting with it matches. Only characters of a first byte PCRE2
 * allows are asked. A lookbehind at the start sees nothing before the
 * character, as at the start of a paragraph; an attempt that fails
 * other than by not matching (a limit) counts as a start. Sets set[0x10000/8];
 * returns the number found, or -1 (warned) when the pattern cannot be
 * asked.
 */
long
first_chars(const struct rule *r, uint8_t *set)
{
	uint8_t fb[32];
	int known, errc, rc;
	PCRE2_SIZE off;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	uint32_t cp;
	char u[4];
	long n = 0;

	memset(set, 0, 0x10000 / 8);
	known = first_byteset(rule_re(r), fb);
	re = pcre2_compile((PCRE2_SPTR)r->pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &errc, &off, NULL);
	if (!re) {
		warnx("%s:%lu: rule %s: the pattern does not compile anchored", r->file, r->line, r->id);
		return -1;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_PARTIAL_HARD);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	/* one character cannot take long: a pattern that does is given the benefit of the doubt */
	mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000);
	pcre2_set_depth_limit(mc, 10000);
	for (cp = 1; cp < 0x10000; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) || (known && !BIT(fb, lead_byte(cp))) || is_blank(cp))
			continue;
		rc = pcre2_match(re, (PCRE2_SPTR)u, (PCRE2_SIZE)utf8_enc(cp, u), 0,
		    PCRE2_PARTIAL_HARD | PCRE2_NO_UTF_CHECK, md, mc);
		if (rc != PCRE2_ERROR_NOMATCH) {
			set[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			n++;
		}
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return n;
}

/* up to 16 characters of a set, for a message */
static void
list_chars(struct buf *b, const uint8_t *set, long n)
{
	uint32_t cp;
	char u[5];
	int k = 0, m;

	for (cp = 0; cp < 0x10000 && k < 16; cp++)
		if (BIT(set, cp)) {
			m = utf8_enc(cp, u);
			u[m] = '\0';
			buf_printf(b, "%s%s", k++ ? " " : "", cp < 0x21 ? "(blank)" : u);
		}
	if (n > k)
		buf_printf(b, " and %ld more", n - k);
}

/*
 * --check-rules: a window-0 anchor must hold every character a match can
 * begin with. Returns the rules whose anchor leaves some out (warned).
 */
int
check_hints(struct engine *en)
{
	uint8_t *set = xmalloc(0x10000 / 8);
	struct buf b = { 0 };
	const struct rule *r;
	size_t i, w;
	long n, miss;
	int bad = 0;

	for (i = 0; i < en->nrules; i++) {
		r = &en->rules[i];
		if (!r->anchor || r->window || r->derived)
			continue;
		if ((n = first_chars(r, set)) < 0) {
			bad++;
			continue;
		}
		for (w = 0, miss = 0; w < 0x10000 / 8; w++)
			miss += __builtin_popcount(set[w] &= (uint8_t)~r->anchor[w]);
		if (!miss)
			continue;
		buf_reset(&b);
		list_chars(&b, set, miss);
		warnx("%s:%lu: rule %s: anchor: a match can start with %s, no anchor%s",
		    r->file, r->aline, r->id, b.p, r->naword ? " or anchor word" : "");
		bad++;
	}
	free(set);
	buf_free(&b);
	return bad;
}

/*
 * --check-rules: each match a full scan of an example finds, by the rule
 * alone, starts at most window characters before one of its anchors
 * (an anchor word: a whole one). Returns 1 (warned) for a match that
 * does not.
 */
int
check_match_anchors(struct engine *en, const struct rule *r, const char *s, size_t n,
    unsigned long line)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(en->md);
	size_t start = 0, c, end, w;
	int ok;

	if (!r->anchor)
		return 0;
	decode_para(en, s, n);
	(void)jit_now(rule_re(r), &r->jit);	/* pcre2_match runs the JIT code when there is some, as before */
	while (start <= n && pcre2_match(r->re, (PCRE2_SPTR)s, n, start, 0, en->md, en->mctx) > 0) {
		c = char_at(en, ov[0]);
		end = c + r->window < en->pc_n ? c + r->window : en->pc_n - 1;
		for (ok = 0; c <= end && !ok; c++) {
			uint32_t cp = en->pc_cp[c];
			if (cp >= 0x10000 || !BIT(r->anchor, cp))
				continue;
			ok = !r->naword;
			for (w = 0; w < r->naword && !ok; w++)
				ok = r->awcp[w] == cp && n - en->pc_off[c] >= r->awlen[w] &&
				    !memcmp(s + en->pc_off[c], r->aword[w], r->awlen[w]);
		}
		if (!ok) {
			warnx("%s:%lu: rule %s: example \"%s\": the match \"%.*s\" has no anchor%s within "
			    "%zu characters of its start", r->file, line, r->id, s, (int)(ov[1] - ov[0]),
			    s + ov[0], r->naword ? " word" : "", r->window);
			return 1;
		}
		/* on after the match; an empty one moves on by a character */
		if (ov[1] > ov[0])
			start = ov[1];
		else
			start = (c = char_at(en, ov[0])) < en->pc_n ? en->pc_off[c + 1] : n + 1;
	}
	return 0;
}

/*
 * --check-rules: an example that must give rows holds a literal of every
 * require line (a paragraph without one is never tried). Returns 1
 * (warned, naming the require line) when it does not.
 */
int
check_require(const struct rule *r, const struct example *x)
{
	size_t i;
	int line;

	if (!x->want || !*x->want || r->type == T_STOP || r->type == T_CUE)
		return 0;
	for (line = 0; line < r->nreqline; line++) {
		for (i = 0; i < r->nreq; i++)
			if (r->reqline[i] == line && strstr(x->text, r->req[i]))
				break;
		if (i == r->nreq) {
			warnx("%s:%lu: rule %s: require: example \"%s\" (line %lu) holds none of this "
			    "line's literals, so the rule is never tried on it", r->file, r->reqsrc[line],
			    r->id, x->text, x->line);
			return 1;
		}
	}
	return 0;
}
