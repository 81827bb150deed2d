/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * imx_port.c - port.h for the i.MX7D M4, i.MX8MM M4, i.MX8MN M7 and i.MX8MP
 * M7, one source for all four; the differences are in each board's
 * board_config.h.
 *
 * Start-up order inferred from NXP's SDK (boards/evkmimx8mp/board.c, the
 * rpmsg_lite_str_echo example) and rpmsg-lite: MPU (shared DDR Normal
 * non-cacheable, peripherals Device, caches left off), timestamps, debug
 * UART, resource table copied to the BSP's rsc-table region (attach mode,
 * as NXP's copyResourceTable()), then the MU receive interrupt for channel 1 so that
 * every kick is read from RR1 at once: Linux waits at most 100 ms for that
 * read before it logs "imx_rproc_kick: failed (.., err:-62)"
 * (drivers/remoteproc/imx_rproc.c, drivers/mailbox/mailbox.c).
 */
#include <errno.h>
#include <string.h>

#include "board_config.h"
#include "cm.h"
#include "imx.h"
#include "port.h"
#include "rb_proto.h"

#ifndef RB_IMX_TS_SYSCTR
#define RB_IMX_TS_SYSCTR 0 /* 1: timestamps from the SoC system counter (UNVERIFIED) */
#endif
/* Longest wait for TE1 before a notification is skipped, in microseconds. */
#ifndef RB_IMX_NOTIFY_WAIT_US
#define RB_IMX_NOTIFY_WAIT_US 10000u
#endif
#define MU_IRQ_PRIO 0x40u /* above SysTick's default 0 is not needed: any level works */

extern const uint8_t __rsc_table_start[], __rsc_table_end[];

static volatile uint32_t pending_kicks; /* vqid bits set by the MU ISR */
static volatile uint32_t mu_reads;	/* RR1 reads, for the console report */
static uint32_t notify_skipped;		/* TE1 stayed clear: a notification was pending */
static bool ticks_dwt;
static bool console_ok; /* the UART is enabled: by us, or by U-Boot/Linux before us */

static const struct rb_cm_mpu_region mpu_regions[] = RB_IMX_MPU_REGIONS;

void rb_cm_board_early_init(void)
{
}

static void uart_init(void)
{
	struct rb_imx_uart *u = (struct rb_imx_uart *)RB_IMX_UART_BASE;

	if (RB_IMX_UART_ROOT)
		RB_CM_REG32(RB_IMX_UART_ROOT) = RB_IMX_CCM_ROOT_ENABLE | RB_IMX_CCM_ROOT_MUX(1);
	if (RB_IMX_UART_CCGR)
		RB_CM_REG32(RB_IMX_UART_CCGR) = RB_IMX_CCGR_ALL_DOMAINS;
	if (RB_IMX_UART_CLK_HZ == 0) {
		/* Keep what U-Boot or Linux set up; stay silent if nobody enabled it. */
		console_ok = (u->ucr1 & RB_IMX_UCR1_UARTEN) != 0;
		return;
	}
	/*
	 * Baud = ref / (16 * (UBMR + 1) / (UBIR + 1)) (i.MX UART, PERI_UART.h);
	 * UBIR + 1 = 1000 keeps both registers 16-bit for ref < 100 MHz.
	 */
	const uint32_t ubir = 999u;
	const uint32_t ubmr = (uint32_t)(((uint64_t)RB_IMX_UART_CLK_HZ * 1000u +
					  8u * RB_IMX_UART_BAUD) / (16u * RB_IMX_UART_BAUD)) - 1u;
	_Static_assert(RB_IMX_UART_CLK_HZ < 100000000u, "UART reference too fast for UBIR 999");

	u->ucr1 = 0;
	u->ucr2 = RB_IMX_UCR2_BITS; /* 8N1, RX+TX, ignore RTS, out of reset */
	u->ufcr = (u->ufcr & ~RB_IMX_UFCR_RFDIV_MASK) | RB_IMX_UFCR_RFDIV_1;
	u->ubir = ubir;
	u->ubmr = ubmr;
	u->ucr1 = RB_IMX_UCR1_UARTEN;
	console_ok = true;
}

static void mu_init(void)
{
	struct rb_imx_mu *mu = RB_IMX_MU_B;

	if (RB_IMX_MU_CCGR)
		RB_CM_REG32(RB_IMX_MU_CCGR) = RB_IMX_CCGR_ALL_DOMAINS;
	/* A kick left from before our start would block Linux's next one: read it. */
	if (mu->sr & RB_IMX_MU_SR_RF(RB_IMX_MU_CH)) {
		(void)mu->rr[RB_IMX_MU_CH];
		pending_kicks |= 0x3u;
	}
	mu->cr = (mu->cr & ~RB_IMX_MU_CR_GIR_MASK) | RB_IMX_MU_CR_RIE(RB_IMX_MU_CH);
	rb_cm_nvic_enable(RB_IMX_MU_IRQ, MU_IRQ_PRIO);
}

int port_init(void)
{
	int ret = rb_cm_mpu_setup(mpu_regions, sizeof(mpu_regions) / sizeof(mpu_regions[0]));

	/* No MPU (-ENODEV): the default map still works with the caches off. */
	if (ret && ret != -ENODEV)
		return ret;
	ticks_dwt = rb_cm_ticks_init(RB_CM_TICK_DWT, RB_IMX_CORE_HZ) == 0;
	if (!ticks_dwt)
		(void)rb_cm_ticks_init(RB_CM_TICK_SYSTICK, RB_IMX_CORE_HZ);
	uart_init();

	size_t rsc_len = (size_t)(__rsc_table_end - __rsc_table_start);
	if (RB_IMX_RSC_TABLE_DA) {
		/* imx_rproc.c maps rsc-table with SZ_1K (imx_rproc_get_loaded_rsc_table). */
		if (rsc_len > 1024u)
			return -EFBIG;
		memcpy((void *)(uintptr_t)RB_IMX_RSC_TABLE_DA, __rsc_table_start, rsc_len);
		rb_cm_dsb(); /* the table is in DDR before Linux's imx_rproc reads it */
	}
	mu_init();
	__asm__ volatile("cpsie i" ::: "memory");

	static const char banner[] = "\r\nrb-echo " RB_BOARD_NAME " up\r\n";
	port_console_write(banner, sizeof(banner) - 1);
	rb_cm_console_hex("rsc-table", (uint32_t)(uintptr_t)port_rsc_table_live());
	rb_cm_console_hex("timestamps dwt", ticks_dwt);
	return ret == -ENODEV ? 0 : ret;
}

const char *port_board_name(void)
{
	return RB_BOARD_NAME;
}

uint32_t port_core_clock_hz(void)
{
	return RB_IMX_CORE_HZ;
}

/* DDR is seen at the same address by both sides on i.MX8M and i.MX7D (imx_rproc.c ATT tables). */
void *port_da_to_va(uint64_t da, size_t len)
{
	const uint64_t lo = RB_IMX_SHM_DA, hi = (uint64_t)RB_IMX_SHM_DA + RB_IMX_SHM_SIZE;

	if (da < lo || da > hi || len > hi - da)
		return NULL;
	return (void *)(uintptr_t)da;
}

uint64_t port_va_to_da(const void *va)
{
	return (uintptr_t)va;
}

volatile void *port_rsc_table_live(void)
{
	if (RB_IMX_RSC_TABLE_DA)
		return (volatile void *)(uintptr_t)RB_IMX_RSC_TABLE_DA;
	/* No rsc-table region: Linux copies its table into our section (rproc_start). */
	return (volatile void *)(uintptr_t)__rsc_table_start;
}

/*
 * TR1 = vqid << 16 once TE1 says Linux has read the previous one, as
 * rpmsg-lite's platform_notify() and SDK fsl_mu.h MU_SendMsg(). Linux
 * handles every vring on any notification and ignores the value, so if TE1
 * stays clear for RB_IMX_NOTIFY_WAIT_US a notification is still pending and
 * this one is dropped instead of blocking the firmware.
 */
void port_notify(uint32_t vqid)
{
	struct rb_imx_mu *mu = RB_IMX_MU_B;

	if (!(mu->sr & RB_IMX_MU_SR_TE(RB_IMX_MU_CH))) {
		uint64_t start = rb_cm_ticks();
		uint64_t limit = (uint64_t)RB_IMX_NOTIFY_WAIT_US * (RB_IMX_CORE_HZ / 1000000u);

		while (!(mu->sr & RB_IMX_MU_SR_TE(RB_IMX_MU_CH))) {
			if (rb_cm_ticks() - start > limit) {
				notify_skipped++;
				return;
			}
		}
	}
	rb_cm_dsb(); /* vring used index visible in DDR before Linux's MU interrupt */
	mu->tr[RB_IMX_MU_CH] = vqid << 16;
}

/* MU interrupt: read RR1 at once, every time (the read is Linux's TX-done). */
static void mu_isr(void)
{
	struct rb_imx_mu *mu = RB_IMX_MU_B;

	while (mu->sr & RB_IMX_MU_SR_RF(RB_IMX_MU_CH)) {
		uint32_t msg = mu->rr[RB_IMX_MU_CH];

		/* imx_rproc_kick(): msg = vqid << 16; anything else names both rings. */
		uint32_t vq = msg >> 16;
		pending_kicks |= vq < 32u ? 1u << vq : 0x3u;
		mu_reads++;
	}
	/* ARM erratum 838869: the ISR's stores complete before exception return (RL). */
	rb_cm_dsb();
}

void rb_cm_irq(uint32_t irq)
{
	if (irq == RB_IMX_MU_IRQ) {
		mu_isr();
		return;
	}
	/* Not enabled by us: mask it so one stray source cannot livelock the core. */
	RB_CM_NVIC_ICER(irq >> 5) = 1u << (irq & 31u);
}

uint32_t port_take_kicks(void)
{
	uint32_t s = port_irq_save();
	uint32_t k = pending_kicks;

	pending_kicks = 0;
	port_irq_restore(s);
	return k;
}

/*
 * Sleep in WFI while at least one SysTick period (100 us with DWT timestamps)
 * remains, spin for the rest. The MU interrupt ends a WFI at once, so a kick
 * is served as fast as when spinning. WFI with PRIMASK set still wakes on a
 * pending interrupt, so a kick between the test and the WFI is not lost
 * (ARMv7-M ARM B1.5.19).
 */
void port_wait_event(uint32_t max_us)
{
	uint64_t start = rb_cm_ticks();
	uint64_t limit = (uint64_t)max_us * (RB_IMX_CORE_HZ / 1000000u);

	for (;;) {
		uint32_t s = port_irq_save();

		if (pending_kicks) {
			port_irq_restore(s);
			return;
		}
		uint64_t spent = rb_cm_ticks() - start;
		if (spent >= limit) {
			port_irq_restore(s);
			return;
		}
		if (limit - spent > rb_cm_systick_period())
			__asm__ volatile("wfi" ::: "memory");
		port_irq_restore(s);
	}
}

static uint64_t sysctr_read(void)
{
	uint32_t hi, lo, hi2;

	/* hi-lo-hi as drivers/clocksource/timer-imx-sysctr.c does. */
	do {
		hi = RB_CM_REG32(RB_IMX_SYSCTR_CNTCV1);
		lo = RB_CM_REG32(RB_IMX_SYSCTR_CNTCV0);
		hi2 = RB_CM_REG32(RB_IMX_SYSCTR_CNTCV1);
	} while (hi != hi2);
	return ((uint64_t)(hi & 0xFFFFFFu) << 32) | lo;
}

uint64_t port_ticks(void)
{
	if (RB_IMX_TS_SYSCTR && RB_IMX_HAS_SYSCTR)
		return sysctr_read();
	return rb_cm_ticks();
}

uint32_t port_ticks_hz(void)
{
	if (RB_IMX_TS_SYSCTR && RB_IMX_HAS_SYSCTR)
		return RB_IMX_SYSCTR_HZ;
	return RB_IMX_CORE_HZ;
}

uint8_t port_ticks_source(void)
{
	if (RB_IMX_TS_SYSCTR && RB_IMX_HAS_SYSCTR)
		return RB_TS_SYS_COUNTER;
	return ticks_dwt ? RB_TS_DWT_CYCCNT : RB_TS_SYSTICK;
}

/* Polled TX with a bounded wait, so a UART without clock or pins cannot hang us. */
void port_console_write(const char *s, size_t n)
{
	struct rb_imx_uart *u = (struct rb_imx_uart *)RB_IMX_UART_BASE;

	if (!console_ok)
		return;
	for (size_t i = 0; i < n; i++) {
		for (uint32_t spin = 0; (u->uts & RB_IMX_UTS_TXFULL) && spin < 1000000u; spin++)
			;
		u->utxd = (uint8_t)s[i];
	}
}

/* Silicon cannot "exit": report, then sleep with interrupts masked. */
void port_exit(int code)
{
	rb_cm_console_hex("rb-echo exit", (uint32_t)code);
	rb_cm_console_hex("mu reads", mu_reads);
	rb_cm_console_hex("notify skipped", notify_skipped);
	for (;;)
		__asm__ volatile("cpsid i\n\twfi" ::: "memory");
}

void rb_cm_board_fatal(uint32_t exc)
{
	port_exit(128 + (int)(exc & 0x7Fu));
}
