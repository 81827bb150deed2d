/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_echo.h - the echo core: channels, the wire protocol (bench/proto/rb_proto.h),
 * modes, control frames, fault injection and counters.
 *
 * Stream channels (ttys: NXP imx_rpmsg_tty on 30, mainline rpmsg_tty on 31)
 * carry a byte stream: each channel runs an rb_deframer; frames are handled
 * as protocol frames, everything else is echoed verbatim and in order (a
 * generic echo: NXP's "hello world!" at probe comes back as it went out).
 * Message channels (rpmsg-raw on 32, the RPMSG_CREATE_EPT_IOCTL endpoint on
 * 40) carry one message per rpmsg message: a valid frame is handled, anything
 * else echoed verbatim.
 */
#ifndef RB_ECHO_H
#define RB_ECHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "rb_frame.h"
#include "rb_proto.h"
#include "rb_rpmsg.h"

enum rb_chan_kind {
	RB_CH_STREAM = 0, /* tty: deframed byte stream */
	RB_CH_MSG = 1,	  /* one message per rpmsg message */
};

/* One channel of the configuration (config.h RB_CFG_CHANNELS, or the host's --channels). */
struct rb_channel {
	const char *name; /* name-service name, <= 31 characters */
	uint32_t addr;	  /* firmware's rpmsg address */
	uint8_t kind;	  /* enum rb_chan_kind */
	uint8_t announce; /* 1: announce to address 53 */
};

struct rb_chan_state {
	struct rb_channel c;
	uint32_t peer; /* Linux's address, learnt from its latest message */
	bool peer_known;
	uint64_t last_rx;      /* ticks of the last bytes pushed into the deframer */
	struct rb_deframer df; /* stream channels only */
};

struct rb_echo {
	struct rb_rpmsg_dev *dev;
	struct rb_stats *st;
	struct rb_chan_state ch[RB_CFG_MAX_CHANNELS];
	uint32_t nch;
	/* mode */
	struct rb_mode mode;
	uint32_t gen_chan; /* channel index firmware-originated frames go to */
	uint32_t gen_dst;
	uint32_t gen_left; /* frames still to send (source with count, burst) */
	bool gen_forever;  /* source with count 0 */
	uint32_t gen_seq;
	uint64_t gen_due; /* ticks when the next paced frame is due */
	/* faults */
	struct rb_fault fault;
	uint32_t fault_k;  /* data frames since the FAULT request */
	uint32_t stall_ms; /* pending stall, done after the reply went out */
	/* no_tx_buf is counted once per blocked stretch */
	bool rx_blocked;
	bool gen_blocked;
	/* name service */
	uint64_t link_ticks;
	uint8_t ns_rounds; /* announcement rounds done (2 with re-announce) */
	uint64_t rx_ticks; /* when the message being handled was taken */
};

/*
 * Set up the core for n channels (n <= RB_CFG_MAX_CHANNELS, distinct
 * addresses, none equal to 53). Returns 0 or -EINVAL.
 */
int rb_echo_init(struct rb_echo *e, struct rb_rpmsg_dev *dev, struct rb_stats *st,
		 const struct rb_channel *ch, uint32_t n);

/* The link came up at `now` (ticks): announce the channels, reset per-link state. */
void rb_echo_link_up(struct rb_echo *e, uint64_t now);

/*
 * Handle one message from Linux taken at `now`. Returns 0 when it was handled
 * (the caller hands the buffer back), -EAGAIN when vring0 has too few free
 * buffers for the replies it may produce (the message stays on vring1 and is
 * retried; no_tx_buf counts the stretch once).
 */
int rb_echo_handle(struct rb_echo *e, const struct rb_rpmsg_rx *m, uint64_t now);

/*
 * Timed work at `now`: firmware-originated frames (source, burst), tty bytes
 * held back past RB_CFG_TTY_FLUSH_US, the delayed name-service re-announcement,
 * a pending stall fault. Returns how many messages it sent.
 */
int rb_echo_poll(struct rb_echo *e, uint64_t now);

/* Microseconds until rb_echo_poll() has timed work (capped at max_us). */
uint32_t rb_echo_next_us(const struct rb_echo *e, uint64_t now, uint32_t max_us);

#endif /* RB_ECHO_H */
