#include <string.h>

#include "inkpipe.h"
#include "records.h"

/*
 * "scans/a.b.png" is document "a.b": only the last extension goes, so
 * every stage names a file's records alike. A leading dot is part of the
 * name (".hidden" stays ".hidden").
 */
char *
docname(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}
