/*
 * values.c: matched text -> values: numbers, ranges, years, qualifiers.
 * The numerals themselves are lib/cnnum.c's.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnnum.h"
#include "lexicon.h"
#include "inkpipe.h"
#include "extract/engine.h"

static void
add_num(struct buf *b, double v)
{
	char d[24];
	size_t k = sizeof(d);
	unsigned long long u;

	/*
	 * Nearly every value is a whole number: its digits are what %.15g
	 * prints (below 1e15), without the cost of the float formatter.
	 */
	if (v >= 0 && !signbit(v) && v < 1e15 && v == (double)(u = (unsigned long long)v)) {
		do
			d[--k] = (char)('0' + u % 10);
		while (u /= 10);
		buf_add(b, d + k, sizeof(d) - k);
		return;
	}
	buf_printf(b, "%.15g", v);
}

/* text with blanks removed: OCR and gold reflow may keep spaces between parts */
char *
nospace(const char *s, size_t n)
{
	struct buf b = { 0 };
	size_t i;

	/* nearly every matched text has no blank: one copy */
	if (!memchr(s, ' ', n) && !memchr(s, '\t', n))
		return xstrndup(s, n);
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			buf_addc(&b, s[i]);
		else if (i + 1 < n && i > 0 && isalnum((unsigned char)s[i - 1]) && isalnum((unsigned char)s[i + 1]) &&
		    !isdigit((unsigned char)s[i - 1]))
			buf_addc(&b, ' ');	/* Latin words keep their space */
	if (!b.p)
		buf_adds(&b, "");
	return b.p;
}

/*
 * 20多万, 三十余万: "some" between a number and its multiplier is read as
 * the round number (the qualifier says over), never as a broken number
 */
static int
some_of(char *t, size_t len, double *v)
{
	static const char *some[] = { "\xE5\xA4\x9A", "\xE4\xBD\x99" };	/* 多 余 */
	static const char *mult[] = { "\xE5\x8D\x81", "\xE7\x99\xBE", "\xE5\x8D\x83",
		"\xE4\xB8\x87", "\xE4\xBA\xBF" };	/* 十 百 千 万 亿 */
	size_t i, k, j;

	for (i = 1; i + 6 <= len; i++)
		for (k = 0; k < LEN(some); k++)
			if (!memcmp(t + i, some[k], 3))
				for (j = 0; j < LEN(mult); j++)
					if (!memcmp(t + i + 3, mult[j], 3)) {
						char *u = xstrndup(t, len);
						int ok;
						memmove(u + i, u + i + 3, len - i - 3);
						ok = cn_number(u, len - 3, v);
						free(u);
						return ok;
					}
	return 0;
}

/* 近万 10000, 五个半 5.5, 1,200: the number part of a captured group */
int
numval(const char *s, size_t n, double *v)
{
	char *t = nospace(s, n);
	size_t len = strlen(t);
	int half = 0, ok;

	if (len >= 3 && !strcmp(t + len - 3, "\xE5\x8D\x8A")) {	/* 半 */
		half = 1;
		len -= 3;
		if (len >= 3 && !memcmp(t + len - 3, "\xE4\xB8\xAA", 3))	/* 个 */
			len -= 3;
	}
	ok = cn_number(t, len, v);
	if (!ok && len > 6)
		ok = some_of(t, len, v);
	if (!ok && len == 3) {
		/* 百年, 近万人: a unit alone means one of it */
		char one[7] = "\xE4\xB8\x80";
		memcpy(one + 3, t, 3);
		one[6] = '\0';
		ok = cn_number(one, 6, v);
	}
	free(t);
	if (ok && half)
		*v += 0.5;
	return ok;
}

static const char *rangesep[] = { "\xE8\x87\xB3", "\xE5\x88\xB0", "-", "~", "\xEF\xBD\x9E",
	"\xE2\x80\x94", "\xE2\x80\x93" };	/* 至 到 - ~ ～ — – */

/* 3至4 -> 3-4, 两三 -> 2-3, else a plain number */
static int
rangeval(const char *s, size_t n, struct buf *out)
{
	char *t = nospace(s, n);
	size_t len = strlen(t), i, sl;
	double a, b, m;
	uint32_t c1, c2;
	int k1, k2 = 0, ok = 0, cndig;
	const char *p;

	for (i = 0; i < LEN(rangesep); i++) {
		sl = strlen(rangesep[i]);
		if ((p = strstr(t, rangesep[i])) && p > t) {
			if (cn_number(t, (size_t)(p - t), &a) && numval(p + sl, len - (size_t)(p - t) - sl, &b)) {
				add_num(out, a);
				buf_addc(out, '-');
				add_num(out, b);
				ok = 1;
				goto done;
			}
		}
	}
	/*
	 * Two neighbouring Chinese digits are "two or three", not twenty-three;
	 * digits, ASCII or full-width (１２台 is twelve), are never read so, nor
	 * is 十 a digit here (九十 is ninety, not nine or ten).
	 */
	k1 = utf8_dec(t, len, &c1);
	cndig = k1 > 1 && !(c1 >= 0xFF10 && c1 <= 0xFF19);
	if (cndig && (size_t)k1 < len && (k2 = utf8_dec(t + k1, len - (size_t)k1, &c2)) > 0 &&
	    cn_number(t, (size_t)k1, &a) && cn_number(t + k1, (size_t)k2, &b) &&
	    a >= 1 && a <= 8 && b == a + 1) {
		size_t rest = len - (size_t)(k1 + k2);
		uint32_t c3;
		m = 1;
		/* ...and before 十/百/千/万 they are tens or hundreds: 二三十 is 20-30 */
		if (rest == 0 ||
		    ((size_t)utf8_dec(t + k1 + k2, rest, &c3) == rest &&
		    (c3 == 0x5341 || c3 == 0x767E || c3 == 0x5343 || c3 == 0x4E07) &&
		    numval(t + k1 + k2, rest, &m))) {
			add_num(out, a * m);
			buf_addc(out, '-');
			add_num(out, b * m);
			ok = 1;
			goto done;
		}
	}
	/*
	 * ...and after a round ten two neighbouring digits are its ones:
	 * 十五六 is 15-16, 二十七八 27-28 (no CJK digit is other than 3 bytes)
	 */
	if (len >= 9 && !memcmp(t + len - 9, "\xE5\x8D\x81", 3) &&	/* 十 */
	    cn_number(t + len - 6, 3, &a) && cn_number(t + len - 3, 3, &b) &&
	    a >= 1 && a <= 8 && b == a + 1 && cn_number(t, len - 6, &m)) {
		add_num(out, m + a);
		buf_addc(out, '-');
		add_num(out, m + b);
		ok = 1;
		goto done;
	}
	if (numval(t, len, &a)) {
		add_num(out, a);
		ok = 1;
	}
done:
	free(t);
	return ok;
}

static const struct { const char *w, *q; } quals[] = {
	{ "约", "about" }, { "大约", "about" }, { "近", "about" }, { "将近", "about" },
	{ "左右", "about" }, { "上下", "about" }, { "约计", "about" }, { "来", "about" },
	{ "余", "over" }, { "多", "over" }, { "逾", "over" }, { "以上", "over" },
	{ "超过", "over" }, { "超", "over" }, { "多达", "over" }, { "余名", "over" },
	{ "不足", "under" }, { "不到", "under" }, { "以下", "under" }, { "未满", "under" },
	{ "不少于", "over" }, { "不低于", "over" }, { "至少", "over" }, { "上", "over" },
};

static const char *
qualword(const char *s, size_t n)
{
	char *t = nospace(s, n);
	const char *q = "", *tq = "";
	size_t i;

	for (i = 0; i < LEN(quals); i++)
		if (!strcmp(t, quals[i].w))
			break;
	if (i < LEN(quals))
		q = quals[i].q;
	/* a time of day (3月5日上午) qualifies a date: the whole group is one */
	else if (lex_time_of_day(t, strlen(t), &tq) == strlen(t))
		q = tq;
	free(t);
	return q;
}

/* 今年/去年/前年/明年: the year counted from the issue's */
static const struct { const char *w; int off; } relyears[] = {
	{ "今年", 0 }, { "去年", -1 }, { "前年", -2 }, { "明年", 1 },
};
#define YEAR_UNKNOWN (-2)	/* yearval: a relative year with no issue date to count from */

/* year digits: 2020, 二〇二〇, ２０２０; or a year relative to the issue */
int
yearval(struct engine *en, const char *s, size_t n)
{
	double v;
	char *t = nospace(s, n);
	size_t len = strlen(t), i, k;
	int y = -1, d;
	struct buf b = { 0 };

	for (i = 0; i < LEN(relyears); i++)
		if (!strcmp(t, relyears[i].w)) {
			free(t);
			return en->issue_y > 0 ? en->issue_y + relyears[i].off : YEAR_UNKNOWN;
		}
	/* digit by digit: 二〇二〇 is 2-0-2-0, never two thousand and twenty */
	for (i = 0; i < len && (d = cn_digit(t + i, len - i, &k)) >= 0; i += k)
		buf_addc(&b, '0' + d);
	if (i >= len && b.len) {
		y = atoi(b.p);
		/*
		 * 98年 / 21年: the century that puts the year nearest the issue,
		 * at most five years after it (plans look ahead, not further),
		 * and never before 1900 (nobody writes 1890 as 90年); with no
		 * issue date, a fixed pivot.
		 */
		if (b.len == 2 && en->issue_y > 0) {
			y += en->issue_y / 100 * 100;
			if (y > en->issue_y + 5)
				y -= 100;
			else if (y + 100 <= en->issue_y + 5)
				y += 100;	/* an issue of 1998: 01年 is 2001 */
			if (y < 1900)
				y += 100;
		} else if (b.len == 2)
			y += y < 50 ? 2000 : 1900;
	} else if (numval(t, len, &v) && v >= 1000 && v < 3000)
		y = (int)v;
	buf_free(&b);
	free(t);
	return y;
}

int
intgroup(const char *subj, PCRE2_SIZE *ov, int g)
{
	double v;

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return -1;
	if (!numval(subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g], &v) || v < 0 || v > 9999)
		return -1;
	return (int)v;
}

char *
eval(const struct expr *x, const char *subj, PCRE2_SIZE *ov, uint32_t ngroups, int *ok)
{
	struct buf b = { 0 };
	const char *s;
	size_t n;
	double v;
	int i, g;

	if (x->fn == F_EMPTY || x->fn == F_DATE)
		return xstrdup("");
	if (x->fn == F_LIT)
		return xstrdup(x->arg);
	g = x->grp;
	for (i = 0; i < x->nalt; i++)
		if ((uint32_t)x->alt[i] < ngroups && ov[2 * x->alt[i]] != PCRE2_UNSET) {
			g = x->alt[i];
			break;
		}
	if (g < 0 || (uint32_t)g >= ngroups || ov[2 * g] == PCRE2_UNSET)
		return xstrdup("");
	s = subj + ov[2 * g];
	n = ov[2 * g + 1] - ov[2 * g];
	switch (x->fn) {
	case F_GROUP:
		return nospace(s, n);
	case F_QUAL:
		return xstrdup(qualword(s, n));
	case F_NUM:
		if (numval(s, n, &v))
			add_num(&b, v);
		else
			*ok = 0;
		break;
	case F_RANGE:
		if (!rangeval(s, n, &b))
			*ok = 0;
		break;
	default:
		break;
	}
	if (!b.p)
		buf_adds(&b, "");
	return b.p;
}

int
parse_issue(const char *s, int *y, int *m, int *d)
{
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}
