/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_fw.h - entry points of the echo firmware (portable main loop).
 *
 * A board port either calls rb_fw_main() from its reset handler (after the C
 * runtime is up; it calls port_init() itself and never returns), or drives the
 * firmware itself as the host build does:
 *
 *	port_init();                       (port-specific set-up first)
 *	rb_fw_init(channels, n);           (NULL, 0: the config.h default list)
 *	for (;;)
 *		if (!rb_fw_poll())
 *			port_wait_event(rb_fw_next_wait_us());
 *
 * The firmware keeps all state in static storage (no heap). Symbols a port
 * must provide: everything in port/port.h, and memcpy/memset/memmove/strlen in
 * freestanding builds (newlib's libc.a, or the port's own).
 */
#ifndef RB_FW_H
#define RB_FW_H

#include <stddef.h>
#include <stdint.h>

#include "rb_echo.h"
#include "rb_proto.h"

/* The default channel list (config.h RB_CFG_CHANNELS) and its length. */
extern const struct rb_channel rb_fw_default_channels[];
extern const uint32_t rb_fw_default_nchannels;

/*
 * Initialise the stack and the echo core with n channels (NULL: defaults).
 * The channel array must stay valid while the firmware runs. Returns 0 or
 * -EINVAL (too many channels, duplicate address, address 53).
 */
int rb_fw_init(const struct rb_channel *ch, uint32_t n);

/*
 * One pass of the main loop: take kicks, bring the link up, handle Linux's
 * messages (at most RB_CFG_RX_BUDGET), timed work, notifications. Returns the
 * number of messages handled or sent (0: idle, the caller may wait).
 */
int rb_fw_poll(void);

/* How long the caller may wait for an event before the next rb_fw_poll(), in microseconds. */
uint32_t rb_fw_next_wait_us(void);

/* The counters (live; copy them to report). */
const struct rb_stats *rb_fw_stats(void);

/* True once the link to Linux is up. */
int rb_fw_link_up(void);

/* port_init(), rb_fw_init(NULL, 0), then poll and wait forever. */
_Noreturn void rb_fw_main(void);

#endif /* RB_FW_H */
