/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * endpoint.c - opening, preparing and closing rpmsg tty and char endpoints.
 * Kernel facts cite the Linux 6.1 source file they come from.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/rpmsg.h>

#include "discover.h"
#include "endpoint.h"

/* include/uapi/linux/rpmsg.h (6.1): the layout the ioctls encode. */
_Static_assert(sizeof(struct rpmsg_endpoint_info) == 40, "rpmsg_endpoint_info is 40 bytes");
_Static_assert(RPMSG_CREATE_EPT_IOCTL == 0x4028b501, "RPMSG_CREATE_EPT_IOCTL");
_Static_assert(RPMSG_DESTROY_EPT_IOCTL == 0xb502, "RPMSG_DESTROY_EPT_IOCTL");

const char *rb_ept_kind_name(enum rb_ept_kind k)
{
	return k == RB_EPT_CHAR ? "char" : "tty";
}

const char *rb_ept_how_name(enum rb_ept_how h)
{
	switch (h) {
	case RB_HOW_CTRL:
		return "ctrl";
	case RB_HOW_CHANNEL:
		return "channel";
	case RB_HOW_PATH:
	default:
		return "path";
	}
}

/* Write "<message>: <strerror(-ret)>" into err and return ret. */
__attribute__((format(printf, 4, 5))) static int fail(char *err, size_t errlen, int ret,
						      const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (!errlen)
		return ret;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	len = strlen(err);
	snprintf(err + len, errlen - len, ": %s", strerror(-ret));
	return ret;
}

/* The path exists and is a character device; else -ENOENT/-ENODEV/-errno. */
static int check_chardev(const char *path, struct stat *st, char *err, size_t errlen)
{
	if (stat(path, st)) {
		return fail(err, errlen, -errno, "%s: cannot open", path);
	}
	if (!S_ISCHR(st->st_mode)) {
		if (errlen)
			snprintf(err, errlen, "%s: not a character device (%s)", path,
				 S_ISREG(st->st_mode)	? "a regular file"
				 : S_ISDIR(st->st_mode) ? "a directory"
							: "another kind of file");
		return -ENODEV;
	}
	return 0;
}

long rb_endpoint_drain(struct rb_endpoint *e)
{
	uint8_t buf[RB_MAX_FRAME + 16];
	long total = 0;

	if (e->kind == RB_EPT_TTY) {
		int n = 0;

		/* Bytes the driver already queued (probe greeting, an old run's replies). */
		if (ioctl(e->fd, FIONREAD, &n) == 0 && n > 0)
			total = n;
		if (tcflush(e->fd, TCIFLUSH))
			return -errno;
		e->drained_bytes += (uint64_t)total;
		return total;
	}
	for (;;) {
		ssize_t r = read(e->fd, buf, sizeof(buf));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		if (r == 0)
			break;
		total += r;
		e->drained_msgs++;
	}
	e->drained_bytes += (uint64_t)total;
	return total;
}

static int open_tty(struct rb_endpoint *e, const char *sysroot, char *err, size_t errlen)
{
	struct termios t;
	struct stat st;
	int ret;

	ret = check_chardev(e->path, &st, err, errlen);
	if (ret)
		return ret;
	e->fd = open(e->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (e->fd < 0)
		return fail(err, errlen, -errno, "%s: cannot open", e->path);
	if (tcgetattr(e->fd, &t)) {
		ret = -errno;
		fail(err, errlen, ret,
		     "%s: not a terminal (--tty needs a tty; use --char for /dev/rpmsgN)", e->path);
		goto err_close;
	}
	/*
	 * Both rpmsg tty drivers start cooked: NXP's imx_rpmsg_tty keeps
	 * tty_std_termios (ECHO, ICANON, ICRNL, IXON, OPOST), mainline clears only
	 * ECHO and ICANON (NXP drivers/rpmsg/imx_rpmsg_tty.c, drivers/tty/rpmsg_tty.c).
	 * Binary frames need raw.
	 */
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(e->fd, TCSANOW, &t)) {
		ret = -errno;
		fail(err, errlen, ret, "%s: cannot set raw mode", e->path);
		goto err_close;
	}
	e->kind = RB_EPT_TTY;
	/*
	 * A frame is at most one rpmsg message (rb_proto.h); mainline rpmsg_tty
	 * sends MTU-sized chunks (496), NXP's 256-byte chunks, and the
	 * deframer joins them again, so the frame limit is the protocol's.
	 */
	e->mtu = RB_MAX_FRAME;
	e->is_rpmsg = rb_tty_is_rpmsg(sysroot, e->spec.path);
	if (rb_endpoint_drain(e) < 0) {
		ret = -errno;
		fail(err, errlen, ret, "%s: cannot flush stale input", e->path);
		goto err_close;
	}
	return 0;

err_close:
	close(e->fd);
	e->fd = -1;
	return ret;
}

static int open_char(struct rb_endpoint *e, const char *sysroot, bool force, char *err,
		     size_t errlen)
{
	struct stat st;
	long drained;
	int ret;

	ret = check_chardev(e->path, &st, err, errlen);
	if (ret)
		return ret;
	ret = rb_chardev_is_rpmsg(sysroot, major(st.st_rdev), minor(st.st_rdev));
	e->is_rpmsg = ret == 1;
	if (ret == 0 && !force) {
		/* A message device is needed: one read() must return one whole message. */
		if (errlen)
			snprintf(err, errlen,
				 "%s: not an rpmsg char device (sysfs class of %u:%u is not rpmsg);"
				 " --force to use it anyway",
				 e->path, major(st.st_rdev), minor(st.st_rdev));
		return -EMEDIUMTYPE;
	}
	e->fd = open(e->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (e->fd < 0) {
		ret = -errno;
		if (ret == -EBUSY)
			return fail(err, errlen, ret,
				    "%s: in use by another process (rpmsg_char allows one opener)",
				    e->path);
		if (ret == -ENETRESET)
			return fail(err, errlen, ret, "%s: the remote or its channel is gone",
				    e->path);
		return fail(err, errlen, ret, "%s: cannot open", e->path);
	}
	e->kind = RB_EPT_CHAR;
	e->mtu =
		RB_RPMSG_MTU; /* virtio_rpmsg_get_mtu: 512 - 16; larger writes fail with EMSGSIZE */
	/* rpmsg-raw nodes keep queueing while closed: stale data may wait (rpmsg_char.c). */
	drained = rb_endpoint_drain(e);
	if (drained < 0) {
		ret = (int)drained;
		fail(err, errlen, ret, "%s: read while draining stale messages", e->path);
		close(e->fd);
		e->fd = -1;
		return ret;
	}
	return 0;
}

/* Wait up to 1 s for udev/devtmpfs to create the node of a new endpoint. */
static int wait_node(const char *path)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	for (int i = 0; i < 100; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ENOENT;
}

static int open_ctrl(struct rb_endpoint *e, const char *sysroot, bool force, char *err,
		     size_t errlen)
{
	struct rpmsg_endpoint_info info;
	char logical[PATH_MAX];
	struct stat st;
	int ret;

	ret = check_chardev(e->spec.path, &st, err, errlen);
	if (ret)
		return ret;
	e->ctrl_fd = open(e->spec.path, O_RDWR | O_CLOEXEC);
	if (e->ctrl_fd < 0)
		return fail(err, errlen, -errno, "%s: cannot open", e->spec.path);
	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", e->spec.name);
	info.src = e->spec.src < 0 ? RPMSG_ADDR_ANY : (uint32_t)e->spec.src;
	info.dst = e->spec.dst < 0 ? RPMSG_ADDR_ANY : (uint32_t)e->spec.dst;
	if (ioctl(e->ctrl_fd, RPMSG_CREATE_EPT_IOCTL, &info)) {
		/* rpmsg_ctrl.c: anything but CREATE_EPT/CREATE_DEV/RELEASE_DEV is -EINVAL. */
		ret = -errno;
		fail(err, errlen, ret, "%s: RPMSG_CREATE_EPT_IOCTL (name %s) failed", e->spec.path,
		     e->spec.name);
		goto err_ctrl;
	}
	/* The new node is /dev/rpmsgN with the same name/src/dst (rpmsg_char.c). */
	ret = rb_discover_created_ept(sysroot, e->spec.name, e->spec.src, e->spec.dst, logical,
				      sizeof(logical));
	if (!ret)
		ret = rb_sysroot_path(e->path, sizeof(e->path), sysroot, logical);
	if (!ret)
		ret = wait_node(e->path);
	if (ret) {
		fail(err, errlen, ret,
		     "%s: endpoint %s created but its /dev/rpmsgN node was not found", e->spec.path,
		     e->spec.name);
		/* Nothing to destroy it through: the ioctl works on the node's fd only. */
		goto err_ctrl;
	}
	ret = open_char(e, sysroot, force, err, errlen);
	if (ret)
		goto err_ctrl;
	e->created = true;
	return 0;

err_ctrl:
	close(e->ctrl_fd);
	e->ctrl_fd = -1;
	return ret;
}

int rb_endpoint_open(struct rb_endpoint *e, const struct rb_ept_spec *spec, const char *sysroot,
		     bool force, char *err, size_t errlen)
{
	char logical[PATH_MAX];
	int ret;

	memset(e, 0, sizeof(*e));
	e->spec = *spec;
	e->fd = -1;
	e->ctrl_fd = -1;
	e->src = e->dst = -1;
	e->kind = spec->kind;
	if (errlen)
		err[0] = '\0';

	switch (spec->how) {
	case RB_HOW_CHANNEL:
		ret = rb_discover_channel(sysroot, spec->name, logical, sizeof(logical), &e->src,
					  &e->dst);
		if (ret)
			return fail(err, errlen, ret,
				    "channel %s: no /dev/rpmsgN with that name under "
				    "%s/sys/class/rpmsg",
				    spec->name, sysroot && strcmp(sysroot, "/") ? sysroot : "");
		ret = rb_sysroot_path(e->path, sizeof(e->path), sysroot, logical);
		if (ret)
			return fail(err, errlen, ret, "%s", logical);
		snprintf(e->channel, sizeof(e->channel), "%s", spec->name);
		return open_char(e, sysroot, false, err, errlen);
	case RB_HOW_CTRL:
		snprintf(e->channel, sizeof(e->channel), "%s", spec->name);
		e->src = spec->src;
		e->dst = spec->dst;
		return open_ctrl(e, sysroot, false, err, errlen);
	case RB_HOW_PATH:
	default:
		if (snprintf(e->path, sizeof(e->path), "%s", spec->path) >= (int)sizeof(e->path))
			return fail(err, errlen, -ENAMETOOLONG, "%s", spec->path);
		if (spec->kind == RB_EPT_TTY)
			return open_tty(e, sysroot, err, errlen);
		return open_char(e, sysroot, force, err, errlen);
	}
}

int rb_endpoint_close(struct rb_endpoint *e)
{
	int ret = 0;

	if (e->fd >= 0) {
		/* include/uapi/linux/rpmsg.h: destroys an endpoint made by CREATE_EPT. */
		if (e->created && ioctl(e->fd, RPMSG_DESTROY_EPT_IOCTL))
			ret = -errno;
		close(e->fd);
		e->fd = -1;
	}
	e->created = false;
	if (e->ctrl_fd >= 0) {
		close(e->ctrl_fd);
		e->ctrl_fd = -1;
	}
	return ret;
}
