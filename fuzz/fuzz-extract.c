/*
 * fuzz-extract: ink-extract's input path (format sniffing, text and
 * paragraph-CSV readers, every rule, overlap resolution, date years)
 * through do_text(), with the project's rules/ (or, while rules/ is still
 * empty, the .rules files in fuzz/seeds/rules). The first input byte picks the issue
 * date. The output is read back: each row must have the header's column
 * count, a known type, and end - start equal to the code points of text,
 * because ink-stats and the scorers trust those offsets.
 */
#include "ink-extract.c"

#ifndef FUZZ_RULES
#define FUZZ_RULES "rules"
#endif
#ifndef FUZZ_FALLBACK_RULES
#define FUZZ_FALLBACK_RULES "fuzz/seeds/rules"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int nerr;

	setup_match();
	nerr = load_rules_path(FUZZ_RULES);
	if (nrules == 0) {
		free_all();
		setup_match();
		nerr = load_rules_path(FUZZ_FALLBACK_RULES);
	}
	if (nrules == 0 || nerr)
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
	long cs, ce;
	FILE *fp;
	int ok;

	if (!len)
		abort();	/* at least the header, always */
	if (!(fp = fmemopen((void *)out, len, "rb")))
		abort();
	r = csvr_open(fp, "<output>");
	if (csvr_next(r, &row) != 1 || row->n < 12 || strcmp(row->f[0], "doc"))
		abort();
	ncol = row->n;
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
	}
	if (ok != 0)
		abort();
	csvr_close(r);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ents e = { 0 };
	FILE *in, *saved = stdout;
	char *out = NULL;
	size_t outlen = 0;
	int hdr = 0;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		issue_y = 2021, issue_m = 3, issue_d = 1;
	else
		issue_y = issue_m = issue_d = 0;
	data++, size--;
	in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!in)
		return 0;
	if (!(stdout = open_memstream(&out, &outlen)))
		abort();
	status = 0;
	cur_file = "<fuzz>";
	do_text(in, "<fuzz>", "fuzz", &e, &hdr);
	if (!hdr)
		print_header(0);
	fclose(stdout);
	stdout = saved;
	fclose(in);
	ents_free(&e);
	free(e.v);
	forget_names();
	check_output(out, outlen);
	free(out);
	return 0;
}
