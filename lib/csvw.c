#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "inkpipe.h"

/* libcsv trims blanks around unquoted fields when reading them back */
int
csv_must_quote(const char *s, size_t n)
{
	size_t i;

	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

void
csv_field(FILE *fp, const char *s, size_t n)
{
	if (csv_must_quote(s, n))
		csv_fwrite(fp, s, n);
	else if (n)
		fwrite(s, 1, n, fp);
}

void
csv_put(FILE *fp, const char *s, size_t n, int last)
{
	csv_field(fp, s, n);
	putc(last ? '\n' : ',', fp);
}

void
csv_puts(FILE *fp, const char *s, int last)
{
	csv_put(fp, s ? s : "", s ? strlen(s) : 0, last);
}

void
csv_putl(FILE *fp, long v, int last)
{
	fprintf(fp, "%ld%c", v, last ? '\n' : ',');
}
