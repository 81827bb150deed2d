/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hist.h - a log-linear (HdrHistogram-style) latency histogram.
 *
 * Layout (as HdrHistogram): values are integer nanoseconds with a unit of
 * 1 ns. With D significant digits, each power-of-two range [2^k, 2^(k+1)) is
 * split into S/2 equal sub-buckets, S = 2^ceil(log2(2 * 10^D)) (2048 for
 * D = 3), so a recorded value is known to within 1 part in S/2 (1/1024 <
 * 1/1000 for D = 3), and values below S are kept exactly. The memory is fixed
 * once at init from (highest, digits): 28672 counters (224 KiB) for the
 * default 3 digits up to 100 s; nothing is allocated while recording.
 *
 * Out-of-range values are never dropped:
 *   - a value below `lowest` is counted in `underflow` and recorded normally
 *     (it still lands in its exact low bucket);
 *   - a value above `highest` is counted in `overflow`, in the count, min,
 *     max, mean and stddev, but in no bucket; percentiles that fall among the
 *     overflowed samples return the exact max.
 *
 * min, max, mean and stddev are exact: they come from running sums kept in
 * 128 bits, not from the buckets.
 *
 * Not thread-safe; one writer. Merging needs the same layout (same highest
 * and digits).
 */
#ifndef RB_HIST_H
#define RB_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rbtime.h"

/* The report's histogram: 3 significant digits from 100 ns to 100 s. */
#define RB_HIST_LOWEST_NS  100ull
#define RB_HIST_HIGHEST_NS (100ull * RB_NS_PER_S)
#define RB_HIST_DIGITS	   3

/* Unsigned 128-bit accumulator, portable to 32-bit Arm (no __int128 there). */
struct rb_u128 {
	uint64_t lo;
	uint64_t hi;
};

struct rb_hist {
	/* Layout, fixed at init. */
	rb_ns lowest;	       /* values below are counted in underflow */
	rb_ns highest;	       /* values above are counted in overflow */
	int digits;	       /* significant digits, 1..5 */
	unsigned sub_half_mag; /* log2(sub-buckets per power of two) */
	unsigned sub_half;     /* sub-buckets per power of two (S/2) */
	uint64_t sub_mask;     /* S - 1 */
	size_t counts_len;     /* number of counters */
	uint64_t *counts;      /* counts_len counters */
	bool owns_counts;      /* counts came from rb_hist_init's allocation */

	/* Samples. */
	uint64_t count;	      /* every recorded sample, overflow included */
	uint64_t overflow;    /* samples > highest (in no bucket) */
	uint64_t underflow;   /* samples < lowest (in a bucket too) */
	rb_ns min;	      /* exact; UINT64_MAX when empty */
	rb_ns max;	      /* exact; 0 when empty */
	struct rb_u128 sum;   /* sum of samples */
	struct rb_u128 sumsq; /* sum of squared samples */
};

/*
 * Number of 64-bit counters a histogram with this layout needs, for callers
 * that provide the storage (static or preallocated). 0 when the layout is
 * invalid (digits outside 1..5, or highest below S / 2: 1024 for 3 digits).
 */
size_t rb_hist_counts_len(rb_ns highest, int digits);

/*
 * Initialise `h` with values from `lowest` to `highest` ns at `digits`
 * significant digits. `storage` is caller memory of `storage_len` counters
 * (at least rb_hist_counts_len()) that must already be zero-filled (static
 * storage, calloc, a fresh mapping: it is not cleared here, so the untouched
 * pages of a large block stay unbacked), or NULL to allocate it here, once.
 * Returns 0, -EINVAL (bad layout, lowest > highest, storage too small) or
 * -ENOMEM. On error `h` needs no deinit.
 */
int rb_hist_init(struct rb_hist *h, rb_ns lowest, rb_ns highest, int digits, uint64_t *storage,
		 size_t storage_len);

/* Initialise with the report layout (RB_HIST_LOWEST_NS, RB_HIST_HIGHEST_NS, RB_HIST_DIGITS). */
int rb_hist_init_default(struct rb_hist *h);

/* Free what rb_hist_init allocated; `h` may be zeroed or already deinited. */
void rb_hist_deinit(struct rb_hist *h);

/* Forget every sample, keep the layout. Clears only the counters in use. */
void rb_hist_reset(struct rb_hist *h);

/* Internal: index of the counter for value v (v <= highest). */
static inline size_t rb_hist__index(const struct rb_hist *h, uint64_t v)
{
	/* Power-of-two range of v, counted from the first range of S values. */
	unsigned pow2ceil = 64u - (unsigned)__builtin_clzll(v | h->sub_mask);
	unsigned bucket = pow2ceil - (h->sub_half_mag + 1);
	size_t sub = (size_t)(v >> bucket);

	return ((size_t)(bucket + 1) << h->sub_half_mag) + sub - h->sub_half;
}

static inline void rb_u128_add(struct rb_u128 *a, uint64_t v)
{
	a->lo += v;
	a->hi += (a->lo < v);
}

/* a += v * v, exactly, without 128-bit integers (32-bit Arm has none). */
static inline void rb_u128_add_sq_portable(struct rb_u128 *a, uint64_t v)
{
	uint64_t vl = v & 0xffffffffu, vh = v >> 32;
	uint64_t ll = vl * vl, lh = vl * vh, hh = vh * vh;
	/* v^2 = hh * 2^64 + 2 * lh * 2^32 + ll, and 2 * lh < 2^65. */
	uint64_t mid_lo = lh << 33, mid_hi = lh >> 31;
	uint64_t plo = ll + mid_lo;
	uint64_t phi = hh + mid_hi + (plo < ll);

	a->lo += plo;
	a->hi += phi + (a->lo < plo);
}

/* a += v * v, exactly. */
static inline void rb_u128_add_sq(struct rb_u128 *a, uint64_t v)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 p = (unsigned __int128)v * v;
	uint64_t plo = (uint64_t)p;

	a->lo += plo;
	a->hi += (uint64_t)(p >> 64) + (a->lo < plo);
#else
	rb_u128_add_sq_portable(a, v);
#endif
}

/* Record v in h's summary (count, min, max, sums) but in no counter. */
static inline void rb_hist__summary(struct rb_hist *h, rb_ns v)
{
	h->count++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	rb_u128_add(&h->sum, v);
	rb_u128_add_sq(&h->sumsq, v);
}

/*
 * Record v in h's summary and its overflow/underflow counts, but in no
 * counter: for an interval's histogram, whose counters rb_hist_delta() fills
 * at the interval's end from the run's histogram.
 */
static inline void rb_hist_record_summary(struct rb_hist *h, rb_ns v)
{
	rb_hist__summary(h, v);
	if (v > h->highest)
		h->overflow++;
	else if (v < h->lowest)
		h->underflow++;
}

/*
 * Record one sample of v ns. O(1), no allocation, no branch but the range
 * checks: this is on the hot path.
 */
static inline void rb_hist_record(struct rb_hist *h, rb_ns v)
{
	rb_hist_record_summary(h, v);
	if (v <= h->highest)
		h->counts[rb_hist__index(h, v)]++;
}

/*
 * An interval's histogram without a second counter per sample. `part` got
 * its samples through rb_hist_record_summary(), `total` (same layout) got the
 * same samples through rb_hist_record() and earlier ones besides, and `base`
 * (counts_len counters, zero-filled when total was empty) holds total's
 * counters as they were when part last started. Sets part's counters to
 * total's minus base and base to total's, from the counter of part's min to
 * that of its max: the only counters part's samples reached, so base keeps
 * equal to total everywhere else. Afterwards part is what recording each
 * sample with rb_hist_record() would have made it. O(counters in range).
 *
 * The per-message path then writes one counter array instead of two (one
 * memory page fewer touched per message).
 */
void rb_hist_delta(struct rb_hist *part, const struct rb_hist *total, uint64_t *base);

/*
 * Add every sample of `src` to `dst`. Returns 0, or -EINVAL when the layouts
 * differ (then dst is unchanged).
 */
int rb_hist_merge(struct rb_hist *dst, const struct rb_hist *src);

/* Samples recorded (overflow included). */
static inline uint64_t rb_hist_count(const struct rb_hist *h)
{
	return h->count;
}

/* Exact smallest / largest sample; 0 when empty. */
rb_ns rb_hist_min(const struct rb_hist *h);
rb_ns rb_hist_max(const struct rb_hist *h);

/* Exact mean and population standard deviation; 0 when empty. */
double rb_hist_mean(const struct rb_hist *h);
double rb_hist_stddev(const struct rb_hist *h);

/*
 * Value at percentile p (0 <= p <= 100), HdrHistogram semantics: the highest
 * value equivalent to the bucket holding the sample of rank
 * max(1, round(p / 100 * count)), capped at the exact max (and at least the
 * exact min). A rank among overflowed samples gives the exact max. 0 when
 * empty; p outside 0..100 is clamped.
 */
rb_ns rb_hist_percentile(const struct rb_hist *h, double p);

/* Lowest and highest value that share the bucket of v (v <= highest). */
rb_ns rb_hist_lowest_equiv(const struct rb_hist *h, rb_ns v);
rb_ns rb_hist_highest_equiv(const struct rb_hist *h, rb_ns v);

/*
 * Iteration over non-empty buckets in increasing order:
 *
 *	struct rb_hist_iter it = RB_HIST_ITER_INIT;
 *	while (rb_hist_next_bucket(h, &it))
 *		use(it.low_ns, it.high_ns, it.count);
 *
 * Each bucket is [low_ns, high_ns] inclusive. Overflowed samples are not in
 * any bucket (see h->overflow).
 */
struct rb_hist_iter {
	size_t idx; /* next counter to look at */
	rb_ns low_ns;
	rb_ns high_ns;
	uint64_t count;
};

#define RB_HIST_ITER_INIT                                                                          \
	{                                                                                          \
		0, 0, 0, 0                                                                         \
	}

/* Advance to the next non-empty bucket; false when there is none. */
bool rb_hist_next_bucket(const struct rb_hist *h, struct rb_hist_iter *it);

#endif /* RB_HIST_H */
