/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_proto.h - the rpmsg-bench wire protocol.
 *
 * One header, included unchanged by the Linux benchmark (bench/) and by the
 * echo firmware (firmware-echo/), whatever the board. It depends on nothing
 * but <stdint.h> and <stddef.h>, so it builds freestanding.
 *
 * Every frame is a 16-byte header followed by `len` payload bytes. All fields
 * are little-endian. A frame fits one rpmsg message: the virtio rpmsg MTU is
 * 512 - 16 = 496 bytes (drivers/rpmsg/virtio_rpmsg_bus.c, virtio_rpmsg_get_mtu),
 * so a frame's payload is at most RB_MAX_PAYLOAD = 480 bytes.
 *
 * "Message size" everywhere in rpmsg-bench (options, reports) means the whole
 * frame, header included: the number of bytes one rpmsg message carries. It
 * ranges from RB_MIN_FRAME (16) to the endpoint's MTU (496 on virtio).
 *
 *   offset  size  field     meaning
 *   ------  ----  --------  -------------------------------------------------
 *        0     2  magic     RB_MAGIC (bytes 0xA5 0xB7 on the wire)
 *        2     1  version   RB_VERSION
 *        3     1  type      enum rb_type
 *        4     4  seq       sequence number, per endpoint and direction
 *        8     2  len       payload bytes that follow the header (<= 480)
 *       10     2  flags     RB_F_* bits
 *       12     2  pcheck    CRC-16 of the payload when RB_F_PCHECK is set,
 *                           else 0 (data payloads are checked by pattern)
 *       14     2  hcheck    CRC-16 of header bytes 0..13
 *
 * On a tty (a byte stream: writes are split, reads coalesce, garbage such as
 * the "hello world!" that NXP's imx_rpmsg_tty sends at probe may appear) a
 * reader finds a frame by its magic, accepts the header only when hcheck
 * matches and len is in range, and otherwise skips one byte and searches
 * again. On an rpmsg char endpoint every read() is one whole message.
 *
 * Data payloads are derived from the sequence number (rb_pattern_byte), so
 * either side can verify content without storing it. Control payloads carry
 * RB_F_PCHECK and a CRC.
 *
 * The CRC is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection,
 * no final xor); check value of "123456789" is 0x29B1.
 */
#ifndef RB_PROTO_H
#define RB_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define RB_MAGIC		0xB7A5u	/* little-endian: 0xA5 then 0xB7 */
#define RB_MAGIC0		0xA5u
#define RB_MAGIC1		0xB7u
#define RB_VERSION		1u
#define RB_HDR_SIZE		16u
#define RB_RPMSG_MTU		496u	/* 512-byte virtio buffers - 16-byte rpmsg header */
#define RB_MIN_FRAME		RB_HDR_SIZE
#define RB_MAX_FRAME		RB_RPMSG_MTU
#define RB_MAX_PAYLOAD		(RB_MAX_FRAME - RB_HDR_SIZE)	/* 480 */

/* Frame types. A reply to request type T has type T | RB_T_REPLY. */
enum rb_type {
	/* Data: echoed (echo mode), swallowed (sink), or produced (source/burst). */
	RB_T_DATA = 0x01,

	/* Control requests (Linux -> firmware); replies carry RB_T_REPLY. */
	RB_T_INFO = 0x10,	 /* no payload; reply: struct rb_info */
	RB_T_MODE = 0x11,	 /* struct rb_mode; reply: struct rb_status */
	RB_T_STATS = 0x12,	 /* no payload; reply: struct rb_stats */
	RB_T_STATS_RESET = 0x13, /* no payload; reply: struct rb_status */
	RB_T_PING = 0x14,	 /* any payload, echoed in the reply */
	RB_T_FAULT = 0x15,	 /* struct rb_fault; reply: struct rb_status */

	RB_T_REPLY = 0x80,
	/* Firmware could not act on a request: payload struct rb_status. */
	RB_T_ERROR = 0xFF,
};

/* Header flags. */
#define RB_F_PCHECK	0x0001u	/* pcheck holds the payload CRC */
#define RB_F_REMOTE_TS	0x0002u	/* firmware writes struct rb_remote_ts at payload start */
#define RB_F_FROM_FW	0x0004u	/* frame originated on the M-core (source/burst data) */
#define RB_F_WARMUP	0x0008u	/* informational: sender counts this frame as warm-up */

struct rb_hdr {
	uint16_t magic;   /* RB_MAGIC */
	uint8_t version;  /* RB_VERSION */
	uint8_t type;	  /* enum rb_type */
	uint32_t seq;	  /* sequence number */
	uint16_t len;	  /* payload length, <= RB_MAX_PAYLOAD */
	uint16_t flags;	  /* RB_F_* */
	uint16_t pcheck;  /* payload CRC-16 when RB_F_PCHECK, else 0 */
	uint16_t hcheck;  /* CRC-16 over bytes 0..13 */
} __attribute__((packed));

_Static_assert(sizeof(struct rb_hdr) == RB_HDR_SIZE, "rb_hdr is 16 bytes");
_Static_assert(offsetof(struct rb_hdr, seq) == 4, "seq at 4");
_Static_assert(offsetof(struct rb_hdr, len) == 8, "len at 8");
_Static_assert(offsetof(struct rb_hdr, pcheck) == 12, "pcheck at 12");
_Static_assert(offsetof(struct rb_hdr, hcheck) == 14, "hcheck at 14");

/*
 * In-band remote timestamps (RB_F_REMOTE_TS, payload len >= 16): the firmware
 * overwrites the first 16 payload bytes with its own clock, in ticks of
 * rb_info.ts_hz. The benchmark excludes these bytes from the pattern check.
 */
struct rb_remote_ts {
	uint64_t rx_ticks; /* when the firmware took the frame off the vring */
	uint64_t tx_ticks; /* just before the firmware handed the reply back */
} __attribute__((packed));
_Static_assert(sizeof(struct rb_remote_ts) == 16, "rb_remote_ts is 16 bytes");

/* Timestamp sources reported in rb_info.ts_source. */
enum rb_ts_source {
	RB_TS_NONE = 0,
	RB_TS_DWT_CYCCNT = 1,  /* Cortex-M DWT cycle counter (core clock) */
	RB_TS_SYSTICK = 2,     /* SysTick extended in software */
	RB_TS_SYS_COUNTER = 3, /* i.MX8M system counter shared with the A-cores */
	RB_TS_HOST_MONO = 4,   /* host build: CLOCK_MONOTONIC in ns */
};

/* RB_T_INFO reply. Strings are NUL-padded, not necessarily NUL-terminated. */
struct rb_info {
	uint32_t proto_version; /* RB_VERSION the firmware speaks */
	uint32_t fw_version;	/* (major << 16) | (minor << 8) | patch */
	char build_id[24];	/* e.g. short git hash + build date */
	char board[24];		/* port name: "imx8mp-m7", "mps2-an500", "host" */
	uint32_t core_clock_hz; /* 0 when unknown */
	uint32_t ts_hz;		/* timestamp ticks per second, 0 when RB_TS_NONE */
	uint8_t ts_source;	/* enum rb_ts_source */
	uint8_t num_channels;	/* announced channels */
	uint16_t vring_num;	/* descriptors per vring */
	uint16_t buf_size;	/* bytes per rpmsg buffer (header included) */
	uint16_t max_payload;	/* largest rpmsg payload the firmware accepts */
	uint32_t vring0_da;	/* device address of vring0 (firmware -> Linux) */
	uint32_t vring1_da;	/* device address of vring1 (Linux -> firmware) */
	uint32_t channel_addr;	/* firmware's rpmsg address for this channel */
	uint32_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rb_info) == 96, "rb_info layout");

/* Firmware modes (RB_T_MODE). */
enum rb_mode_kind {
	RB_MODE_ECHO = 0,   /* every data frame is sent back unchanged */
	RB_MODE_SINK = 1,   /* data frames are counted and dropped */
	RB_MODE_SOURCE = 2, /* firmware sends `count` frames at `rate_hz` (0: as fast as possible) */
	RB_MODE_BURST = 3,  /* each received data frame triggers `count` frames back */
};

struct rb_mode {
	uint8_t mode;	  /* enum rb_mode_kind */
	uint8_t reserved;
	uint16_t size;	  /* payload size of firmware-originated data frames */
	uint32_t rate_hz; /* SOURCE: frames per second, 0 = unpaced */
	uint32_t count;	  /* SOURCE: frames to send (0 = until next MODE); BURST: frames per trigger */
} __attribute__((packed));
_Static_assert(sizeof(struct rb_mode) == 12, "rb_mode layout");

/*
 * Fault injection (RB_T_FAULT). Counting starts at the FAULT request: the k-th
 * data frame received afterwards (k = 1, 2, ...) is dropped when
 * k % drop_every == 0, echoed twice when k % dup_every == 0, and echoed with
 * payload byte 0 inverted when k % corrupt_every == 0 (0 disables each).
 * stall_ms > 0: after replying, the firmware masks interrupts and busy-waits
 * stall_ms once (on i.MX this makes Linux's mailbox kicks time out).
 * mute != 0: the firmware stops answering anything but RB_T_FAULT.
 */
struct rb_fault {
	uint32_t drop_every;
	uint32_t dup_every;
	uint32_t corrupt_every;
	uint32_t stall_ms;
	uint8_t mute;
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rb_fault) == 20, "rb_fault layout");

/* Reply to MODE, STATS_RESET, FAULT and ERROR frames. */
struct rb_status {
	int32_t status;	      /* 0 or a negative errno value */
	uint8_t req_type;     /* type of the request answered */
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rb_status) == 8, "rb_status layout");

/* RB_T_STATS reply: the firmware's counters since boot or the last reset. */
struct rb_stats {
	uint64_t rx_msgs;	 /* rpmsg messages taken off vring1 */
	uint64_t tx_msgs;	 /* rpmsg messages placed on vring0 */
	uint64_t rx_bytes;	 /* rpmsg payload bytes received */
	uint64_t tx_bytes;	 /* rpmsg payload bytes sent */
	uint64_t data_frames;	 /* protocol data frames handled */
	uint64_t ctrl_frames;	 /* protocol control frames handled */
	uint64_t raw_bytes;	 /* bytes echoed verbatim (not protocol frames) */
	uint64_t no_tx_buf;	 /* times vring0 had no free buffer */
	uint64_t malformed;	 /* frames or rpmsg headers that failed checks */
	uint64_t bad_desc;	 /* descriptors/indices rejected (out of range, chained, ...) */
	uint64_t kicks_rx;	 /* notifications received from Linux */
	uint64_t notify_tx;	 /* notifications sent to Linux */
	uint64_t injected_drop;	 /* frames dropped by fault injection */
	uint64_t injected_dup;	 /* frames duplicated by fault injection */
	uint64_t injected_corrupt; /* frames corrupted by fault injection */
	uint64_t worst_kick_ticks; /* worst time from kick to service, in ts ticks */
	uint32_t ts_hz;		 /* tick rate of worst_kick_ticks */
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct rb_stats) == 136, "rb_stats layout");

_Static_assert(sizeof(struct rb_stats) <= RB_MAX_PAYLOAD, "stats fit one frame");
_Static_assert(sizeof(struct rb_info) <= RB_MAX_PAYLOAD, "info fits one frame");

/*
 * Default rpmsg channels the firmware announces (name service, address 53).
 * NXP's imx_rpmsg_tty binds "rpmsg-virtual-tty-channel-1" and names the tty
 * after the remote address, so address 30 gives /dev/ttyRPMSG30
 * (drivers/rpmsg/imx_rpmsg_tty.c in nxp-imx/linux-imx); mainline binds
 * "rpmsg-tty" (drivers/tty/rpmsg_tty.c) and "rpmsg-raw"
 * (drivers/rpmsg/rpmsg_char.c, id_table, 5.18+).
 */
#define RB_CHAN_NXP_TTY_NAME	"rpmsg-virtual-tty-channel-1"
#define RB_CHAN_NXP_TTY_ADDR	30u
#define RB_CHAN_TTY_NAME	"rpmsg-tty"
#define RB_CHAN_TTY_ADDR	31u
#define RB_CHAN_RAW_NAME	"rpmsg-raw"
#define RB_CHAN_RAW_ADDR	32u
/* Address the firmware serves for endpoints Linux creates with RPMSG_CREATE_EPT_IOCTL. */
#define RB_CHAN_EPT_ADDR	40u

#endif /* RB_PROTO_H */
