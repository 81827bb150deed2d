/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_vring.c - device side of a split virtio ring (see rb_vring.h).
 */
#include <errno.h>

#include "port.h"
#include "rb_vring.h"

#define AVAIL_OFF(num) (16u * (uint32_t)(num))

static inline uint16_t rd16(const uint8_t *p)
{
	return *(const volatile uint16_t *)(const volatile void *)p;
}

static inline uint32_t rd32(const uint8_t *p)
{
	return *(const volatile uint32_t *)(const volatile void *)p;
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	*(volatile uint16_t *)(volatile void *)p = v;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	*(volatile uint32_t *)(volatile void *)p = v;
}

size_t rb_vring_size(uint32_t num, uint32_t align)
{
	size_t used = (size_t)AVAIL_OFF(num) + 2u * (3u + (size_t)num);

	used = (used + align - 1u) & ~((size_t)align - 1u);
	return used + 2u * 3u + 8u * (size_t)num;
}

int rb_vring_init(struct rb_vring *vr, void *va, uint16_t num, uint32_t align, bool dev_writes,
		  uint32_t buf_max)
{
	size_t used;

	if (num < 2u || (num & (num - 1u)) || !align || (align & (align - 1u)))
		return -EINVAL;
	if ((uintptr_t)va & 15u)
		return -EINVAL;
	used = (size_t)AVAIL_OFF(num) + 2u * (3u + (size_t)num);
	used = (used + align - 1u) & ~((size_t)align - 1u);
	vr->base = va;
	vr->used_off = (uint32_t)used;
	vr->num = num;
	vr->last_avail = 0;
	vr->used_idx = 0;
	vr->bad_avail = 0;
	vr->bad_avail_set = false;
	vr->dev_writes = dev_writes;
	vr->return_bad = !dev_writes;
	vr->buf_max = buf_max;
	vr->bad = 0;
	return 0;
}

/* Linux's avail->idx, checked: the number of entries ahead of us, or 0 when out of range. */
static uint16_t avail_ahead(struct rb_vring *vr)
{
	uint8_t *idxp = vr->base + AVAIL_OFF(vr->num) + 2u;
	uint16_t idx, ahead;

	port_cache_invalidate(idxp, 2);
	idx = rd16(idxp);
	ahead = (uint16_t)(idx - vr->last_avail);
	if (ahead > vr->num) {
		/* Linux never has more than num buffers outstanding: a corrupt index. */
		if (!vr->bad_avail_set || vr->bad_avail != idx) {
			vr->bad++;
			vr->bad_avail = idx;
			vr->bad_avail_set = true;
		}
		return 0;
	}
	vr->bad_avail_set = false;
	return ahead;
}

uint16_t rb_vring_pending(struct rb_vring *vr)
{
	return avail_ahead(vr);
}

int rb_vring_peek(struct rb_vring *vr, struct rb_vbuf *b)
{
	const uint16_t mask = (uint16_t)(vr->num - 1u);

	while (avail_ahead(vr)) {
		uint8_t *slot =
			vr->base + AVAIL_OFF(vr->num) + 4u + 2u * (uint32_t)(vr->last_avail & mask);
		uint8_t *d;
		uint32_t lo, hi, len;
		uint16_t head, flags;
		void *va;

		/*
		 * Linux (virtqueue_add_split) writes desc[] and avail->ring[]
		 * before avail->idx with a write barrier; read them only after
		 * having read avail->idx.
		 */
		port_rmb();
		port_cache_invalidate(slot, 2);
		head = rd16(slot);
		if (head >= vr->num) {
			vr->bad++;
			vr->last_avail++;
			continue;
		}
		d = vr->base + 16u * (uint32_t)head;
		port_cache_invalidate(d, 16);
		lo = rd32(d);
		hi = rd32(d + 4);
		len = rd32(d + 8);
		flags = rd16(d + 12);
		va = NULL;
		if (!(flags & (RB_VRING_DESC_F_NEXT | RB_VRING_DESC_F_INDIRECT)) &&
		    !!(flags & RB_VRING_DESC_F_WRITE) == vr->dev_writes && len &&
		    len <= vr->buf_max)
			va = port_da_to_va(((uint64_t)hi << 32) | lo, len);
		if (!va) {
			vr->bad++;
			vr->last_avail++;
			if (vr->return_bad)
				rb_vring_put_used(vr, head, 0);
			continue;
		}
		b->va = va;
		b->len = len;
		b->head = head;
		return 1;
	}
	return 0;
}

void rb_vring_consume(struct rb_vring *vr)
{
	vr->last_avail++;
}

void rb_vring_put_used(struct rb_vring *vr, uint16_t head, uint32_t len)
{
	uint8_t *used = vr->base + vr->used_off;
	uint8_t *elem = used + 4u + 8u * (uint32_t)(vr->used_idx & (uint16_t)(vr->num - 1u));

	wr32(elem, head);
	wr32(elem + 4, len);
	port_cache_clean(elem, 8);
	/*
	 * Linux (virtqueue_get_buf_ctx_split) reads used->ring[] after it sees
	 * used->idx move: the element must be visible first.
	 */
	port_wmb();
	vr->used_idx++;
	wr16(used + 2, vr->used_idx);
	port_cache_clean(used + 2, 2);
}

bool rb_vring_should_notify(struct rb_vring *vr)
{
	uint8_t *flagsp = vr->base + AVAIL_OFF(vr->num);

	/*
	 * Our used->idx store must be visible to Linux before we read its
	 * avail->flags: Linux re-enables callbacks (virtqueue_enable_cb) and then
	 * re-checks used->idx, so one of the two sides always sees the other.
	 */
	port_mb();
	port_cache_invalidate(flagsp, 2);
	return !(rd16(flagsp) & RB_VRING_AVAIL_F_NO_INTERRUPT);
}
