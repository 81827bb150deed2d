/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine_uring.c - the io_uring engine (liburing): a poll per fd, one
 * absolute timeout for the deadline, one submission per wait.
 *
 * The cost to watch is an armed poll. It sits on the file's wait queues,
 * and each wake-up of them runs io_uring's poll callback and queues task
 * work to the ring's task (6.1 io_uring/poll.c: io_poll_wake ->
 * __io_poll_execute -> io_req_task_work_add). In a flood the loop makes a
 * write() per message while the peer's echoes keep waking the tty, so a
 * poll left armed through a burst of writes costs throughput:
 *   - without IORING_SETUP_DEFER_TASKRUN the queued task work ran at every
 *     write(): a multishot poll cost ~8 % of the flood's throughput against
 *     ppoll();
 *   - with it (6.1, with IORING_SETUP_SINGLE_ISSUER; task work runs only
 *     when the task enters io_uring with IORING_ENTER_GETEVENTS) the
 *     multishot poll still cost 3 % (median of 14 alternating pairs of
 *     300,000-message floods on a PTY, docs/benchmark.md).
 * So POLLIN is a one-shot poll, armed at each wait and gone from the queue
 * once it fires, as a ppoll() waiter is; the re-arm goes to the kernel in
 * the wait's own system call. DEFER_TASKRUN is still asked for where the
 * kernel has it: it keeps the closed-loop round trip about 1 % lower
 * (docs/benchmark.md). (Upstream commit c0e0d6ba25f1 "io_uring: add
 * IORING_SETUP_DEFER_TASKRUN"; io_uring_setup(2).)
 *
 * Kernel facts (io_uring/io_uring.c __io_file_supports_nowait and io_uring/rw.c in 6.1;
 * io_uring_enter(2), io_uring_setup(2)):
 *   - IORING_OP_POLL_ADD (5.1) completes once with the ready events.
 *   - IORING_OP_TIMEOUT with IORING_TIMEOUT_ABS measures on CLOCK_MONOTONIC
 *     (IORING_TIMEOUT_BOOTTIME/REALTIME are the only other choices), so a
 *     deadline on CLOCK_MONOTONIC_RAW is translated just before submission;
 *     the two clocks differ by NTP slewing only (ppm), negligible over one wait.
 *   - Timeouts complete with -ETIME, or -ECANCELED when removed.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "engine.h"

enum {
	TAG_IN = 1,	 /* one-shot POLLIN of fd `id`, generation in the high bits */
	TAG_OUT = 2,	 /* one-shot POLLOUT of fd `id` */
	TAG_TIMEOUT = 3, /* the deadline timer, generation in the high bits */
	TAG_REMOVE = 4,	 /* removal of an outdated timer */
};

#define UD(tag, id, gen) ((uint64_t)(tag) | ((uint64_t)(id) << 8) | ((uint64_t)(gen) << 16))
#define UD_TAG(u)	 ((unsigned)((u)&0xff))
#define UD_ID(u)	 ((int)(((u) >> 8) & 0xff))
#define UD_GEN(u)	 ((u) >> 16)

struct uring_priv {
	struct io_uring ring;
	bool defer; /* IORING_SETUP_DEFER_TASKRUN took */
	bool in_armed[RB_ENGINE_MAX_FDS];
	uint64_t in_gen[RB_ENGINE_MAX_FDS]; /* generation of fd id's POLLIN request */
	bool out_armed[RB_ENGINE_MAX_FDS];
	bool tmo_armed;
	rb_ns tmo_deadline;	     /* deadline (RB clock) of the armed timer */
	uint64_t tmo_gen;	     /* generation of the armed timer */
	struct __kernel_timespec ts; /* read by the kernel at submission */
};

static struct io_uring_sqe *get_sqe(struct uring_priv *p)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&p->ring);

	if (!sqe) {
		/* Ring full of unsubmitted entries: push them out and try again. */
		io_uring_submit(&p->ring);
		sqe = io_uring_get_sqe(&p->ring);
	}
	return sqe;
}

/* Queue the poll requests that the interest asks for and that are not armed. */
static int arm(struct rb_engine *e, int id)
{
	struct uring_priv *p = e->priv;
	struct io_uring_sqe *sqe;

	if ((e->want[id] & RB_EV_IN) && !p->in_armed[id]) {
		sqe = get_sqe(p);
		if (!sqe)
			return -EBUSY;
		io_uring_prep_poll_add(sqe, e->fds[id], POLLIN);
		io_uring_sqe_set_data64(sqe, UD(TAG_IN, id, p->in_gen[id]));
		p->in_armed[id] = true;
	}
	if ((e->want[id] & RB_EV_OUT) && !p->out_armed[id]) {
		sqe = get_sqe(p);
		if (!sqe)
			return -EBUSY;
		io_uring_prep_poll_add(sqe, e->fds[id], POLLOUT);
		io_uring_sqe_set_data64(sqe, UD(TAG_OUT, id, 0));
		p->out_armed[id] = true;
	}
	return 0;
}

static int uring_add(struct rb_engine *e, int id)
{
	return arm(e, id);
}

static int uring_modify(struct rb_engine *e, int id)
{
	struct uring_priv *p = e->priv;
	struct io_uring_sqe *sqe;

	/*
	 * POLLIN no longer wanted (the fd may be about to be closed): remove
	 * the armed request and start a new generation, so that whatever the
	 * old one still completes is ignored, and interest given back later
	 * arms a fresh request. A dropped POLLOUT is left to fire; its CQE is
	 * then ignored.
	 */
	if (!(e->want[id] & RB_EV_IN) && p->in_armed[id]) {
		sqe = get_sqe(p);
		if (!sqe)
			return -EBUSY;
		io_uring_prep_poll_remove(sqe, UD(TAG_IN, id, p->in_gen[id]));
		io_uring_sqe_set_data64(sqe, UD(TAG_REMOVE, 0, 0));
		p->in_gen[id]++;
		p->in_armed[id] = false;
	}
	return arm(e, id);
}

static int set_timer(struct uring_priv *p, rb_ns deadline)
{
	struct io_uring_sqe *sqe;
	rb_ns raw, mono, abs;

	/*
	 * An armed timer that fires no later than the deadline is kept: waking
	 * early only makes the loop look again, and a closed loop, whose
	 * deadline (the loss timeout of the message in flight) moves later with
	 * every message, would otherwise pay a remove and an add per wait.
	 */
	if (p->tmo_armed && p->tmo_deadline <= deadline)
		return 0;
	if (p->tmo_armed) {
		sqe = get_sqe(p);
		if (!sqe)
			return -EBUSY;
		io_uring_prep_timeout_remove(sqe, UD(TAG_TIMEOUT, 0, p->tmo_gen), 0);
		io_uring_sqe_set_data64(sqe, UD(TAG_REMOVE, 0, 0));
		p->tmo_armed = false;
	}
	sqe = get_sqe(p);
	if (!sqe)
		return -EBUSY;
	raw = rb_mono_ns();
	mono = rb_now_ns(CLOCK_MONOTONIC);
	abs = deadline > raw ? mono + (deadline - raw) : mono;
	p->ts.tv_sec = (long long)(abs / RB_NS_PER_S);
	p->ts.tv_nsec = (long long)(abs % RB_NS_PER_S);
	io_uring_prep_timeout(sqe, &p->ts, 0, IORING_TIMEOUT_ABS);
	p->tmo_gen++;
	io_uring_sqe_set_data64(sqe, UD(TAG_TIMEOUT, 0, p->tmo_gen));
	p->tmo_armed = true;
	p->tmo_deadline = deadline;
	return 0;
}

static int uring_wait(struct rb_engine *e, rb_ns deadline, struct rb_event *ev, int max)
{
	struct uring_priv *p = e->priv;
	unsigned ready[RB_ENGINE_MAX_FDS] = {0};
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	bool wait = true;
	int ret, n = 0;

again:
	for (int id = 0; id < e->nfds; id++) {
		ret = arm(e, id);
		if (ret)
			return ret;
	}
	if (deadline != UINT64_MAX) {
		if (deadline <= rb_mono_ns())
			wait = false;
		else if ((ret = set_timer(p, deadline)))
			return ret;
	}
	/*
	 * Every re-arm and the timer go to the kernel in one system call; both
	 * calls enter with IORING_ENTER_GETEVENTS, which runs deferred task work.
	 */
	ret = wait ? io_uring_submit_and_wait(&p->ring, 1)
		   : io_uring_submit_and_get_events(&p->ring);
	if (ret < 0)
		return ret;

	io_uring_for_each_cqe(&p->ring, head, cqe)
	{
		uint64_t ud = io_uring_cqe_get_data64(cqe);
		int id = UD_ID(ud);

		seen++;
		switch (UD_TAG(ud)) {
		case TAG_IN:
			if (UD_GEN(ud) != p->in_gen[id])
				break; /* a removed generation that fired first */
			p->in_armed[id] = false;
			/*
			 * Removed (-ECANCELED) or no longer wanted: nothing to
			 * report; the next wait re-arms it if it is wanted again.
			 */
			if (!(e->want[id] & RB_EV_IN) || cqe->res == -ECANCELED)
				break;
			if (cqe->res < 0) {
				/* The poll could not be armed (e.g. EBADF): report as an error. */
				ready[id] |= RB_EV_ERR;
				break;
			}
			if (cqe->res & POLLIN)
				ready[id] |= RB_EV_IN;
			if (cqe->res & (POLLERR | POLLHUP | POLLNVAL))
				ready[id] |= RB_EV_ERR;
			break;
		case TAG_OUT:
			p->out_armed[id] = false;
			if (!(e->want[id] & RB_EV_OUT) || cqe->res == -ECANCELED)
				break;
			if (cqe->res < 0 || (cqe->res & (POLLERR | POLLHUP | POLLNVAL)))
				ready[id] |= RB_EV_ERR;
			else if (cqe->res & POLLOUT)
				ready[id] |= RB_EV_OUT;
			break;
		case TAG_TIMEOUT:
			if (UD_GEN(ud) == p->tmo_gen)
				p->tmo_armed = false;
			break;
		default:
			break;
		}
	}
	io_uring_cq_advance(&p->ring, seen);

	for (int id = 0; id < e->nfds && n < max; id++) {
		if (!ready[id])
			continue;
		ev[n].id = id;
		ev[n].events = ready[id];
		n++;
	}
	/*
	 * Woken with nothing to report before the deadline (a removed poll's
	 * CQE, an earlier timer that was kept): wait again, re-arming.
	 */
	if (!n && wait && (deadline == UINT64_MAX || rb_mono_ns() < deadline)) {
		seen = 0;
		goto again;
	}
	return n;
}

static void uring_close(struct rb_engine *e)
{
	struct uring_priv *p = e->priv;

	if (!p)
		return;
	io_uring_queue_exit(&p->ring);
	free(p);
}

static const struct rb_engine_ops uring_ops = {
	.add = uring_add,
	.modify = uring_modify,
	.wait = uring_wait,
	.close = uring_close,
};

int rb_engine_uring_open(struct rb_engine *e, bool defer, char *err, size_t errlen)
{
	struct uring_priv *p = calloc(1, sizeof(*p));
	struct io_uring_params par = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	};
	struct io_uring_probe *probe;
	int ret;

	if (!p) {
		snprintf(err, errlen, "io_uring: out of memory");
		return -ENOMEM;
	}
	/* The loop is one thread, as SINGLE_ISSUER requires; before 6.1: EINVAL. */
	ret = defer ? io_uring_queue_init_params(64, &p->ring, &par) : -EINVAL;
	p->defer = ret == 0;
	if (ret == -EINVAL)
		ret = io_uring_queue_init(64, &p->ring, 0);
	if (ret < 0) {
		snprintf(err, errlen, "io_uring_queue_init: %s%s", strerror(-ret),
			 ret == -ENOSYS	 ? " (no io_uring: old kernel or user-mode emulation)"
			 : ret == -EPERM ? " (disabled: kernel.io_uring_disabled or seccomp)"
					 : "");
		free(p);
		return ret;
	}
	/* Poll and timeout requests are what this engine needs; without them, poll(). */
	probe = io_uring_get_probe_ring(&p->ring);
	if (!probe || !io_uring_opcode_supported(probe, IORING_OP_POLL_ADD) ||
	    !io_uring_opcode_supported(probe, IORING_OP_TIMEOUT) ||
	    !io_uring_opcode_supported(probe, IORING_OP_POLL_REMOVE)) {
		snprintf(err, errlen, "io_uring: kernel lacks POLL_ADD/TIMEOUT");
		if (probe)
			io_uring_free_probe(probe);
		io_uring_queue_exit(&p->ring);
		free(p);
		return -EOPNOTSUPP;
	}
	io_uring_free_probe(probe);
	snprintf(e->detail, sizeof(e->detail), "%s",
		 p->defer ? "deferred task work, one-shot polls"
		 : defer  ? "one-shot polls (no IORING_SETUP_DEFER_TASKRUN: kernel before 6.1)"
			  : "one-shot polls");
	e->priv = p;
	e->ops = &uring_ops;
	e->kind = RB_ENGINE_URING;
	return 0;
}
