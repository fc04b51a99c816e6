/*
 * Chinese and Arabic numerals to double: what is accepted is listed in
 * cnnum.h. The text is cut into tokens first (an Arabic digit run is one
 * token) so that the grammar below never has to think about UTF-8.
 */
#include <math.h>
#include <stdint.h>

#include "inkpipe.h"
#include "cnnum.h"
#include "lexicon.h"

/* token types: a numeral's kind (lexicon.h), or a run of Arabic digits */
enum { T_DIG = NUM_DIG, T_UNIT = NUM_UNIT, T_BIG = NUM_BIG, T_TENS = NUM_TENS, T_POINT = NUM_POINT,
	T_HALF = NUM_HALF, T_NEG = NUM_NEG, T_ARAB };

struct tok {
	int type, d, flags;
	double u;		/* T_UNIT, T_BIG */
	double m;		/* T_ARAB: every digit, the point ignored */
	int k, nd, comma;	/* T_ARAB: digits after the point, in all; had 1,000 */
};

/* an ASCII or full-width digit at s: its value, *len its bytes; else -1 */
static int
ardigit(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && u[0] >= '0' && u[0] <= '9') {
		*len = 1;
		return u[0] - '0';
	}
	/* U+FF10..U+FF19 are EF BC 90..99 */
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*len = 3;
		return u[2] - 0x90;
	}
	return -1;
}

/* a decimal point at s ('.' or the full-width U+FF0E): its bytes, else 0 */
static size_t
point(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '.')
		return 1;
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
	    (unsigned char)s[2] == 0x8E)
		return 3;
	return 0;
}

/* a thousands separator at s: ',' or the full-width '，' (1，234); bytes, or 0 */
static size_t
groupsep(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ',')
		return 1;
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
	    (unsigned char)s[2] == 0x8C)
		return 3;
	return 0;
}

/*
 * One Arabic number at s: digits, optional 1,234 (or 1，234) grouping, optional .5
 * (the caller allows a bare .5 only in front). Returns bytes used, 0 if
 * malformed (a dangling comma or point).
 */
static size_t
arabic(const char *s, size_t n, struct tok *t)
{
	size_t i = 0, len, sl;
	int d, group = 0, grouped = 0;

	t->type = T_ARAB;
	t->m = 0;
	t->k = t->nd = t->comma = 0;
	for (;;) {
		while (i < n && (d = ardigit(s + i, n - i, &len)) >= 0) {
			t->m = t->m * 10 + d;
			t->nd++;
			group++;
			i += len;
		}
		if (i >= n || !(sl = groupsep(s + i, n - i)))
			break;
		/* 1,234,567: a lead group of 1-3, then groups of exactly 3 */
		if (grouped ? group != 3 : group > 3)
			return 0;
		grouped = 1;
		group = 0;
		i += sl;
		if (i >= n || ardigit(s + i, n - i, &len) < 0)
			return 0;
	}
	if (grouped && group != 3)
		return 0;
	t->comma = grouped;
	if ((len = point(s + i, n - i)) > 0) {
		i += len;
		while (i < n && (d = ardigit(s + i, n - i, &len)) >= 0) {
			t->m = t->m * 10 + d;
			t->nd++;
			t->k++;
			i += len;
		}
		if (t->k == 0)
			return 0;
	}
	return i;
}

/* cuts s[0..n) into t[]; 0 if a character is not part of any number */
static int
tokenize(const char *s, size_t n, struct tok *t, size_t *nt)
{
	size_t i = 0, len, k = 0;
	const struct numeral *nm;
	uint32_t cp;
	int c;

	while (i < n) {
		if (k == CN_MAXCP)
			return 0;
		if (ardigit(s + i, n - i, &len) >= 0 ||
		    ((k == 0 || (k == 1 && t[0].type == T_NEG)) &&
		    (len = point(s + i, n - i)) > 0 && ardigit(s + i + len, n - i - len, &len) >= 0)) {
			if ((len = arabic(s + i, n - i, &t[k])) == 0)
				return 0;
			i += len;
			k++;
			continue;
		}
		if ((c = utf8_dec(s + i, n - i, &cp)) < 0 || !(nm = lex_numeral(cp)))
			return 0;
		/* a sign is only a sign in front */
		if (nm->kind == T_NEG && k > 0)
			return 0;
		t[k].type = nm->kind;
		t[k].d = nm->d;
		t[k].flags = nm->flags;
		t[k].u = nm->u;
		k++;
		i += (size_t)c;
	}
	*nt = k;
	return 1;
}

/* 二〇二〇, 一二三, 零一: Chinese digits without units */
static int
digitstring(const struct tok *t, size_t a, size_t b, int point, double *val)
{
	size_t i;
	int zeros = 0;
	double x = 0;

	if (b - a == 1) {
		if (t[a].type != T_DIG || (t[a].flags & NUM_YAO))
			return 0;
		*val = t[a].d;
		return 1;
	}
	for (i = a; i < b; i++) {
		if (t[i].type != T_DIG || (t[i].flags & NUM_LIANG))
			return 0;
		zeros += (t[i].flags & NUM_ZERO) != 0;
		x = x * 10 + t[i].d;
	}
	/* 三四 五六 七八 are "three or four", not 34 */
	if (b - a == 2 && !zeros && !point)
		return 0;
	*val = x;
	return 1;
}

/*
 * A number built with units: 一千零一十, 三万五, 100万三千, 一万半.
 * *maxu gets the largest unit, so that 十二点五万 can check its 万.
 */
static int
structured(const struct tok *t, size_t a, size_t b, double *val, double *maxu)
{
	double total = 0, section = 0, num = -1, part, half = 0;
	double last_small = 1e300, last_unit = 0, big_last = 0, numafter = 0;
	int single = 0, after_zero = 0, prev_unit = 0;
	size_t i;

	*maxu = 0;
	for (i = a; i < b; i++) {
		const struct tok *p = &t[i];

		switch (p->type) {
		case T_DIG:
			if (p->flags & NUM_YAO)
				return 0;
			if (p->flags & NUM_ZERO) {
				/* 零 only stands in a gap after a unit: 一百零一; 十零一 has none */
				if (num >= 0 || i == a || (prev_unit && last_unit == 10))
					return 0;
				after_zero = 1;
				prev_unit = 0;
				break;
			}
			if (num >= 0)
				return 0;
			num = p->d;
			single = 1;
			numafter = prev_unit ? last_unit : 0;
			after_zero = prev_unit = 0;
			break;
		case T_ARAB:
			if (num >= 0 || p->k)
				return 0;
			num = p->m;
			single = p->nd == 1;
			numafter = prev_unit ? last_unit : 0;
			after_zero = prev_unit = 0;
			break;
		case T_UNIT:
			/* 0十 is no number: only 零 says "nothing here" */
			if (p->u >= last_small || num == 0)
				return 0;
			if (num < 0) {
				/* 十五, 一百十一; 一万零百一十一 (cn2an says 10111) */
				if (p->u == 10 || after_zero)
					num = 1;
				else
					return 0;
			}
			section += num * p->u;
			last_small = last_unit = p->u;
			num = -1;
			after_zero = 0;
			prev_unit = 1;
			break;
		case T_TENS:
			if (num >= 0 || 10 >= last_small)
				return 0;
			section += p->d * 10;
			last_small = last_unit = 10;
			after_zero = 0;
			prev_unit = 1;
			break;
		case T_BIG:
			if ((after_zero && num < 0) || num == 0)
				return 0;
			part = section + (num >= 0 ? num : 0);
			if (p->u == 1e4 && i > a && t[i - 1].type == T_BIG && t[i - 1].u == 1e4) {
				/* 四万万 (old style) is 4亿; 万万万 is nothing */
				if (i - 1 > a && t[i - 2].type == T_BIG)
					return 0;
				total *= 1e4;
				big_last = 1e8;
			} else if (p->u == 1e4) {
				if (part == 0 || big_last == 1e4)
					return 0;
				total += part * 1e4;
			} else {
				/* 万亿 is 1e12; otherwise 亿 needs a number of its own */
				if (part == 0) {
					if (!(i > a && t[i - 1].type == T_BIG && t[i - 1].u == 1e4))
						return 0;
				} else if (big_last == 1e8) {
					return 0;
				}
				total = (total + part) * 1e8;
			}
			if (big_last != 1e8 || p->u != 1e4 || part != 0)
				big_last = p->u;
			last_unit = p->u;
			section = 0;
			num = -1;
			last_small = 1e300;
			after_zero = 0;
			prev_unit = 1;
			break;
		case T_HALF:
			if (i != b - 1 || !prev_unit)
				return 0;
			half = last_unit / 2;
			break;
		default:
			return 0;
		}
		if ((p->type == T_UNIT || p->type == T_BIG) && p->u > *maxu)
			*maxu = p->u;
		if (p->type == T_TENS && *maxu < 10)
			*maxu = 10;
	}
	if (after_zero)
		return 0;
	if (num >= 0 && single && numafter > 10)
		num *= numafter / 10;	/* 三万五: the 五 is 5千 */
	*val = total + section + (num >= 0 ? num : 0) + half;
	return 1;
}

/* the integer part t[a..b) */
static int
integer(const struct tok *t, size_t a, size_t b, int point, double *val, double *maxu)
{
	size_t i;

	if (a >= b)
		return 0;
	for (i = a; i < b; i++)
		if (t[i].type == T_UNIT || t[i].type == T_BIG ||
		    t[i].type == T_TENS || t[i].type == T_HALF)
			return structured(t, a, b, val, maxu);
	*maxu = 0;
	if (b - a == 1 && t[a].type == T_ARAB) {
		if (t[a].k)
			return 0;
		*val = t[a].m;
		return 1;
	}
	return digitstring(t, a, b, point, val);
}

static double
pow10i(int k)
{
	double p = 1;

	while (k-- > 0)
		p *= 10;
	return p;
}

int
cn_number(const char *s, size_t n, double *v)
{
	struct tok t[CN_MAXCP];
	size_t nt, i = 0, p, j;
	double mant, x, u, maxu, sc;
	int neg = 0, k;

	if (!tokenize(s, n, t, &nt))
		return 0;
	if (nt > 0 && t[0].type == T_NEG) {
		neg = 1;
		i = 1;
	}
	if (i >= nt)
		return 0;
	for (p = i; p < nt && t[p].type != T_POINT; p++)
		;
	if (t[i].type == T_ARAB && t[i].k > 0 && p == nt) {
		/* 1.5, 1.5万 */
		mant = t[i].m;
		k = t[i].k;
		maxu = 0;
		j = i + 1;
	} else if (p < nt) {
		/* 三点五, 一百点123, 十二点五万 */
		if (!integer(t, i, p, 1, &mant, &maxu))
			return 0;
		k = 0;
		j = p + 1;
		if (j < nt && t[j].type == T_ARAB) {
			if (t[j].k || t[j].comma)
				return 0;
			mant = mant * pow10i(t[j].nd) + t[j].m;
			k = t[j].nd;
			j++;
		} else {
			for (; j < nt && t[j].type == T_DIG && !(t[j].flags & (NUM_LIANG | NUM_YAO)); j++) {
				mant = mant * 10 + t[j].d;
				k++;
			}
		}
		if (k == 0)
			return 0;
	} else {
		if (!integer(t, i, nt, 0, &x, &maxu) || !isfinite(x))
			return 0;
		*v = neg && x != 0 ? -x : x;	/* no -0 */
		return 1;
	}
	/*
	 * A decimal may take 万 or 亿 after it, above any unit before the
	 * point. Not 十百千: 三点五十 is a clock time (3:50), 1.5千米 a length.
	 */
	u = 1;
	if (j < nt) {
		if (t[j].type != T_BIG)
			return 0;
		u = t[j++].u;
		if (u == 1e4 && j < nt && t[j].type == T_BIG && t[j].u == 1e8) {
			u = 1e12;
			j++;
		}
		if (u <= maxu)
			return 0;
	}
	if (j != nt)
		return 0;
	/* scale the integer mantissa first: 16.4亿 must come out exact */
	sc = pow10i(k);
	x = mant * u / sc;
	if (!isfinite(x))
		return 0;
	*v = neg && x != 0 ? -x : x;	/* no -0 */
	return 1;
}

static int
numchar(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	int c;

	if (ardigit(s, n, len) >= 0)
		return 1;
	if ((*len = groupsep(s, n)) > 0)
		return 1;
	if ((*len = point(s, n)) > 0)
		return 1;
	if ((c = utf8_dec(s, n, &cp)) < 0 || !lex_numeral(cp))
		return 0;
	*len = (size_t)c;
	return 1;
}

int
cn_digit(const char *s, size_t n, size_t *len)
{
	const struct numeral *nm;
	uint32_t cp;
	int c;

	if ((c = ardigit(s, n, len)) >= 0)
		return c;
	if ((c = utf8_dec(s, n, &cp)) < 0 || !(nm = lex_numeral(cp)) || nm->kind != T_DIG ||
	    (nm->flags & (NUM_LIANG | NUM_YAO)))
		return -1;
	*len = (size_t)c;
	return nm->d;
}

size_t
cn_number_prefix(const char *s, size_t n, double *v)
{
	size_t off[CN_MAXCP + 1], i = 0, len, k = 0;

	/* the run of number characters bounds every candidate */
	off[0] = 0;
	while (i < n && numchar(s + i, n - i, &len)) {
		if (k == CN_MAXCP)
			return 0;
		i += len;
		off[++k] = i;
	}
	for (; k > 0; k--)
		if (cn_number(s, off[k], v))
			return off[k];
	return 0;
}
