/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hist.c - a report's sparse latency histogram: percentiles and the
 * HdrHistogram percentile walk.
 *
 * The report lists only non-empty buckets as [low_ns, high_ns, count]; samples
 * above the histogram's range are in no bucket but counted in "overflow", and
 * the benchmark reports percentiles among them as the exact max (bench/hist.h).
 * The same rule is used here so both tools agree.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int cmp_bucket(const void *a, const void *b)
{
	const struct rb_bucket *x = a, *y = b;

	if (x->low_ns != y->low_ns)
		return x->low_ns < y->low_ns ? -1 : 1;
	return 0;
}

int rb_lhist_from_json(struct rb_lhist *h, json_t *lat)
{
	json_t *buckets = rb_j_arr(lat, "histogram.buckets");
	long long v;
	size_t i, n = buckets ? json_array_size(buckets) : 0;

	memset(h, 0, sizeof(*h));
	if (rb_j_int(lat, "overflow", &v) && v > 0)
		h->overflow = (uint64_t)v;
	if (rb_j_int(lat, "max_ns", &v) && v >= 0) {
		h->max_ns = (uint64_t)v;
		h->have_max = true;
	}
	if (!n)
		return 0;
	h->b = calloc(n, sizeof(*h->b));
	if (!h->b)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *b = json_array_get(buckets, i);
		json_t *lo = json_array_get(b, 0), *hi = json_array_get(b, 1),
		       *c = json_array_get(b, 2);
		struct rb_bucket *d = &h->b[h->n];

		/* rb_rpt_load checked the shape; this guards direct callers. */
		if (!json_is_integer(lo) || !json_is_integer(hi) || !json_is_integer(c) ||
		    json_integer_value(lo) < 0 || json_integer_value(hi) < json_integer_value(lo) ||
		    json_integer_value(c) < 0)
			goto bad;
		d->low_ns = (uint64_t)json_integer_value(lo);
		d->high_ns = (uint64_t)json_integer_value(hi);
		d->count = (uint64_t)json_integer_value(c);
		if (!d->count)
			continue;
		if (h->in_buckets + d->count < h->in_buckets)
			goto bad;
		h->in_buckets += d->count;
		h->n++;
	}
	if (h->in_buckets + h->overflow < h->in_buckets)
		goto bad;
	qsort(h->b, h->n, sizeof(*h->b), cmp_bucket);
	return 0;
bad:
	rb_lhist_free(h);
	return -EINVAL;
}

void rb_lhist_free(struct rb_lhist *h)
{
	free(h->b);
	memset(h, 0, sizeof(*h));
}

uint64_t rb_lhist_total(const struct rb_lhist *h)
{
	return h->in_buckets + h->overflow;
}

/* Highest value a bucket stands for, never above the exact max. */
static uint64_t bucket_value(const struct rb_lhist *h, const struct rb_bucket *b)
{
	if (h->have_max && h->max_ns && b->high_ns > h->max_ns)
		return h->max_ns;
	return b->high_ns;
}

static uint64_t overflow_value(const struct rb_lhist *h)
{
	if (h->have_max)
		return h->max_ns;
	return h->n ? h->b[h->n - 1].high_ns : 0;
}

uint64_t rb_lhist_value_at(const struct rb_lhist *h, double p)
{
	uint64_t total = rb_lhist_total(h), cum = 0;
	double want;
	uint64_t rank;
	size_t i;

	if (!total)
		return 0;
	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	want = ceil(p / 100.0 * (double)total);
	rank = want < 1 ? 1 : (want >= (double)total ? total : (uint64_t)want);
	for (i = 0; i < h->n; i++) {
		cum += h->b[i].count;
		if (cum >= rank)
			return bucket_value(h, &h->b[i]);
	}
	return overflow_value(h);
}

/* The next percentile level HdrHistogram reports after `p`. */
static double next_level(double p, int ticks)
{
	double halvings = floor(log2(100.0 / (100.0 - p))) + 1;

	return p + 100.0 / ((double)ticks * pow(2.0, halvings));
}

void rb_lhist_percentiles(const struct rb_lhist *h, int ticks, rb_lhist_pct_fn fn, void *ctx)
{
	uint64_t total = rb_lhist_total(h), cum = 0, value = 0;
	double level = 0;
	size_t i;

	if (!total)
		return;
	if (ticks < 1)
		ticks = 1;
	/* The overflow samples act as one last bucket at the exact max. */
	for (i = 0; i <= h->n; i++) {
		uint64_t c = i < h->n ? h->b[i].count : h->overflow;
		double cur;
		int guard;

		if (!c)
			continue;
		cum += c;
		value = i < h->n ? bucket_value(h, &h->b[i]) : overflow_value(h);
		cur = 100.0 * (double)cum / (double)total;
		if (cum >= total || cur >= 100.0) {
			/* The bucket that completes the count reports once, then 100 %. */
			if (level <= cur)
				fn(ctx, value, level, cum, false);
			break;
		}
		/*
		 * Several levels can fall in one bucket; the step halves with each
		 * halving of 1 - p, so the guard only stops rounding trouble.
		 */
		for (guard = 0; level <= cur && guard < 4096; guard++) {
			fn(ctx, value, level, cum, false);
			level = next_level(level, ticks);
		}
	}
	fn(ctx, value, 100.0, total, true);
}
