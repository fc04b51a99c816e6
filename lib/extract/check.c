/*
 * check.c: every rule's examples, run anchored and as a full scan.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

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
		 * A stop or cue rule's rows are the text it covers (it makes no
		 * row of its own, so its examples could not fail otherwise); the count
		 * row a metric brings along is the engine's, not the rule's.
		 */
		if (x->r != r || x->type != r->type || (x->drop && r->type != T_STOP))
			continue;
		if (b->len)
			buf_adds(b, " ; ");
		if (r->type == T_STOP || r->type == T_CUE) {
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
int
check_examples(struct engine *en)
{
	struct ents e = { 0 };
	struct buf got = { 0 }, want = { 0 }, full = { 0 };
	size_t i, j, nex = 0;
	int fails = 0, sy = en->issue_y, sm = en->issue_m, sd = en->issue_d;
	const struct rule *r;
	char *t, *tok, *sp;

	for (i = 0; i < en->nrules; i++) {
		r = &en->rules[i];
		for (j = 0; j < r->nex; j++) {
			const struct example *x = &r->ex[j];
			nex++;
			en->issue_y = sy, en->issue_m = sm, en->issue_d = sd;
			if (r->issue && parse_issue(r->issue, &en->issue_y, &en->issue_m, &en->issue_d) < 0) {
				warnx("%s: bad issue-date %s", r->file, r->issue);
				fails++;
				continue;
			}
			forget_names(en);
			en->use_anchors = 0;
			extract_para(en, "example", x->text, strlen(x->text), &e, "example");
			all_rows(&e, &full);
			forget_names(en);
			en->use_anchors = 1;
			extract_para(en, "example", x->text, strlen(x->text), &e, "example");
			all_rows(&e, &got);
			if (strcmp(full.p, got.p)) {
				warnx("%s:%lu: rule %s: example \"%s\": the anchored run differs from a full scan "
				    "(an anchor or window too narrow?): %s / %s", r->file, x->line, r->id, x->text,
				    got.p, full.p);
				fails++;
			}
			fails += check_match_anchors(en, r, x->text, strlen(x->text), x->line);
			fails += check_require(r, x);
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
	en->issue_y = sy, en->issue_m = sm, en->issue_d = sd;
	fails += check_hints(en);
	forget_names(en);
	ents_free(&e);
	free(e.v);
	buf_free(&got);
	buf_free(&want);
	buf_free(&full);
	printf("%zu rules, %zu examples, %d failed\n", en->nrules, nex, fails);
	return fails;
}
