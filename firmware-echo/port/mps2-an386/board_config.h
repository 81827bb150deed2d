/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board_config.h - QEMU mps2-an386 (Cortex-M4): addresses of the echo firmware.
 *
 * The vrings sit in the 16 MiB machine RAM that QEMU backs with a shared file
 * (layout in cortex-m/mps2/mps2_shm.h).
 */
#ifndef RB_BOARD_CONFIG_H
#define RB_BOARD_CONFIG_H

#include "mps2_shm.h"

#define RB_BOARD_NAME		"mps2-an386"
#define RB_MPS2_RAM_BASE	RB_MPS2_AN386_RAM_BASE
#define RB_BOARD_VRING0_DA	(RB_MPS2_RAM_BASE + RB_MPS2_VRING0_OFF)
#define RB_BOARD_VRING1_DA	(RB_MPS2_RAM_BASE + RB_MPS2_VRING1_OFF)
#define RB_BOARD_VRING_ALIGN	RB_MPS2_VRING_ALIGN

#endif /* RB_BOARD_CONFIG_H */
