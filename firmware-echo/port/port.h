/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * port.h - the narrow hardware seam of the echo firmware.
 *
 * The rpmsg/virtio stack (firmware-echo/rpmsg/) and the echo core
 * (firmware-echo/echo/) are portable C; everything that differs between an
 * i.MX M-core, an emulated MPS2 board and the host build sits behind these
 * functions, one implementation per directory under firmware-echo/port/.
 *
 * Conventions: functions that can fail return 0 or a negative errno value.
 * Anything a port reads from shared memory is data from the other side and is
 * checked by the caller, never trusted.
 */
#ifndef RB_PORT_H
#define RB_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Board bring-up once the C runtime is ready (clocks, console, MU, timer). */
int port_init(void);

/* Short port name reported in rb_info.board, e.g. "imx8mp-m7", "host". */
const char *port_board_name(void);

/* Core clock in Hz, 0 when unknown. */
uint32_t port_core_clock_hz(void);

/*
 * Shared memory. Device addresses (da) are the addresses Linux writes into the
 * resource table and the vring descriptors. port_da_to_va() returns NULL when
 * [da, da + len) is not entirely inside the region shared with Linux; callers
 * count that as a bad descriptor and skip it.
 */
void *port_da_to_va(uint64_t da, size_t len);
uint64_t port_va_to_da(const void *va);

/*
 * The resource table Linux reads and writes at run time (vdev status, vring
 * da, features): the BSP's "rsc-table" region on i.MX8M, the firmware's own
 * .resource_table section otherwise, a fixed offset of the shared file on the
 * host. The port copies the firmware's table there in port_init() when the
 * board uses such a region (attach mode, as NXP's copyResourceTable() does).
 */
volatile void *port_rsc_table_live(void);

/*
 * Notifications. port_notify() tells Linux that vring `vqid` has news
 * (i.MX: MU TR1 = vqid << 16 once TE1 is set). Kicks from Linux are taken by
 * the port's interrupt handler (i.MX: read RR1 promptly, or Linux logs
 * "imx_rproc_kick: failed (.., err:-62)") and collected as a bitmask of vqids
 * that port_take_kicks() returns and clears.
 */
void port_notify(uint32_t vqid);
uint32_t port_take_kicks(void);

/* Sleep until a kick may have arrived or max_us has passed (WFI, or polling). */
void port_wait_event(uint32_t max_us);

/* Interrupt masking (PRIMASK on Cortex-M; the kick poller on the host). */
uint32_t port_irq_save(void);
void port_irq_restore(uint32_t state);

/* Cache maintenance for shared memory; no-ops where memory is coherent. */
void port_cache_clean(const volatile void *p, size_t len);
void port_cache_invalidate(const volatile void *p, size_t len);

/* Memory barriers ordering shared-memory accesses against the other core. */
void port_mb(void);
void port_rmb(void);
void port_wmb(void);

/* Timestamps: free-running ticks, their rate, and their enum rb_ts_source. */
uint64_t port_ticks(void);
uint32_t port_ticks_hz(void);
uint8_t port_ticks_source(void);

/* Busy-wait at least `us` microseconds (used for the stall fault, with IRQs masked). */
void port_delay_us(uint32_t us);

/* Debug console (board UART, semihosting or stderr). */
void port_console_write(const char *s, size_t n);

/* Stop the firmware with a status (QEMU semihosting exit, exit() on the host). */
_Noreturn void port_exit(int code);

#endif /* RB_PORT_H */
