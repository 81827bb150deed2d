/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * inproc.h - the host firmware and the Linux model in one process and one
 * thread: the model's kicks do not wait (kick_wait false) and the caller
 * runs the firmware with t_inproc_pump(). Used by the protocol agreement
 * test, the fuzz target and the instruction-count benchmark.
 */
#ifndef INPROC_H
#define INPROC_H

#include <stddef.h>

#include "linux_model.h"

/*
 * Create (or truncate) `path` with `size` bytes, map it for the firmware
 * (host port, base 0, control block at 0) and for the model, start both and
 * take the first name-service announcements. Returns 0 or a negative errno.
 */
int t_inproc_open(struct lm *m, const char *path, size_t size);

/* Run the firmware's main loop n times. */
void t_inproc_pump(int n);

/* Receive one message, pumping the firmware until it arrives (at most 1000 passes). */
int t_inproc_recv(struct lm *m, struct lm_msg *msg);

/* Tear down (unmaps, unlinks path). */
void t_inproc_close(struct lm *m, const char *path);

#endif /* INPROC_H */
