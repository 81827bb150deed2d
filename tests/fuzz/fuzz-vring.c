/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz-vring.c - libFuzzer target for the firmware's descriptor, vring and
 * rpmsg parsing (and everything behind it: deframer, protocol frames).
 *
 * The firmware (host port) and the Linux model share a file in one process.
 * Each input restarts the link (status 0, then a fresh probe) from a
 * re-initialised firmware and zeroed buffers, so that a crash reproduces
 * from its file alone, and is read as a list of operations a hostile Linux
 * side can do: write any descriptor of either ring, push any head, move
 * avail->idx anywhere, write any bytes into the TX buffers, run the
 * firmware, take its replies. After each input the
 * firmware's used entries must name descriptors that exist, and, unless the
 * input made Linux's RX buffers overlap (see rx_intact), every message it
 * sent must pass Linux's checks (rpmsg_recv_single, rpmsg_ns_cb).
 *
 *   clang -fsanitize=fuzzer,address,undefined ... (tests/fuzz/test-fuzz-vring.sh)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "rb_fw.h"

static struct lm m;
static char path[64];
static int ready;
/*
 * Whether Linux's RX buffers are still what the model posted: each vring0
 * descriptor names its own 512-byte buffer and each is in the avail ring
 * once. The input can break that (a descriptor aimed elsewhere, avail->idx
 * of vring0 moved over stale entries): two descriptors then share memory, or
 * one buffer is filled twice, and a later write by the firmware overwrites a
 * message Linux has not read yet. Linux reads each buffer through its own
 * token, as the model does (virtqueue_get_buf), so it would see a corrupt
 * header that the firmware never wrote as such. Only while this holds can
 * a message failing Linux's checks be blamed on the firmware.
 */
static bool rx_intact;

static void setup(void)
{
	snprintf(path, sizeof(path), "/dev/shm/rb-fuzz-vring-%d", (int)getpid());
	if (t_inproc_open(&m, path, 1u << 20)) {
		fprintf(stderr, "fuzz-vring: set-up failed\n");
		abort();
	}
	ready = 1;
}

static void cleanup(void)
{
	unlink(path);
}

struct in {
	const uint8_t *p;
	size_t n;
};

static uint32_t take(struct in *in, size_t bytes)
{
	uint32_t v = 0;

	for (size_t i = 0; i < bytes; i++) {
		v |= (uint32_t)(in->n ? *in->p : 0) << (8 * i);
		if (in->n) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

/* Drain vring0 (replies) and check what the firmware returned on vring1. */
static void drain(void)
{
	struct lm_msg msg;
	uint8_t *used = m.vr[1] + m.used_off;
	uint16_t idx = *(volatile uint16_t *)(void *)(used + 2);

	while (lm_recv(&m, &msg, 0) == 1)
		;
	while (m.last_used[1] != idx) {
		uint32_t id;

		memcpy(&id, used + 4 + 8u * (m.last_used[1] & 255u), 4);
		if (id >= 256) {
			fprintf(stderr, "firmware returned descriptor %u on vring1\n", id);
			abort();
		}
		m.last_used[1]++;
	}
	if (m.bad_used || (rx_intact && (m.rx_dropped || m.ns_bad))) {
		fprintf(stderr, "firmware sent bad used entries or messages (%llu %llu %llu)\n",
			(unsigned long long)m.bad_used, (unsigned long long)m.rx_dropped,
			(unsigned long long)m.ns_bad);
		abort();
	}
}

static void write_desc(uint32_t q, uint8_t slot, uint64_t addr, uint32_t len, uint16_t flags)
{
	uint8_t *d = m.vr[q] + 16u * slot;

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memset(d + 14, 0, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};

	if (!ready) {
		setup();
		atexit(cleanup);
	}
	/* A fresh link: reset, probe again (rings zeroed, RX buffers posted). */
	lm_reset(&m);
	t_inproc_pump(1);
	/*
	 * Nothing may carry over from the previous input, or a crash would not
	 * reproduce from its own file: the firmware's state (mode, faults,
	 * deframers, peers, counters) starts afresh, and so do the buffers'
	 * contents (a TX buffer the input posts without writing it would
	 * otherwise still hold an earlier input's rpmsg header).
	 */
	if (rb_fw_init(NULL, 0))
		abort();
	memset(m.map + m.cfg.buf_pa[0], 0, LM_BUF_SIZE * m.cfg.num);
	memset(m.map + m.cfg.buf_pa[1], 0, LM_BUF_SIZE * m.cfg.num);
	m.tx_fresh = 0;
	m.ntx_free = 0;
	m.bad_used = m.rx_dropped = m.ns_bad = 0;
	rx_intact = true;
	if (lm_start(&m))
		abort();
	t_inproc_pump(1);
	drain();

	while (in.n) {
		uint32_t op = take(&in, 1);

		switch (op % 7) {
		case 0: { /* any vring1 descriptor; mostly inside the TX buffers */
			uint8_t slot = (uint8_t)take(&in, 1), mode = (uint8_t)take(&in, 1);
			uint32_t a = take(&in, 4), len = take(&in, 2);
			uint64_t addr = mode & 1 ? ((uint64_t)take(&in, 4) << 32 | a)
						 : m.cfg.buf_pa[1] + a % (256u * 512u);

			write_desc(1, slot, addr, mode & 2 ? len : len % 600u,
				   (uint16_t)(mode & 4 ? take(&in, 1) : 0));
			break;
		}
		case 1: /* push a head, any value */
			lm_post_head(&m, 1, (uint16_t)(op & 0x80 ? take(&in, 2) : take(&in, 1)));
			break;
		case 2: { /* move avail->idx of either ring */
			uint32_t q = (op >> 3) & 1;
			uint16_t by = (uint16_t)take(&in, 2);

			lm_set_avail_idx(&m, q, (uint16_t)(m.avail_idx[q] + by), false);
			if (q == 0 && by)
				rx_intact = false;
			break;
		}
		case 3: { /* bytes into a TX buffer: rpmsg header and payload */
			uint32_t slot = take(&in, 1), off = take(&in, 1) % 64u,
				 n = take(&in, 2) % 513u;
			uint8_t *buf = m.map + m.cfg.buf_pa[1] + 512u * slot;

			if (n > in.n)
				n = (uint32_t)in.n;
			if (off + n > 512u)
				n = 512u - off;
			memcpy(buf + off, in.p, n);
			in.p += n;
			in.n -= n;
			break;
		}
		case 4:
			t_inproc_pump(1 + (int)(take(&in, 1) % 4u));
			break;
		case 5:
			drain();
			break;
		case 6: { /* any vring0 (RX buffer) descriptor */
			uint8_t slot = (uint8_t)take(&in, 1);
			uint32_t a = take(&in, 4), len = take(&in, 2) % 1024u;
			uint64_t own = m.cfg.buf_pa[0] + 512u * slot;
			/* Odd a: its own buffer (any len, flags); even: anywhere around. */
			uint64_t addr = a & 1u ? own : m.cfg.buf_pa[0] + a % (256u * 512u + 4096u);

			write_desc(0, slot, addr, len, (uint16_t)take(&in, 1));
			if (addr != own)
				rx_intact = false;
			break;
		}
		}
	}
	t_inproc_pump(3);
	drain();
	return 0;
}
