/*
 * One input line: its features, and the predicates (with their word
 * lists) that say what a line is: furniture, a source attribution, a
 * news lead, a line that goes on the sentence before it.
 */
#include <ctype.h>
#include <string.h>

#include "lexicon.h"
#include "reflow.h"

/*
 * The last character before s[*i] that is not a space; *b gets its start
 * and *i stays just after it (0 when there is none).
 */
static uint32_t
lastsolid(const char *s, size_t *i, size_t *b)
{
	uint32_t c;

	while (*i > 0) {
		c = rf_prevcp(s, *i, b);
		if (!rf_is_space(c))
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

	c = rf_prevcp(s, n, &b);
	if (c != 0xFF09 && c != ')')
		return -1;
	i = b;
	while (i > 0 && len <= 24) {
		c = rf_prevcp(s, i, &b);
		i = b;
		if (c == 0xFF08 || c == '(') {
			open = b;
			found = 1;
			break;
		}
		if (rf_is_ideo(c))
			ideo++;
		else if (!rf_is_space(c) && c != 0x00B7 && c != 0x30FB && c != '/' &&
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
	while (rf_is_close(c) && i > 0) {
		i = b;
		if (i == 0)
			return -1;
		c = rf_prevcp(s, i, &b);
	}
	return rf_is_fin(c) ? (long)open : -1;
}

/*
 * A credit line closing an article: who wrote, edited or photographed it,
 * or where it came from (记者：…, 资料来源：…), a word of the trade, a colon
 * and a short name with no sentence in it.
 */
static int
credit(const char *s, size_t n)
{
	static const char *const who[] = { "记者", "通讯员", "编辑", "责任编辑", "责编", "资料来源",
		"资料", "来源", "供稿", "撰稿", "摄影", "图片", "文字", "审核", "校对", "作者" };
	size_t k, m, i;
	int len = 0;
	uint32_t c;

	for (k = 0; k < LEN(who); k++) {
		m = strlen(who[k]);
		if (n > m && !memcmp(s, who[k], m))
			break;
	}
	if (k == LEN(who))
		return 0;
	i = m;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	c = rf_dec(s, n, &i);
	if (c != 0xFF1A && c != ':')
		return 0;
	while (i < n) {
		c = rf_dec(s, n, &i);
		if (rf_is_fin(c) || c == 0xFF0C || c == ',' || c == 0xFF1B || ++len > 30)
			return 0;
	}
	return len > 0;
}

/*
 * A byline opening an article (本报记者 王敏, 通讯员 李明 报道): a
 * paragraph of its own, never a headline.
 */
static int
byline(const char *s, size_t n)
{
	static const char *const who[] = { "本报记者", "本报通讯员", "特约记者", "见习记者",
		"记者", "通讯员" };
	size_t i = 0, k, m;
	uint32_t c;
	int ideo = 0;

	for (k = 0; k < LEN(who); k++) {
		m = strlen(who[k]);
		if (n >= m && !memcmp(s, who[k], m))
			break;
	}
	if (k == LEN(who))
		return 0;
	i = m;
	while (i < n) {
		c = rf_dec(s, n, &i);
		if (rf_is_fin(c) || c == 0xFF0C || c == ',' || c == 0xFF1B || c == 0xFF1A || c == ':')
			return 0;
		ideo += rf_is_ideo(c);
	}
	/* names, a place, 报道: not a sentence (记者从镇里获悉) */
	return ideo <= 9;
}

/*
 * Names signing an article (王敏  李明华): up to six ideographs, the first
 * a common surname, nothing but ideographs, spaces and the dot of a
 * transcribed name.  A photo label (交付仪式现场) or section name (社区生活)
 * rarely starts with a surname.
 */
int
rf_signature(const char *s, size_t n)
{
	static const char surnames[] =
	    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
	    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
	    "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢安齐易"
	    "乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
	    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司"
	    "卓古吉缪简车项连芦麦褚娄窦戚岑景费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬仇"
	    "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封匡鞠惠荆冀郁胥储栗燕楚鄢"
	    "奚皮粟冼蔺屠朴练廉禹祖漆巴支卿狄宣晋芮阙浦薄邸雍辜裘亓邰赫杭诸慕嵇湛茅揭檀";
	size_t i = 0, k;
	int ideo = 0;
	uint32_t c;
	char u[4];

	while (i < n) {
		c = rf_dec(s, n, &i);
		if (rf_is_ideo(c)) {
			if (ideo++ == 0) {
				k = (size_t)utf8_enc(c, u);
				if (!memmem(surnames, sizeof(surnames) - 1, u, k))
					return 0;
			}
		} else if (!rf_is_space(c) && c != 0x00B7 && c != 0x30FB)
			return 0;
	}
	return ideo >= 2 && ideo <= 6;
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
		c = rf_dec(s, n, &i);
		if (!rf_is_ideo(c) || c == 0x7B2C)
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
		c = rf_fold(rf_dec(d, dn, &j));	/* full-width digits too */
		dig = rf_isdig(c);
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

/* the name of a newspaper's section: 要闻, 综合新闻, 社区动态, 党建, 党建引领 */
static const char *const section_end[] = { "要闻", "新闻", "动态", "综合", "党建", "民生", "文化",
	"专题", "副刊", "视点", "人物", "时政", "评论", "专版", "特刊", "资讯", "广角", "引领",
	"治理", "实践", "服务", "风采", "聚焦", "之窗", "园地" };

static int
section_name(const char *w, size_t wn)
{
	return rf_word_at(w, wn, section_end, LEN(section_end), 1);
}

/*
 * A section's tag standing alone over its articles (党建引领, 民生服务,
 * 社区动态): four ideographs and nothing else, ending as section names do.
 * A title of four ideographs on a line of its own ends otherwise.
 */
static int
section_tag(const char *s, size_t n)
{
	size_t i = 0;
	int ideo = 0;

	while (i < n)
		if (!rf_is_ideo(rf_dec(s, n, &i)) || ++ideo > 4)
			return 0;
	return ideo == 4 && section_name(s, n);
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
				c = rf_dec(w, wn, &x);
				if (rf_is_ideo(c))
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

/*
 * A closing bracket or quote whose opening one is not on the line: the
 * line ends what the line before began (图文） under a title), which page
 * furniture never does.
 */
static int
closes_earlier(const char *s, size_t n)
{
	size_t i = 0;
	int depth = 0;
	uint32_t c;

	while (i < n) {
		c = rf_dec(s, n, &i);
		if (c == 0xFF08 || c == '(' || c == 0x300C || c == 0x300E || c == 0x3010 ||
		    c == 0x201C || c == 0x3008 || c == 0x300A)
			depth++;
		else if (c == 0xFF09 || c == ')' || c == 0x300D || c == 0x300F || c == 0x3011 ||
		    c == 0x201D || c == 0x3009 || c == 0x300B) {
			if (depth == 0)
				return 1;
			depth--;
		}
	}
	return 0;
}

/*
 * Page furniture standing alone: QR-code boxes, running heads in capitals
 * (HEADLINE) or of one or two characters (全景), page numbers, mastheads
 * ("社区报 2021-03-15", "第12期").
 */
static int
furniture(const char *s, size_t n)
{
	static const char *const publisher[] = { "主办", "主管" };
	size_t i = 0;
	int ideo = 0, up = 0, low = 0, dig = 0, sent = 0, issue = 0, other = 0;
	uint32_t c, last = 0, prev = 0;

	if (has(s, "二维码") || has(s, "扫一扫") || has(s, "扫码关注"))
		return 1;
	if (section_tag(s, n))
		return 1;
	if (closes_earlier(s, n))
		return 0;
	while (i < n) {
		c = rf_fold(rf_dec(s, n, &i));
		if (rf_is_ideo(c))
			ideo++;
		else if (c >= 'A' && c <= 'Z')
			up++;
		else if (c >= 'a' && c <= 'z')
			low++;
		else if (c >= '0' && c <= '9')
			dig++;
		else if (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B)
			sent++;
		else if (!rf_is_space(c) && c != '&' && c != '\'' && c != 0x00B7)
			other++;
		if ((last >= '0' && last <= '9') && (c == 0x7248 || c == 0x671F) && !sent) {
			if (ideo <= 12)
				return 1;	/* 第3版, 第12期 */
			issue = 1;	/* ...in a longer line: a masthead, below, if 报 */
		}
		/* 第十一期 */
		if ((c == 0x7248 || c == 0x671F) && prev == 0x7B2C)
			issue = 1;
		if (!rf_is_space(c)) {
			if (c == 0x7B2C || (prev == 0x7B2C && lex_plain_digit_or_unit(c)))
				prev = 0x7B2C;
			else
				prev = 0;
			last = c;
		}
	}
	if (sent)
		return 0;
	/*
	 * A masthead's labels: the QR codes' (微信公众号, 视频号), the permit
	 * (准印证), 内部资料; and the publisher's line without a date
	 * (中共某某街道工作委员会 主办), which a title never is (由…主办).
	 */
	if (ideo <= 24 && (has(s, "公众号") || has(s, "视频号") || has(s, "准印证") ||
	    has(s, "内部资料")))
		return 1;
	if (ideo <= 24 && !has(s, "由") && rf_word_at(s, n, publisher, LEN(publisher), 1))
		return 1;
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
	if (ideo == 0 && dig == 0 && other == 0 && up > 0 && up + low <= 40)
		return 1;	/* a masthead's Latin part: Shanghai Community News */
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
		c = rf_prevcp(s, e, &b);
		if (rf_is_space(c) || rf_is_ideo(c) || (c < 0x80 && isalnum(c)))
			break;
		e = b;
		k++;
	}
	while (e > 0) {
		c = rf_prevcp(s, e, &b);
		if (!rf_is_space(c))
			break;
		e = b;
		sp++;
	}
	return k > 0 && sp >= 3 && e > 0 ? e : n;
}

/* 一、 （二） 3. 3、: the title of a numbered section */
int
rf_numbered(const char *s, size_t n)
{
	static const uint32_t cn[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
		0x516B, 0x4E5D, 0x5341 };	/* 一 … 十 */
	size_t i = 0, j = 0, k, d = 0;
	uint32_t c, open;

	if (!s || !n)
		return 0;
	c = open = rf_fold(rf_dec(s, n, &j));
	if (open == 0xFF08 || open == '(')
		i = j;
	else
		open = 0;
	for (; i < n; d++) {
		j = i;
		c = rf_fold(rf_dec(s, n, &j));
		for (k = 0; k < LEN(cn) && cn[k] != c; k++)
			;
		if (!rf_isdig(c) && k == LEN(cn))
			break;
		i = j;
	}
	if (d == 0 || d > 3 || i >= n)
		return 0;
	if (open)
		return c == 0xFF09 || c == ')';
	return c == 0x3001 || c == '.' || c == 0xFF0E;
}

void
rf_features(struct textline *l)
{
	const char *s = l->t.p;
	size_t n = noise_end(s, l->t.len), i = 0, b;
	uint32_t c, last = 0;

	l->wid = l->comma = l->period = 0;
	while (i < n) {
		c = rf_dec(s, n, &i);
		l->wid += rf_cwidth(c);
		if (c == 0xFF0C || c == 0x3001 || c == ',')
			l->comma++;
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
	while (i > 0 && rf_is_close(c)) {
		c = rf_prevcp(s, i, &b);
		if (!rf_is_close(c))
			break;
		i = b;
		c = i ? rf_prevcp(s, i, &b) : 0;
	}
	l->fin = rf_is_fin(c);
	if (!l->fin && rf_is_close(last) && n) {
		/* "…了！”" : the character before the quotes */
		i = n;
		while (i > 0) {
			c = rf_prevcp(s, i, &b);
			if (!rf_is_close(c))
				break;
			i = b;
		}
		l->fin = rf_is_fin(c);
	}
	/* the 、 of a section's number (一、) is no comma of a sentence */
	if (l->comma == 1 && rf_numbered(s, n)) {
		i = 0;
		while (i < n && (c = rf_dec(s, n, &i)) != 0x3001 && c != 0xFF08 && c != '(')
			;
		if (c == 0x3001)
			l->comma = 0;
	}
	l->srcoff = credit(s, n) ? 0 : source_at(s, n);
	l->byline = byline(s, n);
	l->furn = furniture(s, n);
}

/*
 * The line ends in a word that takes a date after it (截至, 直到, 定于):
 * the next line's date goes on its sentence, it opens none.
 */
int
rf_ends_governing(const struct textline *l)
{
	static const char *const w[] = { "截至", "截止", "直到", "定于", "将于", "至", "到", "于",
		"在", "自", "从", "是", "为", "的" };

	return rf_word_at(l->t.p, l->t.len, w, LEN(w), 1);
}

/*
 * The line opens a news report the way a lead does: a day and a comma
 * (12月29日下午，  1月8日，) or 近日， / 日前， / 本报讯. Running text that breaks
 * before a date has a preposition or a verb before it, not a gap.
 */
int
rf_news_lead(const struct textline *l)
{
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

	if (n >= 9 && (!memcmp(p, "近日，", 9) || !memcmp(p, "日前，", 9) ||
	    !memcmp(p, "本报讯", 9) || !memcmp(p, "本刊讯", 9)))
		return 1;	/* the paper's own dateline (本报讯 记者…) opens a report too */
	for (d = 0; p < e && *p >= '0' && *p <= '9'; p++)
		d++;
	if (d < 1 || d > 2 || e - p < 3 || memcmp(p, "月", 3))
		return 0;
	for (p += 3, d = 0; p < e && *p >= '0' && *p <= '9'; p++)
		d++;
	if (d < 1 || d > 2 || e - p < 3 || memcmp(p, "日", 3))
		return 0;
	p += 3;
	p += lex_time_of_day(p, (size_t)(e - p), NULL);
	return e - p >= 3 && !memcmp(p, "，", 3);
}

/*
 * The line goes on with what cannot begin a paragraph: closing
 * punctuation, or a measure word or an approximation after a number that
 * the text before it (ending in before) left open (共110 / 余人参加); a
 * line that opens with 日照街道 after a word begins one.
 */
int
rf_goes_on(const struct textline *l, uint32_t before)
{
	/* besides measure words: dates and addresses (2021年, 12弄) */
	static const char *const after[] = { "年", "月", "日", "号", "弄" };
	static const char *const punct[] = { "，", "。", "、", "；", "：", "）", "”", "」", "』" };
	const struct numeral *nm;
	uint32_t c;

	if (rf_word_at(l->t.p, l->t.len, punct, LEN(punct), 0))
		return 1;
	if (utf8_dec(l->t.p, l->t.len, &c) < 0)
		return 0;
	/* a measure word, 余/多, 万/千/百/亿 (not 十: 十分, 十字), or the words above */
	nm = lex_numeral(c);
	if (!(lex_measure(c) & MW_BARE) && !lex_approx_after(c) && !(nm && !(nm->flags & NUM_FORMAL) &&
	    (nm->kind == NUM_BIG || (nm->kind == NUM_UNIT && nm->u >= 100))) &&
	    !rf_word_at(l->t.p, l->t.len, after, LEN(after), 0))
		return 0;
	if (rf_isdig(rf_fold(before)))
		return 1;
	return before >= 0x80 && lex_plain_count_char(before);
}

/* "图为…", "（图：…）": the text under a photo */
int
rf_caption(const char *s, size_t n)
{
	if (!s)
		return 0;
	return (n >= 6 && (!memcmp(s, "图为", 6) || !memcmp(s, "图：", 6) ||
	    !memcmp(s, "图/", 4))) || (n >= 6 && !memcmp(s, "（图", 6) && n < 120);
}
