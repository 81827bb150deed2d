/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * endpoint.h - opening the rpmsg endpoints a run talks to.
 *
 * Four ways to name an endpoint (the `how` of the report):
 *   --tty PATH        an rpmsg tty (/dev/ttyRPMSG30 on NXP kernels, /dev/ttyRPMSG0
 *                     on mainline) or any other tty (a PTY in tests: warned about)
 *   --char PATH       an existing rpmsg char node /dev/rpmsgN
 *   --ctrl PATH ...   a new endpoint created through /dev/rpmsg_ctrlN with
 *                     RPMSG_CREATE_EPT_IOCTL, destroyed with RPMSG_DESTROY_EPT_IOCTL
 *   --channel NAME    the /dev/rpmsgN of a remote-announced channel (rpmsg-raw)
 *
 * Every fd is opened O_NONBLOCK: the tty and rpmsg char drivers honour only
 * O_NONBLOCK, and io_uring treats an O_NONBLOCK file as able to poll instead
 * of punting reads to a worker thread (io_uring/io_uring.c
 * __io_file_supports_nowait and io_uring/rw.c in 6.1).
 */
#ifndef RB_ENDPOINT_H
#define RB_ENDPOINT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_proto.h"

enum rb_ept_kind {
	RB_EPT_TTY = 0,	 /* byte stream: frames found by the deframer */
	RB_EPT_CHAR = 1, /* message device: one read() = one message */
};

enum rb_ept_how {
	RB_HOW_PATH = 0,    /* --tty PATH or --char PATH */
	RB_HOW_CTRL = 1,    /* --ctrl: created with RPMSG_CREATE_EPT_IOCTL */
	RB_HOW_CHANNEL = 2, /* --channel NAME: found through sysfs */
};

/* What the command line said about one endpoint. */
struct rb_ept_spec {
	enum rb_ept_kind kind;
	enum rb_ept_how how;
	const char *path; /* tty/char node, or the rpmsg_ctrl node for RB_HOW_CTRL */
	const char *name; /* RB_HOW_CTRL: endpoint name; RB_HOW_CHANNEL: channel name */
	int64_t src, dst; /* RB_HOW_CTRL addresses; -1 = RPMSG_ADDR_ANY */
};

/* An open endpoint. */
struct rb_endpoint {
	struct rb_ept_spec spec;
	enum rb_ept_kind kind;
	int fd;			/* O_NONBLOCK; -1 when closed */
	char path[PATH_MAX];	/* node actually opened (sysroot applied for discovered nodes) */
	char channel[64];	/* channel or endpoint name when known, else "" */
	int64_t src, dst;	/* rpmsg addresses when known, else -1 */
	unsigned int mtu;	/* largest message, bytes (496 on virtio) */
	bool is_rpmsg;		/* false: a tty that is not an rpmsg tty (a PTY) */
	int ctrl_fd;		/* RB_HOW_CTRL: the rpmsg_ctrl node, kept until close */
	bool created;		/* RB_HOW_CTRL: the endpoint must be destroyed at close */
	uint64_t drained_bytes; /* stale bytes dropped after open */
	uint64_t drained_msgs;	/* stale messages dropped after open (char) */
};

/*
 * Open the endpoint `spec` describes, under system root `sysroot` (for sysfs
 * lookups and discovered nodes). A tty is put in raw mode (cfmakeraw,
 * VMIN 1, VTIME 0) and its stale input flushed (TCIFLUSH: NXP's
 * imx_rpmsg_tty exchanges "hello world!" at probe, NXP imx_rpmsg_tty.c).
 * A char node is drained of queued messages (rpmsg-raw nodes keep queueing
 * while closed; drivers/rpmsg/rpmsg_char.c). On failure writes a message naming the input and the
 * reason into err (errlen bytes) and returns:
 *   -ENOENT       the path (or channel) does not exist
 *   -ENODEV       not a character device
 *   -ENOTTY       --tty on something that is not a terminal
 *   -EMEDIUMTYPE  --char on a character device that is not rpmsg (unless force)
 *   -EBUSY        another process holds the rpmsg char node (one opener, rpmsg_char.c)
 *   -ENETRESET    the remote or the channel went away (rpmsg_char.c)
 *   other -errno  from open(2), ioctl(2), tcsetattr(3)
 * `e` needs rb_endpoint_close() only after success.
 */
int rb_endpoint_open(struct rb_endpoint *e, const struct rb_ept_spec *spec, const char *sysroot,
		     bool force, char *err, size_t errlen);

/*
 * Discard input that is waiting now (tty: TCIFLUSH; char: read until
 * EAGAIN). Returns bytes dropped, or -errno of a read error.
 */
long rb_endpoint_drain(struct rb_endpoint *e);

/*
 * Close the endpoint; for RB_HOW_CTRL destroy the endpoint first
 * (RPMSG_DESTROY_EPT_IOCTL on the node, include/uapi/linux/rpmsg.h). Safe on
 * a closed or zeroed endpoint. Returns 0 or the -errno of the destroy ioctl.
 */
int rb_endpoint_close(struct rb_endpoint *e);

/* "tty" or "char" / "path", "ctrl" or "channel", as in the report. */
const char *rb_ept_kind_name(enum rb_ept_kind k);
const char *rb_ept_how_name(enum rb_ept_how h);

#endif /* RB_ENDPOINT_H */
