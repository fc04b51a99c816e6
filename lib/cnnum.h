/*
 * cnnum.c: numbers as written in Chinese text, Arabic or Chinese, to double.
 *
 * Accepted (the whole of s[0..n) must be one number):
 *   Arabic       123  1,234,567 (groups of three)  10.5  full-width ０-９
 *   Chinese      十五  一百零一  一千零十  一百一十一万  两千  三亿零五
 *                大写 壹贰叁肆伍陆柒捌玖拾佰仟, traditional 兩萬億貳參陸
 *                廿 卅 卌 (20 30 40): 廿二 = 22
 *   colloquial   三万五 = 35000, 两千六 = 2600, 一百二 = 120 (a lone last
 *                digit right after a unit counts in the next unit down)
 *   digit string 二〇二〇 = 2020, 一九九八, 零一 (three or more digits, or
 *                two with a 零/〇: 三四 and 五六 are ranges, so rejected)
 *   mixed        1.5万  3万5千  100万三千  1百01  三点五万  十二点五亿
 *   decimals     三点五  零点零一  一百点123  一二点三
 *   sign         leading 负 or - (负十 = -10)
 *   半           after a unit: 一万半 = 15000 (五个半 is the caller's)
 * Rejected, as cn2an's strict mode does: "" 负 元整 零点 点一 百十一
 * 十一十二 零点点 10..1万 10.1万零100, a unit without a number (万),
 * units out of order (一百一千), trailing 零 (一百零), and anything
 * else that is not a number character.
 * UTF-8 in; no allocation, no locale; never reads past n.
 */
#ifndef CNNUM_H
#define CNNUM_H

#include <stddef.h>

/* s[0..n) is entirely one number -> return 1 and set *v; otherwise return 0 */
int cn_number(const char *s, size_t n, double *v);

/*
 * longest prefix of s[0..n) that cn_number accepts; returns its byte
 * length, 0 if none. Looks at most CN_MAXCP code points ahead: a longer
 * unbroken run of number characters is not a number (returns 0).
 */
#define CN_MAXCP 64
size_t cn_number_prefix(const char *s, size_t n, double *v);

/*
 * the digit one character at s[0..n) writes: 0-9, ０-９, 〇 零 一 ... 九
 * and their financial forms (壹 贰 ...), not the colloquial 两 幺; -1 if none. *len
 * gets its bytes. Digit strings such as years (二〇二〇, 九八) read so.
 */
int cn_digit(const char *s, size_t n, size_t *len);

#endif
