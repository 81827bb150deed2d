/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - rpmsg-report: figures, pages, summaries and exports from
 * rpmsg-bench JSON reports (docs/reports.md).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

#define RB_RPT_VERSION "0.1.0"
#define MAX_REPORTS    16

static const char usage_text[] =
	"usage: rpmsg-report render REPORT.json -o DIR [--format png|svg|both] [--label L]\n"
	"       rpmsg-report compare A.json B.json... -o DIR [--label L]... [--endpoint N|total]\n"
	"       rpmsg-report summary REPORT.json\n"
	"       rpmsg-report percentiles REPORT.json [--endpoint N|total] [--unit ns|us|ms]\n"
	"                                            [--from-schedule]\n"
	"       rpmsg-report csv REPORT.json [--table histogram|intervals|events|percentiles]\n"
	"                                    [--endpoint N|total]\n"
	"       rpmsg-report csv REPORT.json -o DIR\n"
	"       rpmsg-report csv A.json B.json... --table compare [--endpoint N|total]\n"
	"\n"
	"render      figures (gnuplot), report.html (one self-contained page), summary.md,\n"
	"            CSV files and percentile lists for every endpoint and the total, in DIR\n"
	"compare     overlaid figures, compare.html, compare.md and compare.csv in DIR; the\n"
	"            first report is the baseline of the differences\n"
	"summary     a Markdown summary for tickets, on standard output\n"
	"percentiles HdrHistogram-style percentile list (Value Percentile TotalCount\n"
	"            1/(1-Percentile)), values in microseconds unless --unit says otherwise\n"
	"csv         one table as CSV on standard output, or every table into DIR\n"
	"\n"
	"options:\n"
	"  -o, --output DIR     output directory (created if missing)\n"
	"  -f, --format F       figure format: png, svg or both (default both; the page\n"
	"                       inlines SVG when there is one, else embeds PNG)\n"
	"  -l, --label L        legend label; compare takes one per report, in order\n"
	"                       (default: bsp_release, kernel release, hostname or file name)\n"
	"  -e, --endpoint N     endpoint id, or 'total' (default total)\n"
	"  -u, --unit U         ns, us or ms for percentiles (default us)\n"
	"  -s, --from-schedule  percentiles of latency_from_schedule (open loop)\n"
	"  -t, --table T        csv table: histogram, intervals, events, percentiles, compare\n"
	"  -n, --no-figures     pages and exports without running gnuplot\n"
	"      --gnuplot PROG   gnuplot program (default $RB_GNUPLOT, else gnuplot)\n"
	"      --timeout S      seconds gnuplot may run (default 60)\n"
	"  -h, --help           this text\n"
	"  -V, --version        print the version\n"
	"\n"
	"exit status: 0 ok, 1 bad input (unreadable, invalid, truncated or foreign report),\n"
	"2 usage, 3 gnuplot missing, failed or timed out, 4 could not write the output\n";

struct cli {
	const char *cmd;
	const char *out;
	const char *labels[MAX_REPORTS];
	size_t nlabels;
	const char *files[MAX_REPORTS];
	size_t nfiles;
	const char *table;
	const char *gnuplot;
	int ep;
	bool ep_set; /* --endpoint given (csv histogram defaults to every endpoint) */
	bool png, svg, no_figures, from_schedule;
	double unit_ns;
	int timeout_s;
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("rpmsg-report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'rpmsg-report --help'.\n", stderr);
	return RB_RPT_EXIT_USAGE;
}

static int parse_endpoint(const char *s, int *ep)
{
	char *end;
	long v;

	if (!strcmp(s, "total")) {
		*ep = RB_RPT_TOTAL;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 1000000)
		return -EINVAL;
	*ep = (int)v;
	return 0;
}

static int parse(struct cli *c, int argc, char **argv)
{
	enum { OPT_GNUPLOT = 256, OPT_TIMEOUT };
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"label", required_argument, NULL, 'l'},
		{"endpoint", required_argument, NULL, 'e'},
		{"unit", required_argument, NULL, 'u'},
		{"from-schedule", no_argument, NULL, 's'},
		{"table", required_argument, NULL, 't'},
		{"no-figures", no_argument, NULL, 'n'},
		{"gnuplot", required_argument, NULL, OPT_GNUPLOT},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(c, 0, sizeof(*c));
	c->ep = RB_RPT_TOTAL;
	c->png = c->svg = true;
	c->unit_ns = 1000;
	c->timeout_s = 60;
	c->gnuplot = getenv("RB_GNUPLOT");
	if (!c->gnuplot || !*c->gnuplot)
		c->gnuplot = "gnuplot";
	/* GNU getopt permutes: options may come before or after the command and files. */
	while ((opt = getopt_long(argc, argv, "o:f:l:e:u:st:nhV", opts, NULL)) != -1) {
		char *end;
		long v;

		switch (opt) {
		case 'o':
			c->out = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "png"))
				c->png = true, c->svg = false;
			else if (!strcmp(optarg, "svg"))
				c->png = false, c->svg = true;
			else if (!strcmp(optarg, "both"))
				c->png = c->svg = true;
			else
				return usage_error("--format: '%s' is not png, svg or both",
						   optarg);
			break;
		case 'l':
			if (c->nlabels == MAX_REPORTS)
				return usage_error("too many --label options (at most %d)",
						   MAX_REPORTS);
			c->labels[c->nlabels++] = optarg;
			break;
		case 'e':
			if (parse_endpoint(optarg, &c->ep))
				return usage_error(
					"--endpoint: '%s' is not an endpoint id or 'total'",
					optarg);
			c->ep_set = true;
			break;
		case 'u':
			if (!strcmp(optarg, "ns"))
				c->unit_ns = 1;
			else if (!strcmp(optarg, "us"))
				c->unit_ns = 1000;
			else if (!strcmp(optarg, "ms"))
				c->unit_ns = 1000000;
			else
				return usage_error("--unit: '%s' is not ns, us or ms", optarg);
			break;
		case 's':
			c->from_schedule = true;
			break;
		case 't':
			c->table = optarg;
			break;
		case 'n':
			c->no_figures = true;
			break;
		case OPT_GNUPLOT:
			c->gnuplot = optarg;
			break;
		case OPT_TIMEOUT:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 || v > 86400)
				return usage_error("--timeout: '%s' is not 1..86400 seconds",
						   optarg);
			c->timeout_s = (int)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(RB_RPT_EXIT_OK);
		case 'V':
			printf("rpmsg-report %s (reads report format_version %d)\n", RB_RPT_VERSION,
			       RB_RPT_FORMAT_VERSION);
			exit(RB_RPT_EXIT_OK);
		default:
			return RB_RPT_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no command (render, compare, summary, percentiles, csv)");
	c->cmd = argv[optind++];
	for (; optind < argc; optind++) {
		if (c->nfiles == MAX_REPORTS)
			return usage_error("too many reports (at most %d)", MAX_REPORTS);
		c->files[c->nfiles++] = argv[optind];
	}
	return 0;
}

/* mkdir -p: every missing component of `dir`. */
static int make_dir(const char *dir)
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		path[i] = dir[i];
	}
	return 0;
}

static FILE *out_open(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "w");
}

typedef int (*writer_fn)(FILE *f, void *ctx);

/* Write DIR/name with fn; a failure is reported here and gives the exit status. */
static int write_file(const char *dir, const char *name, writer_fn fn, void *ctx)
{
	FILE *f = out_open(dir, name);
	int ret;

	if (!f) {
		fprintf(stderr, "rpmsg-report: %s/%s: %s\n", dir, name, strerror(errno));
		return RB_RPT_EXIT_OUTPUT;
	}
	ret = fn(f, ctx);
	if (fclose(f) == EOF && !ret)
		ret = -EIO;
	if (ret) {
		fprintf(stderr, "rpmsg-report: %s/%s: %s\n", dir, name, strerror(-ret));
		return RB_RPT_EXIT_OUTPUT;
	}
	return RB_RPT_EXIT_OK;
}

static int load_all(struct cli *c, struct rb_rpt *r)
{
	size_t i;

	for (i = 0; i < c->nfiles; i++) {
		char err[512];

		if (rb_rpt_load(&r[i], c->files[i], err, sizeof(err))) {
			fprintf(stderr, "rpmsg-report: %s\n", err);
			while (i--)
				rb_rpt_free(&r[i]);
			return RB_RPT_EXIT_BAD_INPUT;
		}
		if (i < c->nlabels) {
			char *l = strdup(c->labels[i]);

			if (!l) {
				fprintf(stderr, "rpmsg-report: out of memory\n");
				rb_rpt_free(&r[i]);
				while (i--)
					rb_rpt_free(&r[i]);
				return RB_RPT_EXIT_OUTPUT;
			}
			free(r[i].label);
			r[i].label = l;
		}
	}
	return RB_RPT_EXIT_OK;
}

static void free_all(struct rb_rpt *r, size_t n)
{
	while (n--)
		rb_rpt_free(&r[n]);
}

/* The selected endpoint must exist in every report. */
static int check_endpoint(struct rb_rpt *r, size_t n, int ep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!rb_rpt_results(&r[i], ep)) {
			char name[24];

			fprintf(stderr, "rpmsg-report: %s: no results for %s\n", r[i].path,
				rb_rpt_ep_name(ep, name, sizeof(name)));
			return RB_RPT_EXIT_BAD_INPUT;
		}
	}
	return RB_RPT_EXIT_OK;
}

struct page_ctx {
	struct rb_rpt *r;
	struct rb_rpt **all;
	size_t n;
	int ep;
	const struct rb_plot_opts *o;
	const struct rb_figset *set;
	double unit_ns;
	bool from_schedule;
};

static int w_html(FILE *f, void *v)
{
	struct page_ctx *p = v;

	return rb_html_report(f, p->r, p->o, p->set);
}

static int w_md(FILE *f, void *v)
{
	return rb_rpt_write_summary_md(f, ((struct page_ctx *)v)->r);
}

static int w_hist(FILE *f, void *v)
{
	return rb_rpt_write_csv_histogram(f, ((struct page_ctx *)v)->r, RB_RPT_ALL);
}

static int w_iv(FILE *f, void *v)
{
	return rb_rpt_write_csv_intervals(f, ((struct page_ctx *)v)->r);
}

static int w_ev(FILE *f, void *v)
{
	return rb_rpt_write_csv_events(f, ((struct page_ctx *)v)->r);
}

static int w_pct_csv(FILE *f, void *v)
{
	return rb_rpt_write_csv_percentiles(f, ((struct page_ctx *)v)->r);
}

static int w_pct(FILE *f, void *v)
{
	struct page_ctx *p = v;

	return rb_rpt_write_percentiles(f, p->r, p->ep, p->from_schedule, p->unit_ns);
}

static int w_cmp_html(FILE *f, void *v)
{
	struct page_ctx *p = v;

	return rb_html_compare(f, p->all, p->n, p->ep, p->o, p->set);
}

static int w_cmp_md(FILE *f, void *v)
{
	struct page_ctx *p = v;

	return rb_cmp_write_md(f, p->all, p->n, p->ep);
}

static int w_cmp_csv(FILE *f, void *v)
{
	struct page_ctx *p = v;

	return rb_cmp_write_csv(f, p->all, p->n, p->ep);
}

/* Explain a figure failure; the pages are still written, without figures. */
static int plot_failed(const struct cli *c, int ret)
{
	if (ret == -ENOENT)
		fprintf(stderr,
			"rpmsg-report: cannot run '%s' (install gnuplot-nox, or use "
			"--no-figures); see %s/gnuplot.log\n",
			c->gnuplot, c->out);
	else if (ret == -ETIMEDOUT)
		fprintf(stderr,
			"rpmsg-report: gnuplot ran past %d s and was stopped; see %s/gnuplot.log\n",
			c->timeout_s, c->out);
	else if (ret == -ECHILD)
		fprintf(stderr,
			"rpmsg-report: gnuplot failed; see %s/gnuplot.log and %s/figures.gp\n",
			c->out, c->out);
	else
		fprintf(stderr, "rpmsg-report: figures in %s: %s\n", c->out, strerror(-ret));
	return ret == -ENOENT || ret == -ETIMEDOUT || ret == -ECHILD ? RB_RPT_EXIT_GNUPLOT
								     : RB_RPT_EXIT_OUTPUT;
}

static int cmd_render(struct cli *c)
{
	struct rb_plot_opts o = {c->out, c->png, c->svg, c->timeout_s, c->gnuplot};
	struct rb_figset set = {0};
	struct page_ctx p = {0};
	struct rb_rpt r;
	int ret, status = RB_RPT_EXIT_OK;
	size_t i;

	if (c->nfiles != 1)
		return usage_error("%s", "render takes one report");
	if (!c->out)
		return usage_error("%s", "render needs -o DIR");
	ret = load_all(c, &r);
	if (ret)
		return ret;
	ret = make_dir(c->out);
	if (ret) {
		fprintf(stderr, "rpmsg-report: %s: %s\n", c->out, strerror(-ret));
		rb_rpt_free(&r);
		return RB_RPT_EXIT_OUTPUT;
	}
	if (!c->no_figures) {
		ret = rb_plot_report(&r, &o, &set);
		if (ret) {
			status = plot_failed(c, ret);
			set.n = 0;
		}
	}
	p.r = &r;
	p.o = &o;
	p.set = &set;
	p.unit_ns = 1000;
	ret = write_file(c->out, "report.html", w_html, &p);
	if (!ret)
		ret = write_file(c->out, "summary.md", w_md, &p);
	if (!ret)
		ret = write_file(c->out, "histogram.csv", w_hist, &p);
	if (!ret)
		ret = write_file(c->out, "intervals.csv", w_iv, &p);
	if (!ret)
		ret = write_file(c->out, "events.csv", w_ev, &p);
	if (!ret)
		ret = write_file(c->out, "percentiles.csv", w_pct_csv, &p);
	for (i = 0; !ret && i <= rb_rpt_n_endpoints(&r); i++) {
		char name[64], epname[24];

		p.ep = i < rb_rpt_n_endpoints(&r) ? rb_rpt_endpoint_id(&r, i) : RB_RPT_TOTAL;
		if (!rb_j_obj(rb_rpt_results(&r, p.ep), "latency"))
			continue;
		snprintf(name, sizeof(name), "percentiles-%s.txt",
			 rb_rpt_ep_name(p.ep, epname, sizeof(epname)));
		p.from_schedule = false;
		ret = write_file(c->out, name, w_pct, &p);
		if (ret || !rb_j_obj(rb_rpt_results(&r, p.ep), "latency_from_schedule"))
			continue;
		snprintf(name, sizeof(name), "percentiles-%s-from-schedule.txt", epname);
		p.from_schedule = true;
		ret = write_file(c->out, name, w_pct, &p);
	}
	rb_figset_free(&set);
	rb_rpt_free(&r);
	if (ret)
		return ret;
	if (!status)
		printf("%s/report.html\n", c->out);
	return status;
}

static int cmd_compare(struct cli *c)
{
	struct rb_plot_opts o = {c->out, c->png, c->svg, c->timeout_s, c->gnuplot};
	struct rb_rpt r[MAX_REPORTS], *rp[MAX_REPORTS];
	struct rb_figset set = {0};
	struct page_ctx p = {0};
	int ret, status = RB_RPT_EXIT_OK;
	size_t i;

	if (c->nfiles < 2)
		return usage_error("%s", "compare takes two reports or more");
	if (!c->out)
		return usage_error("%s", "compare needs -o DIR");
	if (c->nlabels > c->nfiles)
		return usage_error("%s", "more --label options than reports");
	ret = load_all(c, r);
	if (ret)
		return ret;
	ret = check_endpoint(r, c->nfiles, c->ep);
	if (ret)
		goto out;
	for (i = 0; i < c->nfiles; i++)
		rp[i] = &r[i];
	ret = make_dir(c->out);
	if (ret) {
		fprintf(stderr, "rpmsg-report: %s: %s\n", c->out, strerror(-ret));
		ret = RB_RPT_EXIT_OUTPUT;
		goto out;
	}
	if (!c->no_figures) {
		ret = rb_plot_compare(rp, c->nfiles, c->ep, &o, &set);
		if (ret) {
			status = plot_failed(c, ret);
			set.n = 0;
		}
	}
	p.all = rp;
	p.n = c->nfiles;
	p.ep = c->ep;
	p.o = &o;
	p.set = &set;
	ret = write_file(c->out, "compare.html", w_cmp_html, &p);
	if (!ret)
		ret = write_file(c->out, "compare.md", w_cmp_md, &p);
	if (!ret)
		ret = write_file(c->out, "compare.csv", w_cmp_csv, &p);
	if (!ret && !status)
		printf("%s/compare.html\n", c->out);
	if (!ret)
		ret = status;
out:
	rb_figset_free(&set);
	free_all(r, c->nfiles);
	return ret;
}

static int stdout_status(int ret)
{
	if (ret) {
		fprintf(stderr, "rpmsg-report: standard output: %s\n", strerror(-ret));
		return RB_RPT_EXIT_OUTPUT;
	}
	return RB_RPT_EXIT_OK;
}

static int cmd_one(struct cli *c)
{
	struct rb_rpt r[MAX_REPORTS], *rp[MAX_REPORTS];
	bool compare = c->table && !strcmp(c->table, "compare");
	int ret;
	size_t i;

	if (!strcmp(c->cmd, "csv") && compare) {
		if (c->nfiles < 2)
			return usage_error("%s", "--table compare takes two reports or more");
	} else if (c->nfiles != 1) {
		return usage_error("%s: takes one report", c->cmd);
	}
	if (!strcmp(c->cmd, "csv") && c->table && !compare && strcmp(c->table, "histogram") &&
	    strcmp(c->table, "intervals") && strcmp(c->table, "events") &&
	    strcmp(c->table, "percentiles"))
		return usage_error("--table: '%s' is not histogram, intervals, events, percentiles "
				   "or compare",
				   c->table);
	ret = load_all(c, r);
	if (ret)
		return ret;
	for (i = 0; i < c->nfiles; i++)
		rp[i] = &r[i];
	if (strcmp(c->cmd, "summary") && (c->ep_set || strcmp(c->cmd, "csv"))) {
		ret = check_endpoint(r, c->nfiles, c->ep);
		if (ret)
			goto out;
	}
	if (!strcmp(c->cmd, "summary")) {
		ret = stdout_status(rb_rpt_write_summary_md(stdout, &r[0]));
	} else if (!strcmp(c->cmd, "percentiles")) {
		ret = rb_rpt_write_percentiles(stdout, &r[0], c->ep, c->from_schedule, c->unit_ns);
		if (ret == -ENOENT) {
			fprintf(stderr, "rpmsg-report: %s: no %s in these results\n", r[0].path,
				c->from_schedule ? "latency_from_schedule" : "latency");
			ret = RB_RPT_EXIT_BAD_INPUT;
		} else {
			ret = stdout_status(ret);
		}
	} else if (c->out) {
		struct page_ctx p = {.r = &r[0]};

		ret = make_dir(c->out);
		if (ret) {
			fprintf(stderr, "rpmsg-report: %s: %s\n", c->out, strerror(-ret));
			ret = RB_RPT_EXIT_OUTPUT;
			goto out;
		}
		ret = write_file(c->out, "histogram.csv", w_hist, &p);
		if (!ret)
			ret = write_file(c->out, "intervals.csv", w_iv, &p);
		if (!ret)
			ret = write_file(c->out, "events.csv", w_ev, &p);
		if (!ret)
			ret = write_file(c->out, "percentiles.csv", w_pct_csv, &p);
	} else if (compare) {
		ret = stdout_status(rb_cmp_write_csv(stdout, rp, c->nfiles, c->ep));
	} else if (!c->table || !strcmp(c->table, "histogram")) {
		ret = stdout_status(
			rb_rpt_write_csv_histogram(stdout, &r[0], c->ep_set ? c->ep : RB_RPT_ALL));
	} else if (!strcmp(c->table, "intervals")) {
		ret = stdout_status(rb_rpt_write_csv_intervals(stdout, &r[0]));
	} else if (!strcmp(c->table, "events")) {
		ret = stdout_status(rb_rpt_write_csv_events(stdout, &r[0]));
	} else {
		ret = stdout_status(rb_rpt_write_csv_percentiles(stdout, &r[0]));
	}
out:
	free_all(r, c->nfiles);
	return ret;
}

int main(int argc, char **argv)
{
	struct cli c;
	int ret = parse(&c, argc, argv);

	if (ret)
		return ret;
	if (!strcmp(c.cmd, "render"))
		return cmd_render(&c);
	if (!strcmp(c.cmd, "compare"))
		return cmd_compare(&c);
	if (!strcmp(c.cmd, "summary") || !strcmp(c.cmd, "percentiles") || !strcmp(c.cmd, "csv"))
		return cmd_one(&c);
	return usage_error("unknown command '%s'", c.cmd);
}
