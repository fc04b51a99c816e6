/*
 * match.c: one paragraph x the rules -> raw matches: the anchor index,
 * the require literals, one rule run, one match taken.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

static int
has_required(struct engine *en, const struct rule *r, const char *s, size_t n)
{
	size_t i, j;
	uint32_t cp = 0;
	int line;

	/* each require line is one more condition: one of its literals occurs */
	for (i = 0, line = 0; line < r->nreqline; line++) {
		for (; i < r->nreq && r->reqline[i] == line; i++) {
			/* most literals lack one of their characters: no scan then */
			for (j = 0; j < 4 && (cp = r->reqcp[i][j]); j++)
				if (!HAS_TEST(en->pc_has, cp))
					break;
			if (j < 4 && cp)
				continue;
			if (en->lit_gen[r->reqid[i]] != en->para_gen) {
				en->lit_gen[r->reqid[i]] = en->para_gen;
				en->lit_res[r->reqid[i]] = memmem(s, n, r->req[i], r->reqlen[i]) != NULL;
			}
			if (en->lit_res[r->reqid[i]])
				break;
		}
		if (i == r->nreq || r->reqline[i] != line)
			return 0;
		while (i < r->nreq && r->reqline[i] == line)
			i++;
	}
	return 1;
}

/* the anchor index was built for this rule set and holds rule k */
int
index_covers(const struct engine *en, size_t k)
{
	return en->apos && en->cpmask_rules == en->nrules && k < en->cpmask_rules &&
	    k < en->idx_words * INDEX_WORD_BITS;
}

/*
 * For each code point, a bit per rule that it anchors: as many words of
 * INDEX_WORD_BITS as the rule set needs, so every rule is on the fast
 * path however many there are (index_covers() says so; tests/unit checks).
 */
void
build_index(struct engine *en)
{
	size_t k, b, j, nw = (en->nrules + INDEX_WORD_BITS - 1) / INDEX_WORD_BITS;
	unsigned t;
	uint64_t w;

	index_free(en);
	en->idx_words = nw;
	en->apos = xcalloc(en->nrules ? en->nrules : 1, sizeof(*en->apos));
	for (k = 0; k < en->nrules; k++) {
		if (!en->rules[k].anchor)
			continue;
		/* the set bits only: most of the bitmap is zero words, skipped whole */
		for (b = 0; b < 0x10000 / 8; b += 8) {
			memcpy(&w, en->rules[k].anchor + b, 8);
			if (!w)
				continue;
			for (j = b; j < b + 8; j++)
				for (t = 0; t < 8; t++) {
					size_t cp = j * 8 + t;
					if (!(en->rules[k].anchor[j] >> t & 1))
						continue;
					if (!en->cpmask[cp >> 8])
						en->cpmask[cp >> 8] = xcalloc(0x100 * nw, sizeof(**en->cpmask));
					en->cpmask[cp >> 8][(cp & 0xFF) * nw + k / INDEX_WORD_BITS] |=
					    (uint64_t)1 << (k % INDEX_WORD_BITS);
				}
		}
	}
	en->cpmask_rules = en->nrules;
}

void
index_free(struct engine *en)
{
	size_t k;

	for (k = 0; en->apos && k < en->cpmask_rules; k++)
		free(en->apos[k].v);
	free(en->apos);
	for (k = 0; k < 0x100; k++)
		free(en->cpmask[k]), en->cpmask[k] = NULL;
	free(en->wpos.v);
	en->wpos.v = NULL, en->wpos.cap = 0;
	en->apos = NULL;
	en->cpmask_rules = (size_t)-1;
	en->idx_words = 0;
}

void
decode_para(struct engine *en, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	/* a new paragraph: every cached require lookup is stale */
	if (!++en->para_gen) {
		memset(en->lit_gen, 0, en->nlits * sizeof(*en->lit_gen));
		en->para_gen = 1;
	}
	/* forget the previous paragraph's characters, one by one: cheaper than 8 KB */
	for (i = 0; i < en->pc_n; i++)
		if (en->pc_cp[i] < 0x10000)
			en->pc_has[HAS_BIT(en->pc_cp[i]) >> 3] = 0;
	i = 0;
	en->pc_n = 0;
	for (i = 0; en->apos && i < en->cpmask_rules; i++)
		en->apos[i].n = 0;
	i = 0;
	while (i <= n) {
		if (en->pc_n == en->pc_cap) {
			en->pc_cap = en->pc_cap ? en->pc_cap * 2 : 1024;
			en->pc_off = xreallocarray(en->pc_off, en->pc_cap, sizeof(*en->pc_off));
			en->pc_cp = xreallocarray(en->pc_cp, en->pc_cap, sizeof(*en->pc_cp));
		}
		en->pc_off[en->pc_n] = i;
		if (i == n) {
			en->pc_cp[en->pc_n] = 0;	/* sentinel: the end, not a character */
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
			const uint64_t *page = en->cpmask[cp >> 8], *row;
			uint64_t m;
			size_t w;
			en->pc_has[HAS_BIT(cp) >> 3] |= (uint8_t)(1u << (HAS_BIT(cp) & 7));
			for (w = 0, row = page ? page + (cp & 0xFF) * en->idx_words : NULL; row && w < en->idx_words; w++)
				for (m = row[w]; m; m &= m - 1) {
					struct plist *pl = &en->apos[w * INDEX_WORD_BITS + (size_t)__builtin_ctzll(m)];
					if (pl->n == pl->cap) {
						pl->cap = pl->cap ? pl->cap * 2 : 64;
						pl->v = xreallocarray(pl->v, pl->cap, sizeof(*pl->v));
					}
					pl->v[pl->n++] = en->pc_n;
				}
		}
		en->pc_cp[en->pc_n++] = cp;
		i += (size_t)k;
	}
}

/*
 * Exchanges the paragraph state in the engine with st (a paragraph of a
 * batch): twice, and the engine has its own back. A fresh st gets its
 * arrays first, empty as the engine's were at the start.
 */
void
pstate_swap(struct engine *en, struct pstate *st)
{
	struct pstate t;

	if (!st->pc_has) {
		st->pc_has = xcalloc(HAS_BYTES, 1);
		st->apos = en->apos ? xcalloc(en->cpmask_rules ? en->cpmask_rules : 1, sizeof(*st->apos)) : NULL;
		st->lit_gen = xcalloc(en->nlits ? en->nlits : 1, sizeof(*st->lit_gen));
		st->lit_res = xcalloc(en->nlits ? en->nlits : 1, sizeof(*st->lit_res));
		st->para_gen = 1;
	}
#define SWAP(f) (t.f = en->f, en->f = st->f, st->f = t.f)
	SWAP(pc_off), SWAP(pc_cp), SWAP(pc_n), SWAP(pc_cap), SWAP(pc_has), SWAP(apos);
	SWAP(lit_gen), SWAP(para_gen), SWAP(lit_res), SWAP(where_prov), SWAP(where_line);
#undef SWAP
	en->warns = en->warns ? NULL : &st->warns;
}

/* a batch paragraph's state, swapped out; its anchor lists are as many as the index's rules */
void
pstate_free(struct engine *en, struct pstate *st)
{
	size_t k;

	for (k = 0; st->apos && k < en->cpmask_rules; k++)
		free(st->apos[k].v);
	free(st->apos);
	st->apos = NULL;
	free(st->pc_off), free(st->pc_cp), free(st->pc_has);
	free(st->lit_gen), free(st->lit_res);
	buf_free(&st->warns);
	st->pc_off = NULL, st->pc_cp = NULL, st->pc_has = NULL, st->lit_gen = NULL, st->lit_res = NULL;
}

/* whether every BMP character of s occurs in the paragraph decode_para saw */
int
chars_present(struct engine *en, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
			return 1;	/* cannot tell: let the scan decide */
		if (cp < 0x10000 && !HAS_TEST(en->pc_has, cp))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* the index of the character starting at byte b (or the next one) */
size_t
char_at(struct engine *en, size_t b)
{
	size_t lo = 0, hi = en->pc_n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (en->pc_off[mid] < b)
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

/* the paragraph being matched, for a warning: the caller's name for it, or file:line (doc ...) */
const char *
where_str(const struct engine *en, const char *where, char *w, size_t size)
{
	if (where)
		return where;
	snprintf(w, size, "%s:%lu (doc %s, article %s, para %s)",
	    en->cur_file, en->where_line, en->where_prov ? en->where_prov->doc : "?",
	    en->where_prov ? en->where_prov->article : "?", en->where_prov ? en->where_prov->para : "?");
	return w;
}

/* one match (ovector in md) -> one raw entity, unless its value cannot be read */
static void
take_match(struct engine *en, const struct rule *r, const char *s, size_t n, struct ents *out,
    const char *where)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(en->md), sb, eb;
	uint32_t ng = pcre2_get_ovector_count(en->md);
	struct ent *x;
	int ok = 1, numok = 1;

	/*
	 * extend: the group starts earlier when the words before it fit the
	 * extend pattern (the title as written: 区委 + 书记). Looked for in
	 * the 16 characters before the group only, so it costs nothing per
	 * position and stays linear on a huge paragraph.
	 */
	if (r->ext && r->extgrp >= 0 && (uint32_t)r->extgrp < ng && ov[2 * r->extgrp] != PCRE2_UNSET &&
	    (r->extmust || group_read(r, ov, ng, r->extgrp))) {
		size_t gb = ov[2 * r->extgrp], ci = char_at(en, gb), w = r->extwin ? r->extwin : 16,
		    wb = en->pc_off[ci > w ? ci - w : 0];
		PCRE2_SIZE *o2 = pcre2_get_ovector_pointer(en->md2), nb;
		/*
		 * Found on the text cut at the group, then confirmed on the whole
		 * text: a lookahead at the new start (a word list) must see past
		 * the cut, or 街 would pass a (?!街道) test.
		 */
		if ((jit_now(r->ext, &r->extjit) ? pcre2_jit_match : pcre2_match)(r->ext, (PCRE2_SPTR)s, gb, wb,
			PCRE2_NO_UTF_CHECK, en->md2, en->mctx) > 0 &&
		    (nb = o2[0], r->aext) &&
		    (jit_now(r->aext, &r->aextjit) ? pcre2_jit_match : pcre2_match)(r->aext, (PCRE2_SPTR)s, n, nb,
			PCRE2_NO_UTF_CHECK, en->md2, en->mctx) > 0) {
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
	x->value = r->value.fn == F_EMPTY && r->type != T_STOP && r->type != T_CUE ? nospace(s + sb, eb - sb) :
	    eval(&r->value, s, ov, ng, &numok);
	x->unit = eval(&r->unit, s, ov, ng, &numok);
	x->qual = eval(&r->qual, s, ov, ng, &numok);
	x->subj = eval(&r->subj, s, ov, ng, &numok);
	if (r->value.fn == F_DATE) {
		x->y = r->gy >= 0 && ov[2 * r->gy] != PCRE2_UNSET ?
		    yearval(en, s + ov[2 * r->gy], ov[2 * r->gy + 1] - ov[2 * r->gy]) : -1;
		x->m = intgroup(s, ov, r->gm);
		x->d = intgroup(s, ov, r->gd);
		x->y2 = r->gy2 >= 0 && ov[2 * r->gy2] != PCRE2_UNSET ?
		    yearval(en, s + ov[2 * r->gy2], ov[2 * r->gy2 + 1] - ov[2 * r->gy2]) : -1;
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
	if (ok && !numok) {
		/*
		 * Never a truncated or guessed number: no row, but kept (dropped)
		 * for resolve.c to report, unless a stop rule covers it.
		 */
		x->drop = x->badnum = 1;
		return;
	}
	if (!ok || !numok) {
		/* the pattern matched something the value function cannot read: no row */
		out->n--;
		free(x->value), free(x->unit), free(x->qual), free(x->subj);
	}
}

/* 1 match, 0 none, -1 error (warned: the rule is given up for this paragraph) */
static int
match_from(struct engine *en, const struct rule *r, const pcre2_code *re, const char *s, size_t n, size_t start,
    const char *where)
{
	int rc;
	PCRE2_UCHAR msg[256];
	/* are: the match must start at or before the offset limit set in lctx */
	pcre2_match_context *c = re == r->re ? en->mctx : en->lctx;

	/* the paragraph was checked once (UTF-8 repaired on input): no check per attempt */
	((struct rule *)r)->tries++;
	if (re == r->re ? jit_now(r->re, &r->jit) : jit_now(r->are, &r->ajit))
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, en->md, c);
	else
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, en->md, c);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	((struct rule *)r)->hits += rc > 0;
	if (rc < 0) {
		char w[512];
		where = where_str(en, where, w, sizeof(w));
		pcre2_get_error_message(rc, msg, sizeof(msg));
		if (en->warns)
			buf_printf(en->warns, "%s:%lu: rule %s: %s; rule skipped for %s at byte %zu\n",
			    r->file, r->line, r->id, (char *)msg, where, start);
		else
			warnx("%s:%lu: rule %s: %s; rule skipped for %s at byte %zu",
			    r->file, r->line, r->id, (char *)msg, where, start);
		en->status = 1;
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
void
run_rule(struct engine *en, const struct rule *r, const char *s, size_t n, struct ents *out, const char *where)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(en->md);
	size_t start = 0, cur = 0, tried = 0, i, last = 0, from, k = (size_t)(r - en->rules), j, jj = 0, na;
	size_t mb, me;
	int rc, indexed = index_covers(en, k);
	const size_t *alist;

	/* no anchor character in the paragraph: nothing to look for, not even literals */
	if (indexed && r->anchor && r->are && en->use_anchors && !en->apos[k].n)
		return;
	if (!has_required(en, r, s, n))
		return;
	if (!r->anchor || !r->are || !en->use_anchors) {
		while (start <= n) {
			if ((rc = match_from(en, r, rule_re(r), s, n, start, where)) <= 0)
				return;
			/* the match as found: extend may move a group 0 start (an empty match then looks long) */
			mb = ov[0], me = ov[1];
			take_match(en, r, s, n, out, where);
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
	alist = indexed ? en->apos[k].v : NULL;
	na = indexed ? en->apos[k].n : en->pc_n;
	if (r->naword) {
		/*
		 * anchor-words: of the positions of their first characters, only
		 * those where a whole word starts (党建 is no 党支部, 区 no 区长)
		 */
		size_t w, m = 0;
		for (j = 0; j < na; j++) {
			i = alist ? alist[j] : j;
			if (en->pc_cp[i] >= 0x10000 || !(r->anchor[en->pc_cp[i] >> 3] >> (en->pc_cp[i] & 7) & 1))
				continue;
			/* the words are sorted by first character: only those with this one */
			{
				size_t lo = 0, hi = r->naword, mid;
				while (lo < hi) {
					mid = (lo + hi) / 2;
					if (r->awcp[mid] < en->pc_cp[i])
						lo = mid + 1;
					else
						hi = mid;
				}
				for (w = lo; w < r->naword && r->awcp[w] == en->pc_cp[i]; w++)
					if (n - en->pc_off[i] >= r->awlen[w] && !memcmp(s + en->pc_off[i], r->aword[w], r->awlen[w]))
						break;
				if (w >= r->naword || r->awcp[w] != en->pc_cp[i])
					continue;
			}
			if (m == en->wpos.cap) {
				en->wpos.cap = en->wpos.cap ? en->wpos.cap * 2 : 64;
				en->wpos.v = xreallocarray(en->wpos.v, en->wpos.cap, sizeof(*en->wpos.v));
			}
			en->wpos.v[m++] = i;
		}
		if (!m)
			return;
		alist = en->wpos.v, na = m;
	}
#define ANCHOR_AT(j) (alist ? alist[j] : (j))
#define IS_ANCHOR(i) (alist || (en->pc_cp[i] < 0x10000 && (r->anchor[en->pc_cp[i] >> 3] >> (en->pc_cp[i] & 7) & 1)))
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
		while (r->hasfirst && from <= last && (from >= en->pc_n ||
		    !(r->first[(unsigned char)s[en->pc_off[from]] >> 3] >> ((unsigned char)s[en->pc_off[from]] & 7) & 1)))
			from++;
		if (from > last) {
			tried = last + 1;
			j = jj;
			continue;
		}
		pcre2_set_offset_limit(en->lctx, en->pc_off[last]);
		if ((rc = match_from(en, r, r->are, s, n, en->pc_off[from], where)) < 0)
			return;
		if (rc == 0) {
			tried = last + 1;
			j = jj;
			continue;
		}
		mb = ov[0], me = ov[1];
		take_match(en, r, s, n, out, where);
		/* anchors before the match's end are skipped; the stretch is searched on after it */
		cur = me == mb ? char_at(en, mb) + 1 : char_at(en, me);
		tried = cur;
	}
#undef ANCHOR_AT
#undef IS_ANCHOR
}
