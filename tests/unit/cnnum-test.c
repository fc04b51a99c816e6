/*
 * Driver for lib/cnnum.c, built by tests/t-cnnum.sh.
 *   cnnum-test TABLE   checks every row of TABLE (see tests/unit/cnnum.tsv)
 *   cnnum-test -p      reads one number per line, prints its value or ""
 */
#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "cnnum.h"

static int
same(double a, double b)
{
	/* exact: cnnum promises correctly rounded decimals, and never -0 */
	return a == b && !signbit(a) == !signbit(b);
}

/* \xHH escapes, so that the table can hold invalid UTF-8; in place */
static void
unescape(char *s)
{
	char *d = s;
	unsigned int c;

	while (*s)
		if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &c) == 1) {
			*d++ = (char)c;
			s += 4;
		} else {
			*d++ = *s++;
		}
	*d = '\0';
}

/*
 * Every truncation of s, in a heap block of exactly that size: ASan
 * catches any read past n, and a cut in the middle of a character must
 * not crash or hang.
 */
static void
sweep(const char *s)
{
	size_t n = strlen(s), k, len;
	char *b;
	double v;

	for (k = 0; k <= n; k++) {
		b = xmalloc(k ? k : 1);
		memcpy(b, s, k);
		(void)cn_number(b, k, &v);
		(void)cn_number_prefix(b, k, &v);
		(void)cn_digit(b, k, &len);
		free(b);
	}
}

static int
check(const char *file)
{
	FILE *fp;
	char *line = NULL, *f[4], *p;
	size_t cap = 0, nf, len;
	unsigned long lineno = 0, nbad = 0, nrun = 0;
	ssize_t r;
	double v, want;

	if ((fp = fopen(file, "r")) == NULL)
		err(2, "%s", file);
	while ((r = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[r - 1] == '\n')
			line[--r] = '\0';
		if (r == 0 || line[0] == '#')
			continue;
		for (nf = 0, p = line; nf < 4; nf++) {
			f[nf] = p;
			if ((p = strchr(p, '\t')) == NULL) {
				nf++;
				break;
			}
			*p++ = '\0';
		}
		nrun++;
		if (nf > 1) {
			unescape(f[1]);
			sweep(f[1]);
		}
		if (strcmp(f[0], "n") == 0 && nf == 3) {
			/* n INPUT VALUE|- : the whole input */
			int ok = cn_number(f[1], strlen(f[1]), &v);
			if (strcmp(f[2], "-") == 0) {
				if (ok) {
					printf("%s:%lu: %s: want reject, got %.17g\n", file, lineno, f[1], v);
					nbad++;
				}
			} else {
				want = strtod(f[2], NULL);
				if (!ok || !same(v, want)) {
					printf("%s:%lu: %s: want %s, got %s%.17g\n", file, lineno,
					    f[1], f[2], ok ? "" : "reject ", ok ? v : 0.0);
					nbad++;
				}
			}
		} else if (strcmp(f[0], "p") == 0 && nf == 4) {
			/* p INPUT PREFIX VALUE : the longest number at the front */
			len = cn_number_prefix(f[1], strlen(f[1]), &v);
			if (strcmp(f[2], "-") == 0) {
				if (len) {
					printf("%s:%lu: %s: want no prefix, got %.*s\n", file, lineno,
					    f[1], (int)len, f[1]);
					nbad++;
				}
			} else if (len != strlen(f[2]) || strncmp(f[1], f[2], len) ||
			    !same(v, strtod(f[3], NULL))) {
				printf("%s:%lu: %s: want %s = %s, got %.*s = %.17g\n", file, lineno,
				    f[1], f[2], f[3], (int)len, f[1], len ? v : 0.0);
				nbad++;
			}
		} else if (strcmp(f[0], "d") == 0 && nf == 3) {
			/* d CHAR DIGIT|- : cn_digit of one character, all of it used */
			int d = cn_digit(f[1], strlen(f[1]), &len);
			int wantd = strcmp(f[2], "-") ? atoi(f[2]) : -1;
			if (d != wantd || (d >= 0 && len != strlen(f[1]))) {
				printf("%s:%lu: %s: want digit %s, got %d\n", file, lineno, f[1], f[2], d);
				nbad++;
			}
		} else {
			errx(2, "%s:%lu: bad row", file, lineno);
		}
	}
	free(line);
	fclose(fp);
	printf("%lu cases, %lu failed\n", nrun, nbad);
	return nbad ? 1 : 0;
}

/* the shortest of %.15g..%.17g that reads back as v */
static void
printnum(double v)
{
	char b[64];
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(b, sizeof b, "%.*g", prec, v);
		if (strtod(b, NULL) == v)
			break;
	}
	printf("%.*g\n", prec, v);
}

static int
parse(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t r;
	double v;

	while ((r = getline(&line, &cap, stdin)) >= 0) {
		if (r > 0 && line[r - 1] == '\n')
			r--;
		if (cn_number(line, (size_t)r, &v))
			printnum(v);
		else
			putchar('\n');
	}
	free(line);
	return fshut(stdout, "<stdout>");
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "-p") == 0)
		return parse();
	if (argc != 2)
		errx(2, "usage: cnnum-test table | -p");
	return check(argv[1]);
}
