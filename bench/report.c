/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.c - JSON report builders and writers (see report.h and
 * docs/report-format.md). Never called from the measured loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

const double rb_report_default_pct[] = {50, 90, 99, 99.9, 99.99};
const size_t rb_report_default_npct = sizeof(rb_report_default_pct) / sizeof(double);

__attribute__((format(printf, 3, 4))) static void msg(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Length of a valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		len = 2, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values beyond Unicode are invalid. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

json_t *rb_json_strn(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	json_t *j;
	char *copy;
	size_t len = 0;

	if (!s)
		return json_null();
	while (len < n && s[len])
		len++;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t l = utf8_len(p + i, len - i);

		if (!l) {
			copy[i++] = '?';
			continue;
		}
		memcpy(copy + i, p + i, l);
		i += l;
	}
	copy[len] = '\0';
	j = json_stringn(copy, len);
	free(copy);
	return j;
}

json_t *rb_json_str(const char *s)
{
	return rb_json_strn(s, s ? strlen(s) : 0);
}

/* A JSON number for a percentile: integral values as integers (50, not 50.0). */
static json_t *pct_num(double p)
{
	if (p == floor(p) && fabs(p) < 1e15)
		return json_integer((json_int_t)p);
	return json_real(p);
}

/* Unsigned counters: jansson integers are signed 64-bit; saturate (never wraps in practice). */
static json_t *ju(uint64_t v)
{
	return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

void rb_report_rfc3339(const struct timespec *t, char *buf, size_t buflen)
{
	struct timespec now;
	struct tm tm;
	char day[24];

	if (!t) {
		clock_gettime(CLOCK_REALTIME, &now);
		t = &now;
	}
	gmtime_r(&t->tv_sec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, buflen, "%s.%06ldZ", day, t->tv_nsec / 1000);
}

/* Parse what rb_report_rfc3339 wrote back into seconds; -1 if it cannot. */
static double rfc3339_seconds(const char *s)
{
	struct tm tm;
	long usec;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &usec) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + (double)usec / 1e6;
}

int rb_report_set(json_t *report, const char *key, json_t *value)
{
	if (!value)
		value = json_null();
	return json_object_set_new(report, key, value) ? -ENOMEM : 0;
}

json_t *rb_report_new(int argc, char *const argv[], const struct timespec *start)
{
	static const char *const later[] = {"end_time", "duration_s", "exit",
					    "system",	"firmware",   "config"};
	json_t *r = json_object(), *cmd = json_array(), *tool;
	char when[40];
	int ret = 0;

	if (!r || !cmd)
		goto err;
	for (int i = 0; i < argc; i++)
		ret |= json_array_append_new(cmd, rb_json_str(argv[i]));
	rb_report_rfc3339(start, when, sizeof(when));
	tool = json_pack("{s:s, s:s}", "name", RB_TOOL_NAME, "version", RB_TOOL_VERSION);
	ret |= rb_report_set(r, "format", json_string(RB_REPORT_FORMAT));
	ret |= rb_report_set(r, "format_version", json_integer(RB_REPORT_FORMAT_VERSION));
	ret |= rb_report_set(r, "tool", tool);
	ret |= rb_report_set(r, "command_line", cmd);
	cmd = NULL;
	ret |= rb_report_set(r, "start_time", json_string(when));
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		ret |= rb_report_set(r, later[i], json_null());
	ret |= rb_report_set(r, "endpoints", json_array());
	ret |= rb_report_set(r, "total", json_null());
	ret |= rb_report_set(r, "intervals", json_array());
	ret |= rb_report_set(r, "events", json_array());
	ret |= rb_report_set(r, "kernel_log", json_null());
	ret |= rb_report_set(r, "verdict", json_null());
	if (ret)
		goto err;
	return r;

err:
	json_decref(cmd);
	json_decref(r);
	return NULL;
}

static int add_to(json_t *report, const char *key, json_t *item)
{
	json_t *arr = json_object_get(report, key);

	if (!item)
		return -ENOMEM;
	if (!json_is_array(arr)) {
		arr = json_array();
		if (!arr || json_object_set_new(report, key, arr)) {
			json_decref(item);
			return -ENOMEM;
		}
	}
	return json_array_append_new(arr, item) ? -ENOMEM : 0;
}

int rb_report_add_endpoint(json_t *report, json_t *endpoint)
{
	return add_to(report, "endpoints", endpoint);
}

int rb_report_add_interval(json_t *report, json_t *interval)
{
	return add_to(report, "intervals", interval);
}

int rb_report_add_event(json_t *report, json_t *event)
{
	return add_to(report, "events", event);
}

static const char *const exit_reasons[] = {
	"completed",   "interrupted", "terminated", "io-error",
	"device-gone", "peer-silent", "bad-input",  "error",
};

int rb_report_finish(json_t *report, const struct timespec *end, int status, const char *reason,
		     const char *message, int err)
{
	double t0, t1;
	char when[40];
	bool known = false;
	int ret = 0;

	for (size_t i = 0; reason && i < sizeof(exit_reasons) / sizeof(exit_reasons[0]); i++)
		known |= !strcmp(reason, exit_reasons[i]);
	if (!known)
		return -EINVAL;
	rb_report_rfc3339(end, when, sizeof(when));
	t0 = rfc3339_seconds(json_string_value(json_object_get(report, "start_time")));
	t1 = rfc3339_seconds(when);
	ret |= rb_report_set(report, "end_time", json_string(when));
	ret |= rb_report_set(report, "duration_s", json_real(t0 >= 0 && t1 >= t0 ? t1 - t0 : 0.0));
	ret |= rb_report_set(report, "exit",
			     json_pack("{s:i, s:s, s:o, s:i}", "status", status, "reason", reason,
				       "message", rb_json_str(message ? message : ""), "errno",
				       err));
	return ret ? -ENOMEM : 0;
}

json_t *rb_report_sizes(const struct rb_sizes *s)
{
	json_t *o, *values;

	switch (s->kind) {
	case RB_SIZES_FIXED:
	case RB_SIZES_LIST:
		values = json_array();
		for (size_t i = 0; values && i < s->n; i++)
			json_array_append_new(values, json_integer(s->values[i]));
		o = json_pack("{s:s, s:o}", "kind", rb_sizes_kind_name(s->kind), "values", values);
		break;
	case RB_SIZES_SWEEP:
		o = json_pack("{s:s, s:i, s:i, s:i}", "kind", "sweep", "min", s->min, "max", s->max,
			      "step", s->step);
		break;
	case RB_SIZES_RANDOM:
		o = json_pack("{s:s, s:i, s:i, s:I}", "kind", "random", "min", s->min, "max",
			      s->max, "seed",
			      (json_int_t)(s->seed > INT64_MAX ? INT64_MAX : s->seed));
		break;
	default:
		return NULL;
	}
	if (o && (s->kind == RB_SIZES_LIST || s->kind == RB_SIZES_SWEEP) && s->repeat > 1)
		json_object_set_new(o, "repeat", json_integer(s->repeat));
	return o;
}

static json_t *threshold(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

json_t *rb_report_config(const struct rb_config_info *c)
{
	const double *pct = c->percentiles ? c->percentiles : rb_report_default_pct;
	size_t npct = c->percentiles ? c->n_percentiles : rb_report_default_npct;
	json_t *o = json_object(), *p = json_array(), *sched, *aff;
	int ret = 0;

	if (!o || !p)
		goto err;
	for (size_t i = 0; i < npct; i++)
		ret |= json_array_append_new(p, pct_num(pct[i]));
	if (c->sched_priority >= 0)
		sched = json_pack("{s:o, s:i}", "policy",
				  rb_json_str(c->sched_policy ? c->sched_policy : "SCHED_OTHER"),
				  "priority", c->sched_priority);
	else
		sched = json_pack("{s:o}", "policy",
				  rb_json_str(c->sched_policy ? c->sched_policy : "SCHED_OTHER"));
	if (c->affinity) {
		aff = json_array();
		for (size_t i = 0; aff && i < c->n_affinity; i++)
			ret |= json_array_append_new(aff, json_integer(c->affinity[i]));
	} else {
		aff = json_null();
	}
	ret |= rb_report_set(o, "mode", rb_json_str(c->mode ? c->mode : "closed"));
	ret |= rb_report_set(o, "window", json_integer(c->window));
	ret |= rb_report_set(o, "rate_hz", c->rate_hz > 0 ? json_real(c->rate_hz) : json_null());
	ret |= rb_report_set(o, "sizes", c->sizes ? rb_report_sizes(c->sizes) : json_null());
	ret |= rb_report_set(o, "count", c->count ? ju(c->count) : json_null());
	ret |= rb_report_set(o, "duration_s",
			     c->duration_s > 0 ? json_real(c->duration_s) : json_null());
	ret |= rb_report_set(o, "warmup_count", ju(c->warmup_count));
	ret |= rb_report_set(o, "warmup_s", json_real(c->warmup_s > 0 ? c->warmup_s : 0.0));
	ret |= rb_report_set(o, "loss_timeout_ms", json_integer(c->loss_timeout_ms));
	ret |= rb_report_set(o, "interval_ms", json_integer(c->interval_ms));
	ret |= rb_report_set(o, "percentiles", p);
	p = NULL;
	ret |= rb_report_set(o, "protocol", rb_json_str(c->protocol ? c->protocol : "rpmsg-bench"));
	ret |= rb_report_set(o, "clock", rb_json_str(c->clock ? c->clock : "CLOCK_MONOTONIC_RAW"));
	ret |= rb_report_set(o, "engine_requested",
			     rb_json_str(c->engine_requested ? c->engine_requested : "auto"));
	ret |= rb_report_set(o, "sched", sched);
	ret |= rb_report_set(o, "affinity", aff);
	ret |= rb_report_set(o, "mlockall", json_boolean(c->mlockall));
	ret |= rb_report_set(o, "cpu_dma_latency_us",
			     c->cpu_dma_latency_us >= 0 ? json_integer(c->cpu_dma_latency_us)
							: json_null());
	ret |= rb_report_set(o, "intervals_file", rb_json_str(c->intervals_file));
	ret |= rb_report_set(o, "thresholds",
			     json_pack("{s:o, s:o, s:o, s:o, s:o}", "max_loss",
				       threshold(c->thresholds.max_loss), "max_corrupted",
				       threshold(c->thresholds.max_corrupted), "p99_ns",
				       threshold(c->thresholds.p99_ns), "max_ns",
				       threshold(c->thresholds.max_ns), "max_kick_failures",
				       threshold(c->thresholds.max_kick_failures)));
	if (ret)
		goto err;
	return o;

err:
	json_decref(p);
	json_decref(o);
	return NULL;
}

json_t *rb_report_latency(const struct rb_hist *h, const double *pct, size_t npct,
			  bool with_histogram)
{
	json_t *o = json_object(), *ps = json_array();
	int ret = 0;

	if (!pct) {
		pct = rb_report_default_pct;
		npct = rb_report_default_npct;
	}
	if (!o || !ps)
		goto err;
	for (size_t i = 0; h->count && i < npct; i++)
		ret |= json_array_append_new(ps,
					     json_pack("{s:o, s:I}", "p", pct_num(pct[i]), "ns",
						       (json_int_t)rb_hist_percentile(h, pct[i])));
	ret |= rb_report_set(o, "count", ju(h->count));
	ret |= rb_report_set(o, "min_ns", h->count ? ju(rb_hist_min(h)) : json_null());
	ret |= rb_report_set(o, "max_ns", h->count ? ju(rb_hist_max(h)) : json_null());
	ret |= rb_report_set(o, "mean_ns", h->count ? json_real(rb_hist_mean(h)) : json_null());
	ret |= rb_report_set(o, "stddev_ns", h->count ? json_real(rb_hist_stddev(h)) : json_null());
	ret |= rb_report_set(o, "percentiles", ps);
	ps = NULL;
	ret |= rb_report_set(o, "overflow", ju(h->overflow));
	ret |= rb_report_set(o, "underflow", ju(h->underflow));
	if (with_histogram) {
		struct rb_hist_iter it = RB_HIST_ITER_INIT;
		json_t *b = json_array();

		while (b && rb_hist_next_bucket(h, &it))
			ret |= json_array_append_new(
				b, json_pack("[I, I, I]", (json_int_t)it.low_ns,
					     (json_int_t)it.high_ns, (json_int_t)it.count));
		ret |= rb_report_set(o, "histogram",
				     json_pack("{s:I, s:I, s:i, s:o}", "lowest_ns",
					       (json_int_t)h->lowest, "highest_ns",
					       (json_int_t)h->highest, "significant_digits",
					       h->digits, "buckets", b ? b : json_null()));
	}
	if (ret)
		goto err;
	return o;

err:
	json_decref(ps);
	json_decref(o);
	return NULL;
}

static json_t *counts_json(const struct rb_counts *c)
{
	json_t *o = json_object();
	int ret = 0;

	if (!o)
		return NULL;
#define PUT(m) ret |= rb_report_set(o, #m, ju(c->m));
	RB_COUNTS_FOREACH(PUT)
#undef PUT
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *rb_report_results(const struct rb_results *r, const double *pct, size_t npct)
{
	double elapsed = rb_ns_to_s(rb_results_elapsed(r));
	json_t *o = json_object(), *by = NULL;
	int ret = 0;

	if (!o)
		return NULL;
	ret |= rb_report_set(o, "counts", counts_json(&r->c));
	ret |= rb_report_set(o, "bytes",
			     json_pack("{s:o, s:o}", "sent", ju(r->c.bytes_sent), "received",
				       ju(r->c.bytes_received)));
	ret |= rb_report_set(o, "rate",
			     json_pack("{s:f, s:f, s:f}", "msgs_per_s",
				       elapsed > 0 ? (double)r->c.received / elapsed : 0.0,
				       "bytes_per_s",
				       elapsed > 0 ? (double)r->c.bytes_received / elapsed : 0.0,
				       "elapsed_s", elapsed));
	ret |= rb_report_set(o, "latency", rb_report_latency(&r->lat, pct, npct, true));
	ret |= rb_report_set(o, "latency_from_schedule",
			     r->paced ? rb_report_latency(&r->lat_sched, pct, npct, true)
				      : json_null());
	if (r->n_sizes) {
		by = json_array();
		for (size_t i = 0; by && i < r->n_sizes; i++) {
			const struct rb_size_stats *s = &r->by_size[i];

			ret |= json_array_append_new(
				by,
				json_pack("{s:i, s:{s:o, s:o, s:o, s:o, s:o}, s:o}", "size",
					  s->size, "counts", "sent", ju(s->sent), "received",
					  ju(s->received), "lost", ju(s->lost), "corrupted",
					  ju(s->corrupted), "unresolved", ju(s->unresolved),
					  "latency", rb_report_latency(&s->lat, pct, npct, false)));
		}
		ret |= rb_report_set(o, "by_size", by);
	}
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *rb_report_endpoint(const struct rb_endpoint_info *e, const struct rb_results *r,
			   const double *pct, size_t npct)
{
	json_t *o = json_object();
	int ret = 0;

	if (!o)
		return NULL;
	ret |= rb_report_set(o, "id", json_integer(e->id));
	ret |= rb_report_set(o, "path", rb_json_str(e->path));
	ret |= rb_report_set(o, "kind", rb_json_str(e->kind));
	ret |= rb_report_set(o, "how", rb_json_str(e->how ? e->how : "path"));
	ret |= rb_report_set(o, "channel", rb_json_str(e->channel));
	ret |= rb_report_set(o, "src", e->src < 0 ? json_null() : json_integer(e->src));
	ret |= rb_report_set(o, "dst", e->dst < 0 ? json_null() : json_integer(e->dst));
	ret |= rb_report_set(o, "mtu", json_integer(e->mtu));
	ret |= rb_report_set(o, "engine", rb_json_str(e->engine));
	ret |= rb_report_set(o, "engine_detail", rb_json_str(e->engine_detail));
	ret |= rb_report_set(o, "results", r ? rb_report_results(r, pct, npct) : json_null());
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* One interval entry (id < 0: the total, without id) from counts and a histogram over dt s. */
static json_t *ival_entry(int id, const struct rb_counts *c, const struct rb_hist *h, double dt)
{
	json_t *o = json_object();
	int ret = 0;

	if (!o)
		return NULL;
	if (id >= 0)
		ret |= rb_report_set(o, "id", json_integer(id));
	ret |= rb_report_set(o, "sent", ju(c->sent));
	ret |= rb_report_set(o, "received", ju(c->received));
	ret |= rb_report_set(o, "lost", ju(c->lost));
	ret |= rb_report_set(o, "corrupted", ju(c->corrupted));
	ret |= rb_report_set(o, "msgs_per_s", json_real(dt > 0 ? (double)c->received / dt : 0.0));
	ret |= rb_report_set(o, "bytes_per_s",
			     json_real(dt > 0 ? (double)c->bytes_received / dt : 0.0));
	ret |= rb_report_set(o, "min_ns", h->count ? ju(rb_hist_min(h)) : json_null());
	ret |= rb_report_set(o, "p50_ns", h->count ? ju(rb_hist_percentile(h, 50)) : json_null());
	ret |= rb_report_set(o, "p99_ns", h->count ? ju(rb_hist_percentile(h, 99)) : json_null());
	ret |= rb_report_set(o, "max_ns", h->count ? ju(rb_hist_max(h)) : json_null());
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *rb_report_interval(unsigned index, double t_start_s, double t_end_s,
			   struct rb_acct *const *accts, const int *ids, size_t n,
			   struct rb_hist *scratch)
{
	double dt = t_end_s - t_start_s;
	struct rb_counts total, c;
	json_t *o, *eps = json_array();
	int ret = 0;

	if (!eps)
		return NULL;
	memset(&total, 0, sizeof(total));
	rb_hist_reset(scratch);
	for (size_t i = 0; i < n; i++) {
		json_t *e;

		rb_acct_ival_counts(accts[i], &c);
		rb_acct_ival_fill(accts[i]);
#define ADD(m) total.m += c.m;
		RB_COUNTS_FOREACH(ADD)
#undef ADD
		total.bytes_received += c.bytes_received;
		total.bytes_sent += c.bytes_sent;
		ret |= rb_hist_merge(scratch, &accts[i]->ival) ? -1 : 0;
		e = ival_entry(ids ? ids[i] : (int)i, &c, &accts[i]->ival, dt);
		ret |= json_array_append_new(eps, e);
	}
	o = json_pack("{s:I, s:f, s:f, s:o, s:o}", "interval", (json_int_t)index, "t_start_s",
		      t_start_s, "t_end_s", t_end_s, "endpoints", eps, "total",
		      ival_entry(-1, &total, scratch, dt));
	if (ret) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* One verdict check; a value < 0 means unknown (fails). */
static int check(json_t *checks, bool *pass, const char *name, int64_t limit, int64_t value)
{
	bool ok = value >= 0 && value <= limit;

	*pass &= ok;
	return json_array_append_new(
		checks,
		json_pack("{s:s, s:I, s:o, s:b}", "name", name, "limit", (json_int_t)limit, "value",
			  value < 0 ? json_null() : json_integer(value), "pass", ok));
}

static int64_t sat64(uint64_t v)
{
	return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

json_t *rb_report_verdict(const struct rb_thresholds *t, const struct rb_results *total,
			  int64_t kick_failures)
{
	json_t *checks = json_array();
	bool pass = true;
	int ret = 0;

	if (!checks)
		return NULL;
	if (t->max_loss >= 0)
		ret |= check(checks, &pass, "loss", t->max_loss, sat64(total->c.lost));
	if (t->max_corrupted >= 0)
		ret |= check(checks, &pass, "corrupted", t->max_corrupted,
			     sat64(total->c.corrupted));
	if (t->p99_ns >= 0)
		ret |= check(checks, &pass, "p99_ns", t->p99_ns,
			     total->lat.count ? sat64(rb_hist_percentile(&total->lat, 99)) : -1);
	if (t->max_ns >= 0)
		ret |= check(checks, &pass, "max_ns", t->max_ns,
			     total->lat.count ? sat64(rb_hist_max(&total->lat)) : -1);
	if (t->max_kick_failures >= 0)
		ret |= check(checks, &pass, "kick_failures", t->max_kick_failures, kick_failures);
	if (ret) {
		json_decref(checks);
		return NULL;
	}
	return json_pack("{s:b, s:o}", "pass", pass, "checks", checks);
}

json_t *rb_report_fw_stats(const struct rb_stats *s)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:o, s:o, s:I}",
			 "rx_msgs", ju(s->rx_msgs), "tx_msgs", ju(s->tx_msgs), "rx_bytes",
			 ju(s->rx_bytes), "tx_bytes", ju(s->tx_bytes), "data_frames",
			 ju(s->data_frames), "ctrl_frames", ju(s->ctrl_frames), "raw_bytes",
			 ju(s->raw_bytes), "no_tx_buf", ju(s->no_tx_buf), "malformed",
			 ju(s->malformed), "bad_desc", ju(s->bad_desc), "kicks_rx", ju(s->kicks_rx),
			 "notify_tx", ju(s->notify_tx), "injected_drop", ju(s->injected_drop),
			 "injected_dup", ju(s->injected_dup), "injected_corrupt",
			 ju(s->injected_corrupt), "worst_kick_ticks", ju(s->worst_kick_ticks),
			 "ts_hz", (json_int_t)s->ts_hz);
}

static const char *ts_source_name(uint8_t src)
{
	switch (src) {
	case RB_TS_NONE:
		return "none";
	case RB_TS_DWT_CYCCNT:
		return "dwt-cyccnt";
	case RB_TS_SYSTICK:
		return "systick";
	case RB_TS_SYS_COUNTER:
		return "sys-counter";
	case RB_TS_HOST_MONO:
		return "host-monotonic";
	}
	return "unknown";
}

json_t *rb_report_firmware(const struct rb_info *info, const struct rb_stats *before,
			   const struct rb_stats *after)
{
	char version[32];
	json_t *o;

	snprintf(version, sizeof(version), "%u.%u.%u", (unsigned)(info->fw_version >> 16) & 0xff,
		 (unsigned)(info->fw_version >> 8) & 0xff, (unsigned)info->fw_version & 0xff);
	o = json_pack("{s:s, s:o, s:o, s:I, s:s, s:I, s:i, s:i, s:i, s:i, s:I, s:i}", "version",
		      version, "build_id", rb_json_strn(info->build_id, sizeof(info->build_id)),
		      "board", rb_json_strn(info->board, sizeof(info->board)), "core_clock_hz",
		      (json_int_t)info->core_clock_hz, "ts_source", ts_source_name(info->ts_source),
		      "ts_hz", (json_int_t)info->ts_hz, "vring_num", (int)info->vring_num,
		      "buf_size", (int)info->buf_size, "max_payload", (int)info->max_payload,
		      "num_channels", (int)info->num_channels, "proto_version",
		      (json_int_t)info->proto_version, "channel_addr", (int)info->channel_addr);
	if (!o)
		return NULL;
	if (before && rb_report_set(o, "stats_before", rb_report_fw_stats(before)))
		goto err;
	if (after && rb_report_set(o, "stats_after", rb_report_fw_stats(after)))
		goto err;
	return o;

err:
	json_decref(o);
	return NULL;
}

json_t *rb_report_event_error(double t_s, int endpoint, const char *text, int err)
{
	return json_pack("{s:f, s:s, s:i, s:o, s:i}", "t_s", t_s, "type", "error", "endpoint",
			 endpoint, "text", rb_json_str(text ? text : ""), "errno", err);
}

json_t *rb_report_event_stall(double t_s, int endpoint, double start_s, double end_s,
			      const uint64_t *held, size_t n_held)
{
	json_t *h = json_array();

	for (size_t i = 0; h && i < n_held; i++)
		json_array_append_new(h, ju(held[i]));
	return json_pack("{s:f, s:s, s:i, s:f, s:f, s:o}", "t_s", t_s, "type", "stall", "endpoint",
			 endpoint, "start_s", start_s, "end_s", end_s, "held",
			 h ? h : json_array());
}

json_t *rb_report_kernel_log_unavailable(const char *reason)
{
	return json_pack("{s:b, s:o, s:i, s:{}, s:n}", "available", 0, "reason",
			 rb_json_str(reason ? reason : ""), "records_overwritten", 0, "counts",
			 "clock_offset_ns");
}

int rb_jsonl_open(struct rb_jsonl *w, const char *path, char *err, size_t errlen)
{
	int e;

	memset(w, 0, sizeof(*w));
	if (strlen(path) >= sizeof(w->path)) {
		msg(err, errlen, "intervals file %s: %s", path, strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	w->f = fopen(path, "we");
	if (!w->f) {
		e = errno;
		msg(err, errlen, "cannot create intervals file %s: %s", path, strerror(e));
		return -e;
	}
	strcpy(w->path, path);
	return 0;
}

int rb_jsonl_append(struct rb_jsonl *w, const json_t *obj, char *err, size_t errlen)
{
	char *line;
	int e = 0;

	if (!w->f) {
		msg(err, errlen, "intervals file %s: %s", w->path, strerror(EBADF));
		return -EBADF;
	}
	line = json_dumps(obj, JSON_COMPACT);
	if (!line) {
		msg(err, errlen, "intervals file %s: %s", w->path, strerror(ENOMEM));
		return -ENOMEM;
	}
	if (fputs(line, w->f) == EOF || fputc('\n', w->f) == EOF || fflush(w->f) == EOF)
		e = errno ? errno : EIO;
	free(line);
	if (e) {
		/* Drop what stdio still holds so a later line does not carry half of this one. */
		clearerr(w->f);
		msg(err, errlen, "cannot write intervals file %s: %s", w->path, strerror(e));
		return -e;
	}
	return 0;
}

int rb_jsonl_close(struct rb_jsonl *w)
{
	int ret = 0;

	if (w->f && fclose(w->f) == EOF)
		ret = -errno;
	w->f = NULL;
	return ret;
}

/* write() all of buf to fd, retrying short writes and EINTR. 0 or -errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int rb_report_write(const json_t *report, const char *path, char *err, size_t errlen)
{
	char tmp[4096 + 8], dir[4096];
	char *text;
	int fd, ret, dfd;
	size_t len;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp) - 4) {
		msg(err, errlen, "cannot write report %s: %s", path, strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	text = json_dumps(report, JSON_INDENT(2));
	if (!text) {
		msg(err, errlen, "cannot write report %s: %s", path, strerror(ENOMEM));
		return -ENOMEM;
	}
	len = strlen(text);
	text[len] = '\0';

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		msg(err, errlen, "cannot write report %s (creating %s): %s", path, tmp,
		    strerror(-ret));
		free(text);
		return ret;
	}
	ret = write_all(fd, text, len);
	if (!ret)
		ret = write_all(fd, "\n", 1);
	free(text);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret) {
		msg(err, errlen, "cannot write report %s (writing %s): %s", path, tmp,
		    strerror(-ret));
		unlink(tmp);
		return ret;
	}
	if (rename(tmp, path)) {
		ret = -errno;
		msg(err, errlen, "cannot write report %s (renaming %s): %s", path, tmp,
		    strerror(-ret));
		unlink(tmp);
		return ret;
	}
	/* Make the rename itself durable; a failure here loses nothing already written. */
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
