/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mps2.c - port.h for QEMU's MPS2 boards (mps2-an500 Cortex-M7, mps2-an386
 * Cortex-M4), shared by both board directories.
 *
 * What stands in for the i.MX hardware (measured with qemu-system-arm 7.2):
 *  - the Messaging Unit: struct rb_shm_mbox at the start of the shared machine
 *    RAM, polled (no interrupt), acknowledged like RR1 is read on the MU;
 *  - the "rsc-table" region: RB_MPS2_RSC_OFF of the same RAM;
 *  - the timestamp counter: SysTick at the 25 MHz core clock (QEMU has no DWT);
 *  - the console: CMSDK APB UART0 (first -serial);
 *  - the end of the run: semihosting SYS_EXIT_EXTENDED with the status.
 */
#include <errno.h>
#include <string.h>

#include "board_config.h"
#include "cm.h"
#include "mps2_shm.h"
#include "port.h"
#include "port/host/rb_shm.h"
#include "rb_fw.h"
#include "rb_proto.h"


#define MPS2_CORE_HZ 25000000u	/* QEMU hw/arm/mps2.c SYSCLK_FRQ */

/* CMSDK APB UART, QEMU hw/char/cmsdk-apb-uart.c. */
struct cmsdk_uart {
	volatile uint32_t data;	   /* 0x00 */
	volatile uint32_t state;   /* 0x04: TXFULL bit 0, RXFULL bit 1 */
	volatile uint32_t ctrl;	   /* 0x08: TX_EN bit 0, RX_EN bit 1 */
	volatile uint32_t intstat; /* 0x0C */
	volatile uint32_t bauddiv; /* 0x10: >= 16 or TX never starts */
};
#define UART0 ((struct cmsdk_uart *)0x40004000u)

#define SHM_BASE ((uintptr_t)RB_MPS2_RAM_BASE)
#define MBOX ((volatile struct rb_shm_mbox *)(SHM_BASE + RB_MPS2_MBOX_OFF))
#define ACCT ((volatile struct rb_mps2_acct *)(SHM_BASE + RB_MPS2_ACCT_OFF))

extern const uint8_t __rsc_table_start[], __rsc_table_end[];

static uint32_t l2r_seen;	/* last l2r_count acknowledged */
static uint64_t wait_ticks;	/* ticks spent in port_wait_event() polling */
static uint32_t waits;

void rb_cm_board_early_init(void)
{
}

int port_init(void)
{
	UART0->bauddiv = 16;
	UART0->ctrl = 1u; /* TX_EN: without it the first write blocks forever */

	/* QEMU does not model the DWT: SysTick is the only counter (CYCCNT reads 0 in QEMU 7.2). */
	(void)rb_cm_ticks_init(RB_CM_TICK_SYSTICK, MPS2_CORE_HZ);
	__asm__ volatile("cpsie i" ::: "memory");

	/*
	 * Attach-mode style start (rb_shm.h): resource table first, then the
	 * ready flag, the magic last, each store ordered for the host reader.
	 */
	size_t rsc_len = (size_t)(__rsc_table_end - __rsc_table_start);
	if (rsc_len > RB_SHM_RSC_MAX)
		return -EFBIG;
	memcpy((void *)(SHM_BASE + RB_MPS2_RSC_OFF), __rsc_table_start, rsc_len);
	l2r_seen = MBOX->l2r_count;
	MBOX->l2r_ack = l2r_seen;
	MBOX->version = RB_SHM_VERSION;
	MBOX->remote_pid = 0;
	ACCT->ticks_hz = MPS2_CORE_HZ;
	ACCT->magic = RB_MPS2_ACCT_MAGIC;
	rb_cm_dsb(); /* table and fields visible to the host before remote_ready */
	MBOX->remote_ready = RB_SHM_READY;
	rb_cm_dsb();
	MBOX->magic = RB_SHM_MAGIC;
	rb_cm_dsb();
	return 0;
}

const char *port_board_name(void)
{
	return RB_BOARD_NAME;
}

uint32_t port_core_clock_hz(void)
{
	return MPS2_CORE_HZ;
}

void *port_da_to_va(uint64_t da, size_t len)
{
	/* The firmware sees the shared RAM at its device address: identity. */
	if (da < SHM_BASE || da > SHM_BASE + RB_MPS2_RAM_SIZE)
		return NULL;
	if (len > SHM_BASE + RB_MPS2_RAM_SIZE - da)
		return NULL;
	return (void *)(uintptr_t)da;
}

uint64_t port_va_to_da(const void *va)
{
	return (uintptr_t)va;
}

volatile void *port_rsc_table_live(void)
{
	return (volatile void *)(SHM_BASE + RB_MPS2_RSC_OFF);
}

void port_notify(uint32_t vqid)
{
	/* rb_shm.h: vqid first, then the count, after a barrier (the host polls r2l_count). */
	MBOX->r2l_vqid = vqid;
	rb_cm_dsb();
	MBOX->r2l_count = MBOX->r2l_count + 1u;
	rb_cm_dsb();
}

/*
 * One acknowledgement per poll, as reading RR1 on the MU: the Linux side
 * rings again only after l2r_ack caught up (mailbox tx_block), so with one
 * new kick r2l_vqid belongs to it; more than one (a kick that timed out on
 * the other side and a new one) reports both vrings, which is harmless.
 */
static void check_ctl(void)
{
	uint32_t ctl = ACCT->ctl;

	if (ctl == 0)
		return;
	rb_cm_dmb(); /* ctl_arg was written before ctl */
	uint32_t arg = ACCT->ctl_arg;
	ACCT->ctl = 0;
	if (ctl == RB_MPS2_CTL_CRASH)
		__asm__ volatile("udf #0" ::: "memory");
	if (ctl == RB_MPS2_CTL_CALIBRATE) {
		uint32_t n = arg ? arg : 1u;
		uint64_t t0 = rb_cm_ticks();

		__asm__ volatile("1: subs %0, %0, #1\n\t"
				 "bne 1b"
				 : "+r"(n)::"cc");
		uint64_t dt = rb_cm_ticks() - t0;

		ACCT->calib_lo = (uint32_t)dt;
		ACCT->calib_hi = (uint32_t)(dt >> 32);
		rb_cm_dsb();
		ACCT->calib_done = ACCT->calib_done + 1u;
		return;
	}
	if (ctl != RB_MPS2_CTL_EXIT)
		return;
	if (arg == RB_MPS2_EXIT_HEALTH) {
		const struct rb_stats *st = rb_fw_stats();

		port_exit(rb_fw_link_up() && st->bad_desc == 0 ? 0 : 1);
	}
	port_exit((int)(arg & 0xFFu));
}

uint32_t port_take_kicks(void)
{
	uint32_t count = MBOX->l2r_count;

	check_ctl();
	if (count == l2r_seen)
		return 0;
	rb_cm_dmb(); /* l2r_vqid was written before l2r_count by the host */
	uint32_t vqid = MBOX->l2r_vqid;
	uint32_t kicks = (count - l2r_seen == 1u && vqid < 32u) ? 1u << vqid : 0x3u;

	l2r_seen = count;
	MBOX->l2r_ack = count;
	rb_cm_dsb();
	return kicks;
}

static void acct_publish(uint64_t now)
{
	ACCT->seq = ACCT->seq + 1u;
	rb_cm_dmb();
	ACCT->waits = waits;
	ACCT->now_lo = (uint32_t)now;
	ACCT->now_hi = (uint32_t)(now >> 32);
	ACCT->wait_lo = (uint32_t)wait_ticks;
	ACCT->wait_hi = (uint32_t)(wait_ticks >> 32);
	rb_cm_dmb();
	ACCT->seq = ACCT->seq + 1u;
}

void port_wait_event(uint32_t max_us)
{
	uint64_t start = rb_cm_ticks();
	uint64_t limit = (uint64_t)max_us * (MPS2_CORE_HZ / 1000000u);

	waits++;
	acct_publish(start);
	/* Busy polling: 0.2-0.8 us round trips where a UART doorbell gave 31-48 us. */
	while (MBOX->l2r_count == l2r_seen && ACCT->ctl == 0) {
		for (int i = 0; i < 64 && MBOX->l2r_count == l2r_seen; i++)
			;
		if (rb_cm_ticks() - start >= limit)
			break;
	}
	wait_ticks += rb_cm_ticks() - start;
}

uint64_t port_ticks(void)
{
	return rb_cm_ticks();
}

uint32_t port_ticks_hz(void)
{
	return MPS2_CORE_HZ;
}

uint8_t port_ticks_source(void)
{
	return RB_TS_SYSTICK;
}

void port_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		while (UART0->state & 1u) /* TXFULL */
			;
		UART0->data = (uint8_t)s[i];
	}
}

void port_exit(int code)
{
	rb_cm_semihost_exit(code);
}

/* No interrupt is enabled on these boards but SysTick: anything else is a bug. */
void rb_cm_irq(uint32_t irq)
{
	rb_cm_console_hex("unexpected irq", irq);
	rb_cm_board_fatal(irq + 16u);
}

/* A fault ends QEMU with 128 + the exception number (HardFault: 131). */
void rb_cm_board_fatal(uint32_t exc)
{
	rb_cm_semihost_exit(RB_MPS2_STATUS_FAULT_BASE + (int)(exc & 0x7Fu));
}
