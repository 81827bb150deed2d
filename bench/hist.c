/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hist.c - log-linear latency histogram. See hist.h for the layout and the
 * contracts; the index arithmetic follows HdrHistogram_c (hdr_histogram.c,
 * counts_index / hdr_value_at_index) with a unit of 1 ns.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "mem.h"

/* Sub-bucket magnitude for `digits`: log2 of S = 2^ceil(log2(2 * 10^digits)). */
static int sub_count_mag(int digits)
{
	uint64_t largest = 2;
	int mag = 0;

	for (int i = 0; i < digits; i++)
		largest *= 10;
	while ((1ull << mag) < largest)
		mag++;
	return mag;
}

size_t rb_hist_counts_len(rb_ns highest, int digits)
{
	unsigned buckets = 1;
	uint64_t top;
	int mag;

	if (digits < 1 || digits > 5)
		return 0;
	mag = sub_count_mag(digits);
	top = 1ull << mag; /* smallest value bucket 0 cannot hold */
	if (highest < top / 2)
		return 0;
	while (top <= highest) {
		if (top > UINT64_MAX / 2) {
			buckets++;
			break;
		}
		top <<= 1;
		buckets++;
	}
	return (size_t)(buckets + 1) << (mag - 1);
}

int rb_hist_init(struct rb_hist *h, rb_ns lowest, rb_ns highest, int digits, uint64_t *storage,
		 size_t storage_len)
{
	size_t len = rb_hist_counts_len(highest, digits);
	int mag;

	memset(h, 0, sizeof(*h));
	if (!len || lowest > highest)
		return -EINVAL;
	if (storage && storage_len < len)
		return -EINVAL;
	if (!storage) {
		storage = calloc(len, sizeof(*storage));
		if (!storage)
			return -ENOMEM;
		rb_prefault_zeroed(storage, len * sizeof(*storage));
		h->owns_counts = true;
	}
	mag = sub_count_mag(digits);
	h->lowest = lowest;
	h->highest = highest;
	h->digits = digits;
	h->sub_half_mag = (unsigned)mag - 1;
	h->sub_half = 1u << h->sub_half_mag;
	h->sub_mask = (1ull << mag) - 1;
	h->counts_len = len;
	h->counts = storage;
	h->min = UINT64_MAX;
	return 0;
}

int rb_hist_init_default(struct rb_hist *h)
{
	return rb_hist_init(h, RB_HIST_LOWEST_NS, RB_HIST_HIGHEST_NS, RB_HIST_DIGITS, NULL, 0);
}

void rb_hist_deinit(struct rb_hist *h)
{
	if (h->owns_counts)
		free(h->counts);
	memset(h, 0, sizeof(*h));
}

/*
 * The counters h's samples can have reached, from that of its min to that of
 * its max: [*lo, *hi]. False when there are none (every sample overflowed).
 */
static bool counted_range(const struct rb_hist *h, size_t *lo, size_t *hi)
{
	if (h->count <= h->overflow)
		return false;
	*lo = rb_hist__index(h, h->min);
	*hi = rb_hist__index(h, h->max > h->highest ? h->highest : h->max);
	return true;
}

void rb_hist_delta(struct rb_hist *part, const struct rb_hist *total, uint64_t *base)
{
	size_t lo, hi;

	if (!counted_range(part, &lo, &hi))
		return;
	for (size_t i = lo; i <= hi; i++) {
		part->counts[i] = total->counts[i] - base[i];
		base[i] = total->counts[i];
	}
}

void rb_hist_reset(struct rb_hist *h)
{
	size_t lo, hi;

	/* Only counters between min and max can be non-zero. */
	if (counted_range(h, &lo, &hi))
		memset(h->counts + lo, 0, (hi - lo + 1) * sizeof(*h->counts));
	h->count = h->overflow = h->underflow = 0;
	h->min = UINT64_MAX;
	h->max = 0;
	h->sum = (struct rb_u128){0, 0};
	h->sumsq = (struct rb_u128){0, 0};
}

static void u128_add128(struct rb_u128 *a, const struct rb_u128 *b)
{
	a->lo += b->lo;
	a->hi += b->hi + (a->lo < b->lo);
}

int rb_hist_merge(struct rb_hist *dst, const struct rb_hist *src)
{
	size_t lo, hi;

	if (dst->counts_len != src->counts_len || dst->sub_half != src->sub_half ||
	    dst->highest != src->highest || dst->lowest != src->lowest)
		return -EINVAL;
	if (!src->count)
		return 0;
	if (counted_range(src, &lo, &hi)) {
		for (size_t i = lo; i <= hi; i++)
			dst->counts[i] += src->counts[i];
	}
	dst->count += src->count;
	dst->overflow += src->overflow;
	dst->underflow += src->underflow;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	u128_add128(&dst->sum, &src->sum);
	u128_add128(&dst->sumsq, &src->sumsq);
	return 0;
}

rb_ns rb_hist_min(const struct rb_hist *h)
{
	return h->count ? h->min : 0;
}

rb_ns rb_hist_max(const struct rb_hist *h)
{
	return h->count ? h->max : 0;
}

static double u128_to_double(const struct rb_u128 *a)
{
	return (double)a->hi * 18446744073709551616.0 + (double)a->lo;
}

double rb_hist_mean(const struct rb_hist *h)
{
	if (!h->count)
		return 0.0;
	return u128_to_double(&h->sum) / (double)h->count;
}

double rb_hist_stddev(const struct rb_hist *h)
{
	double mean, var;

	if (!h->count)
		return 0.0;
	/*
	 * var = E[x^2] - mean^2. Both terms come from exact integer sums, so
	 * the only error is the final double rounding; clamp the tiny negative
	 * results that rounding gives for constant samples.
	 */
	mean = rb_hist_mean(h);
	var = u128_to_double(&h->sumsq) / (double)h->count - mean * mean;
	return var > 0 ? sqrt(var) : 0.0;
}

/* Lowest value of counter `idx` and the width of its range. */
static rb_ns value_at_index(const struct rb_hist *h, size_t idx, rb_ns *width)
{
	long bucket = (long)(idx >> h->sub_half_mag) - 1;
	uint64_t sub = (idx & (h->sub_half - 1)) + h->sub_half;

	if (bucket < 0) {
		sub -= h->sub_half;
		bucket = 0;
	}
	*width = 1ull << bucket;
	return sub << bucket;
}

rb_ns rb_hist_lowest_equiv(const struct rb_hist *h, rb_ns v)
{
	rb_ns width;

	return value_at_index(h, rb_hist__index(h, v), &width);
}

rb_ns rb_hist_highest_equiv(const struct rb_hist *h, rb_ns v)
{
	rb_ns width;
	rb_ns low = value_at_index(h, rb_hist__index(h, v), &width);

	return low + width - 1;
}

/* Highest value equivalent to bucket i, within the exact min and max. */
static rb_ns bucket_value(const struct rb_hist *h, size_t i)
{
	rb_ns width, v = value_at_index(h, i, &width);

	v += width - 1;
	if (v > h->max)
		v = h->max;
	if (v < h->min)
		v = h->min;
	return v;
}

rb_ns rb_hist_percentile(const struct rb_hist *h, double p)
{
	uint64_t rank, seen = 0;
	size_t lo, hi, i;

	if (!h->count)
		return 0;
	if (!(p >= 0.0))
		p = 0.0;
	if (p > 100.0)
		p = 100.0;
	/* HdrHistogram: count_at_percentile = (int64)(p / 100 * total + 0.5), at least 1. */
	rank = (uint64_t)(p / 100.0 * (double)h->count + 0.5);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	if (rank > h->count - h->overflow || !counted_range(h, &lo, &hi))
		return h->max;
	if (rank <= (h->count - h->overflow) / 2) {
		for (i = lo; i <= hi; i++) {
			seen += h->counts[i];
			if (seen >= rank)
				return bucket_value(h, i);
		}
	} else {
		/*
		 * High percentiles (p99 at every interval): walk down from max, so the
		 * cost is the few buckets above the rank, not the whole range.
		 * `seen` is then the number of bucketed samples in buckets > i; bucket
		 * i holds the rank when the buckets below it hold fewer than rank.
		 */
		uint64_t in_buckets = h->count - h->overflow;

		for (i = hi; i >= lo && i <= hi; i--) {
			if (in_buckets - seen - h->counts[i] < rank)
				return bucket_value(h, i);
			seen += h->counts[i];
		}
	}
	return h->max; /* not reached: the buckets hold count - overflow samples */
}

bool rb_hist_next_bucket(const struct rb_hist *h, struct rb_hist_iter *it)
{
	size_t lo, hi;

	if (!counted_range(h, &lo, &hi))
		return false;
	if (it->idx == 0)
		it->idx = lo;
	for (; it->idx <= hi; it->idx++) {
		if (h->counts[it->idx]) {
			rb_ns width;

			it->low_ns = value_at_index(h, it->idx, &width);
			it->high_ns = it->low_ns + width - 1;
			it->count = h->counts[it->idx];
			it->idx++;
			return true;
		}
	}
	return false;
}
