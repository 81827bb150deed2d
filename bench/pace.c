/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pace.c - open-loop schedule in integer nanoseconds (see pace.h).
 */
#include <errno.h>
#include <math.h>

#include "pace.h"

/* 1e9 ns per second times 1e6 micro-hertz per hertz. */
#define NS_UHZ 1000000000000000ull

uint64_t rb_mul_div_portable(uint64_t a, uint64_t b, uint64_t d)
{
	/* Schoolbook: 128-bit product, then restoring division by d. */
	uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	uint64_t lo = (ll & 0xffffffffu) | (mid << 32);
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	uint64_t q = 0, rem = 0;

	for (int i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1 : (lo >> i) & 1;
		int carry = (int)(rem >> 63);

		rem = (rem << 1) | bit;
		if (carry || rem >= d) {
			rem -= d;
			if (i < 64)
				q |= 1ull << i;
		}
	}
	return q;
}

/* floor(a * b / d) for d > 0, exact; the result must fit 64 bits. */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t d)
{
#ifdef __SIZEOF_INT128__
	return (uint64_t)((unsigned __int128)a * b / d);
#else
	return rb_mul_div_portable(a, b, d);
#endif
}

int rb_pace_init(struct rb_pace *p, double rate_hz, rb_ns start)
{
	double uhz;

	if (!isfinite(rate_hz) || rate_hz > RB_PACE_MAX_HZ)
		return -EINVAL;
	uhz = round(rate_hz * (double)RB_PACE_UHZ_PER_HZ);
	if (uhz < 1.0)
		return -EINVAL;
	p->start = start;
	p->d = (uint64_t)uhz;
	p->q = NS_UHZ / p->d;
	p->r = NS_UHZ % p->d;
	p->k = 0;
	p->next = start;
	p->frac = 0;
	return 0;
}

rb_ns rb_pace_at(const struct rb_pace *p, uint64_t k)
{
	return p->start + k * p->q + mul_div(k, p->r, p->d);
}

uint64_t rb_pace_backlog(const struct rb_pace *p, rb_ns now)
{
	uint64_t due;

	if (now < p->next)
		return 0;
	/*
	 * Message k is due when floor(k * 1e15 / d) <= now - start, i.e. when
	 * k < (now - start + 1) * d / 1e15. With x the floor of that bound,
	 * messages 0..x-1 are due, and x too unless the bound is an integer.
	 */
	due = mul_div(now - p->start + 1, p->d, NS_UHZ);
	if (rb_pace_at(p, due) <= now)
		due++;
	return due > p->k ? due - p->k : 0;
}
