/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.h - the I/O engines of the run loop: readiness of the endpoints'
 * fds (and the kernel log's), and a wait until an absolute deadline.
 *
 * The run loop does its own read()/write() on O_NONBLOCK fds; an engine only
 * says which fds became ready and sleeps until the next deadline (a paced
 * send, a loss timeout, an interval boundary). Two engines:
 *
 *   io_uring  one IORING_OP_POLL_ADD per fd, one-shot and armed at each
 *             wait (engine_uring.c says why; deferred task work on 6.1+),
 *             one IORING_OP_TIMEOUT with IORING_TIMEOUT_ABS for the
 *             deadline, all submitted in one io_uring_submit_and_wait()
 *             per wait. Why poll
 *             and not reads (io_uring/io_uring.c, io_uring/rw.c, 6.1): neither
 *             tty nor rpmsg char files have FMODE_NOWAIT, so IORING_OP_READ
 *             on them would be punted to an io-wq worker unless O_NONBLOCK,
 *             and READ_MULTISHOT fails on them; poll + read() until EAGAIN
 *             works on every kernel with io_uring. Why not writes: an
 *             io_uring write to a full O_NONBLOCK tty does not fail with
 *             EAGAIN but waits for POLLOUT (seen on 6.18), which rpmsg char
 *             never reports, and unlinked writes may overtake each other
 *             (docs/benchmark.md, "I/O engines").
 *   poll      ppoll(2) with a nanosecond timeout: old kernels, io_uring
 *             disabled by sysctl (EPERM) or seccomp, qemu-user (ENOSYS).
 *
 * POLLOUT is asked for only on ttys (n_tty_poll reports it while write_room
 * > 0): rpmsg char nodes on virtio never report POLLOUT (rpmsg_core.c
 * rpmsg_poll without ept->ops->poll, rpmsg_core.c), so a char write that hit EAGAIN
 * is retried on a timer by the run loop instead.
 */
#ifndef RB_ENGINE_H
#define RB_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "rbtime.h"

#define RB_ENGINE_MAX_FDS 16

enum rb_engine_kind {
	RB_ENGINE_AUTO = 0, /* io_uring unless it cannot be set up, then poll */
	RB_ENGINE_URING,
	RB_ENGINE_POLL,
};

/* Readiness bits. */
#define RB_EV_IN  0x1u
#define RB_EV_OUT 0x2u
#define RB_EV_ERR 0x4u /* POLLERR/POLLHUP/POLLNVAL: the device is gone or broken */

struct rb_event {
	int id;		 /* what rb_engine_add() returned */
	unsigned events; /* RB_EV_* */
};

struct rb_engine;

struct rb_engine_ops {
	int (*add)(struct rb_engine *e, int id);
	int (*modify)(struct rb_engine *e, int id);
	int (*wait)(struct rb_engine *e, rb_ns deadline, struct rb_event *ev, int max);
	void (*close)(struct rb_engine *e);
};

struct rb_engine {
	enum rb_engine_kind kind; /* the engine that runs: RB_ENGINE_URING or RB_ENGINE_POLL */
	const struct rb_engine_ops *ops;
	void *priv;
	int nfds;
	int fds[RB_ENGINE_MAX_FDS];
	unsigned want[RB_ENGINE_MAX_FDS]; /* RB_EV_IN / RB_EV_OUT interest */
	char fallback[160];		  /* why io_uring was not used under AUTO, "" otherwise */
	char detail[200];		  /* how it runs, for the report: io_uring's set-up, or why poll */
};

/*
 * Set up engine `want`. With RB_ENGINE_AUTO, io_uring is tried first and a
 * failure (ENOSYS under qemu-user, EPERM when kernel.io_uring_disabled or
 * seccomp forbid it, ENOMEM under a small RLIMIT_MEMLOCK on old kernels)
 * falls back to poll with the reason in e->fallback. Returns 0, or -errno
 * when the requested engine cannot be set up (message in err).
 */
int rb_engine_open(struct rb_engine *e, enum rb_engine_kind want, char *err, size_t errlen);

/*
 * Watch `fd` for `events` (RB_EV_IN | RB_EV_OUT). Returns its id (>= 0), or
 * -ENOSPC (RB_ENGINE_MAX_FDS reached) or -errno from the engine.
 */
int rb_engine_add(struct rb_engine *e, int fd, unsigned events);

/* Change the interest of `id`. Returns 0 or -errno. Cheap when unchanged. */
int rb_engine_modify(struct rb_engine *e, int id, unsigned events);

/*
 * Wait until an fd is ready or the clock (RB_CLOCK_DEFAULT) reaches
 * `deadline` (UINT64_MAX: no deadline; a past deadline only collects what is
 * ready now). Writes up to `max` events. Returns how many (0 on deadline),
 * -EINTR when a signal arrived, or another -errno.
 */
int rb_engine_wait(struct rb_engine *e, rb_ns deadline, struct rb_event *ev, int max);

/* Release the engine; safe on a zeroed or closed engine. */
void rb_engine_close(struct rb_engine *e);

/* "io_uring", "poll" or "auto". */
const char *rb_engine_name(enum rb_engine_kind k);

/* Parse "auto", "io_uring" (or "uring"), "poll". Returns 0 or -EINVAL. */
int rb_engine_parse(const char *s, enum rb_engine_kind *k);

/*
 * Engine constructors (engine_uring.c, engine_poll.c); used by rb_engine_open.
 * rb_engine_uring_open() with `defer` asks for deferred task work
 * (IORING_SETUP_DEFER_TASKRUN), which kernels before 6.1 lack; without it,
 * it sets up a plain ring (the tests use this to run both). Polls are
 * one-shot either way.
 */
int rb_engine_uring_open(struct rb_engine *e, bool defer, char *err, size_t errlen);
int rb_engine_poll_open(struct rb_engine *e, char *err, size_t errlen);

#endif /* RB_ENGINE_H */
