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

/*
 * The length of the longest prefix of s that is valid UTF-8 without a NUL
 * byte: the whole line, nearly always, found without copying anything.
 */
size_t
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		if (s[i] < 0x80) {
			if (!s[i])
				break;
			i++;
		} else if (s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED && n - i >= 3 &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			/* three bytes led by neither E0 nor ED: no overlong form, no surrogate */
			i += 3;
		} else if ((k = utf8_dec(str + i, n - i, &cp)) > 0)
			i += (size_t)k;
		else
			break;
	}
	return i;
}

size_t
utf8_clean(const char *s, size_t n, struct buf *out, size_t *first)
{
	static const char repl[] = "\xEF\xBF\xBD";
	size_t i = 0, run, bad = 0;

	buf_reset(out);
	buf_grow(out, n);
	while (i < n) {
		/* valid runs are copied whole; a bad byte is dropped (NUL) or replaced */
		run = utf8_valid(s + i, n - i);
		buf_add(out, s + i, run);
		if ((i += run) == n)
			break;
		if (!bad++ && first)
			*first = i;
		if (s[i] != '\0')
			buf_add(out, repl, 3);
		i++;
	}
	return bad;
}
