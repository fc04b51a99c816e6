/*
 * The chart of ink-stats: the first aggregate over time, one series per
 * value of the other key columns, drawn by gnuplot into a temporary file
 * that is renamed when complete.
 */
#include <err.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inkpipe.h"
#include "stats.h"

/* gnuplot strings in single quotes take no escapes but '' */
static void
gpstr(FILE *fp, const char *s)
{
	putc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', fp);
		if (*s != '\n' && *s != '\r')
			putc(*s, fp);
	}
	putc('\'', fp);
}

/* month as a count of months, year as itself */
static long
xval(const char *d, int want)
{
	return want == 2 ? atol(d) * 12 + atol(d + 5) - 1 : atol(d);
}

/*
 * Series colours: a qualitative palette first, then hues a golden angle
 * apart, darker on every other turn: no two series share a colour however
 * many there are (gnuplot's own cycle repeats after 8).
 */
static void
colour(size_t s, char out[8])
{
	static const char *pal[] = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
		"#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f" };
	double h, v, f, p, q, t, r, g, b;
	int i;

	if (s < LEN(pal)) {
		memcpy(out, pal[s], 8);
		return;
	}
	h = fmod((double)(s - LEN(pal)) * 0.618033988749895 + 0.05, 1.0) * 6;
	v = (s / 7) % 2 ? 0.55 : 0.8;
	i = (int)h, f = h - i;
	p = v * 0.25, q = v * (1 - 0.75 * f), t = v * (1 - 0.75 * (1 - f));
	switch (i % 6) {
	case 0: r = v, g = t, b = p; break;
	case 1: r = q, g = v, b = p; break;
	case 2: r = p, g = v, b = t; break;
	case 3: r = p, g = q, b = v; break;
	case 4: r = t, g = p, b = v; break;
	default: r = v, g = p, b = q; break;
	}
	snprintf(out, 8, "#%02x%02x%02x", (int)(r * 255), (int)(g * 255), (int)(b * 255));
}

/* the plot commands: titles, labels and the x axis */
static void
setup(FILE *gp, const struct plotopt *o, const char *tmp, size_t tk, int want,
    struct group **g, size_t ng)
{
	struct buf s = { 0 };
	long x, xmin = LONG_MAX, xmax = LONG_MIN, step;
	const char *ext = strrchr(o->path, '.');
	char d[11];
	size_t i;

	if (!strcasecmp(ext, ".svg"))
		fputs("set terminal svg size 960,540 dynamic noenhanced "
		    "font 'Noto Sans CJK SC,13' background rgb 'white'\n", gp);
	else
		fputs("set terminal pngcairo size 1200,675 noenhanced "
		    "font 'Noto Sans CJK SC,12'\n", gp);
	fputs("set output ", gp), gpstr(gp, tmp), putc('\n', gp);
	if (o->title)
		buf_adds(&s, o->title);
	else {
		buf_printf(&s, "%s", stats_aggname[o->agg]);
		for (i = 0; i < o->nsubjects; i++)
			buf_printf(&s, "%s%s", i ? ", " : " of ", o->subjects[i]);
		buf_printf(&s, " by %s", o->keynames[tk]);
	}
	fputs("set title ", gp), gpstr(gp, s.p), putc('\n', gp);
	fputs("set xlabel ", gp), gpstr(gp, o->xlabel ? o->xlabel : o->keynames[tk]), putc('\n', gp);
	buf_reset(&s);
	buf_adds(&s, o->ylabel ? o->ylabel : stats_aggname[o->agg]);
	if (o->unit && *o->unit && o->agg != AGG_COUNT)
		buf_printf(&s, " (%s)", o->unit);
	fputs("set ylabel ", gp), gpstr(gp, s.p), putc('\n', gp);
	/*
	 * Months and years are placed by their number, one labelled tic each,
	 * so a label sits under its point; gnuplot's time tics would put
	 * month labels at arbitrary seconds between the points.
	 */
	for (i = 0; i < ng; i++)
		if (stats_dateprec(g[i]->keys[tk], d) == want && want != 4) {
			x = xval(d, want);
			xmin = xmin < x ? xmin : x;
			xmax = xmax > x ? xmax : x;
		}
	if (want == 4)
		fputs("set xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y-%m-%d'\n"
		    "set offsets graph 0.05, graph 0.05, graph 0.1, 0\n", gp);
	else if (xmin <= xmax) {
		step = (xmax - xmin) / 24 + 1;
		fprintf(gp, "set xrange [%ld:%ld]\nset xtics (", xmin - 1, xmax + 1);
		for (x = xmin; x <= xmax; x += step) {
			if (want == 2)
				fprintf(gp, "%s'%04ld-%02ld' %ld", x > xmin ? ", " : "",
				    x / 12, x % 12 + 1, x);
			else
				fprintf(gp, "%s'%ld' %ld", x > xmin ? ", " : "", x, x);
		}
		fputs(")\nset offsets 0, 0, graph 0.1, 0\n", gp);
	}
	fputs("set grid\nset key outside right top\nset yrange [0:*]\n"
	    "set xtics rotate by -45\n", gp);
	if (o->bars)
		fputs("set style fill solid 0.85 border -1\n", gp);
	buf_free(&s);
}

int
stats_plot(const struct plotopt *o, struct group **g, size_t ng)
{
	struct buf tmp = { 0 }, series = { 0 };
	size_t tk = SIZE_MAX, i, j, s, nser = 0, skipped = 0, *idx, *pts, nshown;
	const char *slash;
	char val[64], d[11], col[8], **ser;
	long x, prev;
	double w = 0.8, off;
	FILE *gp;
	int st, fd, want;
	mode_t mode;
	void (*osig)(int);

	for (i = 0; i < o->nkeys && tk == SIZE_MAX; i++)
		if (!strcmp(o->keynames[i], "month") || !strcmp(o->keynames[i], "year") ||
		    !strcmp(o->keynames[i], "date"))
			tk = i;
	if (tk == SIZE_MAX) {
		warnx("--plot needs a month, year or date column in --by");
		return 1;
	}
	want = !strcmp(o->keynames[tk], "month") ? 2 : !strcmp(o->keynames[tk], "year") ? 1 : 4;
	slash = strrchr(o->path, '/');
	if (slash)
		buf_add(&tmp, o->path, (size_t)(slash - o->path + 1));
	buf_adds(&tmp, ".ink-stats.XXXXXX");
	if ((fd = mkstemp(tmp.p)) < 0) {
		warn("%s", tmp.p);
		buf_free(&tmp);
		return 1;
	}
	/* mkstemp makes 0600; the chart is for sharing like any other output */
	mode = umask(0);
	umask(mode);
	if (fchmod(fd, 0666 & ~mode) < 0)
		warn("%s", tmp.p);
	close(fd);
	fflush(NULL);
	/* a gnuplot that is missing or dies must not take us down by SIGPIPE */
	osig = signal(SIGPIPE, SIG_IGN);
	if (!(gp = popen("gnuplot", "w"))) {
		warn("gnuplot");
		signal(SIGPIPE, osig);
		unlink(tmp.p);
		buf_free(&tmp);
		return 1;
	}
	setup(gp, o, tmp.p, tk, want, g, ng);
	/* one data block per series: the values of the other key columns */
	ser = xcalloc(ng ? ng : 1, sizeof(*ser));
	pts = xcalloc(ng ? ng : 1, sizeof(*pts));
	idx = xcalloc(ng ? ng : 1, sizeof(*idx));
	for (i = 0; i < ng; i++) {
		buf_reset(&series);
		buf_adds(&series, "");
		for (j = 0; j < o->nkeys; j++)
			if (j != tk)
				buf_printf(&series, "%s%s", series.len ? " / " : "", g[i]->keys[j]);
		for (j = 0; j < nser && strcmp(ser[j], series.p); j++)
			;
		if (j == nser)
			ser[nser++] = xstrdup(series.p);
		idx[i] = j;
	}
	for (s = 0; s < nser; s++) {
		fprintf(gp, "$d%zu << EOD\n", s);
		prev = LONG_MIN;
		for (i = 0; i < ng; i++) {
			if (idx[i] != s)
				continue;
			if (stats_dateprec(g[i]->keys[tk], d) != want) {
				skipped++;
				continue;
			}
			stats_aggval(g[i], o->agg, val, sizeof(val));
			if (want == 4)
				fprintf(gp, "%s %s\n", d, *val ? val : "NaN");
			else {
				/*
				 * The groups come sorted, so a series' months
				 * ascend: a month without data is a gap, and a
				 * blank line is where gnuplot lifts the pen.
				 */
				x = xval(d, want);
				if (prev != LONG_MIN && x > prev + 1)
					putc('\n', gp);
				fprintf(gp, "%ld %s\n", x, *val ? val : "NaN");
				prev = x;
			}
			pts[s]++;
		}
		fputs("EOD\n", gp);
	}
	for (s = 0, nshown = 0; s < nser; s++)
		nshown += pts[s] > 0;
	if (o->bars && nshown > 0) {
		w = 0.8 / (double)nshown;
		if (want == 4)
			fprintf(gp, "set boxwidth %g absolute\n", w * 86400);
		else
			fprintf(gp, "set boxwidth %g absolute\n", w);
	}
	/* a series with no dated group would only make gnuplot warn */
	fputs("plot ", gp);
	for (s = 0, i = 0; s < nser; s++) {
		if (!pts[s])
			continue;
		colour(i, col);
		off = ((double)i - ((double)nshown - 1) / 2) * w;
		if (!o->bars)
			fprintf(gp, "%s$d%zu using 1:2 with linespoints lw 2 pt %zu lc rgb '%s' title ",
			    i ? ", " : "", s, 5 + 2 * (i % 4), col);
		else if (want == 4)
			fprintf(gp, "%s$d%zu using (timecolumn(1, '%%Y-%%m-%%d') + %g):2 with boxes "
			    "lc rgb '%s' title ", i ? ", " : "", s, off * 86400, col);
		else
			fprintf(gp, "%s$d%zu using ($1 + %g):2 with boxes lc rgb '%s' title ",
			    i ? ", " : "", s, off, col);
		gpstr(gp, *ser[s] ? ser[s] : stats_aggname[o->agg]);
		i++;
	}
	if (i == 0)
		fputs("NaN notitle", gp);
	fputs("\nset output\n", gp);
	st = pclose(gp);
	signal(SIGPIPE, osig);
	if (skipped)
		warnx("%s: %zu group(s) without a known %s left out of the chart",
		    o->path, skipped, o->keynames[tk]);
	if (st != 0) {
		warnx("%s: gnuplot failed (status %d)", o->path,
		    WIFEXITED(st) ? WEXITSTATUS(st) : st);
		unlink(tmp.p);
	} else if (rename(tmp.p, o->path) < 0) {
		warn("%s", o->path);
		unlink(tmp.p);
		st = 1;
	}
	for (s = 0; s < nser; s++)
		free(ser[s]);
	free(ser);
	free(idx);
	free(pts);
	buf_free(&tmp);
	buf_free(&series);
	return st != 0;
}
