#include <err.h>
#include <errno.h>
#include <stdio.h>

#include "inkpipe.h"

int
fshut(FILE *fp, const char *name)
{
	int ret = 0;

	/* a full disk shows up only at the flush: report it, or the user trusts a truncated file */
	if (fflush(fp) == EOF || ferror(fp)) {
		warn("%s: write error", name);
		ret = 1;
	}
	return ret;
}
