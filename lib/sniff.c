#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "sniff.h"

static ssize_t
sniff_read(void *c, char *buf, size_t size)
{
	struct sniff *p = c;
	size_t k;

	if (p->pos < p->n) {
		k = p->n - p->pos < size ? p->n - p->pos : size;
		memcpy(buf, p->b + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	k = fread(buf, 1, size, p->fp);
	if (k == 0 && ferror(p->fp))
		return -1;
	return (ssize_t)k;
}

static int
sniff_close(void *c)
{
	(void)c;
	return 0;
}

FILE *
sniff_open(struct sniff *p, FILE *fp, const char *prefix, int *match)
{
	cookie_io_functions_t io = { sniff_read, NULL, NULL, sniff_close };
	size_t plen = strlen(prefix);
	const char *b;

	if (plen + 3 > sizeof(p->b))
		plen = sizeof(p->b) - 3;
	p->fp = fp;
	p->pos = 0;
	p->n = fread(p->b, 1, plen + 3, fp);
	b = p->b;
	if (p->n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
		b += 3;
	*match = p->n - (size_t)(b - p->b) >= plen && !memcmp(b, prefix, plen);
	return fopencookie(p, "r", io);
}
