/*
 * The entity rows under review: read by column name (ink-extract has grown
 * columns before and will again), then tied to the OCR lines they came
 * from, which give the crop, the confidence when the row has none, and
 * the sentence as the scan has it.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "review.h"

/* without page, first_line and last_line (entities from plain text) nothing is cropped */
enum { C_DOC, C_TYPE, C_TEXT, C_VALUE, C_UNIT, C_SUBJECT, C_RULE,
	NREQ,
	C_PAGE = NREQ, C_FIRST, C_LAST, C_ARTICLE, C_PARA, C_START, C_END, C_QUAL, C_SCOPE,
	C_LINE, C_X, C_Y, C_W, C_H, C_CONF, C_LASTPAGE, C_LINEPAGE, NCOL };
static const char *colname[NCOL] = { "doc", "type", "text", "value", "unit", "subject", "rule",
	"page", "first_line", "last_line", "article", "para", "start", "end", "qualifier",
	"scope", "line", "x", "y", "w", "h", "conf", "last_page", "line_page" };

#define CONTEXT	60	/* code points of the sentence shown either side of the figure */

/* a whole non-negative number; -1 when empty; -2 when not a number */
static long
num(const char *s)
{
	char *e;
	long v;

	if (!*s)
		return -1;
	if (*s < '0' || *s > '9')
		return -2;
	errno = 0;
	v = strtol(s, &e, 10);
	return *e || errno || v > INT_MAX ? -2 : v;
}

static const char *
field(const struct csvrow *row, const int *col, int c)
{
	return col[c] >= 0 && (size_t)col[c] < row->n ? row->f[col[c]] : "";
}

/* a number column of one row; a bad value is named, and reads as empty */
static long
numfield(const struct csvrow *row, const int *col, int c, const char *name, size_t *nbad)
{
	long v = num(field(row, col, c));

	if (v == -2) {
		warnx("%s:%lu: %s is not a number: %s", name, row->line, colname[c],
		    field(row, col, c));
		++*nbad;
		v = -1;
	}
	return v;
}

static int
wanted(const char *type, int all)
{
	return !strcmp(type, "metric") ||
	    (all && (!strcmp(type, "count") || !strcmp(type, "ordinal")));
}

static int
cmpspan(const void *a, const void *b)
{
	const struct entry *p = *(struct entry *const *)a, *q = *(struct entry *const *)b;
	int c = strcmp(p->doc, q->doc);

	if (c)
		return c;
	if ((c = strcmp(p->span, q->span)))
		return c;
	return p->order < q->order ? -1 : 1;
}

/*
 * A metric is also reported as its plain count, same span: with --all the
 * number is shown once, as the metric, which says more.
 */
static void
droptwins(struct entries *es)
{
	struct entry **p = xreallocarray(NULL, es->n ? es->n : 1, sizeof *p);
	size_t i, j, k, n;
	char *drop = xcalloc(es->n ? es->n : 1, 1);

	for (i = 0; i < es->n; i++)
		p[i] = &es->e[i];
	qsort(p, es->n, sizeof *p, cmpspan);
	for (i = 0; i < es->n; i = j) {
		int metric = 0;
		for (j = i; j < es->n && !strcmp(p[j]->doc, p[i]->doc) &&
		    !strcmp(p[j]->span, p[i]->span); j++)
			metric |= !strcmp(p[j]->type, "metric");
		if (metric && *p[i]->span)
			for (k = i; k < j; k++)
				if (strcmp(p[k]->type, "metric"))
					drop[p[k] - es->e] = 1;
	}
	for (i = n = 0; i < es->n; i++) {
		struct entry *e = &es->e[i];
		if (drop[i]) {
			free(e->doc); free(e->article); free(e->para); free(e->type);
			free(e->text); free(e->value); free(e->unit); free(e->qualifier);
			free(e->subject); free(e->scope); free(e->rule); free(e->span);
			continue;
		}
		es->e[n++] = *e;
	}
	es->n = n;
	free(p);
	free(drop);
}

int
entries_read(struct entries *es, FILE *fp, const char *name, int all)
{
	struct csvr *r = csvr_open(fp, name);
	struct csvrow *row;
	int col[NCOL], rc, i;
	size_t nhdr;

	if ((rc = csvr_next(r, &row)) <= 0) {
		if (rc == 0)
			warnx("%s: empty file: want the entities CSV of ink-extract", name);
		csvr_close(r);
		return -1;
	}
	for (i = 0; i < NCOL; i++)
		if ((col[i] = csv_col(row, colname[i])) < 0 && i < NREQ) {
			warnx("%s:%lu: no column %s: want the entities CSV of ink-extract",
			    name, row->line, colname[i]);
			csvr_close(r);
			return -1;
		}
	nhdr = row->n;
	while ((rc = csvr_next(r, &row)) > 0) {
		struct entry e = { 0 };
		long x, y, w, h, c;

		if (row->n < nhdr) {
			/* kept: a figure left out of the review would pass unchecked */
			warnx("%s:%lu: %zu fields, want %zu", name, row->line, row->n, nhdr);
			es->nbad++;
		}
		if (!wanted(field(row, col, C_TYPE), all))
			continue;	/* also a header again, from files joined with cat */
		e.srcline = row->line;
		e.order = es->n;
		e.doc = xstrdup(field(row, col, C_DOC));
		e.article = xstrdup(field(row, col, C_ARTICLE));
		e.para = xstrdup(field(row, col, C_PARA));
		e.type = xstrdup(field(row, col, C_TYPE));
		e.text = xstrdup(field(row, col, C_TEXT));
		e.value = xstrdup(field(row, col, C_VALUE));
		e.unit = xstrdup(field(row, col, C_UNIT));
		e.qualifier = xstrdup(field(row, col, C_QUAL));
		e.subject = xstrdup(field(row, col, C_SUBJECT));
		e.scope = xstrdup(field(row, col, C_SCOPE));
		e.rule = xstrdup(field(row, col, C_RULE));
		e.page = numfield(row, col, C_PAGE, name, &es->nbad);
		if (e.page == -1 && *field(row, col, C_PAGE))
			e.missing = "its page is not a number";
		e.first = numfield(row, col, C_FIRST, name, &es->nbad);
		e.last = numfield(row, col, C_LAST, name, &es->nbad);
		e.line = numfield(row, col, C_LINE, name, &es->nbad);
		/*
		 * The pages of the paragraph's last line and of the figure's own
		 * line and box, as ink-reflow and ink-extract give them: a
		 * paragraph may run over a page break, and line numbers start
		 * again on each page.  Without them, one page break is guessed
		 * from a last line before the first.
		 */
		e.last_page = numfield(row, col, C_LASTPAGE, name, &es->nbad);
		if (e.last_page >= 0 && e.page >= 0 && e.last_page < e.page) {
			warnx("%s:%lu: last_page %ld before page %ld; ignored", name, row->line,
			    e.last_page, e.page);
			es->nbad++;
			e.last_page = -1;
		}
		e.line_page = numfield(row, col, C_LINEPAGE, name, &es->nbad);
		if (e.line_page < 0)
			e.line_page = e.page;
		x = numfield(row, col, C_X, name, &es->nbad);
		y = numfield(row, col, C_Y, name, &es->nbad);
		w = numfield(row, col, C_W, name, &es->nbad);
		h = numfield(row, col, C_H, name, &es->nbad);
		if (x >= 0 && y >= 0 && w > 0 && h > 0) {
			e.hasbox = 1;
			e.box = (struct rbox){ (int)x, (int)y, (int)w, (int)h };
		}
		c = numfield(row, col, C_CONF, name, &es->nbad);
		if (c > 100) {
			warnx("%s:%lu: conf over 100: %ld", name, row->line, c);
			es->nbad++;
			c = -1;
		}
		e.conf = (int)c;
		e.confsrc = c >= 0 ? CONF_ENTITY : CONF_NONE;
		e.pngoff = -1;
		e.hitline0 = e.hitline1 = -1;
		if (col[C_START] >= 0 && col[C_END] >= 0) {
			struct buf k = { 0 };
			buf_printf(&k, "%s\x1f%s\x1f%s\x1f%s", e.article, e.para,
			    field(row, col, C_START), field(row, col, C_END));
			e.span = k.p;
		} else
			e.span = xstrdup("");
		e.start = num(field(row, col, C_START));
		if (es->n == es->cap) {
			es->cap = es->cap ? 2 * es->cap : 64;
			es->e = xreallocarray(es->e, es->cap, sizeof *es->e);
		}
		es->e[es->n++] = e;
	}
	csvr_close(r);
	if (rc < 0)
		es->nbad++;
	if (all)
		droptwins(es);
	return rc < 0 && es->n == 0 ? -1 : 0;
}

static void
addbox(struct rbox *u, const struct rbox *b)
{
	int x1, y1;

	if (b->w <= 0 || b->h <= 0)
		return;
	if (u->w <= 0) {
		*u = *b;
		return;
	}
	x1 = u->x + u->w > b->x + b->w ? u->x + u->w : b->x + b->w;
	y1 = u->y + u->h > b->y + b->h ? u->y + u->h : b->y + b->h;
	u->x = u->x < b->x ? u->x : b->x;
	u->y = u->y < b->y ? u->y : b->y;
	u->w = x1 - u->x;
	u->h = y1 - u->y;
}

static int
isascii_end(const char *s)
{
	size_t n = strlen(s);

	return n && (unsigned char)s[n - 1] < 0x80;
}

/* code points in s[0..n) */
static size_t
cps(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int
isstop(const char *s)
{
	static const char *stop[] = { "。", "！", "？", "；", "!", "?", ";" };

	for (size_t i = 0; i < LEN(stop); i++)
		if (!strncmp(s, stop[i], strlen(stop[i])))
			return (int)strlen(stop[i]);
	return 0;
}

static int
cmpint(const void *a, const void *b)
{
	int p = *(const int *)a, q = *(const int *)b;

	return p < q ? -1 : p > q;
}

/*
 * Runs of lines that touch or overlap are one region: on pages whose
 * layout OCR broke into scraps (photos, vertical headlines, tables) a
 * paragraph's lines alternate between blocks, and a part per run would
 * stack dozens of slivers of the same spot. Columns stay apart: their
 * gutter is wider than half a line.
 */
static void
merge(struct entry *e, const struct rline *l, size_t nl)
{
	int *hs = xreallocarray(NULL, nl ? nl : 1, sizeof *hs), d;
	size_t i, j, k;

	for (i = 0; i < nl; i++)
		hs[i] = l[i].box.h;
	qsort(hs, nl, sizeof *hs, cmpint);
	d = nl ? hs[nl / 2] / 2 : 0;
	free(hs);
again:
	for (i = 0; i < e->nreg; i++)
		for (j = i + 1; j < e->nreg; j++) {
			const struct rbox *a = &e->reg[i], *b = &e->reg[j];
			if (e->regpage[i] != e->regpage[j] ||
			    a->x - d > b->x + b->w || b->x - d > a->x + a->w ||
			    a->y - d > b->y + b->h || b->y - d > a->y + a->h)
				continue;
			addbox(&e->reg[i], &e->reg[j]);
			for (k = j; k + 1 < e->nreg; k++) {
				e->reg[k] = e->reg[k + 1];
				e->regpage[k] = e->regpage[k + 1];
			}
			e->nreg--;
			goto again;
		}
}

/*
 * The figure in the OCR text of its lines: the sentence around it, and
 * the line(s) it sits on. OCR puts spaces where the reflowed text has
 * none, so both sides are compared without them; of several occurrences
 * the one nearest the row's start offset wins.
 */
static void
locate(struct entry *e, const struct rline *l, size_t nl)
{
	struct buf j = { 0 }, s = { 0 }, t = { 0 };
	size_t *sj = NULL, *lineof = NULL, i, cap = 0, best = (size_t)-1, bestd = (size_t)-1;
	long start = e->start;
	const char *p;

	e->hitline0 = e->hitline1 = -1;
	for (i = 0; i < nl; i++) {
		size_t from = j.len;
		if (i && isascii_end(j.p ? j.p : "") && (unsigned char)l[i].text[0] < 0x80)
			buf_addc(&j, ' ');
		from = j.len;
		buf_adds(&j, l[i].text);
		lineof = xreallocarray(lineof, j.len + 1, sizeof *lineof);
		for (size_t k = from; k < j.len; k++)
			lineof[k] = i;
	}
	if (!j.len) {
		buf_free(&j);
		free(lineof);
		return;
	}
	for (i = 0; i < j.len; i++)
		if (j.p[i] != ' ') {
			if (s.len == cap) {
				cap = cap ? 2 * cap : 256;
				sj = xreallocarray(sj, cap, sizeof *sj);
			}
			sj[s.len] = i;
			buf_addc(&s, j.p[i]);
		}
	for (p = e->text; *p; p++)
		if (*p != ' ')
			buf_addc(&t, *p);
	if (t.len && s.len)
		for (p = s.p; (p = strstr(p, t.p)); p++) {
			size_t at = (size_t)(p - s.p), c = cps(s.p, at);
			size_t d = start < 0 ? 0 : c > (size_t)start ? c - (size_t)start : (size_t)start - c;
			if (d < bestd)
				best = at, bestd = d;
		}
	if (best != (size_t)-1) {
		size_t b0 = sj[best], b1 = sj[best + t.len - 1] + 1, a = b0, z = b1, n;
		for (n = 0; a > 0 && n < CONTEXT; n++) {
			size_t q = a - 1;
			while (q > 0 && ((unsigned char)j.p[q] & 0xC0) == 0x80)
				q--;
			if (isstop(j.p + q))
				break;
			a = q;
		}
		for (n = 0; z < j.len && n < CONTEXT; n++) {
			int k = isstop(j.p + z);
			if (k) {
				z += (size_t)k;
				break;
			}
			z++;
			while (z < j.len && ((unsigned char)j.p[z] & 0xC0) == 0x80)
				z++;
		}
		e->hitline0 = (int)lineof[b0];
		e->hitline1 = (int)lineof[b1 - 1];
		e->hitpage = l[e->hitline0].page;
		/* a figure cut by the page break: outlined on the page where it starts */
		for (int k = e->hitline0; k <= e->hitline1; k++)
			if (l[k].page == e->hitpage)
				addbox(&e->hit, &l[k].box);
		e->before = xstrndup(j.p + a, b0 - a);
		e->match = xstrndup(j.p + b0, b1 - b0);
		e->after = xstrndup(j.p + b1, z - b1);
	} else
		e->after = xstrdup(j.p);	/* not found: the paragraph as OCR read it */
	buf_free(&j);
	buf_free(&s);
	buf_free(&t);
	free(sj);
	free(lineof);
}

void
entries_resolve(struct entries *es, const struct linetab *t, const char *ename,
    const char *lname)
{
	const char *lastdoc = NULL;

	for (size_t j = 0; j < es->n; j++) {
		struct entry *e = &es->e[j];
		size_t i, i0, n, k;
		long first = e->first, last = e->last, firstpg = e->page, lastpg;

		if (e->page < 0) {
			if (!e->missing)
				e->missing = "no page: the row did not come from a scan";
			e->hitline0 = e->hitline1 = -1;
			continue;
		}
		if (first < 0 && e->line >= 0) {
			first = last = e->line;
			firstpg = e->line_page;
		}
		if (first < 0) {
			e->hitline0 = e->hitline1 = -1;
			continue;	/* only the entity's own box, if any */
		}
		/*
		 * Line numbers start again on each page: the paragraph ends on
		 * line last of last_page; the lines between are next in the
		 * table.  Without last_page, a last line before the first is
		 * taken to be on the next page.
		 */
		lastpg = e->last_page >= 0 ? e->last_page : e->first < 0 ? firstpg :
		    last < first ? e->page + 1 : e->page;
		i0 = linetab_seek(t, e->doc, firstpg, first);
		for (i = i0; i < t->n && !strcmp(t->l[i].doc, e->doc) && t->l[i].page <= lastpg &&
		    (t->l[i].page < lastpg || t->l[i].line <= last); i++)
			;
		n = i - i0;
		e->contd = n > 0 && t->l[i - 1].page != firstpg;
		e->last_page = n > 0 ? t->l[i - 1].page : lastpg;
		if (n == 0 || t->l[i0].line != first) {
			if (!linetab_hasdoc(t, e->doc)) {
				if (!lastdoc || strcmp(lastdoc, e->doc))
					warnx("%s:%lu: document %s is not in %s", ename, e->srcline,
					    e->doc, lname);
				lastdoc = e->doc;
			} else
				warnx("%s:%lu: %s page %ld has no line %ld in %s", ename, e->srcline,
				    e->doc, e->page, first, lname);
			if (!e->hasbox)
				e->missing = "its lines are not in the lines file";
			e->hitline0 = e->hitline1 = -1;
			continue;
		}
		for (i = i0; i < i0 + n; i++) {
			if (i == i0 || t->l[i].block != t->l[i - 1].block ||
			    t->l[i].page != t->l[i - 1].page) {
				e->reg = xreallocarray(e->reg, e->nreg + 1, sizeof *e->reg);
				e->regpage = xreallocarray(e->regpage, e->nreg + 1, sizeof *e->regpage);
				e->regpage[e->nreg] = t->l[i].page;
				e->reg[e->nreg++] = (struct rbox){ 0 };
			}
			addbox(&e->reg[e->nreg - 1], &t->l[i].box);
			if (e->confsrc != CONF_ENTITY && t->l[i].conf >= 0 &&
			    (e->confsrc == CONF_NONE || t->l[i].conf < e->conf)) {
				e->conf = t->l[i].conf;
				e->confsrc = CONF_LINES;
			}
		}
		/* runs of lines without a position (from text, not a scan) show nothing */
		for (i = 0, k = 0; i < e->nreg; i++)
			if (e->reg[i].w > 0 && e->reg[i].h > 0) {
				e->reg[k] = e->reg[i];
				e->regpage[k++] = e->regpage[i];
			}
		e->nreg = k;
		merge(e, t->l + i0, n);
		if (e->nreg == 0 && !e->hasbox)
			e->missing = "its lines have no position (OCR'd text, not a scan)";
		locate(e, t->l + i0, n);
		if (e->hitline0 >= 0) {
			e->hitline0 = (int)t->l[i0 + (size_t)e->hitline0].line;
			e->hitline1 = (int)t->l[i0 + (size_t)e->hitline1].line;
		}
		/*
		 * The row's own line beats the search by text (OCR may differ from
		 * the row); with a box of its own, the figure is shown in its line.
		 */
		if (e->line >= 0) {
			i = linetab_seek(t, e->doc, e->line_page, e->line);
			if (i < t->n && !strcmp(t->l[i].doc, e->doc) && t->l[i].page == e->line_page &&
			    t->l[i].line == e->line) {
				if (e->hasbox)
					e->ctx = t->l[i].box;
				else {
					e->hit = t->l[i].box;
					e->hitpage = e->line_page;
					e->hitline0 = e->hitline1 = (int)e->line;
				}
			} else
				warnx("%s:%lu: %s page %ld has no line %ld in %s", ename, e->srcline,
				    e->doc, e->line_page, e->line, lname);
		}
	}
}

/* unknown confidence first: nothing vouches for those numbers */
static int
cmpconf(const void *a, const void *b)
{
	const struct entry *p = a, *q = b;

	if (p->conf != q->conf)
		return p->conf < q->conf ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

void
entries_sort_conf(struct entries *es)
{
	if (es->n > 1)
		qsort(es->e, es->n, sizeof *es->e, cmpconf);
}

void
entries_free(struct entries *es)
{
	for (size_t k = 0; k < es->n; k++) {
		struct entry *e = &es->e[k];
		free(e->doc); free(e->article); free(e->para); free(e->type);
		free(e->text); free(e->value); free(e->unit); free(e->qualifier);
		free(e->subject); free(e->scope); free(e->rule);
		free(e->before); free(e->match); free(e->after);
		free(e->reg); free(e->regpage); free(e->crop); free(e->croppage); free(e->span);
	}
	free(es->e);
	es->e = NULL;
	es->n = es->cap = 0;
}
