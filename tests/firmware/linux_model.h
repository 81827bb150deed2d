/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linux_model.h - a user-space model of the Linux side of virtio rpmsg, for
 * driving a remote (the echo firmware) through a shared file.
 *
 * It plays drivers/rpmsg/virtio_rpmsg_bus.c with remoteproc's resource-table
 * handling and imx_rproc's mailbox, against any remote that shares a file:
 * the host build rb-fw-host (another process, or linked in), or an MPS2 image
 * under QEMU whose RAM is a memory-backend-file (16 MiB at 0x60000000 on
 * mps2-an500, 0x21000000 on mps2-an386).
 *
 * What it does, as Linux does it:
 *  - vring0 ("input", Linux RX): lm_start() posts num x 512-byte buffers,
 *    WRITE descriptors; received buffers are checked as rpmsg_recv_done()
 *    does (used len <= 512, hdr.len <= len - 16) and re-posted.
 *  - vring1 ("output", Linux TX): 512-byte buffers, fresh ones first, then
 *    those the remote returned in the used ring (get_a_tx_buf); callbacks
 *    disabled (VRING_AVAIL_F_NO_INTERRUPT set, virtqueue_disable_cb).
 *  - rpmsg header (16 bytes), payload <= 496 (-EMSGSIZE above).
 *  - A name-service endpoint at 53 recording announcements (40 bytes exactly).
 *  - The live resource table (control block + RB_SHM_RSC_OFFSET): vring da,
 *    gfeatures, then status ACKNOWLEDGE|DRIVER|DRIVER_OK and a kick on vq 0,
 *    the order of rpmsg_probe().
 *  - Kicks through the rb_shm.h mailbox: l2r_count++ then wait up to
 *    kick_timeout_ms for l2r_ack (imx_rproc: tx_block, tx_tout = 100 ms);
 *    a timeout counts l2r_failed and returns -ETIME.
 *
 * Addresses: everything the model writes into shared memory is a physical
 * address: file offset + base_pa. Every function returns 0 (or a count) or a
 * negative errno value. Not thread-safe: one thread per struct lm.
 */
#ifndef LINUX_MODEL_H
#define LINUX_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_shm.h"

#define LM_BUF_SIZE 512u
#define LM_HDR_SIZE 16u
#define LM_MTU	    (LM_BUF_SIZE - LM_HDR_SIZE)
#define LM_NS_ADDR  53u
#define LM_MAX_NUM  256u
#define LM_MAX_NS   32u

struct lm_config {
	const char *shm_path; /* shared file (created by the caller) */
	uint64_t base_pa;     /* physical address of file offset 0 */
	uint64_t ctrl_pa;     /* rb_shm.h control block (64 KiB) */
	uint64_t vring_pa[2]; /* vring0, vring1 (each rb_vring size, aligned to align) */
	uint64_t buf_pa[2];   /* RX buffers (vring0), TX buffers (vring1): num x 512 bytes each */
	uint32_t num;	      /* descriptors per vring; must equal the remote's table (256) */
	uint32_t align;	      /* vring alignment; must equal the remote's table (0x1000) */
	/* How long a kick waits for l2r_ack: 100 ms, as imx_rproc. */
	uint32_t kick_timeout_ms;
	/* Wait for l2r_ack at all (false when the remote runs in the same thread). */
	bool kick_wait;
	/*
	 * lm_start() leaves status alone: link-up by the first kick only, as with
	 * the legacy NXP BSP (imx_rpmsg.c, no resource-table status).
	 */
	bool no_status;
};

/*
 * Defaults for a file of `size` bytes at base_pa: control block at offset 0,
 * vring0 at +0x10000, vring1 at +0x18000, RX buffers at +0x20000, TX buffers
 * at +0x40000 (needs size >= 0x60000); num 256, align 0x1000, 100 ms kicks.
 */
void lm_config_default(struct lm_config *c, const char *path, uint64_t base_pa);

/* A message received on vring0 (from the remote). */
struct lm_msg {
	uint32_t src;
	uint32_t dst;
	uint16_t len;
	uint8_t data[LM_MTU];
};

/* A name-service announcement the remote made. */
struct lm_ns {
	char name[33];
	uint32_t addr;
	uint32_t flags;
	uint32_t src;
};

struct lm {
	struct lm_config cfg;
	uint8_t *map;
	size_t size;
	volatile struct rb_shm_mbox *mbox;
	volatile uint8_t *rsc; /* live resource table */
	uint8_t *vr[2];	       /* rings */
	uint32_t used_off;
	uint16_t avail_idx[2];	      /* our avail->idx (we are its writer) */
	uint16_t last_used[2];	      /* used entries consumed */
	uint32_t tx_fresh;	      /* TX buffers never used yet start here */
	uint16_t tx_free[LM_MAX_NUM]; /* returned TX descriptors */
	uint32_t ntx_free;
	uint16_t rx_held[LM_MAX_NUM]; /* RX descriptors not re-posted (auto_refill off) */
	uint32_t nrx_held;
	bool auto_refill;    /* re-post RX buffers as soon as they are read (default) */
	bool kick_on_send;   /* kick vq1 after each lm_send (Linux does; default) */
	bool kick_on_refill; /* kick vq0 after re-posting RX buffers (Linux does per batch) */
	uint32_t r2l_seen;   /* remote notifications seen */
	struct lm_ns ns[LM_MAX_NS];
	uint32_t nns;
	/* Counters of what the model saw. */
	uint64_t kicks;		/* kicks rung */
	uint64_t kick_timeouts; /* kicks not acknowledged in time */
	uint64_t sent;		/* messages put on vring1 */
	uint64_t received;	/* messages taken from vring0 (name service included) */
	uint64_t rx_dropped;	/* failed Linux's checks ("inbound msg too big") */
	uint64_t ns_bad;	/* messages to 53 whose len != 40 */
	uint64_t bad_used;	/* used entries naming a descriptor the model never posted */
};

/* Map cfg->shm_path (MAP_SHARED). Returns 0, -errno, or -EINVAL when the layout does not fit. */
int lm_open(struct lm *m, const struct lm_config *cfg);

/* Unmap. */
void lm_close(struct lm *m);

/*
 * Wait up to timeout_ms for the remote: mailbox magic and ready, then a
 * resource table with ver 1, one vdev of id 7 offering VIRTIO_RPMSG_F_NS and
 * two vrings of cfg.num/cfg.align. Returns 0, -ETIMEDOUT or -EPROTO (table wrong).
 */
int lm_wait_ready(struct lm *m, int timeout_ms);

/*
 * Probe as virtio_rpmsg_bus does: zero and set up both rings, post the RX
 * buffers, write vring da and gfeatures into the live table, status
 * ACKNOWLEDGE|DRIVER|DRIVER_OK, kick vq 0. Returns 0 (a kick that times out
 * is counted in kick_timeouts, as everywhere but lm_kick()).
 */
int lm_start(struct lm *m);

/* Reset as rproc_virtio_reset() does: status 0. */
void lm_reset(struct lm *m);

/* Ring the doorbell for vqid. Returns 0, or -ETIME when not acknowledged in time. */
int lm_kick(struct lm *m, uint32_t vqid);

/*
 * Send len (<= 496) payload bytes from src to dst. Returns 0, -EMSGSIZE, or
 * -EAGAIN when no TX buffer is free (the remote has not returned any). A kick
 * that times out is counted in kick_timeouts and l2r_failed, not returned,
 * as in Linux (the message is on the ring).
 */
int lm_send(struct lm *m, uint32_t src, uint32_t dst, const void *data, size_t len);

/*
 * Take the next message from vring0, waiting up to timeout_ms (0: do not
 * wait). Name-service messages are recorded in m->ns and not returned; so are
 * messages failing Linux's checks (counted in rx_dropped). Each buffer is
 * re-posted at once (auto_refill) or held (lm_refill); with kick_on_refill
 * vq 0 is kicked when the used ring is drained, once per batch as
 * rpmsg_recv_done() does. Returns 1 with *msg filled, 0 on timeout.
 */
int lm_recv(struct lm *m, struct lm_msg *msg, int timeout_ms);

/* Re-post every held RX buffer (auto_refill off) and kick vq 0 if kick_on_refill. Returns 0. */
int lm_refill(struct lm *m);

/* Collect TX buffers the remote returned; returns how many are free now. */
uint32_t lm_tx_free(struct lm *m);

/* The address a channel was announced from, or -ENOENT. */
int64_t lm_ns_find(const struct lm *m, const char *name);

/* Remote notifications (r2l_count) not seen yet; marks them seen (r2l_ack). */
uint32_t lm_take_notifies(struct lm *m);

/* --- Raw access for hostile tests -------------------------------------------- */
/*
 * Post one descriptor {addr, len, flags, next} on vring vqid: on vring1 in a
 * free TX slot, on vring0 in a held RX slot (auto_refill off). Returns the
 * slot or -EAGAIN when there is none.
 */
int lm_post_raw(struct lm *m, uint32_t vqid, uint64_t addr, uint32_t len, uint16_t flags,
		uint16_t next);
/*
 * Copy n (<= 512) bytes, rpmsg header included, into a TX buffer and post it
 * on vring1 with descriptor length desc_len (any value), then kick if
 * kick_on_send. Returns the descriptor or -EAGAIN / -EMSGSIZE.
 */
int lm_send_raw(struct lm *m, const void *msg, size_t n, uint32_t desc_len);
/* Put head (any value) into vring vqid's avail ring and publish it. */
void lm_post_head(struct lm *m, uint32_t vqid, uint16_t head);
/* Write avail->idx of vring vqid directly (without touching the model's copy when !update). */
void lm_set_avail_idx(struct lm *m, uint32_t vqid, uint16_t idx, bool update);
/* Read used->idx of vring vqid. */
uint16_t lm_used_idx(struct lm *m, uint32_t vqid);
/* Physical address of file offset off. */
uint64_t lm_pa(const struct lm *m, uint64_t off);

#endif /* LINUX_MODEL_H */
