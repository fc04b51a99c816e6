/* the line window and the decision for each line */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "reflow.h"

static struct textline *
at(struct reflow *r, size_t k)
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
colwidth(struct reflow *r)
{
	int w[RING], m, kept = 0, i, nw = 0;
	size_t j;

	for (j = 0; j < r->n; j++) {
		struct textline *l = at(r, j);
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

/* the last character of s[0..n), 0 when there is none */
static uint32_t
last_char(const char *s, size_t n)
{
	size_t b;

	return n && s ? rf_prevcp(s, n, &b) : 0;
}

/*
 * A headline line, given that the line before it ended a paragraph: no
 * sentence inside, and a width that no line of running text has (short,
 * or wider than the column), or set apart and shaped like a title.
 * next is the next non-blank line.
 */
struct headctx {
	int apart;	/* a blank line or a headline line comes before */
	int kicker;	/* the headline line before ends in a colon */
	int first;	/* the document's first line */
	int tail;	/* next is right below, a few characters of no sentence (启 / 动) */
	double size, next_size;	/* type size of the line and the next, over the text's */
};

/*
 * The line opens with a stop or pause mark: the end of a sentence the OCR
 * set on the wrong line (a lone 。 carried over, its box making the line
 * look tall), never the start of a title.
 */
static int
opens_with_mark(const struct textline *l)
{
	size_t i = 0;
	uint32_t c = rf_dec(l->t.p, l->t.len, &i);

	return c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B || c == 0xFF1A ||
	    c == ',' || c == '.' || c == ';';
}

static int
is_head(const struct textline *l, int colw, const struct textline *next, const struct headctx *h)
{
	int apart = h->apart, kicker = h->kicker, big = h->size >= BIGTYPE;

	if (l->period || l->furn || l->byline || l->wid < 4 || l->wid > 160 || l->wid > 3 * colw ||
	    opens_with_mark(l))
		return 0;
	/*
	 * A number whose measure word opens the next line (电梯12 / 台): a
	 * sentence.  (A title's own closing quote may open its next line.)
	 */
	if (next && rf_isdig(rf_fold(last_char(l->t.p, l->t.len))) &&
	    rf_goes_on(next, last_char(l->t.p, l->t.len)))
		return 0;
	/*
	 * A headline type, a little larger than the text's: a title, or one
	 * line of it when the next line is as large (a title broken after a
	 * comma), unless it ends a sentence.
	 */
	if (h->size >= TALLTYPE && (apart || h->first) && !l->fin && l->wid <= HEADMAX &&
	    (!l->soft || l->colon || h->next_size >= TALLTYPE))
		return 1;
	/* from a scan, a line in the text's own type is no title (（二）新增床位250张) */
	if (h->size > 0 && h->size < BODYTYPE)
		return 0;
	if (l->soft && !l->colon)
		return 0;
	if (big && !l->comma)
		return 1;	/* set in a larger type than the text around */
	if (kicker && !l->comma && l->wid <= colw + 3)
		return 1;	/* the title after "某某书记：" */
	if (l->comma && l->wid * 10 > colw * 6)
		return 0;	/* a comma only in a short title: 一、加强组织领导 */
	if (!next)
		return 1;
	if (l->wid * 10 <= colw * 7)
		return 1;
	if (l->wid > colw + 3)
		return next->wid <= colw + 3;	/* not a line of a wider column */
	/*
	 * As wide as the column: a headline only when set apart (a blank line
	 * or another headline line before it) and shaped like one.
	 */
	if (l->comma || !apart)
		return 0;
	if (l->closeq)
		return 1;
	if (next->wid * 10 > colw * 13)
		return 1;	/* a wider column starts below it */
	return (next->wid <= colw - 3 && !next->fin && !next->soft && !next->indent &&
	    (!next->furn || h->tail)) ||
	    (!l->indent && !rf_ends_governing(l) && rf_news_lead(next));
}

/*
 * A headline where the text sets one paragraph per line: the column width
 * says nothing there (a short line is a short paragraph as often as a
 * title), so a headline is a short line set apart (a blank line or a
 * headline line before it) without a sentence inside or ending it.  A
 * comma is only in a short one: a longer line with a comma is a sentence
 * cut by a page gap, which the document's first line cannot be.
 */
static int
is_head_one_per_line(const struct textline *l, const struct headctx *h, int first)
{
	if (l->period || l->furn || l->byline || l->fin || l->soft || l->wid < 4 ||
	    l->wid > HEADMAX || opens_with_mark(l))
		return 0;
	if (l->comma && l->wid > HEADMAX / 2 && !first)
		return 0;
	return h->apart || first;
}

/*
 * One paragraph per line, a blank line between (born-digital text, some
 * archives): most lines of the window that are not furniture stand
 * before a blank line.  Column text has blank lines between blocks, not
 * after every line.
 */
static int
one_per_line(struct reflow *r)
{
	size_t j;
	int solid = 0, apart = 0;

	for (j = 0; j + 1 < r->n; j++) {
		struct textline *o = at(r, j);
		if (o->blank || o->furn)
			continue;
		solid++;
		apart += at(r, j + 1)->blank;
	}
	return solid >= 3 && apart * 10 >= solid * 6;
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
para_end(const struct textline *l, int colw, const struct textline *next, int gap, int nl, int bd,
    int measured, int ends_short)
{
	if (!next || l->byline)
		return 1;
	/* an indent before what cannot begin a paragraph is a stray blank (goes_on) */
	if (next->indent && !l->soft && !rf_goes_on(next, last_char(l->t.p, l->t.len)))
		return 1;
	if (!l->fin)
		return 0;
	/*
	 * From a scan, within a block: where the line ends is measured, and an
	 * indent is seen, not guessed from a short next line.
	 */
	if (measured)
		return ends_short || next->srcoff == 0 || (gap && (nl >= 2 || bd));
	if (l->wid <= colw - 5 || next->srcoff == 0 || next->wid <= colw - 3)
		return 1;
	/*
	 * Archives that separate paragraphs by a blank line; a blank line after
	 * a paragraph's first line is the OCR's, not a paragraph end, unless
	 * the text sets one paragraph per line (bd: born-digital layout).
	 */
	if (gap && (nl >= 2 || bd))
		return 1;
	return next->wid * 10 > colw * 13 && l->wid * 10 <= colw * 13;
}

/*
 * A line of the lines CSV: its height over the median of the lines
 * around it (0 without geometry).  Well above (BIGTYPE) is a headline
 * type; a little above (TALLTYPE) is one too for a line set apart that
 * ends no sentence.  Heights are noisy (specks make boxes taller), so
 * this only backs a line that already stands apart.
 */
static double
type_size(struct reflow *r, const struct textline *l)
{
	double h[RING];
	int nh = 0, i, q;
	size_t j;

	if (!l || !l->geo || l->h <= 0)
		return 0;
	for (j = 0; j < r->n; j++) {
		struct textline *o = at(r, j);
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
	return l->h / h[nh / 2];
}

/*
 * Plain OCR text keeps a leading space where a new text region starts;
 * when such lines are rare they mark a new article, when they are
 * frequent they are just paragraph indents.
 */
static int
lone_indent(struct reflow *r)
{
	size_t j;

	for (j = 0; j < r->n; j++) {
		struct textline *o = at(r, j);
		if (j != r->cur && o->indent && !o->blank)
			return 0;
	}
	return 1;
}

/* the next line that is not blank, NULL at the end of the window */
static struct textline *
next_solid(struct reflow *r)
{
	size_t j;

	for (j = r->cur + 1; j < r->n; j++)
		if (!at(r, j)->blank)
			return at(r, j);
	return NULL;
}

/*
 * An indent the OCR kept as geometry: l starts right of its block's left
 * edge by more than half a line height (an opening bracket or quote sets
 * its ink right of its cell: half a line more), or right of its column's
 * (the leftmost line of the page around it, since a block may hold only
 * indented lines) by most of the two characters Chinese text indents by:
 * against the column a line may start a character right only because the
 * OCR lost its first mark.
 */
static void
geometry_indent(struct reflow *r, struct textline *l)
{
	double left = l->x, colleft = l->x, slack = 0.6 * l->h;
	size_t j, i = 0;
	uint32_t c = rf_dec(l->t.p, l->t.len, &i);

	if (c == 0xFF08 || c == 0x201C || c == 0x300C || c == 0x300A || c == 0x3010 || c == '(')
		slack += 0.5 * l->h;

	for (j = 0; j < r->n; j++) {
		struct textline *o = at(r, j);
		if (o->blank || !o->geo || o->page != l->page)
			continue;
		if (o->block == l->block && o->x < left)
			left = o->x;
		if (o->x < colleft && l->x - o->x < 3 * l->h)
			colleft = o->x;
	}
	if (l->h > 0 && (l->x - left > slack || l->x - colleft > 1.4 * l->h))
		l->indent = 1;
}

/*
 * A short line set apart by blank lines inside a sentence that runs on
 * over a page break (a running head, a page number, a photo label):
 * furniture, and the sentence goes on.  Not in a headline type: that is
 * a title, and the text before it lost its last mark to the OCR.
 */
static int
furniture_inside_sentence(struct reflow *r, const struct textline *l,
    const struct textline *next, int colw)
{
	return !r->prev_end && r->para_open && l->wid * 2 <= colw && r->saw_blank &&
	    (!next || next != at(r, r->cur + 1)) && (l->furn || (!l->comma && !l->period &&
	    !l->fin && !l->soft && l->srcoff < 0 && type_size(r, l) < TALLTYPE));
}

/*
 * The line is as wide as the column: in pixels when the geometry is known
 * (a headline's larger type puts fewer characters in it), else in
 * display width.
 */
static int
fills_column(struct reflow *r, const struct textline *l, int colw)
{
	double w[RING], v;
	int nw = 0, i, q;
	size_t j;

	if (!l->geo || l->w <= 0)
		return l->wid >= colw - 3;
	for (j = 0; j < r->n; j++) {
		struct textline *o = at(r, j);
		if (!o->blank && o->geo && o->w > 0)
			w[nw++] = o->w;
	}
	for (i = 1; i < nw; i++) {
		v = w[i];
		for (q = i; q > 0 && w[q - 1] > v; q--)
			w[q] = w[q - 1];
		w[q] = v;
	}
	/* most lines of a column are full: a high percentile is its width */
	return nw >= 5 && l->w >= 0.9 * w[nw * 7 / 10];
}

/*
 * From a scan: may l be a subheading of the article above it?  A
 * subheading is set in about the text's size and has a little space of
 * its own above it (a fifth of a line step or more); a new article is
 * set apart by more (over 1.75 steps), and a title set with no space at
 * all starts one too.  At the top of a column or page the space says
 * nothing: it may.
 */
static int
may_be_subheading(struct reflow *r, const struct textline *l)
{
	double d[RING], v, step, gap;
	struct textline *prev = NULL, *o, *p;
	int nd = 0, i, q;
	size_t j;

	/* a title in a type well above the text's heads an article of its own */
	if (!l->geo || type_size(r, l) >= BIGTYPE)
		return 0;
	for (j = r->cur; j-- > 0; )
		if (!at(r, j)->blank) {
			prev = at(r, j);
			break;
		}
	if (!prev)
		return 0;
	if (!prev->geo || prev->page != l->page || l->y <= prev->y)
		return 1;
	for (j = 1; j < r->n; j++) {
		o = at(r, j);
		p = at(r, j - 1);
		if (!o->blank && !p->blank && o->geo && p->geo && o->page == p->page &&
		    o->block == p->block && o->y > p->y && o->y - p->y < 3 * o->h)
			d[nd++] = o->y - p->y;
	}
	if (nd < 3)
		return 0;
	for (i = 1; i < nd; i++) {
		v = d[i];
		for (q = i; q > 0 && d[q - 1] > v; q--)
			d[q] = d[q - 1];
		d[q] = v;
	}
	step = d[nd / 2];
	gap = l->y - prev->y;
	/*
	 * Text that stops with no mark at all lost its last line to the OCR
	 * (a lone 。 carried over): that line's step is not space above.
	 */
	if (!prev->fin && !prev->soft && !prev->closeq && prev->srcoff < 0 && gap >= 2.2 * step)
		gap -= step;
	return gap >= 1.2 * step && gap < 1.75 * step;
}

/*
 * A line that stands alone, once the paragraph before it is over:
 * furniture, a source attribution, or a headline line (queued).  2 for
 * furniture or a caption, 1 for the others, 0 running text.
 */
static int
stands_alone(struct reflow *r, struct textline *l, const struct textline *next, int colw)
{
	struct headctx h;

	/*
	 * The last characters of a title that filled its line (启 / 动): too
	 * short for anything but furniture on their own, they go on the title.
	 */
	if (l->furn && r->npend > 0 && r->pend[r->npend - 1].full && !r->saw_blank &&
	    l->wid <= 4 && !l->comma && !l->period) {
		rf_push_head(r, l, 0, 0, r->pend[r->npend - 1].size, r->pend[r->npend - 1].sub);
		return 1;
	}
	if (l->furn) {
		rf_single(r, l, K_FURN, 0, l->t.len);
		return 2;
	}
	/*
	 * A photo's caption: a line of its own.  Its second line, if any, stays
	 * text: a caption is left out of the text, and what follows it may be.
	 */
	if (rf_caption(l->t.p, l->t.len)) {
		rf_single(r, l, K_CAPT, 0, l->t.len);
		return 2;
	}
	if (l->srcoff == 0) {
		rf_single(r, l, K_SRC, 0, l->t.len);
		return 1;
	}
	h.apart = r->saw_blank || r->npend > 0 || r->nsolid == 1;
	h.kicker = r->npend > 0 && r->pend[r->npend - 1].colon;
	h.size = type_size(r, l);
	h.next_size = type_size(r, next);
	h.first = r->nsolid == 1;
	h.tail = next && next == at(r, r->cur + 1) && next->wid <= 4 && !next->comma &&
	    !next->period;
	if (r->one_per_line ? is_head_one_per_line(l, &h, r->nsolid == 1) :
	    is_head(l, colw, next, &h)) {
		/*
		 * Where every paragraph stands between blank lines, a blank line
		 * does not set a title's lines apart from each other, and the
		 * column says nothing of a line filling it.  Whether a title
		 * inside an article is a subheading, the space above it says
		 * from a scan; from text, the titles around it (units.c).
		 */
		int sub = l->geo ? may_be_subheading(r, l) : -1;
		if (r->one_per_line)
			rf_push_head(r, l, 0, 0, h.size, sub);
		else
			rf_push_head(r, l, r->saw_blank, fills_column(r, l, colw), h.size, sub);
		return 1;
	}
	return 0;
}

/* a sentence, then its source on the same line: the paragraph ends, the source follows */
static void
split_source(struct reflow *r, struct textline *l)
{
	size_t e = (size_t)l->srcoff;

	while (e > 0 && l->t.p[e - 1] == ' ')
		e--;
	rf_join(r, l->t.p, e, l);
	rf_end_para(r);
	rf_single(r, l, K_SRC, (size_t)l->srcoff, l->t.len - (size_t)l->srcoff);
}

/*
 * From a scan: the line stops short of its block's right edge by two
 * characters or more (a character and a wide punctuation mark may not
 * fit at the end of a full line).
 */
static int
ends_short(struct reflow *r, const struct textline *l)
{
	double right = 0;
	size_t j;

	if (!l->geo || l->h <= 0)
		return 0;
	for (j = 0; j < r->n; j++) {
		struct textline *o = at(r, j);
		if (!o->blank && o->geo && o->page == l->page && o->block == l->block &&
		    o->x + o->w > right)
			right = o->x + o->w;
	}
	return l->x + l->w < right - 2 * l->h;
}

/* a line of running text joins the paragraph, which may end with it */
static void
add_to_paragraph(struct reflow *r, struct textline *l, const struct textline *next, int colw)
{
	if (r->art == 0 && !r->para_open && r->npend == 0)
		r->heads_after = r->force_after || rf_news_lead(l);
	if (!r->para_open)
		r->para_apart = r->saw_blank;
	if (!r->para_open && l->indent && !l->geo && r->art_body && lone_indent(r))
		r->para_region = 1;
	rf_join(r, l->t.p, l->t.len, l);
	r->prev_end = para_end(l, colw, next, next && next != at(r, r->cur + 1), r->para_nlines,
	    r->one_per_line, l->geo && next && next->geo && next->page == l->page &&
	    next->block == l->block, ends_short(r, l));
	if (!r->prev_end && r->para.len > PARACAP) {
		if (!r->para_capped++)
			warnx("%s:%lu: paragraph longer than %u bytes, broken here"
			    " (and wherever that recurs)", r->name, l->id, PARACAP);
		r->prev_end = 1;
	}
	if (r->prev_end)
		rf_end_para(r);
}

/*
 * The line at the window's middle: what it is, given the lines around it.
 * The paragraph open before it ends first when the line cannot go on it
 * (a source alone, an indent); a line after a paragraph end may stand
 * alone; a closing source is split off; anything else is running text.
 */
static void
decide(struct reflow *r)
{
	struct textline *l = at(r, r->cur), *next;
	int colw, alone;

	if (l->blank) {
		r->saw_blank = 1;
		return;
	}
	r->nsolid++;
	next = next_solid(r);
	colw = colwidth(r);
	r->one_per_line = one_per_line(r);
	if (l->geo) {
		geometry_indent(r, l);
		if (next && next->geo && next->h > 0)
			geometry_indent(r, next);
	}
	if (furniture_inside_sentence(r, l, next, colw)) {
		rf_single(r, l, K_FURN, 0, l->t.len);
		return;
	}
	/* a photo's caption set apart inside a sentence that goes on below it */
	if (!r->prev_end && r->para_open && r->saw_blank && rf_caption(l->t.p, l->t.len) &&
	    (l->fin || !fills_column(r, l, colw))) {
		rf_single(r, l, K_CAPT, 0, l->t.len);
		return;
	}
	/*
	 * A source alone on its line ends the article even if OCR lost the 。,
	 * and so does an indent, unless the line goes on with what cannot
	 * begin a paragraph (共110 /  余人参加: a stray blank the OCR put there),
	 * and a line in a headline type after a gap (the text before it lost
	 * its 。).
	 */
	if (((l->indent && !rf_goes_on(l, last_char(r->para.p, r->para.len))) ||
	    l->srcoff == 0 || (r->saw_blank && type_size(r, l) >= TALLTYPE)) &&
	    r->para_open && !r->prev_end)
		rf_end_para(r);
	if (r->prev_end || !r->para_open || l->srcoff == 0) {
		rf_end_para(r);
		if ((alone = stands_alone(r, l, next, colw))) {
			r->prev_end = 1;
			/* what follows furniture or a caption is set apart from the text before */
			r->saw_blank = alone == 2;
			return;
		}
	}
	if (l->srcoff > 0) {
		split_source(r, l);
		r->prev_end = 1;
	} else
		add_to_paragraph(r, l, next, colw);
	r->saw_blank = 0;
}

static void
step(struct reflow *r)
{
	decide(r);
	r->cur++;
	if (r->cur > RING / 2) {
		struct textline *o = at(r, 0);
		buf_reset(&o->t);
		r->start = (r->start + 1) % RING;
		r->n--;
		r->cur--;
	}
}

/* the end of the ASCII or ideographic spaces from s[i] */
static size_t
blanks(const char *s, size_t n, size_t i)
{
	for (;;) {
		if (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		else if (n - i >= 3 && !memcmp(s + i, "\xE3\x80\x80", 3))
			i += 3;
		else
			return i;
	}
}

/*
 * Chinese type never opens a line with a closing mark; a line the OCR
 * read that way carries the end of the line before it (its 。 read late,
 * or as ，).  carry_marks() puts the marks back on the last line that is
 * not blank, still in the window: the paragraph then breaks after them,
 * not before.  Returns the line's bytes that remain.
 */
static size_t
carry_marks(struct reflow *r, const char *s, size_t n)
{
	struct textline *p = NULL;
	size_t i, e, b = 0, k, m;
	uint32_t c;

	i = e = blanks(s, n, 0);
	while (i < n) {
		c = rf_dec(s, n, &i);
		if (!rf_opening_mark(c))
			break;
		b = e = i;
	}
	if (b == 0)
		return n;
	for (k = r->n; k-- > r->cur; )
		if (!at(r, k)->blank) {
			p = at(r, k);
			break;
		}
	if (!p)
		return n;
	m = blanks(s, n, 0);
	buf_add(&p->t, s + m, e - m);
	rf_features(p);
	return n - blanks(s, n, e);	/* OCR's blank after a mark's narrow ink is no indent */
}

/*
 * The core, one input line at a time (also the fuzzing entry): text of
 * line id, with geometry when geo.  Lines longer than LINECAP are cut at a
 * character boundary so the window stays bounded.
 */
void
rf_stage_line(struct reflow *r, const char *s, size_t n, unsigned long id, int geo,
    long page, long block, double x, double y, double w, double h)
{
	struct textline *l;
	size_t lead = 0;

	if (n > LINECAP)
		warnx("%s:%lu: line of %zu bytes, over %u: cut into pieces", r->name, id, n,
		    LINECAP);
	while (n > LINECAP) {
		size_t cut = LINECAP;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		rf_stage_line(r, s, cut, id, geo, page, block, x, y, w, h);
		s += cut;
		n -= cut;
	}
	if (r->n == RING)
		step(r);
	if (n > 0) {
		size_t rest = carry_marks(r, s, n);
		if (rest < n && blanks(s + n - rest, rest, 0) == rest)
			return;	/* nothing but the marks */
		s += n - rest;
		n = rest;
	}
	l = at(r, r->n);
	buf_reset(&l->t);
	/* ASCII or ideographic spaces in front: an indent the OCR kept */
	lead = blanks(s, n, lead);
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
		rf_features(l);
	else
		l->wid = 0, l->srcoff = -1, l->furn = 0;
	r->n++;
	if (r->n - r->cur > AHEAD)
		step(r);
}

void
rf_stage_begin(struct reflow *r, FILE *out, const char *name, const char *doc, int csv)
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
	r->nsolid = 0;
	r->para_open = r->para_capped = r->para_region = 0;
	r->npend = r->cut = 0;
	r->heads_after = 0;
	r->first_kind = -1;
	r->end_titles = 0;
	r->art = r->para_no = 0;
	r->new_art = 1;
	r->art_head = r->art_body = 0;
	r->last_maxw = r->last_nl = 0;
}

void
rf_stage_end(struct reflow *r)
{
	size_t i;

	while (r->cur < r->n)
		step(r);
	rf_end_para(r);
	rf_resolve(r, RES_END);
	for (i = 0; i < MAXPEND; i++)
		buf_free(&r->pend[i].t);
	r->start = r->n = r->cur = 0;
}

void
reflow_free(struct reflow *r)
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
	rf_doc_free(r);
}

