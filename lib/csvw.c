#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "inkpipe.h"

void
csv_field(FILE *fp, const char *s, size_t n)
{
	size_t i;
	int quote = 0;

	/* libcsv trims blanks around unquoted fields when reading them back */
	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		quote = 1;
	for (i = 0; !quote && i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') {
			quote = 1;
			break;
		}
	if (quote)
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
