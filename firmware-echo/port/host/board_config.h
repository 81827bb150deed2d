/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board_config.h - the host build: the firmware as a Linux process sharing a
 * file with the Linux side (the test VM's guest RAM, or the user-space model).
 *
 * The Linux side places the vrings (the guest module through
 * vring_create_virtqueue, the model wherever it is told) and writes their
 * addresses into the live table, so the table asks for FW_RSC_ADDR_ANY.
 * Alignment: PAGE_SIZE, as the guest transport creates its rings
 * (vring_create_virtqueue(..., PAGE_SIZE, ...)) and as i.MX uses (0x1000).
 */
#ifndef RB_BOARD_CONFIG_H
#define RB_BOARD_CONFIG_H

#define RB_BOARD_NAME	     "host"
#define RB_BOARD_VRING0_DA   0xFFFFFFFFu
#define RB_BOARD_VRING1_DA   0xFFFFFFFFu
#define RB_BOARD_VRING_ALIGN 0x1000u

#endif /* RB_BOARD_CONFIG_H */
