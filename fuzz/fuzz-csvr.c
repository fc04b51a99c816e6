/*
 * fuzz-csvr: the CSV reader (lib/csvr.c) and writer (lib/csvw.c).
 * The first input byte picks whether the first line comes through
 * csvr_unread (as when a tool sniffs a header) or the stream. Every field
 * read must be clean UTF-8 with its stated length, line numbers may only
 * grow, and what csv_put writes must read back as the same fields: the
 * tools chain CSV to CSV, so a field the writer and reader disagree on
 * is silently corrupted text downstream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"

static FILE *
memin(const char *s, size_t n)
{
	return n ? fmemopen((void *)s, n, "rb") : fopen("/dev/null", "rb");
}

static void
check_field(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	if (s[n] != '\0' || strlen(s) != n)
		abort();
	while (i < n) {
		if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
			abort();
		i += (size_t)k;
	}
}

/* libcsv cannot tell an empty one-field row from a blank line, so skip those */
static void
roundtrip(const struct csvrow *row)
{
	struct csvrow *back;
	struct csvr *r;
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *w, *fp;

	if (row->n == 1 && row->len[0] == 0)
		return;
	if (!(w = open_memstream(&out, &outlen)))
		abort();
	/* a header first: a row starting with U+FEFF must not pass for a BOM */
	fputs("h\n", w);
	for (i = 0; i < row->n; i++)
		csv_put(w, row->f[i], row->len[i], i + 1 == row->n);
	fclose(w);
	if (!(fp = memin(out, outlen)))
		abort();
	r = csvr_open(fp, "<roundtrip>");
	if (csvr_next(r, &back) != 1 || back->n != 1 || strcmp(back->f[0], "h"))
		abort();
	if (csvr_next(r, &back) != 1 || back->n != row->n)
		abort();
	for (i = 0; i < row->n; i++)
		if (back->len[i] != row->len[i] || memcmp(back->f[i], row->f[i], row->len[i]))
			abort();
	if (csvr_next(r, &back) != 0)
		abort();
	csvr_close(r);
	fclose(fp);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct csvrow *row;
	struct csvr *r;
	unsigned long last = 0;
	size_t i, nl = 0, skip = 0;
	FILE *fp;
	int mode, ret;

	if (size < 1)
		return 0;
	mode = data[0] & 1;
	d++, size--;
	for (i = 0; i < size; i++)
		nl += d[i] == '\n';
	if (mode) {
		const char *e = memchr(d, '\n', size);

		skip = e ? (size_t)(e - d) + 1 : size;
	}
	if (!(fp = memin(d + skip, size - skip)))
		return 0;
	r = csvr_open(fp, "<fuzz>");
	if (skip)
		csvr_unread(r, d, skip);
	while ((ret = csvr_next(r, &row)) == 1) {
		if (row->line < 1 || row->line < last || row->line > nl + 1)
			abort();
		last = row->line;
		for (i = 0; i < row->n; i++)
			check_field(row->f[i], row->len[i]);
		roundtrip(row);
	}
	if (ret != 0 && ret != -1)
		abort();
	/*
	 * After the end or an error the reader must stay put. Rows that one
	 * input line completed before its error (a lone CR ends a row) still
	 * come out after the -1; that is tolerated, resuming the input is not.
	 */
	for (i = 0; i < size + 1 && (mode = csvr_next(r, &row)) == 1; i++)
		;
	if (mode != ret)
		abort();
	csvr_close(r);
	fclose(fp);
	return 0;
}
