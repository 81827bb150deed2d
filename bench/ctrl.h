/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ctrl.h - control frames to the echo firmware (rb_proto.h): info, mode,
 * statistics and their reset, ping, fault injection.
 *
 * Used before the clock starts and after the run, never in the measured
 * loop: each request waits (poll) for its reply with a timeout. A peer that
 * does not speak the protocol is told apart from a silent one: a generic
 * echo peer sends the request back unchanged (no RB_T_REPLY bit).
 */
#ifndef RB_CTRL_H
#define RB_CTRL_H

#include <stddef.h>
#include <stdint.h>

#include "endpoint.h"
#include "rb_proto.h"

/* Sequence numbers of control requests: far from data sequence numbers. */
#define RB_CTRL_SEQ_BASE 0xC0000000u

/*
 * Send control request `type` with `len` payload bytes and wait up to
 * timeout_ms for its reply (same seq, type | RB_T_REPLY, or RB_T_ERROR).
 * The reply payload goes to out (at most outlen bytes; *got receives its
 * length, may be NULL). Bytes that are not the reply are dropped (the run
 * drains the endpoint afterwards anyway). Returns:
 *   0            reply received
 *   -ETIMEDOUT   nothing answered in time
 *   -EPROTO      the peer echoed the request verbatim (a generic echo peer)
 *   -EREMOTEIO   the firmware answered RB_T_ERROR (status in *status when not NULL)
 *   -errno       read or write error (EIO, EPIPE, ...)
 */
int rb_ctrl_request(struct rb_endpoint *e, uint8_t type, const void *payload, uint16_t len,
		    void *out, size_t outlen, size_t *got, unsigned timeout_ms, int32_t *status);

/* RB_T_INFO: firmware information. Returns as rb_ctrl_request. */
int rb_ctrl_info(struct rb_endpoint *e, struct rb_info *info, unsigned timeout_ms);

/* RB_T_STATS: the firmware's counters. Returns as rb_ctrl_request. */
int rb_ctrl_stats(struct rb_endpoint *e, struct rb_stats *st, unsigned timeout_ms);

/* RB_T_STATS_RESET, RB_T_PING, RB_T_MODE, RB_T_FAULT. Return as rb_ctrl_request. */
int rb_ctrl_reset(struct rb_endpoint *e, unsigned timeout_ms);
int rb_ctrl_ping(struct rb_endpoint *e, unsigned timeout_ms);
int rb_ctrl_mode(struct rb_endpoint *e, const struct rb_mode *m, unsigned timeout_ms);
int rb_ctrl_fault(struct rb_endpoint *e, const struct rb_fault *f, unsigned timeout_ms);

#endif /* RB_CTRL_H */
