/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * discover.h - what rpmsg looks like on this system, read from sysfs.
 *
 * Every lookup goes through a system root (`--sysroot DIR`, "/" by default),
 * so tests run on fixture trees copied from real systems. Paths returned to
 * callers are logical ("/dev/rpmsg0"); rb_sysroot_path() turns them into
 * the path to open.
 *
 * Sources of the sysfs layout (Linux 6.1):
 *   /sys/bus/rpmsg/devices/<parent>.<name>.<src>.<dst>   drivers/rpmsg/rpmsg_core.c,
 *       attributes name, src, dst (hex "0x%x"), announce
 *   /sys/class/rpmsg/rpmsgN, rpmsg_ctrlN                 drivers/rpmsg/rpmsg_char.c,
 *       rpmsg_ctrl.c; rpmsgN has name, src, dst in decimal ("%d", ANY = -1)
 *   /sys/class/remoteproc/remoteprocN/{name,state,firmware}  remoteproc_sysfs.c
 *   /sys/class/tty/ttyRPMSG*                              rpmsg_tty.c (ttyRPMSG<idr>),
 *       NXP imx_rpmsg_tty.c (ttyRPMSG<remote address>)
 */
#ifndef RB_DISCOVER_H
#define RB_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define RB_DISC_MAX  32 /* entries kept per kind; more are counted in `truncated` */
#define RB_DISC_NAME 64

/* An rpmsg bus device (a channel, the name service, a ctrl device). */
struct rb_rpmsg_chan {
	char dev[RB_DISC_NAME];	   /* bus device name, e.g. "virtio0.rpmsg-raw.-1.32" */
	char name[RB_DISC_NAME];   /* channel name, e.g. "rpmsg-raw" */
	int64_t src, dst;	   /* addresses; -1 = RPMSG_ADDR_ANY or unknown */
	char driver[RB_DISC_NAME]; /* bound driver, "" when none */
};

/* An rpmsg char endpoint node /dev/rpmsgN. */
struct rb_rpmsg_ept {
	char path[RB_DISC_NAME]; /* "/dev/rpmsg0" */
	char name[RB_DISC_NAME]; /* endpoint or channel name */
	int64_t src, dst;
	int index; /* N */
};

struct rb_rproc {
	char dev[RB_DISC_NAME];	  /* "remoteproc0" */
	char name[RB_DISC_NAME];  /* "imx-rproc" */
	char state[RB_DISC_NAME]; /* "running", "offline", "attached", ... */
	char firmware[RB_DISC_NAME];
};

struct rb_discovery {
	struct rb_rpmsg_chan chans[RB_DISC_MAX];
	size_t n_chans;
	struct rb_rpmsg_ept epts[RB_DISC_MAX];
	size_t n_epts;
	char ctrls[RB_DISC_MAX][RB_DISC_NAME]; /* "/dev/rpmsg_ctrl0" */
	size_t n_ctrls;
	struct rb_rproc rprocs[RB_DISC_MAX];
	size_t n_rprocs;
	char ttys[RB_DISC_MAX][RB_DISC_NAME]; /* "/dev/ttyRPMSG30" */
	size_t n_ttys;
	size_t truncated; /* entries beyond RB_DISC_MAX, not listed */
};

/*
 * Join sysroot and an absolute logical path into out (n bytes). A NULL or
 * "/" sysroot gives the path unchanged. Returns 0 or -ENAMETOOLONG.
 */
int rb_sysroot_path(char *out, size_t n, const char *sysroot, const char *path);

/*
 * Scan sysroot for rpmsg channels, endpoints, ctrl nodes, remoteprocs and
 * rpmsg ttys, each list sorted by name (numeric suffixes in numeric order).
 * A missing directory is an empty list, not an error (no rpmsg on this
 * system). Returns 0, or -ENOMEM.
 */
int rb_discover(const char *sysroot, struct rb_discovery *d);

/*
 * Find the /dev/rpmsgN node of the channel announced as `name` (e.g.
 * "rpmsg-raw"); the lowest N wins when several match. Writes the logical
 * path into path (n bytes) and the addresses into *src and *dst (either may be NULL).
 * Returns 0, -ENOENT (no endpoint of that name) or -ENAMETOOLONG.
 */
int rb_discover_channel(const char *sysroot, const char *name, char *path, size_t n, int64_t *src,
			int64_t *dst);

/*
 * Find the /dev/rpmsgN node an RPMSG_CREATE_EPT_IOCTL just created: the
 * highest N whose name, src and dst match (src/dst -1 match anything).
 * Returns 0, -ENOENT or -ENAMETOOLONG.
 */
int rb_discover_created_ept(const char *sysroot, const char *name, int64_t src, int64_t dst,
			    char *path, size_t n);

/*
 * Whether the tty device at logical path `dev` ("/dev/ttyRPMSG30") is an
 * rpmsg tty: its sysfs class name starts with "ttyRPMSG" or its driver is
 * rpmsg_tty / imx_rpmsg_tty. `dev` may be a symlink into /dev. Returns
 * true when it is.
 */
bool rb_tty_is_rpmsg(const char *sysroot, const char *dev);

/*
 * Whether the character device with this major:minor belongs to the rpmsg
 * class (/sys/dev/char/M:m/subsystem -> class/rpmsg). Returns 1 yes, 0 no,
 * -errno when sysfs cannot tell.
 */
int rb_chardev_is_rpmsg(const char *sysroot, unsigned int maj, unsigned int min);

/* Print the discovery as text (`rpmsg-bench list`). */
void rb_discovery_print(FILE *f, const struct rb_discovery *d);

/* The discovery as a new JSON object (`rpmsg-bench list --json`); NULL on ENOMEM. */
json_t *rb_discovery_json(const struct rb_discovery *d);

#endif /* RB_DISCOVER_H */
