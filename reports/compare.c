/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * compare.c - the percentile table of several reports: each report's value
 * and its difference from the first (the baseline), absolute and relative.
 *
 * Values are the report's own percentiles (exact as the benchmark computed
 * them); a level a report does not list is taken from its histogram and
 * marked, since it is then only as exact as the bucket width.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "report.h"

#define CMP_MAX	 16
#define CMP_ROWS 40

struct cmp_cell {
	long long ns;
	bool have;
	bool from_hist; /* not listed by the report: from its histogram */
};

struct cmp_row {
	char name[24]; /* "min", "p99", "max", "mean" */
	char key[24];  /* data-key in the page */
	struct cmp_cell c[CMP_MAX];
};

static size_t cmp_build(struct cmp_row *rows, struct rb_rpt *const *r, size_t n, int ep)
{
	double lv[CMP_ROWS - 4];
	size_t nlv = rb_rpt_levels(r[0], lv, CMP_ROWS - 4), k, i, nr = 0;

	memset(rows, 0, sizeof(*rows) * CMP_ROWS);
	snprintf(rows[nr].name, sizeof(rows[0].name), "min");
	snprintf(rows[nr++].key, sizeof(rows[0].key), "min");
	for (k = 0; k < nlv; k++) {
		snprintf(rows[nr].name, sizeof(rows[0].name), "p%g", lv[k]);
		snprintf(rows[nr++].key, sizeof(rows[0].key), "p%g", lv[k]);
	}
	snprintf(rows[nr].name, sizeof(rows[0].name), "max");
	snprintf(rows[nr++].key, sizeof(rows[0].key), "max");
	snprintf(rows[nr].name, sizeof(rows[0].name), "mean");
	snprintf(rows[nr++].key, sizeof(rows[0].key), "mean");

	for (i = 0; i < n && i < CMP_MAX; i++) {
		json_t *lat = rb_j_obj(rb_rpt_results(r[i], ep), "latency");
		struct rb_lhist h;
		bool have_h = lat && !rb_lhist_from_json(&h, lat) && rb_lhist_total(&h);
		double mean;

		if (!lat)
			continue;
		rows[0].c[i].have = rb_j_int(lat, "min_ns", &rows[0].c[i].ns);
		for (k = 0; k < nlv; k++) {
			struct cmp_cell *c = &rows[1 + k].c[i];

			if (rb_rpt_pct(lat, lv[k], &c->ns)) {
				c->have = true;
			} else if (have_h) {
				c->ns = (long long)rb_lhist_value_at(&h, lv[k]);
				c->have = c->from_hist = true;
			}
		}
		rows[1 + nlv].c[i].have = rb_j_int(lat, "max_ns", &rows[1 + nlv].c[i].ns);
		if (rb_j_num(lat, "mean_ns", &mean)) {
			rows[2 + nlv].c[i].ns = llround(mean);
			rows[2 + nlv].c[i].have = true;
		}
		if (have_h)
			rb_lhist_free(&h);
	}
	return nr;
}

/* Difference of cell i from the baseline: absolute in ns, relative in percent. */
static bool cmp_diff(const struct cmp_row *row, size_t i, long long *abs_ns, double *rel,
		     bool *have_rel)
{
	if (!row->c[0].have || !row->c[i].have)
		return false;
	*abs_ns = row->c[i].ns - row->c[0].ns;
	*have_rel = row->c[0].ns != 0;
	if (*have_rel)
		*rel = 100.0 * (double)*abs_ns / (double)row->c[0].ns;
	return true;
}

static int finish(FILE *f)
{
	if (fflush(f) == EOF || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

int rb_cmp_write_md(FILE *f, struct rb_rpt *const *r, size_t n, int ep)
{
	struct cmp_row rows[CMP_ROWS];
	size_t nr, i, k;
	char epname[24], buf[48];

	if (n > CMP_MAX)
		n = CMP_MAX;
	nr = cmp_build(rows, r, n, ep);
	fprintf(f, "### Round-trip latency (us), %s; differences from ",
		rb_rpt_ep_name(ep, epname, sizeof(epname)));
	rb_fputs_md(f, r[0]->label);
	fputs("\n\n| |", f);
	for (i = 0; i < n; i++) {
		fputc(' ', f);
		rb_fputs_md(f, r[i]->label);
		fputs(" |", f);
		if (i)
			fputs(" diff | diff % |", f);
	}
	fputs("\n|---|", f);
	for (i = 0; i < n; i++)
		fputs(i ? "---:|---:|---:|" : "---:|", f);
	fputc('\n', f);
	for (k = 0; k < nr; k++) {
		fprintf(f, "| %s |", rows[k].name);
		for (i = 0; i < n; i++) {
			long long d;
			double rel = 0;
			bool hr = false;

			if (rows[k].c[i].have) {
				rb_fmt_us(buf, sizeof(buf), rows[k].c[i].ns);
				fprintf(f, " %s%s |", rows[k].c[i].from_hist ? "~" : "", buf);
			} else {
				fputs(" - |", f);
			}
			if (!i)
				continue;
			if (cmp_diff(&rows[k], i, &d, &rel, &hr)) {
				rb_fmt_us(buf, sizeof(buf), d);
				fprintf(f, " %s%s |", d > 0 ? "+" : "", buf);
				if (hr)
					fprintf(f, " %+.1f %% |", rel);
				else
					fputs(" - |", f);
			} else {
				fputs(" - | - |", f);
			}
		}
		fputc('\n', f);
	}
	fputs("\n~ = not listed in the report, read from its histogram.\n", f);
	return finish(f);
}

int rb_cmp_write_csv(FILE *f, struct rb_rpt *const *r, size_t n, int ep)
{
	struct cmp_row rows[CMP_ROWS];
	size_t nr, i, k;

	if (n > CMP_MAX)
		n = CMP_MAX;
	nr = cmp_build(rows, r, n, ep);
	fputs("statistic,report,label,ns,from_histogram,diff_ns,diff_percent\n", f);
	for (k = 0; k < nr; k++) {
		for (i = 0; i < n; i++) {
			long long d;
			double rel = 0;
			bool hr = false;

			if (!rows[k].c[i].have)
				continue;
			fprintf(f, "%s,", rows[k].name);
			rb_fputs_csv(f, r[i]->path);
			fputc(',', f);
			rb_fputs_csv(f, r[i]->label);
			fprintf(f, ",%lld,%d,", rows[k].c[i].ns, rows[k].c[i].from_hist);
			if (cmp_diff(&rows[k], i, &d, &rel, &hr)) {
				fprintf(f, "%lld,", d);
				if (hr)
					fprintf(f, "%.3f", rel);
			} else {
				fputc(',', f);
			}
			fputc('\n', f);
		}
	}
	return finish(f);
}

int rb_cmp_write_html(FILE *f, struct rb_rpt *const *r, size_t n, int ep)
{
	struct cmp_row rows[CMP_ROWS];
	size_t nr, i, k;
	char buf[48];

	if (n > CMP_MAX)
		n = CMP_MAX;
	nr = cmp_build(rows, r, n, ep);
	fputs("<table id=\"compare-table\"><thead><tr><th>round trip (&micro;s)</th>", f);
	for (i = 0; i < n; i++) {
		fputs("<th>", f);
		rb_fputs_html(f, r[i]->label);
		fputs("</th>", f);
		if (i)
			fputs("<th>diff (&micro;s)</th><th>diff (%)</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (k = 0; k < nr; k++) {
		fprintf(f, "<tr data-key=\"%s\"><th>%s</th>", rows[k].key, rows[k].name);
		for (i = 0; i < n; i++) {
			long long d;
			double rel = 0;
			bool hr = false;

			if (rows[k].c[i].have) {
				rb_fmt_us(buf, sizeof(buf), rows[k].c[i].ns);
				fprintf(f, "<td data-report=\"%zu\" data-ns=\"%lld\"%s>%s%s</td>",
					i, rows[k].c[i].ns,
					rows[k].c[i].from_hist ? " class=\"approx\"" : "",
					rows[k].c[i].from_hist ? "~" : "", buf);
			} else {
				fprintf(f, "<td data-report=\"%zu\">-</td>", i);
			}
			if (!i)
				continue;
			if (cmp_diff(&rows[k], i, &d, &rel, &hr)) {
				rb_fmt_us(buf, sizeof(buf), d);
				fprintf(f, "<td data-diff-ns=\"%lld\" class=\"%s\">%s%s</td>", d,
					d > 0 ? "worse" : (d < 0 ? "better" : "same"),
					d > 0 ? "+" : "", buf);
				if (hr)
					fprintf(f, "<td>%+.1f</td>", rel);
				else
					fputs("<td>-</td>", f);
			} else {
				fputs("<td>-</td><td>-</td>", f);
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n<p class=\"note\">~ = not listed in the report, read from its "
	      "histogram (bucket resolution). Positive differences are slower than the first "
	      "report.</p>\n",
	      f);
	return finish(f);
}
