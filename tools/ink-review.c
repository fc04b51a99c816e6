/*
 * ink-review: entities + lines + page images -> one self-contained HTML
 * page that shows each metric (or every number) beside the crop of the
 * scan it came from, least confident first, so that a reviewer checks the
 * doubtful figures before anyone publishes them.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <libxml/parser.h>

#include "inkpipe.h"
#include "review/review.h"

#define MARGIN	40	/* default pixels of page around the evidence */

static void
usage(FILE *fp)
{
	fputs("usage: ink-review [-a] [-m margin] [-o file] entities lines [image | dir ...]\n", fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("\n"
	    "  entities            entity CSV of ink-extract (- for standard input)\n"
	    "  lines               lines CSV of ink-ocr (- for standard input), or a folder\n"
	    "                      of DOC.lines.csv files (as ink-batch writes them)\n"
	    "  image, dir          page images, or folders holding them, named as ink-ocr\n"
	    "                      names documents (scans/a.png is document a)\n"
	    "  -a, --all           every number (count and ordinal rows too), not only metrics\n"
	    "  -m, --margin N      pixels of page around the evidence (default 40)\n"
	    "  -o, --output FILE   write the page to FILE (default standard output)\n"
	    "  -h, --help          this help\n"
	    "      --version       print the version\n", stdout);
	exit(fshut(stdout, "<stdout>"));
}

/* libxml2's own "I/O error" lines: the error is reported once, by name, at the flush */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* a temporary file beside path, renamed over it only when complete */
static FILE *
openout(const char *path, char **tmp)
{
	struct buf b = { 0 };
	int fd;
	FILE *fp;

	buf_printf(&b, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(b.p)) < 0) {
		warn("%s", path);
		buf_free(&b);
		return NULL;
	}
	/* mkstemp makes it 0600: the page is for sharing, as any file the user makes */
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) < 0 || !(fp = fdopen(fd, "w"))) {
		warn("%s", path);
		close(fd);
		unlink(b.p);
		buf_free(&b);
		return NULL;
	}
	*tmp = b.p;
	return fp;
}

int
main(int argc, char *argv[])
{
	static const struct option lopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "margin", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct htmlinfo hi = { .margin = MARGIN };
	struct linetab lt = { 0 };
	struct entries es = { 0 };
	struct imgindex *ix;
	const char *outpath = NULL, *ename, *lname;
	char *tmp = NULL, *end;
	FILE *efp, *spool, *out;
	int c, rc = 0;
	long v;

	while ((c = getopt_long(argc, argv, "ahm:o:", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': hi.all = 1; break;
		case 'h': help(); break;
		case 'm':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno || v > 10000)
				badusage(usage, "--margin wants pixels from 0 to 10000, not %s", optarg);
			hi.margin = (int)v;
			break;
		case 'o': outpath = optarg; break;
		case 'V': return print_version("ink-review");
		default: badusage(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		badusage(usage, "want the entities and the lines CSV");
	if (!strcmp(argv[0], "-") && !strcmp(argv[1], "-"))
		badusage(usage, "only one of entities and lines can be standard input");
	/* our own messages name the file and page; Leptonica's would only repeat them */
	setMsgSeverity(L_SEVERITY_NONE);
	LIBXML_TEST_VERSION
	xmlSetGenericErrorFunc(NULL, quiet);

	lname = strcmp(argv[1], "-") ? argv[1] : "<stdin>";
	if (linetab_load(&lt, argv[1]) < 0) {
		linetab_free(&lt);
		return 1;
	}
	if (!(efp = openin(argv[0], &ename))) {
		linetab_free(&lt);
		return 1;
	}
	if (entries_read(&es, efp, ename, hi.all) < 0) {
		closein(efp);
		entries_free(&es);
		linetab_free(&lt);
		return 1;
	}
	closein(efp);
	hi.ename = ename;
	hi.lname = lname;

	ix = imgindex_new();
	for (int i = 2; i < argc; i++)
		if (imgindex_add(ix, argv[i]) < 0)
			rc = 1;
	entries_resolve(&es, &lt, ename, lname);
	if (!(spool = tmpfile()))
		err(1, "temporary file");
	if (es.nbad || lt.nbad)
		rc = 1;
	if (crops_make(&es, ix, hi.margin, spool, ename))
		rc = 1;
	entries_sort_conf(&es);

	if (outpath) {
		if (!(out = openout(outpath, &tmp)))
			rc = 1;
	} else
		out = stdout;
	if (out) {
		const char *oname = outpath ? outpath : "<stdout>";
		int bad = html_write(out, &es, spool, &hi) < 0, ioerr;

		/* a write error shows at the flush at the latest, with its reason */
		bad |= ioerr = fshut(out, oname);
		if (outpath) {
			if (fclose(out) != 0 && !ioerr)
				warn("%s", outpath), bad = ioerr = 1;
			if (!bad && rename(tmp, outpath) < 0)
				warn("%s", outpath), bad = ioerr = 1;
			if (bad)
				unlink(tmp);
		}
		if (bad && !ioerr)
			warnx("%s: cannot write the page", oname);
		rc |= bad;
	}
	free(tmp);
	fclose(spool);
	imgindex_free(ix);
	entries_free(&es);
	linetab_free(&lt);
	xmlCleanupParser();
	return rc;
}
