/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-proto.c - the benchmark side and the firmware side agree on every
 * message type of rb_proto.h.
 *
 * Every request is encoded with the benchmark's codec (bench/proto/rb_frame.c
 * as linked into rpmsg-bench), handled by the firmware's echo core (linked
 * in, same process), and its reply decoded and checked with the benchmark's
 * codec; frames the firmware originates (source, burst, errors) are decoded
 * the same way, on message channels and through the benchmark's tty
 * deframer. Struct sizes and offsets are checked here for the host compiler;
 * test-fw-proto-layout.sh compares them with the Cortex-M build.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "rb_frame.h"
#include "rb_proto.h"

#define SRC 0x400u

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                       \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

static struct lm m;
static uint32_t seq;

/* Request type/payload to channel ch; returns the decoded reply header and its payload. */
static void request(uint32_t ch, uint8_t type, const void *p, uint16_t len, struct rb_hdr *h,
		    uint8_t *out)
{
	uint8_t buf[RB_MAX_FRAME];
	struct lm_msg msg;
	size_t n = rb_frame_build_ctrl(buf, type, ++seq, p, len);
	int ret;

	CHECK(!lm_send(&m, SRC, ch, buf, n), "send");
	CHECK(t_inproc_recv(&m, &msg) == 1, "no reply to type 0x%x", type);
	CHECK(msg.src == ch && msg.dst == SRC, "reply addresses");
	ret = rb_frame_parse(msg.data, msg.len, h);
	CHECK(!ret, "reply to 0x%x: bench cannot parse it (%d)", type, ret);
	CHECK(h->seq == seq && (h->flags & RB_F_PCHECK), "reply seq/flags");
	memcpy(out, msg.data + RB_HDR_SIZE, h->len);
}

struct row {
	const char *what;
	uint8_t type;
	const void *payload;
	uint16_t len;
	uint8_t reply;
	uint16_t reply_len;
	int32_t status; /* for rb_status replies */
};

int main(void)
{
	char path[64];
	static const struct rb_mode echo_mode = {.mode = RB_MODE_ECHO};
	static const struct rb_mode sink_mode = {.mode = RB_MODE_SINK};
	static const struct rb_fault no_fault = {0};
	static const uint8_t ping[RB_MAX_PAYLOAD] = {1, 2, 3};
	const struct row rows[] = {
		{"info", RB_T_INFO, NULL, 0, RB_T_INFO | RB_T_REPLY, sizeof(struct rb_info), 0},
		{"mode sink", RB_T_MODE, &sink_mode, sizeof(sink_mode), RB_T_MODE | RB_T_REPLY,
		 sizeof(struct rb_status), 0},
		{"mode echo", RB_T_MODE, &echo_mode, sizeof(echo_mode), RB_T_MODE | RB_T_REPLY,
		 sizeof(struct rb_status), 0},
		{"stats", RB_T_STATS, NULL, 0, RB_T_STATS | RB_T_REPLY, sizeof(struct rb_stats), 0},
		{"stats reset", RB_T_STATS_RESET, NULL, 0, RB_T_STATS_RESET | RB_T_REPLY,
		 sizeof(struct rb_status), 0},
		{"ping empty", RB_T_PING, NULL, 0, RB_T_PING | RB_T_REPLY, 0, 0},
		{"ping max", RB_T_PING, ping, RB_MAX_PAYLOAD, RB_T_PING | RB_T_REPLY,
		 RB_MAX_PAYLOAD, 0},
		{"fault", RB_T_FAULT, &no_fault, sizeof(no_fault), RB_T_FAULT | RB_T_REPLY,
		 sizeof(struct rb_status), 0},
		{"fault short", RB_T_FAULT, &no_fault, 4, RB_T_ERROR, sizeof(struct rb_status),
		 -22},
		{"mode short", RB_T_MODE, &echo_mode, 11, RB_T_ERROR, sizeof(struct rb_status),
		 -22},
		{"reply type as request", RB_T_INFO | RB_T_REPLY, NULL, 0, RB_T_ERROR,
		 sizeof(struct rb_status), -95},
		{"error type as request", RB_T_ERROR, NULL, 0, RB_T_ERROR, sizeof(struct rb_status),
		 -95},
	};
	static const uint32_t chans[] = {RB_CHAN_RAW_ADDR, RB_CHAN_EPT_ADDR};
	uint8_t out[RB_MAX_FRAME], buf[RB_MAX_FRAME];
	struct lm_msg msg;
	struct rb_hdr h;
	int ret;

	/* Layout as compiled here (host, bench flags); the firmware has _Static_asserts too. */
	CHECK(sizeof(struct rb_hdr) == 16 && sizeof(struct rb_info) == 96 &&
		      sizeof(struct rb_mode) == 12 && sizeof(struct rb_fault) == 20 &&
		      sizeof(struct rb_status) == 8 && sizeof(struct rb_stats) == 136 &&
		      sizeof(struct rb_remote_ts) == 16,
	      "struct sizes");
	CHECK(offsetof(struct rb_info, vring0_da) == 72 &&
		      offsetof(struct rb_stats, ts_hz) == 128 &&
		      offsetof(struct rb_mode, count) == 8 && offsetof(struct rb_fault, mute) == 16,
	      "struct offsets");

	snprintf(path, sizeof(path), "/dev/shm/rb-fwproto-%d", (int)getpid());
	ret = t_inproc_open(&m, path, 1u << 20);
	CHECK(!ret, "in-process firmware: %d", ret);

	for (size_t c = 0; c < 2; c++) {
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			const struct row *r = &rows[i];

			request(chans[c], r->type, r->payload, r->len, &h, out);
			CHECK(h.type == r->reply && h.len == r->reply_len,
			      "%s on %u: reply type 0x%x len %u, want 0x%x len %u", r->what,
			      chans[c], h.type, h.len, r->reply, r->reply_len);
			if (r->reply_len == sizeof(struct rb_status) && r->type != RB_T_PING) {
				struct rb_status s;

				memcpy(&s, out, sizeof(s));
				CHECK(s.status == r->status && s.req_type == r->type,
				      "%s: status %d req 0x%x", r->what, s.status, s.req_type);
			}
			if (r->type == RB_T_PING)
				CHECK(!memcmp(out, r->payload ? r->payload : out, r->len),
				      "%s: payload", r->what);
			if (r->type == RB_T_INFO) {
				struct rb_info in;

				memcpy(&in, out, sizeof(in));
				CHECK(in.proto_version == RB_VERSION &&
					      in.channel_addr == chans[c] &&
					      in.max_payload == RB_RPMSG_MTU,
				      "info fields");
			}
		}
		/* Data frames in every size and flag combination the bench uses. */
		for (uint16_t flags = 0; flags < 16; flags++) {
			for (size_t size = RB_MIN_FRAME; size <= RB_MAX_FRAME; size += 31) {
				size_t n = rb_frame_build_data(buf, size, (uint32_t)size, 0);

				rb_frame_seal(buf, RB_T_DATA, flags, (uint32_t)size,
					      (uint16_t)(n - 16));
				CHECK(!lm_send(&m, SRC, chans[c], buf, n), "send");
				CHECK(t_inproc_recv(&m, &msg) == 1, "no echo");
				ret = rb_frame_parse(msg.data, msg.len, &h);
				CHECK(!ret && h.type == RB_T_DATA && h.flags == flags &&
					      h.seq == (uint32_t)size && msg.len == n,
				      "data flags 0x%x size %zu: %d", flags, size, ret);
				CHECK(rb_pattern_check(msg.data + 16, h.len, h.seq,
						       (flags & RB_F_REMOTE_TS) ? 16 : 0) == h.len,
				      "data payload");
			}
		}
	}

	/* Firmware-originated frames (burst) decoded by the bench's tty deframer. */
	{
		struct rb_mode burst = {.mode = RB_MODE_BURST, .size = 33, .count = 4};
		struct rb_deframer d;
		struct rb_item it;
		uint32_t frames = 0;

		request(RB_CHAN_NXP_TTY_ADDR, RB_T_MODE, &burst, sizeof(burst), &h, out);
		CHECK(h.type == (RB_T_MODE | RB_T_REPLY), "burst mode reply");
		rb_deframer_init(&d);
		rb_frame_build_data(buf, 20, 1, 0);
		CHECK(!lm_send(&m, SRC, RB_CHAN_NXP_TTY_ADDR, buf, 20), "trigger");
		while (frames < 4) {
			CHECK(t_inproc_recv(&m, &msg) == 1, "burst frame %u missing", frames);
			rb_deframer_push(&d, msg.data, msg.len);
			while (rb_deframer_next(&d, &it) != RB_ITEM_NONE) {
				CHECK(it.kind == RB_ITEM_FRAME && it.hdr.seq == frames &&
					      (it.hdr.flags & RB_F_FROM_FW) && it.hdr.len == 33 &&
					      !rb_frame_parse(it.p, it.n, &h),
				      "burst frame %u through the deframer", frames);
				frames++;
			}
		}
		request(RB_CHAN_NXP_TTY_ADDR, RB_T_MODE, &echo_mode, sizeof(echo_mode), &h, out);
	}
	CHECK(m.rx_dropped == 0 && m.bad_used == 0 && m.ns_bad == 0, "model saw bad messages");
	t_inproc_close(&m, path);
	printf("PASS\n");
	return 0;
}
