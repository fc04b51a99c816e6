/*
 * fuzz-lines: the text line reader (lib/lines.c) against a reference split.
 * Whatever the bytes, every line handed out must be valid UTF-8 with no NUL
 * or line break, and its bytes as read (the line itself, or raw when it
 * needed repair or came from another charset) must match what a naive
 * splitter finds:
 * a reader that loses or invents text passes quietly in the tools' tests.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"

static void
check_clean(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	if (s[n] != '\0')
		abort();
	while (i < n) {
		if (s[i] == '\0' || s[i] == '\n' || s[i] == '\r')
			abort();
		if ((k = utf8_dec(s + i, n - i, &cp)) < 0)
			abort();
		i += (size_t)k;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct lines l;
	size_t pos = 0, end, want, nlines = 0, bad, conv;
	FILE *fp;
	int r;

	/* fmemopen refuses a zero size on some libcs: an empty file is /dev/null */
	fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!fp)
		return 0;
	lines_init(&l, fp, "<fuzz>");
	l.quiet = 1;
	if (size >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		pos = 3;
	while ((bad = l.nbad, conv = l.nconv, r = lines_next(&l)) == 1) {
		/* a repaired or converted line keeps its bytes in raw; a valid one is its own bytes */
		const struct buf *rb = l.nbad != bad || l.nconv != conv ? &l.raw : &l.line;
		nlines++;
		if (pos > size)
			abort();
		for (end = pos; end < size && d[end] != '\n' && d[end] != '\r'; end++)
			;
		want = end - pos;
		/* BOM is dropped only at the start of the file, never from line 1 after a break */
		if (l.nbad - bad > 1 || rb->len != want || memcmp(rb->p ? rb->p : "", d + pos, want))
			abort();
		if (l.lineno != nlines)
			abort();
		check_clean(l.line.p, l.line.len);
		if (l.line.len != strlen(l.line.p))
			abort();
		pos = end;
		if (pos < size && d[pos] == '\r')
			pos++, pos += pos < size && d[pos] == '\n';
		else if (pos < size)
			pos++;
	}
	if (r != 0 || pos != size)
		abort();
	lines_free(&l);
	fclose(fp);
	return 0;
}
