/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port_host.c - port.h for the host build.
 *
 * Shared memory is a file mapped MAP_SHARED; every device address is a
 * physical address of the Linux side, translated to file offset da - base_pa
 * and bounds-checked against the file. The rb_shm.h control block stands in
 * for the i.MX Messaging Unit (doorbells) and the "rsc-table" region.
 *
 * Kicks are taken in the main loop (port_take_kicks), which writes l2r_ack:
 * while "interrupts are masked" (stall fault) nothing is acknowledged, so
 * the Linux side's kicks time out after RB_SHM_KICK_TIMEOUT_MS exactly as
 * imx_rproc's do when the M-core does not read RR1.
 *
 * Idle policy (port_wait_event), adaptive, because every send of the Linux
 * side waits for the acknowledgement of its kick (rb_vrproc, like imx_rproc's
 * blocking mailbox) and the acknowledgement latency bounds the message rate:
 *  - within HOST_SPIN_MS of the last activity (a kick taken, the end of a
 *    stall), busy-poll the doorbell: the ack follows the kick within a few
 *    hundred ns. On the 2-core hosts this runs on, QEMU's single vCPU thread
 *    has one core and the remote the other;
 *  - then, up to HOST_BUSY_MS, sleep in HOST_SLEEP_US steps (timer slack is
 *    cut to 1 us at port_init, else each step costs the default 50 us slack);
 *  - after that, HOST_SLEEP_LONG_US steps: an idle remote costs well under 1%
 *    of a core, and a kick is still acknowledged within about 1.1 ms, far
 *    inside Linux's 100 ms.
 * While a stall fault runs ("interrupts masked") kick_pending() is false and
 * port_take_kicks() takes nothing, so no kick is acknowledged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "port.h"
#include "rb_host.h"
#include "rb_rsc_table.h"
#include "rb_shm.h"

#define HOST_SPIN_MS	   5u
#define HOST_SLEEP_US	   20u
#define HOST_SLEEP_LONG_US 1000u
#define HOST_BUSY_MS	   50u

static struct {
	uint8_t *map;
	size_t size;
	uint64_t base_pa;
	volatile struct rb_shm_mbox *mbox;
	volatile uint8_t *rsc;
	uint32_t acked;	 /* last l2r_count acknowledged */
	uint32_t masked; /* port_irq_save depth */
	uint64_t last_kick_ns;
} host;

int rb_host_map(const char *path, uint64_t base_pa, uint64_t ctrl_pa)
{
	struct stat sb;
	void *p;
	int fd;

	fd = open(path, O_RDWR);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		int e = -errno;

		close(fd);
		return e;
	}
	if (ctrl_pa < base_pa || (uint64_t)sb.st_size < RB_SHM_CTRL_SIZE ||
	    ctrl_pa - base_pa > (uint64_t)sb.st_size - RB_SHM_CTRL_SIZE) {
		close(fd);
		return -EINVAL;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	host.map = p;
	host.size = (size_t)sb.st_size;
	host.base_pa = base_pa;
	host.mbox = (volatile struct rb_shm_mbox *)(void *)(host.map + (ctrl_pa - base_pa));
	host.rsc = host.map + (ctrl_pa - base_pa) + RB_SHM_RSC_OFFSET;
	return 0;
}

void rb_host_unmap(void)
{
	if (!host.map)
		return;
	host.mbox->remote_ready = 0;
	host.mbox->magic = 0;
	munmap(host.map, host.size);
	host.map = NULL;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int port_init(void)
{
	const uint8_t *t = (const uint8_t *)&rb_rsc_table;

	if (!host.map)
		return -ENODEV;
	_Static_assert(sizeof(rb_rsc_table) <= RB_SHM_RSC_MAX, "table fits the rsc-table region");
	host.mbox->magic = 0;
	host.mbox->remote_ready = 0;
	__sync_synchronize();
	/* The live table, as NXP's copyResourceTable() does for attach mode. */
	for (size_t i = 0; i < sizeof(rb_rsc_table); i++)
		host.rsc[i] = t[i];
	host.mbox->version = RB_SHM_VERSION;
	host.mbox->remote_pid = (uint32_t)getpid();
	host.mbox->r2l_count = 0;
	/* Kicks rung before we started are taken as already seen. */
	host.acked = host.mbox->l2r_count;
	host.mbox->l2r_ack = host.acked;
	/* The Linux side reads the table only after it sees ready and magic. */
	__sync_synchronize();
	host.mbox->remote_ready = RB_SHM_READY;
	__sync_synchronize();
	host.mbox->magic = RB_SHM_MAGIC;
	host.last_kick_ns = mono_ns();
	/* Sleep steps of HOST_SLEEP_US, not HOST_SLEEP_US + 50 us (prctl(2) PR_SET_TIMERSLACK). */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
	return 0;
}

const char *port_board_name(void)
{
	return RB_BOARD_NAME;
}

uint32_t port_core_clock_hz(void)
{
	return 0;
}

void *port_da_to_va(uint64_t da, size_t len)
{
	uint64_t off;

	if (!host.map || da < host.base_pa)
		return NULL;
	off = da - host.base_pa;
	if (off > host.size || len > host.size - off)
		return NULL;
	return host.map + off;
}

uint64_t port_va_to_da(const void *va)
{
	return host.base_pa + (uint64_t)((const uint8_t *)va - host.map);
}

volatile void *port_rsc_table_live(void)
{
	return host.rsc;
}

void port_notify(uint32_t vqid)
{
	host.mbox->r2l_vqid = vqid;
	/* The Linux side reads r2l_vqid after it sees r2l_count move. */
	__sync_synchronize();
	host.mbox->r2l_count = host.mbox->r2l_count + 1u;
}

uint32_t port_take_kicks(void)
{
	uint32_t count, vqid;

	if (host.masked)
		return 0;
	count = host.mbox->l2r_count;
	if (count == host.acked)
		return 0;
	/* Linux wrote l2r_vqid before bumping l2r_count. */
	__sync_synchronize();
	vqid = host.mbox->l2r_vqid;
	host.acked = count;
	/* "RR1 read": Linux's blocked kick completes (its TE1). */
	host.mbox->l2r_ack = count;
	host.last_kick_ns = mono_ns();
	return 1u << (vqid & 31u);
}

/* A spin-wait hint: lets the sibling hyperthread run, saves power. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
}

static int kick_pending(void)
{
	return !host.masked && host.mbox->l2r_count != host.acked;
}

void port_wait_event(uint32_t max_us)
{
	uint64_t start = mono_ns(), end = start + (uint64_t)max_us * 1000u;
	uint64_t now = start, step, since = now - host.last_kick_ns;

	/* Traffic flows: poll until HOST_SPIN_MS after the last activity. */
	if (since < (uint64_t)HOST_SPIN_MS * 1000000u) {
		uint64_t poll_end = host.last_kick_ns + (uint64_t)HOST_SPIN_MS * 1000000u;

		while (now < end && now < poll_end) {
			if (kick_pending())
				return;
			cpu_relax();
			now = mono_ns();
		}
		since = now - host.last_kick_ns;
	}
	step = since < (uint64_t)HOST_BUSY_MS * 1000000u ? HOST_SLEEP_US : HOST_SLEEP_LONG_US;
	while (now < end) {
		struct timespec ts = {0, (long)(step * 1000u)};

		if (kick_pending())
			return;
		nanosleep(&ts, NULL);
		now = mono_ns();
	}
}

uint32_t port_irq_save(void)
{
	return host.masked++;
}

void port_irq_restore(uint32_t state)
{
	host.masked = state;
	/* The end of a stall is activity: the kicks it held back are taken at once. */
	if (!state)
		host.last_kick_ns = mono_ns();
}

void port_cache_clean(const volatile void *p, size_t len)
{
	(void)p;
	(void)len;
}

void port_cache_invalidate(const volatile void *p, size_t len)
{
	(void)p;
	(void)len;
}

/*
 * The other side is another process on a coherent CPU; a full fence orders
 * both compiler and CPU (x86 needs it only for store->load: port_mb).
 */
void port_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void port_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

void port_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

uint64_t port_ticks(void)
{
	return mono_ns();
}

uint32_t port_ticks_hz(void)
{
	return 1000000000u;
}

uint8_t port_ticks_source(void)
{
	return RB_TS_HOST_MONO;
}

void port_delay_us(uint32_t us)
{
	uint64_t end = mono_ns() + (uint64_t)us * 1000u;

	/* A busy wait, as on the M-core with interrupts masked (no ack meanwhile). */
	while (mono_ns() < end)
		;
}

void port_console_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stderr);
}

_Noreturn void port_exit(int code)
{
	exit(code);
}
