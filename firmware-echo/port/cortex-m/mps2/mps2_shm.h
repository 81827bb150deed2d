/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mps2_shm.h - layout of the shared 16 MiB machine RAM of the emulated MPS2
 * boards (QEMU mps2-an500 / mps2-an386), seen by the firmware at its device
 * address and by a host process through the file that backs it
 * (-object memory-backend-file,...,share=on: file offset X = RAM base + X,
 * measured with qemu-system-arm 7.2).
 *
 *   offset     size      content
 *   --------   -------   ------------------------------------------------
 *   0x000000   64        struct rb_shm_mbox: doorbells (rb_shm.h), polled
 *   0x001000   1 KiB     live resource table (rb_shm.h RB_SHM_RSC_OFFSET)
 *   0x002000   64        struct rb_mps2_acct: busy/wait tick accounting
 *   0x010000   32 KiB    vring0 (firmware -> Linux), 256 entries, align 4 KiB
 *   0x018000   32 KiB    vring1 (Linux -> firmware)
 *   0x020000   ...       rpmsg buffers, where the Linux side puts them (the test
 *                        model: RX at 0x20000, TX at 0x40000, 256 x 512 B each)
 *
 * Included by the firmware and by the host-side test driver; depends on
 * <stdint.h> only.
 */
#ifndef RB_MPS2_SHM_H
#define RB_MPS2_SHM_H

#include <stdint.h>

#define RB_MPS2_AN500_RAM_BASE	0x60000000u	/* QEMU hw/arm/mps2.c */
#define RB_MPS2_AN386_RAM_BASE	0x21000000u
#define RB_MPS2_RAM_SIZE	0x01000000u	/* QEMU requires exactly 16 MiB */

#define RB_MPS2_MBOX_OFF	0x000000u
#define RB_MPS2_RSC_OFF		0x001000u
#define RB_MPS2_ACCT_OFF	0x002000u
#define RB_MPS2_VRING0_OFF	0x010000u
#define RB_MPS2_VRING1_OFF	0x018000u
#define RB_MPS2_VRING_SIZE	0x008000u
#define RB_MPS2_VRING_ALIGN	0x1000u
#define RB_MPS2_VRING_NUM	256u

#define RB_MPS2_ACCT_MAGIC	0x54434341u	/* "ACCT" */

/*
 * Requests the host test driver can make through rb_mps2_acct.ctl (the
 * firmware checks it whenever it looks for a doorbell):
 *  EXIT   end QEMU: status ctl_arg, or with RB_MPS2_EXIT_HEALTH the
 *         firmware's own verdict: 0 when the link came up and no descriptor
 *         was rejected (rb_stats.bad_desc == 0), 1 otherwise;
 *  CRASH  execute a permanently undefined instruction (UDF), so the fault
 *         handler must end QEMU with 128 + 6 (UsageFault);
 *  CALIBRATE  run a loop of exactly 2 x ctl_arg instructions (SUBS + BNE)
 *         and report the ticks it took in calib_*: under QEMU -icount this
 *         gives the instructions per tick that `make bench` relies on.
 */
#define RB_MPS2_CTL_EXIT	0x45584954u	/* "EXIT" */
#define RB_MPS2_CTL_CRASH	0x43525348u	/* "CRSH" */
#define RB_MPS2_CTL_CALIBRATE	0x43414c49u	/* "CALI" */
#define RB_MPS2_EXIT_HEALTH	0xFFFFFFFFu
#define RB_MPS2_STATUS_FAULT_BASE 128	/* QEMU status = 128 + exception number */

/*
 * Where the firmware spends its time, for `make bench`: the firmware adds
 * the ticks it spends polling for a doorbell to wait_ticks and stamps now at
 * every entry into that wait, so busy = now - wait_ticks is the time spent
 * working. Written under a sequence count (odd while being written).
 * Little-endian 32-bit halves so the host can read them without tearing.
 */
struct rb_mps2_acct {
	uint32_t magic;		/* RB_MPS2_ACCT_MAGIC */
	uint32_t seq;		/* odd while the firmware updates the block */
	uint32_t ticks_hz;	/* tick rate of the fields below */
	uint32_t waits;		/* number of waits entered */
	uint32_t now_lo, now_hi;	/* ticks at the latest wait entry */
	uint32_t wait_lo, wait_hi;	/* ticks spent waiting before that entry */
	uint32_t ctl;		/* host: RB_MPS2_CTL_*, the firmware acts on it once */
	uint32_t ctl_arg;	/* host: argument, written before ctl */
	uint32_t calib_lo, calib_hi;	/* CALIBRATE: ticks the loop took */
	uint32_t calib_done;	/* CALIBRATE: incremented when the result is in */
	uint32_t reserved[3];
};

_Static_assert(sizeof(struct rb_mps2_acct) == 64, "rb_mps2_acct is 64 bytes");

#endif /* RB_MPS2_SHM_H */
