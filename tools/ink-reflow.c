/*
 * ink-reflow: OCR lines (plain text or ink-ocr's lines CSV) -> paragraphs
 * and articles.  See ink-reflow.1 and spec/records.md "Stage 2".
 *
 * The input is streamed through a small window of lines: a line is decided
 * once RING/2 lines after it are known (the column width is estimated from
 * its neighbours, a paragraph end from what follows), so memory stays flat
 * however long the input is.  Decided lines become units (a body paragraph,
 * a headline line, a source attribution, furniture); headline lines wait in
 * a short queue until the next paragraph shows whether they head it, close
 * the article before it, or are photo labels.
 */
#include <ctype.h>
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "inkpipe.h"

#define RING	 32		/* lines held: RING/2 behind, RING/2 - 1 ahead */
#define AHEAD	 (RING / 2 - 1)
#define LINECAP	 (1u << 20)	/* a longer input line is cut in pieces */
#define PARACAP	 (4u << 20)	/* a longer paragraph is broken */
#define MAXPEND	 8		/* headline lines waiting for their article */

enum kind { K_HEAD, K_BODY, K_SRC, K_CAPT, K_FURN };
static const char *kindname[] = { "headline", "body", "source", "caption", "furniture" };

struct ln {
	struct buf t;		/* the line, trimmed */
	unsigned long id;	/* input line number or ink-ocr line id */
	long page, block;
	double x, y, w, h;
	int geo;		/* x, y, w, h are known */
	int blank, indent, wid;
	int fin;		/* ends a sentence */
	int soft;		/* ends inside a sentence (，、；：) */
	int colon;		/* ends with a colon: a kicker before a headline */
	int comma;		/* has a comma or 、 */
	int period;		/* has 。 or ； */
	int closeq;		/* ends with ” 」 ！ ？ */
	int furn;		/* looks like page furniture */
	long srcoff;		/* byte offset of a closing source attribution, -1 none */
};

struct unit {
	int kind;
	struct buf t;
	unsigned long first, last;
	long page;
	int blank, colon;
};

struct rf {
	FILE *out;
	const char *name;	/* input name for messages */
	char *doc;
	int csv;		/* output CSV */
	/* line window */
	struct ln ring[RING];
	size_t start, n, cur;	/* cur: next line to decide, relative to start */
	int prev_end;		/* the last body line ended its paragraph */
	int saw_blank;		/* a blank line since the last decided line */
	/* paragraph being built */
	struct buf para;
	int pact, pmaxw, pnl, pcapped;
	int pregion;		/* starts a new text region: a new article */
	unsigned long pfirst, plast;
	long ppage;
	/* units */
	struct unit pend[MAXPEND];
	size_t npend;
	size_t cut;		/* pend[0..cut) came before page furniture */
	long art, para_no;
	int new_art, art_head, art_body;
	int last_maxw, last_nl;
	uint32_t *cps;		/* scratch for normalise() */
	size_t cpcap;
};

static int to_csv = -1;		/* -1: by input kind */
static const char *docopt;
static int printed;		/* text mode: something printed (blank line between articles) */
static int rc;
static int csvhead;		/* the CSV header is out */

/* ---- characters ---- */

static int
is_cjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) ||
	    (c >= 0x2018 && c <= 0x201F) || c == 0x2014 || c == 0x2015 ||
	    c == 0x2026 || c == 0x00B7;
}

/* an ideograph or kana: a character that fills a full cell */
static int
is_ideo(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF && !(c >= 0x3000 && c <= 0x303F)) ||
	    (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0x20000 && c <= 0x3FFFF);
}

static int
isdig(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) begins (at_end 0) or ends (at_end 1) with one of the nw words w */
static int
word_at(const char *s, size_t n, const char *const *w, size_t nw, int at_end)
{
	size_t k, m;

	for (k = 0; k < nw; k++) {
		m = strlen(w[k]);
		if (n >= m && !memcmp(at_end ? s + n - m : s, w[k], m))
			return 1;
	}
	return 0;
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\v' || c == '\f';
}

/*
 * Full-width digits and Latin letters are ASCII to an analyst: their
 * compatibility (NFKC) form. Only letters and digits are folded: NFKC would
 * also turn the CJK text's own ，：（） into ASCII punctuation.
 */
static uint32_t
fold(uint32_t c)
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
static int
cwidth(uint32_t c)
{
	if (is_space(c))
		return 0;
	if (is_ideo(c) || (c >= 0xFF10 && c <= 0xFF5A && c != 0xFF1A && c != 0xFF1B &&
	    !(c >= 0xFF1C && c <= 0xFF20) && !(c >= 0xFF3B && c <= 0xFF40)))
		return 2;
	return 1;
}

static uint32_t
dec(const char *s, size_t n, size_t *i)
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
static uint32_t
prevcp(const char *s, size_t e, size_t *b)
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

static int
is_close(uint32_t c)
{
	return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
	    c == ')' || c == 0x300B || c == 0x3009 || c == 0x3011 || c == '"' || c == '\'';
}

static int
is_fin(uint32_t c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' ||
	    c == 0x2026 || c == '.' || c == 0xFF0E;
}

/* ---- one input line: its features ---- */

/*
 * The last character before s[*i] that is not a space; *b gets its start
 * and *i stays just after it (0 when there is none).
 */
static uint32_t
lastsolid(const char *s, size_t *i, size_t *b)
{
	uint32_t c;

	while (*i > 0) {
		c = prevcp(s, *i, b);
		if (!is_space(c))
			return c;
		*i = *b;
	}
	return 0;
}

/*
 * A source attribution closing an article: "（社区党建办）" or
 * "（党群中心 程珊珊）" at the end of a line, alone or after the end of a
 * sentence.  Its inside is a short name: ideographs, a space, a dot.
 */
static long
source_at(const char *s, size_t n)
{
	size_t i, b, open = 0;
	uint32_t c;
	int ideo = 0, len = 0, found = 0;

	c = prevcp(s, n, &b);
	if (c != 0xFF09 && c != ')')
		return -1;
	i = b;
	while (i > 0 && len <= 24) {
		c = prevcp(s, i, &b);
		i = b;
		if (c == 0xFF08 || c == '(') {
			open = b;
			found = 1;
			break;
		}
		if (is_ideo(c))
			ideo++;
		else if (!is_space(c) && c != 0x00B7 && c != 0x30FB && c != '/' &&
		    c != 0xFF0F && c != 0xFF1A && c != ':' && c != 0x3001 &&
		    !(c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return -1;	/* 文/图 徐佳, 摄影：李明 */
		len++;
	}
	if (!found || ideo < 2 || len > 20)
		return -1;
	i = open;
	c = lastsolid(s, &i, &b);
	if (i == 0)
		return 0;
	/* a stray quote the OCR saw before the bracket */
	if ((c == 0x201C || c == '"') && b > 0) {
		i = b;
		c = lastsolid(s, &i, &b);
		if (i == 0)
			return 0;
	}
	while (is_close(c) && i > 0) {
		i = b;
		if (i == 0)
			return -1;
		c = prevcp(s, i, &b);
	}
	return is_fin(c) ? (long)open : -1;
}

static int
has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

/*
 * needle as a word's end: followed by the line's end, a blank, a digit or
 * 第 (社区报 2021年…, 主办 2021年…), never by another ideograph (报名,
 * 报告, 主办方)
 */
static int
has_end(const char *s, size_t n, const char *needle)
{
	const char *p = s, *e = s + n;
	size_t k = strlen(needle), i;
	uint32_t c;

	while ((p = strstr(p, needle)) && p < e) {
		p += k;
		i = (size_t)(p - s);
		if (i >= n)
			return 1;
		c = dec(s, n, &i);
		if (!is_ideo(c) || c == 0x7B2C)
			return 1;
	}
	return 0;
}

/* nothing but a date, a weekday, an issue or page number */
static int
dateline(const char *s, size_t n)
{
	static const char *ok[] = { "年", "月", "日", "号", "星期", "周", "第", "版", "期",
		"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "天", "-", "/", ".",
		" ", "\t", "　", "０", "１", "２", "３", "４", "５", "６", "７", "８", "９" };
	size_t i = 0, k;

	while (i < n) {
		if (s[i] >= '0' && s[i] <= '9') {
			i++;
			continue;
		}
		for (k = 0; k < LEN(ok); k++)
			if (!strncmp(s + i, ok[k], strlen(ok[k])))
				break;
		if (k == LEN(ok))
			return 0;
		i += strlen(ok[k]);
	}
	return 1;
}

/* a wide gap: two spaces or more, a tab, an ideographic space */
static size_t
gap_at(const char *s, size_t n, size_t i)
{
	size_t g = i;

	while (g < n) {
		if (s[g] == ' ' || s[g] == '\t')
			g++;
		else if (n - g >= 3 && !memcmp(s + g, "　", 3))
			g += 3;
		else
			break;
	}
	/* one ASCII space is a word's, not a gap */
	return g - i >= 2 || (g > i && s[i] != ' ') ? g : i;
}

/*
 * A whole date, as running heads print it: 年 and 月 (2021 年 1 月 20 日,
 * maybe with its weekday), or three numbers (2021.1.20); a month and day
 * alone (3月5日) heads a chronicle's entry, not a page.
 */
static int
full_date(const char *d, size_t dn)
{
	size_t j = 0, fields = 0, seps = 0;
	int indig = 0, dig;
	uint32_t c;

	if (!dateline(d, dn))
		return 0;
	if (memmem(d, dn, "年", 3) && memmem(d, dn, "月", 3))
		return 1;
	while (j < dn) {
		c = fold(dec(d, dn, &j));	/* full-width digits too */
		dig = isdig(c);
		if (dig && !indig)
			fields++;
		if (c == '.' || c == '-' || c == '/')
			seps++;
		indig = dig;
	}
	return fields >= 3 && seps >= 2;
}

/* a page number: one to three digits and nothing else */
static int
page_number(const char *d, size_t dn)
{
	size_t j;

	if (dn < 1 || dn > 3)
		return 0;
	for (j = 0; j < dn; j++)
		if (d[j] < '0' || d[j] > '9')
			return 0;
	return 1;
}

/* the name of a newspaper's section: 要闻, 综合新闻, 社区动态, 党建 */
static int
section_name(const char *w, size_t wn)
{
	static const char *const end[] = { "要闻", "新闻", "动态", "综合", "党建", "民生", "文化",
		"专题", "副刊", "视点", "人物", "时政", "评论", "专版", "特刊", "资讯", "广角" };

	return word_at(w, wn, end, LEN(end), 1);
}

/*
 * A running head: a whole date and a section's name (2021 年 1 月 20 日
 * 综合新闻), or a page number and a section's name (2  要闻), set apart by
 * a wide gap, the date on either side. The name is two to eight
 * ideographs and nothing else. A chronicle's entry (3月5日  召开动员大会),
 * a list item (1.  加装电梯) or a table row (参加人数    120) is none.
 */
static int
running_head(const char *s, size_t n)
{
	size_t i, g, e, k, j;
	uint32_t c;

	for (e = n; e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'); )
		e--;
	/* the first gap and the last: a weekday may stand between date and name */
	for (k = 0; k < 2; k++) {
		size_t b = 0;
		for (i = 0, g = 0; i < e; i++) {
			size_t t = gap_at(s, e, i);
			if (t > i) {
				b = i, g = t;
				if (!k)
					break;
				i = t - 1;
			}
		}
		if (!g || !b || g >= e)
			continue;
		for (j = 0; j < 2; j++) {
			const char *d = j ? s + g : s, *w = j ? s : s + g;
			size_t dn = j ? e - g : b, wn = j ? b : e - g, x = 0;
			int ideo = 0, ok = 1;
			if (!full_date(d, dn) && !(!j && page_number(d, dn) && section_name(w, wn)))
				continue;
			while (x < wn && ok) {
				c = dec(w, wn, &x);
				if (is_ideo(c))
					ideo++;
				else
					ok = 0;
			}
			if (ok && ideo >= 2 && ideo <= 8)
				return 1;
		}
	}
	return 0;
}

/* 〇 to 十, 百, 千: the digits of an issue number written out */
static int
cn_digit(uint32_t c)
{
	return (c == 0x3007 || c == 0x96F6 || c == 0x4E00 || c == 0x4E8C ||
	    c == 0x4E09 || c == 0x56DB || c == 0x4E94 || c == 0x516D || c == 0x4E03 ||
	    c == 0x516B || c == 0x4E5D || c == 0x5341 || c == 0x767E || c == 0x5343);
}

/*
 * Page furniture standing alone: QR-code boxes, running heads in capitals
 * (HEADLINE) or of one or two characters (全景), page numbers, mastheads
 * ("社区报 2021-03-15", "第12期").
 */
static int
furniture(const char *s, size_t n)
{
	size_t i = 0;
	int ideo = 0, up = 0, low = 0, dig = 0, sent = 0, issue = 0;
	uint32_t c, last = 0, prev = 0;

	if (has(s, "二维码") || has(s, "扫一扫") || has(s, "扫码关注"))
		return 1;
	while (i < n) {
		c = fold(dec(s, n, &i));
		if (is_ideo(c))
			ideo++;
		else if (c >= 'A' && c <= 'Z')
			up++;
		else if (c >= 'a' && c <= 'z')
			low++;
		else if (c >= '0' && c <= '9')
			dig++;
		else if (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B)
			sent++;
		if ((last >= '0' && last <= '9') && (c == 0x7248 || c == 0x671F) && !sent) {
			if (ideo <= 12)
				return 1;	/* 第3版, 第12期 */
			issue = 1;	/* ...in a longer line: a masthead, below, if 报 */
		}
		/* 第十一期 */
		if ((c == 0x7248 || c == 0x671F) && prev == 0x7B2C)
			issue = 1;
		if (!is_space(c)) {
			if (c == 0x7B2C || (prev == 0x7B2C && cn_digit(c)))
				prev = 0x7B2C;
			else
				prev = 0;
			last = c;
		}
	}
	if (sent)
		return 0;
	/* a masthead: the paper's name with its issue or date (曹杨湾社区报 第十一期 2020.11.10) */
	if (has_end(s, n, "报") && (issue || dig >= 6) && ideo <= 24)
		return 1;
	/* the publisher's line: 安澜镇街道 主办 2021年1月18日 */
	if ((has_end(s, n, "主办") || has_end(s, n, "编印")) && (issue || dig >= 4) && ideo <= 24)
		return 1;
	if (dig && dateline(s, n))
		return 1;	/* 2021年3月15日 星期一 */
	if (dig && running_head(s, n))
		return 1;	/* 2021 年 1 月 20 日    综合新闻 */
	if (ideo == 0 && low == 0)
		return 1;	/* HEADLINE, page numbers */
	if (ideo <= 2 && up + low + dig == 0)
		return 1;	/* 全景 */
	if (ideo <= 8 && (dig >= 4 || last == 0x62A5) && has(s, "报"))
		return 1;	/* masthead, maybe with its date */
	return 0;
}

/*
 * Specks on a noisy scan come out as a lone comma or dot far right of the
 * line ("群众，        ，"): the line is judged without them (they stay in
 * the text; removing OCR errors is not this tool's business).
 */
static size_t
noise_end(const char *s, size_t n)
{
	size_t e = n, b, k = 0, sp = 0;
	uint32_t c;

	while (e > 0 && k < 2) {
		c = prevcp(s, e, &b);
		if (is_space(c) || is_ideo(c) || (c < 0x80 && isalnum(c)))
			break;
		e = b;
		k++;
	}
	while (e > 0) {
		c = prevcp(s, e, &b);
		if (!is_space(c))
			break;
		e = b;
		sp++;
	}
	return k > 0 && sp >= 3 && e > 0 ? e : n;
}

static void
features(struct ln *l)
{
	const char *s = l->t.p;
	size_t n = noise_end(s, l->t.len), i = 0, b;
	uint32_t c, last = 0;

	l->wid = l->comma = l->period = 0;
	while (i < n) {
		c = dec(s, n, &i);
		l->wid += cwidth(c);
		if (c == 0xFF0C || c == 0x3001 || c == ',')
			l->comma = 1;
		if (c == 0x3002 || c == 0xFF1B)
			l->period = 1;
		last = c;
	}
	l->colon = last == 0xFF1A || last == ':';
	l->soft = l->colon || last == 0xFF0C || last == 0x3001 || last == 0xFF1B ||
	    last == ',' || last == ';';
	l->closeq = last == 0x201D || last == 0x300D || last == 0x300F || last == 0xFF01 ||
	    last == 0xFF1F || last == '!' || last == '?';
	/* the sentence end behind closing quotes and brackets */
	i = n;
	c = last;
	while (i > 0 && is_close(c)) {
		c = prevcp(s, i, &b);
		if (!is_close(c))
			break;
		i = b;
		c = i ? prevcp(s, i, &b) : 0;
	}
	l->fin = is_fin(c);
	if (!l->fin && is_close(last) && n) {
		/* "…了！”" : the character before the quotes */
		i = n;
		while (i > 0) {
			c = prevcp(s, i, &b);
			if (!is_close(c))
				break;
			i = b;
		}
		l->fin = is_fin(c);
	}
	l->srcoff = source_at(s, n);
	l->furn = furniture(s, n);
}

/* ---- normalisation of a paragraph ---- */

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
	/* what follows a count: a measure word, 余/多, or 万/亿 */
	static const char mw[] = "名人位个户台部次元万亿余多项场件家栋幢套条只岁天";
	size_t a = j, b = e, m;
	char u[8];

	if (!isdig(v[j - 1]) || !isdig(v[e]))
		return 0;
	while (a > 0 && isdig(v[a - 1]))
		a--;
	while (b < k && isdig(v[b]))
		b++;
	/* two long numbers side by side are two (2020 2021, a phone number) */
	if (j - a >= 4 && b - e >= 4)
		return 0;
	while (b < k && v[b] == ' ')
		b++;
	if (!(a > 0 && is_cjk(v[a - 1]) && b < k && v[b] >= 0x80))
		return 0;
	m = (size_t)utf8_enc(v[b], u);
	u[m] = '\0';
	return strstr(mw, u) != NULL;
}

/*
 * Spaces next to CJK go, spaces between Latin words shrink to one,
 * half-width ,:;?!() beside CJK become full-width, full-width digits and
 * letters become ASCII.  Nothing else is touched.
 */
static void
normalise(const char *s, size_t n, struct buf *o, uint32_t **cps, size_t *cap)
{
	size_t i = 0, k = 0, j;
	uint32_t c, *v;

	buf_reset(o);
	while (i < n) {
		if (k + 1 >= *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*cps = xreallocarray(*cps, *cap, sizeof(**cps));
		}
		c = fold(dec(s, n, &i));
		(*cps)[k++] = is_space(c) ? ' ' : c;
	}
	v = *cps;
	/* drop spaces that touch CJK, collapse the rest */
	for (i = j = 0; i < k; i++) {
		if (v[i] == ' ') {
			size_t e = i;
			while (e < k && v[e] == ' ')
				e++;
			if (j > 0 && e < k && !is_cjk(v[j - 1]) && !is_cjk(v[e]) &&
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
		if (w && ((i > 0 && is_cjk(v[i - 1]) && v[i - 1] != 0xFF09) ||
		    (i + 1 < k && is_cjk(v[i + 1]))))
			put(o, w);
		else
			put(o, v[i]);
	}
}

/* ---- output ---- */

static void
csv_header(FILE *fp)
{
	if (!csvhead++)
		fputs("doc,article,para,kind,page,first_line,last_line,text\n", fp);
}

static void
start_article(struct rf *r)
{
	r->art++;
	r->para_no = 0;
	r->new_art = 0;
	r->art_head = r->art_body = 0;
	if (!r->csv && printed)
		fputc('\n', r->out);
}

static void
emit(struct rf *r, int kind, const char *s, size_t n, unsigned long first,
    unsigned long last, long page)
{
	if (kind != K_FURN && (r->new_art || r->art == 0))
		start_article(r);
	if (!r->csv) {
		if (kind == K_FURN)
			return;
		if (kind == K_HEAD)
			fputs("# ", r->out);
		fwrite(s, 1, n, r->out);
		fputc('\n', r->out);
		printed = 1;
		return;
	}
	csv_puts(r->out, r->doc, 0);
	csv_putl(r->out, r->art, 0);
	csv_putl(r->out, ++r->para_no, 0);
	csv_puts(r->out, kindname[kind], 0);
	if (page >= 0)
		csv_putl(r->out, page, 0);
	else
		csv_puts(r->out, "", 0);
	csv_putl(r->out, (long)first, 0);
	csv_putl(r->out, (long)last, 0);
	csv_put(r->out, s, n, 1);
}

static void
emit_unit(struct rf *r, struct unit *u, int kind)
{
	emit(r, kind, u->t.p ? u->t.p : "", u->t.len, u->first, u->last, u->page);
}

/*
 * The headline lines queued before a paragraph (or the end): the group
 * next to the paragraph heads it (two lines at most, with a kicker ending
 * in a colon before it); lines before that group close the previous
 * article when it had no headline of its own (a headline printed after
 * its article), else they are labels of photos.
 */
static void
resolve(struct rf *r, int before_body)
{
	size_t g = r->npend, i;

	if (!r->npend)
		return;
	if (before_body) {
		g = r->npend - 1;
		while (g > 0 && !r->pend[g].blank)
			g--;
		if (r->npend - g > 2)
			g = r->npend - 2;
		if (g > 0 && r->npend - g == 1 && r->pend[g - 1].colon &&
		    (g == 1 || r->pend[g - 1].blank))
			g--;
		/* furniture in between: those lines belong to another page */
		if (g < r->cut)
			g = r->cut;
	}
	r->cut = 0;
	if (g > 0) {
		int late = r->art_body && !r->art_head;
		if (late)
			r->new_art = 1;
		for (i = 0; i < g; i++)
			emit_unit(r, &r->pend[i], late ? K_HEAD : K_FURN);
		if (late)
			r->new_art = 1;
	}
	if (g < r->npend) {
		r->new_art = 1;
		for (i = g; i < r->npend; i++) {
			emit_unit(r, &r->pend[i], K_HEAD);
			r->art_head = 1;
		}
	}
	r->npend = 0;
}

static void
unit_text(struct rf *r, struct unit *u, const char *s, size_t n)
{
	normalise(s, n, &u->t, &r->cps, &r->cpcap);
}

static void
push_head(struct rf *r, struct ln *l, int blank)
{
	struct unit *u;

	if (r->npend == MAXPEND) {
		/* a long run of lone short lines: the oldest were labels */
		emit_unit(r, &r->pend[0], K_FURN);
		buf_free(&r->pend[0].t);
		memmove(r->pend, r->pend + 1, (MAXPEND - 1) * sizeof(*r->pend));
		r->npend--;
		memset(&r->pend[r->npend], 0, sizeof(r->pend[0]));
		if (r->cut)
			r->cut--;
	}
	u = &r->pend[r->npend++];
	unit_text(r, u, l->t.p, l->t.len);
	u->first = u->last = l->id;
	u->page = l->page;
	u->blank = blank;
	u->colon = l->colon;
}

static void
single(struct rf *r, struct ln *l, int kind, size_t off, size_t len)
{
	struct unit u = { 0 };

	unit_text(r, &u, l->t.p + off, len);
	u.first = u.last = l->id;
	u.page = l->page;
	if (kind == K_SRC) {
		resolve(r, 0);
		emit_unit(r, &u, K_SRC);
		r->new_art = 1;
	} else
		emit_unit(r, &u, kind);
	if (kind == K_FURN && !r->pact)	/* not inside the paragraph they head */
		r->cut = r->npend;
	buf_free(&u.t);
}

/* "图为…", "（图：…）": the text under a photo */
static int
caption(const char *s, size_t n)
{
	if (!s)
		return 0;
	return (n >= 6 && (!memcmp(s, "图为", 6) || !memcmp(s, "图：", 6) ||
	    !memcmp(s, "图/", 4))) || (n >= 6 && !memcmp(s, "（图", 6) && n < 120);
}

/* a paragraph is complete */
static void
end_para(struct rf *r)
{
	struct unit u = { 0 };

	if (!r->pact)
		return;
	r->pact = 0;
	if (r->para.len == 0)
		return;
	unit_text(r, &u, r->para.p, r->para.len);
	if (r->pregion && r->npend == 0)
		r->new_art = 1;	/* unless headlines start the article anyway */
	resolve(r, 1);
	/*
	 * A paragraph set in a clearly different column width than the one
	 * before it belongs to another article (a lead box, a story placed
	 * across the columns).
	 */
	r->pregion = 0;
	if (!r->new_art && r->art_body && r->last_nl >= 3 && r->pnl >= 3) {
		int a = r->last_maxw, b = r->pmaxw;
		if ((a < b ? a : b) * 5 < (a > b ? a : b) * 4)
			r->new_art = 1;
	}
	emit(r, caption(u.t.p, u.t.len) ? K_CAPT : K_BODY, u.t.p ? u.t.p : "", u.t.len,
	    r->pfirst, r->plast, r->ppage);
	r->art_body = 1;
	r->last_maxw = r->pmaxw;
	r->last_nl = r->pnl;
	buf_free(&u.t);
	buf_reset(&r->para);
}

static int
latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* append a line to the paragraph: CJK joins tight, Latin words with a space */
static void
join(struct rf *r, const char *s, size_t n, const struct ln *l)
{
	size_t b, i = 0;
	uint32_t a, c;

	if (!r->pact) {
		r->pact = 1;
		r->pfirst = l->id;
		r->ppage = l->page;
		r->pmaxw = 0;
		r->pnl = 0;
		buf_reset(&r->para);
	}
	r->plast = l->id;
	/* the first line may have lost its indent: the others show the column */
	if (r->pnl++ > 0 && l->wid > r->pmaxw)
		r->pmaxw = l->wid;
	if (r->para.len && n) {
		a = prevcp(r->para.p, r->para.len, &b);
		c = dec(s, n, &i);
		if ((a == '-' || a == 0xAD) && b > 0 && c >= 'a' && c <= 'z') {
			size_t bb;
			uint32_t p = prevcp(r->para.p, b, &bb);
			if ((p | 0x20) >= 'a' && (p | 0x20) <= 'z') {
				r->para.len = b;	/* hyphenated at the line end */
				r->para.p[b] = '\0';
				goto add;
			}
		}
		/* a number broken over two lines stays one number */
		if (a < 0x80 && c < 0x80 && (latin(c) || c == '(' || (isdig(c) && !isdig(a))) &&
		    (latin(a) || isdig(a) || strchr(".,;:!?)%'\"", (int)a)))
			buf_addc(&r->para, ' ');
	}
add:
	buf_add(&r->para, s, n);
}

/* ---- deciding a line ---- */

static struct ln *
at(struct rf *r, size_t k)
{
	return &r->ring[(r->start + k) % RING];
}

/*
 * The column width around the line being decided (the window holds the
 * lines on both sides of it): a high percentile of their widths,
 * after setting aside lines far wider (headlines across columns) or far
 * narrower (paragraph ends, headlines) than the usual one.
 */
static int
colwidth(struct rf *r)
{
	int w[RING], m, kept = 0, i, nw = 0;
	size_t j;

	for (j = 0; j < r->n; j++) {
		struct ln *l = at(r, j);
		if (!l->blank && l->wid > 0)
			w[nw++] = l->wid;
	}
	if (nw == 0)
		return 1;
	for (i = 1; i < nw; i++) {	/* at most RING widths: insertion sort */
		int v = w[i], q = i;
		while (q > 0 && w[q - 1] > v) {
			w[q] = w[q - 1];
			q--;
		}
		w[q] = v;
	}
	m = w[nw * 7 / 10];	/* above the short lines: headlines, paragraph ends */
	for (i = 0; i < nw; i++)
		if (w[i] * 2 >= m && w[i] * 4 <= m * 5 + 4)
			w[kept++] = w[i];
	if (kept == 0)
		return m;
	return w[(kept * 4) / 5 < kept ? (kept * 4) / 5 : kept - 1];
}

/*
 * The line ends in a word that takes a date after it (截至, 直到, 定于):
 * the next line's date goes on its sentence, it opens none.
 */
static int
ends_governing(const struct ln *l)
{
	static const char *const w[] = { "截至", "截止", "直到", "定于", "将于", "至", "到", "于",
		"在", "自", "从", "是", "为", "的" };

	return word_at(l->t.p, l->t.len, w, LEN(w), 1);
}

/*
 * The line opens a news report the way a lead does: a day and a comma
 * (12月29日下午，  1月8日，) or 近日， / 日前，. Running text that breaks
 * before a date has a preposition or a verb before it, not a gap.
 */
static int
news_lead(const struct ln *l)
{
	static const char *tod[] = { "上午", "下午", "晚上", "早上", "中午", "晚", "" };
	char b[64];
	const char *p = b, *e;
	size_t k, d, n = 0;

	/* OCR spaces (12月 29 日) do not count; the lead is in the first bytes */
	for (k = 0; k < l->t.len && n < sizeof(b); k++) {
		if (l->t.len - k >= 3 && !memcmp(l->t.p + k, "　", 3)) {
			k += 2;
			continue;
		}
		if (l->t.p[k] != ' ' && l->t.p[k] != '\t')
			b[n++] = l->t.p[k];
	}
	e = b + n;

	if (n >= 9 && (!memcmp(p, "近日，", 9) || !memcmp(p, "日前，", 9)))
		return 1;
	for (d = 0; p < e && *p >= '0' && *p <= '9'; p++)
		d++;
	if (d < 1 || d > 2 || e - p < 3 || memcmp(p, "月", 3))
		return 0;
	for (p += 3, d = 0; p < e && *p >= '0' && *p <= '9'; p++)
		d++;
	if (d < 1 || d > 2 || e - p < 3 || memcmp(p, "日", 3))
		return 0;
	p += 3;
	for (k = 0; k < LEN(tod); k++)
		if ((size_t)(e - p) >= strlen(tod[k]) && !memcmp(p, tod[k], strlen(tod[k])))
			break;
	p += strlen(tod[k]);
	return e - p >= 3 && !memcmp(p, "，", 3);
}

/* the line starts with a measure word, an approximation or closing punctuation */
static int
goes_on(const struct ln *l)
{
	static const char *const w[] = { "余", "多", "万", "千", "百", "亿", "人", "名", "个", "位",
		"台", "户", "次", "元", "年", "月", "日", "号", "弄", "，", "。", "、", "；", "：",
		"）", "”", "」", "』" };

	return word_at(l->t.p, l->t.len, w, LEN(w), 0);
}

/*
 * A headline line, given that the line before it ended a paragraph: no
 * sentence inside, and a width that no line of running text has (short,
 * or wider than the column), or set apart and shaped like a title.
 * nx is the next non-blank line, apart says a blank line or a headline
 * line comes before, kicker that the one before ends in a colon.
 */
static int
is_head(const struct ln *l, int W, const struct ln *nx, int apart, int kicker, int big)
{
	if (l->period || l->furn || l->wid < 4 || l->wid > 160 || l->wid > 3 * W)
		return 0;
	if (l->soft && !l->colon)
		return 0;
	if (big && !l->comma)
		return 1;	/* set in a larger type than the text around */
	if (kicker && !l->comma && l->wid <= W + 3)
		return 1;	/* the title after "某某书记：" */
	if (l->comma && l->wid * 10 > W * 6)
		return 0;	/* a comma only in a short title: 一、加强组织领导 */
	if (!nx)
		return 1;
	if (l->wid * 10 <= W * 7)
		return 1;
	if (l->wid > W + 3)
		return nx->wid <= W + 3;	/* not a line of a wider column */
	/*
	 * As wide as the column: a headline only when set apart (a blank line
	 * or another headline line before it) and shaped like one.
	 */
	if (l->comma || !apart)
		return 0;
	if (l->closeq)
		return 1;
	if (nx->wid * 10 > W * 13)
		return 1;	/* a wider column starts below it */
	return (nx->wid <= W - 3 && !nx->fin && !nx->soft && !nx->indent && !nx->furn) ||
	    (!l->indent && !ends_governing(l) && news_lead(nx));
}

/*
 * Does line l end its paragraph?  Only a sentence end can, and then only
 * with a sign that the paragraph stops: l falls short of the column, or
 * the next line is short of it (the first line's indent that OCR dropped),
 * is a source, opens a wider column, or comes after a blank line (gap) and
 * l is not the paragraph's first line (nl lines so far).  An indent kept
 * ends it anyway, unless the next line goes on with what cannot begin one.
 */
static int
para_end(const struct ln *l, int W, const struct ln *nx, int gap, int nl)
{
	if (!nx)
		return 1;
	/* an indent before what cannot begin a paragraph is a stray blank (goes_on) */
	if (nx->indent && !l->soft && !goes_on(nx))
		return 1;
	if (!l->fin)
		return 0;
	if (l->wid <= W - 5 || nx->srcoff == 0 || nx->wid <= W - 3)
		return 1;
	/*
	 * Archives that separate paragraphs by a blank line; a blank line after
	 * a paragraph's first line is the OCR's, not a paragraph end.
	 */
	if (gap && nl >= 2)
		return 1;
	return nx->wid * 10 > W * 13 && l->wid * 10 <= W * 13;
}

/*
 * A line of the lines CSV whose height is well above the median of the
 * lines around it is set in a headline type.  Heights are noisy (specks
 * make boxes taller), so this only backs a line that already stands apart.
 */
static int
bigtype(struct rf *r, const struct ln *l)
{
	double h[RING];
	int nh = 0, i, q;
	size_t j;

	if (!l->geo || l->h <= 0)
		return 0;
	for (j = 0; j < r->n; j++) {
		struct ln *o = at(r, j);
		if (!o->blank && o->geo && o->h > 0)
			h[nh++] = o->h;
	}
	if (nh < 5)
		return 0;
	for (i = 1; i < nh; i++) {
		double v = h[i];
		for (q = i; q > 0 && h[q - 1] > v; q--)
			h[q] = h[q - 1];
		h[q] = v;
	}
	return l->h >= 1.6 * h[nh / 2];
}

/*
 * Plain OCR text keeps a leading space where a new text region starts;
 * when such lines are rare they mark a new article, when they are
 * frequent they are just paragraph indents.
 */
static int
lone_indent(struct rf *r)
{
	size_t j;

	for (j = 0; j < r->n; j++) {
		struct ln *o = at(r, j);
		if (j != r->cur && o->indent && !o->blank)
			return 0;
	}
	return 1;
}

static void
decide(struct rf *r)
{
	struct ln *l = at(r, r->cur), *nx = NULL;
	size_t j;
	int W;

	if (l->blank) {
		r->saw_blank = 1;
		return;
	}
	for (j = r->cur + 1; j < r->n; j++)
		if (!at(r, j)->blank) {
			nx = at(r, j);
			break;
		}
	W = colwidth(r);
	if (l->geo) {
		/* an indent the OCR kept as geometry: left of the block's lines */
		double left = l->x;
		for (j = 0; j < r->n; j++) {
			struct ln *o = at(r, j);
			if (!o->blank && o->geo && o->page == l->page && o->block == l->block &&
			    o->x < left)
				left = o->x;
		}
		if (l->h > 0 && l->x - left > 0.6 * l->h)
			l->indent = 1;
		if (nx && nx->geo && nx->h > 0) {
			double left2 = nx->x;
			for (j = 0; j < r->n; j++) {
				struct ln *o = at(r, j);
				if (!o->blank && o->geo && o->page == nx->page &&
				    o->block == nx->block && o->x < left2)
					left2 = o->x;
			}
			if (nx->x - left2 > 0.6 * nx->h)
				nx->indent = 1;
		}
	}
	/*
	 * A short line set apart by blank lines inside a sentence that runs on
	 * over a page break (a running head, a page number, a photo label):
	 * furniture, and the sentence goes on.
	 */
	if (!r->prev_end && r->pact && l->wid * 2 <= W && r->saw_blank &&
	    (!nx || nx != at(r, r->cur + 1)) && (l->furn || (!l->comma && !l->period &&
	    !l->fin && !l->soft && l->srcoff < 0))) {
		single(r, l, K_FURN, 0, l->t.len);
		return;
	}
	/*
	 * A source alone on its line ends the article even if OCR lost the 。,
	 * and so does an indent, unless the line goes on with what cannot
	 * begin a paragraph (共110 /  余人参加: a stray blank the OCR put there).
	 */
	if (((l->indent && !goes_on(l)) || l->srcoff == 0) && r->pact && !r->prev_end)
		end_para(r);
	if (r->prev_end || !r->pact || l->srcoff == 0) {
		end_para(r);
		if (l->furn) {
			single(r, l, K_FURN, 0, l->t.len);
			goto lone;
		}
		if (l->srcoff == 0) {
			single(r, l, K_SRC, 0, l->t.len);
			goto lone;
		}
		if (is_head(l, W, nx, r->saw_blank || r->npend > 0,
		    r->npend > 0 && r->pend[r->npend - 1].colon, bigtype(r, l))) {
			push_head(r, l, r->saw_blank);
			goto lone;
		}
	}
	if (l->srcoff > 0) {
		size_t e = (size_t)l->srcoff;
		while (e > 0 && l->t.p[e - 1] == ' ')
			e--;
		join(r, l->t.p, e, l);
		end_para(r);
		single(r, l, K_SRC, (size_t)l->srcoff, l->t.len - (size_t)l->srcoff);
		goto lone;
	}
	if (!r->pact && l->indent && !l->geo && r->art_body && lone_indent(r))
		r->pregion = 1;
	join(r, l->t.p, l->t.len, l);
	r->prev_end = para_end(l, W, nx, nx && nx != at(r, r->cur + 1), r->pnl);
	if (!r->prev_end && r->para.len > PARACAP) {
		if (!r->pcapped++)
			warnx("%s:%lu: paragraph longer than %u bytes, broken here"
			    " (and wherever that recurs)", r->name, l->id, PARACAP);
		r->prev_end = 1;
	}
	if (r->prev_end)
		end_para(r);
	r->saw_blank = 0;
	return;
lone:
	r->prev_end = 1;
	r->saw_blank = 0;
}

static void
step(struct rf *r)
{
	decide(r);
	r->cur++;
	if (r->cur > RING / 2) {
		struct ln *o = at(r, 0);
		buf_reset(&o->t);
		r->start = (r->start + 1) % RING;
		r->n--;
		r->cur--;
	}
}

/*
 * The core, one input line at a time (also the fuzzing entry): text of
 * line id, with geometry when geo.  Lines longer than LINECAP are cut at a
 * character boundary so the window stays bounded.
 */
static void
reflow_line(struct rf *r, const char *s, size_t n, unsigned long id, int geo,
    long page, long block, double x, double y, double w, double h)
{
	struct ln *l;
	size_t lead = 0;

	if (n > LINECAP)
		warnx("%s:%lu: line of %zu bytes, over %u: cut into pieces", r->name, id, n,
		    LINECAP);
	while (n > LINECAP) {
		size_t cut = LINECAP;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		reflow_line(r, s, cut, id, geo, page, block, x, y, w, h);
		s += cut;
		n -= cut;
	}
	if (r->n == RING)
		step(r);
	l = at(r, r->n);
	buf_reset(&l->t);
	/* ASCII or ideographic spaces in front: an indent the OCR kept */
	for (;;) {
		if (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
			lead++;
		else if (n - lead >= 3 && !memcmp(s + lead, "\xE3\x80\x80", 3))
			lead += 3;
		else
			break;
	}
	for (;;) {
		if (n > lead && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		else if (n - lead >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	buf_add(&l->t, s + lead, n - lead);
	for (size_t i = 0; i < l->t.len; i++)	/* a CSV field may hold a line break */
		if ((unsigned char)l->t.p[i] < 0x20)
			l->t.p[i] = ' ';
	l->id = id;
	l->geo = geo;
	l->page = page;
	l->block = block;
	l->x = x, l->y = y, l->w = w, l->h = h;
	l->blank = n == lead;
	l->indent = lead > 0 && !l->blank;
	if (!l->blank)
		features(l);
	else
		l->wid = 0, l->srcoff = -1, l->furn = 0;
	r->n++;
	if (r->n - r->cur > AHEAD)
		step(r);
}

static void
reflow_begin(struct rf *r, FILE *out, const char *name, const char *doc, int csv)
{
	size_t i;

	for (i = 0; i < RING; i++)
		buf_reset(&r->ring[i].t);
	r->out = out;
	r->name = name;
	free(r->doc);
	r->doc = xstrdup(doc);
	r->csv = csv;
	r->start = r->n = r->cur = 0;
	r->prev_end = 1;
	r->saw_blank = 0;
	r->pact = r->pcapped = r->pregion = 0;
	r->npend = r->cut = 0;
	r->art = r->para_no = 0;
	r->new_art = 1;
	r->art_head = r->art_body = 0;
	r->last_maxw = r->last_nl = 0;
}

static void
reflow_end(struct rf *r)
{
	size_t i;

	while (r->cur < r->n)
		step(r);
	end_para(r);
	resolve(r, 0);
	for (i = 0; i < MAXPEND; i++)
		buf_free(&r->pend[i].t);
	r->start = r->n = r->cur = 0;
}

static void
reflow_free(struct rf *r)
{
	size_t i;

	for (i = 0; i < RING; i++)
		buf_free(&r->ring[i].t);
	for (i = 0; i < MAXPEND; i++)
		buf_free(&r->pend[i].t);
	buf_free(&r->para);
	free(r->doc);
	r->doc = NULL;
	free(r->cps);
	r->cps = NULL;
	r->cpcap = 0;
}

/* ---- inputs ---- */

static char *
docname(const char *path)
{
	const char *b = strrchr(path, '/');
	char *d, *dot;

	d = xstrdup(b ? b + 1 : path);
	if ((dot = strrchr(d, '.')) && dot != d)
		*dot = '\0';
	return d;
}

/*
 * A number of the lines CSV within what a page can hold: page, block and
 * line are whole and at most 1e12 (they become longs), pixel geometry at
 * most 1e7 either way.  NaN, infinities and 1e53 are refused: casting them
 * would be undefined behaviour.
 */
static int
num(const struct csvrow *row, int col, int whole, double *v)
{
	char *e;

	if (col < 0 || (size_t)col >= row->n)
		return 0;
	*v = strtod(row->f[col], &e);
	if (e == row->f[col] || *e != '\0' || !(*v == *v))
		return 0;
	if (whole)
		return *v >= 0 && *v <= 1e12 && *v == (double)(long)*v;
	return *v >= -1e7 && *v <= 1e7;
}

/* the lines CSV of ink-ocr */
static int
do_csv(struct rf *r, FILE *fp, const char *name, const char *peek, size_t npeek, int outcsv)
{
	static const char *need[] = { "doc", "page", "block", "line", "x", "y", "w", "h", "text" };
	int col[LEN(need)], got, bad = 0, havedoc = 0;
	struct csvr *cr = csvr_open(fp, name);
	struct csvrow *row;
	size_t i;
	long page = -1, block = -1;
	double py = 0, ph = 0;
	char *doc = NULL;

	csvr_unread(cr, peek, npeek);
	if ((got = csvr_next(cr, &row)) <= 0) {
		csvr_close(cr);
		return 1;
	}
	for (i = 0; i < LEN(need); i++)
		if ((col[i] = csv_col(row, need[i])) < 0) {
			warnx("%s:%lu: missing column '%s' in the lines CSV header",
			    name, row->line, need[i]);
			bad = 1;
		}
	if (bad) {
		csvr_close(cr);
		return 1;
	}
	if (outcsv)
		csv_header(stdout);
	while ((got = csvr_next(cr, &row)) > 0) {
		double v[7];
		int geo = 1;
		long pg, bl;

		if (row->n == 1 && row->len[0] == 0)
			continue;
		if ((size_t)col[8] >= row->n) {
			warnx("%s:%lu: %zu fields, the text column is missing; row skipped",
			    name, row->line, row->n);
			bad = 1;
			continue;
		}
		for (i = 1; i < 8; i++)
			if (!num(row, col[i], i <= 3, &v[i - 1])) {
				const char *f = (size_t)col[i] < row->n ? row->f[col[i]] : "";
				if (i <= 3) {
					warnx("%s:%lu: bad %s '%.40s'; row skipped", name, row->line,
					    need[i], f);
					bad = 1;
					goto next;
				}
				if (geo && *f)
					warnx("%s:%lu: bad %s '%.40s'; geometry of the row ignored",
					    name, row->line, need[i], f);
				geo = 0;
			}
		if (!doc || strcmp(doc, row->f[col[0]])) {
			if (havedoc)
				reflow_end(r);
			free(doc);
			doc = xstrdup(row->f[col[0]]);
			reflow_begin(r, stdout, name, docopt ? docopt : doc, outcsv);
			havedoc = 1;
			page = block = -1;
		}
		pg = (long)v[0];
		bl = (long)v[1];
		/* a new page or block, or a gap of most of a line: a blank line */
		if (page >= 0 && (pg != page || bl != block ||
		    (geo && ph > 0 && v[4] > py + ph + 0.8 * ph)))
			reflow_line(r, "", 0, (unsigned long)v[2], 0, pg, bl, 0, 0, 0, 0);
		page = pg;
		block = bl;
		if (geo)
			py = v[4], ph = v[6];
		reflow_line(r, row->f[col[8]], row->len[col[8]], (unsigned long)v[2], geo,
		    pg, bl, v[3], v[4], v[5], v[6]);
next:		;
	}
	if (havedoc)
		reflow_end(r);
	else if (got == 0)
		warnx("%s: lines CSV without any line", name);
	free(doc);
	csvr_close(cr);
	return got < 0 || bad || !havedoc;
}

static int
do_text(struct rf *r, FILE *fp, const char *name, const char *doc, const char *peek,
    size_t npeek, int outcsv)
{
	struct lines ls;
	int g;

	lines_init(&ls, fp, name);
	memcpy(ls.rbuf, peek, npeek);
	ls.rlen = npeek;
	reflow_begin(r, stdout, name, doc, outcsv);
	while ((g = lines_next(&ls)) > 0)
		reflow_line(r, ls.line.p, ls.line.len, ls.lineno, 0, -1, 0, 0, 0, 0, 0);
	reflow_end(r);
	lines_free(&ls);
	return g < 0;
}

#define PEEK 4096

/* unused when a fuzzing harness includes this file without main() */
static int __attribute__((unused))
do_file(struct rf *r, const char *path)
{
	const char *name;
	FILE *fp = openin(path, &name);
	char peek[PEEK], *doc;
	size_t n, off = 0;
	int bad, csv;

	if (!fp)
		return 1;
	n = fread(peek, 1, sizeof(peek), fp);
	if (ferror(fp)) {
		warn("%s", name);
		closein(fp);
		return 1;
	}
	if (n >= 3 && !memcmp(peek, "\xEF\xBB\xBF", 3))
		off = 3;
	if (n == off) {
		warnx("%s: empty input", name);
		closein(fp);
		return 1;
	}
	csv = n - off >= 4 && !memcmp(peek + off, "doc,", 4) &&
	    memmem(peek + off, n - off, ",text", 5) != NULL;
	if (!csv && to_csv == 1)
		csv_header(stdout);
	if (csv)
		bad = do_csv(r, fp, name, peek + off, n - off, to_csv != 0);
	else {
		doc = docopt ? xstrdup(docopt) : path && strcmp(path, "-") ? docname(path) :
		    xstrdup("stdin");
		bad = do_text(r, fp, name, doc, peek, n, to_csv == 1);
		free(doc);
	}
	closein(fp);
	return bad;
}

#ifndef INK_NO_MAIN
static void
usage(FILE *fp)
{
	fputs("usage: ink-reflow [--to text|csv] [--doc name] [file ...]\n", fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("Join OCR lines into paragraphs and articles.\n"
	    "  --to text|csv  output: paragraphs one a line, or the paragraphs CSV\n"
	    "                 (default: text for text input, csv for the lines CSV)\n"
	    "  --doc name     document name for text input (default: the file name)\n"
	    "  --help         print this help\n", stdout);
	exit(0);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "doc", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	static struct rf r;
	int c, i;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!strcmp(optarg, "text"))
				to_csv = 0;
			else if (!strcmp(optarg, "csv"))
				to_csv = 1;
			else {
				warnx("--to: '%s' is neither text nor csv", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'd':
			docopt = optarg;
			break;
		case 'H':
			help();
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		rc |= do_file(&r, "-");
	for (i = 0; i < argc; i++)
		rc |= do_file(&r, argv[i]);
	reflow_free(&r);
	rc |= fshut(stdout, "<stdout>");
	return rc;
}
#endif
