#include "inkpipe.h"

int
utf8_dec(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	int len, i;

	if (n == 0)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlong forms and surrogates are how invalid input smuggles bytes */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

int
utf8_enc(uint32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	} else if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

size_t
utf8_len(const char *s, size_t n)
{
	size_t i, cps = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cps++;
	return cps;
}

size_t
utf8_clean(const char *s, size_t n, struct buf *out, size_t *first)
{
	static const char repl[] = "\xEF\xBF\xBD";
	size_t i = 0, run, bad = 0;
	uint32_t cp;
	int k;

	buf_reset(out);
	buf_grow(out, n);
	while (i < n) {
		/* ASCII runs are the common case: copy them whole */
		for (run = i; run < n && (unsigned char)s[run] < 0x80 && s[run]; run++)
			;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (s[i] == '\0') {
			if (!bad++ && first)
				*first = i;
			i++;
			continue;
		}
		k = utf8_dec(s + i, n - i, &cp);
		if (k < 0) {
			if (!bad++ && first)
				*first = i;
			buf_add(out, repl, 3);
			i++;
			continue;
		}
		buf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	return bad;
}
