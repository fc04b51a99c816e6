/* a paragraph's text as the record contract wants it (spec "Stage 2") */
#include <string.h>

#include "lexicon.h"
#include "reflow.h"

static void
put(struct buf *o, uint32_t c)
{
	char tmp[4];

	buf_add(o, tmp, utf8_enc(c, tmp));
}

static uint32_t
halfwide(uint32_t c)
{
	switch (c) {
	case ',': return 0xFF0C;
	case ':': return 0xFF1A;
	case ';': return 0xFF1B;
	case '?': return 0xFF1F;
	case '!': return 0xFF01;
	case '(': return 0xFF08;
	case ')': return 0xFF09;
	}
	return 0;
}

/*
 * A space inside a number set in Chinese text (共有 23 16 名) is the
 * OCR's, not the writer's: digits close on both sides of it, CJK before
 * the first digits and a measure word after the last (not 3 5 号楼, 以
 * 3 2 战胜, 2020 2021 年度). v[0..j) is the output so
 * far (its spaces beside CJK already gone), v[e..k) the input after the
 * space.
 */
static int
digit_gap(const uint32_t *v, size_t j, size_t e, size_t k)
{
	const struct numeral *nm;
	size_t a = j, b = e;

	if (!rf_isdig(v[j - 1]) || !rf_isdig(v[e]))
		return 0;
	while (a > 0 && rf_isdig(v[a - 1]))
		a--;
	while (b < k && rf_isdig(v[b]))
		b++;
	/* two long numbers side by side are two (2020 2021, a phone number) */
	if (j - a >= 4 && b - e >= 4)
		return 0;
	while (b < k && v[b] == ' ')
		b++;
	if (!(a > 0 && rf_is_cjk(v[a - 1]) && b < k && v[b] >= 0x80))
		return 0;
	/* what follows a count: a measure word, 余/多, or 万/亿 */
	nm = lex_numeral(v[b]);
	return (lex_measure(v[b]) & MW_COUNT) || lex_approx_after(v[b]) ||
	    (nm && nm->kind == NUM_BIG && !(nm->flags & NUM_FORMAL));
}

/*
 * Spaces next to CJK go, spaces between Latin words shrink to one,
 * half-width ,:;?!() beside CJK become full-width, full-width digits and
 * letters become ASCII.  Nothing else is touched.
 */
void
rf_normalise(const char *s, size_t n, struct buf *o, uint32_t **cps, size_t *cap)
{
	size_t i = 0, k = 0, j;
	uint32_t c, *v;

	buf_reset(o);
	while (i < n) {
		if (k + 1 >= *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*cps = xreallocarray(*cps, *cap, sizeof(**cps));
		}
		c = rf_fold(rf_dec(s, n, &i));
		(*cps)[k++] = rf_is_space(c) ? ' ' : c;
	}
	v = *cps;
	/* drop spaces that touch CJK, collapse the rest */
	for (i = j = 0; i < k; i++) {
		if (v[i] == ' ') {
			size_t e = i;
			while (e < k && v[e] == ' ')
				e++;
			if (j > 0 && e < k && !rf_is_cjk(v[j - 1]) && !rf_is_cjk(v[e]) &&
			    !digit_gap(v, j, e, k))
				v[j++] = ' ';
			i = e - 1;
			continue;
		}
		v[j++] = v[i];
	}
	k = j;
	for (i = 0; i < k; i++) {
		uint32_t w = halfwide(v[i]);
		if (w && ((i > 0 && rf_is_cjk(v[i - 1]) && v[i - 1] != 0xFF09) ||
		    (i + 1 < k && rf_is_cjk(v[i + 1]))))
			put(o, w);
		else
			put(o, v[i]);
	}
}
