/* badusage.c: a usage error: its message, the tool's usage on stderr, exit 2 */
#include <err.h>
#include <stdarg.h>
#include <stdlib.h>

#include "inkpipe.h"

void
badusage(void (*usage)(FILE *), const char *fmt, ...)
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
