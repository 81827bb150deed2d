/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_rpmsg.c - remote side of virtio rpmsg (see rb_rpmsg.h).
 */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "port.h"
#include "rb_rpmsg.h"
#include "rb_rsc_table.h"

void rb_rpmsg_init(struct rb_rpmsg_dev *dev, struct rb_stats *st)
{
	memset(dev, 0, sizeof(*dev));
	dev->st = st;
}

/* Move the rings' rejected-entry counts into the stats. */
static void collect_bad(struct rb_rpmsg_dev *dev)
{
	dev->st->bad_desc += dev->tx.bad + dev->rx.bad;
	dev->tx.bad = 0;
	dev->rx.bad = 0;
}

static uint32_t live_rd32(uint32_t off)
{
	const volatile uint8_t *t = port_rsc_table_live();

	port_cache_invalidate(t + off, 4);
	return *(const volatile uint32_t *)(const volatile void *)(t + off);
}

static uint8_t live_status(void)
{
	const volatile uint8_t *t = port_rsc_table_live();

	/* Linux writes status with a plain store and no kick (rproc_virtio_set_status). */
	port_cache_invalidate(t + RB_RSC_OFF_STATUS, 1);
	return t[RB_RSC_OFF_STATUS];
}

/* Map the ring the live table names at off (read once: *da_out is what was mapped). */
static int setup_ring(struct rb_vring *vr, uint32_t off, bool dev_writes, uint32_t *da_out)
{
	uint32_t da = live_rd32(off), align = live_rd32(off + 4), num = live_rd32(off + 8);
	void *va;

	*da_out = da;
	/* Linux only fills in da; align and num must still be ours. */
	if (da == RB_FW_RSC_ADDR_ANY || align != RB_BOARD_VRING_ALIGN || num != RB_CFG_VRING_NUM)
		return -EINVAL;
	va = port_da_to_va(da, rb_vring_size(num, align));
	if (!va)
		return -EINVAL;
	if (rb_vring_init(vr, va, (uint16_t)num, align, dev_writes, RB_CFG_BUF_SIZE))
		return -EINVAL;
	return 0;
}

int rb_rpmsg_link(struct rb_rpmsg_dev *dev, bool kicked)
{
	uint8_t status;

	if (dev->link_up)
		return 0;
	status = live_status();
	if (!(status & RB_VIRTIO_STATUS_DRIVER_OK) && !kicked)
		return 0;
	port_rmb(); /* Linux wrote vring da before DRIVER_OK (rproc_virtio_find_vqs first) */
	/* A kick before Linux placed the rings (da still "any"): not ready yet. */
	if (!(status & RB_VIRTIO_STATUS_DRIVER_OK) &&
	    (live_rd32(RB_RSC_OFF_VRING0) == RB_FW_RSC_ADDR_ANY ||
	     live_rd32(RB_RSC_OFF_VRING1) == RB_FW_RSC_ADDR_ANY))
		return 0;
	if (setup_ring(&dev->tx, RB_RSC_OFF_VRING0, true, &dev->vring_da[0]) ||
	    setup_ring(&dev->rx, RB_RSC_OFF_VRING1, false, &dev->vring_da[1])) {
		/* Counted once per attempt, not on every poll while it stays wrong. */
		if (!dev->link_bad)
			dev->st->bad_desc++;
		dev->link_bad = true;
		return -EINVAL;
	}
	dev->link_bad = false;
	dev->saw_driver_ok = status & RB_VIRTIO_STATUS_DRIVER_OK;
	dev->link_up = true;
	dev->notify_tx = dev->notify_rx = false;
	return 1;
}

bool rb_rpmsg_reset_seen(struct rb_rpmsg_dev *dev)
{
	uint8_t status;

	if (!dev->link_up)
		return false;
	status = live_status();
	if (status & RB_VIRTIO_STATUS_DRIVER_OK) {
		dev->saw_driver_ok = true;
		return false;
	}
	if (!dev->saw_driver_ok || status != 0)
		return false;
	/* rproc_virtio_reset() wrote 0: the rings are gone, forget them. */
	dev->link_up = false;
	dev->saw_driver_ok = false;
	return true;
}

/*
 * Whether a Linux message may come from src, i.e. whether a reply to src is
 * safe. Not from 53: that is Linux's name-service endpoint (rpmsg_ns.c
 * rpmsg_ns_probe creates it there), which only receives, and whose callback
 * rpmsg_ns_cb reads whatever arrives as an announcement: any length but 40
 * is "malformed ns msg", and 40 bytes create or destroy a channel. Echoing to
 * 53 would hand Linux's own payload to it. Not from RPMSG_ADDR_ANY either:
 * Linux never sends from it ("invalid addr", virtio_rpmsg_bus.c
 * rpmsg_send_offchannel_raw), and a reply to it has no recipient.
 */
static bool src_ok(uint32_t src)
{
	return src != RB_RPMSG_NS_ADDR && src != RB_RPMSG_ADDR_ANY;
}

int rb_rpmsg_rx_peek(struct rb_rpmsg_dev *dev, struct rb_rpmsg_rx *m)
{
	struct rb_rpmsg_hdr hdr;

	if (!dev->link_up)
		return 0;
	while (rb_vring_peek(&dev->rx, &m->vb)) {
		collect_bad(dev);
		if (m->vb.len >= sizeof(hdr)) {
			port_cache_invalidate(m->vb.va, m->vb.len);
			/* One copy of the header: its fields cannot change under our checks. */
			memcpy(&hdr, m->vb.va, sizeof(hdr));
			if (hdr.len <= m->vb.len - sizeof(hdr) && hdr.len <= RB_CFG_MAX_PAYLOAD &&
			    src_ok(hdr.src)) {
				m->src = hdr.src;
				m->dst = hdr.dst;
				m->len = hdr.len;
				m->data = m->vb.va + sizeof(hdr);
				return 1;
			}
		}
		dev->st->malformed++;
		rb_vring_consume(&dev->rx);
		rb_vring_put_used(&dev->rx, m->vb.head, m->vb.len);
		dev->notify_rx = true;
	}
	collect_bad(dev);
	return 0;
}

void rb_rpmsg_rx_done(struct rb_rpmsg_dev *dev, const struct rb_rpmsg_rx *m)
{
	rb_vring_consume(&dev->rx);
	/* Linux (get_a_tx_buf) recycles the buffer once it is in vring1's used ring. */
	rb_vring_put_used(&dev->rx, m->vb.head, m->vb.len);
	dev->notify_rx = true;
	dev->st->rx_msgs++;
	dev->st->rx_bytes += m->len;
}

uint16_t rb_rpmsg_tx_room(struct rb_rpmsg_dev *dev)
{
	uint16_t n;

	if (!dev->link_up)
		return 0;
	n = rb_vring_pending(&dev->tx);
	collect_bad(dev);
	return n;
}

int rb_rpmsg_tx_get(struct rb_rpmsg_dev *dev, struct rb_rpmsg_tx *t)
{
	for (;;) {
		if (!dev->link_up)
			return -ENOBUFS;
		if (!rb_vring_peek(&dev->tx, &t->vb)) {
			collect_bad(dev);
			return -ENOBUFS;
		}
		collect_bad(dev);
		rb_vring_consume(&dev->tx);
		if (t->vb.len >= sizeof(struct rb_rpmsg_hdr))
			break;
		/*
		 * Too small for a header (Linux posts 512-byte buffers). Not handed
		 * back: Linux would parse a used len below 16 as a message.
		 */
		dev->st->bad_desc++;
	}
	t->data = t->vb.va + sizeof(struct rb_rpmsg_hdr);
	t->cap = (uint16_t)(t->vb.len - sizeof(struct rb_rpmsg_hdr));
	if (t->cap > RB_CFG_MAX_PAYLOAD)
		t->cap = RB_CFG_MAX_PAYLOAD;
	return 0;
}

void rb_rpmsg_tx_put(struct rb_rpmsg_dev *dev, const struct rb_rpmsg_tx *t, uint32_t src,
		     uint32_t dst, uint16_t len)
{
	struct rb_rpmsg_hdr hdr = {.src = src, .dst = dst, .reserved = 0, .len = len, .flags = 0};

	memcpy(t->vb.va, &hdr, sizeof(hdr));
	port_cache_clean(t->vb.va, sizeof(hdr) + (size_t)len);
	/*
	 * Used len = bytes written; Linux (rpmsg_recv_done) checks
	 * len <= 512 and hdr.len <= len - 16.
	 */
	rb_vring_put_used(&dev->tx, t->vb.head, (uint32_t)sizeof(hdr) + len);
	dev->notify_tx = true;
	dev->st->tx_msgs++;
	dev->st->tx_bytes += len;
}

int rb_rpmsg_send(struct rb_rpmsg_dev *dev, uint32_t src, uint32_t dst, const void *data,
		  size_t len)
{
	struct rb_rpmsg_tx t;
	int ret;

	if (len > RB_CFG_MAX_PAYLOAD)
		return -EMSGSIZE;
	ret = rb_rpmsg_tx_get(dev, &t);
	if (ret)
		return ret;
	if (len > t.cap) {
		/* Linux posted a shorter buffer than it should: count and drop it (see above). */
		dev->st->bad_desc++;
		return -EMSGSIZE;
	}
	/*
	 * memmove: data may be Linux's TX buffer (an echo), and Linux may have
	 * posted an RX buffer overlapping it; memcpy would be undefined there
	 * (C11 7.24.2.1). The bytes are Linux's to lose, the copy stays defined.
	 */
	if (len)
		memmove(t.data, data, len);
	rb_rpmsg_tx_put(dev, &t, src, dst, (uint16_t)len);
	return 0;
}

int rb_rpmsg_ns_announce(struct rb_rpmsg_dev *dev, const char *name, uint32_t addr)
{
	struct rb_rpmsg_ns_msg ns;
	size_t n = strlen(name);

	memset(&ns, 0, sizeof(ns));
	/* rpmsg_ns.c copies at most RPMSG_NAME_SIZE - 1 characters and terminates. */
	if (n > sizeof(ns.name) - 1u)
		n = sizeof(ns.name) - 1u;
	memcpy(ns.name, name, n);
	ns.addr = addr;
	ns.flags = RB_RPMSG_NS_CREATE;
	return rb_rpmsg_send(dev, addr, RB_RPMSG_NS_ADDR, &ns, sizeof(ns));
}

void rb_rpmsg_flush_notify(struct rb_rpmsg_dev *dev)
{
	if (!dev->link_up)
		return;
	/* vring0: Linux's rpmsg_recv_done runs on this notification. */
	if (dev->notify_tx) {
		dev->notify_tx = false;
		if (rb_vring_should_notify(&dev->tx)) {
			port_wmb(); /* used->idx before the doorbell (rpmsg-lite: DSB before the MU
				       write) */
			port_notify(0);
			dev->st->notify_tx++;
		}
	}
	/*
	 * vring1: Linux disables these callbacks except when a sender waits for
	 * a TX buffer (rpmsg_upref_sleepers), which is exactly when it needs one.
	 */
	if (dev->notify_rx) {
		dev->notify_rx = false;
		if (rb_vring_should_notify(&dev->rx)) {
			port_wmb();
			port_notify(1);
			dev->st->notify_tx++;
		}
	}
}
