/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ctrl.c - synchronous control requests to the echo firmware (see ctrl.h).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "ctrl.h"
#include "rb_frame.h"
#include "rbtime.h"

static uint32_t ctrl_seq = RB_CTRL_SEQ_BASE;

/* Write a whole frame, waiting for room (ttys may take it in parts). */
static int write_all(struct rb_endpoint *e, const uint8_t *p, size_t n, rb_ns deadline)
{
	while (n) {
		ssize_t w = write(e->fd, p, n);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		/* EAGAIN (full ring or tty buffer), ENOMEM (mainline rpmsg_tty trysend). */
		if (w < 0 && errno != EAGAIN && errno != ENOMEM)
			return -errno;
		if (rb_mono_ns() >= deadline)
			return -ETIMEDOUT;
		usleep(1000);
	}
	return 0;
}

/* Look at one frame: 1 = the reply (payload copied), 0 = not ours, <0 = verdict. */
static int match(const uint8_t *f, size_t n, const struct rb_hdr *h, uint8_t type, uint32_t seq,
		 void *out, size_t outlen, size_t *got, int32_t *status)
{
	if (h->seq != seq || rb_frame_parse(f, n, &(struct rb_hdr){0}))
		return 0;
	if (h->type == type)
		return -EPROTO; /* our own request came back: a verbatim echo peer */
	if (h->type == RB_T_ERROR) {
		struct rb_status st = {0};

		memcpy(&st, f + RB_HDR_SIZE, h->len < sizeof(st) ? h->len : sizeof(st));
		if (status)
			*status = st.status;
		return -EREMOTEIO;
	}
	if (h->type != (type | RB_T_REPLY))
		return 0;
	if (out)
		memcpy(out, f + RB_HDR_SIZE, h->len < outlen ? h->len : outlen);
	if (got)
		*got = h->len;
	return 1;
}

int rb_ctrl_request(struct rb_endpoint *e, uint8_t type, const void *payload, uint16_t len,
		    void *out, size_t outlen, size_t *got, unsigned timeout_ms, int32_t *status)
{
	rb_ns deadline = rb_mono_ns() + (rb_ns)timeout_ms * RB_NS_PER_MS;
	uint8_t frame[RB_MAX_FRAME], buf[1024];
	struct rb_deframer df;
	uint32_t seq = ctrl_seq++;
	size_t n;
	int ret;

	if (len > RB_MAX_PAYLOAD)
		return -EMSGSIZE;
	n = rb_frame_build_ctrl(frame, type, seq, payload, len);
	ret = write_all(e, frame, n, deadline);
	if (ret)
		return ret;
	rb_deframer_init(&df);
	for (;;) {
		struct pollfd pfd = {.fd = e->fd, .events = POLLIN};
		rb_ns now = rb_mono_ns();
		ssize_t r;

		if (now >= deadline)
			return -ETIMEDOUT;
		ret = poll(&pfd, 1, (int)((deadline - now) / RB_NS_PER_MS) + 1);
		if (ret < 0 && errno != EINTR)
			return -errno;
		if (ret <= 0)
			continue;
		r = read(e->fd, buf, e->kind == RB_EPT_TTY ? sizeof(buf) : RB_MAX_FRAME + 16);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		if (e->kind == RB_EPT_CHAR) {
			struct rb_hdr h;

			/* One read is one message (rpmsg_char.c rpmsg_eptdev_read_iter). */
			if (rb_hdr_parse(buf, (size_t)r, &h))
				continue;
			ret = match(buf, (size_t)r, &h, type, seq, out, outlen, got, status);
			if (ret)
				return ret < 0 ? ret : 0;
			continue;
		}
		for (size_t off = 0; off < (size_t)r;) {
			struct rb_item it;

			off += rb_deframer_push(&df, buf + off, (size_t)r - off);
			while (rb_deframer_next(&df, &it) != RB_ITEM_NONE) {
				if (it.kind != RB_ITEM_FRAME)
					continue;
				ret = match(it.p, it.n, &it.hdr, type, seq, out, outlen, got,
					    status);
				if (ret)
					return ret < 0 ? ret : 0;
			}
		}
	}
}

int rb_ctrl_info(struct rb_endpoint *e, struct rb_info *info, unsigned timeout_ms)
{
	memset(info, 0, sizeof(*info));
	return rb_ctrl_request(e, RB_T_INFO, NULL, 0, info, sizeof(*info), NULL, timeout_ms, NULL);
}

int rb_ctrl_stats(struct rb_endpoint *e, struct rb_stats *st, unsigned timeout_ms)
{
	memset(st, 0, sizeof(*st));
	return rb_ctrl_request(e, RB_T_STATS, NULL, 0, st, sizeof(*st), NULL, timeout_ms, NULL);
}

int rb_ctrl_reset(struct rb_endpoint *e, unsigned timeout_ms)
{
	return rb_ctrl_request(e, RB_T_STATS_RESET, NULL, 0, NULL, 0, NULL, timeout_ms, NULL);
}

int rb_ctrl_ping(struct rb_endpoint *e, unsigned timeout_ms)
{
	static const char hello[] = "rpmsg-bench ping";

	return rb_ctrl_request(e, RB_T_PING, hello, sizeof(hello), NULL, 0, NULL, timeout_ms, NULL);
}

int rb_ctrl_mode(struct rb_endpoint *e, const struct rb_mode *m, unsigned timeout_ms)
{
	return rb_ctrl_request(e, RB_T_MODE, m, sizeof(*m), NULL, 0, NULL, timeout_ms, NULL);
}

int rb_ctrl_fault(struct rb_endpoint *e, const struct rb_fault *f, unsigned timeout_ms)
{
	return rb_ctrl_request(e, RB_T_FAULT, f, sizeof(*f), NULL, 0, NULL, timeout_ms, NULL);
}
