/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_rpmsg.h - the remote side of virtio rpmsg: link-up, the two vrings,
 * rpmsg headers and name-service announcements.
 *
 * vring0 carries firmware -> Linux messages: the firmware fills the empty
 * 512-byte buffers Linux posts there. vring1 carries Linux -> firmware
 * messages: the firmware consumes them and hands the buffers back
 * (drivers/rpmsg/virtio_rpmsg_bus.c rpmsg_probe: vqs[0] "input" = Linux RX,
 * vqs[1] "output" = Linux TX).
 *
 * rpmsg header (struct rpmsg_hdr, 16 bytes, packed, little-endian):
 *   0 u32 src, 4 u32 dst, 8 u32 reserved, 12 u16 len, 14 u16 flags; payload at 16.
 */
#ifndef RB_RPMSG_H
#define RB_RPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_proto.h"
#include "rb_vring.h"

#define RB_RPMSG_NS_ADDR      53u /* RPMSG_NS_ADDR, drivers/rpmsg/rpmsg_ns.c */
#define RB_RPMSG_NS_NAME_SIZE 32u /* RPMSG_NAME_SIZE */
#define RB_RPMSG_NS_MSG_SIZE  40u /* struct rpmsg_ns_msg; Linux requires len == 40 */
#define RB_RPMSG_NS_CREATE    0u
#define RB_RPMSG_ADDR_ANY     0xFFFFFFFFu /* RPMSG_ADDR_ANY, include/uapi/linux/rpmsg.h */

struct rb_rpmsg_hdr {
	uint32_t src;
	uint32_t dst;
	uint32_t reserved;
	uint16_t len;
	uint16_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct rb_rpmsg_hdr) == 16, "struct rpmsg_hdr is 16 bytes");

struct rb_rpmsg_ns_msg {
	char name[RB_RPMSG_NS_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct rb_rpmsg_ns_msg) == RB_RPMSG_NS_MSG_SIZE, "rpmsg_ns_msg is 40 bytes");

struct rb_rpmsg_dev {
	struct rb_vring tx; /* vring0: firmware -> Linux */
	struct rb_vring rx; /* vring1: Linux -> firmware */
	bool link_up;
	bool saw_driver_ok; /* DRIVER_OK seen: a later status of 0 is a reset */
	bool link_bad;	    /* the live table's rings were rejected (counted once) */
	bool notify_tx;	    /* buffers put on vring0 since the last notification */
	bool notify_rx;	    /* buffers returned on vring1 since the last notification */
	uint32_t vring_da[2];
	struct rb_stats *st;
};

/* A message taken from vring1 (still owned by the firmware until rb_rpmsg_rx_done()). */
struct rb_rpmsg_rx {
	uint32_t src;
	uint32_t dst;
	uint16_t len;	     /* payload bytes, checked: 16 + len <= descriptor length */
	const uint8_t *data; /* payload, in Linux's TX buffer */
	struct rb_vbuf vb;
};

/* A Linux RX buffer taken from vring0 for sending. */
struct rb_rpmsg_tx {
	uint8_t *data; /* payload area: cap bytes */
	uint16_t cap;  /* descriptor length - 16, at most RB_CFG_MAX_PAYLOAD */
	struct rb_vbuf vb;
};

/* Start with the link down; counters go to *st. */
void rb_rpmsg_init(struct rb_rpmsg_dev *dev, struct rb_stats *st);

/*
 * Bring the link up when Linux is ready: DRIVER_OK in the live resource table
 * (port_rsc_table_live(), volatile read) or `kicked` (a kick arrived). Reads
 * the vring addresses from the live table only then (Linux zeroes the rings
 * after the core starts: remoteproc_core.c rproc_start; inferred). Returns 1
 * when the link came up now, 0 when it is not up yet (or already up), -EINVAL
 * when the live table names a vring outside the shared region or changed its
 * num/align (counted once as a bad descriptor until a link-up succeeds).
 */
int rb_rpmsg_link(struct rb_rpmsg_dev *dev, bool kicked);

/* True when Linux reset the device (status back to 0 after DRIVER_OK); the link goes down. */
bool rb_rpmsg_reset_seen(struct rb_rpmsg_dev *dev);

/*
 * Next valid message from Linux, not consumed. Returns 1, or 0 when there is
 * none. Messages whose rpmsg header fails the checks (descriptor shorter than
 * 16 bytes, 16 + len larger than the descriptor, len > RB_CFG_MAX_PAYLOAD, or
 * src 53 or RPMSG_ADDR_ANY, addresses no reply may go to) are counted as
 * malformed and returned to Linux: every message returned has a src that is
 * safe to reply to.
 */
int rb_rpmsg_rx_peek(struct rb_rpmsg_dev *dev, struct rb_rpmsg_rx *m);

/* Hand the message's buffer back to Linux and count it. */
void rb_rpmsg_rx_done(struct rb_rpmsg_dev *dev, const struct rb_rpmsg_rx *m);

/* Empty Linux RX buffers available on vring0 (an upper bound: bad ones are dropped on take). */
uint16_t rb_rpmsg_tx_room(struct rb_rpmsg_dev *dev);

/*
 * Take a Linux RX buffer to send into. Returns 0, or -ENOBUFS when vring0 has
 * none (the caller counts no_tx_buf events).
 */
int rb_rpmsg_tx_get(struct rb_rpmsg_dev *dev, struct rb_rpmsg_tx *t);

/* Send the buffer from rb_rpmsg_tx_get() holding len (<= t->cap) payload bytes. */
void rb_rpmsg_tx_put(struct rb_rpmsg_dev *dev, const struct rb_rpmsg_tx *t, uint32_t src,
		     uint32_t dst, uint16_t len);

/*
 * Copy-and-send: 0, -EMSGSIZE (len > RB_CFG_MAX_PAYLOAD or the buffer) or
 * -ENOBUFS. data may overlap the buffer taken (Linux chooses both addresses).
 */
int rb_rpmsg_send(struct rb_rpmsg_dev *dev, uint32_t src, uint32_t dst, const void *data,
		  size_t len);

/* Announce a channel: 40-byte rpmsg_ns_msg {name, addr, CREATE} from addr to 53. 0 or -ENOBUFS. */
int rb_rpmsg_ns_announce(struct rb_rpmsg_dev *dev, const char *name, uint32_t addr);

/* Notify Linux of what was put on either ring since the last call, honouring NO_INTERRUPT. */
void rb_rpmsg_flush_notify(struct rb_rpmsg_dev *dev);

#endif /* RB_RPMSG_H */
