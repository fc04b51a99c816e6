/*
 * The review page: one HTML file that opens offline, crops inline as data:
 * URIs. Written through libxml2's xmlTextWriter, which escapes every text
 * and attribute and streams, so a run of thousands of crops never sits in
 * memory whole. Only HTML 4 elements, and every non-void element closed
 * in full: the file is also well-formed XML, and any HTML parser reads it.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "inkpipe.h"
#include "review.h"

static const char css[] =
	"body{font-family:sans-serif;margin:1em 2em;color:#222}"
	"h1{font-size:1.3em}"
	".entry{border-top:2px solid #999;padding:.8em 0;overflow:hidden}"
	".crop{float:left;margin:0 1.5em .5em 0;max-width:60%}"
	"img.crop{max-width:100%;height:auto;border:1px solid #888;image-rendering:auto}"
	".missing{float:left;width:16em;height:4em;margin:0 1.5em .5em 0;border:1px dashed #c00;"
	"color:#c00;text-align:center;line-height:4em}"
	"table.fields{border-collapse:collapse}"
	"table.fields th{text-align:right;color:#666;font-weight:normal;padding:.1em .6em .1em 0;"
	"vertical-align:top}"
	".value{font-size:1.4em;font-weight:bold}"
	".hit{background:#ffe14d;font-weight:bold}"
	".conf{font-weight:bold}.low{color:#c00}"
	".note{color:#666;font-size:.9em}"
	"table.index{border-collapse:collapse;margin-bottom:1.5em}"
	"table.index td,table.index th{padding:.1em .8em .1em 0;text-align:left}";

struct w {
	xmlTextWriterPtr x;
	int bad;
};

#define X(call) (void)((call) < 0 && (w->bad = 1))

static void
start(struct w *w, const char *el, const char *class)
{
	X(xmlTextWriterStartElement(w->x, BAD_CAST el));
	if (class)
		X(xmlTextWriterWriteAttribute(w->x, BAD_CAST "class", BAD_CAST class));
}

static void
end(struct w *w)
{
	/* <div/> opens a div in HTML: always the full end tag */
	X(xmlTextWriterFullEndElement(w->x));
}

static void
text(struct w *w, const char *s)
{
	X(xmlTextWriterWriteString(w->x, BAD_CAST s));
}

static void
el(struct w *w, const char *name, const char *class, const char *s)
{
	start(w, name, class);
	text(w, s);
	end(w);
}

static void
attr(struct w *w, const char *name, const char *val)
{
	X(xmlTextWriterWriteAttribute(w->x, BAD_CAST name, BAD_CAST val));
}

static void
nl(struct w *w)
{
	X(xmlTextWriterWriteRaw(w->x, BAD_CAST "\n"));
}

static void
row(struct w *w, const char *th, const char *td)
{
	if (!*td)
		return;
	start(w, "tr", NULL);
	el(w, "th", NULL, th);
	el(w, "td", NULL, td);
	end(w);
}

/* RFC 4648 base64: a dozen lines, no library needed */
static void
base64(struct buf *o, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	buf_grow(o, o->len + (n + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		char q[4] = { a[v >> 18], a[v >> 12 & 63], a[v >> 6 & 63], a[v & 63] };
		buf_add(o, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
		char q[4] = { a[v >> 18], a[v >> 12 & 63], i + 1 < n ? a[v >> 6 & 63] : '=', '=' };
		buf_add(o, q, 4);
	}
}

static void
image(struct w *w, const struct entry *e, FILE *spool, struct buf *b)
{
	unsigned char *png = xmalloc(e->pnglen ? e->pnglen : 1);
	struct buf alt = { 0 };

	if (fseek(spool, e->pngoff, SEEK_SET) != 0 || fread(png, 1, e->pnglen, spool) != e->pnglen) {
		free(png);
		el(w, "p", "missing", "crop lost (temporary file unreadable)");
		w->bad = 1;
		return;
	}
	buf_reset(b);
	buf_adds(b, "data:image/png;base64,");
	base64(b, png, e->pnglen);
	free(png);
	start(w, "div", "crop");
	start(w, "img", "crop");
	attr(w, "src", b->p);
	buf_printf(&alt, "%s page %ld", e->doc, e->hasbox ? e->line_page : e->page);
	attr(w, "alt", alt.p);
	buf_reset(&alt);
	buf_printf(&alt, "%d", e->pw);
	attr(w, "width", alt.p);
	buf_reset(&alt);
	buf_printf(&alt, "%d", e->ph);
	attr(w, "height", alt.p);
	/* where the parts of the crop come from on the page: x,y,w,h;... */
	buf_reset(&alt);
	for (size_t k = 0; k < e->ncrop; k++)
		buf_printf(&alt, "%s%d,%d,%d,%d", k ? ";" : "", e->crop[k].x, e->crop[k].y,
		    e->crop[k].w, e->crop[k].h);
	attr(w, "data-regions", alt.p);
	buf_reset(&alt);
	for (size_t k = 0; k < e->ncrop; k++)
		buf_printf(&alt, "%s%ld", k ? ";" : "", e->croppage[k]);
	attr(w, "data-pages", alt.p);
	X(xmlTextWriterEndElement(w->x));	/* img is void: <img .../> */
	end(w);
	buf_free(&alt);
}

/* the paragraph's lines, which may run on to the next page */
static void
span(struct buf *s, const struct entry *e)
{
	if (e->first < 0)
		buf_printf(s, "line %ld", e->line);
	else if (e->contd)
		buf_printf(s, "line %ld of page %ld to line %ld of page %ld", e->first, e->page,
		    e->last, e->last_page);
	else if (e->last > e->first)
		buf_printf(s, "lines %ld-%ld", e->first, e->last);
	else
		buf_printf(s, "line %ld", e->first);
}

static void
entry(struct w *w, const struct entry *e, size_t rank, FILE *spool, struct buf *b)
{
	struct buf s = { 0 };

	start(w, "div", "entry");
	buf_printf(&s, "e%zu", rank);
	attr(w, "id", s.p);
	buf_reset(&s);
	buf_printf(&s, "%d", e->conf);
	attr(w, "data-conf", s.p);
	attr(w, "data-type", e->type);
	attr(w, "data-doc", e->doc);
	buf_reset(&s);
	if (e->page >= 0)
		buf_printf(&s, "%ld", e->page);
	attr(w, "data-page", s.p);
	attr(w, "data-value", e->value);
	nl(w);
	if (e->pngoff >= 0)
		image(w, e, spool, b);
	else
		el(w, "p", "missing", e->missing ? e->missing : "no box and no lines: nothing to crop");
	nl(w);

	start(w, "table", "fields");
	start(w, "tr", NULL);
	el(w, "th", NULL, "value");
	start(w, "td", NULL);
	buf_reset(&s);
	buf_printf(&s, "%s%s%s", e->value, *e->unit ? " " : "", e->unit);
	el(w, "span", "value", s.p);
	if (*e->subject) {
		text(w, " ");
		el(w, "span", "subject", e->subject);
	}
	end(w);
	end(w);

	start(w, "tr", NULL);
	el(w, "th", NULL, "confidence");
	start(w, "td", NULL);
	buf_reset(&s);
	if (e->confsrc == CONF_NONE)
		buf_adds(&s, "unknown");
	else
		buf_printf(&s, "%d", e->conf);
	el(w, "span", e->conf < 70 ? "conf low" : "conf", s.p);
	buf_reset(&s);
	if (e->confsrc == CONF_ENTITY)
		buf_adds(&s, " (lowest character confidence of the figure)");
	else if (e->confsrc == CONF_LINES)
		buf_adds(&s, " (lowest line confidence of "), span(&s, e), buf_adds(&s, ")");
	else
		buf_adds(&s, " (no OCR confidence for this row)");
	el(w, "span", "note", s.p);
	end(w);
	end(w);

	start(w, "tr", NULL);
	el(w, "th", NULL, "sentence");
	start(w, "td", "sentence");
	if (e->match) {
		text(w, e->before);
		el(w, "span", "hit", e->match);
		text(w, e->after);
	} else if (e->after) {
		text(w, e->after);
		el(w, "span", "note", " (the figure is not in the OCR text as written)");
	}
	end(w);
	end(w);

	row(w, "text", e->text);
	row(w, "type", e->type);
	row(w, "qualifier", e->qualifier);
	row(w, "scope", e->scope);
	row(w, "rule", e->rule);
	buf_reset(&s);
	buf_printf(&s, "%s", e->doc);
	if (e->page >= 0)
		buf_printf(&s, ", page %ld", e->page);
	if (e->first >= 0)
		buf_adds(&s, ", "), span(&s, e);
	if (e->line >= 0)
		buf_printf(&s, ", figure on line %ld", e->line);
	else if (e->hitline0 >= 0)
		buf_printf(&s, ", figure found on line %d", e->hitline0);
	if (e->line >= 0 && e->line_page != e->page)
		buf_printf(&s, " of page %ld", e->line_page);
	else if (e->line < 0 && e->hitline0 >= 0 && e->hitpage != e->page)
		buf_printf(&s, " of page %ld", e->hitpage);
	if (e->hasbox)
		buf_printf(&s, ", box %d,%d %dx%d", e->box.x, e->box.y, e->box.w, e->box.h);
	if (*e->article)
		buf_printf(&s, "; article %s, paragraph %s", e->article, e->para);
	buf_printf(&s, "; entities line %lu", e->srcline);
	row(w, "source", s.p);
	end(w);
	nl(w);
	end(w);
	nl(w);
	buf_free(&s);
}

/* one line per figure, in the same order, each a link to its entry */
static void
toc(struct w *w, const struct entries *es)
{
	static const char *head[] = { "#", "conf", "value", "subject", "text", "source" };
	struct buf s = { 0 };

	start(w, "table", "index");
	start(w, "tr", NULL);
	for (size_t k = 0; k < LEN(head); k++)
		el(w, "th", NULL, head[k]);
	end(w);
	nl(w);
	for (size_t k = 0; k < es->n; k++) {
		const struct entry *e = &es->e[k];

		start(w, "tr", NULL);
		start(w, "td", NULL);
		buf_reset(&s);
		buf_printf(&s, "#e%zu", k + 1);
		start(w, "a", NULL);
		attr(w, "href", s.p);
		buf_reset(&s);
		buf_printf(&s, "%zu", k + 1);
		text(w, s.p);
		end(w);
		end(w);
		buf_reset(&s);
		if (e->confsrc != CONF_NONE)
			buf_printf(&s, "%d", e->conf);
		else
			buf_adds(&s, "?");
		el(w, "td", e->conf < 70 ? "conf low" : "conf", s.p);
		buf_reset(&s);
		buf_printf(&s, "%s%s%s", e->value, *e->unit ? " " : "", e->unit);
		el(w, "td", NULL, s.p);
		el(w, "td", NULL, e->subject);
		el(w, "td", NULL, e->text);
		buf_reset(&s);
		buf_printf(&s, "%s", e->doc);
		if (e->page >= 0)
			buf_printf(&s, " p%ld", e->page);
		if (e->pngoff < 0)
			buf_printf(&s, " (%s)", e->missing ? e->missing : "no crop");
		el(w, "td", NULL, s.p);
		end(w);
		nl(w);
	}
	end(w);
	nl(w);
	buf_free(&s);
}

int
html_write(FILE *out, const struct entries *es, FILE *spool, const struct htmlinfo *hi)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(out, NULL);
	struct w ww = { 0 }, *w = &ww;
	struct buf s = { 0 }, b = { 0 };
	size_t nocrop = 0, k;
	const char *what = hi->all ? "numbers" : "metrics";

	if (!ob || !(w->x = xmlNewTextWriter(ob))) {
		if (ob)
			xmlOutputBufferClose(ob);
		return -1;
	}
	for (k = 0; k < es->n; k++)
		nocrop += es->e[k].pngoff < 0;
	X(xmlTextWriterStartDTD(w->x, BAD_CAST "html", NULL, NULL));
	X(xmlTextWriterEndDTD(w->x));
	nl(w);
	start(w, "html", NULL);
	attr(w, "lang", "zh-CN");
	nl(w);
	start(w, "head", NULL);
	start(w, "meta", NULL);
	attr(w, "charset", "utf-8");
	X(xmlTextWriterEndElement(w->x));
	start(w, "meta", NULL);
	attr(w, "name", "generator");
	buf_printf(&s, "ink-review %s", inkpipe_version);
	attr(w, "content", s.p);
	X(xmlTextWriterEndElement(w->x));
	buf_reset(&s);
	buf_printf(&s, "ink-review: %zu %s", es->n, what);
	el(w, "title", NULL, s.p);
	el(w, "style", NULL, css);
	end(w);
	nl(w);
	start(w, "body", NULL);
	nl(w);
	buf_reset(&s);
	buf_printf(&s, "%zu %s, least confident first", es->n, what);
	el(w, "h1", NULL, s.p);
	nl(w);
	buf_reset(&s);
	buf_printf(&s, "Entities from %s, lines from %s; crops with a margin of %d pixels, "
	    "the figure outlined in red (its paragraph in blue when the row has no box of "
	    "its own). %zu without a crop.", hi->ename, hi->lname, hi->margin, nocrop);
	el(w, "p", "note", s.p);
	nl(w);
	if (es->n)
		toc(w, es);
	for (k = 0; k < es->n; k++)
		entry(w, &es->e[k], k + 1, spool, &b);
	end(w);
	nl(w);
	end(w);
	nl(w);
	X(xmlTextWriterFlush(w->x));
	xmlFreeTextWriter(w->x);	/* flushes and closes ob, not the FILE */
	buf_free(&s);
	buf_free(&b);
	return w->bad ? -1 : 0;
}
