/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * imx.h - i.MX7D / i.MX8M peripherals the echo firmware uses from the M core:
 * the Messaging Unit (B side), the debug UART, a few CCM registers and the
 * system counter. Offsets and bits from the NXP device headers
 * (mcux-devices-imx i.MX8MP/periph/PERI_MU.h, PERI_SYS_CTR_*.h, PERI_UART.h),
 * MCUXpresso SDK drivers/mu/fsl_mu.h and devices/MIMX8ML8/drivers/fsl_clock.h.
 *
 * A board's board_config.h sets, besides the four RB_BOARD_* values the
 * portable core needs:
 *   RB_IMX_CORE_HZ        core clock, Hz (DWT tick rate)
 *   RB_IMX_SHM_DA/_SIZE   the memory shared with Linux (vrings + buffers)
 *   RB_IMX_RSC_TABLE_DA   the BSP's "rsc-table" region, 0 = none (the live
 *                         table is then the firmware's own .resource_table)
 *   RB_IMX_UART_BASE      debug UART
 *   RB_IMX_UART_CLK_HZ    its reference clock; 0 = keep the baud setup found
 *   RB_IMX_UART_ROOT      CCM TARGET_ROOT register to program, 0 = leave it
 *   RB_IMX_UART_CCGR      CCM CCGR register of the UART gate, 0 = leave it
 *   RB_IMX_MU_CCGR        CCM CCGR register of the MU gate, 0 = leave it
 *   RB_IMX_MPU_REGIONS    initialiser of struct rb_cm_mpu_region[]
 *   RB_IMX_HAS_SYSCTR     1 when the SoC has the 8 MHz system counter frames
 */
#ifndef RB_IMX_H
#define RB_IMX_H

#include <stdint.h>

/*
 * Messaging Unit, "MU rev1" layout of i.MX6SX/7/8M, B side (M core).
 * [DEV i.MX8MP/periph/PERI_MU.h], [SDK drivers/mu/fsl_mu.h]. Bit numbering
 * runs backwards: channel n uses bit (base + 3 - n).
 */
struct rb_imx_mu {
	volatile uint32_t tr[4]; /* 0x00: transmit, read by the A side */
	volatile uint32_t rr[4]; /* 0x10: receive; reading RRn clears RFn */
	volatile uint32_t sr;	 /* 0x20 */
	volatile uint32_t cr;	 /* 0x24 */
};
#define RB_IMX_MU_B ((struct rb_imx_mu *)0x30AB0000u) /* all four SoCs, SDK device headers */
#define RB_IMX_MU_IRQ 97u			      /* NVIC IRQ on the M core, all four SoCs */
#define RB_IMX_MU_CH 1u				      /* rpmsg uses channel 1 (TR1/RR1) */
#define RB_IMX_MU_SR_RF(n) (1u << (27u - (n)))	      /* RF1 = bit 26 */
#define RB_IMX_MU_SR_TE(n) (1u << (23u - (n)))	      /* TE1 = bit 22 */
#define RB_IMX_MU_CR_RIE(n) (1u << (27u - (n)))	      /* RIE1 = bit 26 */
#define RB_IMX_MU_CR_GIR_MASK (0xFu << 16)	      /* write 0 on every read-modify-write */

/* i.MX UART (all i.MX6/7/8M), mcux-devices-imx i.MX8MP/periph/PERI_UART.h. */
struct rb_imx_uart {
	volatile uint32_t urxd;	     /* 0x00 */
	uint32_t pad0[15];
	volatile uint32_t utxd;	     /* 0x40 */
	uint32_t pad1[15];
	volatile uint32_t ucr1;	     /* 0x80: UARTEN bit 0 */
	volatile uint32_t ucr2;	     /* 0x84: SRST_B 0, RXEN 1, TXEN 2, WS 5, IRTS 14 */
	volatile uint32_t ucr3;	     /* 0x88 */
	volatile uint32_t ucr4;	     /* 0x8C */
	volatile uint32_t ufcr;	     /* 0x90: RFDIV bits 9:7, 0b101 = divide by 1 */
	volatile uint32_t usr1;	     /* 0x94 */
	volatile uint32_t usr2;	     /* 0x98 */
	uint32_t pad2[2];	     /* 0x9C, 0xA0: not used */
	volatile uint32_t ubir;	     /* 0xA4 */
	volatile uint32_t ubmr;	     /* 0xA8 */
	uint32_t pad3[2];	     /* 0xAC, 0xB0: not used */
	volatile uint32_t uts;	     /* 0xB4: TXFULL bit 4, TXEMPTY bit 6 */
};
_Static_assert(__builtin_offsetof(struct rb_imx_uart, ucr1) == 0x80, "UCR1 at 0x80");
_Static_assert(__builtin_offsetof(struct rb_imx_uart, uts) == 0xB4, "UTS at 0xB4");
#define RB_IMX_UCR1_UARTEN (1u << 0)
#define RB_IMX_UCR2_BITS ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 5) | (1u << 14))
#define RB_IMX_UFCR_RFDIV_MASK (7u << 7)
#define RB_IMX_UFCR_RFDIV_1 (5u << 7)
#define RB_IMX_UTS_TXFULL (1u << 4)
#define RB_IMX_UART_BAUD 115200u

/*
 * CCM TARGET_ROOT: MUX bits 26:24, ENABLE bit 28, dividers 0 = divide by 1
 * (SDK devices/MIMX8ML8/drivers/fsl_clock.h: UART4 root TARGET_ROOT[97] =
 * 0x3038B080, MUX 1 = SYSTEM_PLL1_DIV10 = 80 MHz). A CCGR written 0x3333 keeps
 * the gate on in all four domains, as the SDK's CLOCK_EnableClock does.
 */
#define RB_IMX_CCM_ROOT_ENABLE (1u << 28)
#define RB_IMX_CCM_ROOT_MUX(m) ((uint32_t)(m) << 24)
#define RB_IMX_CCGR_ALL_DOMAINS 0x3333u

/*
 * System counter CONTROL frame (CNTCV0 low 32 bits at +0x8, CNTCV1 high 24
 * bits at +0xC), 8 MHz, the counter behind the A cores' generic timer.
 * [DEV PERI_SYS_CTR_CONTROL.h], [UB arch/arm/mach-imx/syscounter.c]. The
 * SDK and Linux (drivers/clocksource/timer-imx-sysctr.c) disagree about the READ frame;
 * the CONTROL frame is the one both agree on. Whether the M core may read it
 * under the BSP's RDC setup is UNVERIFIED.
 */
#define RB_IMX_SYSCTR_CNTCV0 0x306C0008u
#define RB_IMX_SYSCTR_CNTCV1 0x306C000Cu
#define RB_IMX_SYSCTR_HZ 8000000u

#endif /* RB_IMX_H */
