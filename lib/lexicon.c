/*
 * lexicon.c: numerals, measure words and times of day, one list each
 * (lexicon.h says who reads them). UTF-8 in, no allocation, no locale.
 */
#include <string.h>

#include "inkpipe.h"
#include "lexicon.h"

/*
 * Every character cnnum.c reads as part of a number (Arabic digits and
 * points aside), sorted by code point for lex_numeral()
 */
static const struct numeral numerals[] = {
	{ '-', NUM_NEG, 0, 0, 0 },
	{ 0x2212, NUM_NEG, 0, 0, 0 },	/* minus sign */
	{ 0x3007, NUM_DIG, 0, NUM_ZERO, 0 },	/* 〇 */
	{ 0x4E00, NUM_DIG, 1, 0, 0 },	/* 一 */
	{ 0x4E03, NUM_DIG, 7, 0, 0 },	/* 七 */
	{ 0x4E07, NUM_BIG, 0, 0, 1e4 },	/* 万 */
	{ 0x4E09, NUM_DIG, 3, 0, 0 },	/* 三 */
	{ 0x4E24, NUM_DIG, 2, NUM_LIANG, 0 },	/* 两 */
	{ 0x4E5D, NUM_DIG, 9, 0, 0 },	/* 九 */
	{ 0x4E8C, NUM_DIG, 2, 0, 0 },	/* 二 */
	{ 0x4E94, NUM_DIG, 5, 0, 0 },	/* 五 */
	{ 0x4EBF, NUM_BIG, 0, 0, 1e8 },	/* 亿 */
	{ 0x4EDF, NUM_UNIT, 0, NUM_FORMAL, 1000 },	/* 仟 */
	{ 0x4F0D, NUM_DIG, 5, NUM_FORMAL, 0 },	/* 伍 */
	{ 0x4F70, NUM_UNIT, 0, NUM_FORMAL, 100 },	/* 佰 */
	{ 0x4FE9, NUM_DIG, 2, NUM_LIANG | NUM_COLLOQ, 0 },	/* 俩 */
	{ 0x5006, NUM_DIG, 2, NUM_LIANG | NUM_FORMAL | NUM_COLLOQ, 0 },	/* 倆 */
	{ 0x5104, NUM_BIG, 0, NUM_FORMAL, 1e8 },	/* 億 */
	{ 0x5169, NUM_DIG, 2, NUM_LIANG | NUM_FORMAL, 0 },	/* 兩 */
	{ 0x516B, NUM_DIG, 8, 0, 0 },	/* 八 */
	{ 0x516D, NUM_DIG, 6, 0, 0 },	/* 六 */
	{ 0x5341, NUM_UNIT, 0, 0, 10 },	/* 十 */
	{ 0x5343, NUM_UNIT, 0, 0, 1000 },	/* 千 */
	{ 0x5344, NUM_TENS, 2, 0, 0 },	/* 卄 */
	{ 0x5345, NUM_TENS, 3, 0, 0 },	/* 卅 */
	{ 0x534A, NUM_HALF, 0, 0, 0 },	/* 半 */
	{ 0x534C, NUM_TENS, 4, 0, 0 },	/* 卌 */
	{ 0x53C1, NUM_DIG, 3, NUM_FORMAL, 0 },	/* 叁 */
	{ 0x53C3, NUM_DIG, 3, NUM_FORMAL, 0 },	/* 參 */
	{ 0x53C4, NUM_DIG, 3, NUM_FORMAL, 0 },	/* 叄 */
	{ 0x56DB, NUM_DIG, 4, 0, 0 },	/* 四 */
	{ 0x58F9, NUM_DIG, 1, NUM_FORMAL, 0 },	/* 壹 */
	{ 0x5E7A, NUM_DIG, 1, NUM_YAO | NUM_COLLOQ, 0 },	/* 幺 */
	{ 0x5EFF, NUM_TENS, 2, 0, 0 },	/* 廿 */
	{ 0x62FE, NUM_UNIT, 0, NUM_FORMAL, 10 },	/* 拾 */
	{ 0x634C, NUM_DIG, 8, NUM_FORMAL, 0 },	/* 捌 */
	{ 0x67D2, NUM_DIG, 7, NUM_FORMAL, 0 },	/* 柒 */
	{ 0x70B9, NUM_POINT, 0, 0, 0 },	/* 点 */
	{ 0x7396, NUM_DIG, 9, NUM_FORMAL, 0 },	/* 玖 */
	{ 0x767E, NUM_UNIT, 0, 0, 100 },	/* 百 */
	{ 0x8086, NUM_DIG, 4, NUM_FORMAL, 0 },	/* 肆 */
	{ 0x842C, NUM_BIG, 0, NUM_FORMAL, 1e4 },	/* 萬 */
	{ 0x8CA0, NUM_NEG, 0, NUM_FORMAL, 0 },	/* 負 */
	{ 0x8CB3, NUM_DIG, 2, NUM_FORMAL, 0 },	/* 貳 */
	{ 0x8D1F, NUM_NEG, 0, 0, 0 },	/* 负 */
	{ 0x8D30, NUM_DIG, 2, NUM_FORMAL, 0 },	/* 贰 */
	{ 0x9646, NUM_DIG, 6, NUM_FORMAL, 0 },	/* 陆 */
	{ 0x9678, NUM_DIG, 6, NUM_FORMAL, 0 },	/* 陸 */
	{ 0x96F6, NUM_DIG, 0, NUM_ZERO, 0 },	/* 零 */
	{ 0x9EDE, NUM_POINT, 0, NUM_FORMAL, 0 },	/* 點 */
	{ 0xFF0D, NUM_NEG, 0, 0, 0 },	/* full-width minus */
};

const struct numeral *
lex_numeral(uint32_t cp)
{
	size_t lo = 0, hi = LEN(numerals), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (numerals[mid].cp == cp)
			return &numerals[mid];
		if (numerals[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* the everyday simplified numerals: not 壹 拾 萬 兩, not 俩 幺 */
static const struct numeral *
plain(uint32_t cp)
{
	const struct numeral *n = lex_numeral(cp);

	return n && !(n->flags & (NUM_FORMAL | NUM_COLLOQ)) ? n : NULL;
}

int
lex_plain_digit_or_unit(uint32_t cp)
{
	const struct numeral *n = plain(cp);

	return n && ((n->kind == NUM_DIG && !(n->flags & NUM_LIANG)) || n->kind == NUM_UNIT);
}

int
lex_plain_count_char(uint32_t cp)
{
	const struct numeral *n = plain(cp);

	return n && (n->kind == NUM_DIG || (n->kind == NUM_UNIT && n->u == 10));
}

/*
 * Measure words after a count. MW_BARE: the ones a line may start with
 * and still be the count's (共110 / 人参加); the others begin words
 * of their own too often there (部门, 项目, 只有, 天气).
 */
static const struct {
	const char *w;
	int flags;
} measures[] = {
	{ "名", MW_COUNT | MW_BARE }, { "人", MW_COUNT | MW_BARE }, { "位", MW_COUNT | MW_BARE },
	{ "个", MW_COUNT | MW_BARE }, { "户", MW_COUNT | MW_BARE }, { "台", MW_COUNT | MW_BARE },
	{ "次", MW_COUNT | MW_BARE }, { "元", MW_COUNT | MW_BARE },
	{ "部", MW_COUNT }, { "项", MW_COUNT }, { "场", MW_COUNT }, { "件", MW_COUNT },
	{ "家", MW_COUNT }, { "栋", MW_COUNT }, { "幢", MW_COUNT }, { "套", MW_COUNT },
	{ "条", MW_COUNT }, { "只", MW_COUNT }, { "岁", MW_COUNT }, { "天", MW_COUNT },
};

int
lex_measure(uint32_t cp)
{
	char u[4];
	size_t i;
	int k = utf8_enc(cp, u);

	for (i = 0; i < LEN(measures); i++)
		if (strlen(measures[i].w) == (size_t)k && !memcmp(measures[i].w, u, (size_t)k))
			return measures[i].flags;
	return 0;
}

int
lex_approx_after(uint32_t cp)
{
	char u[4];
	int k = utf8_enc(cp, u);

	return k == 3 && (!memcmp(u, "余", 3) || !memcmp(u, "多", 3));
}

/* times of day, the longer of two with one start first (晚上 before 晚) */
static const struct {
	const char *w, *q;
} tods[] = {
	{ "上午", "morning" }, { "早上", "morning" }, { "早晨", "morning" }, { "清晨", "morning" },
	{ "中午", "" }, { "下午", "afternoon" }, { "晚上", "evening" }, { "傍晚", "evening" },
	{ "晚间", "evening" }, { "夜间", "evening" }, { "晚", "evening" },
};

size_t
lex_time_of_day(const char *s, size_t n, const char **qual)
{
	size_t i, m;

	for (i = 0; i < LEN(tods); i++) {
		m = strlen(tods[i].w);
		if (n >= m && !memcmp(s, tods[i].w, m)) {
			if (qual)
				*qual = tods[i].q;
			return m;
		}
	}
	return 0;
}
