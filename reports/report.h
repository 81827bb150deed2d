/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.h - rpmsg-report internals: a loaded rpmsg-bench report, typed
 * access to its members, histograms and percentiles, and the output writers.
 *
 * The report stays a jansson tree; every read goes through the accessors
 * below, which check the member's type and treat a missing member, a null and
 * a member of the wrong type alike (absent). rb_rpt_load() has already
 * refused reports whose known members have the wrong type (docs/report-format.md),
 * so "absent" in the writers means "not in this report" (e.g. an interrupted
 * run without intervals), never "malformed".
 *
 * Functions return 0 or -errno unless said otherwise.
 */
#ifndef RB_REPORT_H
#define RB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* Exit statuses of rpmsg-report (docs/reports.md). */
enum {
	RB_RPT_EXIT_OK = 0,
	RB_RPT_EXIT_BAD_INPUT = 1, /* unreadable, invalid or foreign report */
	RB_RPT_EXIT_USAGE = 2,	   /* bad command line */
	RB_RPT_EXIT_GNUPLOT = 3,   /* gnuplot missing, failed or timed out */
	RB_RPT_EXIT_OUTPUT = 4,	   /* could not write the output */
};

/* The report format this tool reads (docs/report-format.md). */
#define RB_RPT_FORMAT	      "rpmsg-bench-report"
#define RB_RPT_FORMAT_VERSION 1

/* Which results of a report: an endpoint id, or the total over all endpoints. */
#define RB_RPT_TOTAL (-1)
/* Every endpoint and the total (CSV exports). */
#define RB_RPT_ALL (-2)

/* One loaded report. */
struct rb_rpt {
	json_t *root;	  /* the whole document (owned) */
	const char *path; /* file it came from (borrowed from argv) */
	char *label;	  /* legend label: --label, else from metadata (owned) */
};

/*
 * Load and check the report in `path`. On error returns -EINVAL (invalid
 * JSON, foreign document, wrong format_version, a known member of the wrong
 * type, an inconsistent histogram) or -errno of the failed read, and writes
 * one line naming the file and the problem into `err` (`errlen` bytes).
 * On success `r` owns the tree; free it with rb_rpt_free().
 */
int rb_rpt_load(struct rb_rpt *r, const char *path, char *err, size_t errlen);

/* Free what rb_rpt_load() allocated; a zeroed `r` is fine. */
void rb_rpt_free(struct rb_rpt *r);

/*
 * Typed access to `obj` at a dotted path ("system.kernel.release"); no array
 * indices. rb_j_get returns the member or NULL (missing, null, or a parent that
 * is not an object). The typed variants return NULL/false when the member is
 * absent or of another type; rb_j_num accepts integers and reals.
 */
json_t *rb_j_get(json_t *obj, const char *path);
const char *rb_j_str(json_t *obj, const char *path);
bool rb_j_int(json_t *obj, const char *path, long long *out);
bool rb_j_num(json_t *obj, const char *path, double *out);
bool rb_j_bool(json_t *obj, const char *path, bool *out);
json_t *rb_j_obj(json_t *obj, const char *path);
json_t *rb_j_arr(json_t *obj, const char *path);

/*
 * The results object of endpoint `ep` (an id from endpoints[].id) or of the
 * total (RB_RPT_TOTAL); NULL when the report has none.
 */
json_t *rb_rpt_results(const struct rb_rpt *r, int ep);

/*
 * Number of endpoints in the report and the id of the i-th one (-1 when it
 * has no usable id).
 */
size_t rb_rpt_n_endpoints(const struct rb_rpt *r);
int rb_rpt_endpoint_id(const struct rb_rpt *r, size_t i);

/*
 * The percentile levels the tables show: config.percentiles, else the levels
 * listed in the total's latency. Fills at most `max` levels; returns how many.
 */
size_t rb_rpt_levels(const struct rb_rpt *r, double *out, size_t max);

/* The report's own value at level p in latency object `lat`; false when not listed. */
bool rb_rpt_pct(json_t *lat, double p, long long *ns);

/* `s`, or `dflt` when s is NULL. */
static inline const char *rb_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* One histogram bucket: [low_ns, high_ns] holds count samples. */
struct rb_bucket {
	uint64_t low_ns;
	uint64_t high_ns;
	uint64_t count;
};

/* A latency histogram taken out of a report's latency object. */
struct rb_lhist {
	struct rb_bucket *b; /* sorted by low_ns (owned) */
	size_t n;
	uint64_t in_buckets; /* sum of the bucket counts */
	uint64_t overflow;   /* samples above the histogram, in no bucket */
	uint64_t max_ns;     /* the report's exact max, 0 when unknown */
	bool have_max;
};

/*
 * Extract the histogram of latency object `lat` into `h`. Returns 0 (an
 * absent histogram gives an empty one), -EINVAL when buckets are malformed
 * (low > high, counts summing past 2^64), -ENOMEM. Free with rb_lhist_free().
 */
int rb_lhist_from_json(struct rb_lhist *h, json_t *lat);
void rb_lhist_free(struct rb_lhist *h);

/* Samples the histogram accounts for (buckets + overflow). */
uint64_t rb_lhist_total(const struct rb_lhist *h);

/*
 * Value at percentile p (0..100) the way HdrHistogram reports it: the highest
 * value of the bucket holding the ceil(p/100 * total)-th sample, clamped to the
 * exact max; a rank among the overflowed samples gives the max. 0 when empty.
 */
uint64_t rb_lhist_value_at(const struct rb_lhist *h, double p);

/*
 * Walk the histogram as HdrHistogram's percentile iterator does
 * (ticks_per_half_distance steps per halving of 1 - p). `fn` gets each
 * reported point; the last call has percentile 100 and last = true.
 */
typedef void (*rb_lhist_pct_fn)(void *ctx, uint64_t value_ns, double percentile,
				uint64_t total_count, bool last);
void rb_lhist_percentiles(const struct rb_lhist *h, int ticks_per_half_distance, rb_lhist_pct_fn fn,
			  void *ctx);

/* Writers (text.c). Each returns 0 or -errno of the failed write. */
int rb_rpt_write_percentiles(FILE *f, const struct rb_rpt *r, int ep, bool from_schedule,
			     double unit_ns);
int rb_rpt_write_summary_md(FILE *f, const struct rb_rpt *r);
int rb_rpt_write_csv_histogram(FILE *f, const struct rb_rpt *r, int ep);
int rb_rpt_write_csv_intervals(FILE *f, const struct rb_rpt *r);
int rb_rpt_write_csv_events(FILE *f, const struct rb_rpt *r);
int rb_rpt_write_csv_percentiles(FILE *f, const struct rb_rpt *r);

/* Text helpers (text.c). */
void rb_fmt_us(char *buf, size_t len, long long ns);	   /* exact ns -> "50.111" (µs) */
void rb_fputs_html(FILE *f, const char *s);		   /* HTML-escaped */
void rb_fputs_md(FILE *f, const char *s);		   /* safe inside a Markdown table cell */
void rb_fputs_csv(FILE *f, const char *s);		   /* one quoted CSV field */
const char *rb_rpt_ep_name(int ep, char *buf, size_t len); /* "total" or "ep0" */

/* Figures (plot.c). */
struct rb_fig {
	char name[64];	 /* file name without extension, e.g. "ep0-hist" */
	char title[128]; /* caption */
};

struct rb_figset {
	struct rb_fig *fig;
	size_t n;
	size_t cap;
};

/* What to draw and how. */
struct rb_plot_opts {
	const char *dir; /* output directory (exists) */
	bool png;
	bool svg;
	int timeout_s;	     /* gnuplot wall-clock limit */
	const char *gnuplot; /* program to run */
};

/*
 * Write the data files and gnuplot script of every figure of one report
 * (each endpoint and the total) into opts->dir and run gnuplot. The figures
 * made are appended to `set`. Returns 0, -ECHILD when gnuplot failed or
 * timed out (its messages are in DIR/gnuplot.log), -ENOENT when it could not
 * be started, or -errno of a failed write.
 */
int rb_plot_report(const struct rb_rpt *r, const struct rb_plot_opts *opts, struct rb_figset *set);

/* The same for several reports overlaid (results `ep` of each). */
int rb_plot_compare(struct rb_rpt *const *r, size_t n, int ep, const struct rb_plot_opts *opts,
		    struct rb_figset *set);

void rb_figset_free(struct rb_figset *set);

/* Pages (html.c). */
int rb_html_report(FILE *f, const struct rb_rpt *r, const struct rb_plot_opts *opts,
		   const struct rb_figset *set);
int rb_html_compare(FILE *f, struct rb_rpt *const *r, size_t n, int ep,
		    const struct rb_plot_opts *opts, const struct rb_figset *set);

/* Comparison tables (compare.c). */
int rb_cmp_write_md(FILE *f, struct rb_rpt *const *r, size_t n, int ep);
int rb_cmp_write_csv(FILE *f, struct rb_rpt *const *r, size_t n, int ep);
int rb_cmp_write_html(FILE *f, struct rb_rpt *const *r, size_t n, int ep);

#endif /* RB_REPORT_H */
