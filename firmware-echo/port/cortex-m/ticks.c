/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ticks.c - a 64-bit tick count from SysTick or the DWT cycle counter.
 *
 * Both raw counters are narrow (SysTick 24 bits, CYCCNT 32 bits) and run at
 * the core clock, so the count is extended in software: every reader adds
 * the distance travelled since the previous reading, modulo the counter's
 * period. The SysTick interrupt reads it once per SysTick period (at most
 * 2^24 core cycles, well inside either wrap time), so wraps are never missed
 * while interrupts are enabled; code that masks interrupts for long (the
 * stall fault) keeps the count alive by calling rb_cm_ticks() in its loop.
 *
 * With DWT as the source SysTick is free to run faster: RB_CM_WAKE_HZ
 * interrupts per second bound how long a WFI can sleep past a deadline.
 */
#include <errno.h>

#include "cm.h"

void rb_cm_systick_isr(void);

#ifndef RB_CM_WAKE_HZ
#define RB_CM_WAKE_HZ 10000u /* SysTick wake-ups per second when DWT counts (100 us) */
#endif

static enum rb_cm_tick_src tick_src;
static uint32_t tick_hz;
static uint32_t systick_period; /* SysTick counts per wrap: LOAD + 1 */
static uint32_t tick_last;
static uint64_t tick_acc;

static uint32_t raw_read(void)
{
	if (tick_src == RB_CM_TICK_DWT)
		return RB_CM_DWT_CYCCNT;
	return RB_CM_SYSTICK->val;
}

/* Distance from `prev` to `now`: CYCCNT counts up, SysTick counts down. */
static uint32_t raw_delta(uint32_t prev, uint32_t now)
{
	if (tick_src == RB_CM_TICK_DWT)
		return now - prev;
	return prev >= now ? prev - now : prev + systick_period - now;
}

static int dwt_start(void)
{
	RB_CM_DEMCR |= 1u << 24; /* TRCENA: DWT/ITM on (CMSIS CoreDebug_DEMCR_TRCENA) */
#ifdef RB_CM_M7
	RB_CM_DWT_LAR = 0xC5ACCE55u; /* the M7 DWT is locked at reset (CMSIS core_cm7.h DWT->LAR) */
#endif
	RB_CM_DWT_CYCCNT = 0;
	RB_CM_DWT_CTRL |= 1u; /* CYCCNTENA */
	uint32_t a = RB_CM_DWT_CYCCNT;
	for (volatile int i = 0; i < 16; i++)
		;
	/* QEMU reads CYCCNT as 0 forever: never wait on it there (measured, QEMU 7.2). */
	return RB_CM_DWT_CYCCNT != a ? 0 : -ENODEV;
}

int rb_cm_ticks_init(enum rb_cm_tick_src src, uint32_t hz)
{
	int ret = 0;

	tick_src = src;
	tick_hz = hz;
	systick_period = RB_CM_SYSTICK_MAX + 1u;
	if (src == RB_CM_TICK_DWT) {
		ret = dwt_start();
		if (!ret && hz / RB_CM_WAKE_HZ >= 2u && hz / RB_CM_WAKE_HZ <= RB_CM_SYSTICK_MAX)
			systick_period = hz / RB_CM_WAKE_HZ;
	}
	RB_CM_SYSTICK->ctrl = 0;
	RB_CM_SYSTICK->load = systick_period - 1u;
	RB_CM_SYSTICK->val = 0;
	/* Processor clock, interrupt on every wrap, enabled (ARMv7-M ARM B3.3.3). */
	RB_CM_SYSTICK->ctrl = (1u << 2) | (1u << 1) | 1u;
	tick_last = raw_read();
	tick_acc = 0;
	return ret;
}

uint64_t rb_cm_ticks(void)
{
	uint32_t primask;
	uint64_t now;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
	uint32_t raw = raw_read();
	tick_acc += raw_delta(tick_last, raw);
	tick_last = raw;
	now = tick_acc;
	__asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
	return now;
}

uint32_t rb_cm_ticks_hz(void)
{
	return tick_hz;
}

uint32_t rb_cm_systick_period(void)
{
	return systick_period;
}

void rb_cm_systick_isr(void)
{
	(void)rb_cm_ticks();
}
