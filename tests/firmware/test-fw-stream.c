/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-stream.c - vring0 buffer exhaustion and recovery (the firmware
 * holds Linux's messages until RX buffers come back, counts one no_tx_buf
 * event, loses nothing), and the firmware-originated stream (source mode:
 * unpaced, paced, unbounded until the next MODE), against rb-fw-host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fwtest.h"

#define CH   RB_CHAN_RAW_ADDR
#define SRC2 0x401u

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void fill(uint8_t *p, size_t n, uint32_t i)
{
	for (size_t k = 0; k < n; k++)
		p[k] = (uint8_t)(i + k * 3);
	if (p[0] == RB_MAGIC0)
		p[0] = 0;
}

static void test_exhaustion(struct t_fw *f)
{
	const uint32_t extra = 20, total = 256 + extra;
	struct rb_status s;
	struct rb_stats st;
	struct lm_msg msg;
	uint8_t buf[100];

	t_ctrl(f, CH, RB_T_STATS_RESET, NULL, 0, RB_T_STATS_RESET | RB_T_REPLY, &s, sizeof(s));
	f->lm.auto_refill = false;
	for (uint32_t i = 0; i < total; i++) {
		fill(buf, sizeof(buf), i);
		t_send(f, CH, buf, sizeof(buf));
		if (i < 256) {
			/* keep Linux's TX side ahead: its buffers come back as they are echoed */
			continue;
		}
	}
	for (uint32_t i = 0; i < 256; i++) {
		t_recv(f, &msg, 2000);
		fill(buf, sizeof(buf), i);
		t_check(msg.len == sizeof(buf) && !memcmp(msg.data, buf, sizeof(buf)), "reply %u",
			i);
	}
	t_expect_silence(f, 100);
	t_check(f->lm.nrx_held == 256, "%u RX buffers held", f->lm.nrx_held);
	/* The firmware left Linux's later messages on vring1, untouched. */
	t_check(lm_used_idx(&f->lm, 1) == (uint16_t)(1 + 256), "vring1 used idx %u",
		lm_used_idx(&f->lm, 1));
	f->lm.auto_refill = true;
	lm_refill(&f->lm);
	for (uint32_t i = 256; i < total; i++) {
		t_recv(f, &msg, 2000);
		fill(buf, sizeof(buf), i);
		t_check(msg.len == sizeof(buf) && !memcmp(msg.data, buf, sizeof(buf)),
			"reply %u after recovery", i);
	}
	t_stats(f, CH, &st);
	t_check(st.no_tx_buf == 1, "no_tx_buf %llu, want 1", (unsigned long long)st.no_tx_buf);
	t_check(st.rx_msgs == 1 + total && st.tx_msgs == 1 + total && st.raw_bytes == total * 100u,
		"rx %llu tx %llu raw %llu", (unsigned long long)st.rx_msgs,
		(unsigned long long)st.tx_msgs, (unsigned long long)st.raw_bytes);
	t_check(st.bad_desc == 0 && st.malformed == 0, "bad_desc/malformed");
	t_check(f->lm.rx_dropped == 0 && f->lm.bad_used == 0, "model saw bad messages");
}

static void send_mode(struct t_fw *f, const struct rb_mode *m, uint32_t seq)
{
	uint8_t buf[64];

	t_check(!lm_send(&f->lm, SRC2, CH, buf,
			 rb_frame_build_ctrl(buf, RB_T_MODE, seq, m, sizeof(*m))),
		"send MODE");
}

/* Receive frames until the MODE reply with seq; returns the data frames seen on the way. */
static uint32_t until_reply(struct t_fw *f, uint32_t seq, uint32_t next_data, uint16_t size)
{
	struct lm_msg msg;
	struct rb_hdr h;

	for (;;) {
		t_recv(f, &msg, 3000);
		t_check(msg.dst == SRC2 && msg.src == CH, "to %u from %u", msg.dst, msg.src);
		t_check(!rb_frame_parse(msg.data, msg.len, &h), "does not parse");
		if (h.type == (RB_T_MODE | RB_T_REPLY)) {
			t_check(h.seq == seq, "MODE reply seq %u", h.seq);
			return next_data;
		}
		t_check(h.type == RB_T_DATA && (h.flags & RB_F_FROM_FW) && h.seq == next_data &&
				h.len == size &&
				rb_pattern_check(msg.data + 16, h.len, h.seq, 0) == h.len,
			"source frame: seq %u (want %u) len %u flags 0x%x", h.seq, next_data, h.len,
			h.flags);
		next_data++;
	}
}

static void test_source(struct t_fw *f)
{
	struct rb_mode m = {.mode = RB_MODE_SOURCE, .size = 200, .count = 5000};
	struct lm_msg msg;
	struct rb_hdr h;
	uint32_t got;
	uint64_t t0;

	/* Unpaced, bounded: exactly count frames, seq 0.., to the requester's address. */
	send_mode(f, &m, 1);
	got = until_reply(f, 1, 0, 200);
	while (got < m.count) {
		t_recv(f, &msg, 3000);
		t_check(!rb_frame_parse(msg.data, msg.len, &h) && h.seq == got && msg.dst == SRC2 &&
				(h.flags & RB_F_FROM_FW) && h.len == 200 &&
				rb_pattern_check(msg.data + 16, 200, got, 0) == 200,
			"source frame %u", got);
		got++;
	}
	t_expect_silence(f, 100);

	/* Paced: 100 frames at 500 Hz take about 200 ms. */
	m = (struct rb_mode){.mode = RB_MODE_SOURCE, .size = 0, .rate_hz = 500, .count = 100};
	t0 = mono_ms();
	send_mode(f, &m, 2);
	got = until_reply(f, 2, 0, 0);
	while (got < m.count) {
		t_recv(f, &msg, 3000);
		t_check(!rb_frame_parse(msg.data, msg.len, &h) && h.seq == got && h.len == 0,
			"paced frame %u", got);
		got++;
	}
	t_check(mono_ms() - t0 >= 190 && mono_ms() - t0 < 5000, "100 frames at 500 Hz took %llu ms",
		(unsigned long long)(mono_ms() - t0));
	t_expect_silence(f, 50);

	/* Unbounded until the next MODE. */
	m = (struct rb_mode){.mode = RB_MODE_SOURCE, .size = 32, .count = 0};
	send_mode(f, &m, 3);
	got = until_reply(f, 3, 0, 32);
	while (got < 2000) {
		t_recv(f, &msg, 3000);
		t_check(!rb_frame_parse(msg.data, msg.len, &h) && h.seq == got,
			"unbounded frame %u", got);
		got++;
	}
	m = (struct rb_mode){.mode = RB_MODE_ECHO};
	send_mode(f, &m, 4);
	until_reply(f, 4, got, 32);
	t_expect_silence(f, 100);
}

int main(void)
{
	struct t_fw f;

	uint64_t t0 = mono_ms();

	t_fw_start(&f, 0, true, NULL);
	printf("start: %llu ms\n", (unsigned long long)(mono_ms() - t0));
	test_exhaustion(&f);
	printf("exhaustion: %llu ms, %llu kicks timed out\n", (unsigned long long)(mono_ms() - t0),
	       (unsigned long long)f.lm.kick_timeouts);
	test_source(&f);
	printf("source: %llu ms, %llu kicks timed out\n", (unsigned long long)(mono_ms() - t0),
	       (unsigned long long)f.lm.kick_timeouts);
	t_fw_stop(&f, NULL);
	printf("PASS\n");
	return 0;
}
