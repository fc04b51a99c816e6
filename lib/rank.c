#include <stdlib.h>

#include "inkpipe.h"

static int
cmpint(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
rank_int(int *v, size_t n, size_t num, size_t den)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmpint);
	return v[n * num / den];
}
