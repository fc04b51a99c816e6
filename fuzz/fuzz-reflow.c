/*
 * fuzz-reflow: ink-reflow's whole input path (reflow_file on standard input:
 * sniffing, the text and lines-CSV readers, the line window, paragraph and
 * article decisions, normalisation). The first input byte picks --to
 * (by input, text, csv). The output is checked, not just survived: it
 * must be clean UTF-8 without NUL or CR; text output is one paragraph a
 * line, so no line may hold a break inside; CSV output must read back
 * with the header's eight columns and a known kind, since ink-extract
 * and the scorers parse it.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "records.h"
#include "reflow/reflow.h"

static void
check_utf8(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		if (s[i] == '\0' || s[i] == '\r')
			abort();
		if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
			abort();
		i += (size_t)k;
	}
}

static void
check_csv(const char *out, size_t len)
{
	static const char *kinds[] = { "headline", "body", "source", "caption", "furniture" };
	struct csvrow *row;
	struct csvr *r;
	size_t i, ncol;
	FILE *fp;
	int ok;

	if (!(fp = fmemopen((void *)out, len, "rb")))
		abort();
	r = csvr_open(fp, "<output>");
	if (csvr_next(r, &row) != 1 || strcmp(row->f[0], "doc") || csv_col(row, "text") < 0 ||
	    csv_col(row, "kind") < 0)
		abort();
	ncol = row->n;
	while ((ok = csvr_next(r, &row)) == 1) {
		if (row->n != ncol)
			abort();
		for (i = 0; i < LEN(kinds); i++)
			if (!strcmp(row->f[3], kinds[i]))
				break;
		if (i == LEN(kinds))
			abort();
		if (memchr(row->f[ncol - 1], '\n', row->len[ncol - 1]))
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
	static struct reflow r;
	FILE *in, *saved_in = stdin, *saved_out = stdout;
	char *out = NULL;
	size_t outlen = 0;
	int mode;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	mode = data[0] % 3 == 0 ? -1 : data[0] % 3 == 1 ? 0 : 1;
	r.to_csv = mode;
	data++, size--;
	in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!in)
		return 0;
	if (!(stdout = open_memstream(&out, &outlen)))
		abort();
	stdin = in;
	(void)reflow_file(&r, "-");
	fclose(stdout);
	stdout = saved_out;
	stdin = saved_in;
	fclose(in);
	reflow_free(&r);
	memset(&r, 0, sizeof(r));
	check_utf8(out, outlen);
	/* text output may start with "doc," too: only the CSV header says CSV */
	if (mode != 0 && outlen && !strncmp(out, REC_PARAS_HDR ",", strlen(REC_PARAS_HDR) + 1))
		check_csv(out, outlen);
	free(out);
	return 0;
}
