#include <err.h>
#include <stdio.h>
#include <string.h>

#include "inkpipe.h"

FILE *
openin(const char *path, const char **name)
{
	FILE *fp;

	if (!path || !strcmp(path, "-")) {
		*name = "<stdin>";
		return stdin;
	}
	*name = path;
	if (!(fp = fopen(path, "rb")))
		warn("%s", path);
	return fp;
}

void
closein(FILE *fp)
{
	if (fp && fp != stdin)
		fclose(fp);
}
