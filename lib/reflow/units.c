/*
 * Units -> articles -> output: the paragraph being built, the queue of
 * headline lines waiting for their article, and the records written.
 */
#include <string.h>
#include <err.h>

#include "reflow.h"
#include "records.h"

static const char *kindname[] = { "headline", "body", "source", "caption", "furniture" };

void
reflow_csv_header(struct reflow *r, FILE *fp)
{
	if (!r->csvhead++)
		fputs(REC_PARAS_HDR "," REC_PARAS_MORE_HDR "\n", fp);
}

static void
start_article(struct reflow *r)
{
	r->art++;
	r->para_no = 0;
	r->new_art = 0;
	r->art_head = r->art_body = 0;
	if (!r->csv && r->printed)
		fputc('\n', r->out);
}

static void
emit(struct reflow *r, int kind, const char *s, size_t n, unsigned long first,
    unsigned long last, long page, long last_page)
{
	/* furniture and captions are not article text: they open no article */
	int text = kind != K_FURN && kind != K_CAPT;

	if (text && r->first_kind < 0)
		r->first_kind = kind;
	if (text && (r->new_art || r->art == 0))
		start_article(r);
	if (text)
		r->after_src = kind == K_SRC;
	if (!r->csv) {
		if (!text)
			return;
		if (kind == K_HEAD)
			fputs("# ", r->out);
		fwrite(s, 1, n, r->out);
		fputc('\n', r->out);
		r->printed = 1;
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
	csv_put(r->out, s, n, 0);
	if (last_page >= 0)
		csv_putl(r->out, last_page, 1);
	else
		csv_puts(r->out, "", 1);
}

static void
emit_unit(struct reflow *r, struct unit *u, int kind)
{
	emit(r, kind, u->t.p ? u->t.p : "", u->t.len, u->first, u->last, u->page, u->last_page);
}

/*
 * The group of headline lines pend[g..npend) comes after text of the
 * article open: is it a subheading of it?  Never after the article's
 * source.  From a scan the space above it says (decide.c).  From text
 * there is no space to go by, and a title there starts the next article
 * (as the corpus gold has it, whether or not a source or a news lead
 * marks the turn), unless it is numbered (一、 （二）): a section of the
 * article.
 */
static int
subheading(struct reflow *r, size_t g)
{
	const struct unit *u = &r->pend[g];

	if (!r->art_body || r->after_src)
		return 0;
	if (u->sub >= 0)
		return u->sub;
	return r->npend - g == 1 && u->num;
}

/*
 * The headline lines queued before a paragraph (or the end): the group
 * next to the paragraph heads it (two lines at most, with a kicker ending
 * in a colon before it); lines before that group close the previous
 * article when it had no headline of its own (a headline printed after
 * its article), else they are labels of photos.
 */
void
rf_resolve(struct reflow *r, int before_body)
{
	size_t g = r->npend, i;

	if (!r->npend)
		return;
	if (before_body == RES_BODY) {
		g = r->npend - 1;
		while (g > 0 && !r->pend[g].blank)
			g--;
		if (r->npend - g > 2)
			g = r->npend - 2;
		if (g > 0 && r->npend - g == 1 && r->pend[g - 1].colon &&
		    (g == 1 || r->pend[g - 1].blank))
			g--;
		/*
		 * Lines in the same headline type as the group are the title's
		 * first lines (a kicker, a title over two blocks), not labels;
		 * so is a line just above a title in a headline type, in a type
		 * larger than the text's if not as large as the title's (a
		 * kicker, an over-line): a photo's label is set no larger than
		 * the text.
		 */
		while (g > 0 && r->pend[g].tall && (r->pend[g - 1].tall ||
		    (g == r->npend - 1 && r->pend[g - 1].size >= BODYTYPE)))
			g--;
		/* furniture in between: those lines belong to another page */
		if (g < r->cut)
			g = r->cut;
		/*
		 * A document that opens with a whole report (a news lead) and no
		 * headline above it prints its headlines below their articles:
		 * a lone title between two headless reports, set apart from the
		 * text below it, closes the report above; a section's number
		 * still heads its section.  Two groups of titles there, or a
		 * title on its text, show the titles above their text.
		 */
		if (g > 0 || !r->para_apart)
			r->heads_after = 0;
		else if (r->heads_after && r->art_body && !r->art_head && !r->pend[0].num)
			g = r->npend;
	}
	r->cut = 0;
	/*
	 * Short lines after the last paragraph with nothing to head: the names
	 * signing the article (王敏 李明), text of it, not labels.
	 */
	if (g > 0 && before_body != RES_BODY && r->art_body) {
		for (i = 0; i < g && rf_signature(r->pend[i].t.p, r->pend[i].t.len); i++)
			;
		if (i == g) {
			for (i = 0; i < g; i++) {
				emit_unit(r, &r->pend[i], K_BODY);
				buf_free(&r->pend[i].t);
			}
			memmove(r->pend, r->pend + g, (r->npend - g) * sizeof(*r->pend));
			for (i = r->npend - g; i < r->npend; i++)
				memset(&r->pend[i], 0, sizeof(r->pend[i]));
			r->npend -= g;
			g = 0;
		}
	}
	if (g > 0) {
		/*
		 * After an article without a headline they are its headline
		 * printed below it; with no text at all before them (a page of
		 * titles), or set apart below the last text with no text after
		 * them (the last article's title printed below it), they are
		 * headlines too: there is no photo to label.
		 */
		int late = (r->art_body && !r->art_head) ||
		    (before_body != RES_BODY && !r->art_body) ||
		    (before_body == RES_END && r->pend[0].blank);
		if (late)
			r->new_art = 1;
		/* titles below the last text, read while titles were taken to head their text */
		if (before_body == RES_END && late && r->art_head)
			r->end_titles = 1;
		for (i = 0; i < g; i++)
			emit_unit(r, &r->pend[i], late ? K_HEAD : K_FURN);
		if (late)
			r->new_art = 1;
	}
	if (g < r->npend) {
		/* a subheading stays in the article open; any other title starts one */
		if (!subheading(r, g))
			r->new_art = 1;
		for (i = g; i < r->npend; i++) {
			emit_unit(r, &r->pend[i], K_HEAD);
			r->art_head = 1;
		}
	}
	r->npend = 0;
}

static void
unit_text(struct reflow *r, struct unit *u, const char *s, size_t n)
{
	rf_normalise(s, n, &u->t, &r->cps, &r->cpcap);
}

void
rf_push_head(struct reflow *r, struct textline *l, int blank, int full, double size, int sub)
{
	struct unit *u;

	/*
	 * A title too long for one line goes on in the next: the line before
	 * filled the column and nothing stands between them.
	 */
	if (r->npend > 0 && r->pend[r->npend - 1].full && !blank) {
		struct unit tmp = { 0 };
		u = &r->pend[r->npend - 1];
		unit_text(r, &tmp, l->t.p, l->t.len);
		if (u->t.len && tmp.t.len && rf_latin((unsigned char)u->t.p[u->t.len - 1]) &&
		    rf_latin((unsigned char)tmp.t.p[0]))
			buf_addc(&u->t, ' ');
		buf_add(&u->t, tmp.t.p ? tmp.t.p : "", tmp.t.len);
		buf_free(&tmp.t);
		u->last = l->id;
		u->last_page = l->page;
		u->wid += l->wid;
		u->colon = l->colon;
		u->full = full;
		return;
	}
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
	u->page = u->last_page = l->page;
	u->blank = blank;
	u->colon = l->colon;
	u->full = full;
	u->tall = size >= TALLTYPE;
	u->size = size;
	u->sub = sub;
	u->num = rf_numbered(u->t.p, u->t.len);
	u->wid = l->wid;
}

void
rf_single(struct reflow *r, struct textline *l, int kind, size_t off, size_t len)
{
	struct unit u = { 0 };

	unit_text(r, &u, l->t.p + off, len);
	u.first = u.last = l->id;
	u.page = u.last_page = l->page;
	if (kind == K_SRC) {
		rf_resolve(r, RES_SOURCE);
		if (r->after_src)
			r->new_art = 0;	/* a second credit line closes the same article */
		emit_unit(r, &u, K_SRC);
		r->new_art = 1;
	} else
		emit_unit(r, &u, kind);
	/*
	 * Headline lines before furniture belong to another page (not inside
	 * the paragraph they head); from a scan, only when the page says so:
	 * a stray speck read as a character between a title and its text is
	 * no page break.
	 */
	if (kind == K_FURN && !r->para_open && (l->page < 0 || r->npend == 0 ||
	    r->pend[r->npend - 1].last_page != l->page))
		r->cut = r->npend;
	buf_free(&u.t);
}

/* a paragraph is complete */
void
rf_end_para(struct reflow *r)
{
	struct unit u = { 0 };

	if (!r->para_open)
		return;
	r->para_open = 0;
	if (r->para.len == 0)
		return;
	unit_text(r, &u, r->para.p, r->para.len);
	if (rf_caption(u.t.p, u.t.len) && r->para_nlines <= 2) {
		/* a photo's caption heads nothing and opens no article */
		emit(r, K_CAPT, u.t.p, u.t.len, r->para_first, r->para_last, r->para_page,
		    r->para_last_page);
		r->para_region = 0;
		buf_free(&u.t);
		buf_reset(&r->para);
		return;
	}
	if (r->para_region && r->npend == 0)
		r->new_art = 1;	/* unless headlines start the article anyway */
	rf_resolve(r, RES_BODY);
	/*
	 * A paragraph set in a clearly different column width than the one
	 * before it belongs to another article (a lead box, a story placed
	 * across the columns).
	 */
	r->para_region = 0;
	if (!r->new_art && r->art_body && r->last_nl >= 3 && r->para_nlines >= 3) {
		int a = r->last_maxw, b = r->para_maxw;
		if ((a < b ? a : b) * 5 < (a > b ? a : b) * 4)
			r->new_art = 1;
	}
	emit(r, K_BODY, u.t.p ? u.t.p : "", u.t.len, r->para_first, r->para_last, r->para_page,
	    r->para_last_page);
	r->art_body = 1;
	r->last_maxw = r->para_maxw;
	r->last_nl = r->para_nlines;
	buf_free(&u.t);
	buf_reset(&r->para);
}

/* append a line to the paragraph: CJK joins tight, Latin words with a space */
void
rf_join(struct reflow *r, const char *s, size_t n, const struct textline *l)
{
	size_t b, i = 0;
	uint32_t a, c;

	if (!r->para_open) {
		r->para_open = 1;
		r->para_first = l->id;
		r->para_page = l->page;
		r->para_maxw = 0;
		r->para_nlines = 0;
		buf_reset(&r->para);
	}
	r->para_last = l->id;
	r->para_last_page = l->page;
	/* the first line may have lost its indent: the others show the column */
	if (r->para_nlines++ > 0 && l->wid > r->para_maxw)
		r->para_maxw = l->wid;
	if (r->para.len && n) {
		a = rf_prevcp(r->para.p, r->para.len, &b);
		c = rf_dec(s, n, &i);
		if ((a == '-' || a == 0xAD) && b > 0 && c >= 'a' && c <= 'z') {
			size_t bb;
			uint32_t p = rf_prevcp(r->para.p, b, &bb);
			if ((p | 0x20) >= 'a' && (p | 0x20) <= 'z') {
				r->para.len = b;	/* hyphenated at the line end */
				r->para.p[b] = '\0';
				goto add;
			}
		}
		/* a number broken over two lines stays one number */
		if (a < 0x80 && c < 0x80 && (rf_latin(c) || c == '(' || (rf_isdig(c) && !rf_isdig(a))) &&
		    (rf_latin(a) || rf_isdig(a) || strchr(".,;:!?)%'\"", (int)a)))
			buf_addc(&r->para, ' ');
	}
add:
	buf_add(&r->para, s, n);
}

