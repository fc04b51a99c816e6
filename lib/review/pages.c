/*
 * Page images by document name (docname(), as ink-ocr names them) and the
 * crops cut from them. Entries are taken page by page so that each page
 * is decoded once however many figures it holds; the PNGs go to a spool
 * file, not memory, since a year of issues makes thousands of them.
 */
#include <dirent.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <leptonica/allheaders.h>

#include "inkpipe.h"
#include "records.h"
#include "review.h"

#define GAP	12		/* pixels between the parts of a crop of several columns */
#define THICK	3		/* outline of the figure */
#define THIN	2		/* outline of its paragraph */
#define MAXPIXELS 150000000L	/* as ink-ocr: a bigger page is refused before decoding */

struct img {
	char *doc, *path;
	int warned;
};

struct imgindex {
	struct img *i;
	size_t n, cap;
};

struct imgindex *
imgindex_new(void)
{
	return xcalloc(1, sizeof(struct imgindex));
}

static struct img *
find(struct imgindex *ix, const char *doc)
{
	for (size_t k = 0; k < ix->n; k++)
		if (!strcmp(ix->i[k].doc, doc))
			return &ix->i[k];
	return NULL;
}

static int
ispdf(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strcasecmp(dot, ".pdf");
}

static void
addfile(struct imgindex *ix, const char *path)
{
	char *doc = docname(path);
	struct img *o = find(ix, doc);

	/* a.pdf beside a.tif: the PDF's pages rendered, as the manual suggests */
	if (o && ispdf(o->path) && !ispdf(path)) {
		free(o->path);
		o->path = xstrdup(path);
		free(doc);
		return;
	}
	if (o && ispdf(path) && !ispdf(o->path)) {
		free(doc);
		return;
	}
	if (o) {
		warnx("%s: document %s already has its image %s; ignored", path, doc, o->path);
		free(doc);
		return;
	}
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 16;
		ix->i = xreallocarray(ix->i, ix->cap, sizeof *ix->i);
	}
	ix->i[ix->n++] = (struct img){ doc, xstrdup(path), 0 };
}

static int
isimagename(const char *name)
{
	static const char *ext[] = { "png", "jpg", "jpeg", "tif", "tiff", "pnm", "pbm", "pgm",
		"ppm", "webp", "bmp", "gif", "jp2", "pdf" };
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return 0;
	for (size_t k = 0; k < LEN(ext); k++)
		if (!strcasecmp(dot + 1, ext[k]))
			return 1;
	return 0;
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
imgindex_add(struct imgindex *ix, const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (stat(path, &st) < 0) {
		warn("%s", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		addfile(ix, path);
		return 0;
	}
	if (!(d = opendir(path))) {
		warn("%s", path);
		return -1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && isimagename(de->d_name)) {
			struct buf b = { 0 };
			buf_printf(&b, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
			    de->d_name);
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = b.p;
		}
	closedir(d);
	/* the same files give the same choice whatever order the folder lists them in */
	qsort(names, n, sizeof *names, cmpname);
	for (size_t k = 0; k < n; k++) {
		if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode))
			addfile(ix, names[k]);
		free(names[k]);
	}
	free(names);
	return 0;
}

void
imgindex_free(struct imgindex *ix)
{
	if (!ix)
		return;
	for (size_t k = 0; k < ix->n; k++) {
		free(ix->i[k].doc);
		free(ix->i[k].path);
	}
	free(ix->i);
	free(ix);
}

/*
 * Page n (from 1) of a file: 8 bpp gray when it has no colour (a scan,
 * mostly), else 32 bpp RGB. NULL with *why set.
 */
static PIX *
loadpage(const char *path, long page, const char **why)
{
	l_int32 fmt = IFF_UNKNOWN, np = 1, w = 0, h = 0;
	PIX *pix, *rgb;
	PIXCMAP *cmap;
	l_int32 color = 1;

	struct stat st;

	if (stat(path, &st) == 0 && st.st_size == 0) {
		*why = "empty file";
		return NULL;
	}
	FILE *fp = fopen(path, "rb");
	char head[5] = { 0 };
	int pdf = fp && fread(head, 1, 5, fp) == 5 && !memcmp(head, "%PDF-", 5);
	if (fp)
		fclose(fp);
	if (pdf) {
		*why = "a PDF: ink-review reads page images only (pdftoppm -r 300 makes them)";
		return NULL;
	}
	if (findFileFormat(path, &fmt) != 0 || fmt == IFF_UNKNOWN) {
		*why = "not an image this tool reads";
		return NULL;
	}
	if (pixReadHeader(path, NULL, &w, &h, NULL, NULL, NULL) != 0 || w <= 0 || h <= 0) {
		*why = "unreadable image header (corrupt or truncated?)";
		return NULL;
	}
	if ((long)w * h > MAXPIXELS) {
		*why = "over 150000000 pixels: refused";
		return NULL;
	}
	if (fmt == IFF_PNG) {
		/* libpng would decode a cut-off file into a half page, gray below the cut */
		unsigned char tail[8];
		int ok;

		fp = fopen(path, "rb");
		ok = fp && fseeko(fp, -8, SEEK_END) == 0 && fread(tail, 1, 8, fp) == 8 &&
		    !memcmp(tail, "IEND", 4);
		if (fp)
			fclose(fp);
		if (!ok) {
			*why = "truncated PNG (no IEND chunk at the end)";
			return NULL;
		}
	}
	if (fmt == IFF_TIFF || fmt == IFF_TIFF_G3 || fmt == IFF_TIFF_G4 || fmt == IFF_TIFF_PACKBITS ||
	    fmt == IFF_TIFF_RLE || fmt == IFF_TIFF_LZW || fmt == IFF_TIFF_ZIP || fmt == IFF_TIFF_JPEG) {
		fp = fopen(path, "rb");
		if (fp && tiffGetCount(fp, &np) != 0)
			np = 0;
		if (fp)
			fclose(fp);
		pix = page <= np ? pixReadTiff(path, (l_int32)page - 1) : NULL;
	} else
		pix = page == 1 ? pixRead(path) : NULL;
	if (!pix && page > np) {
		*why = "the image has no such page";
		return NULL;
	}
	if (!pix) {
		*why = "cannot decode the image (corrupt or truncated?)";
		return NULL;
	}
	if (pixGetDepth(pix) < 32 &&
	    (!(cmap = pixGetColormap(pix)) || (pixcmapHasColor(cmap, &color) == 0 && !color)))
		rgb = pixConvertTo8(pix, 0);
	else if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4)
		rgb = pixAlphaBlendUniform(pix, 0xffffff00);
	else
		rgb = pixConvertTo32(pix);
	pixDestroy(&pix);
	if (rgb && pixGetDepth(rgb) == 32)
		pixSetSpp(rgb, 3);
	else if (!rgb)
		*why = "cannot convert the image";
	return rgb;
}

/* an outline just outside b, so that it never covers the characters */
static void
outline(PIX *crop, const struct rbox *b, const struct rbox *at, int top, int width,
    l_uint8 r, l_uint8 g, l_uint8 bl)
{
	BOX *box = boxCreate(b->x - at->x - width, b->y - at->y + top - width,
	    b->w + 2 * width, b->h + 2 * width);

	if (box) {
		pixRenderBoxArb(crop, box, width, r, g, bl);
		boxDestroy(&box);
	}
}

static int
inside(const struct rbox *b, const struct rbox *c)
{
	return b->w > 0 && b->x >= c->x && b->y >= c->y && b->x + b->w <= c->x + c->w &&
	    b->y + b->h <= c->y + c->h;
}

/* the regions of e on page pageno, cut with their margin; how many */
static int
cut(struct entry *e, PIX *page, long pageno, int margin)
{
	int pw = pixGetWidth(page), ph = pixGetHeight(page), got = 0;
	const struct rbox *src = e->hasbox ? &e->box : e->reg;
	size_t n = e->hasbox ? 1 : e->nreg;

	for (size_t k = 0; k < n; k++) {
		/* a figure's own box is read along its line: more of the line than above and below */
		int mx = e->hasbox ? 3 * margin : margin;
		int x0 = src[k].x - mx, y0 = src[k].y - margin;
		int x1 = src[k].x + src[k].w + mx, y1 = src[k].y + src[k].h + margin;
		BOX *box;

		if ((e->hasbox ? e->line_page : e->regpage[k]) != pageno)
			continue;
		if (e->hasbox && e->ctx.w > 0) {
			/* the whole line the figure is read in, not a few characters of it */
			x0 = L_MIN(x0, e->ctx.x - margin);
			y0 = L_MIN(y0, e->ctx.y - margin);
			x1 = L_MAX(x1, e->ctx.x + e->ctx.w + margin);
			y1 = L_MAX(y1, e->ctx.y + e->ctx.h + margin);
		}
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		x1 = x1 > pw ? pw : x1;
		y1 = y1 > ph ? ph : y1;
		if (x1 <= x0 || y1 <= y0 || src[k].x >= pw || src[k].y >= ph)
			continue;
		e->crop[k] = (struct rbox){ x0, y0, x1 - x0, y1 - y0 };
		e->croppage[k] = pageno;
		box = boxCreate(x0, y0, x1 - x0, y1 - y0);
		e->part[k] = pixClipRectangle(page, box, NULL);
		boxDestroy(&box);
		got += e->part[k] != NULL;
	}
	return got;
}

/*
 * The parts cut, one under the other (the columns of a paragraph, not the
 * whole page width), outlined, as one PNG in the spool. -1: no part.
 */
static int
assemble(struct entry *e, FILE *spool)
{
	size_t n = e->hasbox ? 1 : e->nreg, k, m;
	int W = 0, H = 0, y, depth = 8;
	PIX *out;
	l_uint8 *png = NULL;
	size_t len = 0;

	for (k = m = 0; k < n; k++)
		if (e->part[k]) {
			W = pixGetWidth(e->part[k]) > W ? pixGetWidth(e->part[k]) : W;
			H += pixGetHeight(e->part[k]) + (m++ ? GAP : 0);
			depth = pixGetDepth(e->part[k]) == 32 ? 32 : depth;
		}
	if (m == 0)
		return -1;
	if (depth == 32) {
		/* JPEG scans of black print come in colour: gray makes them a third the size */
		for (k = 0, depth = 8; k < n && depth == 8; k++) {
			l_float32 pf = 0, cf = 0;
			if (e->part[k] && pixGetDepth(e->part[k]) == 32 &&
			    (pixColorFraction(e->part[k], 20, 244, 60, 2, &pf, &cf) != 0 ||
			    pf * cf >= 0.002))
				depth = 32;
		}
	}
	out = pixCreate(W, H, depth);
	pixSetAllArbitrary(out, depth == 8 ? 200 : 0xc8c8c800);
	for (k = 0, y = 0; k < n; k++)
		if (e->part[k]) {
			PIX *p = depth == 32 ? pixConvertTo32(e->part[k]) : pixConvertTo8(e->part[k], 0);
			pixRasterop(out, 0, y, pixGetWidth(p), pixGetHeight(p), PIX_SRC, p, 0, 0);
			y += pixGetHeight(p) + GAP;
			pixDestroy(&p);
		}
	if (depth == 8) {
		/*
		 * Gray with two colours for the outlines: a palette of 254 grays
		 * (none more than one level off) and red and blue. Half the bytes
		 * of RGB, and a year of issues makes thousands of crops.
		 */
		PIX *q = pixThresholdOn8bpp(out, 254, 1);
		pixDestroy(&out);
		if (!(out = q)) {
			e->missing = "cannot convert the crop";
			return 0;
		}
	} else
		pixSetSpp(out, 3);
	/* drawn on the whole crop: each box only in the part that holds it */
	for (k = 0, y = 0; k < n; k++) {
		if (!e->part[k])
			continue;
		if (e->hasbox)
			outline(out, &e->box, &e->crop[k], y, THICK, 220, 0, 0);
		else {
			outline(out, &e->reg[k], &e->crop[k], y, THIN, 40, 90, 220);
			if (e->hitpage == e->croppage[k] && inside(&e->hit, &e->crop[k]))
				outline(out, &e->hit, &e->crop[k], y, THICK, 220, 0, 0);
		}
		y += e->crop[k].h + GAP;
	}
	/* the regions shown, for the page's data-regions */
	for (k = m = 0; k < n; k++)
		if (e->part[k]) {
			e->crop[m] = e->crop[k];
			e->croppage[m++] = e->croppage[k];
		}
	e->ncrop = m;
	if (pixWriteMemPng(&png, &len, out, 0.0) != 0 || !png) {
		pixDestroy(&out);
		e->missing = "cannot encode the crop";
		return 0;
	}
	fseek(spool, 0, SEEK_END);
	e->pngoff = ftell(spool);
	e->pnglen = len;
	e->pw = W;
	e->ph = H;
	if (fwrite(png, 1, len, spool) != len) {
		e->pngoff = -1;
		e->missing = "cannot write the crop to a temporary file";
	}
	lept_free(png);
	pixDestroy(&out);
	return 0;
}

static void
freeparts(struct entry *e)
{
	size_t n = e->hasbox ? 1 : e->nreg;

	for (size_t k = 0; k < n; k++)
		pixDestroy(&e->part[k]);
	free(e->part);
	e->part = NULL;
}

/* one page of one entry's evidence */
struct task {
	struct entry *e;
	long page;
};

static int
cmptask(const void *a, const void *b)
{
	const struct task *p = a, *q = b;
	int c = strcmp(p->e->doc, q->e->doc);

	if (c)
		return c;
	if (p->page != q->page)
		return p->page < q->page ? -1 : 1;
	return p->e->order < q->e->order ? -1 : p->e->order > q->e->order;
}

int
crops_make(struct entries *es, struct imgindex *ix, int margin, FILE *spool, const char *ename)
{
	struct task *t = NULL;
	size_t n = 0, cap = 0, i, j;
	int rc = 0;

	for (i = 0; i < es->n; i++) {
		struct entry *e = &es->e[i];
		size_t nr = e->hasbox ? 1 : e->nreg;

		if (e->missing || e->page < 0 || nr == 0)
			continue;
		e->part = xcalloc(nr, sizeof *e->part);
		e->crop = xcalloc(nr, sizeof *e->crop);
		e->croppage = xcalloc(nr, sizeof *e->croppage);
		for (size_t k = 0; k < nr; k++) {
			long pg = e->hasbox ? e->line_page : e->regpage[k];
			if (k && pg == e->regpage[k - 1])
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				t = xreallocarray(t, cap, sizeof *t);
			}
			t[n++] = (struct task){ e, pg };
			e->pending++;
		}
	}
	if (n > 1)
		qsort(t, n, sizeof *t, cmptask);
	for (i = 0; i < n; i = j) {
		struct img *im = find(ix, t[i].e->doc);
		const char *why = NULL;
		PIX *page = NULL;

		for (j = i; j < n && !strcmp(t[j].e->doc, t[i].e->doc) && t[j].page == t[i].page; j++)
			;
		if (!im) {
			if (i == 0 || strcmp(t[i - 1].e->doc, t[i].e->doc))
				warnx("%s:%lu: no image of document %s among those named: "
				    "its figures show no crop", ename, t[i].e->srcline, t[i].e->doc);
			why = "image not found";
		} else if (!(page = loadpage(im->path, t[i].page, &why))) {
			if (!im->warned || strcmp(why, "the image has no such page"))
				warnx("%s: page %ld: %s", im->path, t[i].page, why);
			im->warned = 1;
		}
		for (size_t k = i; k < j; k++) {
			struct entry *e = t[k].e;
			int got = page ? cut(e, page, t[k].page, margin) : 0;

			if (page && !got) {
				warnx("%s:%lu: the box of %s lies outside page %ld of %s, %dx%d pixels "
				    "(is it the scan the lines came from?)", ename, e->srcline,
				    e->text, t[k].page, im->path, pixGetWidth(page),
				    pixGetHeight(page));
				why = "box outside the image";
				rc = 1;
			}
			if (--e->pending == 0) {
				if (assemble(e, spool) < 0)
					e->missing = why;
				freeparts(e);
			}
		}
		pixDestroy(&page);
	}
	free(t);
	return rc;
}
