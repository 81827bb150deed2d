/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * rb_shm.h - layout of the shared-memory control block between a Linux-side
 * virtio driver and the host build of the echo firmware.
 *
 * Used by two Linux-side drivers:
 *  - the test VM's guest transport module (target/vm/), where the block sits
 *    at guest-physical RB_SHM_CTRL_PA inside guest RAM that QEMU backs with a
 *    shared file (file offset == guest-physical address with 512 MiB of RAM);
 *  - the user-space model of the Linux side used by the firmware's unit tests.
 *
 * The block stands in for the i.MX Messaging Unit and the "rsc-table" region:
 *
 *   offset   size    content
 *   ------   -----   ------------------------------------------------------
 *   0x0000   64      struct rb_shm_mbox (doorbells in both directions)
 *   0x1000   1 KiB   live resource table (the firmware writes it at start,
 *                    the driver fills in vring da, features and status, as
 *                    remoteproc does in attach mode with "rsc-table")
 *
 * Doorbells follow the MU's TR1/RR1 handshake: a side rings by incrementing
 * its *_count (after a write barrier) with the vqid in *_vqid; the other side
 * acknowledges by copying the count it has consumed into *_ack. The Linux
 * side waits up to RB_SHM_KICK_TIMEOUT_MS for l2r_ack to reach l2r_count and
 * otherwise fails the kick with -ETIME, as imx_rproc's mailbox client does
 * (tx_block, tx_tout = 100 ms: drivers/remoteproc/imx_rproc.c,
 * drivers/mailbox/mailbox.c).
 *
 * Compiles in the kernel (linux/types.h) and in user space (stdint.h).
 */
#ifndef RB_SHM_H
#define RB_SHM_H

#ifdef __KERNEL__
#include <linux/types.h>
typedef u32 rb_shm_u32;
#else
#include <stdint.h>
typedef uint32_t rb_shm_u32;
#endif

#define RB_SHM_MAGIC		0x424d4252u	/* "RBMB" */
#define RB_SHM_VERSION		1u
#define RB_SHM_CTRL_PA		0x1f000000u	/* reserved with memmap=64K$0x1f000000 */
#define RB_SHM_CTRL_SIZE	0x10000u
#define RB_SHM_RSC_OFFSET	0x1000u
#define RB_SHM_RSC_MAX		0x400u		/* imx_rproc maps rsc-table with SZ_1K */
#define RB_SHM_KICK_TIMEOUT_MS	100u
#define RB_SHM_READY		1u

struct rb_shm_mbox {
	rb_shm_u32 magic;	/* RB_SHM_MAGIC, written by the remote last at start */
	rb_shm_u32 version;	/* RB_SHM_VERSION */
	rb_shm_u32 remote_ready; /* RB_SHM_READY once the resource table is in place */
	rb_shm_u32 remote_pid;	/* host process id of the remote, for diagnostics */

	/* Linux -> remote (A-side TR1 / M-side RR1) */
	rb_shm_u32 l2r_count;	/* Linux: kicks rung */
	rb_shm_u32 l2r_vqid;	/* Linux: vqid of the latest kick */
	rb_shm_u32 l2r_ack;	/* remote: last l2r_count consumed */
	rb_shm_u32 l2r_failed;	/* Linux: kicks that timed out (-ETIME) */

	/* remote -> Linux (M-side TR1 / A-side RR1) */
	rb_shm_u32 r2l_count;	/* remote: notifications rung */
	rb_shm_u32 r2l_vqid;	/* remote: vqid of the latest notification */
	rb_shm_u32 r2l_ack;	/* Linux: last r2l_count consumed */
	rb_shm_u32 reserved[5];
};

_Static_assert(sizeof(struct rb_shm_mbox) == 64, "rb_shm_mbox is 64 bytes");

#endif /* RB_SHM_H */
