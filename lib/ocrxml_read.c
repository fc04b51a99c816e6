/*
 * hOCR and ALTO in: archives and other engines (Tesseract, ABBYY
 * FineReader, Transkribus, a library's METS/ALTO delivery) hand OCR over
 * as XML. Both are read into the contract's lines, so the rest of the
 * pipeline works on them unchanged.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "inkpipe.h"
#include "ocrxml.h"

/* larger than any page's OCR; a bigger file is refused, not read into memory */
#define OCRXML_MAX_BYTES (256u << 20)

struct reader {
	const char *name;
	int (*each)(void *, const struct ocrline *);
	void *arg;
	long page, block, line;
	double scale;		/* ALTO measurement units to pixels */
	int stop;
	struct buf text, clean;
};

int
ocrxml_sniff(const char *peek, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(peek, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && (peek[i] == ' ' || peek[i] == '\t' || peek[i] == '\r' || peek[i] == '\n'))
		i++;
	return i + 1 < n && peek[i] == '<' &&
	    (peek[i + 1] == '?' || peek[i + 1] == '!' ||
	    (peek[i + 1] >= 'a' && peek[i + 1] <= 'z') || (peek[i + 1] >= 'A' && peek[i + 1] <= 'Z'));
}

static int
is_elem(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, local);
}

static char *
attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static double
attr_num(const xmlNode *n, const char *name, double dflt)
{
	char *s = attr(n, name), *e;
	double v = dflt;

	if (s) {
		v = strtod(s, &e);
		if (e == s || !(v == v))
			v = dflt;
		xmlFree(s);
	}
	return v;
}

/* hOCR puts its classes in class="ocr_line ..." */
static int
has_class(const xmlNode *n, const char *cls)
{
	char *c = attr(n, "class"), *p;
	size_t k = strlen(cls);
	int yes = 0;

	for (p = c; p && (p = strstr(p, cls)); p += k)
		if ((p == c || p[-1] == ' ') && (p[k] == '\0' || p[k] == ' ')) {
			yes = 1;
			break;
		}
	xmlFree(c);
	return yes;
}

/* one property of hOCR's title="bbox 10 20 300 40; x_wconf 93" */
static int
title_prop(const xmlNode *n, const char *prop, double *v, int nv)
{
	char *t = attr(n, "title"), *p, *e;
	size_t k = strlen(prop);
	int i, got = 0;

	for (p = t; p && (p = strstr(p, prop)); p += k) {
		if (p != t && p[-1] != ' ' && p[-1] != ';')
			continue;
		if (p[k] != ' ')
			continue;
		p += k;
		for (i = 0; i < nv; i++, p = e) {
			v[i] = strtod(p, &e);
			if (e == p)
				break;
		}
		got = i == nv;
		break;
	}
	xmlFree(t);
	return got;
}

/* a node's text with every run of white space as one space, trimmed */
static void
add_text(struct buf *b, const xmlNode *n)
{
	char *s = (char *)xmlNodeGetContent(n), *p;
	int space = b->len > 0;

	for (p = s; p && *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len > 0)
			buf_addc(b, ' ');
		space = 0;
		buf_addc(b, *p);
	}
	xmlFree(s);
}

/* an attribute's text: a line break written as &#10; is white space in a line */
static void
add_attr(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static void
emit(struct reader *r, double x, double y, double w, double h, double conf)
{
	struct ocrline l;

	if (r->stop || r->text.len == 0)
		return;
	if (r->page == 0)
		r->page = 1;
	if (r->block == 0)
		r->block = 1;
	l.page = r->page;
	l.block = r->block;
	l.line = ++r->line;
	l.x = x, l.y = y, l.w = w, l.h = h;
	l.conf = conf;
	l.text = r->text.p;
	/* HTML recovery passes a stray byte through as it was: the lines are UTF-8 */
	if (utf8_valid(r->text.p, r->text.len) != r->text.len) {
		size_t first;
		buf_reset(&r->clean);
		utf8_clean(r->text.p, r->text.len, &r->clean, &first);
		l.text = r->clean.p;
	}
	if (r->each(r->arg, &l))
		r->stop = 1;
}

/* ---- hOCR: ocr_page > ocr_carea > ocr_par > ocr_line > ocrx_word ---- */

static void
hocr_words(struct reader *r, const xmlNode *n, double *sum, int *nconf)
{
	const xmlNode *c;
	double wc;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (has_class(c, "ocrx_word")) {
			add_text(&r->text, c);
			if (title_prop(c, "x_wconf", &wc, 1))
				*sum += wc, (*nconf)++;
		} else
			hocr_words(r, c, sum, nconf);
	}
}

static int
hocr_is_line(const xmlNode *n)
{
	return has_class(n, "ocr_line") || has_class(n, "ocrx_line") ||
	    has_class(n, "ocr_caption") || has_class(n, "ocr_textfloat") ||
	    has_class(n, "ocr_header");
}

static void
hocr_line(struct reader *r, const xmlNode *n)
{
	double bb[4] = { 0, 0, 0, 0 }, sum = 0, conf = -1;
	int nconf = 0;

	buf_reset(&r->text);
	hocr_words(r, n, &sum, &nconf);
	if (r->text.len == 0)		/* a line without word markup */
		add_text(&r->text, n);
	if (nconf)
		conf = sum / nconf;
	else
		title_prop(n, "x_wconf", &conf, 1);
	title_prop(n, "bbox", bb, 4);
	emit(r, bb[0], bb[1], bb[2] - bb[0], bb[3] - bb[1], conf);
}

static void
hocr_walk(struct reader *r, const xmlNode *n, int in_area)
{
	const xmlNode *c;

	for (c = n; c && !r->stop; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (has_class(c, "ocr_page")) {
			r->page++;
			r->block = r->line = 0;
			hocr_walk(r, c->children, 0);
		} else if (has_class(c, "ocr_carea") || has_class(c, "ocrx_block")) {
			r->block++;
			hocr_walk(r, c->children, 1);
		} else if (has_class(c, "ocr_par") && !in_area) {
			r->block++;
			hocr_walk(r, c->children, 1);
		} else if (hocr_is_line(c))
			hocr_line(r, c);
		else
			hocr_walk(r, c->children, in_area);
	}
}

static int
hocr_any(const xmlNode *n)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (has_class(n, "ocr_page") || hocr_is_line(n) || hocr_any(n->children)))
			return 1;
	return 0;
}

/* ---- ALTO: Page > PrintSpace > (ComposedBlock >) TextBlock > TextLine > String ---- */

static void
alto_line(struct reader *r, const xmlNode *n)
{
	const xmlNode *c;
	double sum = 0, conf = -1;
	int nconf = 0, gap = 0;
	char *s;

	buf_reset(&r->text);
	for (c = n->children; c; c = c->next) {
		if (is_elem(c, "String")) {
			if ((s = attr(c, "CONTENT"))) {
				/* words stand apart; ink-reflow closes the gaps between CJK */
				if (r->text.len && !gap)
					buf_addc(&r->text, ' ');
				add_attr(&r->text, s);
				xmlFree(s);
			}
			gap = 0;
			if ((s = attr(c, "WC"))) {
				sum += 100 * strtod(s, NULL), nconf++;
				xmlFree(s);
			}
		} else if (is_elem(c, "SP")) {
			if (r->text.len && !gap)
				buf_addc(&r->text, ' ');
			gap = 1;
		} else if (is_elem(c, "HYP")) {
			s = attr(c, "CONTENT");
			add_attr(&r->text, s ? s : "-");
			xmlFree(s);
			gap = 1;
		}
	}
	while (r->text.len && r->text.p[r->text.len - 1] == ' ')
		r->text.p[--r->text.len] = '\0';
	if (nconf)
		conf = sum / nconf;
	emit(r, r->scale * attr_num(n, "HPOS", 0), r->scale * attr_num(n, "VPOS", 0),
	    r->scale * attr_num(n, "WIDTH", 0), r->scale * attr_num(n, "HEIGHT", 0), conf);
}

static void
alto_walk(struct reader *r, const xmlNode *n)
{
	const xmlNode *c;
	char *u;

	for (c = n; c && !r->stop; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_elem(c, "MeasurementUnit")) {
			u = (char *)xmlNodeGetContent(c);
			/* geometry is only compared within a page: 300 dpi keeps its proportions */
			if (u && !strcmp(u, "mm10"))
				r->scale = 300 / 254.0;
			else if (u && !strcmp(u, "inch1200"))
				r->scale = 300 / 1200.0;
			if (r->scale != 1)
				warnx("%s: ALTO geometry in %s, taken as pixels at 300 dpi", r->name, u);
			xmlFree(u);
		} else if (is_elem(c, "Page")) {
			r->page++;
			r->block = r->line = 0;
			alto_walk(r, c->children);
		} else if (is_elem(c, "TextBlock")) {
			r->block++;
			alto_walk(r, c->children);
		} else if (is_elem(c, "TextLine"))
			alto_line(r, c);
		else
			alto_walk(r, c->children);
	}
}

static int
slurp(FILE *fp, const char *name, const char *peek, size_t npeek, struct buf *b)
{
	char chunk[65536];
	size_t n;

	buf_add(b, peek, npeek);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b->len + n > OCRXML_MAX_BYTES) {
			warnx("%s: over %u MiB of markup; not read", name, OCRXML_MAX_BYTES >> 20);
			return 1;
		}
		buf_add(b, chunk, n);
	}
	if (ferror(fp)) {
		warn("%s", name);
		return 1;
	}
	return 0;
}

int
ocrxml_read(FILE *fp, const char *name, const char *peek, size_t npeek,
    int (*each)(void *arg, const struct ocrline *l), void *arg)
{
	struct reader r = { .name = name, .each = each, .arg = arg, .scale = 1 };
	struct buf in = { 0 };
	xmlDoc *doc = NULL;
	xmlNode *root;
	const xmlError *e;
	int ret = 1, xmlopts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOBLANKS;

	if (slurp(fp, name, peek, npeek, &in))
		goto out;
	if (in.len > INT32_MAX)
		goto out;
	xmlResetLastError();
	doc = xmlReadMemory(in.p, (int)in.len, name, NULL, xmlopts);
	/* hOCR is often HTML rather than XHTML (ABBYY, older Tesseract) */
	if (!doc && !strstr(in.p, "<alto") &&
	    (strcasestr(in.p, "<html") || strstr(in.p, "ocr_")))
		doc = htmlReadMemory(in.p, (int)in.len, name, NULL, HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (!doc) {
		e = xmlGetLastError();
		if (e && e->message)
			warnx("%s:%d: not well-formed markup: %.*s", name, e->line,
			    (int)strcspn(e->message, "\n"), e->message);
		else
			warnx("%s: not well-formed markup", name);
		goto out;
	}
	if (!(root = xmlDocGetRootElement(doc))) {
		warnx("%s: markup without a root element", name);
		goto out;
	}
	if (is_elem(root, "alto"))
		alto_walk(&r, root);
	else if (hocr_any(root))
		hocr_walk(&r, root, 0);
	else {
		warnx("%s: neither hOCR nor ALTO (root element <%s>)", name, (const char *)root->name);
		goto out;
	}
	if (r.page == 0 && r.line == 0)
		warnx("%s: no text line in the %s", name, is_elem(root, "alto") ? "ALTO" : "hOCR");
	ret = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	buf_free(&in);
	buf_free(&r.text);
	buf_free(&r.clean);
	return ret;
}
