/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rbtime.h - the benchmark's clock: integer nanoseconds on a monotonic clock.
 *
 * Every timestamp in the benchmark is an rb_ns read from one clock, by default
 * CLOCK_MONOTONIC_RAW: it is not slewed by NTP, so a round trip measured on it
 * is not stretched or shrunk by a clock adjustment in the middle of a run
 * (clock_gettime(2), "CLOCK_MONOTONIC_RAW"). Times of day (report envelope)
 * come from CLOCK_REALTIME and never mix with rb_ns.
 */
#ifndef RB_TIME_H
#define RB_TIME_H

#include <stdint.h>
#include <time.h>

/* Nanoseconds on the run's clock (the type says the unit). */
typedef uint64_t rb_ns;

#define RB_NS_PER_US 1000ull
#define RB_NS_PER_MS 1000000ull
#define RB_NS_PER_S  1000000000ull

/* The clock the benchmark uses unless told otherwise. */
#define RB_CLOCK_DEFAULT CLOCK_MONOTONIC_RAW

/*
 * Current time of clock `clk` in nanoseconds. clock_gettime() on a valid
 * clock id cannot fail (the vDSO serves MONOTONIC and MONOTONIC_RAW without a
 * system call on arm64 and x86); an invalid id returns 0, which callers treat
 * as a programming error caught by the first sanity check of the run.
 */
static inline rb_ns rb_now_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return 0;
	return (rb_ns)ts.tv_sec * RB_NS_PER_S + (rb_ns)ts.tv_nsec;
}

/* Current time on RB_CLOCK_DEFAULT. */
static inline rb_ns rb_mono_ns(void)
{
	return rb_now_ns(RB_CLOCK_DEFAULT);
}

/* An rb_ns as a struct timespec, e.g. for clock_nanosleep(TIMER_ABSTIME). */
static inline struct timespec rb_ns_to_timespec(rb_ns t)
{
	struct timespec ts = {
		.tv_sec = (time_t)(t / RB_NS_PER_S),
		.tv_nsec = (long)(t % RB_NS_PER_S),
	};

	return ts;
}

/* Nanoseconds as seconds, for reports only (never for arithmetic on times). */
static inline double rb_ns_to_s(rb_ns t)
{
	return (double)t / 1e9;
}

#endif /* RB_TIME_H */
