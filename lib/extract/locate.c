/*
 * An entity's own pixels, found again in the OCR lines.
 *
 * ink-reflow joins a paragraph's lines and normalises them (spaces next to
 * CJK go, full-width digits and letters become ASCII, half-width
 * punctuation next to CJK becomes full-width). Folding both sides the same
 * way (no white space, full-width forms as ASCII) makes the paragraph a
 * run of the lines' characters again, so an entity's characters are
 * looked up there, at the place nearest to where the paragraph puts them.
 * That needs no map carried through the stages, and it holds for lines
 * from any source: ink-ocr's CSV with character boxes, or lines without
 * them (hOCR, ALTO, an older CSV), whose characters are then shared out
 * along the line by their width.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "extract/locate.h"
#include "inkpipe.h"

/* a paragraph spans at most this many lines: a bound on the walk, not a limit of layout */
#define LOCATE_MAX_LINES 2000

struct oline {
	char *doc;
	long page, line;
	long x, y, w, h;
	int conf;
	size_t n;		/* characters, white space left out */
	uint32_t *cp;		/* folded */
	long *box;		/* CHARBOX_FIELDS each: x, y, w, h, confidence */
	int exact;		/* the boxes are the engine's, not shared out */
};

struct ocrchars {
	struct oline *l;
	size_t n, cap;
	size_t *idx;		/* l sorted by doc, page, line */
};

static uint32_t
fold(uint32_t c)
{
	return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
}

static int
wide(uint32_t c)
{
	return c >= 0x1100 && !(c >= 0xFF61 && c <= 0xFFDC);
}

static int
whole(const char *s, long *v)
{
	char *e;

	*v = strtol(s, &e, 10);
	return e != s && *e == '\0';
}

/* no boxes of its own: each character gets its share of the line by width */
static void
share_out(struct oline *l, const char *text)
{
	size_t len = strlen(text), i = 0, k = 0;
	long units = 0, at = 0;
	uint32_t c;
	int n;

	for (i = 0; i < len; i += n > 0 ? (size_t)n : 1)
		if ((n = utf8_dec(text + i, len - i, &c)) > 0)
			units += wide(c) ? 2 : 1;
	for (i = 0; i < len && units > 0; i += n > 0 ? (size_t)n : 1) {
		if ((n = utf8_dec(text + i, len - i, &c)) <= 0)
			continue;
		int u = wide(c) ? 2 : 1;
		if (!charbox_white(c) && k < l->n) {
			long *b = &l->box[CHARBOX_FIELDS * k++];
			b[0] = l->x + l->w * at / units;
			b[1] = l->y;
			b[2] = l->w * u / units;
			b[3] = l->h;
			b[4] = l->conf;
		}
		at += u;
	}
}

static void
add_line(struct ocrchars *oc, const char *doc, long v[7], const char *text, const char *chars)
{
	struct oline *l;
	size_t len = strlen(text), i;
	uint32_t c;
	int n;

	if (oc->n == oc->cap) {
		oc->cap = oc->cap ? 2 * oc->cap : 256;
		oc->l = xreallocarray(oc->l, oc->cap, sizeof *oc->l);
	}
	l = &oc->l[oc->n++];
	memset(l, 0, sizeof *l);
	l->doc = xstrdup(doc);
	l->page = v[0], l->line = v[1], l->x = v[2], l->y = v[3], l->w = v[4], l->h = v[5];
	l->conf = (int)v[6];
	l->cp = xreallocarray(NULL, len + 1, sizeof *l->cp);
	for (i = 0; i < len; i += n > 0 ? (size_t)n : 1)
		if ((n = utf8_dec(text + i, len - i, &c)) > 0 && !charbox_white(c))
			l->cp[l->n++] = fold(c);
	/* the engine's boxes when there is one for each character, else shares of the line */
	l->exact = chars && charbox_parse(chars, &l->box) == l->n && l->n > 0;
	if (!l->exact) {
		free(l->box);
		l->box = xreallocarray(NULL, l->n + 1, CHARBOX_FIELDS * sizeof *l->box);
		share_out(l, text);
	}
}

static const struct ocrchars *sort_oc;

static int
cmp_key(const struct oline *a, const char *doc, long page, long line)
{
	int d = strcmp(a->doc, doc);

	if (d)
		return d;
	if (a->page != page)
		return a->page < page ? -1 : 1;
	return a->line < line ? -1 : a->line > line;
}

static int
cmp_idx(const void *a, const void *b)
{
	const struct oline *x = &sort_oc->l[*(const size_t *)a], *y = &sort_oc->l[*(const size_t *)b];
	int d = cmp_key(x, y->doc, y->page, y->line);

	return d ? d : *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

struct ocrchars *
ocrchars_load(FILE *fp, const char *name)
{
	static const char *need[] = { "doc", "page", "line", "x", "y", "w", "h", "conf", "text" };
	struct ocrchars *oc = xcalloc(1, sizeof *oc);
	struct csvr *cr = csvr_open(fp, name);
	struct csvrow *row;
	int col[LEN(need)], cchars, got;
	size_t i;

	if ((got = csvr_next(cr, &row)) <= 0) {
		if (got == 0)
			warnx("%s: empty lines CSV", name);
		goto fail;
	}
	for (i = 0; i < LEN(need); i++)
		if ((col[i] = csv_col(row, need[i])) < 0) {
			warnx("%s:%lu: missing column '%s' in the lines CSV header", name, row->line,
			    need[i]);
			goto fail;
		}
	cchars = csv_col(row, "chars");
	while ((got = csvr_next(cr, &row)) > 0) {
		long v[7];
		int ok = 1;

		if (row->n == 1 && row->len[0] == 0)
			continue;
		for (i = 1; i < 8 && ok; i++)
			ok = (size_t)col[i] < row->n && whole(row->f[col[i]], &v[i - 1]);
		if (!ok || (size_t)col[8] >= row->n) {
			warnx("%s:%lu: a line without its page, box or confidence; left out", name,
			    row->line);
			continue;
		}
		add_line(oc, row->f[col[0]], v, row->f[col[8]],
		    cchars >= 0 && (size_t)cchars < row->n ? row->f[cchars] : NULL);
	}
	if (got < 0)
		goto fail;
	csvr_close(cr);
	oc->idx = xreallocarray(NULL, oc->n + 1, sizeof *oc->idx);
	for (i = 0; i < oc->n; i++)
		oc->idx[i] = i;
	sort_oc = oc;
	qsort(oc->idx, oc->n, sizeof *oc->idx, cmp_idx);
	return oc;
fail:
	csvr_close(cr);
	ocrchars_free(oc);
	return NULL;
}

void
ocrchars_free(struct ocrchars *oc)
{
	if (!oc)
		return;
	for (size_t i = 0; i < oc->n; i++) {
		free(oc->l[i].doc);
		free(oc->l[i].cp);
		free(oc->l[i].box);
	}
	free(oc->l);
	free(oc->idx);
	free(oc);
}

/* the first line of doc, page, line in input order, or -1 */
static long
find_line(const struct ocrchars *oc, const char *doc, long page, long line)
{
	size_t lo = 0, hi = oc->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key(&oc->l[oc->idx[mid]], doc, page, line) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < oc->n && cmp_key(&oc->l[oc->idx[lo]], doc, page, line) == 0)
		return (long)oc->idx[lo];
	return -1;
}

struct ref {
	uint32_t cp;
	size_t line, k;		/* oc->l[line], its k-th character */
};

int
ocrchars_locate(const struct ocrchars *oc, const char *doc, long page, long first,
    long last, long last_page, const char *para, size_t start, size_t end,
    struct entbox *b)
{
	size_t len = strlen(para), i, cpi = 0, nseq = 0, capseq = 0, nent = 0, want = 0;
	uint32_t c, *ent = xreallocarray(NULL, end > start ? end - start : 1, sizeof *ent);
	struct ref *seq = NULL;
	long at = find_line(oc, doc, page, first), best = -1, bestd = 0;
	int n, found = 0;

	/* the entity's characters, folded, and how many of the paragraph's come first */
	for (i = 0; i < len && cpi < end; i += n > 0 ? (size_t)n : 1, cpi++) {
		if ((n = utf8_dec(para + i, len - i, &c)) <= 0 || charbox_white(c))
			continue;
		if (cpi < start)
			want++;
		else
			ent[nent++] = fold(c);
	}
	if (at < 0 || nent == 0)
		goto out;
	/* the paragraph's lines, to its last (on this page or a later one) */
	for (size_t li = (size_t)at, walked = 0; li < oc->n && walked < LOCATE_MAX_LINES;
	    li++, walked++) {
		const struct oline *l = &oc->l[li];
		if (strcmp(l->doc, doc) || l->page < page)
			break;
		for (size_t k = 0; k < l->n; k++) {
			if (nseq == capseq) {
				capseq = capseq ? 2 * capseq : 256;
				seq = xreallocarray(seq, capseq, sizeof *seq);
			}
			seq[nseq++] = (struct ref){ l->cp[k], li, k };
		}
		if (l->line == last && (last_page > 0 ? l->page == last_page :
		    l->page > page || l->line >= first))
			break;
	}
	/* where the entity's characters stand, nearest to where the paragraph puts them */
	for (i = 0; i + nent <= nseq; i++) {
		size_t k;
		for (k = 0; k < nent && seq[i + k].cp == ent[k]; k++)
			;
		if (k < nent)
			continue;
		long d = (long)i - (long)want;
		d = d < 0 ? -d : d;
		if (best < 0 || d < bestd)
			best = (long)i, bestd = d;
	}
	if (best < 0)
		goto out;
	{
		const struct oline *l0 = &oc->l[seq[best].line];
		long x0 = 0, x1 = 0, y0 = 0, y1 = 0;
		int conf = 100, exact = 1, any = 0;

		for (i = (size_t)best; i < (size_t)best + nent; i++) {
			const struct oline *l = &oc->l[seq[i].line];
			size_t k = seq[i].k;
			/* the box is of the first character's page: a figure split by a page break keeps its start */
			if (l->page != l0->page)
				break;
			const long *bx = &l->box[CHARBOX_FIELDS * k];
			long cx0 = bx[0], cx1 = bx[0] + bx[2];
			long cy0 = bx[1], cy1 = bx[1] + bx[3];
			if (!any || cx0 < x0)
				x0 = cx0;
			if (!any || cx1 > x1)
				x1 = cx1;
			if (!any || cy0 < y0)
				y0 = cy0;
			if (!any || cy1 > y1)
				y1 = cy1;
			if (bx[4] < conf)
				conf = (int)bx[4];
			exact &= l->exact;
			any = 1;
		}
		b->page = l0->page;
		b->line = l0->line;
		b->x = x0, b->y = y0, b->w = x1 - x0, b->h = y1 - y0;
		b->conf = conf < 0 ? 0 : conf;
		b->exact = exact;
		found = 1;
	}
out:
	free(ent);
	free(seq);
	return found;
}
