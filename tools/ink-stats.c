/*
 * ink-stats: entity CSV (stage 3) -> aggregate tables (stage 4).
 *
 * Rows are grouped by the columns named with --by and aggregated. Besides
 * the input's own columns, a group key may be derived: date, month and year
 * of the article (from the date entities of the same doc+article) and
 * issue_date and street of the document (from --meta, a sidecar FILE.meta,
 * or the first org of the document that ends in 街道 or 镇).
 *
 * The street and the article date can come after the rows they qualify, so
 * the filtered rows of one document are held until the document ends; the
 * input as a whole is streamed, and memory grows only with one document and
 * with the number of groups.
 */
#include <err.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inkpipe.h"

enum { AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX };
static const char *aggname[] = { "count", "sum", "min", "max" };

/* derived key columns; an input column of the same name wins */
enum { D_NONE, D_DATE, D_MONTH, D_YEAR, D_STREET, D_ISSUE, D_DOC, D_ARTICLE };
static const char *dername[] = { "", "date", "month", "year", "street", "issue_date",
	"doc", "article" };

struct key {
	char *name;
	int derived;	/* D_*, decided per file: D_NONE when the file has the column */
	int col;	/* input column, or -1 */
};

struct where {
	char *col, *glob;
	int idx;
};

/* one held row of the current document */
struct hrow {
	char *article;
	char **keys;	/* input-column keys; NULL for derived ones */
	char *value;	/* NULL: not a quantity (a date) */
};

/* the date chosen for one article */
struct art {
	char *name;
	int prec;	/* 0 none, 1 year, 2 month, 3 --MM-DD, 4 full day */
	char date[11];	/* YYYY, YYYY-MM, --MM-DD or YYYY-MM-DD */
};

struct group {
	char **keys;
	size_t hash;
	long count, nnum;
	double sum, min, max;
	struct group *next;
};

struct meta {
	char *doc, *issue, *street;
};

static struct key *keys;
static size_t nkeys;
static int aggs[8];
static size_t naggs;
static char **typeglobs, **subjglobs;
static size_t ntypeglobs, nsubjglobs;
static struct where *wheres;
static size_t nwheres;
static int excel;
static int issuefallback;	/* an undated article takes the issue date */
static const char *plotpath;

static struct meta *metas;
static size_t nmetas;

/* the document being read */
static char *curdoc;
static struct hrow *hrows;
static size_t nhrows, caphrows;
static struct art *arts;
static size_t narts, caparts;
static char *docorg;		/* first org ending in 街道/镇 */
static struct meta filemeta;	/* from the input file's sidecar */

static struct group **htab;
static size_t hsize = 1024, ngroups;
static long nonnum;		/* rows a numeric aggregate had to skip */

static void
usage(FILE *fp)
{
	fputs("usage: ink-stats [-ix] [-a agg[,agg...]] [-b column[,column...]] [-m meta.tsv] "
	    "[-p chart.svg|chart.png] [-s glob] [-t glob] [-w column=glob] [file ...]\n", fp);
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "  -a, --agg LIST       aggregates: count, sum, min, max (default count)\n"
	    "  -b, --by LIST        group by these columns; derived: date, month, year,\n"
	    "                       street, issue_date\n"
	    "  -i, --issue-fallback an article without a date takes the issue date\n"
	    "  -m, --meta FILE      document metadata, doc<TAB>issue_date<TAB>street\n"
	    "  -p, --plot FILE      chart of the first aggregate over month/year/date\n"
	    "                       (gnuplot; .svg or .png)\n"
	    "  -s, --subject GLOB   keep rows whose subject matches (comma: any of several)\n"
	    "  -t, --type GLOB      keep rows whose type matches (comma: any of several)\n"
	    "  -w, --where COL=GLOB keep rows whose column COL matches (repeatable)\n"
	    "  -x, --excel          UTF-8 BOM, CRLF and inert formulas for spreadsheets\n"
	    "      --help           this text\n");
}

static void badusage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
badusage(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vwarnx(fmt, ap);
		va_end(ap);
	}
	usage(stderr);
	exit(2);
}

/* splits a comma list into *v (appended), empty items skipped */
static void
splitlist(const char *s, char ***v, size_t *n)
{
	const char *p = s, *e;

	const char *b, *t;

	/* "street, month" is what people type: blanks around items go */
	for (;;) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		for (b = p; b < e && (*b == ' ' || *b == '\t'); b++)
			;
		for (t = e; t > b && (t[-1] == ' ' || t[-1] == '\t'); t--)
			;
		if (t > b) {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = xstrndup(b, (size_t)(t - b));
		}
		if (!*e)
			break;
		p = e + 1;
	}
}

static int
anymatch(char **globs, size_t n, const char *s)
{
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], s, 0) == 0)
			return 1;
	return 0;
}

/*
 * Documents are named in several ways along the pipeline (a path, the scan's
 * file name, the stem): compare them by the stem so that a meta.tsv written
 * for "虹桥_2021-02" matches "scans/虹桥_2021-02.pdf".
 */
static char *
docstem(const char *doc)
{
	static const char *ext[] = { ".entities.csv", ".paras.csv", ".lines.csv",
		".csv", ".txt", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff" };
	const char *b = strrchr(doc, '/');
	size_t n, i, e;
	int again = 1;

	b = b ? b + 1 : doc;
	n = strlen(b);
	while (again) {
		again = 0;
		for (i = 0; i < LEN(ext); i++) {
			e = strlen(ext[i]);
			if (n > e && !strncasecmp(b + n - e, ext[i], e)) {
				n -= e;
				again = 1;
			}
		}
	}
	return xstrndup(b, n);
}

static int
isdigits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* precision of a date value (0: not one); an interval counts by its start */
static int
dateprec(const char *v, char out[11])
{
	size_t n = strcspn(v, "/");

	if (n == 10 && isdigits(v, 4) && v[4] == '-' && isdigits(v + 5, 2) &&
	    v[7] == '-' && isdigits(v + 8, 2)) {
		memcpy(out, v, 10), out[10] = '\0';
		return 4;
	}
	if (n == 7 && v[0] == '-' && v[1] == '-' && isdigits(v + 2, 2) &&
	    v[4] == '-' && isdigits(v + 5, 2)) {
		memcpy(out, v, 7), out[7] = '\0';
		return 3;
	}
	if (n == 7 && isdigits(v, 4) && v[4] == '-' && isdigits(v + 5, 2)) {
		memcpy(out, v, 7), out[7] = '\0';
		return 2;
	}
	if (n == 4 && isdigits(v, 4)) {
		memcpy(out, v, 4), out[4] = '\0';
		return 1;
	}
	return 0;
}

/*
 * A --MM-DD date takes the issue's year, or the year before when it would
 * fall more than two months after the issue: the rule ink-extract applies.
 */
static int
resolveyear(const char *mmdd, const char *issue, char out[11])
{
	int iy, im, id, m, d;

	if (!issue || dateprec(issue, out) != 4)
		return 0;
	iy = atoi(issue), im = atoi(issue + 5), id = atoi(issue + 8);
	m = atoi(mmdd + 2), d = atoi(mmdd + 5);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	if (m * 100 + d > (im + 2) * 100 + id)
		iy--;
	snprintf(out, 11, "%04d-%02d-%02d", iy, m, d);
	return 1;
}

/*
 * Numbers are plain decimals. A range such as 2-3 (两三年) counts as its
 * low bound: the text promises at least that many.
 */
static int
parsenum(const char *s, double *v)
{
	const char *p = s;
	char *end;

	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		double hi;
		if (!parsenum(p + 1, &hi))
			return 0;
	} else if (*p)
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	return errno == 0;
}

static const struct meta *
findmeta(const char *doc)
{
	char *stem = docstem(doc);
	size_t i;

	for (i = 0; i < nmetas; i++)
		if (!strcmp(metas[i].doc, stem)) {
			free(stem);
			return &metas[i];
		}
	free(stem);
	return NULL;
}

static void
addmeta(const char *doc, const char *issue, const char *street)
{
	metas = xreallocarray(metas, nmetas + 1, sizeof(*metas));
	metas[nmetas].doc = docstem(doc);
	metas[nmetas].issue = xstrdup(issue);
	metas[nmetas].street = xstrdup(street);
	nmetas++;
}

static int
readmeta(const char *path)
{
	struct lines l;
	FILE *fp;
	const char *name;
	char *f[3], *p;
	int n, rc = 0;

	if (!(fp = openin(path, &name)))
		return 1;
	lines_init(&l, fp, name);
	while (lines_next(&l) > 0) {
		p = l.line.p;
		if (!*p || *p == '#')
			continue;
		for (n = 0; n < 3 && p; n++) {
			f[n] = p;
			if ((p = strchr(p, '\t')))
				*p++ = '\0';
		}
		if (n < 2 || p) {
			warnx("%s:%lu: expected doc<TAB>issue_date<TAB>street", name, l.lineno);
			rc = 1;
			continue;
		}
		if (l.lineno == 1 && !strcmp(f[0], "doc"))
			continue;
		addmeta(f[0], f[1], n > 2 ? f[2] : "");
	}
	if (l.err)
		rc = 1;
	lines_free(&l);
	closein(fp);
	return rc;
}

/* FILE.entities.csv -> FILE.meta with issue_date= and street= lines */
static void
readsidecar(const char *path)
{
	struct lines l;
	struct buf b = { 0 };
	FILE *fp;
	size_t n;
	const char *suf = ".entities.csv";
	char *v;

	free(filemeta.issue), filemeta.issue = NULL;
	free(filemeta.street), filemeta.street = NULL;
	if (!path)
		return;
	n = strlen(path);
	if (n > strlen(suf) && !strcmp(path + n - strlen(suf), suf))
		n -= strlen(suf);
	else if (n > 4 && !strcmp(path + n - 4, ".csv"))
		n -= 4;
	buf_add(&b, path, n);
	buf_adds(&b, ".meta");
	if (!(fp = fopen(b.p, "rb"))) {
		buf_free(&b);
		return;
	}
	lines_init(&l, fp, b.p);
	while (lines_next(&l) > 0) {
		if (!(v = strchr(l.line.p, '=')))
			continue;
		*v++ = '\0';
		if (!strcmp(l.line.p, "issue_date"))
			free(filemeta.issue), filemeta.issue = xstrdup(v);
		else if (!strcmp(l.line.p, "street"))
			free(filemeta.street), filemeta.street = xstrdup(v);
	}
	lines_free(&l);
	fclose(fp);
	buf_free(&b);
}

static struct art *
findart(const char *name, int add)
{
	size_t i;

	/* rows come article by article: look at the latest first */
	for (i = narts; i-- > 0;)
		if (!strcmp(arts[i].name, name))
			return &arts[i];
	if (!add)
		return NULL;
	if (narts == caparts) {
		caparts = caparts ? caparts * 2 : 16;
		arts = xreallocarray(arts, caparts, sizeof(*arts));
	}
	memset(&arts[narts], 0, sizeof(*arts));
	arts[narts].name = xstrdup(name);
	return &arts[narts++];
}

static size_t
hashkeys(char **k)
{
	size_t h = 2166136261u, i;
	const unsigned char *p;

	for (i = 0; i < nkeys; i++) {
		for (p = (const unsigned char *)k[i]; *p; p++)
			h = (h ^ *p) * 16777619u;
		h = (h ^ 0xff) * 16777619u;
	}
	return h;
}

static void
rehash(void)
{
	struct group **nt, *g, *next;
	size_t i, ns = hsize * 2;

	nt = xcalloc(ns, sizeof(*nt));
	for (i = 0; i < hsize; i++)
		for (g = htab[i]; g; g = next) {
			next = g->next;
			g->next = nt[g->hash % ns];
			nt[g->hash % ns] = g;
		}
	free(htab);
	htab = nt;
	hsize = ns;
}

static void
account(char **k, const char *value)
{
	size_t h = hashkeys(k), i;
	struct group *g;
	double v;

	for (g = htab[h % hsize]; g; g = g->next) {
		if (g->hash != h)
			continue;
		for (i = 0; i < nkeys && !strcmp(g->keys[i], k[i]); i++)
			;
		if (i == nkeys)
			break;
	}
	if (!g) {
		g = xcalloc(1, sizeof(*g));
		g->keys = xcalloc(nkeys ? nkeys : 1, sizeof(*g->keys));
		for (i = 0; i < nkeys; i++)
			g->keys[i] = xstrdup(k[i]);
		g->hash = h;
		g->next = htab[h % hsize];
		htab[h % hsize] = g;
		if (++ngroups > hsize)
			rehash();
	}
	g->count++;
	if (value && parsenum(value, &v)) {
		if (g->nnum == 0 || v < g->min)
			g->min = v;
		if (g->nnum == 0 || v > g->max)
			g->max = v;
		g->sum += v;
		g->nnum++;
	} else
		nonnum++;
}

/* the document ended: its street and article dates are known now */
static void
flushdoc(void)
{
	const struct meta *m;
	const char *street, *issue;
	char **k, date[11], month[8], year[5];
	struct art *a;
	size_t r, i;
	int p;

	if (!curdoc)
		return;
	m = findmeta(curdoc);
	issue = m && *m->issue ? m->issue : filemeta.issue ? filemeta.issue : "";
	street = m && *m->street ? m->street : filemeta.street ? filemeta.street :
	    docorg ? docorg : "";
	k = xcalloc(nkeys ? nkeys : 1, sizeof(*k));
	for (r = 0; r < nhrows; r++) {
		date[0] = month[0] = year[0] = '\0';
		a = findart(hrows[r].article, 0);
		if (a && a->prec) {
			if (a->prec != 3 || !resolveyear(a->date, issue, date))
				memcpy(date, a->date, sizeof(date));
		} else if (issuefallback && (p = dateprec(issue, date)) != 4 && p != 2 && p != 1)
			date[0] = '\0';
		if (date[0] && date[0] != '-') {
			memcpy(year, date, 4), year[4] = '\0';
			if (strlen(date) >= 7)
				memcpy(month, date, 7), month[7] = '\0';
		}
		for (i = 0; i < nkeys; i++) {
			switch (keys[i].derived) {
			case D_DATE: k[i] = date; break;
			case D_MONTH: k[i] = month; break;
			case D_YEAR: k[i] = year; break;
			case D_STREET: k[i] = (char *)street; break;
			case D_ISSUE: k[i] = (char *)issue; break;
			case D_DOC: k[i] = curdoc; break;
			case D_ARTICLE: k[i] = hrows[r].article; break;
			default: k[i] = hrows[r].keys[i]; break;
			}
		}
		account(k, hrows[r].value);
		free(hrows[r].article);
		free(hrows[r].value);
		for (i = 0; i < nkeys; i++)
			free(hrows[r].keys[i]);
		free(hrows[r].keys);
	}
	free(k);
	nhrows = 0;
	for (i = 0; i < narts; i++)
		free(arts[i].name);
	narts = 0;
	free(docorg), docorg = NULL;
	free(curdoc), curdoc = NULL;
}

static int
endswith(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !memcmp(s + n - m, suf, m);
}

static const char *
fld(const struct csvrow *row, int col)
{
	return col >= 0 && (size_t)col < row->n ? row->f[col] : "";
}

struct cols {
	int doc, article, type, value, subject, text;
	size_t n;	/* fields in the header */
};

static int
isheader(const struct csvrow *row)
{
	return csv_col(row, "type") >= 0 && csv_col(row, "value") >= 0 &&
	    csv_col(row, "text") >= 0;
}

/* looks up the columns; 0 when the file cannot be used */
static int
setheader(const struct csvrow *hdr, struct cols *c, const char *name)
{
	size_t i, d;

	c->doc = csv_col(hdr, "doc");
	c->article = csv_col(hdr, "article");
	c->type = csv_col(hdr, "type");
	c->value = csv_col(hdr, "value");
	c->subject = csv_col(hdr, "subject");
	c->text = csv_col(hdr, "text");
	c->n = hdr->n;
	if (c->type < 0 || c->value < 0) {
		warnx("%s:%lu: not an entity CSV (no type and value columns)", name, hdr->line);
		return 0;
	}
	if (nsubjglobs && c->subject < 0) {
		warnx("%s:%lu: no subject column for --subject", name, hdr->line);
		return 0;
	}
	for (i = 0; i < nkeys; i++) {
		keys[i].col = csv_col(hdr, keys[i].name);
		keys[i].derived = D_NONE;
		if (keys[i].col >= 0)
			continue;
		for (d = 1; d < LEN(dername); d++)
			if (!strcmp(keys[i].name, dername[d]))
				keys[i].derived = (int)d;
		if (!keys[i].derived) {
			warnx("%s:%lu: no column %s", name, hdr->line, keys[i].name);
			return 0;
		}
	}
	for (i = 0; i < nwheres; i++)
		if ((wheres[i].idx = csv_col(hdr, wheres[i].col)) < 0) {
			warnx("%s:%lu: no column %s for --where", name, hdr->line, wheres[i].col);
			return 0;
		}
	return 1;
}

static void
hold(const struct csvrow *row, const struct cols *c)
{
	struct hrow *h;
	size_t i;

	if (nhrows == caphrows) {
		caphrows = caphrows ? caphrows * 2 : 64;
		hrows = xreallocarray(hrows, caphrows, sizeof(*hrows));
	}
	h = &hrows[nhrows++];
	h->article = xstrdup(fld(row, c->article));
	/* a year such as 2020 reads as a number but is no quantity */
	h->value = strcmp(fld(row, c->type), "date") ? xstrdup(fld(row, c->value)) : NULL;
	h->keys = xcalloc(nkeys ? nkeys : 1, sizeof(*h->keys));
	for (i = 0; i < nkeys; i++)
		h->keys[i] = keys[i].derived ? NULL : xstrdup(fld(row, keys[i].col));
}

static int
dofile(const char *path)
{
	struct csvr *r;
	struct csvrow *row;
	struct cols c = { -1, -1, -1, -1, -1, -1, 0 };
	struct art *a;
	FILE *fp;
	const char *name, *doc, *type, *v;
	char *filedoc, d[11];
	int got, havehdr = 0, rc = 0, p;
	size_t i;

	if (!(fp = openin(path, &name)))
		return 1;
	readsidecar(fp == stdin ? NULL : path);
	/* an entity CSV without a doc column is one document: the file */
	filedoc = fp == stdin ? xstrdup("stdin") : docstem(path);
	r = csvr_open(fp, name);
	while ((got = csvr_next(r, &row)) > 0) {
		if (!havehdr || isheader(row)) {
			/* files concatenated on stdin: every header starts afresh */
			havehdr = 1;
			if (!setheader(row, &c, name)) {
				rc = 1;
				break;
			}
			continue;
		}
		/* a row cut short or run over would shift every column: drop it */
		if (row->n != c.n) {
			warnx("%s:%lu: %zu fields where the header has %zu, row skipped",
			    name, row->line, row->n, c.n);
			continue;
		}
		doc = c.doc >= 0 ? fld(row, c.doc) : filedoc;
		if (!curdoc || strcmp(curdoc, doc)) {
			flushdoc();
			curdoc = xstrdup(doc);
		}
		type = fld(row, c.type);
		v = fld(row, c.value);
		/* dates and orgs qualify the other rows, filtered or not */
		if (!strcmp(type, "date") && (p = dateprec(v, d)) > 0) {
			a = findart(fld(row, c.article), 1);
			if (p > a->prec) {
				a->prec = p;
				memcpy(a->date, d, sizeof(d));
			}
		} else if (!strcmp(type, "org") && !docorg &&
		    (endswith(v, "街道") || endswith(v, "镇")))
			docorg = xstrdup(v);
		if (!anymatch(typeglobs, ntypeglobs, type) ||
		    !anymatch(subjglobs, nsubjglobs, fld(row, c.subject)))
			continue;
		for (i = 0; i < nwheres; i++)
			if (fnmatch(wheres[i].glob, fld(row, wheres[i].idx), 0) != 0)
				break;
		if (i < nwheres)
			continue;
		hold(row, &c);
	}
	if (got < 0)
		rc = 1;
	else if (!havehdr) {
		warnx("%s: empty, no CSV header", name);
		rc = 1;
	}
	/* the sidecar belongs to this file: settle its documents now */
	flushdoc();
	free(filedoc);
	csvr_close(r);
	closein(fp);
	return rc;
}

/* spreadsheets run a cell that starts like a formula; numbers are safe */
static int
needsguard(const char *s)
{
	static const char *wide[] = { "\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
		"\xEF\xBC\xA0" };	/* ＝ ＋ － ＠ */
	const char *p = s + 1;
	size_t i;

	/* -12 or -1.5 stay numbers; -2-3 would be computed by a spreadsheet */
	if (*s == '-' && *p >= '0' && *p <= '9') {
		p += strspn(p, "0123456789");
		if (*p == '.' && p[1] >= '0' && p[1] <= '9')
			p += 1 + strspn(p + 1, "0123456789");
		if (!*p)
			return 0;
	}
	if (*s && strchr("=+-@\t\r", *s))
		return 1;
	for (i = 0; i < LEN(wide); i++)
		if (!strncmp(s, wide[i], 3))
			return 1;
	return 0;
}

static void
putcell(const char *s, int last)
{
	struct buf b = { 0 };

	if (excel && needsguard(s)) {
		buf_addc(&b, '\'');
		buf_adds(&b, s);
		s = b.p;
	}
	csv_field(stdout, s, strlen(s));
	if (last)
		fputs(excel ? "\r\n" : "\n", stdout);
	else
		putchar(',');
	buf_free(&b);
}

static void
fmtnum(char *out, size_t n, double v)
{
	snprintf(out, n, "%.15g", v);
}

static int
cmpgroup(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a, *y = *(struct group *const *)b;
	size_t i;
	int c;

	for (i = 0; i < nkeys; i++)
		if ((c = strcmp(x->keys[i], y->keys[i])))
			return c;
	return 0;
}

static void
aggval(const struct group *g, int agg, char *out, size_t n)
{
	if (agg == AGG_COUNT)
		snprintf(out, n, "%ld", g->count);
	else if (g->nnum == 0)
		out[0] = '\0';
	else
		fmtnum(out, n, agg == AGG_SUM ? g->sum : agg == AGG_MIN ? g->min : g->max);
}

/* gnuplot strings in single quotes take no escapes but '' */
static void
gpstr(FILE *fp, const char *s)
{
	putc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', fp);
		if (*s != '\n' && *s != '\r')
			putc(*s, fp);
	}
	putc('\'', fp);
}

/* month as a count of months, year as itself */
static long
xval(const char *d, int want)
{
	return want == 2 ? atol(d) * 12 + atol(d + 5) - 1 : atol(d);
}

static int
plot(struct group **g, size_t ng)
{
	const char *ext = strrchr(plotpath, '.'), *slash;
	struct buf tmp = { 0 }, series = { 0 };
	size_t tk = SIZE_MAX, i, j, s, nser = 0, skipped = 0, *idx, *pts;
	long x, xmin = LONG_MAX, xmax = LONG_MIN, step;
	char val[64], d[11], **ser;
	FILE *gp;
	int st, fd, want;
	mode_t mode;
	void (*osig)(int);

	for (i = 0; i < nkeys && tk == SIZE_MAX; i++)
		if (!strcmp(keys[i].name, "month") || !strcmp(keys[i].name, "year") ||
		    !strcmp(keys[i].name, "date"))
			tk = i;
	if (tk == SIZE_MAX) {
		warnx("--plot needs a month, year or date column in --by");
		return 1;
	}
	want = !strcmp(keys[tk].name, "month") ? 2 : !strcmp(keys[tk].name, "year") ? 1 : 4;
	slash = strrchr(plotpath, '/');
	if (slash)
		buf_add(&tmp, plotpath, (size_t)(slash - plotpath + 1));
	buf_adds(&tmp, ".ink-stats.XXXXXX");
	if ((fd = mkstemp(tmp.p)) < 0) {
		warn("%s", tmp.p);
		buf_free(&tmp);
		return 1;
	}
	/* mkstemp makes 0600; the chart is for sharing like any other output */
	mode = umask(0);
	umask(mode);
	if (fchmod(fd, 0666 & ~mode) < 0)
		warn("%s", tmp.p);
	close(fd);
	fflush(NULL);
	/* a gnuplot that is missing or dies must not take us down by SIGPIPE */
	osig = signal(SIGPIPE, SIG_IGN);
	if (!(gp = popen("gnuplot", "w"))) {
		warn("gnuplot");
		signal(SIGPIPE, osig);
		unlink(tmp.p);
		buf_free(&tmp);
		return 1;
	}
	if (!strcasecmp(ext, ".svg"))
		fputs("set terminal svg size 960,540 dynamic noenhanced "
		    "font 'Noto Sans CJK SC,13' background rgb 'white'\n", gp);
	else
		fputs("set terminal pngcairo size 1200,675 noenhanced "
		    "font 'Noto Sans CJK SC,12'\n", gp);
	fputs("set output ", gp), gpstr(gp, tmp.p), putc('\n', gp);
	fputs("set title ", gp);
	buf_printf(&series, "%s", aggname[aggs[0]]);
	for (i = 0; i < nsubjglobs; i++)
		buf_printf(&series, "%s%s", i ? ", " : " of ", subjglobs[i]);
	buf_printf(&series, " by %s", keys[tk].name);
	gpstr(gp, series.p), putc('\n', gp);
	/*
	 * Months and years are placed by their number, one labelled tic each,
	 * so a label sits under its point; gnuplot's time tics would put
	 * month labels at arbitrary seconds between the points.
	 */
	for (i = 0; i < ng; i++)
		if (dateprec(g[i]->keys[tk], d) == want && want != 4) {
			x = xval(d, want);
			xmin = xmin < x ? xmin : x;
			xmax = xmax > x ? xmax : x;
		}
	if (want == 4)
		fputs("set xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y-%m-%d'\n"
		    "set offsets graph 0.05, graph 0.05, graph 0.1, 0\n", gp);
	else if (xmin <= xmax) {
		step = (xmax - xmin) / 24 + 1;
		fprintf(gp, "set xrange [%ld:%ld]\nset xtics (", xmin - 1, xmax + 1);
		for (x = xmin; x <= xmax; x += step) {
			if (want == 2)
				fprintf(gp, "%s'%04ld-%02ld' %ld", x > xmin ? ", " : "",
				    x / 12, x % 12 + 1, x);
			else
				fprintf(gp, "%s'%ld' %ld", x > xmin ? ", " : "", x, x);
		}
		fputs(")\nset offsets 0, 0, graph 0.1, 0\n", gp);
	}
	fputs("set xlabel ", gp), gpstr(gp, keys[tk].name), putc('\n', gp);
	fputs("set ylabel ", gp), gpstr(gp, aggname[aggs[0]]), putc('\n', gp);
	fputs("set grid\nset key outside right top\nset yrange [0:*]\n"
	    "set xtics rotate by -45\nset style data linespoints\n", gp);
	/* one data block per series: the values of the other key columns */
	ser = xcalloc(ng ? ng : 1, sizeof(*ser));
	pts = xcalloc(ng ? ng : 1, sizeof(*pts));
	idx = xcalloc(ng ? ng : 1, sizeof(*idx));
	for (i = 0; i < ng; i++) {
		buf_reset(&series);
		buf_adds(&series, "");
		for (j = 0; j < nkeys; j++)
			if (j != tk)
				buf_printf(&series, "%s%s", series.len ? " / " : "", g[i]->keys[j]);
		for (j = 0; j < nser && strcmp(ser[j], series.p); j++)
			;
		if (j == nser)
			ser[nser++] = xstrdup(series.p);
		idx[i] = j;
	}
	for (s = 0; s < nser; s++) {
		fprintf(gp, "$d%zu << EOD\n", s);
		for (i = 0; i < ng; i++) {
			if (idx[i] != s)
				continue;
			if (dateprec(g[i]->keys[tk], d) != want) {
				skipped++;
				continue;
			}
			aggval(g[i], aggs[0], val, sizeof(val));
			if (want == 4)
				fprintf(gp, "%s %s\n", d, *val ? val : "NaN");
			else
				fprintf(gp, "%ld %s\n", xval(d, want), *val ? val : "NaN");
			pts[s]++;
		}
		fputs("EOD\n", gp);
	}
	/* a series with no dated group would only make gnuplot warn */
	fputs("plot ", gp);
	for (s = 0, i = 0; s < nser; s++) {
		if (!pts[s])
			continue;
		fprintf(gp, "%s$d%zu using 1:2 lw 2 pt 7 title ", i++ ? ", " : "", s);
		gpstr(gp, *ser[s] ? ser[s] : aggname[aggs[0]]);
	}
	if (i == 0)
		fputs("NaN notitle", gp);
	fputs("\nset output\n", gp);
	st = pclose(gp);
	signal(SIGPIPE, osig);
	if (skipped)
		warnx("%s: %zu group(s) without a known %s left out of the chart",
		    plotpath, skipped, keys[tk].name);
	if (st != 0) {
		warnx("%s: gnuplot failed (status %d)", plotpath,
		    WIFEXITED(st) ? WEXITSTATUS(st) : st);
		unlink(tmp.p);
	} else if (rename(tmp.p, plotpath) < 0) {
		warn("%s", plotpath);
		unlink(tmp.p);
		st = 1;
	}
	for (s = 0; s < nser; s++)
		free(ser[s]);
	free(ser);
	free(idx);
	free(pts);
	buf_free(&tmp);
	buf_free(&series);
	return st != 0;
}

static void
addagg(const char *list)
{
	char **v = NULL;
	size_t n = 0, i, a;

	splitlist(list, &v, &n);
	for (i = 0; i < n; i++) {
		for (a = 0; a < LEN(aggname) && strcmp(v[i], aggname[a]); a++)
			;
		if (a == LEN(aggname))
			badusage("unknown aggregate %s (count, sum, min, max)", v[i]);
		if (naggs == LEN(aggs))
			badusage("too many aggregates");
		aggs[naggs++] = (int)a;
		free(v[i]);
	}
	free(v);
}

int
main(int argc, char *argv[])
{
	static const struct option lopts[] = {
		{ "agg", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "excel", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "issue-fallback", no_argument, NULL, 'i' },
		{ "meta", required_argument, NULL, 'm' },
		{ "plot", required_argument, NULL, 'p' },
		{ "subject", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "where", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	char **by = NULL, *eq, val[64];
	const char *ext;
	size_t nby = 0, i, j, a;
	struct group **all, *g, *next;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "a:b:im:p:s:t:w:x", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': addagg(optarg); break;
		case 'b': splitlist(optarg, &by, &nby); break;
		case 'h': help(); return fshut(stdout, "<stdout>");
		case 'i': issuefallback = 1; break;
		case 'm': if (readmeta(optarg)) rc = 1; break;
		case 'p': plotpath = optarg; break;
		case 's': splitlist(optarg, &subjglobs, &nsubjglobs); break;
		case 't': splitlist(optarg, &typeglobs, &ntypeglobs); break;
		case 'w':
			if (!(eq = strchr(optarg, '=')) || eq == optarg)
				badusage("--where wants COLUMN=GLOB, not %s", optarg);
			wheres = xreallocarray(wheres, nwheres + 1, sizeof(*wheres));
			wheres[nwheres].col = xstrndup(optarg, (size_t)(eq - optarg));
			wheres[nwheres].glob = xstrdup(eq + 1);
			nwheres++;
			break;
		case 'x': excel = 1; break;
		default: badusage(NULL);
		}
	}
	argc -= optind, argv += optind;
	if (plotpath && (!(ext = strrchr(plotpath, '.')) ||
	    (strcasecmp(ext, ".svg") && strcasecmp(ext, ".png"))))
		badusage("--plot %s: the chart is .svg or .png", plotpath);
	if (naggs == 0)
		aggs[naggs++] = AGG_COUNT;
	nkeys = nby;
	keys = xcalloc(nkeys ? nkeys : 1, sizeof(*keys));
	for (i = 0; i < nkeys; i++) {
		keys[i].name = by[i];
		for (j = 0; j < i; j++)
			if (!strcmp(by[j], by[i]))
				badusage("--by names %s twice", by[i]);
	}
	htab = xcalloc(hsize, sizeof(*htab));

	if (argc == 0)
		rc |= dofile("-");
	for (i = 0; i < (size_t)argc; i++)
		rc |= dofile(argv[i]);

	all = xcalloc(ngroups ? ngroups : 1, sizeof(*all));
	for (i = 0, j = 0; i < hsize; i++)
		for (g = htab[i]; g; g = g->next)
			all[j++] = g;
	qsort(all, ngroups, sizeof(*all), cmpgroup);
	/* a total over nothing is a row of zero, not a missing row */
	if (nkeys == 0 && ngroups == 0) {
		all[0] = xcalloc(1, sizeof(**all));
		all[0]->keys = xcalloc(1, sizeof(char *));
		htab[0] = all[0];
		ngroups = 1;
	}

	if (excel)
		fputs("\xEF\xBB\xBF", stdout);
	for (i = 0; i < nkeys; i++)
		putcell(keys[i].name, 0);
	for (a = 0; a < naggs; a++)
		putcell(aggname[aggs[a]], a + 1 == naggs);
	for (i = 0; i < ngroups; i++) {
		for (j = 0; j < nkeys; j++)
			putcell(all[i]->keys[j], 0);
		for (a = 0; a < naggs; a++) {
			aggval(all[i], aggs[a], val, sizeof(val));
			putcell(val, a + 1 == naggs);
		}
	}
	for (a = 0; a < naggs; a++)
		if (aggs[a] != AGG_COUNT && nonnum) {
			warnx("%ld row(s) without a numeric value left out of %s",
			    nonnum, aggname[aggs[a]]);
			break;
		}
	if (fshut(stdout, "<stdout>"))
		rc = 1;
	if (plotpath && plot(all, ngroups))
		rc = 1;

	for (i = 0; i < hsize; i++)
		for (g = htab[i]; g; g = next) {
			next = g->next;
			for (j = 0; j < nkeys; j++)
				free(g->keys[j]);
			free(g->keys);
			free(g);
		}
	free(htab);
	free(all);
	for (i = 0; i < nby; i++)
		free(by[i]);
	free(by);
	free(keys);
	for (i = 0; i < nsubjglobs; i++)
		free(subjglobs[i]);
	free(subjglobs);
	for (i = 0; i < ntypeglobs; i++)
		free(typeglobs[i]);
	free(typeglobs);
	for (i = 0; i < nwheres; i++)
		free(wheres[i].col), free(wheres[i].glob);
	free(wheres);
	for (i = 0; i < nmetas; i++)
		free(metas[i].doc), free(metas[i].issue), free(metas[i].street);
	free(metas);
	free(hrows);
	free(arts);
	free(filemeta.issue);
	free(filemeta.street);
	return rc;
}
