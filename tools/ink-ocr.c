/*
 * ink-ocr: scanned newsletter pages (images, PDFs) -> one CSV row per text
 * line, in reading order. The reading of a page is lib/ocr's; this file
 * holds the options, the input formats, the workers and the output.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <poppler.h>
#include <cairo.h>

#include "inkpipe.h"
#include "records.h"
#include "ocrxml.h"
#include "ocr/ocr.h"

#define DPI		300	/* PDF pages are rendered at this resolution */
#define MAXSIDE		32000	/* Tesseract keeps coordinates in 16 bits */
#define MAXPIXELS	150000000L	/* default --max-pixels: A0 at 300 dpi fits */

enum kind { K_IMAGE, K_TIFF, K_PDF };

struct input {
	const char *path;	/* NULL: standard input, held in mem */
	const char *name;	/* for messages */
	char *doc;		/* file name without directory or extension */
	unsigned char *mem;
	size_t memlen;
	enum kind kind;
	int npages;
};

struct job {
	struct input *in;
	int page;		/* 0-based */
	int done;
	struct buf out;
};


static struct {
	const char *lang;
	const char *tessdata;
	int text;		/* --to text */
	int xml;		/* --to hocr or alto: 1 + enum ocrxml_format */
	int textlayer;
	int quiet;
	long maxpix;
} opt = { "chi_sim", NULL, 0, 0, 0, 0, MAXPIXELS };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t popplermu = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;
static size_t njobs, nextjob, emitted, ndone, window;
static int failed, printed, progress, werr;
static struct ocrxml_writer *xmlout;	/* --to hocr or alto: the document around the pages */
static struct timespec t0;

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ink-ocr [-q] [-j jobs] [-l lang] [--tessdata dir] [--to csv|text|hocr|alto] "
	    "[--use-text-layer] [--max-pixels n] [file ...]\n"
	    "       ink-ocr -h | --version\n");
}

static void
help(void)
{
	usage(stdout);
	fputs("\n"
	    "  -j, --jobs N          pages OCR'd in parallel (default: number of cores)\n"
	    "  -l, --lang LANG       Tesseract language(s), e.g. chi_sim+eng (default chi_sim)\n"
	    "      --tessdata DIR    directory holding LANG.traineddata\n"
	    "      --to FORMAT       csv rows (default); text, a blank line between blocks;\n"
	    "                        hocr or alto: pages, blocks and lines as XML\n"
	    "      --use-text-layer  take a PDF page's text layer instead of OCR when it has one\n"
	    "      --max-pixels N    refuse larger pages before decoding (default 150000000)\n"
	    "  -q, --quiet           no progress bar\n"
	    "  -h, --help            this help\n"
	    "      --version         the version\n", stdout);
	exit(fshut(stdout, "<stdout>"));
}

static void
seterr(struct job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* messages of a page go out when the page is done, so they stay in order */
static void
seterr(struct job *j, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&mu);
	warnx("%s: page %d: %s", j->in->name, j->page + 1, msg);
	failed = 1;
	pthread_mutex_unlock(&mu);
}

/*
 * What a reader of the text must know about a page: lines left out as
 * garbage, and a page read so poorly that its text cannot be trusted. A
 * note, not a failure: the page was read.
 */
static void
report(struct job *j, const struct ocr_page *pg)
{
	pthread_mutex_lock(&mu);
	if (pg->ndropped)
		warnx("%s: page %d: %d garbage line%s left out (read into a picture, rule or dirt)",
		    j->in->name, j->page + 1, pg->ndropped, pg->ndropped == 1 ? "" : "s");
	if (pg->meanconf >= 0 && pg->meanconf < OCR_LOWCONF)
		warnx("%s: page %d: mean confidence %d, under %d: the text is unreliable",
		    j->in->name, j->page + 1, pg->meanconf, OCR_LOWCONF);
	if (pg->prof.len)
		fprintf(stderr, "%s: page %d: CPU seconds per stage\n%s", j->in->name, j->page + 1,
		    pg->prof.p);
	pthread_mutex_unlock(&mu);
}

/* ---- input ---- */

static int
readall(FILE *fp, unsigned char **mem, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	unsigned char *p = xmalloc(cap);

	while ((r = fread(p + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n == cap)
			p = xrealloc(p, cap *= 2);
	}
	if (ferror(fp)) {
		free(p);
		return -1;
	}
	*mem = p;
	*len = n;
	return 0;
}

static PopplerDocument *
pdfopen(struct input *in, char **why)
{
	GError *ge = NULL;
	PopplerDocument *d;

	if (in->mem) {
		GBytes *gb = g_bytes_new_static(in->mem, in->memlen);
		d = poppler_document_new_from_bytes(gb, NULL, &ge);
		g_bytes_unref(gb);
	} else {
		char *abs = realpath(in->path, NULL);
		char *uri = abs ? g_filename_to_uri(abs, NULL, &ge) : NULL;
		d = uri ? poppler_document_new_from_file(uri, NULL, &ge) : NULL;
		free(abs);
		g_free(uri);
	}
	if (!d) {
		*why = xstrdup(ge ? ge->message : "cannot open");
		if (ge)
			g_error_free(ge);
	}
	return d;
}

static PIX *
pdfrender(PopplerPage *p, struct job *j)
{
	double wpt, hpt;
	int w, h;
	cairo_surface_t *s;
	cairo_t *cr;
	PIX *pix;

	poppler_page_get_size(p, &wpt, &hpt);
	w = (int)ceil(wpt * DPI / 72);
	h = (int)ceil(hpt * DPI / 72);
	if (w <= 0 || h <= 0 || w > MAXSIDE || h > MAXSIDE || (long)w * h > opt.maxpix) {
		seterr(j, "%dx%d pixels at %d dpi: over the limit of %ld pixels", w, h, DPI, opt.maxpix);
		return NULL;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		seterr(j, "cannot render: out of memory");
		return NULL;
	}
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, DPI / 72.0, DPI / 72.0);
	poppler_page_render_for_printing(p, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	pix = pixCreate(w, h, 8);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), wpl = pixGetWpl(pix);
	l_uint32 *pd = pixGetData(pix);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(d + (size_t)y * stride);
		for (int x = 0; x < w; x++) {
			uint32_t v = row[x];
			unsigned g = (((v >> 16) & 255) * 77 + ((v >> 8) & 255) * 150 + (v & 255) * 29) >> 8;
			SET_DATA_BYTE(pd + y * wpl, x, g);
		}
	}
	pixSetResolution(pix, DPI, DPI);
	cairo_surface_destroy(s);
	return pix;
}

/* the PDF's own text, one row per line; blocks where lines are far apart */
static int
textlayer(PopplerPage *p, struct ocr_page *pg)
{
	char *t = poppler_page_get_text(p);
	PopplerRectangle *rc = NULL;
	guint nrc = 0;
	double k = DPI / 72.0;
	int blk = 1, prevb = -1, prevh = 0;

	if (!t)
		return 0;
	if (!poppler_page_get_text_layout(p, &rc, &nrc))
		rc = NULL, nrc = 0;
	size_t ci = 0;
	for (char *s = t; *s;) {
		char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
		for (const char *q = s; q < s + n; q = g_utf8_next_char(q), ci++)
			if (ci < nrc && *q != ' ') {
				x0 = fmin(x0, rc[ci].x1); x1 = fmax(x1, rc[ci].x2);
				y0 = fmin(y0, rc[ci].y1); y1 = fmax(y1, rc[ci].y2);
			}
		ci++;		/* the newline has a rectangle too */
		size_t m = n;
		while (m && (s[m - 1] == ' ' || s[m - 1] == '\r'))
			m--;
		const char *b = s;
		while (m && *b == ' ')
			b++, m--;
		if (m) {
			int x = 0, y = 0, w = 0, h = 0;
			if (x1 > x0) {
				x0 = fmax(0, x0); y0 = fmax(0, y0);
				x = (int)lround(x0 * k); y = (int)lround(y0 * k);
				w = (int)lround((x1 - x0) * k); h = (int)lround((y1 - y0) * k);
			}
			if (prevb >= 0 && h > 0 && y - prevb > prevh)
				blk++;
			ocr_page_addline(pg, 0, blk, x, y, w, h, 100, b, m);
			prevb = y + h;
			prevh = h;
		}
		if (!e)
			break;
		s = e + 1;
	}
	g_free(rc);
	g_free(t);
	return pg->nl > 0;
}

/* decodes one page; NULL after a message */
static PIX *
loadimage(struct job *j)
{
	struct input *in = j->in;
	PIX *pix;

	if (in->kind == K_TIFF)
		pix = in->mem ? pixReadMemTiff(in->mem, in->memlen, j->page) : pixReadTiff(in->path, j->page);
	else
		pix = in->mem ? pixReadMem(in->mem, in->memlen) : pixRead(in->path);
	if (!pix) {
		seterr(j, "cannot decode the image (corrupt or truncated?)");
		return NULL;
	}
	if ((long)pixGetWidth(pix) * pixGetHeight(pix) > opt.maxpix ||
	    pixGetWidth(pix) > MAXSIDE || pixGetHeight(pix) > MAXSIDE) {
		seterr(j, "%dx%d pixels: over the limit of %ld pixels", pixGetWidth(pix),
		    pixGetHeight(pix), opt.maxpix);
		pixDestroy(&pix);
		return NULL;
	}
	return pix;
}

static PIX *
togray(PIX *pix)
{
	PIX *t, *g;

	if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4)
		t = pixAlphaBlendUniform(pix, 0xffffff00);
	else
		t = pixClone(pix);
	g = pixConvertTo8(t, 0);
	pixDestroy(&t);
	if (g && pixGetXRes(g) == 0)
		pixSetResolution(g, DPI, DPI);
	return g;
}

/*
 * hOCR or ALTO for one page: pages are numbered through the run, since
 * the markup is one document whose page IDs must differ.
 */
static void
emitxml(struct job *j, struct ocr_page *pg)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	struct ocrxml_writer *w;

	if (!m)
		err(1, "open_memstream");
	if (!(w = ocrxml_begin_pages(m, (enum ocrxml_format)(opt.xml - 1))))
		errx(1, "cannot write XML");
	ocrxml_page(w, (long)(j - jobs) + 1, j->in->path, pg->g.w0, pg->g.h0);
	for (size_t i = 0; i < pg->nl; i++) {
		struct ocr_line *l = &pg->l[i];
		struct ocrline ol = { (long)(j - jobs) + 1, l->block, (long)i + 1,
		    l->x, l->y, l->w, l->h, l->conf, l->text };
		struct ocrword *words;
		size_t nw = ocr_line_words(l, &words);
		ocrxml_line(w, &ol, words, nw);
		ocr_words_free(words, nw);
	}
	ocrxml_end(w);
	fclose(m);
	buf_add(&j->out, s, n);
	free(s);
}

static void
emitpage(struct job *j, struct ocr_page *pg)
{
	struct buf *o = &j->out;
	int lastb = 0;

	if (opt.xml) {
		emitxml(j, pg);
		return;
	}
	for (size_t i = 0; i < pg->nl; i++) {
		struct ocr_line *l = &pg->l[i];
		if (opt.text) {
			if (lastb && l->block != lastb)
				buf_addc(o, '\n');
			buf_add(o, l->text, strlen(l->text));
			buf_addc(o, '\n');
		} else {
			char *s = NULL;
			size_t n = 0;
			FILE *m = open_memstream(&s, &n);
			if (!m)
				err(1, "open_memstream");
			csv_puts(m, j->in->doc, 0);
			csv_putl(m, j->page + 1, 0);
			csv_putl(m, l->block, 0);
			csv_putl(m, (long)i + 1, 0);
			csv_putl(m, l->x, 0);
			csv_putl(m, l->y, 0);
			csv_putl(m, l->w, 0);
			csv_putl(m, l->h, 0);
			csv_putl(m, l->conf, 0);
			csv_puts(m, l->text, 0);
			csv_puts(m, l->chars ? l->chars : "", 1);
			fclose(m);
			buf_add(o, s, n);
			free(s);
		}
		lastb = l->block;
	}
}

static void
dojob(struct ocr_engine *e, struct job *j)
{
	struct ocr_page pg = { 0 };
	PIX *pix = NULL, *gray;

	if (j->in->kind == K_PDF) {
		char *why = NULL;
		pthread_mutex_lock(&popplermu);
		PopplerDocument *d = pdfopen(j->in, &why);
		PopplerPage *p = d ? poppler_document_get_page(d, j->page) : NULL;
		if (!d) {
			seterr(j, "%s", why);
			free(why);
		} else if (!p)
			seterr(j, "cannot read the page");
		else if (!(opt.textlayer && textlayer(p, &pg)))
			pix = pdfrender(p, j);
		if (p)
			g_object_unref(p);
		if (d)
			g_object_unref(d);
		pthread_mutex_unlock(&popplermu);
		if (pg.nl) {
			emitpage(j, &pg);
			ocr_page_free(&pg);
			return;
		}
	} else
		pix = loadimage(j);
	if (!pix)
		return;
	gray = togray(pix);
	pixDestroy(&pix);
	if (!gray) {
		seterr(j, "unsupported image depth");
		return;
	}
	if (ocr_read_page(e, &pg, gray) < 0)
		seterr(j, "layout analysis failed");
	else {
		report(j, &pg);
		emitpage(j, &pg);
	}
	pixDestroy(&gray);
	ocr_page_free(&pg);
}

/* ---- scheduling ---- */

static void
showprogress(void)
{
	struct timespec t;
	double el, rate;

	clock_gettime(CLOCK_MONOTONIC, &t);
	el = (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
	rate = el > 0 ? ndone / el * 60 : 0;
	int left = rate > 0 ? (int)((njobs - ndone) / rate * 60) : 0;
	int bar = njobs ? (int)(30 * ndone / njobs) : 30;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu pages  %.1f pages/min  %d:%02d left ",
	    bar, "##############################", 30 - bar, "", ndone, njobs, rate,
	    left / 60, left % 60);
}

/* pages go out in input order whichever worker finishes first */
static void
flushdone(void)
{
	while (emitted < njobs && jobs[emitted].done) {
		struct job *j = &jobs[emitted];
		if (j->out.len) {
			if (opt.text && printed)
				putchar('\n');
			if (xmlout)
				ocrxml_raw(xmlout, j->out.p, j->out.len);
			else
				fwrite(j->out.p, 1, j->out.len, stdout);
			printed = 1;
		}
		buf_free(&j->out);
		emitted++;
	}
	/* a full disk or closed file: say so once with the real reason, and stop OCR */
	if ((fflush(stdout) == EOF || ferror(stdout)) && !werr) {
		werr = errno ? errno : EIO;
		nextjob = njobs;
	}
	if (progress)
		showprogress();
}

static void *
worker(void *arg)
{
	struct ocr_engine *e = arg;

	for (;;) {
		pthread_mutex_lock(&mu);
		/* a slow page must not let finished ones pile up in memory */
		while (nextjob < njobs && nextjob >= emitted + window)
			pthread_cond_wait(&cv, &mu);
		if (nextjob >= njobs) {
			pthread_mutex_unlock(&mu);
			return NULL;
		}
		struct job *j = &jobs[nextjob++];
		pthread_mutex_unlock(&mu);
		dojob(e, j);
		pthread_mutex_lock(&mu);
		j->done = 1;
		ndone++;
		flushdone();
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
	}
}

/* 0: pages counted; -1: refused with a message */
static int
probe(struct input *in)
{
	unsigned char head[16];
	size_t n;
	l_int32 fmt = IFF_UNKNOWN, w = 0, h = 0, bps, spp, cmap;

	if (in->mem) {
		n = in->memlen < sizeof head ? in->memlen : sizeof head;
		memcpy(head, in->mem, n);
	} else {
		FILE *fp = fopen(in->path, "rb");
		struct stat st;
		if (!fp) {
			warn("%s", in->path);
			return -1;
		}
		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			warnx("%s: is a directory", in->name);
			return -1;
		}
		n = fread(head, 1, sizeof head, fp);
		fclose(fp);
	}
	if (n == 0) {
		warnx("%s: empty file", in->name);
		return -1;
	}
	if (n >= 5 && !memcmp(head, "%PDF-", 5)) {
		char *why = NULL;
		in->kind = K_PDF;
		pthread_mutex_lock(&popplermu);
		PopplerDocument *d = pdfopen(in, &why);
		in->npages = d ? poppler_document_get_n_pages(d) : 0;
		if (d)
			g_object_unref(d);
		pthread_mutex_unlock(&popplermu);
		if (!d) {
			warnx("%s: not a readable PDF: %s", in->name, why);
			free(why);
			return -1;
		}
		if (in->npages == 0) {
			warnx("%s: PDF has no pages", in->name);
			return -1;
		}
		return 0;
	}
	if (n >= 12)
		findFileFormatBuffer(head, &fmt);
	if (fmt == IFF_UNKNOWN || fmt == IFF_SPIX) {
		warnx("%s: not an image or PDF this tool reads (PNG, JPEG, TIFF, PNM, WebP, PDF)",
		    in->name);
		return -1;
	}
	if (fmt == IFF_PNG && !in->mem) {
		/* libpng would decode a cut-off file into a half page without a word */
		FILE *fp = fopen(in->path, "rb");
		unsigned char tail[8];
		int ok = fp && fseeko(fp, -8, SEEK_END) == 0 && fread(tail, 1, 8, fp) == 8 &&
		    !memcmp(tail, "IEND", 4);
		if (fp)
			fclose(fp);
		if (!ok) {
			warnx("%s: truncated PNG (no IEND chunk at the end)", in->name);
			return -1;
		}
	}
	if ((in->mem ? pixReadHeaderMem(in->mem, in->memlen, &fmt, &w, &h, &bps, &spp, &cmap)
	    : pixReadHeader(in->path, &fmt, &w, &h, &bps, &spp, &cmap)) != 0 || w <= 0 || h <= 0) {
		warnx("%s: unreadable image header (corrupt or truncated?)", in->name);
		return -1;
	}
	if ((long)w * h > opt.maxpix || w > MAXSIDE || h > MAXSIDE) {
		warnx("%s: page 1: %dx%d pixels: over the limit of %ld pixels (and %d a side)",
		    in->name, w, h, opt.maxpix, MAXSIDE);
		return -1;
	}
	in->npages = 1;
	if (fmt == IFF_TIFF || fmt == IFF_TIFF_G3 || fmt == IFF_TIFF_G4 || fmt == IFF_TIFF_PACKBITS ||
	    fmt == IFF_TIFF_RLE || fmt == IFF_TIFF_LZW || fmt == IFF_TIFF_ZIP || fmt == IFF_TIFF_JPEG) {
		in->kind = K_TIFF;
		FILE *fp = in->mem ? fmemopen(in->mem, in->memlen, "rb") : fopen(in->path, "rb");
		l_int32 np = 0;
		if (fp && tiffGetCount(fp, &np) == 0 && np > 0)
			in->npages = np;
		if (fp)
			fclose(fp);
	}
	return 0;
}

static int
haslang(const char *dir, const char *lang)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s.traineddata", dir, lang);
	return access(path, R_OK) == 0;
}

/* says which Debian package to install instead of Tesseract's bare "Failed loading" */
static void
checklang(void)
{
	const char *dirs[] = { opt.tessdata, getenv("TESSDATA_PREFIX"),
	    "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
	    "/usr/share/tessdata" };
	char *langs = xstrdup(opt.lang), *sv = NULL;

	for (char *l = strtok_r(langs, "+", &sv); l; l = strtok_r(NULL, "+", &sv)) {
		int found = 0;
		for (size_t i = 0; i < LEN(dirs) && !found; i++) {
			if (!dirs[i])
				continue;
			if (haslang(dirs[i], l))
				found = 1;
			if (i == 0 || (i == 1 && !opt.tessdata))
				break;	/* an explicit directory is the only one Tesseract looks in */
		}
		if (!found) {
			char pkg[128];
			snprintf(pkg, sizeof pkg, "tesseract-ocr-%s", l);
			for (char *p = pkg; *p; p++)
				if (*p == '_')
					*p = '-';
			errx(1, "no Tesseract data for language '%s'%s%s (Debian: apt install %s)", l,
			    opt.tessdata ? " in " : "", opt.tessdata ? opt.tessdata : "", pkg);
		}
	}
	free(langs);
}

#ifndef INK_NO_MAIN
int
main(int argc, char *argv[])
{
	static const struct option lo[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'l' },
		{ "tessdata", required_argument, NULL, 'T' },
		{ "to", required_argument, NULL, 't' },
		{ "use-text-layer", no_argument, NULL, 'L' },
		{ "max-pixels", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	long nw = sysconf(_SC_NPROCESSORS_ONLN);
	struct input *in;
	size_t nin;
	int c;
	char *end;

	/*
	 * Each worker has its own engine; Tesseract's OpenMP threads inside them
	 * would only fight (they spin: seconds of system time a page). libgomp
	 * reads the limit when it is loaded, before main, so start again with it.
	 */
	if (!getenv("OMP_THREAD_LIMIT")) {
		setenv("OMP_THREAD_LIMIT", "1", 1);
		execv("/proc/self/exe", argv);
	}
	while ((c = getopt_long(argc, argv, "j:l:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'j':
			errno = 0;
			nw = strtol(optarg, &end, 10);
			if (errno || *end || nw < 1 || nw > 256) {
				warnx("-j: want a number from 1 to 256: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'l':
			opt.lang = optarg;
			break;
		case 'T':
			opt.tessdata = optarg;
			break;
		case 't':
			opt.text = opt.xml = 0;
			if (!strcmp(optarg, "text"))
				opt.text = 1;
			else if (!strcmp(optarg, "hocr"))
				opt.xml = 1 + OCRXML_HOCR;
			else if (!strcmp(optarg, "alto"))
				opt.xml = 1 + OCRXML_ALTO;
			else if (strcmp(optarg, "csv")) {
				warnx("--to: want csv, text, hocr or alto: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'L':
			opt.textlayer = 1;
			break;
		case 'M':
			errno = 0;
			opt.maxpix = strtol(optarg, &end, 10);
			if (errno || *end || opt.maxpix < 1) {
				warnx("--max-pixels: want a positive number: %s", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'q':
			opt.quiet = 1;
			break;
		case 'h':
			help();
			break;
		case 'V':
			return print_version("ink-ocr");
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (nw < 1)
		nw = 1;
	/* leptonica's own messages would repeat ours in its words */
	setMsgSeverity(L_SEVERITY_NONE);
	checklang();

	nin = argc ? (size_t)argc : 1;
	in = xcalloc(nin, sizeof *in);
	for (size_t i = 0; i < nin; i++) {
		const char *a = argc ? argv[i] : "-";
		if (!strcmp(a, "-")) {
			in[i].name = "<stdin>";
			in[i].doc = xstrdup("stdin");
			if (readall(stdin, &in[i].mem, &in[i].memlen) < 0) {
				warn("<stdin>");
				failed = 1;
				continue;
			}
		} else {
			in[i].path = in[i].name = a;
			in[i].doc = docname(a);
		}
		if (probe(&in[i]) < 0) {
			failed = 1;
			in[i].npages = 0;
		}
		njobs += (size_t)in[i].npages;
	}
	jobs = xcalloc(njobs ? njobs : 1, sizeof *jobs);
	njobs = 0;
	for (size_t i = 0; i < nin; i++)
		for (int p = 0; p < in[i].npages; p++)
			jobs[njobs++] = (struct job){ .in = &in[i], .page = p };

	if (opt.xml) {
		if (!(xmlout = ocrxml_begin(stdout, (enum ocrxml_format)(opt.xml - 1), "inkpipe ink-ocr")))
			return 1;
		ocrxml_raw(xmlout, "", 0);
	} else if (!opt.text) {
		fputs(REC_LINES_HDR "," REC_LINES_CHARS_HDR "\n", stdout);
		if (fflush(stdout) == EOF)
			werr = errno;
	}
	if ((size_t)nw > njobs)
		nw = njobs ? (long)njobs : 1;
	window = 4 * (size_t)nw;
	progress = !opt.quiet && isatty(2) && njobs > 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	struct ocr_engine *eng = xcalloc((size_t)nw, sizeof *eng);
	pthread_t *th = xcalloc((size_t)nw, sizeof *th);
	int ok = 1;
	for (long i = 0; i < nw && njobs; i++) {
		eng[i].tessdata = opt.tessdata;
		eng[i].chinese = !strncmp(opt.lang, "chi", 3);
		eng[i].profile = getenv("INKPIPE_PROFILE") != NULL;
		eng[i].api = TessBaseAPICreate();
		if (TessBaseAPIInit3(eng[i].api, opt.tessdata, opt.lang) != 0) {
			warnx("cannot start Tesseract for language '%s'", opt.lang);
			ok = 0;
			break;
		}
		TessBaseAPISetPageSegMode(eng[i].api, PSM_SINGLE_BLOCK);
		TessBaseAPISetVariable(eng[i].api, "preserve_interword_spaces", "1");
		/* no "Estimating resolution" chatter: the resolution is set per page */
		TessBaseAPISetVariable(eng[i].api, "debug_file", "/dev/null");
	}
	if (ok && njobs && !werr) {
		for (long i = 0; i < nw; i++)
			if ((errno = pthread_create(&th[i], NULL, worker, &eng[i])))
				err(1, "pthread_create");
		for (long i = 0; i < nw; i++)
			pthread_join(th[i], NULL);
	} else if (!ok)
		failed = 1;
	if (progress)
		fputs("\r\033[K", stderr);
	for (long i = 0; i < nw; i++)
		ocr_engine_end(&eng[i]);
	free(eng);
	free(th);
	for (size_t i = 0; i < nin; i++) {
		free(in[i].doc);
		free(in[i].mem);
	}
	free(in);
	for (size_t i = 0; i < njobs; i++)
		buf_free(&jobs[i].out);
	free(jobs);
	if (xmlout && ocrxml_end(xmlout) && !werr)
		werr = errno ? errno : EIO;
	if (werr) {
		warnx("<stdout>: write error: %s", strerror(werr));
		failed = 1;
	} else if (fshut(stdout, "<stdout>"))
		failed = 1;
	return failed;
}
#endif
