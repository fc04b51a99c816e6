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
#include "stats/stats.h"


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
	long hits;	/* input rows the glob matched, other filters aside */
};

/* the values a filtered column had, for the warning on a typo */
struct seen {
	char *v[16];
	size_t n;
	int more;
};

/* one held row of the current document */
struct hrow {
	char *article;
	char **keys;	/* input-column keys; NULL for derived ones */
	char *value;	/* NULL: not a quantity (a date) */
	int total;	/* scope total: a running total, never summed */
	long seq;
};


/* the date chosen for one article */
struct art {
	char *name;
	int prec;	/* 0 none, 1 year, 2 month, 3 --MM-DD, 4 full day */
	char date[11];	/* YYYY, YYYY-MM, --MM-DD or YYYY-MM-DD */
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
static long *typehits, *subjhits, nrows;
static struct seen typeseen, subjseen;
static int excel;
static int issuefallback;	/* an undated article takes the issue date */
static struct plotopt plotopt = { .agg = AGG_COUNT };
static char *unitseen;		/* the one unit of the summed rows, or "" when mixed */
static long ntotals;		/* running totals kept out of sum, min and max */
static long seq;

static struct meta *metas;
static size_t nmetas;

/* the document being read */
static char *curdoc;
static struct hrow *hrows;
static size_t nhrows, caphrows;
static struct art *arts;
static size_t narts, caparts;
static char *docorg;		/* first org ending in 街道/镇 */
static const char *curissue;	/* its issue date, "" unknown */
static struct meta filemeta;	/* from the input file's sidecar */

static struct group **htab;
static size_t hsize = 1024, ngroups;
static long nonnum;		/* rows a numeric aggregate had to skip */

static void
usage(FILE *fp)
{
	fputs("usage: ink-stats [-ix] [-a agg[,agg...]] [-b column[,column...]] [-m meta.tsv] "
	    "[-p chart.svg|chart.png] [-s glob] [-t glob] [-w column=glob] [--bars] [--title text] "
	    "[--encoding name] [--unit unit] [--xlabel text] [--ylabel text] [file ...]\n"
	    "       ink-stats -h | --version\n", fp);
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "  -a, --agg LIST       aggregates: count, sum, min, max, total (default count)\n"
	    "  -b, --by LIST        group by these columns; derived: date, month, year,\n"
	    "                       street, issue_date\n"
	    "  -i, --issue-fallback an article without a date takes the issue date\n"
	    "  -m, --meta FILE      document metadata, doc<TAB>issue_date<TAB>street\n"
	    "  -p, --plot FILE      chart of the first aggregate over month/year/date\n"
	    "                       (gnuplot; .svg or .png)\n"
	    "      --bars           the chart in bars, not lines\n"
	    "      --title TEXT     the chart's title\n"
	    "      --unit UNIT      the unit on the y axis (default: the rows' one unit)\n"
	    "      --xlabel TEXT    the x axis label (default: the time column)\n"
	    "      --ylabel TEXT    the y axis label (default: the aggregate)\n"
	    "  -s, --subject GLOB   keep rows whose subject matches (comma: any of several)\n"
	    "  -t, --type GLOB      keep rows whose type matches (comma: any of several)\n"
	    "  -w, --where COL=GLOB keep rows whose column COL matches (repeatable)\n"
	    "  -x, --excel          UTF-8 BOM, CRLF and inert formulas for spreadsheets\n"
	    "      --encoding NAME  the input's charset (default: UTF-8, or GB18030 for a\n"
	    "                       file that is not UTF-8 but reads as GB18030)\n"
	    "  -h, --help           this text\n"
	    "      --version        print the version\n");
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

/*
 * A --MM-DD date takes the issue's year, or the year before when it would
 * fall more than two months after the issue: the rule ink-extract applies.
 */
static int
resolveyear(const char *mmdd, const char *issue, char out[11])
{
	int iy, im, id, m, d;

	if (!issue || stats_dateprec(issue, out) != 4)
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
account(char **k, const struct hrow *hr, const char *place, const char *date)
{
	const char *value = hr->value;
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
	if (value && hr->total && parsenum(value, &v)) {
		stats_addtotal(g, place, date, hr->seq, v);
		ntotals++;
	} else if (value && parsenum(value, &v)) {
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
		} else if (issuefallback && (p = stats_dateprec(issue, date)) != 4 && p != 2 && p != 1)
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
		account(k, &hrows[r], *street ? street : curdoc,
		    date[0] && date[0] != '-' ? date : issue);
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
	int doc, article, type, value, subject, text, scope, unit;
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
	/* ink-extract before the scope column: every row counts as new */
	c->scope = csv_col(hdr, "scope");
	c->unit = csv_col(hdr, "unit");
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
	h->total = !strcmp(fld(row, c->scope), "total");
	h->seq = seq++;
	h->keys = xcalloc(nkeys ? nkeys : 1, sizeof(*h->keys));
	for (i = 0; i < nkeys; i++)
		h->keys[i] = keys[i].derived ? NULL : xstrdup(fld(row, keys[i].col));
	/* the y axis names the unit only when every summed row has it */
	if (h->value && *fld(row, c->unit)) {
		if (!unitseen)
			unitseen = xstrdup(fld(row, c->unit));
		else if (*unitseen && strcmp(unitseen, fld(row, c->unit)))
			*unitseen = '\0';
	}
}

/*
 * An article's date is never one after its issue: a newsletter reports
 * what happened, and a later date is a plan or a deadline (到2025年底).
 */
static int
afterissue(const char *d, int prec)
{
	char r[11];
	size_t n = prec == 4 ? 10 : prec == 2 ? 7 : 4;

	if (stats_dateprec(curissue, r) != 4)
		return 0;
	if (prec == 3)
		return resolveyear(d, curissue, r) && strcmp(r, curissue) > 0;
	return strncmp(d, curissue, n) > 0;
}

static void
see(struct seen *s, const char *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return;
	if (s->n < LEN(s->v))
		s->v[s->n++] = xstrdup(v);
	else
		s->more = 1;
}

/* the filters; each one counts its matches alone, to tell a typo */
static int
keep(const struct csvrow *row, const struct cols *c, const char *type)
{
	const char *subj = fld(row, c->subject);
	int ok = 1, hit;
	size_t i;

	if (ntypeglobs) {
		see(&typeseen, type);
		for (i = 0, hit = 0; i < ntypeglobs; i++)
			if (fnmatch(typeglobs[i], type, 0) == 0)
				typehits[i]++, hit = 1;
		ok &= hit;
	}
	if (nsubjglobs) {
		see(&subjseen, subj);
		for (i = 0, hit = 0; i < nsubjglobs; i++)
			if (fnmatch(subjglobs[i], subj, 0) == 0)
				subjhits[i]++, hit = 1;
		ok &= hit;
	}
	for (i = 0; i < nwheres; i++)
		if (fnmatch(wheres[i].glob, fld(row, wheres[i].idx), 0) == 0)
			wheres[i].hits++;
		else
			ok = 0;
	return ok;
}

static void
nomatch(const char *opt, const char *glob, const struct seen *s)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; s && i < s->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", *s->v[i] ? s->v[i] : "(empty)");
	if (s && s->more)
		buf_adds(&b, ", ...");
	if (b.len)
		warnx("%s %s matches no row (the input has: %s)", opt, glob, b.p);
	else
		warnx("%s %s matches no row", opt, glob);
	buf_free(&b);
}

static int
dofile(const char *path)
{
	struct csvr *r;
	struct csvrow *row;
	struct cols c = { -1, -1, -1, -1, -1, -1, -1, -1, 0 };
	struct art *a;
	FILE *fp;
	const char *name, *doc, *type, *v;
	const struct meta *m;
	char *filedoc, d[11];
	int got, havehdr = 0, rc = 0, p;

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
			m = findmeta(curdoc);
			curissue = m && *m->issue ? m->issue : filemeta.issue ? filemeta.issue : "";
		}
		type = fld(row, c.type);
		v = fld(row, c.value);
		nrows++;
		/* dates and orgs qualify the other rows, filtered or not */
		if (!strcmp(type, "date") && (p = stats_dateprec(v, d)) > 0 && !afterissue(d, p)) {
			a = findart(fld(row, c.article), 1);
			if (p > a->prec) {
				a->prec = p;
				memcpy(a->date, d, sizeof(d));
			}
		} else if (!strcmp(type, "org") && !docorg &&
		    (endswith(v, "街道") || endswith(v, "镇")))
			docorg = xstrdup(v);
		if (!keep(row, &c, type))
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
addagg(const char *list)
{
	char **v = NULL;
	size_t n = 0, i, a;

	splitlist(list, &v, &n);
	for (i = 0; i < n; i++) {
		for (a = 0; a < LEN(stats_aggname) && strcmp(v[i], stats_aggname[a]); a++)
			;
		if (a == LEN(stats_aggname))
			badusage(usage, "unknown aggregate %s (count, sum, min, max, total)", v[i]);
		if (naggs == LEN(aggs))
			badusage(usage, "too many aggregates");
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
		{ "bars", no_argument, NULL, 'B' },
		{ "by", required_argument, NULL, 'b' },
		{ "encoding", required_argument, NULL, 'E' },
		{ "excel", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "issue-fallback", no_argument, NULL, 'i' },
		{ "meta", required_argument, NULL, 'm' },
		{ "plot", required_argument, NULL, 'p' },
		{ "subject", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "where", required_argument, NULL, 'w' },
		{ "title", required_argument, NULL, 'T' },
		{ "unit", required_argument, NULL, 'U' },
		{ "version", no_argument, NULL, 'V' },
		{ "xlabel", required_argument, NULL, 'X' },
		{ "ylabel", required_argument, NULL, 'Y' },
		{ NULL, 0, NULL, 0 }
	};
	char **by = NULL, *eq, val[64];
	struct buf wb = { 0 };
	const char *ext;
	size_t nby = 0, i, j, a;
	struct group **all, *g, *next;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "a:b:him:p:s:t:w:x", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': addagg(optarg); break;
		case 'b': splitlist(optarg, &by, &nby); break;
		case 'B': plotopt.bars = 1; break;
		case 'E':
			if (encoding_set(optarg) < 0)
				badusage(usage, NULL);
			break;
		case 'T': plotopt.title = optarg; break;
		case 'U': plotopt.unit = optarg; break;
		case 'X': plotopt.xlabel = optarg; break;
		case 'Y': plotopt.ylabel = optarg; break;
		case 'V': return print_version("ink-stats");
		case 'h': help(); return fshut(stdout, "<stdout>");
		case 'i': issuefallback = 1; break;
		case 'm': if (readmeta(optarg)) rc = 1; break;
		case 'p': plotopt.path = optarg; break;
		case 's': splitlist(optarg, &subjglobs, &nsubjglobs); break;
		case 't': splitlist(optarg, &typeglobs, &ntypeglobs); break;
		case 'w':
			if (!(eq = strchr(optarg, '=')) || eq == optarg)
				badusage(usage, "--where wants COLUMN=GLOB, not %s", optarg);
			wheres = xreallocarray(wheres, nwheres + 1, sizeof(*wheres));
			wheres[nwheres].col = xstrndup(optarg, (size_t)(eq - optarg));
			wheres[nwheres].glob = xstrdup(eq + 1);
			wheres[nwheres].idx = -1;
			wheres[nwheres].hits = 0;
			nwheres++;
			break;
		case 'x': excel = 1; break;
		default: badusage(usage, NULL);
		}
	}
	argc -= optind, argv += optind;
	if (plotopt.path && (!(ext = strrchr(plotopt.path, '.')) ||
	    (strcasecmp(ext, ".svg") && strcasecmp(ext, ".png"))))
		badusage(usage, "--plot %s: the chart is .svg or .png", plotopt.path);
	if (!plotopt.path && (plotopt.bars || plotopt.title || plotopt.unit || plotopt.xlabel ||
	    plotopt.ylabel))
		badusage(usage, "--bars, --title, --unit, --xlabel and --ylabel go with --plot");
	if (naggs == 0)
		aggs[naggs++] = AGG_COUNT;
	typehits = xcalloc(ntypeglobs + 1, sizeof(*typehits));
	subjhits = xcalloc(nsubjglobs + 1, sizeof(*subjhits));
	nkeys = nby;
	keys = xcalloc(nkeys ? nkeys : 1, sizeof(*keys));
	for (i = 0; i < nkeys; i++) {
		keys[i].name = by[i];
		for (j = 0; j < i; j++)
			if (!strcmp(by[j], by[i]))
				badusage(usage, "--by names %s twice", by[i]);
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
		putcell(stats_aggname[aggs[a]], a + 1 == naggs);
	for (i = 0; i < ngroups; i++) {
		for (j = 0; j < nkeys; j++)
			putcell(all[i]->keys[j], 0);
		for (a = 0; a < naggs; a++) {
			stats_aggval(all[i], aggs[a], val, sizeof(val));
			putcell(val, a + 1 == naggs);
		}
	}
	for (a = 0; a < naggs; a++)
		if (aggs[a] != AGG_COUNT && nonnum) {
			warnx("%ld row(s) without a numeric value left out of %s",
			    nonnum, stats_aggname[aggs[a]]);
			break;
		}
	for (a = 0, j = 0; a < naggs; a++)
		j |= aggs[a] == AGG_TOTAL ? 2 : aggs[a] != AGG_COUNT;
	if (ntotals && j == 1)
		warnx("%ld running total(s) (scope total) left out of sum, min and max: "
		    "-a total gives the latest one of each place", ntotals);
	/* a filter that matches nothing is most likely a typo: say so */
	for (i = 0; nrows && i < ntypeglobs; i++)
		if (!typehits[i])
			nomatch("--type", typeglobs[i], &typeseen);
	for (i = 0; nrows && i < nsubjglobs; i++)
		if (!subjhits[i])
			nomatch("--subject", subjglobs[i], &subjseen);
	for (i = 0; nrows && i < nwheres; i++)
		if (!wheres[i].hits) {
			buf_reset(&wb);
			buf_printf(&wb, "%s=%s", wheres[i].col, wheres[i].glob);
			nomatch("--where", wb.p, NULL);
		}
	buf_free(&wb);
	if (fshut(stdout, "<stdout>"))
		rc = 1;
	if (plotopt.path) {
		plotopt.agg = aggs[0];
		plotopt.keynames = by;
		plotopt.nkeys = nkeys;
		plotopt.subjects = subjglobs;
		plotopt.nsubjects = nsubjglobs;
		if (!plotopt.unit && unitseen && *unitseen)
			plotopt.unit = unitseen;
		if (stats_plot(&plotopt, all, ngroups))
			rc = 1;
	}

	for (i = 0; i < hsize; i++)
		for (g = htab[i]; g; g = next) {
			next = g->next;
			for (j = 0; j < nkeys; j++)
				free(g->keys[j]);
			for (j = 0; j < g->nplaces; j++)
				free(g->places[j].name);
			free(g->places);
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
	free(typehits);
	free(subjhits);
	for (i = 0; i < typeseen.n; i++)
		free(typeseen.v[i]);
	for (i = 0; i < subjseen.n; i++)
		free(subjseen.v[i]);
	free(unitseen);
	return rc;
}
