/*
 * lexicon.h: the words of newsletter Chinese that more than one stage
 * reads, each list in one place (lexicon.c): numerals, measure words,
 * times of day. The rule files keep their own regex forms ({CNUM}, {MW},
 * {TOD} in rules/00-defs.rules) for the patterns.
 */
#ifndef LEXICON_H
#define LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* a numeral character: what cnnum.c's grammar sees of it */
enum { NUM_DIG, NUM_UNIT, NUM_BIG, NUM_TENS, NUM_POINT, NUM_HALF, NUM_NEG };
#define NUM_ZERO	1	/* 零 〇: a gap marker among units, a digit in strings */
#define NUM_LIANG	2	/* 两 兩 俩 倆: never in a digit string (两三 is a range) */
#define NUM_YAO		4	/* 幺: only in digit strings (phone-number style) */
#define NUM_FORMAL	8	/* financial (大写) or traditional: 壹 贰 拾 萬 兩 ... */
#define NUM_COLLOQ	16	/* spoken forms: 俩 幺 */
struct numeral {
	uint32_t cp;
	int kind;		/* NUM_DIG ... */
	int d;			/* NUM_DIG, NUM_TENS: its digit */
	int flags;		/* NUM_ZERO ... */
	double u;		/* NUM_UNIT, NUM_BIG: its value */
};
const struct numeral *lex_numeral(uint32_t cp);	/* NULL: no numeral */
/* 〇 零 一 ... 九 (plain digits, not 两) and 十 百 千: an issue number written out */
int lex_plain_digit_or_unit(uint32_t cp);
/* 〇 零 一 ... 九, 两 and 十: what a count written in Chinese ends with */
int lex_plain_count_char(uint32_t cp);

/* measure words: a count's unit (名, 台, 栋 ...) */
#define MW_COUNT	1	/* follows a count: 23 16 名 is one number split by OCR */
#define MW_BARE		2	/* ...and is taken as one even at the start of a line (人 名 个 ...) */
int lex_measure(uint32_t cp);	/* MW_* flags, 0 if none */
/* 余 多 after a number (20余台, 30多人): more than it */
int lex_approx_after(uint32_t cp);

/*
 * times of day after a date (3月5日上午): the length of the word at
 * s[0..n) (the longest), 0 if none; *qual (if not NULL) gets the
 * qualifier the records give it (morning, afternoon, evening), "" for
 * one they do not name (中午)
 */
size_t lex_time_of_day(const char *s, size_t n, const char **qual);

#endif
