/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-hist - the latency histogram against exact answers: percentiles of a
 * sorted array of random samples, exact min/max/mean/stddev, merge equal to
 * recording everything in one, edge and out-of-range values, iteration,
 * reset, and the error contract of init and merge.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "sizes.h" /* rb_splitmix64 */
#include "t_check.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Log-uniform sample from 1 ns to about 200 s (some overflow, some underflow). */
static uint64_t t_sample(uint64_t *rng)
{
	double e = (double)(rb_splitmix64(rng) >> 11) / 9007199254740992.0 * 11.3;

	return (uint64_t)pow(10.0, e);
}

/* The value HdrHistogram semantics promise for rank `rank` of the sorted samples. */
static uint64_t t_expected(const struct rb_hist *h, const uint64_t *sorted, size_t n, double p)
{
	uint64_t rank = (uint64_t)(p / 100.0 * (double)n + 0.5), v;

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	v = sorted[rank - 1];
	if (v > h->highest)
		return sorted[n - 1];
	v = rb_hist_highest_equiv(h, v);
	return v > sorted[n - 1] ? sorted[n - 1] : v;
}

static void test_layout(void)
{
	struct rb_hist h;

	/* 3 digits: S = 2048, 27 power-of-two ranges up to 100 s, (27 + 1) * 1024 counters. */
	T_CHECK(rb_hist_counts_len(RB_HIST_HIGHEST_NS, 3) == 28672, "len %zu",
		rb_hist_counts_len(RB_HIST_HIGHEST_NS, 3));
	T_CHECK(rb_hist_counts_len(RB_HIST_HIGHEST_NS, 0) == 0, "digits 0");
	T_CHECK(rb_hist_counts_len(RB_HIST_HIGHEST_NS, 6) == 0, "digits 6");
	T_CHECK(rb_hist_init_default(&h) == 0, "init");
	/* Below S every value has its own counter. */
	for (uint64_t v = 0; v < 2048; v++) {
		T_CHECK(rb_hist_lowest_equiv(&h, v) == v && rb_hist_highest_equiv(&h, v) == v,
			"v %llu not exact", (unsigned long long)v);
	}
	/* Above, the bucket width is within 1/1024 of its lowest value (3 digits). */
	for (uint64_t v = 2048; v <= RB_HIST_HIGHEST_NS; v = v * 3 / 2 + 7) {
		uint64_t lo = rb_hist_lowest_equiv(&h, v), hi = rb_hist_highest_equiv(&h, v);

		T_CHECK(lo <= v && v <= hi, "v %llu outside [%llu, %llu]", (unsigned long long)v,
			(unsigned long long)lo, (unsigned long long)hi);
		T_CHECK((hi - lo + 1) * 1024 <= lo, "v %llu: width %llu too coarse",
			(unsigned long long)v, (unsigned long long)(hi - lo + 1));
		T_CHECK(rb_hist_lowest_equiv(&h, hi + 1) == hi + 1, "next bucket after %llu",
			(unsigned long long)hi);
	}
	T_CHECK(rb_hist__index(&h, RB_HIST_HIGHEST_NS) < h.counts_len, "top index in range");
	rb_hist_deinit(&h);
}

static void test_random_percentiles(void)
{
	static const double pcts[] = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 99.999, 100};
	const size_t n = 200000;
	uint64_t *v = malloc(n * sizeof(*v)), rng = 42, under = 0, over = 0;
	long double sum = 0, sumsq = 0;
	struct rb_hist h;
	double mean, sd;

	T_CHECK(v != NULL, "malloc");
	if (!v)
		return;
	T_CHECK(rb_hist_init_default(&h) == 0, "init");
	for (size_t i = 0; i < n; i++) {
		v[i] = t_sample(&rng);
		rb_hist_record(&h, v[i]);
		sum += v[i];
		sumsq += (long double)v[i] * v[i];
		under += v[i] < RB_HIST_LOWEST_NS;
		over += v[i] > RB_HIST_HIGHEST_NS;
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	T_CHECK(under > 0 && over > 0, "sample spans the range (under %llu over %llu)",
		(unsigned long long)under, (unsigned long long)over);
	T_CHECK(h.count == n, "count %llu", (unsigned long long)h.count);
	T_CHECK(h.underflow == under, "underflow %llu != %llu", (unsigned long long)h.underflow,
		(unsigned long long)under);
	T_CHECK(h.overflow == over, "overflow %llu != %llu", (unsigned long long)h.overflow,
		(unsigned long long)over);
	T_CHECK(rb_hist_min(&h) == v[0], "min");
	T_CHECK(rb_hist_max(&h) == v[n - 1], "max");
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t got = rb_hist_percentile(&h, pcts[i]);
		uint64_t want = t_expected(&h, v, n, pcts[i]);
		uint64_t rank = (uint64_t)(pcts[i] / 100.0 * (double)n + 0.5);
		uint64_t truth = v[(rank ? rank : 1) - 1];

		T_CHECK(got == want, "p%g: got %llu want %llu", pcts[i], (unsigned long long)got,
			(unsigned long long)want);
		/* And the 3-digit promise against the true sample (overflow gives the max). */
		T_CHECK(truth > RB_HIST_HIGHEST_NS ||
				(got >= truth && (got - truth) * 1000 <= truth),
			"p%g: %llu vs true %llu", pcts[i], (unsigned long long)got,
			(unsigned long long)truth);
	}
	mean = (double)(sum / n);
	sd = sqrt((double)(sumsq / n - (sum / n) * (sum / n)));
	T_CHECK(fabs(rb_hist_mean(&h) - mean) <= mean * 1e-12, "mean %f vs %f", rb_hist_mean(&h),
		mean);
	T_CHECK(fabs(rb_hist_stddev(&h) - sd) <= sd * 1e-9, "stddev %f vs %f", rb_hist_stddev(&h),
		sd);
	rb_hist_deinit(&h);
	free(v);
}

static void test_small_exact(void)
{
	struct rb_hist h;

	T_CHECK(rb_hist_init_default(&h) == 0, "init");
	T_CHECK(rb_hist_percentile(&h, 50) == 0 && rb_hist_min(&h) == 0 && rb_hist_max(&h) == 0,
		"empty histogram reads 0");
	T_CHECK(rb_hist_mean(&h) == 0.0 && rb_hist_stddev(&h) == 0.0, "empty mean/stddev");
	for (uint64_t x = 1; x <= 100; x++)
		rb_hist_record(&h, x * 10);
	/* 10..1000: all below 2048, so exact. rank(50) = 50 -> 500; rank(99) = 99 -> 990. */
	T_CHECK(rb_hist_percentile(&h, 50) == 500, "p50 %llu",
		(unsigned long long)rb_hist_percentile(&h, 50));
	T_CHECK(rb_hist_percentile(&h, 99) == 990, "p99");
	T_CHECK(rb_hist_percentile(&h, 100) == 1000, "p100");
	T_CHECK(rb_hist_percentile(&h, 0) == 10, "p0");
	T_CHECK(rb_hist_percentile(&h, -5) == 10, "p<0 clamps");
	T_CHECK(rb_hist_percentile(&h, 250) == 1000, "p>100 clamps");
	T_CHECK(rb_hist_mean(&h) == 505.0, "mean %f", rb_hist_mean(&h));
	/* Population stddev of 10..1000 step 10: 10 * sqrt((100^2 - 1) / 12). */
	T_CHECK(fabs(rb_hist_stddev(&h) - 10 * sqrt(9999.0 / 12)) < 1e-9, "stddev %f",
		rb_hist_stddev(&h));
	T_CHECK(h.underflow == 9, "underflow 10..90: %llu", (unsigned long long)h.underflow);
	rb_hist_deinit(&h);
}

static void test_edges(void)
{
	static const uint64_t vals[] = {
		0,	   1, 99, 100, 2047, 2048, 2049, RB_HIST_HIGHEST_NS, RB_HIST_HIGHEST_NS + 1,
		UINT64_MAX};
	struct rb_hist h;
	struct rb_hist_iter it = RB_HIST_ITER_INIT;
	uint64_t in_buckets = 0, prev_high = 0;
	bool first = true;

	T_CHECK(rb_hist_init_default(&h) == 0, "init");
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		rb_hist_record(&h, vals[i]);
	T_CHECK(h.count == 10, "count");
	T_CHECK(h.underflow == 3, "underflow (0, 1, 99): %llu", (unsigned long long)h.underflow);
	T_CHECK(h.overflow == 2, "overflow: %llu", (unsigned long long)h.overflow);
	T_CHECK(rb_hist_min(&h) == 0 && rb_hist_max(&h) == UINT64_MAX, "min/max exact");
	/* Ranks 9 and 10 are the overflowed samples: the exact max. */
	T_CHECK(rb_hist_percentile(&h, 90) == UINT64_MAX, "p90 in overflow");
	T_CHECK(rb_hist_percentile(&h, 80) == rb_hist_highest_equiv(&h, RB_HIST_HIGHEST_NS),
		"p80 = bucket of highest: %llu", (unsigned long long)rb_hist_percentile(&h, 80));
	T_CHECK(rb_hist_percentile(&h, 10) == 0, "p10 = 0");
	/* sum of squares exceeds 64 bits by far: mean must still be right. */
	{
		long double sum = 0;

		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
			sum += vals[i];
		T_CHECK(fabsl(rb_hist_mean(&h) - sum / 10) < sum / 10 * 1e-12, "mean %g",
			rb_hist_mean(&h));
	}
	while (rb_hist_next_bucket(&h, &it)) {
		T_CHECK(it.low_ns <= it.high_ns, "bucket order");
		T_CHECK(first || it.low_ns > prev_high, "buckets increase");
		T_CHECK(it.count > 0, "non-empty");
		in_buckets += it.count;
		prev_high = it.high_ns;
		first = false;
	}
	T_CHECK(in_buckets == h.count - h.overflow, "buckets hold %llu",
		(unsigned long long)in_buckets);
	T_CHECK(prev_high >= RB_HIST_HIGHEST_NS, "last bucket holds highest");

	/* Only overflow: no buckets, percentiles are the max. */
	rb_hist_reset(&h);
	rb_hist_record(&h, RB_HIST_HIGHEST_NS * 2);
	it = (struct rb_hist_iter)RB_HIST_ITER_INIT;
	T_CHECK(!rb_hist_next_bucket(&h, &it), "no bucket for overflow only");
	T_CHECK(rb_hist_percentile(&h, 50) == RB_HIST_HIGHEST_NS * 2, "p50 overflow only");
	rb_hist_deinit(&h);
}

static void test_u128(void)
{
	uint64_t rng = 7;

	for (int i = 0; i < 100000; i++) {
		uint64_t v = rb_splitmix64(&rng) >> (i % 64);
		struct rb_u128 a = {rb_splitmix64(&rng), rb_splitmix64(&rng) >> 2}, b = a;

		rb_u128_add_sq(&a, v);
		rb_u128_add_sq_portable(&b, v);
		T_CHECK(a.lo == b.lo && a.hi == b.hi, "portable square of %llu",
			(unsigned long long)v);
		if (a.lo != b.lo || a.hi != b.hi)
			break;
	}
}

static void test_merge(void)
{
	struct rb_hist all, a, b, other;
	uint64_t rng = 1234;

	T_CHECK(rb_hist_init_default(&all) == 0 && rb_hist_init_default(&a) == 0 &&
			rb_hist_init_default(&b) == 0,
		"init");
	for (int i = 0; i < 50000; i++) {
		uint64_t v = t_sample(&rng);

		rb_hist_record(&all, v);
		rb_hist_record(i % 3 ? &a : &b, v);
	}
	T_CHECK(rb_hist_merge(&a, &b) == 0, "merge");
	T_CHECK(!memcmp(a.counts, all.counts, all.counts_len * sizeof(uint64_t)), "counters equal");
	T_CHECK(a.count == all.count && a.overflow == all.overflow &&
			a.underflow == all.underflow && a.min == all.min && a.max == all.max,
		"summary equal");
	T_CHECK(a.sum.lo == all.sum.lo && a.sum.hi == all.sum.hi && a.sumsq.lo == all.sumsq.lo &&
			a.sumsq.hi == all.sumsq.hi,
		"sums equal");
	T_CHECK(rb_hist_percentile(&a, 99.9) == rb_hist_percentile(&all, 99.9), "p99.9 equal");

	/* Merging an empty histogram changes nothing. */
	rb_hist_reset(&b);
	T_CHECK(rb_hist_merge(&a, &b) == 0 && a.count == all.count, "merge empty");

	/* Different layouts are refused and leave dst alone. */
	T_CHECK(rb_hist_init(&other, 100, RB_HIST_HIGHEST_NS, 2, NULL, 0) == 0, "init 2 digits");
	rb_hist_record(&other, 5000);
	T_CHECK(rb_hist_merge(&a, &other) == -EINVAL, "layout mismatch -EINVAL");
	T_CHECK(a.count == all.count, "dst unchanged");
	rb_hist_deinit(&other);
	rb_hist_deinit(&all);
	rb_hist_deinit(&a);
	rb_hist_deinit(&b);
}

static void test_reset_and_init(void)
{
	static uint64_t storage[28672];
	struct rb_hist h;
	uint64_t rng = 99;
	size_t nz = 0;

	T_CHECK(rb_hist_init(&h, 100, 50, 3, NULL, 0) == -EINVAL, "lowest > highest");
	T_CHECK(rb_hist_init(&h, 100, RB_HIST_HIGHEST_NS, 0, NULL, 0) == -EINVAL, "digits 0");
	T_CHECK(rb_hist_init(&h, 100, RB_HIST_HIGHEST_NS, 6, NULL, 0) == -EINVAL, "digits 6");
	T_CHECK(rb_hist_init(&h, 100, RB_HIST_HIGHEST_NS, 3, storage, 100) == -EINVAL,
		"storage too small");
	T_CHECK(rb_hist_init(&h, 100, RB_HIST_HIGHEST_NS, 3, storage, 28672) == 0,
		"caller storage");
	T_CHECK(!h.owns_counts && h.counts == storage, "uses caller storage");
	for (int i = 0; i < 10000; i++)
		rb_hist_record(&h, t_sample(&rng));
	rb_hist_reset(&h);
	for (size_t i = 0; i < h.counts_len; i++)
		nz += storage[i] != 0;
	T_CHECK(nz == 0, "%zu counters left after reset", nz);
	T_CHECK(h.count == 0 && h.overflow == 0 && h.underflow == 0 && rb_hist_max(&h) == 0,
		"summary reset");
	rb_hist_record(&h, 12345);
	T_CHECK(rb_hist_percentile(&h, 50) == rb_hist_highest_equiv(&h, 12345) ||
			rb_hist_percentile(&h, 50) == 12345,
		"records after reset");
	T_CHECK(rb_hist_min(&h) == 12345 && rb_hist_max(&h) == 12345, "min/max after reset");
	rb_hist_deinit(&h);
	rb_hist_deinit(&h); /* twice is harmless */
}

/*
 * An interval's histogram filled by rb_hist_delta() equals one that recorded
 * every sample itself, interval after interval, with ranges that move, an
 * empty interval and one of overflows only.
 */
static void test_delta(void)
{
	struct rb_hist total, part, ref;
	uint64_t rng = 77, *base;

	T_CHECK(rb_hist_init_default(&total) == 0 && rb_hist_init_default(&part) == 0 &&
			rb_hist_init_default(&ref) == 0,
		"init");
	base = calloc(total.counts_len, sizeof(*base));
	T_CHECK(base != NULL, "base");
	if (!base)
		return;
	for (int k = 0; k < 6; k++) {
		int n = k == 2 ? 0 : k == 3 ? 3 : 5000;

		rb_hist_reset(&part);
		rb_hist_reset(&ref);
		for (int i = 0; i < n; i++) {
			/* Full range (k 0, 4, 5), 1..10 us only (k 1), overflows only (k 3). */
			uint64_t v = k == 3   ? UINT64_MAX
				     : k == 1 ? 1000 + rb_splitmix64(&rng) % 9000
					      : t_sample(&rng);

			rb_hist_record(&total, v);
			rb_hist_record_summary(&part, v);
			rb_hist_record(&ref, v);
		}
		rb_hist_delta(&part, &total, base);
		T_CHECK(!memcmp(part.counts, ref.counts, ref.counts_len * sizeof(uint64_t)),
			"interval %d: counters", k);
		T_CHECK(part.count == ref.count && part.overflow == ref.overflow &&
				part.underflow == ref.underflow && part.min == ref.min &&
				part.max == ref.max && part.sumsq.lo == ref.sumsq.lo &&
				part.sumsq.hi == ref.sumsq.hi,
			"interval %d: summary", k);
		T_CHECK(rb_hist_percentile(&part, 99.0) == rb_hist_percentile(&ref, 99.0),
			"interval %d: p99", k);
	}
	T_CHECK(!memcmp(base, total.counts, total.counts_len * sizeof(uint64_t)),
		"base ends equal to the total");
	free(base);
	rb_hist_deinit(&total);
	rb_hist_deinit(&part);
	rb_hist_deinit(&ref);
}

int main(void)
{
	test_layout();
	test_small_exact();
	test_edges();
	test_u128();
	test_random_percentiles();
	test_merge();
	test_delta();
	test_reset_and_init();
	return t_result("test-hist");
}
