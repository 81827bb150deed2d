/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine_poll.c - the ppoll(2) engine: the fallback where io_uring cannot
 * run (old kernels, io_uring_disabled, seccomp, qemu-user).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

struct poll_priv {
	struct pollfd pfd[RB_ENGINE_MAX_FDS];
};

static short to_poll(unsigned ev)
{
	return (short)(((ev & RB_EV_IN) ? POLLIN : 0) | ((ev & RB_EV_OUT) ? POLLOUT : 0));
}

static int poll_add(struct rb_engine *e, int id)
{
	struct poll_priv *p = e->priv;

	p->pfd[id].fd = e->fds[id];
	p->pfd[id].events = to_poll(e->want[id]);
	return 0;
}

static int poll_modify(struct rb_engine *e, int id)
{
	struct poll_priv *p = e->priv;

	p->pfd[id].events = to_poll(e->want[id]);
	/*
	 * No interest at all: stop polling the fd (it may be closed). poll(2)
	 * ignores a negative fd; with events 0 it would still report POLLNVAL.
	 */
	p->pfd[id].fd = e->want[id] ? e->fds[id] : -1;
	return 0;
}

static int poll_wait(struct rb_engine *e, rb_ns deadline, struct rb_event *ev, int max)
{
	struct poll_priv *p = e->priv;
	struct timespec ts, *tsp = NULL;
	int r, n = 0;

	if (deadline != UINT64_MAX) {
		rb_ns now = rb_mono_ns();

		/* ppoll takes a relative time; computed just before the call. */
		ts = rb_ns_to_timespec(deadline > now ? deadline - now : 0);
		tsp = &ts;
	}
	r = ppoll(p->pfd, (nfds_t)e->nfds, tsp, NULL);
	if (r < 0)
		return -errno;
	for (int i = 0; i < e->nfds && n < max && r > 0; i++) {
		short re = p->pfd[i].revents;
		unsigned out = 0;

		if (!re)
			continue;
		r--;
		if (re & POLLIN)
			out |= RB_EV_IN;
		if (re & POLLOUT)
			out |= RB_EV_OUT;
		if (re & (POLLERR | POLLHUP | POLLNVAL))
			out |= RB_EV_ERR;
		ev[n].id = i;
		ev[n].events = out;
		n++;
	}
	return n;
}

static void poll_close(struct rb_engine *e)
{
	free(e->priv);
}

static const struct rb_engine_ops poll_ops = {
	.add = poll_add,
	.modify = poll_modify,
	.wait = poll_wait,
	.close = poll_close,
};

int rb_engine_poll_open(struct rb_engine *e, char *err, size_t errlen)
{
	e->priv = calloc(1, sizeof(struct poll_priv));
	if (!e->priv) {
		snprintf(err, errlen, "poll engine: out of memory");
		return -ENOMEM;
	}
	e->ops = &poll_ops;
	e->kind = RB_ENGINE_POLL;
	if (!e->detail[0])
		snprintf(e->detail, sizeof(e->detail), "requested");
	return 0;
}
