/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.c - engine selection and the common fd table (see engine.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

const char *rb_engine_name(enum rb_engine_kind k)
{
	switch (k) {
	case RB_ENGINE_URING:
		return "io_uring";
	case RB_ENGINE_POLL:
		return "poll";
	case RB_ENGINE_AUTO:
	default:
		return "auto";
	}
}

int rb_engine_parse(const char *s, enum rb_engine_kind *k)
{
	if (!strcmp(s, "auto"))
		*k = RB_ENGINE_AUTO;
	else if (!strcmp(s, "io_uring") || !strcmp(s, "uring"))
		*k = RB_ENGINE_URING;
	else if (!strcmp(s, "poll"))
		*k = RB_ENGINE_POLL;
	else
		return -EINVAL;
	return 0;
}

int rb_engine_open(struct rb_engine *e, enum rb_engine_kind want, char *err, size_t errlen)
{
	char why[128] = "";
	int ret;

	memset(e, 0, sizeof(*e));
	if (want == RB_ENGINE_POLL)
		return rb_engine_poll_open(e, err, errlen);
	ret = rb_engine_uring_open(e, true, why, sizeof(why));
	if (!ret)
		return 0;
	if (want == RB_ENGINE_URING) {
		snprintf(err, errlen, "--engine io_uring: %s", why);
		return ret;
	}
	snprintf(e->fallback, sizeof(e->fallback), "%s", why);
	snprintf(e->detail, sizeof(e->detail), "io_uring not available: %s", why);
	return rb_engine_poll_open(e, err, errlen);
}

int rb_engine_add(struct rb_engine *e, int fd, unsigned events)
{
	int id = e->nfds, ret;

	if (id >= RB_ENGINE_MAX_FDS)
		return -ENOSPC;
	e->fds[id] = fd;
	e->want[id] = events;
	e->nfds++;
	ret = e->ops->add(e, id);
	if (ret) {
		e->nfds--;
		return ret;
	}
	return id;
}

int rb_engine_modify(struct rb_engine *e, int id, unsigned events)
{
	if (id < 0 || id >= e->nfds)
		return -EINVAL;
	if (e->want[id] == events)
		return 0;
	e->want[id] = events;
	return e->ops->modify(e, id);
}

int rb_engine_wait(struct rb_engine *e, rb_ns deadline, struct rb_event *ev, int max)
{
	return e->ops->wait(e, deadline, ev, max);
}

void rb_engine_close(struct rb_engine *e)
{
	if (e->ops && e->ops->close)
		e->ops->close(e);
	e->ops = NULL;
	e->priv = NULL;
	e->nfds = 0;
}
