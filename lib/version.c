#include <stdio.h>

#include "inkpipe.h"

/* one version for the whole suite: the tools are released and used together */
const char inkpipe_version[] = "0.5.0";

int
print_version(const char *prog)
{
	printf("%s (inkpipe) %s\n", prog, inkpipe_version);
	return fshut(stdout, "<stdout>");
}
