/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-control.c - every control message of the wire protocol against
 * rb-fw-host (info, mode, stats, stats reset, ping, fault, errors), the
 * fault injections with their exact counts, remote timestamps, every
 * counter checked exactly after a known sequence, and faults cleared by a
 * link reset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "fwtest.h"

#define CH RB_CHAN_RAW_ADDR

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void send_data(struct t_fw *f, uint32_t seq, size_t size, uint16_t flags)
{
	uint8_t buf[RB_MAX_FRAME];

	t_send(f, CH, buf, rb_frame_build_data(buf, size, seq, flags));
}

static void expect_status(struct t_fw *f, uint8_t type, const void *p, uint16_t len, int32_t want)
{
	struct rb_status s;
	uint8_t reply = want ? RB_T_ERROR : (uint8_t)(type | RB_T_REPLY);

	t_ctrl(f, CH, type, p, len, reply, &s, sizeof(s));
	t_check(s.status == want && s.req_type == type, "type 0x%x: status %d req 0x%x, want %d",
		type, s.status, s.req_type, want);
}

static void test_info(struct t_fw *f)
{
	struct rb_info in;

	t_ctrl(f, CH, RB_T_INFO, NULL, 0, RB_T_INFO | RB_T_REPLY, &in, sizeof(in));
	t_check(in.proto_version == RB_VERSION && in.fw_version == RB_CFG_FW_VERSION, "versions");
	t_check(!strncmp(in.board, "host", sizeof(in.board)), "board '%.24s'", in.board);
	t_check(!strncmp(in.build_id, RB_CFG_BUILD_ID, sizeof(in.build_id)), "build id");
	t_check(in.ts_hz == 1000000000u && in.ts_source == RB_TS_HOST_MONO, "timestamp source");
	t_check(in.num_channels == 3 && in.vring_num == 256 && in.buf_size == 512 &&
			in.max_payload == 496,
		"layout: %u channels, num %u, buf %u, max %u", in.num_channels, in.vring_num,
		in.buf_size, in.max_payload);
	t_check(in.vring0_da == f->lm.cfg.vring_pa[0] && in.vring1_da == f->lm.cfg.vring_pa[1],
		"vring da 0x%x 0x%x", in.vring0_da, in.vring1_da);
	t_check(in.channel_addr == CH, "channel_addr %u", in.channel_addr);
}

/* A known sequence after STATS_RESET; every counter is then predicted. */
static void test_counters(struct t_fw *f)
{
	uint8_t buf[RB_MAX_FRAME], ping[100];
	struct lm_msg msg;
	struct rb_stats st;
	uint64_t rx_bytes = 0, tx_bytes = 0, raw = 0, kicks0;
	size_t n;

	kicks0 = f->lm.kicks;
	expect_status(f, RB_T_STATS_RESET, NULL, 0, 0);
	rx_bytes += 16;
	tx_bytes += 16 + 8;

	for (size_t i = 0; i < sizeof(ping); i++)
		ping[i] = (uint8_t)(i * 7);
	t_ctrl(f, CH, RB_T_PING, ping, sizeof(ping), RB_T_PING | RB_T_REPLY, buf, sizeof(ping));
	t_check(!memcmp(buf, ping, sizeof(ping)), "ping payload not echoed");
	rx_bytes += 116;
	tx_bytes += 116;

	for (uint32_t i = 0; i < 5; i++) {
		send_data(f, i, 16 + 10 * i, 0);
		t_recv(f, &msg, 2000);
		t_check(msg.len == 16 + 10 * i, "data echo size");
		rx_bytes += 16 + 10 * i;
		tx_bytes += 16 + 10 * i;
	}

	t_send(f, CH, (const uint8_t *)"0123456789", 10);
	t_recv(f, &msg, 2000);
	t_check(msg.len == 10 && !memcmp(msg.data, "0123456789", 10), "raw echo");
	rx_bytes += 10;
	tx_bytes += 10;
	raw += 10;

	/* A frame whose payload CRC is wrong: malformed, echoed verbatim. */
	n = rb_frame_build_ctrl(buf, RB_T_PING, 99, ping, 20);
	buf[20] ^= 1;
	t_send(f, CH, buf, n);
	t_recv(f, &msg, 2000);
	t_check(msg.len == n && !memcmp(msg.data, buf, n), "malformed frame not echoed verbatim");
	rx_bytes += n;
	tx_bytes += n;
	raw += n;

	/* No endpoint at 77: counted as malformed, no answer. */
	t_check(!lm_send(&f->lm, T_SRC, 77, "zz", 2), "send to 77");
	t_expect_silence(f, 50);
	rx_bytes += 2;

	/* Unknown request type and a MODE of the wrong size: RB_T_ERROR. */
	expect_status(f, 0x33, NULL, 0, -95);
	expect_status(f, RB_T_MODE, ping, 3, -22);
	rx_bytes += 16 + 16 + 3;
	tx_bytes += 24 + 24;

	t_stats(f, CH, &st);
	rx_bytes += 0; /* the STATS request is counted after its reply is built */
#define EQ(field, want)                                                                            \
	t_check(st.field == (want), #field " = %llu, want %llu", (unsigned long long)st.field,     \
		(unsigned long long)(want))
	EQ(rx_msgs, 12u);
	EQ(rx_bytes, rx_bytes);
	EQ(tx_msgs, 11u);
	EQ(tx_bytes, tx_bytes);
	EQ(data_frames, 5u);
	EQ(ctrl_frames, 4u); /* ping, unknown type, bad mode, stats */
	EQ(raw_bytes, raw);
	EQ(malformed, 2u);
	EQ(bad_desc, 0u);
	EQ(no_tx_buf, 0u);
	EQ(injected_drop, 0u);
	EQ(injected_dup, 0u);
	EQ(injected_corrupt, 0u);
	/* kicks: one per message sent by the model; the reset's own may precede the reset */
	t_check(st.kicks_rx + 1u >= f->lm.kicks - kicks0 - 1u &&
			st.kicks_rx <= f->lm.kicks - kicks0,
		"kicks_rx %llu, model rang %llu", (unsigned long long)st.kicks_rx,
		(unsigned long long)(f->lm.kicks - kicks0));
	t_check(st.notify_tx >= 1 && st.notify_tx <= st.tx_msgs, "notify_tx %llu",
		(unsigned long long)st.notify_tx);
#undef EQ
}

static void test_faults(struct t_fw *f)
{
	struct rb_fault flt = {.drop_every = 3, .dup_every = 4, .corrupt_every = 5};
	struct rb_stats st;
	struct lm_msg msg;
	uint32_t drops = 0, dups = 0, corrupts = 0;

	expect_status(f, RB_T_STATS_RESET, NULL, 0, 0);
	expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
	for (uint32_t k = 1; k <= 60; k++) {
		int copies;

		send_data(f, k, 64, 0);
		if (k % 3 == 0) {
			drops++;
			continue;
		}
		copies = k % 4 == 0 ? 2 : 1;
		dups += k % 4 == 0;
		corrupts += k % 5 == 0;
		for (int c = 0; c < copies; c++) {
			struct rb_hdr h;
			size_t bad;

			t_recv(f, &msg, 2000);
			t_check(!rb_hdr_parse(msg.data, msg.len, &h) && h.seq == k,
				"frame %u: seq %u", k, h.seq);
			bad = rb_pattern_check(msg.data + 16, h.len, k, 0);
			if (k % 5 == 0)
				t_check(bad == 0 && (uint8_t)~msg.data[16] ==
							    (uint8_t)(rb_pattern_seed(k) & 0xff),
					"frame %u: payload byte 0 not inverted", k);
			else
				t_check(bad == h.len, "frame %u: payload differs at %zu", k, bad);
		}
	}
	t_expect_silence(f, 50);
	t_stats(f, CH, &st);
	t_check(st.injected_drop == drops && st.injected_dup == dups &&
			st.injected_corrupt == corrupts,
		"drop %llu/%u dup %llu/%u corrupt %llu/%u", (unsigned long long)st.injected_drop,
		drops, (unsigned long long)st.injected_dup, dups,
		(unsigned long long)st.injected_corrupt, corrupts);
	t_check(st.data_frames == 60 && st.tx_msgs == 1 + 1 + (60 - drops) + dups,
		"data_frames %llu tx_msgs %llu", (unsigned long long)st.data_frames,
		(unsigned long long)st.tx_msgs);

	/* mute: nothing but FAULT is answered */
	memset(&flt, 0, sizeof(flt));
	flt.mute = 1;
	expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
	send_data(f, 1, 32, 0);
	t_send(f, CH, (const uint8_t *)"raw", 3);
	{
		uint8_t buf[64];

		t_send(f, CH, buf, rb_frame_build_ctrl(buf, RB_T_PING, 5, NULL, 0));
	}
	t_expect_silence(f, 100);
	flt.mute = 0;
	expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
	send_data(f, 2, 32, 0);
	t_recv(f, &msg, 2000);

	/* stall: the reply comes, then kicks are not acknowledged for stall_ms */
	flt.stall_ms = 400;
	{
		uint32_t failed0 = f->lm.mbox->l2r_failed;
		uint64_t t0, start;
		int ret;

		start = mono_ns();

		expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
		t0 = mono_ns();
		ret = lm_kick(&f->lm, 1);
		t_check(ret == -ETIME, "kick during stall: %d, want -ETIME", ret);
		t_check(mono_ns() - t0 >= 100000000u, "kick gave up before 100 ms");
		/*
		 * Two kicks failed: the model's vq 0 kick after it took the FAULT
		 * reply (Linux kicks after re-posting RX buffers) and this one.
		 */
		t_check(f->lm.mbox->l2r_failed >= failed0 + 2, "l2r_failed %u, was %u",
			f->lm.mbox->l2r_failed, failed0);
		flt.stall_ms = 0;
		expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
		t_check(mono_ns() - start >= 400000000u, "stall shorter than asked");
	}
}

static void test_remote_ts(struct t_fw *f)
{
	struct rb_remote_ts ts;
	struct lm_msg msg;
	struct rb_hdr h;
	uint64_t t0 = mono_ns(), t1;

	static const uint16_t variants[] = {RB_F_REMOTE_TS, RB_F_REMOTE_TS | RB_F_PCHECK};

	for (size_t v = 0; v < 2; v++) {
		uint16_t flags = variants[v];
		uint8_t buf[RB_MAX_FRAME];
		size_t n = rb_frame_build_data(buf, 100, 7, 0);

		/* RB_F_PCHECK set: the firmware must re-seal after writing its timestamps */
		rb_frame_seal(buf, RB_T_DATA, flags, 7, (uint16_t)(n - 16));
		t_send(f, CH, buf, n);
		t_recv(f, &msg, 2000);
		t1 = mono_ns();
		t_check(!rb_frame_parse(msg.data, msg.len, &h), "timestamped reply does not parse");
		memcpy(&ts, msg.data + 16, sizeof(ts));
		t_check(ts.rx_ticks >= t0 && ts.rx_ticks <= ts.tx_ticks && ts.tx_ticks <= t1,
			"timestamps %llu %llu outside [%llu, %llu]",
			(unsigned long long)ts.rx_ticks, (unsigned long long)ts.tx_ticks,
			(unsigned long long)t0, (unsigned long long)t1);
		t_check(rb_pattern_check(msg.data + 16, h.len, 7, 16) == h.len, "payload after ts");
	}
}

static void test_modes(struct t_fw *f)
{
	struct rb_mode m = {.mode = RB_MODE_SINK};
	struct lm_msg msg;
	struct rb_hdr h;
	struct rb_stats st;

	expect_status(f, RB_T_STATS_RESET, NULL, 0, 0);
	expect_status(f, RB_T_MODE, &m, sizeof(m), 0);
	for (uint32_t i = 0; i < 10; i++)
		send_data(f, i, 48, 0);
	t_expect_silence(f, 50);
	t_stats(f, CH, &st);
	t_check(st.data_frames == 10 && st.tx_msgs == 2, "sink: %llu frames, %llu sent",
		(unsigned long long)st.data_frames, (unsigned long long)st.tx_msgs);

	m = (struct rb_mode){.mode = RB_MODE_BURST, .size = 100, .count = 3};
	expect_status(f, RB_T_MODE, &m, sizeof(m), 0);
	send_data(f, 1000, 16, 0);
	send_data(f, 1001, 16, 0);
	for (uint32_t s = 0; s < 6; s++) {
		t_recv(f, &msg, 2000);
		t_check(!rb_frame_parse(msg.data, msg.len, &h) && h.type == RB_T_DATA &&
				h.seq == s && h.len == 100 && (h.flags & RB_F_FROM_FW) &&
				msg.src == CH &&
				rb_pattern_check(msg.data + 16, h.len, s, 0) == h.len,
			"burst frame %u wrong (seq %u len %u flags 0x%x)", s, h.seq, h.len,
			h.flags);
	}
	t_expect_silence(f, 50);

	m = (struct rb_mode){.mode = 9};
	expect_status(f, RB_T_MODE, &m, sizeof(m), -22);
	m = (struct rb_mode){.mode = RB_MODE_SOURCE, .size = RB_MAX_PAYLOAD + 1};
	expect_status(f, RB_T_MODE, &m, sizeof(m), -22);
	m = (struct rb_mode){.mode = RB_MODE_ECHO};
	expect_status(f, RB_T_MODE, &m, sizeof(m), 0);
	send_data(f, 5, 40, 0);
	t_recv(f, &msg, 2000);
	t_check(msg.len == 40, "echo after mode change");
}

/*
 * Linux resets the device (a driver reload, rproc_virtio_reset) and probes
 * again: the new session starts with no faults and in echo mode, whatever the
 * last one left (a benchmark killed before it could clear its faults).
 */
static void test_reset_clears_faults(struct t_fw *f)
{
	struct rb_fault flt = {.mute = 1, .drop_every = 1, .corrupt_every = 1};
	struct lm_msg msg;
	struct rb_hdr h;

	expect_status(f, RB_T_FAULT, &flt, sizeof(flt), 0);
	send_data(f, 7, 48, 0);
	t_expect_silence(f, 50);
	lm_reset(&f->lm);
	t_expect_silence(f, 50);
	lm_start(&f->lm);
	for (int i = 0; i < 300 && f->lm.nns < 3; i++)
		lm_recv(&f->lm, &msg, 10);
	t_check(f->lm.nns == 3, "%u announcements after the reset, want 3", f->lm.nns);
	send_data(f, 8, 48, 0);
	t_recv(f, &msg, 2000);
	t_check(!rb_hdr_parse(msg.data, msg.len, &h) && h.seq == 8 &&
			rb_pattern_check(msg.data + 16, h.len, 8, 0) == h.len,
		"echo after the reset: intact frame 8");
}

int main(void)
{
	struct t_fw f;

	t_fw_start(&f, 0, true, NULL);
	test_info(&f);
	test_counters(&f);
	test_faults(&f);
	test_remote_ts(&f);
	test_modes(&f);
	test_reset_clears_faults(&f);
	t_fw_stop(&f, NULL);
	printf("PASS\n");
	return 0;
}
