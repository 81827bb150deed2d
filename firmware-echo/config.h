/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config.h - compile-time configuration of the echo firmware.
 *
 * How configuration works:
 *  1. Every board port directory firmware-echo/port/<board>/ provides
 *     board_config.h (found through the include path: -Ifirmware-echo/port/<board>)
 *     with the board's addresses: RB_BOARD_NAME, RB_BOARD_VRING0_DA,
 *     RB_BOARD_VRING1_DA, RB_BOARD_VRING_ALIGN and optionally anything below.
 *  2. This file includes it first, then fills in every value the board did not
 *     define. Any RB_CFG_* may also be overridden on the compiler command line
 *     (-DRB_CFG_VRING_NUM=64).
 *  3. _Static_assert checks the result, so a bad combination fails the build,
 *     never the run.
 *
 * No value here is read from shared memory: those are checked at run time
 * against these limits (rpmsg/rb_vring.c).
 */
#ifndef RB_FW_CONFIG_H
#define RB_FW_CONFIG_H

#include "board_config.h"
#include "rb_proto.h"

/* --- Board values (board_config.h must define these four) ----------------- */
#ifndef RB_BOARD_NAME
#error "board_config.h must define RB_BOARD_NAME (string reported in rb_info.board)"
#endif
/*
 * Device addresses written into the resource table for vring0 (firmware ->
 * Linux) and vring1 (Linux -> firmware); FW_RSC_ADDR_ANY (0xFFFFFFFF) lets
 * Linux choose. The firmware reads the real da back from the live table after
 * link-up either way (remoteproc_core.c rproc_start, remoteproc_virtio.c
 * rp_find_vq; inferred).
 */
#ifndef RB_BOARD_VRING0_DA
#error "board_config.h must define RB_BOARD_VRING0_DA"
#endif
#ifndef RB_BOARD_VRING1_DA
#error "board_config.h must define RB_BOARD_VRING1_DA"
#endif
/* Vring alignment in bytes, power of two; 0x1000 on i.MX (rpmsg_platform.h VRING_ALIGN). */
#ifndef RB_BOARD_VRING_ALIGN
#error "board_config.h must define RB_BOARD_VRING_ALIGN"
#endif

/* --- Vrings and buffers ------------------------------------------------------ */
/* Descriptors per vring; power of two, 2..32768. Linux posts min(num, 256) RX buffers. */
#ifndef RB_CFG_VRING_NUM
#define RB_CFG_VRING_NUM 256u
#endif
/* Bytes per rpmsg buffer, header included (virtio_rpmsg_bus.c MAX_RPMSG_BUF_SIZE = 512). */
#ifndef RB_CFG_BUF_SIZE
#define RB_CFG_BUF_SIZE 512u
#endif
/* rpmsg header size (struct rpmsg_hdr, 16 bytes) and the largest payload. */
#define RB_RPMSG_HDR_SIZE  16u
#define RB_CFG_MAX_PAYLOAD (RB_CFG_BUF_SIZE - RB_RPMSG_HDR_SIZE)

/* --- Channels ---------------------------------------------------------------- */
/* Most channels (announced + served) a channel list may hold. */
#ifndef RB_CFG_MAX_CHANNELS
#define RB_CFG_MAX_CHANNELS 8u
#endif
/*
 * Default channel list, an X-macro: X(name, local address, kind, announce).
 * kind is RB_CH_STREAM (tty: a byte stream, deframed) or RB_CH_MSG (one
 * message per rpmsg message). Address 40 is not announced: Linux creates it
 * with RPMSG_CREATE_EPT_IOCTL.
 */
#ifndef RB_CFG_CHANNELS
#define RB_CFG_CHANNELS(X)                                                                         \
	X(RB_CHAN_NXP_TTY_NAME, RB_CHAN_NXP_TTY_ADDR, RB_CH_STREAM, 1)                             \
	X(RB_CHAN_TTY_NAME, RB_CHAN_TTY_ADDR, RB_CH_STREAM, 1)                                     \
	X(RB_CHAN_RAW_NAME, RB_CHAN_RAW_ADDR, RB_CH_MSG, 1)                                        \
	X("rpmsg-bench-ept", RB_CHAN_EPT_ADDR, RB_CH_MSG, 0)
#endif

/*
 * Delay from link-up to the second name-service announcement, in ms (0: none,
 * the default). An announcement that arrives before Linux's rpmsg_ns endpoint
 * exists is dropped ("msg received with no recipient",
 * drivers/rpmsg/virtio_rpmsg_bus.c); a second one covers that race, but
 * when the first did arrive Linux logs "channel ... already exist" and
 * "rpmsg_create_channel failed" for every channel not yet used
 * (virtio_rpmsg_bus.c __rpmsg_create_channel), on every boot. Link-up waits
 * for DRIVER_OK or the first kick, after rpmsg_ns exists.
 */
#ifndef RB_CFG_NS_REANNOUNCE_MS
#define RB_CFG_NS_REANNOUNCE_MS 0u
#endif

/* --- Echo core --------------------------------------------------------------- */
/*
 * Quiet period in microseconds after which bytes a tty channel's deframer holds
 * back (a possible frame start, shorter than a header) are echoed as raw bytes.
 */
#ifndef RB_CFG_TTY_FLUSH_US
#define RB_CFG_TTY_FLUSH_US 20000u
#endif
/*
 * The same once a valid header (magic, version, hcheck) is held and only the
 * payload is missing: a frame split by tty writes, almost surely; wait longer.
 */
#ifndef RB_CFG_TTY_FRAME_FLUSH_US
#define RB_CFG_TTY_FRAME_FLUSH_US 500000u
#endif
/* Most Linux messages handled per poll before other work (source, flush) runs; >= 1. */
#ifndef RB_CFG_RX_BUDGET
#define RB_CFG_RX_BUDGET 64u
#endif
/* Firmware version reported in rb_info.fw_version: (major << 16) | (minor << 8) | patch. */
#ifndef RB_CFG_FW_VERSION
#define RB_CFG_FW_VERSION 0x000100u
#endif
/* Build id (<= 24 chars), e.g. -DRB_CFG_BUILD_ID=\"$(git rev-parse --short HEAD)\". */
#ifndef RB_CFG_BUILD_ID
#define RB_CFG_BUILD_ID "dev"
#endif
/* Longest wait in one idle step of the main loop, in microseconds. */
#ifndef RB_CFG_IDLE_WAIT_US
#define RB_CFG_IDLE_WAIT_US 1000u
#endif

/* --- Checks ------------------------------------------------------------------ */
_Static_assert(RB_CFG_VRING_NUM >= 2u && RB_CFG_VRING_NUM <= 32768u,
	       "RB_CFG_VRING_NUM must be 2..32768");
_Static_assert((RB_CFG_VRING_NUM & (RB_CFG_VRING_NUM - 1u)) == 0u,
	       "RB_CFG_VRING_NUM must be a power of two (slot = idx & (num - 1))");
_Static_assert(RB_BOARD_VRING_ALIGN >= 4u &&
		       (RB_BOARD_VRING_ALIGN & (RB_BOARD_VRING_ALIGN - 1u)) == 0u,
	       "RB_BOARD_VRING_ALIGN must be a power of two >= 4");
_Static_assert(RB_CFG_BUF_SIZE > RB_RPMSG_HDR_SIZE && RB_CFG_BUF_SIZE <= 4096u,
	       "RB_CFG_BUF_SIZE must be 17..4096");
_Static_assert(RB_CFG_MAX_PAYLOAD >= RB_MAX_FRAME,
	       "an rpmsg buffer must hold the largest protocol frame");
_Static_assert(RB_CFG_MAX_CHANNELS >= 1u && RB_CFG_MAX_CHANNELS <= 32u,
	       "RB_CFG_MAX_CHANNELS must be 1..32");
_Static_assert(RB_CFG_TTY_FRAME_FLUSH_US >= RB_CFG_TTY_FLUSH_US,
	       "a held header waits at least as long as held bytes");
_Static_assert(RB_CFG_RX_BUDGET >= 1u, "RB_CFG_RX_BUDGET must be >= 1");
_Static_assert(sizeof(RB_CFG_BUILD_ID) <= 24u, "RB_CFG_BUILD_ID is at most 24 characters");

#endif /* RB_FW_CONFIG_H */
