/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proto_layout.c - sizes and offsets of every rb_proto.h struct as data, so
 * test-fw-proto-layout.sh can compare the host and the Cortex-M builds of
 * the same header byte for byte.
 */
#include <stddef.h>
#include <stdint.h>

#include "rb_proto.h"

#define S(t) (uint32_t)sizeof(struct t)
#define O(t, f) (uint32_t)offsetof(struct t, f)

__attribute__((section(".rodata.rb_layout"), used)) const uint32_t rb_proto_layout[] = {
	RB_MAGIC, RB_VERSION, RB_HDR_SIZE, RB_RPMSG_MTU, RB_MAX_PAYLOAD,
	RB_T_DATA, RB_T_INFO, RB_T_MODE, RB_T_STATS, RB_T_STATS_RESET, RB_T_PING, RB_T_FAULT,
	RB_T_REPLY, RB_T_ERROR, RB_F_PCHECK, RB_F_REMOTE_TS, RB_F_FROM_FW, RB_F_WARMUP,
	S(rb_hdr), O(rb_hdr, version), O(rb_hdr, type), O(rb_hdr, seq), O(rb_hdr, len),
	O(rb_hdr, flags), O(rb_hdr, pcheck), O(rb_hdr, hcheck),
	S(rb_remote_ts), O(rb_remote_ts, tx_ticks),
	S(rb_info), O(rb_info, fw_version), O(rb_info, build_id), O(rb_info, board),
	O(rb_info, core_clock_hz), O(rb_info, ts_hz), O(rb_info, ts_source), O(rb_info, num_channels),
	O(rb_info, vring_num), O(rb_info, buf_size), O(rb_info, max_payload), O(rb_info, vring0_da),
	O(rb_info, vring1_da), O(rb_info, channel_addr), O(rb_info, reserved),
	S(rb_mode), O(rb_mode, size), O(rb_mode, rate_hz), O(rb_mode, count),
	S(rb_fault), O(rb_fault, dup_every), O(rb_fault, corrupt_every), O(rb_fault, stall_ms),
	O(rb_fault, mute),
	S(rb_status), O(rb_status, req_type),
	S(rb_stats), O(rb_stats, tx_msgs), O(rb_stats, rx_bytes), O(rb_stats, tx_bytes),
	O(rb_stats, data_frames), O(rb_stats, ctrl_frames), O(rb_stats, raw_bytes),
	O(rb_stats, no_tx_buf), O(rb_stats, malformed), O(rb_stats, bad_desc), O(rb_stats, kicks_rx),
	O(rb_stats, notify_tx), O(rb_stats, injected_drop), O(rb_stats, injected_dup),
	O(rb_stats, injected_corrupt), O(rb_stats, worst_kick_ticks), O(rb_stats, ts_hz),
	RB_CHAN_NXP_TTY_ADDR, RB_CHAN_TTY_ADDR, RB_CHAN_RAW_ADDR, RB_CHAN_EPT_ADDR,
	RB_TS_NONE, RB_TS_DWT_CYCCNT, RB_TS_SYSTICK, RB_TS_SYS_COUNTER, RB_TS_HOST_MONO,
	RB_MODE_ECHO, RB_MODE_SINK, RB_MODE_SOURCE, RB_MODE_BURST,
};
