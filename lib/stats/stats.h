/*
 * lib/stats: ink-stats' groups, aggregates and chart. The tool keeps the
 * options, the reading and the grouping; this holds what a group is.
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>

enum { AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_TOTAL };
extern const char *const stats_aggname[5];

/* the latest running total (scope total) of one place in a group */
struct place {
	char *name;		/* the street, else the document */
	char date[11];		/* the article's date, YYYY-MM-DD or coarser; "" unknown */
	long seq;		/* input order, for equal dates */
	double v;
};

struct group {
	char **keys;
	size_t hash;
	long count, nnum;	/* rows; rows summed (new or unknown scope) */
	double sum, min, max;
	struct place *places;
	size_t nplaces;
	struct group *next;
};

/* agg.c */
int stats_dateprec(const char *v, char out[11]);	/* 0 not a date; 1 year .. 4 day */
void stats_aggval(const struct group *g, int agg, char *out, size_t n);
void stats_addtotal(struct group *g, const char *place, const char *date, long seq, double v);

/* plot.c: the first aggregate over the month, year or date key, by gnuplot */
struct plotopt {
	const char *path;	/* .svg or .png */
	const char *title, *xlabel, *ylabel, *unit;	/* NULL: worked out */
	int bars;		/* clustered bars, not lines */
	int agg;
	char **keynames;
	size_t nkeys;
	char **subjects;	/* --subject, for the default title */
	size_t nsubjects;
};
int stats_plot(const struct plotopt *o, struct group **g, size_t ng);

#endif
