/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-hist.c - rpmsg-report's histogram reading against sorted samples:
 * value at percentile, the HdrHistogram percentile walk, overflow, malformed
 * buckets, and the escaping helpers.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int failed;

#define t_check(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                                \
			printf(__VA_ARGS__);                                                       \
			putchar('\n');                                                             \
			failed = 1;                                                                \
		}                                                                                  \
	} while (0)

/* Bucket of v in the benchmark's layout at 3 digits (bench/hist.h): width 2^(log2(v) - 10). */
static void t_bucket(uint64_t v, uint64_t *lo, uint64_t *hi)
{
	int msb = 63 - __builtin_clzll(v | 1);
	uint64_t unit = msb > 10 ? 1ull << (msb - 10) : 1;

	*lo = v & ~(unit - 1);
	*hi = *lo + unit - 1;
}

static int t_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A latency object with the samples' histogram (buckets in random order). */
static json_t *t_latency(const uint64_t *s, size_t n, uint64_t overflow, uint64_t max)
{
	json_t *buckets = json_array(), *lat;
	size_t i = 0;

	while (i < n) {
		uint64_t lo, hi, c = 0;

		t_bucket(s[i], &lo, &hi);
		while (i < n && s[i] <= hi) {
			c++;
			i++;
		}
		/* Insert at the front every other time: the reader must sort. */
		if (c % 2)
			json_array_insert_new(buckets, 0, json_pack("[III]", lo, hi, c));
		else
			json_array_append_new(buckets, json_pack("[III]", lo, hi, c));
	}
	lat = json_pack("{sIsIs{so}}", "overflow", (json_int_t)overflow, "max_ns", (json_int_t)max,
			"histogram", "buckets", buckets);
	return lat;
}

struct walk {
	const struct rb_lhist *h;
	double last_level;
	uint64_t last_value, last_total;
	size_t points;
	bool ended;
};

static void t_walk(void *ctx, uint64_t value, double level, uint64_t total, bool last)
{
	struct walk *w = ctx;

	t_check(!w->ended, "point after the last one");
	t_check(level > w->last_level || w->points == 0, "level %.12g after %.12g", level,
		w->last_level);
	t_check(value >= w->last_value, "value %llu after %llu", (unsigned long long)value,
		(unsigned long long)w->last_value);
	t_check(total >= w->last_total, "total count went down");
	if (last) {
		t_check(level == 100.0, "last level %g", level);
		t_check(total == rb_lhist_total(w->h), "last total %llu",
			(unsigned long long)total);
		w->ended = true;
	} else if (level < 99.99) {
		/* Away from rounding trouble, the walk agrees with value_at. */
		t_check(value == rb_lhist_value_at(w->h, level), "walk %g: %llu vs value_at %llu",
			level, (unsigned long long)value,
			(unsigned long long)rb_lhist_value_at(w->h, level));
	}
	w->last_level = level;
	w->last_value = value;
	w->last_total = total;
	w->points++;
}

int main(void)
{
	static const double levels[] = {0, 0.1, 1, 25, 50, 75, 90, 99, 99.5, 99.9, 99.99, 100};
	static const size_t sizes[] = {1, 2, 7, 1000, 20011};
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t si, i, k;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		size_t n = sizes[si];
		uint64_t *s = calloc(n, sizeof(*s));
		struct rb_lhist h;
		struct walk w = {0};
		json_t *lat;

		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			/* 20 us body, a tail up to ~20 ms */
			s[i] = 20000 + (seed >> 40) % 5000 +
			       ((seed >> 33) % 97 == 0 ? (seed >> 20) % 20000000 : 0);
		}
		qsort(s, n, sizeof(*s), t_cmp);
		lat = t_latency(s, n, 0, s[n - 1]);
		t_check(rb_lhist_from_json(&h, lat) == 0, "n=%zu: load", n);
		t_check(rb_lhist_total(&h) == n, "n=%zu: total %llu", n,
			(unsigned long long)rb_lhist_total(&h));
		for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
			double want_rank = ceil(levels[k] / 100.0 * (double)n);
			size_t rank = want_rank < 1 ? 1 : (size_t)want_rank;
			uint64_t lo, hi, want;

			t_bucket(s[rank - 1], &lo, &hi);
			want = hi < s[n - 1] ? hi : s[n - 1];
			t_check(rb_lhist_value_at(&h, levels[k]) == want,
				"n=%zu p%g: %llu, want %llu", n, levels[k],
				(unsigned long long)rb_lhist_value_at(&h, levels[k]),
				(unsigned long long)want);
		}
		w.h = &h;
		rb_lhist_percentiles(&h, 5, t_walk, &w);
		t_check(w.ended, "n=%zu: no last point", n);
		t_check(w.last_value == s[n - 1], "n=%zu: last value %llu, want the max %llu", n,
			(unsigned long long)w.last_value, (unsigned long long)s[n - 1]);
		printf("ok: n=%zu, %zu percentile points\n", n, w.points);
		rb_lhist_free(&h);
		json_decref(lat);

		/* Overflowed samples: percentiles among them are the exact max. */
		lat = t_latency(s, n, n, 200000000000ull);
		t_check(rb_lhist_from_json(&h, lat) == 0, "overflow: load");
		t_check(rb_lhist_total(&h) == 2 * n, "overflow: total");
		t_check(rb_lhist_value_at(&h, 99) == 200000000000ull, "overflow: p99 %llu",
			(unsigned long long)rb_lhist_value_at(&h, 99));
		t_check(rb_lhist_value_at(&h, 50) < 200000000000ull,
			"overflow: p50 in the buckets");
		rb_lhist_free(&h);
		json_decref(lat);
		free(s);
	}

	/* Malformed buckets. */
	{
		struct rb_lhist h;
		json_t *lat = json_pack("{s{s[[III]]}}", "histogram", "buckets", (json_int_t)500,
					(json_int_t)100, (json_int_t)1);

		t_check(rb_lhist_from_json(&h, lat) == -EINVAL, "low above high");
		json_decref(lat);
		lat = json_pack("{s{s[[III][III]]}}", "histogram", "buckets", (json_int_t)1,
				(json_int_t)1, (json_int_t)INT64_MAX, (json_int_t)2, (json_int_t)2,
				(json_int_t)INT64_MAX);
		t_check(rb_lhist_from_json(&h, lat) == 0, "two counts of 2^63-1 fit in 64 bits");
		rb_lhist_free(&h);
		json_decref(lat);
		lat = json_pack("{s{s[[III][III][III]]}}", "histogram", "buckets", (json_int_t)1,
				(json_int_t)1, (json_int_t)INT64_MAX, (json_int_t)2, (json_int_t)2,
				(json_int_t)INT64_MAX, (json_int_t)3, (json_int_t)3, (json_int_t)2);
		t_check(rb_lhist_from_json(&h, lat) == -EINVAL, "counts past 2^64");
		json_decref(lat);
		lat = json_pack("{s{s[[Is]]}}", "histogram", "buckets", (json_int_t)1, "x");
		t_check(rb_lhist_from_json(&h, lat) == -EINVAL, "bucket of the wrong shape");
		json_decref(lat);
		lat = json_object();
		t_check(rb_lhist_from_json(&h, lat) == 0 && h.n == 0 &&
				rb_lhist_value_at(&h, 50) == 0,
			"no histogram: empty");
		json_decref(lat);
	}

	/* Escaping. */
	{
		char *buf = NULL, us[48];
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		rb_fputs_html(f, "<b a=\"1\">&'\x01");
		fputc('|', f);
		rb_fputs_md(f, "a|b_c\nd");
		fputc('|', f);
		rb_fputs_csv(f, "x\"y,z");
		fclose(f);
		t_check(!strcmp(buf,
				"&lt;b a=&quot;1&quot;&gt;&amp;&#39; |a\\|b\\_c d|\"x\"\"y,z\""),
			"escaping: %s", buf);
		free(buf);
		rb_fmt_us(us, sizeof(us), 50111);
		t_check(!strcmp(us, "50.111"), "50111 ns: %s", us);
		rb_fmt_us(us, sizeof(us), -1001);
		t_check(!strcmp(us, "-1.001"), "-1001 ns: %s", us);
		rb_fmt_us(us, sizeof(us), 7);
		t_check(!strcmp(us, "0.007"), "7 ns: %s", us);
	}
	return failed;
}
