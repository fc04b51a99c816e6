/*
 * fuzz-rules: the engine's rule-file parser (lib/extract/rules.c), then the
 * rules that loaded are run over a few paragraphs and their own examples.
 * A rule file is data an analyst edits by hand: a typo must give a
 * message, never a crash, a leak or a hang.
 */
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *paras[] = {
	"2月3日上午，丰收里居民区召开加装电梯协调会，约80余人参加。",
	"今年累计完成加装电梯9台，另有4台在施工，11台已通过审批。",
	"共有312名党员参与换届选举，产生党总支委员7名，其中书记1名。",
	"长阳路100弄3号 2019年10月8日至12日 第二届 两三年 近万人",
	"",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct engine engine, *en = &engine;
	struct ents e = { 0 };
	size_t i;

	engine_init(en);
	en->issue_y = 2021, en->issue_m = 3, en->issue_d = 1;
	(void)load_rules_mem(en, "<fuzz>.rules", (const char *)data, size);
	for (i = 0; i < LEN(paras); i++) {
		extract_para(en, "fuzz", paras[i], strlen(paras[i]), &e, "fuzz");
		ents_free(&e);
	}
	(void)check_examples(en);
	free(e.v);
	engine_free(en);
	fflush(stdout);
	return 0;
}
