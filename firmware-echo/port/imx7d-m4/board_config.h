/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board_config.h - i.MX7D Cortex-M4: addresses and clocks of the echo firmware.
 *
 * Legacy NXP imx_rpmsg DT (Colibri iMX7 / WaRP7): rpmsg reg 0x8FFF0000, vring1 = +0x8000,
 * no rsc-table region (the live table is the firmware's own section). Debug UART2
 * at 0x30890000 (Colibri iMX7 M4): its clock, pins and baud are kept as U-Boot
 * or Linux left them. The LMEM cache is left as at reset.
 */
#ifndef RB_BOARD_CONFIG_H
#define RB_BOARD_CONFIG_H

#define RB_BOARD_NAME		"imx7d-m4"

/*
 * Vrings: legacy imx_rpmsg reg 0x8fff0000 as in the Colibri iMX7 example of Zephyr's openamp
 * sample doc (NXP's own 7D address UNVERIFIED); vring1 = vring0 + 0x8000.
 */
#ifndef RB_BOARD_VRING0_DA
#define RB_BOARD_VRING0_DA	0x8FFF0000u
#define RB_BOARD_VRING1_DA	0x8FFF8000u
#endif
#define RB_BOARD_VRING_ALIGN	0x1000u	/* rpmsg-lite VRING_ALIGN "Linux requires 0x1000" */

/* Shared memory the vring descriptors may point into, and the rsc-table region. */
#ifndef RB_IMX_SHM_DA
#define RB_IMX_SHM_DA		0x80000000u
#define RB_IMX_SHM_SIZE		0x60000000u
#endif
#ifndef RB_IMX_RSC_TABLE_DA /* 0: no rsc-table region, e.g. a legacy imx_rpmsg DT */
#define RB_IMX_RSC_TABLE_DA	0u
#endif

/* Core clock: nominal 240 MHz (UNVERIFIED: not in the sources read; override with -DRB_IMX_CORE_HZ). */
#ifndef RB_IMX_CORE_HZ
#define RB_IMX_CORE_HZ		240000000u
#endif

/* Debug console: UART2 (Zephyr boards/toradex/colibri_imx7d DTS). */
#define RB_IMX_UART_BASE	0x30890000u
#define RB_IMX_UART_CLK_HZ	0u
#define RB_IMX_UART_ROOT	0u
#define RB_IMX_UART_CCGR	0u
#define RB_IMX_MU_CCGR		0u
#define RB_IMX_HAS_SYSCTR	1

/*
 * MPU (ARMv7-M ARM B3.5; later entries win): peripherals Device and
 * never executed, the TCMs Normal, the DDR that holds vrings and buffers
 * Normal non-cacheable, shareable, not executable (as the 8M SDK board.c; inferred for 7D). The
 * caches stay off, so nothing needs cleaning or invalidating.
 */
#define RB_IMX_MPU_REGIONS {\
	{0x00000000u, 0x40000000u, RB_MPU_DEVICE_SHARED | RB_MPU_AP_RW | RB_MPU_XN},  /* 0-1 GiB: peripherals */ \
	{0x1FFF8000u, 0x00008000u, RB_MPU_NORMAL_NC_LOCAL | RB_MPU_AP_RW},           /* TCML 32 KiB */ \
	{0x20000000u, 0x00008000u, RB_MPU_NORMAL_NC_LOCAL | RB_MPU_AP_RW | RB_MPU_XN}, /* TCMU 32 KiB */ \
	{0x80000000u, 0x40000000u, RB_MPU_NORMAL_NC | RB_MPU_AP_RW | RB_MPU_XN},     /* DDR 2-3 GiB */ \
	{0xC0000000u, 0x20000000u, RB_MPU_NORMAL_NC | RB_MPU_AP_RW | RB_MPU_XN},     /* DDR 3-3.5 GiB */ }

#endif /* RB_BOARD_CONFIG_H */
