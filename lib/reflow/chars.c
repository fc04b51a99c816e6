/* characters of OCR'd Chinese and Latin text: classes, widths, decoding */
#include <string.h>

#include <utf8proc.h>

#include "reflow.h"

int
rf_is_cjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) ||
	    (c >= 0x2018 && c <= 0x201F) || c == 0x2014 || c == 0x2015 ||
	    c == 0x2026 || c == 0x00B7;
}

/* an ideograph or kana: a character that fills a full cell */
int
rf_is_ideo(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF && !(c >= 0x3000 && c <= 0x303F)) ||
	    (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0x20000 && c <= 0x3FFFF);
}

int
rf_isdig(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) begins (at_end 0) or ends (at_end 1) with one of the nw words w */
int
rf_word_at(const char *s, size_t n, const char *const *w, size_t nw, int at_end)
{
	size_t k, m;

	for (k = 0; k < nw; k++) {
		m = strlen(w[k]);
		if (n >= m && !memcmp(at_end ? s + n - m : s, w[k], m))
			return 1;
	}
	return 0;
}

int
rf_is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\v' || c == '\f';
}

/*
 * Full-width digits and Latin letters are ASCII to an analyst: their
 * compatibility (NFKC) form. Only letters and digits are folded: NFKC would
 * also turn the CJK text's own ，：（） into ASCII punctuation.
 */
uint32_t
rf_fold(uint32_t c)
{
	utf8proc_int32_t dst[4];
	utf8proc_ssize_t n;
	int last = 0;

	if (c < 0x80)
		return c;
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
		break;
	default:
		return c;
	}
	n = utf8proc_decompose_char((utf8proc_int32_t)c, dst, 4,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
	if (n == 1 && dst[0] < 0x80)
		return (uint32_t)dst[0];
	return c;
}

/*
 * Display width as printed: ideographs and full-width letters fill a cell
 * (2), Latin, digits and CJK punctuation about half of one (1): newspapers
 * set punctuation narrow, so counting it as 2 would blur the difference
 * between a full line and one shortened by a dropped indent.
 */
int
rf_cwidth(uint32_t c)
{
	if (rf_is_space(c))
		return 0;
	if (rf_is_ideo(c) || (c >= 0xFF10 && c <= 0xFF5A && c != 0xFF1A && c != 0xFF1B &&
	    !(c >= 0xFF1C && c <= 0xFF20) && !(c >= 0xFF3B && c <= 0xFF40)))
		return 2;
	return 1;
}

uint32_t
rf_dec(const char *s, size_t n, size_t *i)
{
	uint32_t c;
	int k = utf8_dec(s + *i, n - *i, &c);

	if (k <= 0) {
		(*i)++;
		return UTF8_REPLACEMENT;
	}
	*i += k;
	return c;
}

/* the code point ending at byte offset e, its start in *b */
uint32_t
rf_prevcp(const char *s, size_t e, size_t *b)
{
	size_t i = e;
	uint32_t c;

	if (e == 0)
		return 0;
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && e - i < 4);
	if (utf8_dec(s + i, e - i, &c) != (int)(e - i))
		c = UTF8_REPLACEMENT;
	*b = i;
	return c;
}

int
rf_is_close(uint32_t c)
{
	return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
	    c == ')' || c == 0x300B || c == 0x3009 || c == 0x3011 || c == '"' || c == '\'';
}

/* a mark that closes what comes before it: no line of print opens with one */
int
rf_opening_mark(uint32_t c)
{
	return c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B || c == 0xFF1A ||
	    c == 0xFF01 || c == 0xFF1F || c == 0x201D || c == 0x300D || c == 0x300F ||
	    c == 0xFF09 || c == 0x300B || c == 0x3009 || c == 0x3011 || c == ',' || c == ';';
}

int
rf_is_fin(uint32_t c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' ||
	    c == 0x2026 || c == '.' || c == 0xFF0E;
}
int
rf_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

