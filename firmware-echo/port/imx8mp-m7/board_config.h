/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board_config.h - i.MX8MP Cortex-M7: addresses and clocks of the echo firmware.
 *
 * NXP BSP (imx8mp-evk-rpmsg.dts): vrings 0x55000000/0x55008000, rsc-table 0x550FF000,
 * vdevbuffer 0x55400000 (1 MiB); UART4 clocked from SYSTEM_PLL1_DIV10 (80 MHz).
 */
#ifndef RB_BOARD_CONFIG_H
#define RB_BOARD_CONFIG_H

#define RB_BOARD_NAME		"imx8mp-m7"

/* Vrings, vring1 = vring0 + 0x8000
 * (NXP imx8mp-evk-rpmsg.dts, rpmsg-lite imx8mp_m7/rpmsg_platform.h). */
#ifndef RB_BOARD_VRING0_DA
#define RB_BOARD_VRING0_DA	0x55000000u
#define RB_BOARD_VRING1_DA	0x55008000u
#endif
#define RB_BOARD_VRING_ALIGN	0x1000u	/* rpmsg-lite VRING_ALIGN "Linux requires 0x1000" */

/* Shared memory the vring descriptors may point into, and the rsc-table region. */
#ifndef RB_IMX_SHM_DA
#define RB_IMX_SHM_DA		0x55000000u
#define RB_IMX_SHM_SIZE		0x00500000u
#endif
#ifndef RB_IMX_RSC_TABLE_DA /* 0: no rsc-table region, e.g. a legacy imx_rpmsg DT */
#define RB_IMX_RSC_TABLE_DA	0x550FF000u
#endif

/* Core clock: 800 MHz per NXP (the exact SDK BOARD_BootClockRUN value is UNVERIFIED). */
#ifndef RB_IMX_CORE_HZ
#define RB_IMX_CORE_HZ		800000000u
#endif

/* Debug console: UART4 (SDK boards/evkmimx8mp/board.h). */
#define RB_IMX_UART_BASE	0x30A60000u
#define RB_IMX_UART_CLK_HZ	80000000u
#define RB_IMX_UART_ROOT	0x3038B080u
#define RB_IMX_UART_CCGR	0x303844C0u
#define RB_IMX_MU_CCGR		0x30384210u
#define RB_IMX_HAS_SYSCTR	1

/*
 * MPU (ARMv7-M ARM B3.5; later entries win): peripherals Device and
 * never executed, the TCMs Normal, the DDR that holds vrings and buffers
 * Normal non-cacheable, shareable, not executable (SDK boards/evkmimx8mp/board.c). The
 * caches stay off, so nothing needs cleaning or invalidating.
 */
#define RB_IMX_MPU_REGIONS {\
	{0x00000000u, 0x40000000u, RB_MPU_DEVICE_SHARED | RB_MPU_AP_RW | RB_MPU_XN},  /* 0-1 GiB: peripherals */ \
	{0x00000000u, 0x00020000u, RB_MPU_NORMAL_NC_LOCAL | RB_MPU_AP_RW},           /* ITCM 128 KiB */ \
	{0x20000000u, 0x00020000u, RB_MPU_NORMAL_NC_LOCAL | RB_MPU_AP_RW | RB_MPU_XN}, /* DTCM 128 KiB */ \
	{0x40000000u, 0x40000000u, RB_MPU_NORMAL_NC | RB_MPU_AP_RW | RB_MPU_XN},     /* DDR 1-2 GiB */ \
	{0x80000000u, 0x40000000u, RB_MPU_NORMAL_NC | RB_MPU_AP_RW | RB_MPU_XN},     /* DDR 2-3 GiB */ }

#endif /* RB_BOARD_CONFIG_H */
