/*
 * rows.c: entities -> CSV rows of the record contract (lib/records.h).
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include "inkpipe.h"
#include "records.h"
#include "extract/engine.h"
#include "extract/locate.h"

void
print_header(int carry)
{
	fputs(REC_ENTITIES_HDR, stdout);
	if (carry)
		fputs("," REC_ENTITIES_PROV_HDR "," REC_ENTITIES_PAGES_HDR, stdout);
	putchar('\n');
}

/*
 * Rows are put together in one buffer and written with one fwrite per
 * paragraph (or per 64 KB): a dozen stdio calls per field cost more than
 * finding the entities. Quoting is csv_must_quote and libcsv's, as csv_put does it.
 */
static void
put_field(struct buf *b, const char *s, size_t n, int last)
{
	buf_grow(b, 2 * n + 3);
	if (csv_must_quote(s, n))
		b->len += csv_write(b->p + b->len, 2 * n + 2, s, n);
	else if (n) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
	}
	b->p[b->len++] = last ? '\n' : ',';
	b->p[b->len] = '\0';
}

static void
put_str(struct buf *b, const char *s, int last)
{
	put_field(b, s ? s : "", s ? strlen(s) : 0, last);
}

/*
 * v in decimal, written backwards so that its digits end just before
 * end; returns where they start. snprintf costs more than the rest of a
 * short paragraph's bookkeeping.
 */
char *
digits_before(char *end, unsigned long v)
{
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static void
put_num(struct buf *b, size_t v, int last)
{
	char d[24], *p;

	d[sizeof(d) - 1] = last ? '\n' : ',';
	p = digits_before(d + sizeof(d) - 1, v);
	buf_add(b, p, (size_t)(d + sizeof(d) - p));
}

/*
 * line,x,y,w,h,conf of the entity's own characters, the paragraph's
 * last_page, and line_page, the page of line and the box: or empty fields
 */
static void
put_box(struct buf *b, const struct ent *x, const char *s, const struct prov *p)
{
	struct entbox box;
	char *e;
	long page, first, last, last_page;

	last_page = p->last_page ? strtol(p->last_page, &e, 10) : 0;
	if (last_page <= 0 || *e)
		last_page = 0;
	if (!p->lines || (page = strtol(p->page, &e, 10)) <= 0 || *e ||
	    (first = strtol(p->first, &e, 10)) <= 0 || *e ||
	    (last = strtol(p->last, &e, 10)) <= 0 || *e ||
	    !ocrchars_locate(p->lines, p->doc, page, first, last, last_page, s, x->cs, x->ce,
	    &box)) {
		buf_adds(b, ",,,,,,");
		put_str(b, p->last_page, 0);
		buf_adds(b, "\n");
		return;
	}
	put_num(b, (size_t)box.line, 0);
	put_num(b, (size_t)(box.x < 0 ? 0 : box.x), 0);
	put_num(b, (size_t)(box.y < 0 ? 0 : box.y), 0);
	put_num(b, (size_t)box.w, 0);
	put_num(b, (size_t)box.h, 0);
	put_num(b, (size_t)box.conf, 0);
	put_str(b, p->last_page, 0);
	put_num(b, (size_t)box.page, 1);
}

void
print_ents(struct engine *en, const struct ents *e, const char *s, const struct prov *p)
{
	size_t i;
	const struct ent *x;
	struct buf *b = &en->rowbuf;
	struct buf *pre = &en->rowpre;

	buf_reset(b);
	buf_reset(pre);
	put_field(pre, p->doc, strlen(p->doc), 0);
	put_field(pre, p->article, strlen(p->article), 0);
	put_field(pre, p->para, strlen(p->para), 0);
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		if (x->drop || x->type == T_CUE)
			continue;
		buf_add(b, pre->p, pre->len);
		put_num(b, x->cs, 0);
		put_num(b, x->ce, 0);
		put_str(b, typenames[x->type], 0);
		put_field(b, s + x->sb, x->eb - x->sb, 0);
		put_str(b, x->value, 0);
		put_str(b, x->unit, 0);
		put_str(b, x->qual, 0);
		put_str(b, x->subj, 0);
		put_str(b, x->r->id, 0);
		put_str(b, cuenames[x->scope], !p->carry);
		if (p->carry) {
			put_str(b, p->page, 0);
			put_str(b, p->first, 0);
			put_str(b, p->last, 0);
			put_box(b, x, s, p);
		}
		if (b->len >= 65536) {
			fwrite(b->p, 1, b->len, stdout);
			buf_reset(b);
		}
	}
	if (b->len)
		fwrite(b->p, 1, b->len, stdout);
}
