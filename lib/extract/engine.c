/*
 * engine.c: one engine's life: set up, freed.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

const char *const typenames[NTYPES] = { "date", "address", "count", "ordinal", "metric",
	"person", "org", "stop", "cue" };
const int typeclass[NTYPES] = { 0, 1, 2, 2, 3, 4, 5, 6, 7 };
/* the scope column's words, and plan: a cue that makes a metric no metric */
const char *const cuenames[4] = { "", "new", "total", "plan" };

/* an engine with no rules, ready for load_rules_path() */
void
engine_init(struct engine *en)
{
	memset(en, 0, sizeof(*en));
	en->para_gen = 1;
	en->pc_has = xcalloc(HAS_BYTES, 1);
	en->use_anchors = 1;
	en->cpmask_rules = (size_t)-1;
	en->cur_file = "<stdin>";
	en->md = pcre2_match_data_create(64, NULL);
	en->md2 = pcre2_match_data_create(4, NULL);
	en->mctx = pcre2_match_context_create(NULL);
	/* a rule that backtracks forever must fail fast and name itself, not hang the batch */
	pcre2_set_match_limit(en->mctx, 2000000);
	pcre2_set_depth_limit(en->mctx, 20000);
	en->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	pcre2_jit_stack_assign(en->mctx, NULL, en->jstack);
	en->lctx = pcre2_match_context_copy(en->mctx);
}

void
engine_free(struct engine *en)
{
	size_t i;

	for (i = 0; i < en->nrules; i++)
		rule_free(&en->rules[i]);
	free(en->rules);
	en->rules = NULL;
	en->nrules = 0;
	for (i = 0; i < en->nlits; i++)
		free(en->lits[i]);
	free(en->lits), free(en->lit_gen), free(en->lit_res);
	en->lits = NULL, en->lit_gen = NULL, en->lit_res = NULL, en->nlits = 0;
	for (i = 0; i < en->ndefs; i++) {
		free(en->defs[i].name);
		free(en->defs[i].pat);
		free(en->defs[i].words);
	}
	free(en->defs);
	en->defs = NULL;
	en->ndefs = 0;
	for (i = 0; i < en->ntmpls; i++) {
		size_t j;
		for (j = 0; j < en->tmpls[i].n; j++)
			free(en->tmpls[i].v[j].key), free(en->tmpls[i].v[j].val);
		free(en->tmpls[i].v);
		free(en->tmpls[i].name);
		free(en->tmpls[i].file);
	}
	free(en->tmpls);
	en->tmpls = NULL;
	en->ntmpls = 0;
	forget_names(en);
	buf_free(&en->rowbuf);
	buf_free(&en->rowpre);
	free(en->pc_off);
	free(en->pc_cp);
	free(en->pc_has);
	en->pc_has = NULL;
	index_free(en);
	free(en->markv);
	en->markv = NULL, en->markcap = 0;
	en->pc_off = NULL, en->pc_cp = NULL, en->pc_n = en->pc_cap = 0;
	pcre2_match_data_free(en->md);
	pcre2_match_data_free(en->md2);
	pcre2_match_context_free(en->mctx);
	pcre2_match_context_free(en->lctx);
	pcre2_jit_stack_free(en->jstack);
	en->md = NULL, en->md2 = NULL, en->mctx = NULL, en->lctx = NULL, en->jstack = NULL;
}
