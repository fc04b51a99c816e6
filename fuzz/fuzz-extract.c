/*
 * fuzz-extract: ink-extract's engine (every rule, overlap resolution,
 * cues, date years, rows) over paragraphs read as ink-extract reads
 * text, with the project's rules/ (or, while rules/ is still empty, the
 * .rules files in fuzz/seeds/rules). The first input byte picks the
 * issue date. The output is read back: each row must have the header's
 * column count, a known type, and end - start equal to the code points
 * of text, because ink-stats and the scorers trust those offsets; a
 * scope only on a metric row, and only total or new.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "records.h"
#include "extract/engine.h"

#ifndef FUZZ_RULES
#define FUZZ_RULES "rules"
#endif
#ifndef FUZZ_FALLBACK_RULES
#define FUZZ_FALLBACK_RULES "fuzz/seeds/rules"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct engine engine, *en = &engine;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int nerr;

	engine_init(en);
	nerr = load_rules_path(en, FUZZ_RULES);
	if (en->nrules == 0) {
		engine_free(en);
		engine_init(en);
		nerr = load_rules_path(en, FUZZ_FALLBACK_RULES);
	}
	if (en->nrules == 0 || nerr)
		errx(1, "fuzz-extract: rules do not load cleanly (%d errors)", nerr);
	return 0;
}

static void
check_output(const char *out, size_t len)
{
	static const char *types[] = { "date", "address", "count", "ordinal", "metric", "person", "org" };
	struct csvrow *row;
	struct csvr *r;
	size_t ncol, i, cps;
	int sc;
	long cs, ce;
	FILE *fp;
	int ok;

	if (!len)
		abort();	/* at least the header, always */
	if (!(fp = fmemopen((void *)out, len, "rb")))
		abort();
	r = csvr_open(fp, "<output>");
	if (csvr_next(r, &row) != 1 || row->n < 12 || strcmp(row->f[0], "doc") ||
	    strncmp(out, REC_ENTITIES_HDR, strlen(REC_ENTITIES_HDR)))
		abort();
	ncol = row->n;
	sc = csv_col(row, "scope");
	if (sc != 12)
		abort();	/* after rule, before any provenance column */
	while ((ok = csvr_next(r, &row)) == 1) {
		if (row->n != ncol)
			abort();
		for (i = 0; i < LEN(types); i++)
			if (!strcmp(row->f[5], types[i]))
				break;
		if (i == LEN(types))
			abort();
		cs = strtol(row->f[3], NULL, 10), ce = strtol(row->f[4], NULL, 10);
		cps = utf8_len(row->f[6], row->len[6]);
		if (cs < 0 || ce <= cs || (size_t)(ce - cs) != cps)
			abort();
		/* a scope is total, new or empty, and only a metric has one */
		if (row->len[sc] && (strcmp(row->f[5], "metric") ||
		    (strcmp(row->f[sc], "total") && strcmp(row->f[sc], "new"))))
			abort();
	}
	if (ok != 0)
		abort();
	csvr_close(r);
	fclose(fp);
}

/*
 * The input as ink-extract reads text: lines, a blank line between
 * articles, each other line a paragraph.
 */
static void
run_text(FILE *in, struct ents *e)
{
	struct lines l;
	struct prov p = { "fuzz", "1", "1", "", "", "", 0 };
	char abuf[24], pbuf[24];
	unsigned long art = 1, para = 0;

	lines_init(&l, in, "<fuzz>");
	print_header(0);
	while (lines_next(&l) == 1) {
		if (!l.line.len) {
			art += para > 0, para = 0;
			continue;
		}
		snprintf(abuf, sizeof(abuf), "%lu", art);
		snprintf(pbuf, sizeof(pbuf), "%lu", ++para);
		p.article = abuf, p.para = pbuf;
		extract_para(en, p.doc, l.line.p, l.line.len, e, "<fuzz>");
		print_ents(en, e, l.line.p, &p);
	}
	lines_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ents e = { 0 };
	FILE *in, *saved = stdout;
	char *out = NULL;
	size_t outlen = 0;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		en->issue_y = 2021, en->issue_m = 3, en->issue_d = 1;
	else
		en->issue_y = en->issue_m = en->issue_d = 0;
	data++, size--;
	in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!in)
		return 0;
	if (!(stdout = open_memstream(&out, &outlen)))
		abort();
	en->status = 0;
	en->cur_file = "<fuzz>";
	run_text(in, &e);
	fclose(stdout);
	stdout = saved;
	fclose(in);
	ents_free(&e);
	free(e.v);
	forget_names(en);
	check_output(out, outlen);
	free(out);
	return 0;
}
