/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-pace - the open-loop schedule: exact due times for integer and
 * non-integer rates, no drift over millions of messages, the incremental
 * schedule equal to the direct formula, the backlog at and around due times,
 * and the rates refused with -EINVAL.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "pace.h"
#include "t_check.h"

static void test_exact(void)
{
	struct rb_pace p;
	const rb_ns start = 5000;

	T_CHECK(rb_pace_init(&p, 3.0, start) == 0, "3 Hz");
	T_CHECK(rb_pace_next(&p) == start, "message 0 at start");
	rb_pace_advance(&p);
	T_CHECK(rb_pace_next(&p) == start + 333333333, "message 1: %llu",
		(unsigned long long)rb_pace_next(&p));
	rb_pace_advance(&p);
	T_CHECK(rb_pace_next(&p) == start + 666666666, "message 2");
	rb_pace_advance(&p);
	T_CHECK(rb_pace_next(&p) == start + 1000000000, "message 3 exactly 1 s");
	/* 3 million messages at 3 Hz: exactly 10^6 s, no drift. */
	for (uint64_t k = 3; k < 3000000; k++)
		rb_pace_advance(&p);
	T_CHECK(rb_pace_next(&p) == start + 1000000ull * RB_NS_PER_S, "no drift after 3e6: %llu",
		(unsigned long long)rb_pace_next(&p));
	T_CHECK(rb_pace_at(&p, 3000000) == rb_pace_next(&p), "direct formula agrees");
	T_CHECK(rb_pace_at(&p, 3000000000ull) == start + 1000000000ull * RB_NS_PER_S,
		"direct formula for 3e9 messages");

	T_CHECK(rb_pace_init(&p, 1000.0, 0) == 0, "1 kHz");
	T_CHECK(rb_pace_at(&p, 123456) == 123456ull * 1000000, "integer period");
	T_CHECK(rb_pace_init(&p, 0.5, 0) == 0, "0.5 Hz");
	T_CHECK(rb_pace_at(&p, 7) == 14 * RB_NS_PER_S, "2 s period");
	T_CHECK(rb_pace_init(&p, 7.0 / 3.0 * 1.0, 0) == 0, "7/3 Hz");
	/* rate resolved to micro-hertz: 2333333 uHz -> period 428571489.796 ns. */
	T_CHECK(rb_pace_at(&p, 1) == 428571489, "7/3 Hz period %llu",
		(unsigned long long)rb_pace_at(&p, 1));
}

static void test_incremental_matches(void)
{
	static const double rates[] = {1.0, 3.0, 7.0, 12345.678, 99999.999, 1e6, 3e8, 0.001};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct rb_pace p;
		int bad = 0;

		T_CHECK(rb_pace_init(&p, rates[i], 42) == 0, "init %g", rates[i]);
		for (uint64_t k = 0; k < 200000 && !bad; k++) {
			if (rb_pace_next(&p) != rb_pace_at(&p, k)) {
				bad = 1;
				T_CHECK(0, "rate %g message %llu: %llu vs %llu", rates[i],
					(unsigned long long)k, (unsigned long long)rb_pace_next(&p),
					(unsigned long long)rb_pace_at(&p, k));
			}
			rb_pace_advance(&p);
		}
		/* Mean period over many messages equals 1/rate to within 1 ns total. */
		T_CHECK(fabsl((long double)(rb_pace_at(&p, 1000000) - 42) -
			      1e21L / roundl((long double)rates[i] * 1e6L)) < 1.0L,
			"rate %g: 1e6 periods", rates[i]);
	}
}

static void test_backlog(void)
{
	struct rb_pace p;

	T_CHECK(rb_pace_init(&p, 3.0, 1000) == 0, "init");
	T_CHECK(rb_pace_backlog(&p, 999) == 0, "before start");
	T_CHECK(rb_pace_backlog(&p, 1000) == 1, "message 0 due at start");
	T_CHECK(rb_pace_backlog(&p, 1000 + 333333332) == 1, "just before message 1");
	T_CHECK(rb_pace_backlog(&p, 1000 + 333333333) == 2, "message 1 due");
	T_CHECK(rb_pace_backlog(&p, 1000 + 1000000000) == 4, "4 due at 1 s");
	rb_pace_advance(&p);
	rb_pace_advance(&p);
	T_CHECK(rb_pace_backlog(&p, 1000 + 1000000000) == 2, "2 left after sending 2");
	T_CHECK(rb_pace_backlog(&p, 1000 + 666666665) == 0, "on time");
	/* Catch-up never skips: the backlog is sent back to back. */
	while (rb_pace_backlog(&p, 1000 + 10 * RB_NS_PER_S))
		rb_pace_advance(&p);
	T_CHECK(p.k == 31, "caught up to message 31 at 10 s: %llu", (unsigned long long)p.k);
	T_CHECK(rb_pace_next(&p) > 1000 + 10 * RB_NS_PER_S, "next is in the future");
}

static void test_errors(void)
{
	struct rb_pace p;

	T_CHECK(rb_pace_init(&p, 0.0, 0) == -EINVAL, "0 Hz");
	T_CHECK(rb_pace_init(&p, -5.0, 0) == -EINVAL, "negative");
	T_CHECK(rb_pace_init(&p, NAN, 0) == -EINVAL, "NaN");
	T_CHECK(rb_pace_init(&p, INFINITY, 0) == -EINVAL, "inf");
	T_CHECK(rb_pace_init(&p, 2e9, 0) == -EINVAL, "above 1 GHz");
	T_CHECK(rb_pace_init(&p, 4e-7, 0) == -EINVAL, "below 1 uHz");
	T_CHECK(rb_pace_init(&p, 1e9, 0) == 0, "1 GHz accepted");
	T_CHECK(rb_pace_at(&p, 10) == 10, "1 ns period");
}

#ifdef __SIZEOF_INT128__
/* The portable 32-bit path against the compiler's 128-bit arithmetic. */
static void test_mul_div(void)
{
	uint64_t rng = 3;

	for (int i = 0; i < 100000; i++) {
		uint64_t a, b, d, want;

		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		a = rng >> (i % 40);
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		b = rng >> (20 + i % 44);
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		d = (rng >> (i % 50)) | 1;
		if ((unsigned __int128)a * b / d > UINT64_MAX)
			continue;
		want = (uint64_t)((unsigned __int128)a * b / d);
		T_CHECK(rb_mul_div_portable(a, b, d) == want, "%llu * %llu / %llu",
			(unsigned long long)a, (unsigned long long)b, (unsigned long long)d);
		if (rb_mul_div_portable(a, b, d) != want)
			break;
	}
	T_CHECK(rb_mul_div_portable(UINT64_MAX, UINT64_MAX, UINT64_MAX) == UINT64_MAX, "max");
	T_CHECK(rb_mul_div_portable(1000000000000000ull, 3, 3000000) == 1000000000, "1e15*3/3e6");
}
#endif

int main(void)
{
#ifdef __SIZEOF_INT128__
	test_mul_div();
#endif
	test_exact();
	test_incremental_matches();
	test_backlog();
	test_errors();
	return t_result("test-pace");
}
