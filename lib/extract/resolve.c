/*
 * resolve.c: raw matches -> entities: stop rules, overlaps, the count
 * a metric brings, names seen with a title, the years of dates.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inkpipe.h"
#include "extract/engine.h"

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
infer_year(struct engine *en, int m, int d, int para_y)
{
	int y = -1, ly, lm;

	if (en->issue_y > 0) {
		ly = en->issue_y, lm = en->issue_m + 2;
		if (lm > 12)
			lm -= 12, ly++;
		y = en->issue_y;
		if (date_after(y, m, d < 0 ? 1 : d, ly, lm, en->issue_d))
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
finish_dates(struct engine *en, struct ents *e)
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
			y = infer_year(en, x->m, x->d, prev_y >= 0 ? prev_y : next_y);
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
remember_name(struct engine *en, const char *doc, const char *name)
{
	size_t i;

	if (!*name)
		return;
	if (!en->pdoc || strcmp(en->pdoc, doc)) {
		for (i = 0; i < en->npnames; i++)
			free(en->pnames[i]);
		en->npnames = 0;
		free(en->pdoc);
		en->pdoc = xstrdup(doc);
	}
	for (i = 0; i < en->npnames; i++)
		if (!strcmp(en->pnames[i], name))
			return;
	en->pnames = xreallocarray(en->pnames, en->npnames + 1, sizeof(*en->pnames));
	en->pnames[en->npnames++] = xstrdup(name);
}

void
forget_names(struct engine *en)
{
	size_t i;

	for (i = 0; i < en->npnames; i++)
		free(en->pnames[i]);
	free(en->pnames);
	en->pnames = NULL;
	en->npnames = 0;
	free(en->pdoc);
	en->pdoc = NULL;
}

static const struct rule *propagated_rule(void);

static void
mark_reset(struct engine *en, size_t n)
{
	if (n + 1 > en->markcap) {
		en->markcap = n + 1;
		en->markv = xrealloc(en->markv, en->markcap);
	}
	memset(en->markv, 0, n + 1);
}

static int
marked(struct engine *en, size_t sb, size_t eb, uint8_t bits)
{
	for (; sb < eb; sb++)
		if (en->markv[sb] & bits)
			return 1;
	return 0;
}

static void
mark_set(struct engine *en, size_t sb, size_t eb, uint8_t bits)
{
	for (; sb < eb; sb++)
		en->markv[sb] |= bits;
}

/* every rule over the paragraph: raw matches, overlapping as they come */
static void
run_rules(struct engine *en, const char *s, size_t n, struct ents *e, const char *where)
{
	struct timespec t0, t1;
	size_t i;

	for (i = 0; i < en->nrules; i++) {
		if (!en->profile) {
			run_rule(en, &en->rules[i], s, n, e, where);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		run_rule(en, &en->rules[i], s, n, e, where);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		en->rules[i].secs += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
}

/*
 * Overlaps are found by marking the bytes each kept span covers (a bit
 * per type, then per class), not by comparing pairs: a 10 MB paragraph
 * of millions of matches stays linear.
 */

/* a stop match removes the matches of the types it blocks that it overlaps */
static void
apply_stops(struct engine *en, struct ents *e, size_t n)
{
	size_t i;

	mark_reset(en, n);
	for (i = 0; i < e->n; i++)
		if (e->v[i].type == T_STOP) {
			mark_set(en, e->v[i].sb, e->v[i].eb, (uint8_t)e->v[i].r->blocks);
			e->v[i].drop = 1;
		}
	for (i = 0; i < e->n; i++)
		if (e->v[i].type != T_STOP && marked(en, e->v[i].sb, e->v[i].eb, (uint8_t)(1u << e->v[i].type)))
			e->v[i].drop = 1;
}

/*
 * A number the rules found but the values cannot read (1,2345台) is
 * reported, once per place, unless a stop rule covers it (千家万户):
 * never a silent truncation, never a guess.
 */
static void
report_unread(struct engine *en, const struct ents *e, const char *s, const char *where)
{
	const struct ent *x, *y;
	char w[512];
	size_t i, j;

	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (!x->badnum || marked(en, x->sb, x->eb, (uint8_t)(1u << x->type)))
			continue;
		for (j = 0; j < i; j++) {
			y = &e->v[j];
			if (y->badnum && y->sb < x->eb && x->sb < y->eb &&
			    !marked(en, y->sb, y->eb, (uint8_t)(1u << y->type)))
				break;
		}
		if (j < i)
			continue;
		warnx("%s: cannot read the number in \"%.*s\" (rule %s); no row",
		    where_str(en, where, w, sizeof(w)), (int)(x->eb - x->sb), s + x->sb, x->r->id);
	}
}

/* per overlap class, the longest match wins (ties: the rule loaded first) */
static void
resolve_overlaps(struct engine *en, struct ents *e, size_t n)
{
	struct ent *a;
	size_t i;

	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_len);
	mark_reset(en, n);
	for (i = 0; i < e->n; i++) {
		uint8_t bit = (uint8_t)(1u << typeclass[e->v[i].type]);
		a = &e->v[i];
		if (a->drop)
			continue;
		if (marked(en, a->sb, a->eb, bit))
			a->drop = 1;
		else
			mark_set(en, a->sb, a->eb, bit);
	}
}

/* a metric is also a count: add the count row where no count covers the span */
static void
add_metric_counts(struct engine *en, struct ents *e)
{
	size_t i, k = e->n;
	struct ent *a, *b;

	for (i = 0; i < k; i++) {
		a = &e->v[i];
		if (a->drop || a->type != T_METRIC || marked(en, a->sb, a->eb, (uint8_t)(1u << typeclass[T_COUNT])))
			continue;
		b = ents_add(e);
		a = &e->v[i];
		b->sb = a->sb, b->eb = a->eb, b->type = T_COUNT, b->r = a->r;
		b->value = xstrdup(a->value), b->unit = xstrdup(a->unit);
		b->qual = xstrdup(a->qual), b->subj = xstrdup("");
	}
}

/* a character that ends a clause: ， 。 ； ！ ？ ： and their ASCII forms, a line break */
static int
clause_end(uint32_t cp)
{
	switch (cp) {
	case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF01: case 0xFF1F: case 0xFF1A:
	case ',': case ';': case '!': case '?': case ':': case '\n':
		return 1;
	}
	return 0;
}

/* the clause of the character at index ci: how many clause ends come before it */
static size_t
clause_of(const size_t *ends, size_t nends, size_t ci)
{
	size_t lo = 0, hi = nends, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ends[mid] < ci)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * What kind of figure a metric is, from the cue words in its own clause
 * (rules of type cue, in either order around the figure): a plan or
 * forecast (预计 ... 将有50台竣工) is no metric, its count stays; else a
 * running total or stock (累计, 截至, 共有) or what happened in the
 * article's event or period (今年新增, 同日). The stronger cue wins:
 * plan, then total, then new. A cue that takes in a clause's end
 * (截至2月底，) speaks for the clause after it too. Clauses are found
 * by binary search over their ends, so a huge paragraph stays n log n.
 */
static void
apply_cues(struct engine *en, struct ents *e)
{
	size_t i, c, c0, c1, nends = 0, cap = 0, nm = 0, nc = 0;
	size_t *ends = NULL;
	unsigned char *best;
	struct ent *x;

	for (i = 0; i < e->n; i++) {
		nm += !e->v[i].drop && e->v[i].type == T_METRIC;
		nc += !e->v[i].drop && e->v[i].type == T_CUE;
	}
	if (!nm || !nc)
		return;
	for (i = 0; i < en->pc_n; i++)
		if (clause_end(en->pc_cp[i])) {
			if (nends == cap) {
				cap = cap ? cap * 2 : 64;
				ends = xreallocarray(ends, cap, sizeof(*ends));
			}
			ends[nends++] = i;
		}
	best = xcalloc(nends + 1, 1);
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (x->drop || x->type != T_CUE)
			continue;
		c0 = clause_of(ends, nends, char_at(en, x->sb));
		c1 = clause_of(ends, nends, char_at(en, x->eb));
		for (c = c0; c <= c1 && c <= nends; c++)
			if (best[c] < x->r->cue)
				best[c] = (unsigned char)x->r->cue;
	}
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (x->drop || x->type != T_METRIC)
			continue;
		c = best[clause_of(ends, nends, char_at(en, x->sb))];
		if (c == CUE_PLAN)
			x->drop = 1;
		else
			x->scope = (int)c;
	}
	free(best);
	free(ends);
}

/* names introduced with a title (a propagate rule) are people in their bare mentions too */
static void
add_name_mentions(struct engine *en, const char *doc, const char *s, size_t n, struct ents *e)
{
	size_t i, k = e->n;
	struct ent *b;

	for (i = 0; i < k; i++)
		if (!e->v[i].drop && e->v[i].type == T_PERSON && e->v[i].r->propagate)
			remember_name(en, doc, e->v[i].value);
	if (en->pdoc && strcmp(en->pdoc, doc))
		remember_name(en, doc, "");
	if (!en->pdoc || strcmp(en->pdoc, doc))
		return;
	for (i = 0; i < en->npnames; i++) {
		size_t nl = strlen(en->pnames[i]);
		const char *p = s, *hit;
		/* a name with a character the paragraph lacks is not in it: no scan */
		if (!chars_present(en, en->pnames[i], nl))
			continue;
		while ((hit = memmem(p, n - (size_t)(p - s), en->pnames[i], nl))) {
			size_t hb = (size_t)(hit - s), he = hb + nl;
			p = hit + nl;
			if (marked(en, hb, he, (uint8_t)(1u << typeclass[T_PERSON])))
				continue;
			mark_set(en, hb, he, (uint8_t)(1u << typeclass[T_PERSON]));
			b = ents_add(e);
			b->sb = hb, b->eb = he, b->type = T_PERSON, b->r = propagated_rule();
			b->value = xstrdup(en->pnames[i]);
			b->unit = xstrdup(""), b->qual = xstrdup(""), b->subj = xstrdup("");
		}
	}
}

/*
 * A list of lanes names its road once (长乐路12弄、15弄): an address
 * that starts with its number takes the road of the address it follows
 * in the list, so each row reads whole; with none in front there is no
 * row, never a bare number. Entities are sorted by position here.
 */
/* only blanks and one 、 between the bytes a and b: the next item of a list */
static int
list_next(const char *s, size_t a, size_t b)
{
	int seps = 0;

	while (a < b)
		if (s[a] == ' ' || s[a] == '\t')
			a++;
		else if (b - a >= 3 && !memcmp(s + a, "\xE3\x80\x81", 3))	/* 、 */
			a += 3, seps++;
		else
			return 0;
	return seps == 1;
}

static void
carry_roads(const char *s, struct ents *e)
{
	struct ent *x, *prev = NULL;
	size_t i, k;
	struct buf b = { 0 };

	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (x->drop || x->type != T_ADDRESS)
			continue;
		if (x->value[0] >= '0' && x->value[0] <= '9') {
			if (!prev || prev->eb > x->sb || !list_next(s, prev->eb, x->sb) ||
			    !(k = strcspn(prev->value, "0123456789"))) {
				x->drop = 1;
				continue;
			}
			buf_reset(&b);
			buf_add(&b, prev->value, k);
			buf_adds(&b, x->value);
			free(x->value);
			x->value = xstrdup(b.p);
		}
		prev = x;
	}
	buf_free(&b);
}

/* code point offsets: the paragraph's characters were indexed by decode_para */
static void
set_char_offsets(struct engine *en, struct ents *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		e->v[i].cs = char_at(en, e->v[i].sb);
		e->v[i].ce = char_at(en, e->v[i].eb);
	}
}

/*
 * One paragraph -> resolved entities, sorted by position, with code point
 * offsets. Policy: a stop match removes the blocked types it overlaps;
 * then, per overlap class, the longest match wins (ties: the earlier
 * rule); metrics never suppress counts, and a metric with no count on
 * its span gets one; names found with a title mark their bare mentions.
 */
static void
resolve(struct engine *en, const char *doc, const char *s, size_t n, struct ents *e, const char *where)
{
	apply_stops(en, e, n);
	report_unread(en, e, s, where);
	resolve_overlaps(en, e, n);
	add_metric_counts(en, e);
	apply_cues(en, e);
	add_name_mentions(en, doc, s, n, e);
	finish_dates(en, e);	/* sorts by position */
	carry_roads(s, e);
	set_char_offsets(en, e);
}

void
extract_para(struct engine *en, const char *doc, const char *s, size_t n, struct ents *e, const char *where)
{
	ents_free(e);
	if (en->cpmask_rules != en->nrules)
		build_index(en);
	decode_para(en, s, n);
	run_rules(en, s, n, e, where);
	resolve(en, doc, s, n, e, where);
}

/*
 * The raw matches of a batch of paragraphs, rule by rule: the same
 * matches as extract_para's, paragraph by paragraph, since a rule's
 * matches in a paragraph depend on nothing but the paragraph. What
 * does depend on the paragraphs before (names seen with a title) is
 * resolve_para's, called in order.
 */
void
extract_batch(struct engine *en, struct para *pv, size_t np)
{
	struct timespec t0, t1;
	size_t i, j;

	if (en->cpmask_rules != en->nrules)
		build_index(en);
	for (j = 0; j < np; j++) {
		ents_free(&pv[j].e);
		pstate_swap(en, &pv[j].st);
		decode_para(en, pv[j].s, pv[j].n);
		pstate_swap(en, &pv[j].st);
	}
	for (i = 0; i < en->nrules; i++) {
		if (en->profile)
			clock_gettime(CLOCK_MONOTONIC, &t0);
		for (j = 0; j < np; j++) {
			pstate_swap(en, &pv[j].st);
			run_rule(en, &en->rules[i], pv[j].s, pv[j].n, &pv[j].e, pv[j].where);
			pstate_swap(en, &pv[j].st);
		}
		if (en->profile) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			en->rules[i].secs += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		}
	}
}

/* one paragraph of a batch after extract_batch: its warnings, then its entities resolved */
void
resolve_para(struct engine *en, struct para *p)
{
	char *line, *nl;

	pstate_swap(en, &p->st);
	for (line = p->st.warns.p; line && (nl = strchr(line, '\n')); line = nl + 1)
		warnx("%.*s", (int)(nl - line), line);
	buf_reset(&p->st.warns);
	resolve(en, p->doc, p->s, p->n, &p->e, p->where);
	pstate_swap(en, &p->st);
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
