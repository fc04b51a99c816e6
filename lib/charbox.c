/*
 * The chars column of the lines CSV: "x:y:w:h:conf" for each character of
 * the line's text but white space, separated by spaces. ink-ocr writes it,
 * ink-extract --lines and the hOCR and ALTO writers read it; one
 * definition of what white space it leaves out keeps them in step.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"

int
charbox_white(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x3000;
}

size_t
charbox_count(const char *s)
{
	size_t n = 0, len = strlen(s);
	uint32_t c;
	int k;

	for (size_t i = 0; i < len; i += k > 0 ? (size_t)k : 1)
		if ((k = utf8_dec(s + i, len - i, &c)) > 0 && !charbox_white(c))
			n++;
	return n;
}

size_t
charbox_parse(const char *s, long **v)
{
	size_t n = 0, cap = 0;
	char *e;

	*v = NULL;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*v = xreallocarray(*v, cap, CHARBOX_FIELDS * sizeof **v);
		}
		for (int k = 0; k < CHARBOX_FIELDS; k++) {
			(*v)[CHARBOX_FIELDS * n + k] = strtol(s, &e, 10);
			if (e == s || (k < CHARBOX_FIELDS - 1 ? *e != ':' : *e != ' ' && *e != '\0')) {
				free(*v);
				*v = NULL;
				return 0;
			}
			s = k < CHARBOX_FIELDS - 1 ? e + 1 : e;
		}
		n++;
	}
	return n;
}
