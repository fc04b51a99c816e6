#include <stdio.h>
#include <string.h>

#include "inkpipe.h"
#include "stats.h"

const char *const stats_aggname[5] = { "count", "sum", "min", "max", "total" };

static int
isdigits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* precision of a date value (0: not one); an interval counts by its start */
int
stats_dateprec(const char *v, char out[11])
{
	size_t n = strcspn(v, "/");

	if (n == 10 && isdigits(v, 4) && v[4] == '-' && isdigits(v + 5, 2) &&
	    v[7] == '-' && isdigits(v + 8, 2)) {
		memcpy(out, v, 10), out[10] = '\0';
		return 4;
	}
	if (n == 7 && v[0] == '-' && v[1] == '-' && isdigits(v + 2, 2) &&
	    v[4] == '-' && isdigits(v + 5, 2)) {
		memcpy(out, v, 7), out[7] = '\0';
		return 3;
	}
	if (n == 7 && isdigits(v, 4) && v[4] == '-' && isdigits(v + 5, 2)) {
		memcpy(out, v, 7), out[7] = '\0';
		return 2;
	}
	if (n == 4 && isdigits(v, 4)) {
		memcpy(out, v, 4), out[4] = '\0';
		return 1;
	}
	return 0;
}

/*
 * A running total (累计, 截至目前) is a stock, not an event: only the latest
 * one of a place counts, and the places of a group add up.
 */
void
stats_addtotal(struct group *g, const char *place, const char *date, long seq, double v)
{
	struct place *p;
	size_t i;

	for (i = 0; i < g->nplaces && strcmp(g->places[i].name, place); i++)
		;
	if (i == g->nplaces) {
		g->places = xreallocarray(g->places, g->nplaces + 1, sizeof(*g->places));
		p = &g->places[g->nplaces++];
		p->name = xstrdup(place);
	} else {
		p = &g->places[i];
		/* an undated total never replaces a dated one */
		if (strcmp(date, p->date) < 0 || (!strcmp(date, p->date) && seq < p->seq))
			return;
	}
	snprintf(p->date, sizeof(p->date), "%s", date);
	p->seq = seq;
	p->v = v;
}

void
stats_aggval(const struct group *g, int agg, char *out, size_t n)
{
	double t = 0;
	size_t i;

	if (agg == AGG_COUNT)
		snprintf(out, n, "%ld", g->count);
	else if (agg == AGG_TOTAL) {
		if (g->nplaces == 0) {
			out[0] = '\0';
			return;
		}
		for (i = 0; i < g->nplaces; i++)
			t += g->places[i].v;
		snprintf(out, n, "%.15g", t);
	} else if (g->nnum == 0)
		out[0] = '\0';
	else
		snprintf(out, n, "%.15g", agg == AGG_SUM ? g->sum : agg == AGG_MIN ? g->min : g->max);
}
