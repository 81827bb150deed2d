/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.c - text outputs: HdrHistogram-style percentile lists, the Markdown
 * summary, CSV exports, and the escaping helpers every writer uses.
 *
 * Every string copied out of a report is escaped for where it goes: a report
 * is input from a board, and a channel name or kernel log line may hold any
 * character.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report.h"

void rb_fmt_us(char *buf, size_t len, long long ns)
{
	unsigned long long a = ns < 0 ? 0ull - (unsigned long long)ns : (unsigned long long)ns;

	snprintf(buf, len, "%s%llu.%03llu", ns < 0 ? "-" : "", a / 1000, a % 1000);
}

void rb_fputs_html(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			/* Control characters are not allowed in HTML text. */
			if (c < 0x20 && c != '\n' && c != '\t')
				fputc(' ', f);
			else
				fputc(c, f);
		}
	}
}

void rb_fputs_md(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* Table cells end at '|' and at a line break; markup characters are escaped. */
		if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' ||
		    c == '>' || c == '[' || c == ']') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c < 0x20) {
			fputc(' ', f);
		} else {
			fputc(c, f);
		}
	}
}

void rb_fputs_csv(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

const char *rb_rpt_ep_name(int ep, char *buf, size_t len)
{
	if (ep == RB_RPT_TOTAL)
		snprintf(buf, len, "total");
	else
		snprintf(buf, len, "ep%d", ep);
	return buf;
}

static int finish(FILE *f)
{
	if (fflush(f) == EOF || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

struct pct_ctx {
	FILE *f;
	double unit_ns;
};

static void pct_line(void *ctx, uint64_t value_ns, double percentile, uint64_t total, bool last)
{
	struct pct_ctx *c = ctx;
	double p = percentile / 100.0;

	/* Columns and widths of HdrHistogram's outputPercentileDistribution. */
	if (last)
		fprintf(c->f, "%12.3f %2.12f %10" PRIu64 "\n", (double)value_ns / c->unit_ns, p,
			total);
	else
		fprintf(c->f, "%12.3f %2.12f %10" PRIu64 " %14.2f\n", (double)value_ns / c->unit_ns,
			p, total, 1.0 / (1.0 - p));
}

int rb_rpt_write_percentiles(FILE *f, const struct rb_rpt *r, int ep, bool from_schedule,
			     double unit_ns)
{
	json_t *lat = rb_j_obj(rb_rpt_results(r, ep),
			       from_schedule ? "latency_from_schedule" : "latency");
	struct pct_ctx ctx = {f, unit_ns};
	struct rb_lhist h;
	double mean = 0, sd = 0;
	long long digits = 3;
	unsigned sub = 1;
	int ret;

	if (!lat)
		return -ENOENT;
	ret = rb_lhist_from_json(&h, lat);
	if (ret)
		return ret;
	fprintf(f, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount",
		"1/(1-Percentile)");
	rb_lhist_percentiles(&h, 5, pct_line, &ctx);
	rb_j_num(lat, "mean_ns", &mean);
	rb_j_num(lat, "stddev_ns", &sd);
	rb_j_int(lat, "histogram.significant_digits", &digits);
	/* Sub-buckets per power of two: 2^ceil(log2(2 * 10^digits)) (bench/hist.h). */
	if (digits >= 1 && digits <= 5)
		while (sub < 2 * pow(10, (double)digits))
			sub <<= 1;
	fprintf(f, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", mean / unit_ns, sd / unit_ns);
	fprintf(f, "#[Max     = %12.3f, Total count    = %12" PRIu64 "]\n",
		(double)(h.have_max ? h.max_ns : rb_lhist_value_at(&h, 100)) / unit_ns,
		rb_lhist_total(&h));
	fprintf(f, "#[Buckets = %12zu, SubBuckets     = %12u]\n", h.n, sub);
	if (h.overflow)
		fprintf(f,
			"#[Overflow = %" PRIu64
			" samples above the histogram, reported at the max]\n",
			h.overflow);
	rb_lhist_free(&h);
	return finish(f);
}

/* Count columns of the summary and of the pages, in the report's order. */
static const char *const count_keys[] = {
	"sent", "received",   "lost",	       "corrupted", "unresolved", "duplicates", "reordered",
	"late", "unexpected", "garbage_bytes", "resyncs",   "warmup",	  NULL};

static void md_num(FILE *f, json_t *obj, const char *path)
{
	long long v;
	double d;

	if (rb_j_int(obj, path, &v))
		fprintf(f, " %lld |", v);
	else if (rb_j_num(obj, path, &d))
		fprintf(f, " %g |", d);
	else
		fputs(" - |", f);
}

static void md_ns(FILE *f, json_t *obj, const char *path)
{
	char buf[48];
	long long v;
	double d;

	if (rb_j_int(obj, path, &v)) {
		rb_fmt_us(buf, sizeof(buf), v);
		fprintf(f, " %s |", buf);
	} else if (rb_j_num(obj, path, &d)) {
		fprintf(f, " %.3f |", d / 1000.0);
	} else {
		fputs(" - |", f);
	}
}

static void md_row(FILE *f, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	fputs("| ", f);
	rb_fputs_md(f, key);
	fputs(" | ", f);
	rb_fputs_md(f, val);
	fputs(" |\n", f);
}

size_t rb_rpt_levels(const struct rb_rpt *r, double *out, size_t max)
{
	json_t *list = rb_j_arr(r->root, "config.percentiles"), *v;
	size_t i, n = 0;

	if (!list || !json_array_size(list)) {
		list = rb_j_arr(rb_rpt_results(r, RB_RPT_TOTAL), "latency.percentiles");
		json_array_foreach(list, i, v)
		{
			double p;

			if (n < max && rb_j_num(v, "p", &p))
				out[n++] = p;
		}
		return n;
	}
	json_array_foreach(list, i, v)
	{
		if (n < max && json_is_number(v))
			out[n++] = json_number_value(v);
	}
	return n;
}

bool rb_rpt_pct(json_t *lat, double p, long long *ns)
{
	json_t *list = rb_j_arr(lat, "percentiles"), *v;
	size_t i;

	json_array_foreach(list, i, v)
	{
		double q;

		if (rb_j_num(v, "p", &q) && fabs(q - p) < 1e-9 && rb_j_int(v, "ns", ns))
			return true;
	}
	return false;
}

static void md_results_rows(FILE *f, const struct rb_rpt *r, const double *lv, size_t nlv,
			    bool counts)
{
	size_t i, n = rb_rpt_n_endpoints(r);
	size_t k;

	for (i = 0; i <= n; i++) {
		int ep = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		json_t *res = rb_rpt_results(r, ep);
		char name[24];

		if (!res || (i < n && ep < 0))
			continue;
		fprintf(f, "| %s |", rb_rpt_ep_name(ep, name, sizeof(name)));
		if (counts) {
			for (k = 0; count_keys[k]; k++) {
				char path[48];

				snprintf(path, sizeof(path), "counts.%s", count_keys[k]);
				md_num(f, res, path);
			}
		} else {
			json_t *lat = rb_j_obj(res, "latency");

			md_num(f, lat, "count");
			md_ns(f, lat, "min_ns");
			for (k = 0; k < nlv; k++) {
				long long v;
				char buf[48];

				if (rb_rpt_pct(lat, lv[k], &v)) {
					rb_fmt_us(buf, sizeof(buf), v);
					fprintf(f, " %s |", buf);
				} else {
					fputs(" - |", f);
				}
			}
			md_ns(f, lat, "max_ns");
			md_ns(f, lat, "mean_ns");
			md_ns(f, lat, "stddev_ns");
		}
		fputc('\n', f);
	}
}

int rb_rpt_write_summary_md(FILE *f, const struct rb_rpt *r)
{
	json_t *root = r->root, *v;
	double lv[32], d;
	size_t nlv = rb_rpt_levels(r, lv, 32), i, k;
	const char *s;
	char buf[256];
	long long st;
	bool pass, rt;

	fputs("## rpmsg-bench report: ", f);
	rb_fputs_md(f, r->label);
	if (rb_j_bool(root, "verdict.pass", &pass))
		fprintf(f, " - **%s**\n\n", pass ? "PASS" : "FAIL");
	else
		fputs(" - no verdict\n\n", f);

	fputs("| | |\n|---|---|\n", f);
	md_row(f, "Report", r->path);
	md_row(f, "Tool", rb_j_str(root, "tool.version"));
	md_row(f, "Start", rb_j_str(root, "start_time"));
	if (rb_j_num(root, "duration_s", &d)) {
		snprintf(buf, sizeof(buf), "%.3f s", d);
		md_row(f, "Duration", buf);
	}
	s = rb_j_str(root, "exit.reason");
	if (s) {
		if (!rb_j_int(root, "exit.status", &st))
			st = -1;
		snprintf(buf, sizeof(buf), "%.64s (status %lld)", s, st);
		md_row(f, "Exit", buf);
	}
	md_row(f, "Exit message", rb_j_str(root, "exit.message"));
	md_row(f, "Host", rb_j_str(root, "system.hostname"));
	s = rb_j_str(root, "system.kernel.release");
	if (s) {
		rt = false;
		rb_j_bool(root, "system.kernel.preempt_rt", &rt);
		snprintf(buf, sizeof(buf), "%.120s %.32s%s", s,
			 rb_or(rb_j_str(root, "system.kernel.machine"), ""),
			 rt ? " PREEMPT_RT" : "");
		md_row(f, "Kernel", buf);
	}
	md_row(f, "BSP", rb_j_str(root, "system.bsp_release"));
	md_row(f, "OS", rb_j_str(root, "system.os_release.pretty_name"));
	md_row(f, "Board", rb_j_str(root, "system.device_tree.model"));
	s = rb_j_str(root, "firmware.version");
	if (s) {
		snprintf(buf, sizeof(buf), "%.64s (%.64s, build %.64s)", s,
			 rb_or(rb_j_str(root, "firmware.board"), "?"),
			 rb_or(rb_j_str(root, "firmware.build_id"), "?"));
		md_row(f, "Firmware", buf);
	}
	s = rb_j_str(root, "config.mode");
	if (s) {
		long long w = 0;
		double rate;
		int n;

		rb_j_int(root, "config.window", &w);
		n = snprintf(buf, sizeof(buf), "%.32s, window %lld", s, w);
		if (rb_j_num(root, "config.rate_hz", &rate) && n > 0)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", %g msg/s", rate);
		s = rb_j_str(root, "config.sizes.kind");
		if (s && n > 0 && (size_t)n < sizeof(buf)) {
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", sizes %.16s", s);
			json_array_foreach(rb_j_arr(root, "config.sizes.values"), i, v)
			{
				if (n <= 0 || (size_t)n >= sizeof(buf) - 24 || !json_is_integer(v))
					break;
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %lld",
					      (long long)json_integer_value(v));
			}
		}
		md_row(f, "Configuration", buf);
	}
	json_array_foreach(rb_j_arr(root, "endpoints"), i, v)
	{
		char key[32];

		snprintf(key, sizeof(key), "Endpoint %zu", i);
		snprintf(buf, sizeof(buf), "%.128s (%.8s, %.16s)", rb_or(rb_j_str(v, "path"), "?"),
			 rb_or(rb_j_str(v, "kind"), "?"), rb_or(rb_j_str(v, "engine"), "?"));
		md_row(f, key, buf);
	}

	fputs("\n### Counts\n\n| endpoint |", f);
	for (k = 0; count_keys[k]; k++)
		fprintf(f, " %s |", count_keys[k]);
	fputs("\n|---|", f);
	for (k = 0; count_keys[k]; k++)
		fputs("---:|", f);
	fputc('\n', f);
	md_results_rows(f, r, lv, nlv, true);

	fputs("\n### Round-trip latency (us)\n\n| endpoint | count | min |", f);
	for (k = 0; k < nlv; k++)
		fprintf(f, " p%g |", lv[k]);
	fputs(" max | mean | stddev |\n|---|---:|---:|", f);
	for (k = 0; k < nlv; k++)
		fputs("---:|", f);
	fputs("---:|---:|---:|\n", f);
	md_results_rows(f, r, lv, nlv, false);

	if (json_array_size(rb_j_arr(root, "verdict.checks"))) {
		fputs("\n### Verdict\n\n| check | limit | value | result |\n|---|---:|---:|---|\n",
		      f);
		json_array_foreach(rb_j_arr(root, "verdict.checks"), i, v)
		{
			bool ok = false;

			fputs("| ", f);
			rb_fputs_md(f, rb_or(rb_j_str(v, "name"), "?"));
			fputs(" |", f);
			md_num(f, v, "limit");
			md_num(f, v, "value");
			rb_j_bool(v, "pass", &ok);
			fprintf(f, " %s |\n", ok ? "pass" : "**FAIL**");
		}
	}

	v = rb_j_obj(root, "kernel_log.counts");
	if (v && json_object_size(v)) {
		const char *key;
		json_t *c;

		fputs("\n### Kernel log\n\n| class | records |\n|---|---:|\n", f);
		json_object_foreach(v, key, c)
		{
			fputs("| ", f);
			rb_fputs_md(f, key);
			fprintf(f, " | %lld |\n",
				json_is_integer(c) ? (long long)json_integer_value(c) : 0);
		}
	} else if (rb_j_bool(root, "kernel_log.available", &pass) && !pass) {
		fputs("\nKernel log not available: ", f);
		rb_fputs_md(f, rb_or(rb_j_str(root, "kernel_log.reason"), "no reason given"));
		fputc('\n', f);
	}
	return finish(f);
}

int rb_rpt_write_csv_histogram(FILE *f, const struct rb_rpt *r, int ep)
{
	size_t i, j, n = rb_rpt_n_endpoints(r);

	fputs("endpoint,low_ns,high_ns,count\n", f);
	for (i = 0; i <= n; i++) {
		int id = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		struct rb_lhist h;
		char name[24];

		if ((i < n && id < 0) || (ep != RB_RPT_ALL && ep != id))
			continue;
		if (rb_lhist_from_json(&h, rb_j_obj(rb_rpt_results(r, id), "latency")))
			continue;
		rb_rpt_ep_name(id, name, sizeof(name));
		for (j = 0; j < h.n; j++)
			fprintf(f, "%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", name, h.b[j].low_ns,
				h.b[j].high_ns, h.b[j].count);
		rb_lhist_free(&h);
	}
	return finish(f);
}

static void csv_val(FILE *f, json_t *obj, const char *path)
{
	long long v;
	double d;

	fputc(',', f);
	if (rb_j_int(obj, path, &v))
		fprintf(f, "%lld", v);
	else if (rb_j_num(obj, path, &d))
		fprintf(f, "%.9g", d);
}

int rb_rpt_write_csv_intervals(FILE *f, const struct rb_rpt *r)
{
	static const char *const cols[] = {"sent",	 "received",	"lost",	  "corrupted",
					   "msgs_per_s", "bytes_per_s", "min_ns", "p50_ns",
					   "p99_ns",	 "max_ns",	NULL};
	json_t *iv, *e;
	size_t i, j, k;

	fputs("interval,t_start_s,t_end_s,endpoint", f);
	for (k = 0; cols[k]; k++)
		fprintf(f, ",%s", cols[k]);
	fputc('\n', f);
	json_array_foreach(rb_j_arr(r->root, "intervals"), i, iv)
	{
		json_t *eps = rb_j_arr(iv, "endpoints");

		for (j = 0; j <= json_array_size(eps); j++) {
			long long id = -1;

			e = j < json_array_size(eps) ? json_array_get(eps, j)
						     : rb_j_obj(iv, "total");
			if (!json_is_object(e))
				continue;
			if (rb_j_int(iv, "interval", &id))
				fprintf(f, "%lld", id);
			id = -1;
			csv_val(f, iv, "t_start_s");
			csv_val(f, iv, "t_end_s");
			if (j < json_array_size(eps)) {
				rb_j_int(e, "id", &id);
				fprintf(f, ",ep%lld", id);
			} else {
				fputs(",total", f);
			}
			for (k = 0; cols[k]; k++)
				csv_val(f, e, cols[k]);
			fputc('\n', f);
		}
	}
	return finish(f);
}

int rb_rpt_write_csv_events(FILE *f, const struct rb_rpt *r)
{
	json_t *ev;
	size_t i;

	fputs("t_s,type,class,endpoint,start_s,end_s,errno,text\n", f);
	json_array_foreach(rb_j_arr(r->root, "events"), i, ev)
	{
		double t;

		if (rb_j_num(ev, "t_s", &t))
			fprintf(f, "%.9g", t);
		fputc(',', f);
		rb_fputs_csv(f, rb_j_str(ev, "type"));
		fputc(',', f);
		rb_fputs_csv(f, rb_j_str(ev, "class"));
		csv_val(f, ev, "endpoint");
		csv_val(f, ev, "start_s");
		csv_val(f, ev, "end_s");
		csv_val(f, ev, "errno");
		fputc(',', f);
		rb_fputs_csv(f, rb_j_str(ev, "text"));
		fputc('\n', f);
	}
	return finish(f);
}

int rb_rpt_write_csv_percentiles(FILE *f, const struct rb_rpt *r)
{
	size_t i, j, n = rb_rpt_n_endpoints(r);
	json_t *v;

	fputs("endpoint,p,ns\n", f);
	for (i = 0; i <= n; i++) {
		int id = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		char name[24];

		if (i < n && id < 0)
			continue;
		rb_rpt_ep_name(id, name, sizeof(name));
		json_array_foreach(rb_j_arr(rb_rpt_results(r, id), "latency.percentiles"), j, v)
		{
			double p;
			long long ns;

			if (rb_j_num(v, "p", &p) && rb_j_int(v, "ns", &ns))
				fprintf(f, "%s,%g,%lld\n", name, p, ns);
		}
	}
	return finish(f);
}
