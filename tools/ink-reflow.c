/*
 * ink-reflow: OCR lines (plain text or ink-ocr's lines CSV) -> paragraphs
 * and articles.  See ink-reflow.1 and spec/records.md "Stage 2"; the
 * stage itself is lib/reflow/.  This file holds the options.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "inkpipe.h"
#include "reflow/reflow.h"

static void
usage(FILE *fp)
{
	fputs("usage: ink-reflow [--to text|csv] [--doc name] [--encoding name] [file ...]\n", fp);
}

static int
help(void)
{
	usage(stdout);
	fputs("Join OCR lines into paragraphs and articles.\n"
	    "  --to text|csv    output: paragraphs one a line, or the paragraphs CSV\n"
	    "                   (default: text for text input, csv for the lines CSV)\n"
	    "  --doc name       document name for text input (default: the file name)\n"
	    "  --encoding name  the input's charset (default: UTF-8, or GB18030 for a\n"
	    "                   file that is not UTF-8 but reads as GB18030)\n"
	    "  -h, --help       print this help\n"
	    "  --version        print the version\n", stdout);
	return fshut(stdout, "<stdout>");
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "doc", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct reflow r;
	int c, i, rc = 0;

	r.to_csv = -1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!strcmp(optarg, "text"))
				r.to_csv = 0;
			else if (!strcmp(optarg, "csv"))
				r.to_csv = 1;
			else {
				warnx("--to: '%s' is neither text nor csv", optarg);
				usage(stderr);
				return 2;
			}
			break;
		case 'd':
			r.docopt = optarg;
			break;
		case 'e':
			if (encoding_set(optarg) < 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'h':
			return help();
		case 'V':
			return print_version("ink-reflow");
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		rc |= reflow_file(&r, "-");
	for (i = 0; i < argc; i++)
		rc |= reflow_file(&r, argv[i]);
	reflow_free(&r);
	rc |= fshut(stdout, "<stdout>");
	return rc;
}
