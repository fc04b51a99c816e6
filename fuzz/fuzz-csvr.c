/*
 * fuzz-csvr: the CSV reader (lib/csvr.c) and writer (lib/csvw.c).
 * Every field
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

struct run {
	struct csvrow *rows;
	size_t n;
	int ret;
};

static void
run_free(struct run *x)
{
	size_t i, j;

	for (i = 0; i < x->n; i++) {
		for (j = 0; j < x->rows[i].n; j++)
			free(x->rows[i].f[j]);
		free(x->rows[i].f);
		free(x->rows[i].len);
	}
	free(x->rows);
}

/* reads d[0..size) with its first `split` bytes handed to csvr_unread */
static void
readall(const char *d, size_t size, size_t split, struct run *x)
{
	struct csvrow *row, *c;
	struct csvr *r;
	unsigned long last = 0;
	size_t i, nl = 0;
	FILE *fp;
	int ret;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < size; i++)
		nl += d[i] == '\n';
	if (!(fp = memin(d + split, size - split)))
		abort();
	r = csvr_open(fp, "<fuzz>");
	if (split)
		csvr_unread(r, d, split);
	while ((ret = csvr_next(r, &row)) == 1) {
		if (row->line < 1 || row->line < last || row->line > nl + 1)
			abort();
		last = row->line;
		for (i = 0; i < row->n; i++)
			check_field(row->f[i], row->len[i]);
		x->rows = xreallocarray(x->rows, x->n + 1, sizeof(*x->rows));
		c = &x->rows[x->n++];
		c->n = row->n, c->line = row->line;
		c->f = xcalloc(row->n ? row->n : 1, sizeof(*c->f));
		c->len = xcalloc(row->n ? row->n : 1, sizeof(*c->len));
		for (i = 0; i < row->n; i++)
			c->f[i] = xstrndup(row->f[i], row->len[i]), c->len[i] = row->len[i];
	}
	if (ret != 0 && ret != -1)
		abort();
	x->ret = ret;
	/* after the end or an error the reader stays put */
	if (csvr_next(r, &row) != x->ret)
		abort();
	csvr_close(r);
	fclose(fp);
}

/*
 * What csv_put writes must read back as the same fields, rows and all.
 * libcsv cannot tell an empty one-field row from a blank line, so those
 * are left out.
 */
static void
roundtrip(const struct run *x)
{
	struct csvrow *back;
	struct csvr *r;
	char *out = NULL;
	size_t outlen = 0, i, j;
	FILE *w, *fp;

	if (!(w = open_memstream(&out, &outlen)))
		abort();
	/* a header first: a row starting with U+FEFF must not pass for a BOM */
	fputs("h\n", w);
	for (i = 0; i < x->n; i++) {
		if (x->rows[i].n == 1 && x->rows[i].len[0] == 0)
			continue;
		for (j = 0; j < x->rows[i].n; j++)
			csv_put(w, x->rows[i].f[j], x->rows[i].len[j], j + 1 == x->rows[i].n);
	}
	fclose(w);
	if (!(fp = memin(out, outlen)))
		abort();
	r = csvr_open(fp, "<roundtrip>");
	if (csvr_next(r, &back) != 1 || back->n != 1 || strcmp(back->f[0], "h"))
		abort();
	for (i = 0; i < x->n; i++) {
		if (x->rows[i].n == 1 && x->rows[i].len[0] == 0)
			continue;
		if (csvr_next(r, &back) != 1 || back->n != x->rows[i].n)
			abort();
		for (j = 0; j < back->n; j++)
			if (back->len[j] != x->rows[i].len[j] ||
			    memcmp(back->f[j], x->rows[i].f[j], back->len[j]))
				abort();
	}
	if (csvr_next(r, &back) != 0)
		abort();
	csvr_close(r);
	fclose(fp);
	free(out);
}

/*
 * The first byte says how many bytes go through csvr_unread (255: the
 * first line, as a tool that sniffs the header does). Whatever the cut,
 * rows, fields and line numbers must equal those of a plain read: tools
 * sniff different amounts, and messages must still name the right line.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data, *e;
	struct run a, b;
	size_t split, i, j;

	if (size < 1)
		return 0;
	split = data[0];
	d++, size--;
	if (split == 255)
		split = (e = memchr(d, '\n', size)) ? (size_t)(e - d) + 1 : size;
	/* a sniffer reads at least the 3 bytes of a BOM: a cut inside one is no use */
	if (split && split < 3)
		split = 3;
	if (split > size)
		split = size;
	readall(d, size, 0, &a);
	readall(d, size, split, &b);
	if (a.ret != b.ret || a.n != b.n)
		abort();
	for (i = 0; i < a.n; i++) {
		if (a.rows[i].n != b.rows[i].n || a.rows[i].line != b.rows[i].line)
			abort();
		for (j = 0; j < a.rows[i].n; j++)
			if (a.rows[i].len[j] != b.rows[i].len[j] ||
			    memcmp(a.rows[i].f[j], b.rows[i].f[j], a.rows[i].len[j]))
				abort();
	}
	roundtrip(&a);
	run_free(&a);
	run_free(&b);
	return 0;
}
