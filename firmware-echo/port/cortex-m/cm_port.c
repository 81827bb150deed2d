/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cm_port.c - the port.h functions that are the same on every Cortex-M
 * board: interrupt masking, barriers, cache maintenance, busy-wait delay.
 */
#include "cm.h"

#include "port.h"

uint32_t port_irq_save(void)
{
	uint32_t primask;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
	return primask;
}

void port_irq_restore(uint32_t state)
{
	__asm__ volatile("msr primask, %0" ::"r"(state) : "memory");
}

/*
 * Barriers between this core and Linux on the shared vrings. rpmsg-lite uses
 * DSB for all three on Cortex-M (rpmsg-lite lib/include/rpmsg_compiler.h); a read barrier only
 * orders our own loads (avail->idx before avail->ring[] and the buffer), for
 * which DMB is enough.
 */
void port_mb(void)
{
	rb_cm_dsb();
}

void port_rmb(void)
{
	rb_cm_dmb();
}

void port_wmb(void)
{
	rb_cm_dsb();
}

/*
 * Cache maintenance by address (CMSIS SCB_CleanDCache_by_Addr /
 * SCB_InvalidateDCache_by_Addr). Only a Cortex-M7 with its D-cache on has
 * anything to do; the ports leave the D-cache off and map the shared memory
 * non-cacheable, so this normally returns at the CCR test. On QEMU CCR.DC
 * cannot be set (measured with qemu-system-arm 7.2: CCR stays 0x200).
 */
static void dcache_by_addr(volatile uint32_t *op, const volatile void *p, size_t len)
{
#ifdef RB_CM_M7
	if (!(RB_CM_SCB->ccr & RB_CM_CCR_DC) || len == 0)
		return;
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(RB_CM_DCACHE_LINE - 1u);
	uintptr_t end = (uintptr_t)p + len;

	rb_cm_dsb();
	for (; a < end; a += RB_CM_DCACHE_LINE)
		*op = (uint32_t)a;
	rb_cm_dsb();
	rb_cm_isb();
#else
	(void)op;
	(void)p;
	(void)len;
#endif
}

void port_cache_clean(const volatile void *p, size_t len)
{
	dcache_by_addr(&RB_CM_DCCMVAC, p, len);
}

void port_cache_invalidate(const volatile void *p, size_t len)
{
	dcache_by_addr(&RB_CM_DCIMVAC, p, len);
}

/*
 * Busy-wait on the core-clock tick count; works with interrupts masked
 * (the stall fault) because rb_cm_ticks() extends the count itself.
 */
void port_delay_us(uint32_t us)
{
	uint64_t hz = rb_cm_ticks_hz();
	uint64_t start = rb_cm_ticks();
	uint64_t wait = (uint64_t)us * hz / 1000000u;

	while (rb_cm_ticks() - start < wait)
		;
}
