/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-hostile.c - a hostile Linux side: descriptors outside the shared
 * region (beyond its end, below its base, straddling the end), lengths larger
 * than a buffer, rpmsg lengths larger than the descriptor, avail->idx jumping
 * beyond the ring, heads out of range, chained / indirect / wrong-direction
 * descriptors, zero lengths, bad RX buffers on vring0, messages from
 * Linux's name-service address. Each is rejected and counted exactly
 * (bad_desc or malformed), and the firmware keeps echoing.
 * The shared file sits at physical 0x60000000 (as mps2-an500's RAM) so the
 * translation is checked with a non-zero base.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fwtest.h"

#define CH   RB_CHAN_RAW_ADDR
#define BASE 0x60000000ull

static uint64_t want_bad, want_malformed;

static void check_counts(struct t_fw *f, const char *what)
{
	struct rb_stats st;
	struct lm_msg msg;

	/* The firmware still echoes, and the model never saw a bad used entry. */
	t_check(!lm_send(&f->lm, T_SRC, CH, "ok?", 3), "%s: send", what);
	t_recv(f, &msg, 2000);
	t_check(msg.len == 3 && !memcmp(msg.data, "ok?", 3), "%s: echo after", what);
	t_stats(f, CH, &st);
	t_check(st.bad_desc == want_bad && st.malformed == want_malformed,
		"%s: bad_desc %llu (want %llu), malformed %llu (want %llu)", what,
		(unsigned long long)st.bad_desc, (unsigned long long)want_bad,
		(unsigned long long)st.malformed, (unsigned long long)want_malformed);
	t_check(f->lm.bad_used == 0 && f->lm.rx_dropped == 0 && f->lm.ns_bad == 0,
		"%s: model saw bad used entries or messages (%llu %llu %llu)", what,
		(unsigned long long)f->lm.bad_used, (unsigned long long)f->lm.rx_dropped,
		(unsigned long long)f->lm.ns_bad);
	printf("ok: %s\n", what);
}

/* A TX descriptor with exactly these fields. */
static void post_tx(struct t_fw *f, uint64_t addr, uint32_t len, uint16_t flags)
{
	int id = lm_post_raw(&f->lm, 1, addr, len, flags, 0);

	t_check(id >= 0, "lm_post_raw: %d", id);
	lm_kick(&f->lm, 1);
}

/* A TX buffer whose rpmsg header claims hdr_len, with descriptor length desc_len. */
static void post_hdr(struct t_fw *f, uint32_t desc_len, uint16_t hdr_len)
{
	uint8_t msg[16] = {0};
	uint32_t src = T_SRC, dst = CH;

	memcpy(msg, &src, 4);
	memcpy(msg + 4, &dst, 4);
	memcpy(msg + 12, &hdr_len, 2);
	t_check(lm_send_raw(&f->lm, msg, sizeof(msg), desc_len) >= 0, "lm_send_raw");
}

/*
 * Messages from Linux's name-service address (53) and from RPMSG_ADDR_ANY, on
 * every channel: a 40-byte payload shaped as "destroy rpmsg-raw" (echoed to
 * 53, it would make rpmsg_ns_cb tear the channel down) and a PING frame (its
 * 32-byte reply would be a "malformed ns msg"). None may be answered: the
 * model sees no message at all, no announcement and no malformed one, and
 * each is counted malformed.
 */
static void from_reserved_src(struct t_fw *f)
{
	static const uint32_t chans[] = {RB_CHAN_NXP_TTY_ADDR, RB_CHAN_TTY_ADDR, RB_CHAN_RAW_ADDR,
					 RB_CHAN_EPT_ADDR};
	static const uint32_t srcs[] = {53u, 0xFFFFFFFFu};
	uint8_t ns[40] = "rpmsg-raw", ping[RB_MAX_FRAME];
	uint32_t raw = RB_CHAN_RAW_ADDR, destroy = 1;
	uint64_t received = f->lm.received;
	uint32_t nns = f->lm.nns;
	size_t n = rb_frame_build_ctrl(ping, RB_T_PING, 7, "ping", 4);

	memcpy(ns + 32, &raw, 4);
	memcpy(ns + 36, &destroy, 4);
	for (size_t s = 0; s < sizeof(srcs) / sizeof(srcs[0]); s++) {
		for (size_t c = 0; c < sizeof(chans) / sizeof(chans[0]); c++) {
			t_check(!lm_send(&f->lm, srcs[s], chans[c], ns, sizeof(ns)),
				"send from %#x to %u", srcs[s], chans[c]);
			t_check(!lm_send(&f->lm, srcs[s], chans[c], ping, n), "send from %#x to %u",
				srcs[s], chans[c]);
			want_malformed += 2;
		}
	}
	t_expect_silence(f, 50);
	t_check(f->lm.received == received && f->lm.nns == nns && f->lm.ns_bad == 0,
		"replies to a reserved source: %llu messages, %u announcements, %llu malformed",
		(unsigned long long)(f->lm.received - received), f->lm.nns - nns,
		(unsigned long long)f->lm.ns_bad);
	check_counts(f, "messages from 53 and RPMSG_ADDR_ANY not answered");
}

int main(void)
{
	struct rb_status s;
	struct lm_msg msg;
	uint64_t end = BASE + T_SHM_SIZE;
	uint16_t idx;

	struct t_fw fw, *f = &fw;

	t_fw_start(f, BASE, true, NULL);
	t_ctrl(f, CH, RB_T_STATS_RESET, NULL, 0, RB_T_STATS_RESET | RB_T_REPLY, &s, sizeof(s));
	check_counts(f, "baseline");

	post_tx(f, end + 0x1000, 32, 0);
	want_bad++;
	check_counts(f, "descriptor beyond the shared region");
	post_tx(f, 0x1000, 32, 0);
	want_bad++;
	check_counts(f, "descriptor below the shared region");
	post_tx(f, end - 16, 32, 0);
	want_bad++;
	check_counts(f, "descriptor straddling the region's end");
	post_tx(f, UINT64_MAX - 8, 32, 0);
	want_bad++;
	check_counts(f, "descriptor address wrapping around");

	post_tx(f, f->lm.cfg.buf_pa[1], 513, 0);
	want_bad++;
	check_counts(f, "descriptor length larger than a buffer");
	post_tx(f, f->lm.cfg.buf_pa[1], 0, 0);
	want_bad++;
	check_counts(f, "zero length");
	post_tx(f, f->lm.cfg.buf_pa[1], 64, 1 /* VRING_DESC_F_NEXT */);
	want_bad++;
	check_counts(f, "chained descriptor");
	post_tx(f, f->lm.cfg.buf_pa[1], 64, 4 /* VRING_DESC_F_INDIRECT */);
	want_bad++;
	check_counts(f, "indirect descriptor");
	post_tx(f, f->lm.cfg.buf_pa[1], 64, 2 /* VRING_DESC_F_WRITE on Linux's TX ring */);
	want_bad++;
	check_counts(f, "device-writable descriptor on vring1");

	post_hdr(f, 32, 100);
	want_malformed++;
	check_counts(f, "rpmsg len larger than the descriptor");
	post_hdr(f, 512, 497);
	want_malformed++;
	check_counts(f, "rpmsg len above 496");
	post_hdr(f, 8, 0);
	want_malformed++;
	check_counts(f, "descriptor shorter than an rpmsg header");

	lm_post_head(&f->lm, 1, 300);
	lm_kick(&f->lm, 1);
	want_bad++;
	check_counts(f, "head out of range");

	/* avail->idx jumps 300 ahead: counted once however often it is polled. */
	idx = f->lm.avail_idx[1];
	lm_set_avail_idx(&f->lm, 1, (uint16_t)(idx + 300), false);
	lm_kick(&f->lm, 1);
	t_expect_silence(f, 30);
	lm_kick(&f->lm, 1);
	t_expect_silence(f, 30);
	lm_set_avail_idx(&f->lm, 1, (uint16_t)(idx + 40000), false);
	t_expect_silence(f, 30);
	lm_set_avail_idx(&f->lm, 1, idx, false);
	want_bad += 2;
	check_counts(f, "avail index beyond the ring (two values)");

	from_reserved_src(f);

	/* vring0: bad RX buffers are dropped, the reply goes into the next good one. */
	f->lm.auto_refill = false;
	for (int i = 0; i < 3; i++) {
		t_check(!lm_send(&f->lm, T_SRC, CH, "x", 1), "send");
		t_recv(f, &msg, 2000);
	}
	t_check(f->lm.nrx_held == 3, "held %u", f->lm.nrx_held);
	/*
	 * The firmware takes vring0 buffers in avail order: these three come
	 * after the 253 good ones still posted, so send enough to reach them.
	 */
	t_check(lm_post_raw(&f->lm, 0, end + 512, 512, 2, 0) >= 0, "post rx 1");
	t_check(lm_post_raw(&f->lm, 0, f->lm.cfg.buf_pa[0], 512, 0, 0) >= 0, "post rx 2");
	t_check(lm_post_raw(&f->lm, 0, f->lm.cfg.buf_pa[0], 8, 2, 0) >= 0, "post rx 3");
	want_bad += 3;
	f->lm.auto_refill = true;
	for (int i = 0; i < 253 + 1; i++) {
		uint8_t b[8];

		memcpy(b, &i, sizeof(i));
		memcpy(b + 4, "echo", 4);
		b[0] = (uint8_t)(b[0] == RB_MAGIC0 ? 0 : b[0]);
		t_check(!lm_send(&f->lm, T_SRC, CH, b, sizeof(b)), "send %d", i);
		t_recv(f, &msg, 2000);
		t_check(msg.len == 8 && !memcmp(msg.data, b, 8), "echo %d around bad RX buffers",
			i);
	}
	check_counts(f, "bad RX buffers on vring0 (outside, read-only, too short)");

	/* The live table names a vring outside the region: no link, counted once. */
	lm_reset(&f->lm);
	t_expect_silence(f, 30);
	{
		uint32_t bad_da = (uint32_t)(end + 0x100000);

		memcpy((uint8_t *)f->lm.rsc + 0x30, &bad_da, 4);
		__sync_synchronize();
		f->lm.rsc[0x2C] = 7;
		lm_kick(&f->lm, 0);
		t_expect_silence(f, 50);
		lm_kick(&f->lm, 0);
		t_expect_silence(f, 50);
	}
	want_bad++;
	lm_start(&f->lm);
	for (int i = 0; i < 300 && f->lm.nns < 3; i++)
		t_expect_silence(f, 10);
	t_check(f->lm.nns >= 3, "no announcements after the good probe");
	check_counts(f, "vring outside the region in the live table");

	t_fw_stop(f, NULL);
	printf("PASS\n");
	return 0;
}
