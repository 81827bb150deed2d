/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_echo.c - the echo core (see rb_echo.h).
 */
#include <errno.h>
#include <string.h>

#include "port.h"
#include "rb_echo.h"

/*
 * Status values travel to Linux as negative errno numbers; use Linux's values
 * (include/uapi/asm-generic/errno*.h), not the C library's: newlib's differ.
 */
#define RB_WIRE_EINVAL	   22
#define RB_WIRE_EOPNOTSUPP 95

int rb_echo_init(struct rb_echo *e, struct rb_rpmsg_dev *dev, struct rb_stats *st,
		 const struct rb_channel *ch, uint32_t n)
{
	if (n > RB_CFG_MAX_CHANNELS)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		if (ch[i].addr == RB_RPMSG_NS_ADDR || ch[i].kind > RB_CH_MSG || !ch[i].name)
			return -EINVAL;
		for (uint32_t j = 0; j < i; j++)
			if (ch[j].addr == ch[i].addr)
				return -EINVAL;
	}
	memset(e, 0, sizeof(*e));
	e->dev = dev;
	e->st = st;
	e->nch = n;
	for (uint32_t i = 0; i < n; i++) {
		e->ch[i].c = ch[i];
		rb_deframer_init(&e->ch[i].df);
	}
	e->mode.mode = RB_MODE_ECHO;
	return 0;
}

/*
 * Delay from link-up to the second name-service announcement in ms, 0 for
 * none; RB_CFG_NS_REANNOUNCE_MS unless a port changes it before link-up (the
 * host program's --ns-reannounce-ms). Declared here as well as by the ports
 * that set it, since rb_echo.h belongs to the portable interface.
 */
extern uint32_t rb_echo_ns_reannounce_ms;
uint32_t rb_echo_ns_reannounce_ms = RB_CFG_NS_REANNOUNCE_MS;

static uint64_t us_to_ticks(uint64_t us)
{
	return (uint64_t)port_ticks_hz() * us / 1000000u;
}

/*
 * Announce the channels; with again, only those Linux has not used yet: a
 * duplicate announcement makes Linux log "channel %s:%x:%x already exist"
 * (drivers/rpmsg/virtio_rpmsg_bus.c __rpmsg_create_channel) and keep the first.
 */
static int announce_all(struct rb_echo *e, bool again)
{
	for (uint32_t i = 0; i < e->nch; i++) {
		if (!e->ch[i].c.announce || (again && e->ch[i].peer_known))
			continue;
		if (rb_rpmsg_ns_announce(e->dev, e->ch[i].c.name, e->ch[i].c.addr))
			return -ENOBUFS;
	}
	return 0;
}

void rb_echo_link_up(struct rb_echo *e, uint64_t now)
{
	e->link_ticks = now;
	e->ns_rounds = 0;
	e->gen_left = 0;
	e->gen_forever = false;
	e->mode.mode = RB_MODE_ECHO;
	/* A new Linux session starts without the faults the last one injected. */
	memset(&e->fault, 0, sizeof(e->fault));
	e->fault_k = 0;
	e->stall_ms = 0;
	for (uint32_t i = 0; i < e->nch; i++) {
		e->ch[i].peer_known = false;
		rb_deframer_init(&e->ch[i].df);
	}
	if (!announce_all(e, false))
		e->ns_rounds = 1;
}

static struct rb_chan_state *find_chan(struct rb_echo *e, uint32_t addr)
{
	for (uint32_t i = 0; i < e->nch; i++)
		if (e->ch[i].c.addr == addr)
			return &e->ch[i];
	return NULL;
}

/* Send n bytes verbatim (split at the MTU). Returns 0 or -ENOBUFS. */
static int send_raw(struct rb_echo *e, const struct rb_chan_state *c, uint32_t dst,
		    const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = n > RB_CFG_MAX_PAYLOAD ? RB_CFG_MAX_PAYLOAD : n;

		if (rb_rpmsg_send(e->dev, c->c.addr, dst, p, k))
			return -ENOBUFS;
		e->st->raw_bytes += k;
		p += k;
		n -= k;
	}
	return 0;
}

/*
 * Build a control reply straight into a Linux RX buffer (no staging copy).
 * The payload (a PING's) may lie in Linux's TX buffer, which Linux may have
 * made overlap the RX buffer: it is moved with memmove, then sealed as
 * rb_frame_build_ctrl() would (its memcpy would be undefined there).
 */
static int send_ctrl(struct rb_echo *e, const struct rb_chan_state *c, uint32_t dst, uint8_t type,
		     uint32_t seq, const void *payload, uint16_t len)
{
	struct rb_rpmsg_tx t;
	size_t n;

	if (rb_rpmsg_tx_get(e->dev, &t))
		return -ENOBUFS;
	if (t.cap < RB_HDR_SIZE + (size_t)len) {
		e->st->bad_desc++;
		return -ENOBUFS;
	}
	if (len)
		memmove(t.data + RB_HDR_SIZE, payload, len);
	n = rb_frame_seal(t.data, type, RB_F_PCHECK, seq, len);
	rb_rpmsg_tx_put(e->dev, &t, c->c.addr, dst, (uint16_t)n);
	return 0;
}

static int send_status(struct rb_echo *e, const struct rb_chan_state *c, uint32_t dst,
		       const struct rb_hdr *h, int32_t status)
{
	struct rb_status s = {.status = status, .req_type = h->type, .reserved = {0, 0, 0}};
	uint8_t type = status ? (uint8_t)RB_T_ERROR : (uint8_t)(h->type | RB_T_REPLY);

	return send_ctrl(e, c, dst, type, h->seq, &s, (uint16_t)sizeof(s));
}

/*
 * Echo a data frame, copied once from Linux's TX buffer into a Linux RX
 * buffer (memmove: Linux may have made the two overlap).
 */
static int echo_data(struct rb_echo *e, const struct rb_chan_state *c, uint32_t dst,
		     const uint8_t *p, size_t n, const struct rb_hdr *h, bool corrupt)
{
	struct rb_rpmsg_tx t;

	if (rb_rpmsg_tx_get(e->dev, &t))
		return -ENOBUFS;
	if (t.cap < n) {
		e->st->bad_desc++;
		return -ENOBUFS;
	}
	memmove(t.data, p, n);
	if ((h->flags & RB_F_REMOTE_TS) && h->len >= sizeof(struct rb_remote_ts)) {
		struct rb_remote_ts ts = {.rx_ticks = e->rx_ticks, .tx_ticks = port_ticks()};

		memcpy(t.data + RB_HDR_SIZE, &ts, sizeof(ts));
		if (h->flags & RB_F_PCHECK)
			rb_frame_seal(t.data, h->type, h->flags, h->seq, h->len);
	}
	if (corrupt && h->len)
		t.data[RB_HDR_SIZE] = (uint8_t)~t.data[RB_HDR_SIZE];
	rb_rpmsg_tx_put(e->dev, &t, c->c.addr, dst, (uint16_t)n);
	return 0;
}

static void fill_info(struct rb_echo *e, const struct rb_chan_state *c, struct rb_info *in)
{
	const char *board = port_board_name();
	size_t bl = strlen(board);
	uint8_t announced = 0;

	memset(in, 0, sizeof(*in));
	in->proto_version = RB_VERSION;
	in->fw_version = RB_CFG_FW_VERSION;
	memcpy(in->build_id, RB_CFG_BUILD_ID, sizeof(RB_CFG_BUILD_ID) - 1u);
	memcpy(in->board, board, bl < sizeof(in->board) ? bl : sizeof(in->board));
	in->core_clock_hz = port_core_clock_hz();
	in->ts_hz = port_ticks_hz();
	in->ts_source = port_ticks_source();
	for (uint32_t i = 0; i < e->nch; i++)
		announced = (uint8_t)(announced + (e->ch[i].c.announce ? 1u : 0u));
	in->num_channels = announced;
	in->vring_num = RB_CFG_VRING_NUM;
	in->buf_size = RB_CFG_BUF_SIZE;
	in->max_payload = RB_CFG_MAX_PAYLOAD;
	in->vring0_da = e->dev->vring_da[0];
	in->vring1_da = e->dev->vring_da[1];
	in->channel_addr = c->c.addr;
}

static int handle_mode(struct rb_echo *e, struct rb_chan_state *c, uint32_t dst, const uint8_t *p,
		       const struct rb_hdr *h, uint64_t now)
{
	struct rb_mode m;

	if (h->len != sizeof(m))
		return send_status(e, c, dst, h, -RB_WIRE_EINVAL);
	memcpy(&m, p + RB_HDR_SIZE, sizeof(m));
	if (m.mode > RB_MODE_BURST || m.size > RB_MAX_PAYLOAD)
		return send_status(e, c, dst, h, -RB_WIRE_EINVAL);
	e->mode = m;
	e->gen_chan = (uint32_t)(c - e->ch);
	e->gen_dst = dst;
	e->gen_seq = 0;
	e->gen_due = now;
	e->gen_left = m.mode == RB_MODE_SOURCE ? m.count : 0;
	e->gen_forever = m.mode == RB_MODE_SOURCE && m.count == 0;
	e->gen_blocked = false;
	return send_status(e, c, dst, h, 0);
}

static void stats_reset(struct rb_echo *e)
{
	memset(e->st, 0, sizeof(*e->st));
}

/* A frame whose header and payload checks passed. */
static int handle_frame(struct rb_echo *e, struct rb_chan_state *c, uint32_t dst, const uint8_t *p,
			size_t n, const struct rb_hdr *h, uint64_t now)
{
	if (e->fault.mute && h->type != RB_T_FAULT)
		return 0;
	if (h->type == RB_T_DATA) {
		uint32_t k, add;
		int ret;

		e->st->data_frames++;
		k = ++e->fault_k;
		switch (e->mode.mode) {
		case RB_MODE_ECHO:
			if (e->fault.drop_every && k % e->fault.drop_every == 0) {
				e->st->injected_drop++;
				return 0;
			}
			bool corrupt = e->fault.corrupt_every && k % e->fault.corrupt_every == 0;

			if (corrupt)
				e->st->injected_corrupt++;
			ret = echo_data(e, c, dst, p, n, h, corrupt);
			if (!ret && e->fault.dup_every && k % e->fault.dup_every == 0) {
				e->st->injected_dup++;
				ret = echo_data(e, c, dst, p, n, h, corrupt);
			}
			return ret;
		case RB_MODE_BURST:
			e->gen_chan = (uint32_t)(c - e->ch);
			e->gen_dst = dst;
			add = e->mode.count ? e->mode.count : 1u;
			/* Saturate: a flood of triggers must not wrap to a short burst. */
			e->gen_left = e->gen_left > UINT32_MAX - add ? UINT32_MAX : e->gen_left + add;
			return 0;
		default: /* sink, source: data from Linux is counted and dropped */
			return 0;
		}
	}
	e->st->ctrl_frames++;
	switch (h->type) {
	case RB_T_INFO: {
		struct rb_info in;

		fill_info(e, c, &in);
		return send_ctrl(e, c, dst, RB_T_INFO | RB_T_REPLY, h->seq, &in, sizeof(in));
	}
	case RB_T_MODE:
		return handle_mode(e, c, dst, p, h, now);
	case RB_T_STATS: {
		struct rb_stats s = *e->st;

		s.ts_hz = port_ticks_hz();
		return send_ctrl(e, c, dst, RB_T_STATS | RB_T_REPLY, h->seq, &s, sizeof(s));
	}
	case RB_T_STATS_RESET:
		/* Zeroed before the reply, so the reply itself is the first message counted. */
		stats_reset(e);
		return send_status(e, c, dst, h, 0);
	case RB_T_PING:
		return send_ctrl(e, c, dst, RB_T_PING | RB_T_REPLY, h->seq, p + RB_HDR_SIZE,
				 h->len);
	case RB_T_FAULT:
		if (h->len != sizeof(struct rb_fault))
			return send_status(e, c, dst, h, -RB_WIRE_EINVAL);
		memcpy(&e->fault, p + RB_HDR_SIZE, sizeof(e->fault));
		e->fault_k = 0;
		e->stall_ms = e->fault.stall_ms;
		return send_status(e, c, dst, h, 0);
	default:
		return send_status(e, c, dst, h, -RB_WIRE_EOPNOTSUPP);
	}
}

/* Something that is not a valid frame: echo it verbatim (generic echo) unless muted. */
static int handle_raw(struct rb_echo *e, struct rb_chan_state *c, uint32_t dst, const uint8_t *p,
		      size_t n)
{
	if (e->fault.mute)
		return 0;
	return send_raw(e, c, dst, p, n);
}

/* One complete message or deframed item: a frame if its checks pass, else raw bytes. */
static int handle_unit(struct rb_echo *e, struct rb_chan_state *c, uint32_t dst, const uint8_t *p,
		       size_t n, uint64_t now)
{
	struct rb_hdr h;

	if (n >= RB_HDR_SIZE && p[0] == RB_MAGIC0 && p[1] == RB_MAGIC1) {
		if (!rb_frame_parse(p, n, &h))
			return handle_frame(e, c, dst, p, n, &h, now);
		/* Starts like a frame but fails its checks: counted, then echoed as data. */
		e->st->malformed++;
	}
	return handle_raw(e, c, dst, p, n);
}

/* Worst case of Linux RX buffers one message can need, so a message is never half answered. */
static uint32_t tx_need(const struct rb_echo *e, const struct rb_chan_state *c, size_t n)
{
	uint32_t dup = e->fault.dup_every ? 2u : 1u;
	uint32_t need;

	if (c->c.kind == RB_CH_MSG)
		return dup;
	/* Stream: items alternate raw runs and frames of >= 16 bytes. */
	need = (uint32_t)((rb_deframer_pending(&c->df) + n) / RB_MIN_FRAME) * dup + 2u;
	return need > RB_CFG_VRING_NUM ? RB_CFG_VRING_NUM : need;
}

int rb_echo_handle(struct rb_echo *e, const struct rb_rpmsg_rx *m, uint64_t now)
{
	struct rb_chan_state *c = find_chan(e, m->dst);
	int ret = 0;

	if (!c) {
		/* No such endpoint: Linux would say "msg received with no recipient". */
		e->st->malformed++;
		return 0;
	}
	if (!e->fault.mute && rb_rpmsg_tx_room(e->dev) < tx_need(e, c, m->len)) {
		if (!e->rx_blocked)
			e->st->no_tx_buf++;
		e->rx_blocked = true;
		return -EAGAIN;
	}
	e->rx_blocked = false;
	e->rx_ticks = now;
	c->peer = m->src;
	c->peer_known = true;
	if (c->c.kind == RB_CH_MSG) {
		ret = handle_unit(e, c, m->src, m->data, m->len, now);
	} else {
		const uint8_t *p = m->data;
		size_t left = m->len;
		struct rb_item it;

		c->last_rx = now;
		while (left && !ret) {
			size_t k = rb_deframer_push(&c->df, p, left);

			if (!k && rb_deframer_flush(&c->df, &it) == RB_ITEM_RAW) {
				/* Cannot happen with frames <= 496 bytes; never loop on a full
				 * buffer. */
				ret = handle_raw(e, c, m->src, it.p, it.n);
				continue;
			}
			p += k;
			left -= k;
			while (!ret && rb_deframer_next(&c->df, &it) != RB_ITEM_NONE) {
				if (it.kind == RB_ITEM_FRAME)
					ret = handle_unit(e, c, m->src, it.p, it.n, now);
				else
					ret = handle_raw(e, c, m->src, it.p, it.n);
			}
		}
	}
	if (ret) {
		/* Ran out of buffers despite tx_need (bad descriptors): the rest is lost. */
		e->st->no_tx_buf++;
	}
	return 0;
}

static int gen_one(struct rb_echo *e)
{
	struct rb_chan_state *c = &e->ch[e->gen_chan];
	struct rb_rpmsg_tx t;
	size_t size = RB_HDR_SIZE + (size_t)e->mode.size;

	if (rb_rpmsg_tx_get(e->dev, &t)) {
		if (!e->gen_blocked)
			e->st->no_tx_buf++;
		e->gen_blocked = true;
		return -ENOBUFS;
	}
	e->gen_blocked = false;
	if (t.cap < size) {
		e->st->bad_desc++;
		return -ENOBUFS;
	}
	rb_frame_build_data(t.data, size, e->gen_seq++, RB_F_FROM_FW);
	rb_rpmsg_tx_put(e->dev, &t, c->c.addr, e->gen_dst, (uint16_t)size);
	e->st->data_frames++;
	if (!e->gen_forever)
		e->gen_left--;
	return 0;
}

static int gen_poll(struct rb_echo *e, uint64_t now)
{
	int sent = 0;

	if (e->fault.mute)
		return 0;
	while (sent < (int)RB_CFG_RX_BUDGET && (e->gen_forever || e->gen_left)) {
		if (e->mode.mode == RB_MODE_SOURCE && e->mode.rate_hz) {
			if ((int64_t)(now - e->gen_due) < 0)
				break;
		}
		if (gen_one(e))
			break;
		if (e->mode.mode == RB_MODE_SOURCE && e->mode.rate_hz)
			e->gen_due += port_ticks_hz() / e->mode.rate_hz;
		sent++;
	}
	return sent;
}

/* How long a stream channel's held-back bytes may wait for the rest of a frame. */
static uint32_t quiet_us(const struct rb_chan_state *c)
{
	struct rb_hdr h;

	if (rb_deframer_pending(&c->df) >= RB_HDR_SIZE &&
	    !rb_hdr_parse(c->df.buf + c->df.start, RB_HDR_SIZE, &h))
		return RB_CFG_TTY_FRAME_FLUSH_US;
	return RB_CFG_TTY_FLUSH_US;
}

int rb_echo_poll(struct rb_echo *e, uint64_t now)
{
	int sent = 0;

	if (e->stall_ms) {
		uint32_t s = port_irq_save();

		/* Interrupts masked: on i.MX the MU kick is not read and Linux's kick times out. */
		for (uint32_t ms = 0; ms < e->stall_ms; ms++)
			port_delay_us(1000u);
		port_irq_restore(s);
		e->stall_ms = 0;
		now = port_ticks();
	}
	if (e->ns_rounds == 0) {
		if (!announce_all(e, false))
			e->ns_rounds = 1;
	} else if (e->ns_rounds == 1 && rb_echo_ns_reannounce_ms != 0u &&
		   now - e->link_ticks >= us_to_ticks(rb_echo_ns_reannounce_ms * 1000ull)) {
		if (!announce_all(e, true))
			e->ns_rounds = 2;
	}
	for (uint32_t i = 0; i < e->nch; i++) {
		struct rb_chan_state *c = &e->ch[i];
		struct rb_item it;

		if (c->c.kind != RB_CH_STREAM || !rb_deframer_pending(&c->df))
			continue;
		if (now - c->last_rx < us_to_ticks(quiet_us(c)) || rb_rpmsg_tx_room(e->dev) < 2u)
			continue;
		/* A quiet peer: what the deframer holds back is not a frame after all. */
		if (rb_deframer_flush(&c->df, &it) == RB_ITEM_RAW) {
			if (!handle_raw(e, c, c->peer, it.p, it.n))
				sent++;
		}
	}
	return sent + gen_poll(e, now);
}

uint32_t rb_echo_next_us(const struct rb_echo *e, uint64_t now, uint32_t max_us)
{
	uint32_t hz = port_ticks_hz();

	if (!hz || e->fault.mute)
		return max_us;
	if ((e->gen_forever || e->gen_left) && !e->gen_blocked) {
		uint64_t us;

		if (e->mode.mode != RB_MODE_SOURCE || !e->mode.rate_hz ||
		    (int64_t)(e->gen_due - now) <= 0)
			return 0;
		us = (e->gen_due - now) * 1000000u / hz;
		if (us < max_us)
			max_us = (uint32_t)us;
	}
	for (uint32_t i = 0; i < e->nch; i++) {
		if (e->ch[i].c.kind == RB_CH_STREAM && rb_deframer_pending(&e->ch[i].df) &&
		    max_us > RB_CFG_TTY_FLUSH_US / 4u)
			max_us = RB_CFG_TTY_FLUSH_US / 4u;
	}
	return max_us;
}
