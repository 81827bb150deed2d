/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-engine - the I/O engines on pipes: a wait ends at its deadline with
 * no event, readiness is reported for the right fd every time (the io_uring
 * polls are re-armed at each wait), a dropped interest reports nothing and
 * a restored one works again, a closed writer is reported. Run for poll(),
 * io_uring with deferred task work and io_uring without it (what kernels
 * before 6.1 get).
 *
 * Exit status 0, 1 on a failed check, 77 when io_uring cannot be set up here
 * (the poll() checks still ran and passed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "t_check.h"

#define MS RB_NS_PER_MS

static void put(int fd)
{
	T_CHECK(write(fd, "x", 1) == 1, "write: %s", strerror(errno));
}

static void drain(int fd)
{
	char b[64];

	while (read(fd, b, sizeof(b)) > 0)
		;
}

/* Wait up to `ms`; returns the events (0: none) of `id`, or -1 for another id. */
static int wait_for(struct rb_engine *e, int id, unsigned ms, int *n_out)
{
	struct rb_event ev[RB_ENGINE_MAX_FDS];
	int n = rb_engine_wait(e, rb_mono_ns() + ms * MS, ev, RB_ENGINE_MAX_FDS);

	*n_out = n;
	if (n < 0)
		return 0;
	for (int k = 0; k < n; k++)
		if (ev[k].id != id)
			return -1;
	return n ? (int)ev[0].events : 0;
}

static void run(struct rb_engine *e, const char *name)
{
	int a[2], b[2], ida, idb, n, evs;
	rb_ns t0;

	T_CHECK(!pipe2(a, O_NONBLOCK | O_CLOEXEC) && !pipe2(b, O_NONBLOCK | O_CLOEXEC), "pipes");
	ida = rb_engine_add(e, a[0], RB_EV_IN);
	idb = rb_engine_add(e, b[0], RB_EV_IN);
	T_CHECK(ida >= 0 && idb >= 0 && ida != idb, "%s: add: %d %d", name, ida, idb);

	/* Nothing ready: the wait ends at the deadline, not before. */
	t0 = rb_mono_ns();
	wait_for(e, ida, 30, &n);
	T_CHECK(n == 0, "%s: idle wait: %d events", name, n);
	T_CHECK(rb_mono_ns() - t0 >= 30 * MS, "%s: idle wait ended after %llu ns", name,
		(unsigned long long)(rb_mono_ns() - t0));

	/* Readiness, five times over: a poll that fired must be armed again. */
	for (int i = 0; i < 5; i++) {
		put(a[1]);
		evs = wait_for(e, ida, 5000, &n);
		T_CHECK(n == 1 && (evs & RB_EV_IN), "%s: round %d: %d events, 0x%x", name, i, n,
			(unsigned)evs);
		drain(a[0]);
	}
	put(b[1]);
	evs = wait_for(e, idb, 5000, &n);
	T_CHECK(n == 1 && (evs & RB_EV_IN), "%s: second fd: %d events, 0x%x", name, n,
		(unsigned)evs);
	drain(b[0]);

	/* A past deadline collects what is ready now and does not block. */
	wait_for(e, ida, 0, &n);
	T_CHECK(n == 0, "%s: past deadline: %d events", name, n);

	/* No interest: data waits unreported; interest back: it is reported. */
	T_CHECK(rb_engine_modify(e, ida, 0) == 0, "%s: modify to none", name);
	put(a[1]);
	wait_for(e, ida, 30, &n);
	T_CHECK(n == 0, "%s: no interest: %d events", name, n);
	T_CHECK(rb_engine_modify(e, ida, RB_EV_IN) == 0, "%s: modify back", name);
	evs = wait_for(e, ida, 5000, &n);
	T_CHECK(n == 1 && (evs & RB_EV_IN), "%s: interest restored: %d events, 0x%x", name, n,
		(unsigned)evs);
	drain(a[0]);

	/* The writer goes away: reported as readable (EOF) or as an error. */
	close(a[1]);
	evs = wait_for(e, ida, 5000, &n);
	T_CHECK(n == 1 && (evs & (RB_EV_IN | RB_EV_ERR)), "%s: writer closed: %d events, 0x%x",
		name, n, (unsigned)evs);

	rb_engine_close(e);
	close(a[0]);
	close(b[0]);
	close(b[1]);
}

int main(void)
{
	struct rb_engine e;
	char err[200];
	int ret;

	memset(&e, 0, sizeof(e));
	T_CHECK(rb_engine_poll_open(&e, err, sizeof(err)) == 0, "poll: %s", err);
	run(&e, "poll");

	memset(&e, 0, sizeof(e));
	ret = rb_engine_uring_open(&e, true, err, sizeof(err));
	if (ret) {
		if (t_failed)
			return t_result("test-engine");
		printf("SKIP: io_uring cannot be set up here: %s\n", err);
		return 77;
	}
	run(&e, "io_uring (deferred task work)");

	memset(&e, 0, sizeof(e));
	T_CHECK(rb_engine_uring_open(&e, false, err, sizeof(err)) == 0, "io_uring one-shot: %s",
		err);
	run(&e, "io_uring (one-shot polls)");
	return t_result("test-engine");
}
