/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_host.h - set-up of the host port before port_init().
 */
#ifndef RB_HOST_H
#define RB_HOST_H

#include <stdint.h>

/*
 * Map `path` shared; file offset 0 is physical address base_pa; the rb_shm.h
 * control block sits at ctrl_pa. Returns 0, -errno from open/fstat/mmap, or
 * -EINVAL when the control block does not fit in the file.
 */
int rb_host_map(const char *path, uint64_t base_pa, uint64_t ctrl_pa);

/* Undo rb_host_map() (clears remote_ready and magic so the Linux side sees the remote gone). */
void rb_host_unmap(void);

/*
 * Delay from link-up to the second name-service announcement in ms (0: none);
 * defined by the echo core (rb_echo.c), default RB_CFG_NS_REANNOUNCE_MS. Set it
 * before link-up.
 */
extern uint32_t rb_echo_ns_reannounce_ms;

#endif /* RB_HOST_H */
