/*
 * hOCR and ALTO out, through libxml2's xmlTextWriter: libraries and
 * archives take OCR in these forms, and escaping is libxml2's job, not
 * printf's.
 */
#include <err.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/encoding.h>
#include <libxml/xmlwriter.h>

#include "inkpipe.h"
#include "ocrxml.h"

#define ALTO_NS "http://www.loc.gov/standards/alto/ns-v4#"
#define ALTO_XSD "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"

struct ocrxml_writer {
	xmlTextWriterPtr x;
	xmlOutputBufferPtr ob;
	FILE *fp;
	enum ocrxml_format fmt;
	long page, block;
	int in_page, in_block, bad;
	int fragment;		/* pages only: no prologue, nothing closed but the page */
};

#define W(call) do { if ((call) < 0) w->bad = 1; } while (0)

static void
attrf(struct ocrxml_writer *w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
attrf(struct ocrxml_writer *w, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	W(xmlTextWriterWriteVFormatAttribute(w->x, (const xmlChar *)name, fmt, ap));
	va_end(ap);
}

static void
start(struct ocrxml_writer *w, const char *el)
{
	W(xmlTextWriterStartElement(w->x, (const xmlChar *)el));
}

/* an hOCR element is known by its class */
static void
hocr_start(struct ocrxml_writer *w, const char *el, const char *cls)
{
	start(w, el);
	W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "class", BAD_CAST cls));
}

static void
end(struct ocrxml_writer *w)
{
	W(xmlTextWriterEndElement(w->x));
}

/* hOCR's title: bbox x0 y0 x1 y1, whole pixels */
static void
bbox_title(struct ocrxml_writer *w, double x, double y, double bw, double bh, double conf)
{
	if (conf >= 0)
		attrf(w, "title", "bbox %ld %ld %ld %ld; x_wconf %ld", lround(x), lround(y),
		    lround(x + bw), lround(y + bh), lround(conf));
	else
		attrf(w, "title", "bbox %ld %ld %ld %ld", lround(x), lround(y),
		    lround(x + bw), lround(y + bh));
}

static void
alto_box(struct ocrxml_writer *w, double x, double y, double bw, double bh)
{
	attrf(w, "HPOS", "%ld", lround(x));
	attrf(w, "VPOS", "%ld", lround(y));
	attrf(w, "WIDTH", "%ld", lround(bw));
	attrf(w, "HEIGHT", "%ld", lround(bh));
}

static void
meta(struct ocrxml_writer *w, const char *name, const char *content)
{
	start(w, "meta");
	W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "name", BAD_CAST name));
	W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "content", BAD_CAST content));
	end(w);
}

static struct ocrxml_writer *
writer(FILE *fp, enum ocrxml_format fmt, int fragment)
{
	struct ocrxml_writer *w = xcalloc(1, sizeof *w);

	w->fp = fp;
	w->fmt = fmt;
	w->fragment = fragment;
	if (!(w->ob = xmlOutputBufferCreateFile(fp, xmlFindCharEncodingHandler("UTF-8"))) ||
	    !(w->x = xmlNewTextWriter(w->ob))) {
		warnx("cannot start the XML writer");
		free(w);
		return NULL;
	}
	xmlTextWriterSetIndent(w->x, 1);
	xmlTextWriterSetIndentString(w->x, BAD_CAST " ");
	return w;
}

/* pages written apart (by worker threads, say) and put into a document with ocrxml_raw */
struct ocrxml_writer *
ocrxml_begin_pages(FILE *fp, enum ocrxml_format fmt)
{
	return writer(fp, fmt, 1);
}

void
ocrxml_raw(struct ocrxml_writer *w, const char *s, size_t n)
{
	W(xmlTextWriterWriteRawLen(w->x, BAD_CAST s, (int)n));
	W(xmlTextWriterFlush(w->x));
}

struct ocrxml_writer *
ocrxml_begin(FILE *fp, enum ocrxml_format fmt, const char *producer)
{
	struct ocrxml_writer *w = writer(fp, fmt, 0);

	if (!w)
		return NULL;
	W(xmlTextWriterStartDocument(w->x, NULL, "UTF-8", NULL));
	if (fmt == OCRXML_HOCR) {
		W(xmlTextWriterWriteDTD(w->x, BAD_CAST "html",
		    BAD_CAST "-//W3C//DTD XHTML 1.0 Transitional//EN",
		    BAD_CAST "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd", NULL));
		start(w, "html");
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/1999/xhtml"));
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xml:lang", BAD_CAST "zh"));
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "lang", BAD_CAST "zh"));
		start(w, "head");
		W(xmlTextWriterWriteElement(w->x, BAD_CAST "title", BAD_CAST ""));
		start(w, "meta");
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "http-equiv", BAD_CAST "Content-Type"));
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "content", BAD_CAST "text/html;charset=utf-8"));
		end(w);
		meta(w, "ocr-system", producer);
		meta(w, "ocr-capabilities", "ocr_page ocr_carea ocr_par ocr_line ocrx_word");
		end(w);
		start(w, "body");
	} else {
		start(w, "alto");
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xmlns", BAD_CAST ALTO_NS));
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xmlns:xsi",
		    BAD_CAST "http://www.w3.org/2001/XMLSchema-instance"));
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "xsi:schemaLocation",
		    BAD_CAST ALTO_NS " " ALTO_XSD));
		start(w, "Description");
		W(xmlTextWriterWriteElement(w->x, BAD_CAST "MeasurementUnit", BAD_CAST "pixel"));
		start(w, "Processing");
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "ID", BAD_CAST "ocr"));
		start(w, "processingSoftware");
		W(xmlTextWriterWriteElement(w->x, BAD_CAST "softwareName", BAD_CAST producer));
		W(xmlTextWriterWriteElement(w->x, BAD_CAST "softwareVersion", BAD_CAST inkpipe_version));
		end(w);
		end(w);
		end(w);
		start(w, "Layout");
	}
	return w;
}

static void
close_block(struct ocrxml_writer *w)
{
	if (!w->in_block)
		return;
	if (w->fmt == OCRXML_HOCR)
		end(w);		/* the ocr_par */
	end(w);
	w->in_block = 0;
}

static void
close_page(struct ocrxml_writer *w)
{
	close_block(w);
	if (!w->in_page)
		return;
	if (w->fmt == OCRXML_ALTO)
		end(w);		/* PrintSpace */
	end(w);
	w->in_page = 0;
}

void
ocrxml_page(struct ocrxml_writer *w, long page, const char *image, int width, int height)
{
	close_page(w);
	w->page = page;
	w->in_page = 1;
	if (w->fmt == OCRXML_HOCR) {
		hocr_start(w, "div", "ocr_page");
		attrf(w, "id", "page_%ld", page);
		/* hOCR quotes the image name inside the title; a quote in it would end it */
		if (image && !strchr(image, '"'))
			attrf(w, "title", "image \"%s\"; bbox 0 0 %d %d; ppageno %ld", image,
			    width, height, page - 1);
		else
			attrf(w, "title", "bbox 0 0 %d %d; ppageno %ld", width, height, page - 1);
	} else {
		start(w, "Page");
		attrf(w, "ID", "page_%ld", page);
		attrf(w, "PHYSICAL_IMG_NR", "%ld", page);
		attrf(w, "WIDTH", "%d", width);
		attrf(w, "HEIGHT", "%d", height);
		start(w, "PrintSpace");
		alto_box(w, 0, 0, width, height);
	}
}

void
ocrxml_block(struct ocrxml_writer *w, long block, double x, double y, double bw, double bh)
{
	close_block(w);
	w->block = block;
	w->in_block = 1;
	if (w->fmt == OCRXML_HOCR) {
		hocr_start(w, "div", "ocr_carea");
		attrf(w, "id", "block_%ld_%ld", w->page, block);
		bbox_title(w, x, y, bw, bh, -1);
		hocr_start(w, "p", "ocr_par");
		attrf(w, "id", "par_%ld_%ld", w->page, block);
		bbox_title(w, x, y, bw, bh, -1);
	} else {
		start(w, "TextBlock");
		attrf(w, "ID", "block_%ld_%ld", w->page, block);
		alto_box(w, x, y, bw, bh);
	}
}

static void
word(struct ocrxml_writer *w, const struct ocrline *l, const struct ocrword *wd, size_t i)
{
	if (w->fmt == OCRXML_HOCR) {
		hocr_start(w, "span", "ocrx_word");
		attrf(w, "id", "word_%ld_%ld_%zu", w->page, l->line, i + 1);
		bbox_title(w, wd->x, wd->y, wd->w, wd->h, wd->conf);
		W(xmlTextWriterWriteString(w->x, BAD_CAST wd->text));
		end(w);
	} else {
		if (i > 0) {
			start(w, "SP");
			end(w);
		}
		start(w, "String");
		attrf(w, "ID", "word_%ld_%ld_%zu", w->page, l->line, i + 1);
		W(xmlTextWriterWriteAttribute(w->x, BAD_CAST "CONTENT", BAD_CAST wd->text));
		alto_box(w, wd->x, wd->y, wd->w, wd->h);
		if (wd->conf >= 0)
			attrf(w, "WC", "%.2f", wd->conf / 100);
		end(w);
	}
}

void
ocrxml_line(struct ocrxml_writer *w, const struct ocrline *l, const struct ocrword *words,
    size_t nwords)
{
	struct ocrword whole = { l->x, l->y, l->w, l->h, l->conf, l->text };
	size_t i;

	if (!w->in_page)
		ocrxml_page(w, l->page, NULL, 0, 0);
	if (!w->in_block || w->block != l->block)
		ocrxml_block(w, l->block, l->x, l->y, l->w, l->h);
	if (w->fmt == OCRXML_HOCR) {
		hocr_start(w, "span", "ocr_line");
		attrf(w, "id", "line_%ld_%ld", w->page, l->line);
		bbox_title(w, l->x, l->y, l->w, l->h, l->conf);
	} else {
		start(w, "TextLine");
		attrf(w, "ID", "line_%ld_%ld", w->page, l->line);
		alto_box(w, l->x, l->y, l->w, l->h);
	}
	if (nwords == 0)
		word(w, l, &whole, 0);
	for (i = 0; i < nwords; i++)
		word(w, l, &words[i], i);
	end(w);
}

int
ocrxml_end(struct ocrxml_writer *w)
{
	int bad;

	close_page(w);
	if (!w->fragment)
		W(xmlTextWriterEndDocument(w->x));	/* closes body/html or Layout/alto */
	W(xmlTextWriterFlush(w->x));
	xmlFreeTextWriter(w->x);		/* flushes and frees the output buffer */
	bad = w->bad || fflush(w->fp) == EOF || ferror(w->fp);
	free(w);
	return bad;
}
