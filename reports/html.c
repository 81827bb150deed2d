/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * html.c - self-contained HTML pages: one per run and one per comparison.
 *
 * A page must open offline and from an archive years later, so it references
 * nothing: the style is inline, SVG figures are inlined (their ids prefixed
 * per figure so that several gnuplot figures do not share ids), PNG figures
 * are base64 data URIs. Every string that comes from a report is HTML-escaped.
 * Tables carry data-* attributes with the exact report values (ns) so a test
 * or a script can read them back without parsing the display format.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_EVENT_ROWS 2000
#define MAX_FLAT_ROWS  2000

static const char style[] =
	"<style>\n"
	"body{font-family:'DejaVu "
	"Sans',Arial,sans-serif;margin:1.5em;color:#222;max-width:1100px}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}\n"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\n"
	"th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"td.n,table.num td{text-align:right;font-variant-numeric:tabular-nums}\n"
	"thead th{background:#f0f0f0}\n"
	".verdict{display:inline-block;padding:.2em .8em;font-weight:bold;border-radius:4px}\n"
	".pass{background:#d4edda;color:#155724}.fail{background:#f8d7da;color:#721c24}\n"
	".none{background:#eee}\n"
	"figure{margin:1em 0}figure svg,figure img{max-width:100%;height:auto;border:1px solid "
	"#ddd}\n"
	"figcaption{font-size:.9em;color:#555}.note{font-size:.85em;color:#555}\n"
	"td.worse{color:#a00}td.better{color:#070}code{font-size:.9em}\n"
	".scroll{overflow-x:auto}\n"
	"</style>\n";

static void page_head(FILE *f, const char *title, const char *label)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      f);
	fputs(title, f);
	rb_fputs_html(f, label);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<h1>", f);
	fputs(title, f);
	rb_fputs_html(f, label);
	fputs("</h1>\n", f);
}

static void kv_row(FILE *f, const char *key, const char *val)
{
	if (!val)
		return;
	fputs("<tr><th>", f);
	rb_fputs_html(f, key);
	fputs("</th><td>", f);
	rb_fputs_html(f, val);
	fputs("</td></tr>\n", f);
}

/* A scalar as text (strings as they are, numbers as JSON writes them). */
static void scalar_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, len, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_null(v))
		snprintf(buf, len, "null");
	else
		buf[0] = '\0';
}

static bool all_scalars(json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_object(v) || json_is_array(v))
			return false;
	}
	return true;
}

/*
 * Rows "key.sub[i].x | value" for everything under v; arrays of scalars on one
 * row. Generic on purpose: system and firmware information grows with the
 * format, and new members should show up without a change here.
 */
static void flat_rows(FILE *f, json_t *v, char *key, size_t klen, int depth, size_t *rows)
{
	size_t used = strlen(key);

	if (*rows >= MAX_FLAT_ROWS || depth > 8)
		return;
	if (json_is_object(v)) {
		const char *k;
		json_t *c;

		json_object_foreach(v, k, c)
		{
			snprintf(key + used, klen - used, "%s%s", used ? "." : "", k);
			flat_rows(f, c, key, klen, depth + 1, rows);
			key[used] = '\0';
		}
		return;
	}
	if (json_is_array(v) && !all_scalars(v)) {
		size_t i;
		json_t *c;

		json_array_foreach(v, i, c)
		{
			snprintf(key + used, klen - used, "[%zu]", i);
			flat_rows(f, c, key, klen, depth + 1, rows);
			key[used] = '\0';
		}
		return;
	}
	fputs("<tr><th>", f);
	rb_fputs_html(f, key);
	fputs("</th><td>", f);
	if (json_is_array(v)) {
		size_t i;
		json_t *c;

		json_array_foreach(v, i, c)
		{
			char buf[512];

			scalar_text(c, buf, sizeof(buf));
			if (i)
				fputs(", ", f);
			rb_fputs_html(f, buf);
		}
	} else if (json_is_string(v)) {
		rb_fputs_html(f, json_string_value(v));
	} else {
		char buf[64];

		scalar_text(v, buf, sizeof(buf));
		rb_fputs_html(f, buf);
	}
	fputs("</td></tr>\n", f);
	(*rows)++;
}

static void flat_section(FILE *f, const char *id, const char *title, json_t *v, const char *none)
{
	char key[512] = "";
	size_t rows = 0;

	fprintf(f, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
	if (!v || (json_is_object(v) && !json_object_size(v))) {
		fprintf(f, "<p class=\"note\">%s</p>\n</section>\n", none);
		return;
	}
	fprintf(f, "<table id=\"%s-table\">\n", id);
	flat_rows(f, v, key, sizeof(key), 0, &rows);
	fputs("</table>\n</section>\n", f);
}

static const char *const count_keys[] = {
	"sent",		"received",	"lost",		"corrupted",	 "unresolved", "duplicates",
	"reordered",	"late",		"unexpected",	"garbage_bytes", "resyncs",    "warmup",
	"write_errors", "write_eagain", "write_enomem", "short_writes",	 NULL};

/* A table cell holding a latency: exact ns in data-ns, microseconds shown. */
static void td_ns(FILE *f, const char *key, bool have, long long ns)
{
	char buf[48];

	if (!have) {
		fprintf(f, "<td data-key=\"%s\">-</td>", key);
		return;
	}
	rb_fmt_us(buf, sizeof(buf), ns);
	fprintf(f, "<td data-key=\"%s\" data-ns=\"%lld\">%s</td>", key, ns, buf);
}

/* Counts and latency tables; ids start with `pfx` (one page may hold several reports). */
static void results_tables(FILE *f, const struct rb_rpt *r, const char *pfx)
{
	size_t i, k, n = rb_rpt_n_endpoints(r);
	double lv[32];
	size_t nlv = rb_rpt_levels(r, lv, 32);

	fprintf(f, "<section id=\"%scounts\">\n<h2>Message counts</h2>\n", pfx);
	/* Sixteen counters do not fit a narrow window: the table scrolls, the page does not. */
	fprintf(f,
		"<div class=\"scroll\"><table id=\"%scounts-table\" "
		"class=\"num\"><thead><tr><th>endpoint</th>",
		pfx);
	for (k = 0; count_keys[k]; k++)
		fprintf(f, "<th>%s</th>", count_keys[k]);
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i <= n; i++) {
		int ep = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		json_t *res = rb_rpt_results(r, ep);
		char name[24];

		if (!res || (i < n && ep < 0))
			continue;
		rb_rpt_ep_name(ep, name, sizeof(name));
		fprintf(f, "<tr data-ep=\"%s\"><th>%s</th>", name, name);
		for (k = 0; count_keys[k]; k++) {
			char path[48];
			long long v;

			snprintf(path, sizeof(path), "counts.%s", count_keys[k]);
			if (rb_j_int(res, path, &v))
				fprintf(f, "<td data-key=\"%s\">%lld</td>", count_keys[k], v);
			else
				fprintf(f, "<td data-key=\"%s\">-</td>", count_keys[k]);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n<p class=\"note\">sent = received + lost + corrupted + "
	      "unresolved; duplicates, reordered, late and unexpected are counted apart.</p>\n"
	      "</section>\n",
	      f);

	fprintf(f, "<section id=\"%slatency\">\n<h2>Round-trip latency (&micro;s)</h2>\n", pfx);
	fprintf(f,
		"<table id=\"%slatency-table\" class=\"num\"><thead><tr><th>endpoint</th>"
		"<th>count</th><th>min</th>",
		pfx);
	for (k = 0; k < nlv; k++)
		fprintf(f, "<th>p%g</th>", lv[k]);
	fputs("<th>max</th><th>mean</th><th>stddev</th><th>overflow</th><th>msgs/s</th></tr>"
	      "</thead><tbody>\n",
	      f);
	for (i = 0; i <= n; i++) {
		int ep = i < n ? rb_rpt_endpoint_id(r, i) : RB_RPT_TOTAL;
		json_t *res = rb_rpt_results(r, ep), *lat;
		char name[24], key[24];
		long long v;
		double d;
		bool h;

		if (!res || (i < n && ep < 0))
			continue;
		lat = rb_j_obj(res, "latency");
		rb_rpt_ep_name(ep, name, sizeof(name));
		fprintf(f, "<tr data-ep=\"%s\"><th>%s</th>", name, name);
		if (rb_j_int(lat, "count", &v))
			fprintf(f, "<td data-key=\"count\">%lld</td>", v);
		else
			fputs("<td data-key=\"count\">-</td>", f);
		h = rb_j_int(lat, "min_ns", &v);
		td_ns(f, "min", h, v);
		for (k = 0; k < nlv; k++) {
			snprintf(key, sizeof(key), "p%g", lv[k]);
			h = rb_rpt_pct(lat, lv[k], &v);
			td_ns(f, key, h, v);
		}
		h = rb_j_int(lat, "max_ns", &v);
		td_ns(f, "max", h, v);
		h = rb_j_num(lat, "mean_ns", &d);
		if (h)
			fprintf(f, "<td data-key=\"mean\">%.3f</td>", d / 1000.0);
		else
			fputs("<td data-key=\"mean\">-</td>", f);
		h = rb_j_num(lat, "stddev_ns", &d);
		if (h)
			fprintf(f, "<td data-key=\"stddev\">%.3f</td>", d / 1000.0);
		else
			fputs("<td data-key=\"stddev\">-</td>", f);
		if (rb_j_int(lat, "overflow", &v))
			fprintf(f, "<td data-key=\"overflow\">%lld</td>", v);
		else
			fputs("<td data-key=\"overflow\">-</td>", f);
		if (rb_j_num(res, "rate.msgs_per_s", &d))
			fprintf(f, "<td data-key=\"msgs_per_s\">%.1f</td>", d);
		else
			fputs("<td data-key=\"msgs_per_s\">-</td>", f);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void verdict_section(FILE *f, json_t *root)
{
	json_t *c;
	size_t i;
	bool pass;

	fputs("<section id=\"verdict\">\n<h2>Verdict</h2>\n", f);
	if (rb_j_bool(root, "verdict.pass", &pass))
		fprintf(f, "<p><span class=\"verdict %s\" id=\"verdict-value\">%s</span></p>\n",
			pass ? "pass" : "fail", pass ? "PASS" : "FAIL");
	else
		fputs("<p><span class=\"verdict none\" id=\"verdict-value\">no "
		      "verdict</span></p>\n",
		      f);
	if (json_array_size(rb_j_arr(root, "verdict.checks"))) {
		fputs("<table "
		      "id=\"checks-table\"><thead><tr><th>check</th><th>limit</th><th>value</th>"
		      "<th>result</th></tr></thead><tbody>\n",
		      f);
		json_array_foreach(rb_j_arr(root, "verdict.checks"), i, c)
		{
			char buf[64];
			bool ok = false;

			fputs("<tr><td>", f);
			rb_fputs_html(f, rb_or(rb_j_str(c, "name"), "?"));
			scalar_text(rb_j_get(c, "limit") ? rb_j_get(c, "limit") : json_null(), buf,
				    sizeof(buf));
			fputs("</td><td>", f);
			rb_fputs_html(f, rb_j_get(c, "limit") ? buf : "none");
			scalar_text(rb_j_get(c, "value") ? rb_j_get(c, "value") : json_null(), buf,
				    sizeof(buf));
			fputs("</td><td>", f);
			rb_fputs_html(f, buf);
			rb_j_bool(c, "pass", &ok);
			fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n", ok ? "pass" : "fail",
				ok ? "pass" : "FAIL");
		}
		fputs("</tbody></table>\n", f);
	}
	fputs("</section>\n", f);
}

static void run_section(FILE *f, const struct rb_rpt *r)
{
	json_t *root = r->root, *v;
	char buf[64];
	size_t i;
	double d;

	fputs("<section id=\"run\">\n<h2>Run</h2>\n<table id=\"run-table\">\n", f);
	kv_row(f, "report file", r->path);
	kv_row(f, "tool", rb_j_str(root, "tool.name"));
	kv_row(f, "tool version", rb_j_str(root, "tool.version"));
	if (json_array_size(rb_j_arr(root, "command_line"))) {
		fputs("<tr><th>command line</th><td><code>", f);
		json_array_foreach(rb_j_arr(root, "command_line"), i, v)
		{
			if (i)
				fputc(' ', f);
			rb_fputs_html(f, json_is_string(v) ? json_string_value(v) : "?");
		}
		fputs("</code></td></tr>\n", f);
	}
	kv_row(f, "start", rb_j_str(root, "start_time"));
	kv_row(f, "end", rb_j_str(root, "end_time"));
	if (rb_j_num(root, "duration_s", &d)) {
		snprintf(buf, sizeof(buf), "%.3f s", d);
		kv_row(f, "duration", buf);
	}
	fputs("<tr><th>exit reason</th><td id=\"exit-reason\">", f);
	rb_fputs_html(f, rb_or(rb_j_str(root, "exit.reason"), "unknown"));
	fputs("</td></tr>\n", f);
	scalar_text(rb_j_get(root, "exit.status") ? rb_j_get(root, "exit.status") : json_null(),
		    buf, sizeof(buf));
	kv_row(f, "exit status", buf);
	v = rb_j_get(root, "exit.message");
	if (json_is_string(v) && *json_string_value(v))
		kv_row(f, "exit message", json_string_value(v));
	fputs("</table>\n", f);
	if (rb_j_str(root, "exit.reason") && strcmp(rb_j_str(root, "exit.reason"), "completed"))
		fputs("<p class=\"note\" id=\"partial\">The run did not complete: the figures and "
		      "tables show what the report holds.</p>\n",
		      f);
	fputs("</section>\n", f);
}

static void endpoints_section(FILE *f, json_t *root)
{
	static const char *const cols[] = {"id",  "path", "kind", "how",    "channel",
					   "src", "dst",  "mtu",  "engine", NULL};
	json_t *ep;
	size_t i, k;

	fputs("<section id=\"endpoints\">\n<h2>Endpoints</h2>\n", f);
	if (!json_array_size(rb_j_arr(root, "endpoints"))) {
		fputs("<p class=\"note\">The report lists no endpoint.</p>\n</section>\n", f);
		return;
	}
	fputs("<table id=\"endpoints-table\"><thead><tr>", f);
	for (k = 0; cols[k]; k++)
		fprintf(f, "<th>%s</th>", cols[k]);
	fputs("</tr></thead><tbody>\n", f);
	json_array_foreach(rb_j_arr(root, "endpoints"), i, ep)
	{
		fputs("<tr>", f);
		for (k = 0; cols[k]; k++) {
			json_t *v = rb_j_get(ep, cols[k]);
			char buf[512];

			scalar_text(v ? v : json_null(), buf, sizeof(buf));
			fputs("<td>", f);
			rb_fputs_html(f, v ? buf : "-");
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void events_section(FILE *f, json_t *root)
{
	json_t *klog = rb_j_obj(root, "kernel_log"), *ev, *counts;
	size_t i, n = json_array_size(rb_j_arr(root, "events"));
	bool avail;

	fputs("<section id=\"kernel\">\n<h2>Kernel log and events</h2>\n", f);
	if (klog && rb_j_bool(klog, "available", &avail) && !avail) {
		fputs("<p class=\"note\" id=\"kernel-log-unavailable\">Kernel log not available: ",
		      f);
		rb_fputs_html(f, rb_or(rb_j_str(klog, "reason"), "no reason given"));
		fputs("</p>\n", f);
	}
	counts = rb_j_obj(klog, "counts");
	if (counts && json_object_size(counts)) {
		const char *key;
		json_t *c;

		fputs("<table id=\"kernel-counts-table\" class=\"num\"><thead><tr><th>class</th>"
		      "<th>records</th></tr></thead><tbody>\n",
		      f);
		json_object_foreach(counts, key, c)
		{
			fputs("<tr><th>", f);
			rb_fputs_html(f, key);
			fprintf(f, "</th><td data-key=\"%s\">%lld</td></tr>\n", "count",
				json_is_integer(c) ? (long long)json_integer_value(c) : 0);
		}
		fputs("</tbody></table>\n", f);
	}
	if (!n) {
		fputs("<p class=\"note\">No events.</p>\n</section>\n", f);
		return;
	}
	fputs("<table id=\"events-table\"><thead><tr><th>t (s)</th><th>type</th><th>class</th>"
	      "<th>endpoint</th><th>detail</th></tr></thead><tbody>\n",
	      f);
	json_array_foreach(rb_j_arr(root, "events"), i, ev)
	{
		char buf[64];
		long long id;
		double t, a, b;

		if (i >= MAX_EVENT_ROWS)
			break;
		fputs("<tr class=\"event\"><td>", f);
		if (rb_j_num(ev, "t_s", &t))
			fprintf(f, "%.6f", t);
		fputs("</td><td>", f);
		rb_fputs_html(f, rb_or(rb_j_str(ev, "type"), "?"));
		fputs("</td><td>", f);
		rb_fputs_html(f, rb_or(rb_j_str(ev, "class"), ""));
		fputs("</td><td>", f);
		if (rb_j_int(ev, "endpoint", &id))
			fprintf(f, "%lld", id);
		fputs("</td><td>", f);
		rb_fputs_html(f, rb_or(rb_j_str(ev, "text"), ""));
		if (rb_j_num(ev, "start_s", &a) && rb_j_num(ev, "end_s", &b)) {
			snprintf(buf, sizeof(buf), "stalled %.6f s to %.6f s", a, b);
			rb_fputs_html(f, buf);
		}
		if (rb_j_int(ev, "errno", &id) && id) {
			snprintf(buf, sizeof(buf), " (errno %lld)", id);
			rb_fputs_html(f, buf);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (n > MAX_EVENT_ROWS)
		fprintf(f, "<p class=\"note\">%zu more events: see events.csv.</p>\n",
			n - MAX_EVENT_ROWS);
	fputs("</section>\n", f);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[size] = '\0';
			*len = (size_t)size;
		}
	}
	fclose(f);
	return buf;
}

/*
 * Inline gnuplot's SVG without its XML prolog, every id and reference to one
 * prefixed with "f<n>-" so that figures on one page do not clash.
 */
static int embed_svg(FILE *f, const char *path, size_t fig)
{
	static const char *const refs[] = {"id=\"", "id='", "href=\"#", "href='#", "url(#"};
	size_t len, k;
	char *svg = slurp(path, &len), *p;

	if (!svg)
		return -errno;
	p = strstr(svg, "<svg");
	if (!p) {
		free(svg);
		return -EINVAL;
	}
	while (*p) {
		bool hit = false;

		for (k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
			size_t n = strlen(refs[k]);

			if (!strncmp(p, refs[k], n)) {
				fwrite(p, 1, n, f);
				fprintf(f, "f%zu-", fig);
				p += n;
				hit = true;
				break;
			}
		}
		if (!hit)
			fputc(*p++, f);
	}
	free(svg);
	return 0;
}

static int embed_png(FILE *f, const char *path)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len, i;
	unsigned char *d = (unsigned char *)slurp(path, &len);

	if (!d)
		return -errno;
	fputs("<img alt=\"figure\" src=\"data:image/png;base64,", f);
	for (i = 0; i + 2 < len; i += 3) {
		fputc(b64[d[i] >> 2], f);
		fputc(b64[((d[i] & 3) << 4) | (d[i + 1] >> 4)], f);
		fputc(b64[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)], f);
		fputc(b64[d[i + 2] & 63], f);
	}
	if (len - i == 1) {
		fputc(b64[d[i] >> 2], f);
		fputc(b64[(d[i] & 3) << 4], f);
		fputs("==", f);
	} else if (len - i == 2) {
		fputc(b64[d[i] >> 2], f);
		fputc(b64[((d[i] & 3) << 4) | (d[i + 1] >> 4)], f);
		fputc(b64[(d[i + 1] & 15) << 2], f);
		fputc('=', f);
	}
	fputs("\">", f);
	free(d);
	return 0;
}

static int figures_section(FILE *f, const struct rb_plot_opts *o, const struct rb_figset *set)
{
	size_t i;
	int ret;

	fputs("<section id=\"figures\">\n<h2>Figures</h2>\n", f);
	if (!set || !set->n) {
		fputs("<p class=\"note\" id=\"no-figures\">No figures: the report holds no latency "
		      "samples, or figures were not asked for.</p>\n</section>\n",
		      f);
		return 0;
	}
	for (i = 0; i < set->n; i++) {
		char path[4096];

		fprintf(f, "<figure id=\"fig-%s\">\n", set->fig[i].name);
		if (o->svg) {
			snprintf(path, sizeof(path), "%s/%s.svg", o->dir, set->fig[i].name);
			ret = embed_svg(f, path, i);
		} else {
			snprintf(path, sizeof(path), "%s/%s.png", o->dir, set->fig[i].name);
			ret = embed_png(f, path);
		}
		if (ret)
			return ret;
		fputs("\n<figcaption>", f);
		rb_fputs_html(f, set->fig[i].title);
		fputs("</figcaption>\n</figure>\n", f);
	}
	fputs("<p class=\"note\">Histogram: samples per display bin on log-log axes. Percentile "
	      "spectrum: latency at each percentile, x axis 1/(1-p). Timeline: per-interval "
	      "p50/p99/max and throughput; dashed vertical lines are events (red: kernel log), "
	      "shaded spans are stalls.</p>\n</section>\n",
	      f);
	return 0;
}

static int page_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
	if (fflush(f) == EOF || ferror(f))
		return -EIO;
	return 0;
}

int rb_html_report(FILE *f, const struct rb_rpt *r, const struct rb_plot_opts *o,
		   const struct rb_figset *set)
{
	int ret;

	page_head(f, "rpmsg-bench report: ", r->label);
	verdict_section(f, r->root);
	run_section(f, r);
	results_tables(f, r, "");
	ret = figures_section(f, o, set);
	if (ret)
		return ret;
	events_section(f, r->root);
	endpoints_section(f, r->root);
	flat_section(f, "config", "Configuration", rb_j_obj(r->root, "config"),
		     "The report holds no configuration.");
	flat_section(f, "system", "System", rb_j_obj(r->root, "system"),
		     "The report holds no system information.");
	flat_section(
		f, "firmware", "Firmware", rb_j_obj(r->root, "firmware"),
		"No firmware information (generic echo peer, or the firmware did not answer).");
	return page_end(f);
}

int rb_html_compare(FILE *f, struct rb_rpt *const *r, size_t n, int ep,
		    const struct rb_plot_opts *o, const struct rb_figset *set)
{
	char epname[24];
	size_t i;
	int ret;

	page_head(f, "rpmsg-bench comparison: ", r[0]->label);
	fputs("<section id=\"reports\">\n<h2>Reports</h2>\n<table id=\"reports-table\"><thead><tr>"
	      "<th>#</th><th>label</th><th>file</th><th>kernel</th><th>BSP</th><th>board</th>"
	      "<th>start</th><th>exit</th><th>verdict</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < n; i++) {
		static const char *const cols[] = {"system.kernel.release",
						   "system.bsp_release",
						   "system.device_tree.model",
						   "start_time",
						   "exit.reason",
						   NULL};
		size_t k;
		bool pass;

		fprintf(f, "<tr><td>%zu</td><td>", i);
		rb_fputs_html(f, r[i]->label);
		fputs("</td><td>", f);
		rb_fputs_html(f, r[i]->path);
		for (k = 0; cols[k]; k++) {
			fputs("</td><td>", f);
			rb_fputs_html(f, rb_or(rb_j_str(r[i]->root, cols[k]), "-"));
		}
		fputs("</td><td>", f);
		if (rb_j_bool(r[i]->root, "verdict.pass", &pass))
			fprintf(f, "<span class=\"verdict %s\">%s</span>", pass ? "pass" : "fail",
				pass ? "PASS" : "FAIL");
		else
			fputs("-", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
	fprintf(f, "<section id=\"compare\">\n<h2>Percentiles, %s</h2>\n",
		rb_rpt_ep_name(ep, epname, sizeof(epname)));
	ret = rb_cmp_write_html(f, r, n, ep);
	if (ret)
		return ret;
	fputs("</section>\n", f);
	ret = figures_section(f, o, set);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		fprintf(f, "<section id=\"report-%zu\">\n<h2>Report %zu: ", i, i);
		rb_fputs_html(f, r[i]->label);
		fputs("</h2>\n", f);
		char pfx[24];

		snprintf(pfx, sizeof(pfx), "r%zu-", i);
		results_tables(f, r[i], pfx);
		fputs("</section>\n", f);
	}
	return page_end(f);
}
