/*
 * Driver for the anchor index of lib/extract/match.c, built by
 * tests/t-extract-index.sh: no rule may fall off the index, however many
 * rules there are (it once covered the first 64 only, silently).
 *   index-test N        N generated rules, each anchored on its own character
 *   index-test -r DIR   the rules in DIR: every anchored rule is indexed
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

/* rule k: "<its character><a digit>", anchored on its character */
static void
gen_rules(struct buf *b, struct buf *para, size_t n)
{
	char ch[4];
	size_t k;
	int len;

	for (k = 0; k < n; k++) {
		len = utf8_enc(0x4E00 + (uint32_t)k, ch);
		buf_printf(b, "rule r%zu\ntype count\npattern %.*s(?<n>[0-9])\nvalue num(n)\nanchor %.*s\n\n",
		    k, len, ch, len, ch);
		buf_printf(para, "%.*s%zu，", len, ch, k % 10);
	}
}

int
main(int argc, char **argv)
{
	struct engine engine, *en = &engine;
	struct buf rules = { 0 }, para = { 0 };
	struct ents e = { 0 };
	size_t k, n, found = 0, fails = 0;

	engine_init(en);
	if (argc == 3 && !strcmp(argv[1], "-r")) {
		if (load_rules_path(en, argv[2]) || !en->nrules)
			errx(1, "%s: rules do not load cleanly", argv[2]);
		buf_adds(&para, "今年已有3台电梯完成加装。");
	} else if (argc == 2 && (n = strtoul(argv[1], NULL, 10)) > 0) {
		gen_rules(&rules, &para, n);
		if (load_rules_mem(en, "<generated>", rules.p, rules.len) || en->nrules != n)
			errx(1, "generated rules do not load");
	} else
		errx(2, "usage: index-test N | index-test -r DIR");
	extract_para(en, "t", para.p, para.len, &e, "test");
	for (k = 0; k < en->nrules; k++)
		if (en->rules[k].anchor && !index_covers(en, k)) {
			printf("rule %zu (%s): not in the anchor index\n", k, en->rules[k].id);
			fails++;
		}
	if (argc == 2) {
		/* each rule's own character is indexed where the paragraph holds it, and it matches there */
		for (k = 0; k < en->nrules; k++)
			if (!index_covers(en, k) || en->apos[k].n != 1) {
				printf("rule %zu: %zu anchor positions, want 1\n", k,
				    index_covers(en, k) ? en->apos[k].n : 0);
				fails++;
			}
		for (k = 0; k < e.n; k++)
			found += !e.v[k].drop;
		if (found != en->nrules) {
			printf("%zu rows for %zu rules\n", found, en->nrules);
			fails++;
		}
	}
	printf("%zu rules, %zu not indexed\n", en->nrules, fails);
	ents_free(&e);
	free(e.v);
	buf_free(&rules);
	buf_free(&para);
	engine_free(en);
	return fails != 0;
}
