/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * plot.c - figures: data files and one gnuplot script per output directory,
 * run under a time limit.
 *
 * Everything goes into the output directory: data/<figure>-<n>.dat,
 * figures.gp (runs in the directory, so it names files relatively and can be
 * rerun by hand to restyle a figure), gnuplot.log, and <figure>.png/.svg.
 * Strings from the report reach gnuplot only inside single-quoted strings
 * (which gnuplot does not interpret, except '' for ') and with enhanced text
 * off, so a label cannot inject commands or markup.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report.h"

/* Display bins of the log-log histogram: per decade of latency. */
#define HIST_BINS_PER_DECADE 20
/* Caps that keep the script bounded for reports with very many events. */
#define MAX_EVENT_MARKS	 200
#define MAX_EVENT_LABELS 40
#define MAX_SERIES	 16

static const char *const series_colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
					    "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

static const char *color(size_t i)
{
	return series_colors[i % (sizeof(series_colors) / sizeof(series_colors[0]))];
}

/* A gnuplot single-quoted string from any text. */
static void gp_str(FILE *gp, const char *s)
{
	fputc('\'', gp);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'')
			fputs("''", gp);
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', gp);
		else
			fputc(c, gp);
	}
	fputc('\'', gp);
}

static int fig_add(struct rb_figset *set, const char *name, const char *title)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 16;
		struct rb_fig *f = realloc(set->fig, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		set->fig = f;
		set->cap = cap;
	}
	snprintf(set->fig[set->n].name, sizeof(set->fig[0].name), "%s", name);
	snprintf(set->fig[set->n].title, sizeof(set->fig[0].title), "%s", title);
	set->n++;
	return 0;
}

void rb_figset_free(struct rb_figset *set)
{
	free(set->fig);
	memset(set, 0, sizeof(*set));
}

static FILE *dat_open(const struct rb_plot_opts *o, const char *fig, size_t k, char *rel,
		      size_t rlen)
{
	char path[4096];

	snprintf(rel, rlen, "data/%s-%zu.dat", fig, k);
	snprintf(path, sizeof(path), "%s/%s", o->dir, rel);
	return fopen(path, "w");
}

static int dat_close(FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) == EOF || bad)
		return -EIO;
	return 0;
}

/*
 * Log-log histogram data: the report's buckets summed into display bins of
 * equal width on a log axis, written as stairs ("lo count" and "hi count"),
 * a blank line where bins are empty so gnuplot breaks the line there.
 */
static int write_hist(FILE *f, const struct rb_lhist *h, bool *any)
{
	long cur = LONG_MIN, prev = LONG_MIN;
	uint64_t acc = 0;
	size_t i;

	fputs("# bin_low_us bin_high_us samples\n", f);
	for (i = 0; i <= h->n; i++) {
		long bin = LONG_MIN;

		if (i < h->n) {
			double mid = ((double)h->b[i].low_ns + (double)h->b[i].high_ns) / 2.0;

			bin = (long)floor(log10(mid < 1 ? 1 : mid) * HIST_BINS_PER_DECADE);
		}
		if (bin != cur && acc) {
			double lo = pow(10, (double)cur / HIST_BINS_PER_DECADE) / 1000.0;
			double hi = pow(10, (double)(cur + 1) / HIST_BINS_PER_DECADE) / 1000.0;

			if (prev != LONG_MIN && prev + 1 != cur)
				fputc('\n', f);
			fprintf(f, "%.6g %" PRIu64 "\n%.6g %" PRIu64 "\n", lo, acc, hi, acc);
			prev = cur;
			*any = true;
			acc = 0;
		}
		if (i < h->n) {
			cur = bin;
			acc += h->b[i].count;
		}
	}
	return 0;
}

static int write_cdf(FILE *f, const struct rb_lhist *h, bool *any)
{
	uint64_t total = rb_lhist_total(h), cum = 0;
	size_t i;

	if (!total)
		return 0;
	fputs("# latency_us cumulative_fraction\n", f);
	if (h->n)
		fprintf(f, "%.6g 0\n", (double)(h->b[0].low_ns ? h->b[0].low_ns : 1) / 1000.0);
	for (i = 0; i < h->n; i++) {
		cum += h->b[i].count;
		fprintf(f, "%.6g %.12g\n", (double)h->b[i].high_ns / 1000.0,
			(double)cum / (double)total);
	}
	if (h->overflow && h->have_max)
		fprintf(f, "%.6g 1\n", (double)h->max_ns / 1000.0);
	*any = true;
	return 0;
}

struct spec_ctx {
	FILE *f;
	double max_x;
	bool any;
};

static void spec_point(void *ctx, uint64_t value_ns, double percentile, uint64_t total, bool last)
{
	struct spec_ctx *c = ctx;
	double x;

	(void)total;
	if (last)
		return;
	x = 1.0 / (1.0 - percentile / 100.0);
	fprintf(c->f, "%.9g %.12g %.6g\n", x, percentile, (double)value_ns / 1000.0);
	if (x > c->max_x)
		c->max_x = x;
	c->any = true;
}

/*
 * x tics 0 %, 90 %, 99 %, ... up to the first power of ten past max_x. Tic
 * labels are gnuplot format strings, hence "%%" for a percent sign.
 */
static void spectrum_axis(FILE *gp, double max_x)
{
	int k, top = (int)ceil(log10(max_x > 10 ? max_x : 10));

	if (top > 12)
		top = 12;
	fputs("set logscale x\nset xtics (", gp);
	for (k = 0; k <= top; k++) {
		char lab[32];

		if (k == 0)
			snprintf(lab, sizeof(lab), "0%%%%");
		else
			snprintf(lab, sizeof(lab), "%.*f%%%%", k > 2 ? k - 2 : 0,
				 100.0 - 100.0 / pow(10, k));
		fprintf(gp, "%s'%s' %.0f", k ? ", " : "", lab, pow(10, k));
	}
	fprintf(gp, ")\nset xrange [1:%.0f]\n", pow(10, top));
	fputs("set xlabel 'percentile (x axis: 1/(1-p), log scale)'\n", gp);
}

static void gp_begin(FILE *gp, const struct rb_plot_opts *o, const char *name, const char *title)
{
	fputs("\nreset\nset encoding utf8\nset grid\nset key noenhanced top left box opaque\n", gp);
	fputs("set termoption noenhanced\n", gp);
	fprintf(gp, "set title ");
	gp_str(gp, title);
	fputs(" noenhanced\n", gp);
	if (o->png)
		fprintf(gp,
			"set terminal pngcairo size 960,560 font 'DejaVu Sans,10' noenhanced\n"
			"set output '%s.png'\n",
			name);
	else
		fprintf(gp,
			"set terminal svg size 960,560 font 'DejaVu Sans,10' noenhanced background "
			"'#ffffff'\n"
			"set output '%s.svg'\n",
			name);
}

static void gp_end(FILE *gp, const struct rb_plot_opts *o, const char *name)
{
	if (o->png && o->svg)
		fprintf(gp,
			"set terminal svg size 960,560 font 'DejaVu Sans,10' noenhanced background "
			"'#ffffff'\n"
			"set output '%s.svg'\nreplot\n",
			name);
	fputs("unset output\n", gp);
}

/* One latency distribution to draw, with its legend entry. */
struct series {
	const char *title;
	struct rb_lhist h;
};

enum dist_kind { DIST_HIST, DIST_SPECTRUM, DIST_CDF };

static int plot_dist(FILE *gp, const struct rb_plot_opts *o, struct rb_figset *set,
		     const char *name, const char *title, enum dist_kind kind, struct series *s,
		     size_t ns)
{
	char rel[MAX_SERIES][96];
	bool used[MAX_SERIES] = {false};
	double max_x = 10;
	size_t k, nused = 0;
	int ret;

	for (k = 0; k < ns && k < MAX_SERIES; k++) {
		FILE *f = dat_open(o, name, k, rel[k], sizeof(rel[k]));
		struct spec_ctx sc = {f, 1, false};

		if (!f)
			return -errno;
		if (kind == DIST_HIST) {
			write_hist(f, &s[k].h, &used[k]);
		} else if (kind == DIST_CDF) {
			write_cdf(f, &s[k].h, &used[k]);
		} else {
			fputs("# one_over_1_minus_p percentile latency_us\n", f);
			rb_lhist_percentiles(&s[k].h, 5, spec_point, &sc);
			used[k] = sc.any;
			if (sc.max_x > max_x)
				max_x = sc.max_x;
		}
		ret = dat_close(f);
		if (ret)
			return ret;
		nused += used[k];
	}
	if (!nused)
		return 0; /* no samples: no figure */
	gp_begin(gp, o, name, title);
	switch (kind) {
	case DIST_HIST:
		fputs("set logscale xy\nset xlabel 'round-trip latency (us)'\n"
		      "set ylabel 'samples per bin (20 bins per decade)'\nset key top right\n"
		      /* Below 1 so that bins of a single sample stand off the axis. */
		      "set yrange [0.6:*]\n",
		      gp);
		break;
	case DIST_CDF:
		fputs("set logscale x\nset xlabel 'round-trip latency (us)'\n"
		      "set ylabel 'fraction of samples at or below'\nset yrange [0:1.02]\n"
		      "set key bottom right\n",
		      gp);
		break;
	case DIST_SPECTRUM:
		spectrum_axis(gp, max_x);
		fputs("set ylabel 'round-trip latency (us)'\nset yrange [0:*]\n", gp);
		break;
	}
	fputs("plot ", gp);
	for (k = 0, nused = 0; k < ns && k < MAX_SERIES; k++) {
		if (!used[k])
			continue;
		fprintf(gp, "%s'%s' using %s with %s lw 2 lc rgb '%s' title ",
			nused++ ? ", \\\n     " : "", rel[k], kind == DIST_SPECTRUM ? "1:3" : "1:2",
			kind == DIST_CDF ? "steps" : "lines", color(k));
		gp_str(gp, s[k].title);
	}
	fputc('\n', gp);
	gp_end(gp, o, name);
	return fig_add(set, name, title);
}

/* Does this event belong on endpoint ep's timeline? Kernel events belong to all. */
static bool event_for(json_t *ev, int ep)
{
	long long id;

	if (ep == RB_RPT_TOTAL || !rb_j_int(ev, "endpoint", &id))
		return true;
	return id == ep;
}

static void mark_events(FILE *gp, json_t *events, int ep)
{
	size_t i, marks = 0, labels = 0;
	json_t *ev;

	json_array_foreach(events, i, ev)
	{
		const char *type = rb_j_str(ev, "type"), *what;
		double t, a, b;

		if (marks >= MAX_EVENT_MARKS)
			break;
		if (!type || !event_for(ev, ep))
			continue;
		if (!strcmp(type, "stall") && rb_j_num(ev, "start_s", &a) &&
		    rb_j_num(ev, "end_s", &b)) {
			fprintf(gp,
				"set object rect from first %.9g, graph 0 to first %.9g, graph 1 "
				"fc rgb '#ff7f0e' fs transparent solid 0.25 noborder behind\n",
				a, b > a ? b : a);
			marks++;
			continue;
		}
		if (!rb_j_num(ev, "t_s", &t))
			continue;
		fprintf(gp,
			"set arrow from first %.9g, graph 0 to first %.9g, graph 1 nohead "
			"lc rgb '%s' dt 2 lw 1.5 front\n",
			t, t, !strcmp(type, "kernel") ? "#d62728" : "#7f7f7f");
		marks++;
		what = rb_j_str(ev, "class");
		if (!what)
			what = type;
		if (labels < MAX_EVENT_LABELS) {
			fputs("set label ", gp);
			gp_str(gp, what);
			fprintf(gp,
				" at first %.9g, graph 0.97 rotate by 90 right offset -0.6,0 "
				"font ',8' tc rgb '#d62728' front noenhanced\n",
				t);
			labels++;
		}
	}
}

/* The interval object of endpoint ep (or the total) inside interval iv. */
static json_t *interval_part(json_t *iv, int ep)
{
	json_t *e;
	size_t i;

	if (ep == RB_RPT_TOTAL)
		return rb_j_obj(iv, "total");
	json_array_foreach(rb_j_arr(iv, "endpoints"), i, e)
	{
		long long id;

		if (rb_j_int(e, "id", &id) && id == ep)
			return json_is_object(e) ? e : NULL;
	}
	return NULL;
}

static void dat_us(FILE *f, json_t *obj, const char *path)
{
	long long v;

	/* Zero or missing cannot go on a log axis: leave a gap. */
	if (rb_j_int(obj, path, &v) && v > 0)
		fprintf(f, " %.6g", (double)v / 1000.0);
	else
		fputs(" NaN", f);
}

/* The time span a timeline must show: every interval and every marked event. */
struct span {
	double lo, hi;
	bool set;
};

static void span_add(struct span *s, double t)
{
	if (!s->set || t < s->lo)
		s->lo = t;
	if (!s->set || t > s->hi)
		s->hi = t;
	s->set = true;
}

static void span_events(struct span *s, json_t *events, int ep)
{
	json_t *ev;
	size_t i;

	json_array_foreach(events, i, ev)
	{
		double t;

		if (i >= MAX_EVENT_MARKS || !event_for(ev, ep))
			continue;
		if (rb_j_num(ev, "t_s", &t))
			span_add(s, t);
		if (rb_j_num(ev, "start_s", &t))
			span_add(s, t);
		if (rb_j_num(ev, "end_s", &t))
			span_add(s, t);
	}
}

/* Write the timeline data of one report; true when it has at least one interval. */
static int write_timeline(FILE *f, const struct rb_rpt *r, int ep, bool *any, double *max_rate,
			  struct span *span)
{
	json_t *iv;
	size_t i;

	fputs("# t_end_s p50_us p99_us max_us msgs_per_s\n", f);
	json_array_foreach(rb_j_arr(r->root, "intervals"), i, iv)
	{
		json_t *e = interval_part(iv, ep);
		double t, rate;

		if (!e || !rb_j_num(iv, "t_end_s", &t))
			continue;
		span_add(span, t);
		/* A start after the end is a writer's error: draw the rest, not 2^64 ns. */
		if (rb_j_num(iv, "t_start_s", &rate) && rate <= t)
			span_add(span, rate);
		fprintf(f, "%.9g", t);
		dat_us(f, e, "p50_ns");
		dat_us(f, e, "p99_ns");
		dat_us(f, e, "max_ns");
		if (rb_j_num(e, "msgs_per_s", &rate)) {
			fprintf(f, " %.9g\n", rate);
			if (rate > *max_rate)
				*max_rate = rate;
		} else
			fputs(" NaN\n", f);
		*any = true;
	}
	return 0;
}

static int plot_timeline(FILE *gp, const struct rb_plot_opts *o, struct rb_figset *set,
			 const char *name, const char *title, struct rb_rpt *const *r, size_t nr,
			 int ep)
{
	char rel[MAX_SERIES][96];
	bool used[MAX_SERIES] = {false};
	size_t k, nused = 0;
	struct span span = {0};
	double max_rate = 0;
	int ret;

	for (k = 0; k < nr && k < MAX_SERIES; k++) {
		FILE *f = dat_open(o, name, k, rel[k], sizeof(rel[k]));

		if (!f)
			return -errno;
		write_timeline(f, r[k], ep, &used[k], &max_rate, &span);
		ret = dat_close(f);
		if (ret)
			return ret;
		nused += used[k];
	}
	if (!nused)
		return 0;
	gp_begin(gp, o, name, title);
	fputs("set logscale y\nset xlabel 'time since the first message (s)'\n"
	      "set ylabel 'round-trip latency per interval (us)'\n"
	      "set ytics nomirror\nset key below horizontal\nset bmargin 6\n",
	      gp);
	/* Head room so a steady throughput line is not hidden under the frame. */
	if (nr == 1)
		fprintf(gp,
			"set y2label 'throughput (messages/s)'\nset y2tics\nset y2range [0:%.6g]\n",
			max_rate > 0 ? max_rate * 1.25 : 1.0);
	if (nr == 1) {
		mark_events(gp, rb_j_arr(r[0]->root, "events"), ep);
		span_events(&span, rb_j_arr(r[0]->root, "events"), ep);
	}
	/* Events before the first interval ends must be inside the frame too. */
	if (span.set && span.hi > span.lo)
		fprintf(gp, "set xrange [%.9g:%.9g]\n", span.lo - 0.02 * (span.hi - span.lo),
			span.hi + 0.02 * (span.hi - span.lo));
	fputs("plot ", gp);
	for (k = 0, nused = 0; k < nr && k < MAX_SERIES; k++) {
		const char *sep;

		if (!used[k])
			continue;
		sep = nused++ ? ", \\\n     " : "";
		/* x is each interval's end: fsteps holds a rate over the interval it ends. */
		if (nr == 1) {
			fprintf(gp,
				"%s'%s' using 1:2 with linespoints pt 7 ps 0.5 lw 2 lc rgb "
				"'#1f77b4' title 'p50', \\\n"
				"     '%s' using 1:3 with linespoints pt 7 ps 0.5 lw 2 lc rgb "
				"'#ff7f0e' title 'p99', \\\n"
				"     '%s' using 1:4 with linespoints pt 7 ps 0.5 lw 2 lc rgb "
				"'#d62728' title 'max', \\\n"
				"     '%s' using 1:5 axes x1y2 with fsteps lw 1 lc rgb '#2ca02c' "
				"title 'messages/s'",
				sep, rel[k], rel[k], rel[k], rel[k]);
		} else {
			fprintf(gp,
				"%s'%s' using 1:3 with linespoints pt 7 ps 0.5 lw 2 lc rgb '%s' "
				"title ",
				sep, rel[k], color(k));
			gp_str(gp, r[k]->label);
			fputs(" . ' p99'", gp);
			fprintf(gp,
				", \\\n     '%s' using 1:2 with lines dt 3 lw 2 lc rgb '%s' title ",
				rel[k], color(k));
			gp_str(gp, r[k]->label);
			fputs(" . ' p50'", gp);
		}
	}
	fputc('\n', gp);
	gp_end(gp, o, name);
	return fig_add(set, name, title);
}

/* Columns of a "latency against x" data file. */
static void point_row(FILE *f, double x, json_t *lat, const double *lv, size_t nlv)
{
	size_t k;

	fprintf(f, "%.9g", x);
	dat_us(f, lat, "min_ns");
	for (k = 0; k < nlv; k++) {
		long long v;

		if (rb_rpt_pct(lat, lv[k], &v) && v > 0)
			fprintf(f, " %.6g", (double)v / 1000.0);
		else
			fputs(" NaN", f);
	}
	dat_us(f, lat, "max_ns");
	fputc('\n', f);
}

/* Latency against size (by_size) of one report, or against x across reports. */
static int plot_against(FILE *gp, const struct rb_plot_opts *o, struct rb_figset *set,
			const char *name, const char *title, const char *xlabel, const double *x,
			json_t *const *lat, size_t n, const double *lv, size_t nlv, bool logx)
{
	char rel[96];
	size_t k, *order;
	FILE *f;
	int ret;

	if (n < 2)
		return 0;
	order = calloc(n, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (k = 0; k < n; k++)
		order[k] = k;
	/* Few points: an insertion sort by x keeps the lines monotonic in x. */
	for (k = 1; k < n; k++) {
		size_t j = k, t = order[k];

		while (j > 0 && x[order[j - 1]] > x[t]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = t;
	}
	f = dat_open(o, name, 0, rel, sizeof(rel));
	if (!f) {
		free(order);
		return -errno;
	}
	fputs("# x min_us", f);
	for (k = 0; k < nlv; k++)
		fprintf(f, " p%g_us", lv[k]);
	fputs(" max_us\n", f);
	for (k = 0; k < n; k++)
		point_row(f, x[order[k]], lat[order[k]], lv, nlv);
	free(order);
	ret = dat_close(f);
	if (ret)
		return ret;
	gp_begin(gp, o, name, title);
	fprintf(gp,
		"set logscale y\n%sset xlabel '%s'\nset ylabel 'round-trip latency (us)'\n"
		"set key below horizontal\nset bmargin 6\nset offsets graph 0.04, graph 0.04, 0, "
		"0\n",
		logx ? "set logscale x 2\n" : "", xlabel);
	fprintf(gp, "plot '%s' using 1:2 with linespoints pt 7 lw 2 lc rgb '#7f7f7f' title 'min'",
		rel);
	for (k = 0; k < nlv; k++)
		fprintf(gp,
			", \\\n     '%s' using 1:%zu with linespoints pt 7 lw 2 lc rgb '%s' title "
			"'p%g'",
			rel, k + 3, color(k), lv[k]);
	fprintf(gp,
		", \\\n     '%s' using 1:%zu with linespoints pt 7 lw 2 dt 2 lc rgb '#000000' "
		"title 'max'\n",
		rel, nlv + 3);
	gp_end(gp, o, name);
	return fig_add(set, name, title);
}

static int plot_by_size(FILE *gp, const struct rb_plot_opts *o, struct rb_figset *set,
			const struct rb_rpt *r, int ep, const char *epname)
{
	json_t *bs = rb_j_arr(rb_rpt_results(r, ep), "by_size"), *v, **lat;
	double lv[16], *x;
	size_t i, n = 0, nlv = rb_rpt_levels(r, lv, 16);
	char name[64], title[128];
	int ret;

	if (json_array_size(bs) < 2)
		return 0;
	x = calloc(json_array_size(bs), sizeof(*x));
	lat = calloc(json_array_size(bs), sizeof(*lat));
	if (!x || !lat) {
		free(x);
		free(lat);
		return -ENOMEM;
	}
	json_array_foreach(bs, i, v)
	{
		long long size;

		if (!rb_j_int(v, "size", &size) || !rb_j_obj(v, "latency"))
			continue;
		x[n] = (double)size;
		lat[n++] = rb_j_obj(v, "latency");
	}
	snprintf(name, sizeof(name), "%s-size", epname);
	snprintf(title, sizeof(title), "Latency against message size, %s", epname);
	ret = plot_against(gp, o, set, name, title, "message size (bytes)", x, lat, n, lv, nlv,
			   true);
	free(x);
	free(lat);
	return ret;
}

/* Run `gnuplot figures.gp` in the output directory, killed after the timeout. */
static int run_gnuplot(const struct rb_plot_opts *o)
{
	struct timespec step = {0, 20 * 1000 * 1000};
	long waited_ms = 0;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int log, null;

		if (chdir(o->dir))
			_exit(126);
		log = open("gnuplot.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (log < 0 || null < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 ||
		    dup2(log, 2) < 0)
			_exit(126);
		execlp(o->gnuplot, o->gnuplot, "figures.gp", (char *)NULL);
		/* Say why in the log: the parent only sees the status. */
		dprintf(2, "cannot run %s: %s\n", o->gnuplot, strerror(errno));
		_exit(127);
	}
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (waited_ms >= (long)o->timeout_s * 1000) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -ETIMEDOUT;
		}
		nanosleep(&step, NULL);
		waited_ms += 20;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOENT;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -ECHILD;
	return 0;
}

/* Every figure announced must exist and not be empty. */
static int check_outputs(const struct rb_plot_opts *o, const struct rb_figset *set, size_t from)
{
	size_t i;

	for (i = from; i < set->n; i++) {
		static const char *const ext[] = {"png", "svg"};
		int e;

		for (e = 0; e < 2; e++) {
			char path[4096];
			struct stat st;

			if ((e == 0 && !o->png) || (e == 1 && !o->svg))
				continue;
			snprintf(path, sizeof(path), "%s/%s.%s", o->dir, set->fig[i].name, ext[e]);
			if (stat(path, &st) || st.st_size == 0)
				return -ECHILD;
		}
	}
	return 0;
}

static FILE *script_open(const struct rb_plot_opts *o)
{
	char path[4096];
	FILE *gp;

	snprintf(path, sizeof(path), "%s/data", o->dir);
	if (mkdir(path, 0755) && errno != EEXIST)
		return NULL;
	snprintf(path, sizeof(path), "%s/figures.gp", o->dir);
	gp = fopen(path, "w");
	if (gp)
		fputs("# Made by rpmsg-report; run `gnuplot figures.gp` in this directory.\n", gp);
	return gp;
}

static int script_run(FILE *gp, const struct rb_plot_opts *o, const struct rb_figset *set,
		      size_t from)
{
	int ret = dat_close(gp);

	if (ret)
		return ret;
	if (set->n == from)
		return 0; /* nothing to draw: gnuplot is not needed */
	ret = run_gnuplot(o);
	if (ret)
		return ret;
	return check_outputs(o, set, from);
}

static int series_of(struct series *s, json_t *lat, const char *title)
{
	s->title = title;
	return rb_lhist_from_json(&s->h, lat);
}

int rb_plot_report(const struct rb_rpt *r, const struct rb_plot_opts *o, struct rb_figset *set)
{
	size_t i, n = rb_rpt_n_endpoints(r), from = set->n;
	struct rb_rpt *one = (struct rb_rpt *)r;
	FILE *gp = script_open(o);
	int ret = 0;

	if (!gp)
		return -errno;
	for (i = 0; i <= n && !ret; i++) {
		int ep = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		json_t *res = rb_rpt_results(r, ep);
		struct series s[2];
		char epname[24], name[64], title[160];
		size_t ns = 0, k;
		static const struct {
			enum dist_kind kind;
			const char *suffix, *what;
		} dists[] = {{DIST_HIST, "hist", "Latency histogram"},
			     {DIST_SPECTRUM, "spectrum", "Percentile spectrum"},
			     {DIST_CDF, "cdf", "Cumulative distribution"}};

		if (!res || (i < n && ep < 0))
			continue;
		rb_rpt_ep_name(ep, epname, sizeof(epname));
		if (rb_j_obj(res, "latency") &&
		    !series_of(&s[ns], rb_j_obj(res, "latency"), "round trip"))
			ns++;
		if (rb_j_obj(res, "latency_from_schedule") &&
		    !series_of(&s[ns], rb_j_obj(res, "latency_from_schedule"),
			       "from scheduled send time"))
			ns++;
		for (k = 0; k < 3 && !ret; k++) {
			snprintf(name, sizeof(name), "%s-%s", epname, dists[k].suffix);
			snprintf(title, sizeof(title), "%s, %s: %.80s", dists[k].what, epname,
				 r->label);
			ret = plot_dist(gp, o, set, name, title, dists[k].kind, s, ns);
		}
		for (k = 0; k < ns; k++)
			rb_lhist_free(&s[k].h);
		if (ret)
			break;
		snprintf(name, sizeof(name), "%s-timeline", epname);
		snprintf(title, sizeof(title), "Timeline, %s: %.80s", epname, r->label);
		ret = plot_timeline(gp, o, set, name, title, &one, 1, ep);
		if (!ret)
			ret = plot_by_size(gp, o, set, r, ep, epname);
	}
	if (ret) {
		fclose(gp);
		return ret;
	}
	return script_run(gp, o, set, from);
}

/* Latency of every report against a per-report x (rate or size) when x varies. */
static int plot_across(FILE *gp, const struct rb_plot_opts *o, struct rb_figset *set,
		       struct rb_rpt *const *r, size_t nr, int ep, bool rate)
{
	double x[MAX_SERIES], lv[16];
	json_t *lat[MAX_SERIES];
	size_t k, n = 0, nlv = rb_rpt_levels(r[0], lv, 16);
	bool varies = false;

	for (k = 0; k < nr && k < MAX_SERIES; k++) {
		json_t *l = rb_j_obj(rb_rpt_results(r[k], ep), "latency");
		json_t *vals = rb_j_arr(r[k]->root, "config.sizes.values");
		const char *kind = rb_j_str(r[k]->root, "config.sizes.kind");
		double v;

		if (!l)
			continue;
		if (rate) {
			if (!rb_j_num(r[k]->root, "config.rate_hz", &v))
				continue;
		} else {
			if (!kind || strcmp(kind, "fixed") || json_array_size(vals) != 1 ||
			    !json_is_integer(json_array_get(vals, 0)))
				continue;
			v = (double)json_integer_value(json_array_get(vals, 0));
		}
		if (n && v != x[0])
			varies = true;
		x[n] = v;
		lat[n++] = l;
	}
	if (!varies)
		return 0;
	if (rate)
		return plot_against(gp, o, set, "cmp-rate", "Latency against message rate",
				    "offered rate (messages/s)", x, lat, n, lv, nlv, false);
	return plot_against(gp, o, set, "cmp-size", "Latency against message size",
			    "message size (bytes)", x, lat, n, lv, nlv, true);
}

int rb_plot_compare(struct rb_rpt *const *r, size_t nr, int ep, const struct rb_plot_opts *o,
		    struct rb_figset *set)
{
	static const struct {
		enum dist_kind kind;
		const char *name, *title;
	} dists[] = {{DIST_HIST, "cmp-hist", "Latency histograms"},
		     {DIST_SPECTRUM, "cmp-spectrum", "Percentile spectra"},
		     {DIST_CDF, "cmp-cdf", "Cumulative distributions"}};
	struct series s[MAX_SERIES];
	size_t k, ns = 0, from = set->n;
	FILE *gp = script_open(o);
	char epname[24], title[160];
	int ret = 0;

	if (!gp)
		return -errno;
	rb_rpt_ep_name(ep, epname, sizeof(epname));
	for (k = 0; k < nr && k < MAX_SERIES; k++) {
		s[ns].title = r[k]->label;
		if (!rb_lhist_from_json(&s[ns].h, rb_j_obj(rb_rpt_results(r[k], ep), "latency")))
			ns++;
	}
	for (k = 0; k < 3 && !ret; k++) {
		snprintf(title, sizeof(title), "%s, %s", dists[k].title, epname);
		ret = plot_dist(gp, o, set, dists[k].name, title, dists[k].kind, s, ns);
	}
	for (k = 0; k < ns; k++)
		rb_lhist_free(&s[k].h);
	if (!ret) {
		snprintf(title, sizeof(title), "Timelines (p50 dotted, p99 solid), %s", epname);
		ret = plot_timeline(gp, o, set, "cmp-timeline", title, r, nr, ep);
	}
	if (!ret)
		ret = plot_across(gp, o, set, r, nr, ep, true);
	if (!ret)
		ret = plot_across(gp, o, set, r, nr, ep, false);
	if (ret) {
		fclose(gp);
		return ret;
	}
	return script_run(gp, o, set, from);
}
