/*
 * ink-extract: paragraphs (ink-reflow's CSV or reflowed text) -> entity
 * rows (dates, numbers, addresses, people, organisations, metrics).
 *
 * Every pattern lives in the rules directory (*.rules, see ink-extract.1 and
 * rules/README); the engine (lib/extract/) loads and runs them. This file
 * keeps the options, the input formats, the output and the messages.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inkpipe.h"
#include "cnnum.h"
#include "records.h"
#include "sniff.h"
#include "extract/engine.h"
#include "extract/locate.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/inkpipe"
#endif

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: ink-extract [-r rules] [--issue-date YYYY-MM-DD] [--doc name] [--encoding name] [--lines lines.csv] [file ...]\n"
	    "       ink-extract --check-rules [-r rules] [rulefile ...]\n"
	    "       ink-extract --parse-number [file ...]\n");
}

static char *
default_rules(void)
{
	const char *e = getenv("INKPIPE_RULES");
	char exe[PATH_MAX], *slash;
	ssize_t n;
	struct buf b = { 0 };
	/* bin/ink-extract and build/san/bin/ink-extract both sit below the project */
	static const char *up[] = { "/../rules", "/../../../rules" };
	size_t i;
	DIR *d;

	if (e && *e)
		return xstrdup(e);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (i = 0; i < LEN(up); i++) {
			buf_reset(&b);
			buf_printf(&b, "%s%s", exe, up[i]);
			if ((d = opendir(b.p))) {
				closedir(d);
				return b.p;
			}
		}
	}
	buf_free(&b);
	return xstrdup(DATADIR "/rules");
}

static struct ocrchars *lines;	/* --lines */

/*
 * Paragraphs wait in a batch, copied with where they came from, and are
 * matched rule by rule when it is full or the file ends (extract_batch):
 * a rule's code then stays in the cache for many paragraphs. Their rows
 * and warnings come out in their order, as one by one.
 */
#define BATCH_PARAS 64
#define BATCH_BYTES (256 * 1024)
static struct batch {
	struct para p[BATCH_PARAS];
	struct prov prov[BATCH_PARAS];
	size_t n, bytes;
} batch;

/* s copied to *at (NULL stays NULL), *at moved past the copy */
static const char *
put_str(char **at, const char *s, size_t n)
{
	char *d = *at;

	if (!s)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	*at += n + 1;
	return d;
}

static void
batch_flush(struct engine *en)
{
	struct batch *b = &batch;
	size_t i;

	extract_batch(en, b->p, b->n);
	for (i = 0; i < b->n; i++) {
		resolve_para(en, &b->p[i]);
		print_ents(en, &b->p[i].e, b->p[i].s, &b->prov[i]);
		ents_free(&b->p[i].e);
		free((char *)b->p[i].s);	/* the provenance's strings share its allocation */
	}
	b->n = b->bytes = 0;
}

static void
batch_free(struct engine *en)
{
	size_t i;

	for (i = 0; i < BATCH_PARAS; i++) {
		pstate_free(en, &batch.p[i].st);
		free(batch.p[i].e.v);
	}
}

/*
 * What the readers warn about (bytes repaired, a malformed row) belongs
 * after the rows and warnings of the paragraphs before: held back while
 * a line is read (hold), and told after the batch is flushed (release).
 */
static FILE *held, *saved_err;
static char *heldp;
static size_t heldn, mark;

static void
hold(void)
{
	if (!batch.n)
		return;
	if (!held && !(held = open_memstream(&heldp, &heldn)))
		err(1, "open_memstream");
	fflush(held);
	mark = heldn;
	saved_err = stderr;
	stderr = held;
}

static void
release(struct engine *en)
{
	if (!saved_err)
		return;
	fflush(held);
	stderr = saved_err;
	saved_err = NULL;
	if (heldn > mark) {
		batch_flush(en);
		fwrite(heldp + mark, 1, heldn - mark, stderr);
	}
}

static void
para_out(struct engine *en, const char *s, size_t n, const struct prov *p, unsigned long line)
{
	struct batch *b = &batch;
	struct para *q = &b->p[b->n];
	struct prov *v = &b->prov[b->n];
	const char *f[7] = { p->doc, p->article, p->para, p->page, p->first, p->last, p->last_page };
	size_t len[7] = { 0 }, total = n + 1, i;
	char *at;

	/*
	 * One allocation for the text and where it came from; the text as
	 * its bytes are, not cut at a NUL (the readers replace those anyway)
	 */
	for (i = 0; i < 7; i++)
		total += f[i] ? (len[i] = strlen(f[i])) + 1 : 0;
	at = xmalloc(total);
	q->s = put_str(&at, s, n), q->n = n;
	v->doc = put_str(&at, f[0], len[0]), v->article = put_str(&at, f[1], len[1]);
	v->para = put_str(&at, f[2], len[2]), v->page = put_str(&at, f[3], len[3]);
	v->first = put_str(&at, f[4], len[4]), v->last = put_str(&at, f[5], len[5]);
	v->last_page = put_str(&at, f[6], len[6]);
	v->carry = p->carry, v->lines = p->lines;
	q->doc = v->doc, q->where = NULL;
	/* the paragraph's name is only spelled out for a warning (match_from, resolve) */
	q->st.where_prov = v, q->st.where_line = line;
	b->bytes += n;
	if (++b->n == BATCH_PARAS || b->bytes >= BATCH_BYTES)
		batch_flush(en);
}

static void
do_csv(struct engine *en, FILE *fp, const char *name, struct ents *e, int *hdr_done)
{
	struct csvr *r = csvr_open(fp, name);
	struct csvrow *row;
	int c_doc, c_art, c_para, c_kind, c_page, c_fl, c_ll, c_lp, c_text, rc;
	struct prov p;

	if (csvr_next(r, &row) != 1) {
		csvr_close(r);
		en->status = 1;
		return;
	}
	c_doc = csv_col(row, "doc"), c_art = csv_col(row, "article");
	c_para = csv_col(row, "para"), c_kind = csv_col(row, "kind");
	c_page = csv_col(row, "page"), c_fl = csv_col(row, "first_line");
	c_ll = csv_col(row, "last_line"), c_text = csv_col(row, "text");
	c_lp = csv_col(row, "last_page");
	if (c_text < 0) {
		warnx("%s:1: paragraph CSV without a text column", name);
		csvr_close(r);
		en->status = 1;
		return;
	}
	memset(&p, 0, sizeof(p));
	p.lines = lines;
	p.carry = c_page >= 0 || c_fl >= 0 || c_ll >= 0;
	if (!*hdr_done) {
		print_header(p.carry);
		*hdr_done = 1 + p.carry;
	} else
		p.carry = *hdr_done == 2;
#define F(c) ((c) >= 0 && (size_t)(c) < row->n ? row->f[c] : "")
	for (;;) {
		hold();
		rc = csvr_next(r, &row);
		release(en);
		if (rc != 1)
			break;
		if ((size_t)c_text >= row->n) {
			batch_flush(en);
			warnx("%s:%lu: short row: no text field", name, row->line);
			en->status = 1;
			continue;
		}
		if (!strcmp(F(c_kind), "furniture"))
			continue;
		p.doc = c_doc >= 0 ? F(c_doc) : name;
		p.article = F(c_art), p.para = F(c_para);
		p.page = F(c_page), p.first = F(c_fl), p.last = F(c_ll), p.last_page = F(c_lp);
		para_out(en, row->f[c_text], row->len[c_text], &p, row->line);
	}
#undef F
	batch_flush(en);
	if (rc < 0)
		en->status = 1;
	csvr_close(r);
}

/* v in decimal into d, truncated to size - 1 digits (always terminated) */
static void
ulstr(char *d, size_t size, unsigned long v)
{
	char t[24], *p;
	size_t n;

	if (!size)
		return;
	t[sizeof(t) - 1] = '\0';
	p = digits_before(t + sizeof(t) - 1, v);
	n = (size_t)(t + sizeof(t) - p);
	if (n > size)
		n = size;
	memcpy(d, p, n);
	d[n - 1] = '\0';
}

static void
do_text(struct engine *en, FILE *fp, const char *name, const char *doc, struct ents *e, int *hdr_done)
{
	struct lines l;
	struct prov p;
	unsigned long art = 1, para = 0;
	char abuf[32], pbuf[32];
	int rc;
	const char *s;
	size_t n;

	lines_init(&l, fp, name);
	memset(&p, 0, sizeof(p));
	p.doc = doc;
	for (;;) {
		hold();
		rc = lines_next(&l);
		release(en);
		if (rc != 1)
			break;
		s = l.line.p;
		n = l.line.len;
		if (!*hdr_done) {
			print_header(0);
			*hdr_done = 1;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0) {
			if (para)
				art++, para = 0;
			continue;
		}
		if (n >= 2 && s[0] == '#' && s[1] == ' ')
			s += 2, n -= 2;
		para++;
		ulstr(abuf, sizeof(abuf), art);
		ulstr(pbuf, sizeof(pbuf), para);
		p.article = abuf, p.para = pbuf;
		para_out(en, s, n, &p, l.lineno);
	}
	batch_flush(en);
	/* repaired bytes were warned line by line and the run goes on: exit 0 */
	if (rc < 0)
		en->status = 1;
	lines_free(&l);
}

static int
parse_numbers(int argc, char **argv)
{
	int i, rc = 0;
	FILE *fp;
	const char *name;
	struct lines l;
	double v;

	for (i = 0; i < argc || (argc == 0 && i == 0); i++) {
		if (!(fp = openin(argc ? argv[i] : "-", &name))) {
			rc = 1;
			continue;
		}
		lines_init(&l, fp, name);
		while (lines_next(&l) == 1) {
			if (cn_number(l.line.p, l.line.len, &v))
				printf("%.15g\n", v);
			else
				putchar('\n');
		}
		if (l.err)
			rc = 1;
		lines_free(&l);
		closein(fp);
	}
	return rc;
}

/*
 * One input file, paragraph CSV or text as its first bytes say; doc, if
 * set, names the document of text input.
 */
static void
extract_file(struct engine *en, const char *path, const char *doc, struct ents *e, int *hdr)
{
	struct sniff sn;
	const char *name;
	char *dn;
	FILE *fp, *in;
	int csv;

	if (!(fp = openin(path, &name))) {
		en->status = 1;
		return;
	}
	en->cur_file = name;
	if (doc)
		dn = xstrdup(doc);
	else if (!strcmp(path, "-"))
		dn = xstrdup("stdin");
	else
		dn = docname(path);	/* a.b.txt is a.b, as in every stage */
	if (!(in = sniff_open(&sn, fp, REC_KEY_HDR, &csv)))
		err(1, "fopencookie");
	if (sn.n == 0 && !ferror(fp)) {
		/* nothing at all is unusable input, not a document without entities */
		warnx("%s: empty input", name);
		en->status = 1;
	}
	if (csv)
		do_csv(en, in, name, e, hdr);
	else
		do_text(en, in, name, dn, e, hdr);
	if (ferror(fp)) {
		warn("%s", name);
		en->status = 1;
	}
	fclose(in);
	free(dn);
	closein(fp);
}

int
main(int argc, char **argv)
{
	enum { O_ISSUE = 256, O_CHECK, O_PARSE, O_DOC, O_HELP, O_VERSION, O_LINES, O_ENCODING };
	static const struct option lo[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "issue-date", required_argument, NULL, O_ISSUE },
		{ "doc", required_argument, NULL, O_DOC },
		{ "check-rules", no_argument, NULL, O_CHECK },
		{ "parse-number", no_argument, NULL, O_PARSE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ "lines", required_argument, NULL, O_LINES },
		{ "encoding", required_argument, NULL, O_ENCODING },
		{ NULL, 0, NULL, 0 },
	};
	char *rdir = NULL, *doc = NULL;
	const char *linespath = NULL;
	int c, check = 0, parse = 0, i, hdr = 0, nerr, status;
	struct ents e = { 0 };
	struct engine engine, *en = &engine;
	int iy = 0, im = 0, id = 0;

	while ((c = getopt_long(argc, argv, "r:h", lo, NULL)) != -1) {
		switch (c) {
		case 'r':
			free(rdir);
			rdir = xstrdup(optarg);
			break;
		case O_ISSUE:
			if (parse_issue(optarg, &iy, &im, &id) < 0) {
				warnx("--issue-date: want YYYY-MM-DD, not '%s'", optarg);
				usage(stderr);
				free(rdir);
				return 2;
			}
			break;
		case O_DOC:
			doc = optarg;
			break;
		case O_LINES:
			linespath = optarg;
			break;
		case O_ENCODING:
			if (encoding_set(optarg) < 0) {
				usage(stderr);
				free(rdir);
				return 2;
			}
			break;
		case O_CHECK:
			check = 1;
			break;
		case O_PARSE:
			parse = 1;
			break;
		case 'h':
		case O_HELP:
			usage(stdout);
			printf("\n"
			    "  -r, --rules DIR|FILE     rule files (default $INKPIPE_RULES, ../rules\n"
			    "                           next to the program, " DATADIR "/rules)\n"
			    "      --issue-date DATE    the issue's date: gives years to dates without one\n"
			    "      --doc NAME           document name for text input (default: file name)\n"
			    "      --encoding NAME      the input's charset (default: UTF-8, or GB18030 for a\n"
			    "                           file that is not UTF-8 but reads as GB18030)\n"
			    "      --lines FILE         the lines CSV the paragraphs came from: each entity's\n"
			    "                           OCR line, pixel box and lowest confidence\n"
			    "      --check-rules        run every rule's examples and report failures\n"
			    "      --parse-number       print each input line read as one number, or a blank\n"
			    "  -h, --help               this text\n"
			    "      --version            the program's version\n");
			free(rdir);
			return fshut(stdout, "<stdout>");
		case O_VERSION:
			free(rdir);
			return print_version("ink-extract");
		default:
			usage(stderr);
			free(rdir);
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (parse) {
		free(rdir);
		c = parse_numbers(argc, argv);
		return fshut(stdout, "<stdout>") || c;
	}
	engine_init(en);
	en->issue_y = iy, en->issue_m = im, en->issue_d = id;
	en->profile = getenv("INKPIPE_PROFILE") != NULL;
	nerr = 0;
	if (check && argc) {
		/*
		 * The files checked may use the rules directory's definitions
		 * ({CNT} of 00-defs.rules); its rules stay out, so they cannot
		 * take matches from the rules under test.
		 */
		struct stat st;
		char *d = rdir ? rdir : default_rules();
		if (stat(d, &st) == 0) {
			en->defs_only = 1;
			(void)load_rules_path(en, d);
			en->defs_only = 0;
		}
		if (d != rdir)
			free(d);
		for (i = 0; i < argc; i++)
			nerr += load_rules_path(en, argv[i]);
	} else {
		if (!rdir)
			rdir = default_rules();
		nerr = load_rules_path(en, rdir);
	}
	free(rdir);
	if (check) {
		c = check_examples(en);
		engine_free(en);
		free(e.v);
		return fshut(stdout, "<stdout>") || nerr || c ? 1 : 0;
	}
	if (nerr)
		en->status = 1;
	if (en->nrules == 0) {
		engine_free(en);
		errx(1, "no usable rules");
	}
	if (linespath) {
		const char *lname;
		FILE *lf = openin(linespath, &lname);
		/* without the lines every box would be empty: that is no run to go on with */
		if (!lf || !(lines = ocrchars_load(lf, lname))) {
			engine_free(en);
			errx(1, "%s: no lines to locate entities in", linespath);
		}
		closein(lf);
	}
	for (i = 0; i < argc || (argc == 0 && i == 0); i++)
		extract_file(en, argc ? argv[i] : "-", doc, &e, &hdr);
	if (!hdr)
		print_header(0);
	for (i = 0; en->profile && (size_t)i < en->nrules; i++)
		fprintf(stderr, "%-28s %8.3fs %10lu tries %9lu matches  %s:%lu\n", en->rules[i].id, en->rules[i].secs,
		    en->rules[i].tries, en->rules[i].hits, en->rules[i].file, en->rules[i].line);
	ents_free(&e);
	free(e.v);
	batch_free(en);
	if (held)
		fclose(held);
	free(heldp);
	status = en->status;
	engine_free(en);
	ocrchars_free(lines);
	if (fshut(stdout, "<stdout>"))
		status = 1;
	return status;
}
