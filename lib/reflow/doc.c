/*
 * A document, held for a second reading.  Whether its headlines come
 * before or after their articles, a document that opens with headless
 * text (a report or the end of one continued from another page) shows
 * only at its end: titles below the last text.  So its lines are kept
 * (up to HOLDMAX bytes; past that it is streamed as read) and its output
 * goes to memory; when it ends so, it is read again with its headlines
 * following their articles, else the output is let through.
 */
#include <stdlib.h>
#include <string.h>

#include "reflow.h"

#define HOLDMAX	(1u << 20)	/* bytes of lines held: under LINECAP and PARACAP, so
				   nothing the first reading warned about is read again */

struct heldline {
	char *s;
	size_t n;
	unsigned long id;
	int geo;
	long page, block;
	double x, y, w, h;
};

static void
drop_held(struct reflow *r)
{
	size_t i;

	for (i = 0; i < r->nheld; i++)
		free(r->held[i].s);
	r->nheld = r->heldbytes = 0;
}

/* stop holding: what was written to memory goes out, the rest streams */
static void
let_through(struct reflow *r)
{
	if (!r->holding)
		return;
	fclose(r->out);
	fwrite(r->mem, 1, r->memlen, r->final);
	free(r->mem);
	r->mem = NULL;
	r->out = r->final;
	r->holding = 0;
	drop_held(r);
}

void
reflow_begin(struct reflow *r, FILE *out, const char *name, const char *doc, int csv)
{
	FILE *mem;

	r->final = out;
	r->printed0 = r->printed;
	r->force_after = 0;
	drop_held(r);
	mem = open_memstream(&r->mem, &r->memlen);
	r->holding = mem != NULL;	/* without memory, the first reading stands */
	rf_stage_begin(r, mem ? mem : out, name, doc, csv);
}

void
reflow_line(struct reflow *r, const char *s, size_t n, unsigned long id, int geo,
    long page, long block, double x, double y, double w, double h)
{
	if (r->holding && (r->heldbytes + n > HOLDMAX || (r->first_kind >= 0 &&
	    (r->first_kind != K_BODY || r->heads_after))))
		let_through(r);	/* too long, or it opened with a title or a report */
	if (r->holding) {
		struct heldline *l;
		if (r->nheld == r->heldcap) {
			r->heldcap = r->heldcap ? 2 * r->heldcap : 256;
			r->held = xreallocarray(r->held, r->heldcap, sizeof(*r->held));
		}
		l = &r->held[r->nheld++];
		l->s = xmalloc(n + 1);
		memcpy(l->s, s, n);
		l->s[n] = '\0';
		l->n = n;
		l->id = id, l->geo = geo, l->page = page, l->block = block;
		l->x = x, l->y = y, l->w = w, l->h = h;
		r->heldbytes += n + sizeof(*l);
	}
	rf_stage_line(r, s, n, id, geo, page, block, x, y, w, h);
}

void
reflow_end(struct reflow *r)
{
	char *doc;
	size_t i;

	rf_stage_end(r);
	if (!r->holding)
		return;
	if (!(r->first_kind == K_BODY && !r->heads_after && r->end_titles)) {
		let_through(r);
		return;
	}
	/* the second reading, straight to the output */
	fclose(r->out);
	free(r->mem);
	r->mem = NULL;
	r->holding = 0;
	r->printed = r->printed0;
	doc = xstrdup(r->doc);
	rf_stage_begin(r, r->final, r->name, doc, r->csv);
	free(doc);
	r->force_after = 1;
	for (i = 0; i < r->nheld; i++) {
		struct heldline *l = &r->held[i];
		rf_stage_line(r, l->s, l->n, l->id, l->geo, l->page, l->block, l->x, l->y, l->w,
		    l->h);
	}
	rf_stage_end(r);
	r->force_after = 0;
	drop_held(r);
}

void
rf_doc_free(struct reflow *r)
{
	drop_held(r);
	free(r->held);
	r->held = NULL;
	r->heldcap = 0;
	if (r->holding) {
		fclose(r->out);
		r->out = r->final;
		r->holding = 0;
	}
	free(r->mem);
	r->mem = NULL;
}
