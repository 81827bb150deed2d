/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_vring.h - the device side of a virtio split ring (include/uapi/linux/virtio_ring.h).
 *
 * Layout for num descriptors and alignment align:
 *
 *   offset                                   content
 *   0                                        desc[num]: {u64 addr, u32 len, u16 flags, u16 next}
 *   16 * num                                 avail: {u16 flags, u16 idx, u16 ring[num], u16
 * used_event} ALIGN(16 * num + 2 * (3 + num), align)   used: {u16 flags, u16 idx, {u32 id, u32 len}
 * ring[num], u16 avail_event}
 *
 * Indices are free-running u16; a slot is idx & (num - 1). The driver (Linux)
 * owns desc[] and avail; the device (this firmware) owns used. Everything read
 * from the ring is data from the other side: checked on every use, a bad entry
 * is counted in vr->bad and skipped, never followed.
 */
#ifndef RB_VRING_H
#define RB_VRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RB_VRING_DESC_F_NEXT	      1u
#define RB_VRING_DESC_F_WRITE	      2u
#define RB_VRING_DESC_F_INDIRECT      4u
#define RB_VRING_AVAIL_F_NO_INTERRUPT 1u
#define RB_VRING_USED_F_NO_NOTIFY     1u

struct rb_vring {
	uint8_t *base;	     /* the ring, mapped (port_da_to_va) */
	uint32_t used_off;   /* byte offset of the used ring */
	uint16_t num;	     /* descriptors, power of two */
	uint16_t last_avail; /* next avail entry to take (free-running) */
	uint16_t used_idx;   /* our copy of used->idx: we are its only writer */
	uint16_t bad_avail;  /* avail->idx value last rejected as beyond the ring */
	bool bad_avail_set;
	bool dev_writes;  /* descriptors must carry VRING_DESC_F_WRITE (vring0) or not (vring1) */
	bool return_bad;  /* hand bad descriptors back with used len 0 (vring1) */
	uint32_t buf_max; /* largest descriptor length accepted, bytes */
	uint32_t bad;	  /* entries rejected since the owner last collected them */
};

/* A checked buffer taken from the avail ring (not yet consumed). */
struct rb_vbuf {
	uint8_t *va;   /* buffer, len bytes, inside the shared region */
	uint32_t len;  /* descriptor length, 1..buf_max */
	uint16_t head; /* descriptor index, < num */
};

/* Bytes a ring of num descriptors with alignment align occupies. */
size_t rb_vring_size(uint32_t num, uint32_t align);

/*
 * Set up vr on the ring at va (rb_vring_size(num, align) bytes, already
 * translated and bounds-checked by the caller). Local indices start at 0,
 * which matches a ring Linux has just zeroed (rp_find_vq). Returns 0, or
 * -EINVAL when num is not a power of two or va is not 16-byte aligned.
 */
int rb_vring_init(struct rb_vring *vr, void *va, uint16_t num, uint32_t align, bool dev_writes,
		  uint32_t buf_max);

/*
 * Look at the next available buffer without consuming it. Returns 1 with *b
 * filled, or 0 when none is available. Entries that fail a check (avail->idx
 * more than num ahead, head >= num, chained or indirect descriptor, wrong
 * direction, zero length, length > buf_max, buffer outside the shared region)
 * are counted in vr->bad and consumed here; a rejected avail->idx is counted
 * once per distinct value and nothing is taken until it is sane again.
 */
int rb_vring_peek(struct rb_vring *vr, struct rb_vbuf *b);

/* Consume the entry rb_vring_peek() returned. */
void rb_vring_consume(struct rb_vring *vr);

/* Avail entries not yet taken (0..num; 0 when avail->idx is out of range). */
uint16_t rb_vring_pending(struct rb_vring *vr);

/* Hand descriptor head back to Linux with len bytes written (used ring, then used->idx). */
void rb_vring_put_used(struct rb_vring *vr, uint16_t head, uint32_t len);

/* True unless Linux set VRING_AVAIL_F_NO_INTERRUPT: whether to notify after put_used. */
bool rb_vring_should_notify(struct rb_vring *vr);

#endif /* RB_VRING_H */
