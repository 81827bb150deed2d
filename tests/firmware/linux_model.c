/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux_model.c - user-space model of the Linux side of virtio rpmsg (see linux_model.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux_model.h"

#define DESC_F_NEXT	     1u
#define DESC_F_WRITE	     2u
#define AVAIL_F_NO_INTERRUPT 1u

/* Resource table offsets (include/linux/remoteproc.h; rpmsg-lite rpmsg_platform.h, NXP SDK rsc_table.c). */
#define RSC_VER	      0x00u
#define RSC_NUM	      0x04u
#define RSC_OFFSET0   0x10u
#define RSC_VDEV_TYPE 0x14u
#define RSC_VDEV_ID   0x18u
#define RSC_DFEATURES 0x20u
#define RSC_GFEATURES 0x24u
#define RSC_STATUS    0x2Cu
#define RSC_NVRINGS   0x2Du
#define RSC_VRING(i)  (0x30u + 0x14u * (i))

static inline uint16_t rd16(const uint8_t *p)
{
	return *(const volatile uint16_t *)(const volatile void *)p;
}

static inline uint32_t rd32(const volatile uint8_t *p)
{
	return *(const volatile uint32_t *)(const volatile void *)p;
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	*(volatile uint16_t *)(volatile void *)p = v;
}

static inline void wr32(volatile uint8_t *p, uint32_t v)
{
	*(volatile uint32_t *)(volatile void *)p = v;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void pause_us(long us)
{
	struct timespec ts = {0, us * 1000};

	nanosleep(&ts, NULL);
}

void lm_config_default(struct lm_config *c, const char *path, uint64_t base_pa)
{
	memset(c, 0, sizeof(*c));
	c->shm_path = path;
	c->base_pa = base_pa;
	c->ctrl_pa = base_pa;
	c->vring_pa[0] = base_pa + 0x10000;
	c->vring_pa[1] = base_pa + 0x18000;
	c->buf_pa[0] = base_pa + 0x20000;
	c->buf_pa[1] = base_pa + 0x40000;
	c->num = 256;
	c->align = 0x1000;
	c->kick_timeout_ms = RB_SHM_KICK_TIMEOUT_MS;
	c->kick_wait = true;
}

uint64_t lm_pa(const struct lm *m, uint64_t off)
{
	return m->cfg.base_pa + off;
}

static uint8_t *va(const struct lm *m, uint64_t pa, size_t len)
{
	if (pa < m->cfg.base_pa || pa - m->cfg.base_pa > m->size ||
	    len > m->size - (pa - m->cfg.base_pa))
		return NULL;
	return m->map + (pa - m->cfg.base_pa);
}

static size_t vring_bytes(uint32_t num, uint32_t align, uint32_t *used_off)
{
	size_t used = 16u * (size_t)num + 2u * (3u + (size_t)num);

	used = (used + align - 1u) & ~((size_t)align - 1u);
	if (used_off)
		*used_off = (uint32_t)used;
	return used + 6u + 8u * (size_t)num;
}

int lm_open(struct lm *m, const struct lm_config *cfg)
{
	struct stat sb;
	size_t vb;
	void *p;
	int fd;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (!cfg->num || cfg->num > LM_MAX_NUM || (cfg->num & (cfg->num - 1u)) || !cfg->align)
		return -EINVAL;
	fd = open(cfg->shm_path, O_RDWR);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		int e = -errno;

		close(fd);
		return e;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	m->map = p;
	m->size = (size_t)sb.st_size;
	vb = vring_bytes(cfg->num, cfg->align, &m->used_off);
	m->mbox = (volatile struct rb_shm_mbox *)(void *)va(m, cfg->ctrl_pa, RB_SHM_CTRL_SIZE);
	m->vr[0] = va(m, cfg->vring_pa[0], vb);
	m->vr[1] = va(m, cfg->vring_pa[1], vb);
	if (!m->mbox || !m->vr[0] || !m->vr[1] || !va(m, cfg->buf_pa[0], LM_BUF_SIZE * cfg->num) ||
	    !va(m, cfg->buf_pa[1], LM_BUF_SIZE * cfg->num)) {
		lm_close(m);
		return -EINVAL;
	}
	m->rsc = (volatile uint8_t *)m->mbox + RB_SHM_RSC_OFFSET;
	m->auto_refill = true;
	m->kick_on_send = true;
	m->kick_on_refill = true;
	return 0;
}

void lm_close(struct lm *m)
{
	if (m->map)
		munmap(m->map, m->size);
	m->map = NULL;
}

int lm_wait_ready(struct lm *m, int timeout_ms)
{
	uint64_t end = now_ms() + (uint64_t)timeout_ms;

	while (m->mbox->magic != RB_SHM_MAGIC || m->mbox->remote_ready != RB_SHM_READY) {
		if (now_ms() > end)
			return -ETIMEDOUT;
		pause_us(200);
	}
	__sync_synchronize();
	/* What remoteproc_elf_loader.c and rproc_handle_vdev() check. */
	if (rd32(m->rsc + RSC_VER) != 1 || rd32(m->rsc + RSC_NUM) != 1 ||
	    rd32(m->rsc + RSC_OFFSET0) != RSC_VDEV_TYPE || rd32(m->rsc + RSC_VDEV_TYPE) != 3 ||
	    rd32(m->rsc + RSC_VDEV_ID) != 7 || !(rd32(m->rsc + RSC_DFEATURES) & 1u) ||
	    m->rsc[RSC_NVRINGS] != 2)
		return -EPROTO;
	for (uint32_t i = 0; i < 2; i++)
		if (rd32(m->rsc + RSC_VRING(i) + 4) != m->cfg.align ||
		    rd32(m->rsc + RSC_VRING(i) + 8) != m->cfg.num)
			return -EPROTO;
	return 0;
}

static void avail_push(struct lm *m, uint32_t q, uint16_t head)
{
	uint8_t *avail = m->vr[q] + 16u * m->cfg.num;

	wr16(avail + 4 + 2u * (m->avail_idx[q] & (m->cfg.num - 1u)), head);
	/* The remote reads ring[] and desc[] after avail->idx (virtqueue_add_split: virtio_wmb). */
	__sync_synchronize();
	m->avail_idx[q]++;
	wr16(avail + 2, m->avail_idx[q]);
}

static void desc_write(struct lm *m, uint32_t q, uint16_t id, uint64_t addr, uint32_t len,
		       uint16_t flags, uint16_t next)
{
	uint8_t *d = m->vr[q] + 16u * id;

	wr32(d, (uint32_t)addr);
	wr32(d + 4, (uint32_t)(addr >> 32));
	wr32(d + 8, len);
	wr16(d + 12, flags);
	wr16(d + 14, next);
}

int lm_start(struct lm *m)
{
	size_t vb = vring_bytes(m->cfg.num, m->cfg.align, NULL);

	/* rp_find_vq: the rings are zeroed when the virtqueues are created. */
	memset(m->vr[0], 0, vb);
	memset(m->vr[1], 0, vb);
	memset(m->avail_idx, 0, sizeof(m->avail_idx));
	memset(m->last_used, 0, sizeof(m->last_used));
	m->tx_fresh = 0;
	m->ntx_free = 0;
	m->nrx_held = 0;
	m->nns = 0;
	for (uint16_t i = 0; i < m->cfg.num; i++) {
		desc_write(m, 0, i, m->cfg.buf_pa[0] + LM_BUF_SIZE * (uint64_t)i, LM_BUF_SIZE,
			   DESC_F_WRITE, 0);
		avail_push(m, 0, i);
	}
	/* virtqueue_disable_cb(svq): no interrupts for returned TX buffers. */
	wr16(m->vr[1] + 16u * m->cfg.num, AVAIL_F_NO_INTERRUPT);
	for (uint32_t i = 0; i < 2; i++)
		wr32(m->rsc + RSC_VRING(i), (uint32_t)m->cfg.vring_pa[i]);
	wr32(m->rsc + RSC_GFEATURES, 1u);
	m->r2l_seen = m->mbox->r2l_count;
	m->mbox->r2l_ack = m->r2l_seen;
	__sync_synchronize();
	/* virtio_device_ready() then virtqueue_notify(rvq) at the end of rpmsg_probe. */
	if (!m->cfg.no_status)
		m->rsc[RSC_STATUS] = 1u | 2u | 4u;
	__sync_synchronize();
	/* As rpmsg_probe: a kick that times out is logged, the probe goes on. */
	lm_kick(m, 0);
	return 0;
}

void lm_reset(struct lm *m)
{
	__sync_synchronize();
	m->rsc[RSC_STATUS] = 0;
	__sync_synchronize();
}

int lm_kick(struct lm *m, uint32_t vqid)
{
	uint32_t count;
	uint64_t end;

	m->mbox->l2r_vqid = vqid;
	__sync_synchronize();
	count = m->mbox->l2r_count + 1u;
	m->mbox->l2r_count = count;
	m->kicks++;
	if (!m->cfg.kick_wait)
		return 0;
	end = now_ms() + m->cfg.kick_timeout_ms;
	/* mbox_send_message with tx_block: done when the remote read the message (TE1). */
	for (int spin = 0; m->mbox->l2r_ack != count; spin++) {
		if (now_ms() > end) {
			m->mbox->l2r_failed = m->mbox->l2r_failed + 1u;
			m->kick_timeouts++;
			return -ETIME;
		}
		if (spin > 200)
			pause_us(20);
	}
	return 0;
}

uint32_t lm_tx_free(struct lm *m)
{
	uint8_t *used = m->vr[1] + m->used_off;

	while (m->last_used[1] != rd16(used + 2)) {
		uint8_t *e = used + 4 + 8u * (m->last_used[1] & (m->cfg.num - 1u));
		uint32_t id;

		__sync_synchronize(); /* the element was written before used->idx */
		id = rd32(e);
		m->last_used[1]++;
		if (id >= m->cfg.num || id >= m->tx_fresh || m->ntx_free >= m->cfg.num) {
			m->bad_used++;
			continue;
		}
		m->tx_free[m->ntx_free++] = (uint16_t)id;
	}
	return m->ntx_free + (m->cfg.num - m->tx_fresh);
}

/* A TX descriptor slot: fresh ones first, then returned ones (get_a_tx_buf). */
static int tx_slot(struct lm *m)
{
	if (m->tx_fresh < m->cfg.num)
		return (int)m->tx_fresh++;
	if (!m->ntx_free)
		lm_tx_free(m);
	if (!m->ntx_free)
		return -EAGAIN;
	return m->tx_free[--m->ntx_free];
}

int lm_send(struct lm *m, uint32_t src, uint32_t dst, const void *data, size_t len)
{
	uint8_t hdr[LM_HDR_SIZE] = {0};
	uint8_t *buf;
	uint16_t l16 = (uint16_t)len;
	int id;

	if (len > LM_MTU)
		return -EMSGSIZE;
	id = tx_slot(m);
	if (id < 0)
		return id;
	buf = va(m, m->cfg.buf_pa[1] + LM_BUF_SIZE * (uint64_t)id, LM_BUF_SIZE);
	memcpy(hdr, &src, 4);
	memcpy(hdr + 4, &dst, 4);
	memcpy(hdr + 12, &l16, 2);
	memcpy(buf, hdr, sizeof(hdr));
	if (len)
		memcpy(buf + LM_HDR_SIZE, data, len);
	desc_write(m, 1, (uint16_t)id, m->cfg.buf_pa[1] + LM_BUF_SIZE * (uint64_t)id,
		   (uint32_t)(LM_HDR_SIZE + len), 0, 0);
	avail_push(m, 1, (uint16_t)id);
	m->sent++;
	/*
	 * A kick that times out does not fail the send: imx_rproc_kick only logs
	 * "failed (1, err:-62)"; the message is on the ring (kick_timeouts counts it).
	 */
	if (m->kick_on_send)
		lm_kick(m, 1);
	return 0;
}

static void rx_repost(struct lm *m, uint16_t id)
{
	if (!m->auto_refill) {
		m->rx_held[m->nrx_held++] = id;
		return;
	}
	desc_write(m, 0, id, m->cfg.buf_pa[0] + LM_BUF_SIZE * (uint64_t)id, LM_BUF_SIZE,
		   DESC_F_WRITE, 0);
	avail_push(m, 0, id);
}

int lm_refill(struct lm *m)
{
	bool any = m->nrx_held != 0;
	bool save = m->auto_refill;

	m->auto_refill = true;
	for (uint32_t i = 0; i < m->nrx_held; i++)
		rx_repost(m, m->rx_held[i]);
	m->nrx_held = 0;
	m->auto_refill = save;
	if (any && m->kick_on_refill)
		lm_kick(m, 0); /* a timeout is counted, as in lm_send */
	return 0;
}

static void record_ns(struct lm *m, uint32_t src, const uint8_t *p, uint16_t len)
{
	struct lm_ns *ns;

	/* rpmsg_ns_cb: "malformed ns msg" unless len == sizeof(struct rpmsg_ns_msg). */
	if (len != 40) {
		m->ns_bad++;
		return;
	}
	if (m->nns >= LM_MAX_NS)
		return;
	ns = &m->ns[m->nns++];
	memcpy(ns->name, p, 32);
	ns->name[32] = '\0';
	memcpy(&ns->addr, p + 32, 4);
	memcpy(&ns->flags, p + 36, 4);
	ns->src = src;
}

int lm_recv(struct lm *m, struct lm_msg *msg, int timeout_ms)
{
	uint8_t *used = m->vr[0] + m->used_off;
	uint64_t end = now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	int spin = 0;

	for (;;) {
		uint32_t id, len;
		uint16_t hlen;
		uint8_t *buf, *e;

		if (m->last_used[0] == rd16(used + 2)) {
			if (timeout_ms <= 0 || now_ms() > end)
				return 0;
			if (++spin > 100)
				pause_us(20);
			continue;
		}
		e = used + 4 + 8u * (m->last_used[0] & (m->cfg.num - 1u));
		__sync_synchronize(); /* the element was written before used->idx */
		id = rd32(e);
		len = rd32(e + 4);
		m->last_used[0]++;
		if (id >= m->cfg.num) {
			m->bad_used++;
			continue;
		}
		buf = va(m, m->cfg.buf_pa[0] + LM_BUF_SIZE * (uint64_t)id, LM_BUF_SIZE);
		m->received++;
		memcpy(&hlen, buf + 12, 2);
		/* rpmsg_recv_single: "inbound msg too big". */
		if (len > LM_BUF_SIZE || len < LM_HDR_SIZE || hlen > len - LM_HDR_SIZE) {
			m->rx_dropped++;
			rx_repost(m, (uint16_t)id);
			continue;
		}
		memcpy(&msg->src, buf, 4);
		memcpy(&msg->dst, buf + 4, 4);
		msg->len = hlen;
		memcpy(msg->data, buf + LM_HDR_SIZE, hlen);
		rx_repost(m, (uint16_t)id);
		/* rpmsg_recv_done: one kick after the batch, when the used ring is drained. */
		if (m->auto_refill && m->kick_on_refill && m->last_used[0] == rd16(used + 2))
			lm_kick(m, 0);
		if (msg->dst == LM_NS_ADDR) {
			record_ns(m, msg->src, msg->data, msg->len);
			continue;
		}
		return 1;
	}
}

int64_t lm_ns_find(const struct lm *m, const char *name)
{
	for (uint32_t i = m->nns; i-- > 0;)
		if (!strcmp(m->ns[i].name, name))
			return m->ns[i].addr;
	return -ENOENT;
}

uint32_t lm_take_notifies(struct lm *m)
{
	uint32_t c = m->mbox->r2l_count, n = c - m->r2l_seen;

	m->r2l_seen = c;
	m->mbox->r2l_ack = c;
	return n;
}

int lm_post_raw(struct lm *m, uint32_t vqid, uint64_t addr, uint32_t len, uint16_t flags,
		uint16_t next)
{
	int id;

	if (vqid == 1) {
		id = tx_slot(m);
		if (id < 0)
			return id;
	} else {
		if (!m->nrx_held)
			return -EAGAIN;
		id = m->rx_held[--m->nrx_held];
	}
	desc_write(m, vqid, (uint16_t)id, addr, len, flags, next);
	avail_push(m, vqid, (uint16_t)id);
	return id;
}

int lm_send_raw(struct lm *m, const void *msg, size_t n, uint32_t desc_len)
{
	uint64_t pa;
	int id;

	if (n > LM_BUF_SIZE)
		return -EMSGSIZE;
	id = tx_slot(m);
	if (id < 0)
		return id;
	pa = m->cfg.buf_pa[1] + LM_BUF_SIZE * (uint64_t)id;
	memcpy(va(m, pa, LM_BUF_SIZE), msg, n);
	desc_write(m, 1, (uint16_t)id, pa, desc_len, 0, 0);
	avail_push(m, 1, (uint16_t)id);
	if (m->kick_on_send)
		lm_kick(m, 1);
	return id;
}

void lm_post_head(struct lm *m, uint32_t vqid, uint16_t head)
{
	avail_push(m, vqid, head);
}

void lm_set_avail_idx(struct lm *m, uint32_t vqid, uint16_t idx, bool update)
{
	__sync_synchronize();
	wr16(m->vr[vqid] + 16u * m->cfg.num + 2, idx);
	if (update)
		m->avail_idx[vqid] = idx;
}

uint16_t lm_used_idx(struct lm *m, uint32_t vqid)
{
	return rd16(m->vr[vqid] + m->used_off + 2);
}
