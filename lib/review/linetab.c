/*
 * The lines CSV of ink-ocr, held whole and sorted, since entity rows ask
 * for their lines in any order.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inkpipe.h"
#include "review.h"

enum { C_DOC, C_PAGE, C_BLOCK, C_LINE, C_X, C_Y, C_W, C_H, C_CONF, C_TEXT, NCOL };
static const char *colname[NCOL] = { "doc", "page", "block", "line", "x", "y", "w", "h",
	"conf", "text" };

/* a whole non-negative number, or -1 */
static long
num(const char *s)
{
	char *e;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &e, 10);
	return *e || errno || v > INT_MAX ? -1 : v;
}

static int
cmp(const void *a, const void *b)
{
	const struct rline *p = a, *q = b;
	int c = strcmp(p->doc, q->doc);

	if (c)
		return c;
	if (p->page != q->page)
		return p->page < q->page ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line;
}

static int
cmporder(const void *a, const void *b)
{
	const struct rline *p = a, *q = b;
	int c = cmp(a, b);

	return c ? c : p->order < q->order ? -1 : p->order > q->order;
}

int
linetab_read(struct linetab *t, FILE *fp, const char *name)
{
	struct csvr *r = csvr_open(fp, name);
	struct csvrow *row;
	int col[NCOL], rc, i;
	size_t n0 = t->n;

	if ((rc = csvr_next(r, &row)) <= 0) {
		if (rc == 0)
			warnx("%s: empty file: want the lines CSV of ink-ocr", name);
		csvr_close(r);
		return -1;
	}
	for (i = 0; i < NCOL; i++)
		if ((col[i] = csv_col(row, colname[i])) < 0) {
			warnx("%s:%lu: no column %s: want the lines CSV of ink-ocr (%s)",
			    name, row->line, colname[i], "doc,page,block,line,x,y,w,h,conf,text");
			csvr_close(r);
			return -1;
		}
	while ((rc = csvr_next(r, &row)) > 0) {
		struct rline l;
		long v[NCOL];

		/* files joined with cat: their headers again */
		if ((size_t)col[C_DOC] < row->n && (size_t)col[C_PAGE] < row->n &&
		    !strcmp(row->f[col[C_DOC]], "doc") && !strcmp(row->f[col[C_PAGE]], "page"))
			continue;
		for (i = 0; i < NCOL; i++)
			if ((size_t)col[i] >= row->n)
				break;
		if (i < NCOL) {
			warnx("%s:%lu: %zu fields, want %d; row skipped", name, row->line, row->n, NCOL);
			t->nbad++;
			continue;
		}
		/* no position (lines of a text, as ink-batch writes them): kept, with no box */
		for (i = C_PAGE; i <= C_H; i++)
			if ((v[i] = i >= C_X && !*row->f[col[i]] ? 0 : num(row->f[col[i]])) < 0)
				break;
		if (i <= C_H) {
			warnx("%s:%lu: %s is not a number: %s; row skipped", name, row->line,
			    colname[i], row->f[col[i]]);
			t->nbad++;
			continue;
		}
		l.doc = xstrdup(row->f[col[C_DOC]]);
		l.page = v[C_PAGE];
		l.block = (int)v[C_BLOCK];
		l.line = v[C_LINE];
		l.box = (struct rbox){ (int)v[C_X], (int)v[C_Y], (int)v[C_W], (int)v[C_H] };
		l.conf = (int)num(row->f[col[C_CONF]]);
		l.text = xstrdup(row->f[col[C_TEXT]]);
		l.order = t->n;
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 256;
			t->l = xreallocarray(t->l, t->cap, sizeof *t->l);
		}
		t->l[t->n++] = l;
	}
	csvr_close(r);
	if (rc < 0)
		t->nbad++;
	return rc < 0 && t->n == n0 ? -1 : 0;
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* a folder: its DOC.lines.csv files, as ink-batch writes them */
static int
loaddir(struct linetab *t, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, k, len;
	int ok = 0;

	if (!d) {
		warn("%s", path);
		return -1;
	}
	while ((de = readdir(d)))
		if ((len = strlen(de->d_name)) > 10 && !strcmp(de->d_name + len - 10, ".lines.csv")) {
			struct buf b = { 0 };
			buf_printf(&b, "%s/%s", path, de->d_name);
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = b.p;
		}
	closedir(d);
	qsort(names, n, sizeof *names, cmpname);
	for (k = 0; k < n; k++) {
		FILE *fp = fopen(names[k], "rb");
		if (!fp) {
			warn("%s", names[k]);
			t->nbad++;
		} else {
			if (linetab_read(t, fp, names[k]) == 0)
				ok = 1;
			else
				t->nbad++;
			fclose(fp);
		}
		free(names[k]);
	}
	free(names);
	if (n == 0)
		warnx("%s: no *.lines.csv in the folder", path);
	return ok ? 0 : -1;
}

/* a document in two files (or twice in one): its first lines count */
static void
dedup(struct linetab *t, const char *path)
{
	size_t i, n;
	const char *warned = NULL;

	for (i = n = 0; i < t->n; i++) {
		if (n && !cmp(&t->l[n - 1], &t->l[i])) {
			if (!warned || strcmp(warned, t->l[i].doc))
				warnx("%s: document %s page %ld line %ld comes twice; the first is used",
				    path, t->l[i].doc, t->l[i].page, t->l[i].line);
			warned = t->l[n - 1].doc;
			free(t->l[i].doc);
			free(t->l[i].text);
			t->nbad++;
			continue;
		}
		t->l[n++] = t->l[i];
	}
	t->n = n;
}

int
linetab_load(struct linetab *t, const char *path)
{
	struct stat st;
	const char *name;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		rc = loaddir(t, path);
	else if (!(fp = openin(path, &name)))
		rc = -1;
	else {
		rc = linetab_read(t, fp, name);
		closein(fp);
	}
	if (t->n > 1)
		qsort(t->l, t->n, sizeof *t->l, cmporder);
	dedup(t, path);
	return rc;
}

size_t
linetab_seek(const struct linetab *t, const char *doc, long page, long line)
{
	struct rline key = { .doc = (char *)doc, .page = page, .line = line };
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(&t->l[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
linetab_hasdoc(const struct linetab *t, const char *doc)
{
	size_t i = linetab_seek(t, doc, 0, 0);

	return i < t->n && !strcmp(t->l[i].doc, doc);
}

void
linetab_free(struct linetab *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->l[i].doc);
		free(t->l[i].text);
	}
	free(t->l);
	t->l = NULL;
	t->n = t->cap = 0;
}
