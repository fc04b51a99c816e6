/*
 * fuzz-ocrxml: hOCR and ALTO from any engine (lib/ocrxml_read.c). Whatever
 * the markup, every line handed out has a page, block and line of at least
 * 1, lines count up within a page, and the text is valid UTF-8 with no line
 * break: ink-reflow takes them as it takes the lines CSV.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "inkpipe.h"
#include "ocrxml.h"

struct seen {
	long page, line;
};

static int
each(void *arg, const struct ocrline *l)
{
	struct seen *s = arg;
	size_t n = strlen(l->text);

	if (l->page < 1 || l->block < 1 || l->line < 1 || n == 0)
		abort();
	if (l->page == s->page && l->line <= s->line)
		abort();
	if (utf8_valid(l->text, n) != n || memchr(l->text, '\n', n))
		abort();
	s->page = l->page, s->line = l->line;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0, 0 };
	FILE *fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");

	if (!fp)
		return 0;
	(void)ocrxml_read(fp, "<fuzz>", "", 0, each, &s);
	fclose(fp);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* the file's own messages would drown libFuzzer's; errors are returned, not printed */
	xmlSetGenericErrorFunc(NULL, NULL);
	return 0;
}
