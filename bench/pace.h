/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pace.h - the open-loop send schedule.
 *
 * The k-th message (k = 0, 1, 2, ...) is due at start + floor(k * 1e9 / rate)
 * ns, computed in integers without drift: the period is kept as
 * q + r / d ns with d the rate in micro-hertz, so a non-integer rate
 * (e.g. 3 Hz: 333333333.33 ns) accumulates no rounding error over any number
 * of messages.
 *
 * Catch-up policy (as wrk2): a message is never skipped. When the sender is
 * late, every due message is sent at once, back to back, until the schedule
 * is met again; the latency from the scheduled time then includes the delay,
 * which is what corrects coordinated omission (the round-trip latency alone
 * would hide it).
 */
#ifndef RB_PACE_H
#define RB_PACE_H

#include <stdint.h>

#include "rbtime.h"

/* Rates are resolved to 1 micro-hertz. */
#define RB_PACE_UHZ_PER_HZ 1000000ull
/* Highest rate: one message per nanosecond. */
#define RB_PACE_MAX_HZ 1e9

struct rb_pace {
	rb_ns start;   /* time of message 0 */
	uint64_t q;    /* whole nanoseconds of the period */
	uint64_t r;    /* period remainder, in 1/d ns */
	uint64_t d;    /* rate in micro-hertz */
	uint64_t k;    /* index of the next message */
	rb_ns next;    /* due time of message k */
	uint64_t frac; /* (k * r) mod d */
};

/*
 * Start a schedule of `rate_hz` messages per second whose message 0 is due at
 * `start`. Returns 0, or -EINVAL when rate_hz is not finite, below
 * 1e-6 Hz or above RB_PACE_MAX_HZ.
 */
int rb_pace_init(struct rb_pace *p, double rate_hz, rb_ns start);

/* Due time of the next message (index p->k). */
static inline rb_ns rb_pace_next(const struct rb_pace *p)
{
	return p->next;
}

/* The next message was sent (or skipped by the caller): move to message k + 1. */
static inline void rb_pace_advance(struct rb_pace *p)
{
	p->k++;
	p->next += p->q;
	p->frac += p->r;
	if (p->frac >= p->d) {
		p->frac -= p->d;
		p->next++;
	}
}

/* Due time of message k, computed directly (start + floor(k * 1e15 / d)). */
rb_ns rb_pace_at(const struct rb_pace *p, uint64_t k);

/*
 * Messages due at `now` and not yet sent (0 when on time): the backlog the
 * catch-up policy sends back to back.
 */
uint64_t rb_pace_backlog(const struct rb_pace *p, rb_ns now);

/*
 * floor(a * b / d) exactly, for d > 0 and a result that fits 64 bits, without
 * 128-bit integers: what rb_pace_* use on 32-bit Arm. Exported for its test.
 */
uint64_t rb_mul_div_portable(uint64_t a, uint64_t b, uint64_t d);

#endif /* RB_PACE_H */
