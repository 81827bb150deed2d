/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-echo.c - rb-fw-host in its own process, driven by the Linux model:
 * >= 1,000,000 echoes over every size (raw messages 1..496 bytes echoed
 * verbatim, protocol frames 16..496 echoed as frames) with content checks on
 * the message channels, the tty byte-stream channels (hello world!, split
 * frames, held-back bytes flushed after a quiet period), the name-service
 * announcements, and the counters checked exactly at the end.
 *
 * RB_FW_ECHOES overrides the number of message-channel echoes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fwtest.h"

#define WINDOW 64u

struct expect {
	uint32_t dst;
	uint16_t len;
	uint8_t data[RB_MAX_FRAME];
};

static struct expect ring[WINDOW];
static uint64_t sent_msgs, sent_bytes, got_msgs, got_bytes, frames, raw_bytes;

/* Message i: even -> raw of 1..496 bytes on 32 or 40; odd -> a data frame of 16..496. */
static void make_msg(uint64_t i, struct expect *e)
{
	uint64_t j = i / 2;

	e->dst = (j / 7) % 2 ? RB_CHAN_EPT_ADDR : RB_CHAN_RAW_ADDR;
	if (i % 2 == 0) {
		e->len = (uint16_t)(1 + j % RB_RPMSG_MTU);
		rb_pattern_fill(e->data, e->len, (uint32_t)i);
		/* A raw message must not look like a frame start. */
		if (e->len >= 2 && e->data[0] == RB_MAGIC0 && e->data[1] == RB_MAGIC1)
			e->data[0] = 0;
		raw_bytes += e->len;
	} else {
		e->len = (uint16_t)(RB_MIN_FRAME + j % (RB_MAX_PAYLOAD + 1u));
		rb_frame_build_data(e->data, e->len, (uint32_t)i, 0);
		frames++;
	}
}

static void check_reply(const struct lm_msg *msg, const struct expect *e, uint64_t i)
{
	struct rb_hdr h;

	t_check(msg->src == e->dst && msg->dst == T_SRC, "msg %llu: reply %u -> %u",
		(unsigned long long)i, msg->src, msg->dst);
	t_check(msg->len == e->len, "msg %llu: %u bytes back, sent %u", (unsigned long long)i,
		msg->len, e->len);
	t_check(!memcmp(msg->data, e->data, e->len), "msg %llu (%u bytes): content differs",
		(unsigned long long)i, e->len);
	if (i % 2) {
		t_check(!rb_frame_parse(msg->data, msg->len, &h) && h.seq == (uint32_t)i &&
				rb_pattern_check(msg->data + 16, h.len, h.seq, 0) == h.len,
			"msg %llu: echoed frame does not check", (unsigned long long)i);
	}
	got_msgs++;
	got_bytes += msg->len;
}

static void echo_phase(struct t_fw *f, uint64_t n)
{
	struct lm_msg msg;
	uint64_t next = 0, done = 0;

	/* One kick per batch (Linux kicks per message; the tty phase does). */
	f->lm.kick_on_send = false;
	while (done < n) {
		uint64_t first = next;

		/* Refill the window once half of it came back. */
		while (next < n && next - done < WINDOW && first - done <= WINDOW / 2) {
			struct expect *e = &ring[next % WINDOW];

			make_msg(next, e);
			t_send(f, e->dst, e->data, e->len);
			sent_msgs++;
			sent_bytes += e->len;
			next++;
		}
		/* A kick may time out on a loaded machine; it is counted (kick_timeouts). */
		if (next != first)
			lm_kick(&f->lm, 1);
		t_recv(f, &msg, 5000);
		check_reply(&msg, &ring[done % WINDOW], done);
		done++;
	}
	f->lm.kick_on_send = true;
}

/* Collect n bytes of tty stream from channel addr. */
static void tty_collect(struct t_fw *f, uint32_t addr, uint8_t *out, size_t n, int timeout_ms)
{
	size_t have = 0;
	struct lm_msg msg;

	while (have < n) {
		t_recv(f, &msg, timeout_ms);
		t_check(msg.src == addr && msg.dst == T_SRC, "tty reply %u -> %u", msg.src,
			msg.dst);
		t_check(have + msg.len <= n, "tty: %zu bytes back, expected %zu", have + msg.len,
			n);
		memcpy(out + have, msg.data, msg.len);
		have += msg.len;
		got_msgs++;
		got_bytes += msg.len;
	}
}

static void tty_phase(struct t_fw *f, uint32_t addr, int rounds)
{
	static const char hello[] = "hello world!";
	uint8_t in[1200], out[1200];
	size_t n;

	/* NXP's imx_rpmsg_tty greeting (12 bytes, no NUL) comes back as it was. */
	t_send(f, addr, (const uint8_t *)hello, strlen(hello));
	sent_msgs++;
	sent_bytes += strlen(hello);
	raw_bytes += strlen(hello);
	tty_collect(f, addr, out, strlen(hello), 2000);
	t_check(!memcmp(out, hello, strlen(hello)), "hello world! not echoed verbatim");

	for (int r = 0; r < rounds; r++) {
		/* garbage, a frame, garbage, a frame; sent in chunks that split frames */
		size_t fs1 = RB_MIN_FRAME + (size_t)(r * 37) % 200,
		       fs2 = RB_MIN_FRAME + (size_t)r % 100;
		size_t g1 = 1 + (size_t)r % 13, g2 = 1 + (size_t)r % 5, off = 0, chunk;

		memset(in, 'x', g1);
		n = g1;
		n += rb_frame_build_data(in + n, fs1, (uint32_t)(2 * r), 0);
		memset(in + n, 'y', g2);
		n += g2;
		n += rb_frame_build_data(in + n, fs2, (uint32_t)(2 * r + 1), 0);
		frames += 2;
		raw_bytes += g1 + g2;
		chunk = 1 + (size_t)(r * 53) % 256;
		while (off < n) {
			size_t k = n - off < chunk ? n - off : chunk;

			t_send(f, addr, in + off, k);
			sent_msgs++;
			sent_bytes += k;
			off += k;
		}
		tty_collect(f, addr, out, n, 2000);
		t_check(!memcmp(in, out, n), "tty round %d: stream differs", r);
	}

	/* Bytes ending in a possible frame start are held, then flushed after the quiet period. */
	memcpy(in, "abc\xa5", 4);
	t_send(f, addr, in, 4);
	sent_msgs++;
	sent_bytes += 4;
	raw_bytes += 4;
	tty_collect(f, addr, out, 4, 2000);
	t_check(!memcmp(in, out, 4), "held-back bytes not flushed verbatim");
}

int main(void)
{
	const char *env = getenv("RB_FW_ECHOES");
	uint64_t n = env ? strtoull(env, NULL, 0) : 1000000u;
	struct rb_stats st, fin;
	struct t_fw f;
	uint64_t notifies;

	t_fw_start(&f, 0, true, NULL);
	t_check(lm_ns_find(&f.lm, RB_CHAN_NXP_TTY_NAME) == RB_CHAN_NXP_TTY_ADDR &&
			lm_ns_find(&f.lm, RB_CHAN_TTY_NAME) == RB_CHAN_TTY_ADDR &&
			lm_ns_find(&f.lm, RB_CHAN_RAW_NAME) == RB_CHAN_RAW_ADDR,
		"announcements wrong");
	t_check(lm_ns_find(&f.lm, "rpmsg-bench-ept") == -ENOENT,
		"address 40 must not be announced");
	for (uint32_t i = 0; i < f.lm.nns; i++)
		t_check(f.lm.ns[i].src == f.lm.ns[i].addr && f.lm.ns[i].flags == 0,
			"announcement %u: src %u addr %u flags %u", i, f.lm.ns[i].src,
			f.lm.ns[i].addr, f.lm.ns[i].flags);
	t_check(f.lm.ns_bad == 0, "announcement with len != 40");

	/* Throughput: kick when the window is refilled rather than per message. */
	f.lm.kick_on_refill = false;
	echo_phase(&f, n);
	tty_phase(&f, RB_CHAN_NXP_TTY_ADDR, 2000);
	tty_phase(&f, RB_CHAN_TTY_ADDR, 200);
	printf("%llu messages echoed (%llu bytes), %llu frames, %llu raw bytes\n",
	       (unsigned long long)got_msgs, (unsigned long long)got_bytes,
	       (unsigned long long)frames, (unsigned long long)raw_bytes);

	/*
	 * The run lasted well over a second and no channel but 32 was used:
	 * by default (RB_CFG_NS_REANNOUNCE_MS 0) nothing is announced twice.
	 */
	t_check(f.lm.nns == 3, "%u announcements, want 3 (no re-announcement)", f.lm.nns);

	t_stats(&f, RB_CHAN_RAW_ADDR, &st);
	t_check(st.rx_msgs == sent_msgs, "rx_msgs %llu, sent %llu", (unsigned long long)st.rx_msgs,
		(unsigned long long)sent_msgs);
	t_check(st.rx_bytes == sent_bytes, "rx_bytes %llu, sent %llu",
		(unsigned long long)st.rx_bytes, (unsigned long long)sent_bytes);
	t_check(st.tx_msgs == got_msgs + f.lm.nns, "tx_msgs %llu, got %llu + %u ns",
		(unsigned long long)st.tx_msgs, (unsigned long long)got_msgs, f.lm.nns);
	t_check(st.tx_bytes == got_bytes + 40u * f.lm.nns, "tx_bytes %llu",
		(unsigned long long)st.tx_bytes);
	t_check(st.data_frames == frames, "data_frames %llu, want %llu",
		(unsigned long long)st.data_frames, (unsigned long long)frames);
	t_check(st.raw_bytes == raw_bytes, "raw_bytes %llu, want %llu",
		(unsigned long long)st.raw_bytes, (unsigned long long)raw_bytes);
	t_check(st.ctrl_frames == 1 && st.malformed == 0 && st.bad_desc == 0 && st.no_tx_buf == 0,
		"ctrl %llu malformed %llu bad_desc %llu no_tx_buf %llu",
		(unsigned long long)st.ctrl_frames, (unsigned long long)st.malformed,
		(unsigned long long)st.bad_desc, (unsigned long long)st.no_tx_buf);
	t_check(st.injected_drop == 0 && st.injected_dup == 0 && st.injected_corrupt == 0,
		"injected faults without a FAULT request");
	t_check(st.ts_hz == 1000000000u, "ts_hz %u", st.ts_hz);
	t_check(st.worst_kick_ticks > 0 && st.worst_kick_ticks < 5000000000ull,
		"worst_kick_ticks %llu", (unsigned long long)st.worst_kick_ticks);
	/* Every kick was acknowledged (the model waits for it) and counted once. */
	/*
	 * Every kick is counted once when acknowledged; a kick that timed out
	 * (a loaded machine descheduled the firmware for 100 ms) may be taken
	 * together with the next one. The STATS request's own kick may be taken
	 * before or after the request is handled.
	 */
	t_check(st.kicks_rx + f.lm.kick_timeouts + 1u >= f.lm.kicks && st.kicks_rx <= f.lm.kicks,
		"kicks_rx %llu, rang %llu, %llu timed out", (unsigned long long)st.kicks_rx,
		(unsigned long long)f.lm.kicks, (unsigned long long)f.lm.kick_timeouts);
	t_check(f.lm.rx_dropped == 0 && f.lm.bad_used == 0,
		"model saw %llu bad messages, %llu bad used", (unsigned long long)f.lm.rx_dropped,
		(unsigned long long)f.lm.bad_used);

	notifies = lm_take_notifies(&f.lm);
	t_fw_stop(&f, &fin);
	t_check(fin.notify_tx == f.lm.r2l_seen, "notify_tx %llu, mailbox saw %u",
		(unsigned long long)fin.notify_tx, f.lm.r2l_seen);
	t_check(notifies > 0, "no notifications");
	if (f.lm.kick_timeouts == 0)
		t_check(fin.kicks_rx == f.lm.kicks, "final kicks_rx %llu, rang %llu",
			(unsigned long long)fin.kicks_rx, (unsigned long long)f.lm.kicks);
	else
		printf("%llu kicks timed out (loaded machine): kicks_rx checked as a range\n",
		       (unsigned long long)f.lm.kick_timeouts);
	t_check(fin.kicks_rx + f.lm.kick_timeouts >= f.lm.kicks && fin.kicks_rx <= f.lm.kicks,
		"final kicks_rx %llu, rang %llu", (unsigned long long)fin.kicks_rx,
		(unsigned long long)f.lm.kicks);
	t_check(fin.rx_msgs == sent_msgs + 1u && fin.tx_msgs == st.tx_msgs + 1u,
		"final rx %llu tx %llu", (unsigned long long)fin.rx_msgs,
		(unsigned long long)fin.tx_msgs);
	printf("PASS\n");
	return 0;
}
