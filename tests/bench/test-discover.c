/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-discover - sysfs discovery on fixture trees (tests/fixtures/sysfs):
 * NXP naming (ttyRPMSG30 after the remote address), mainline naming
 * (ttyRPMSG0), rpmsg_ctrl nodes, rpmsg-raw channels, endpoints created with
 * RPMSG_CREATE_EPT_IOCTL, hex bus addresses vs decimal class addresses,
 * natural order, the char-device class check, and the JSON of `list`.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "t_check.h"

static char nxp[PATH_MAX], mainline[PATH_MAX];

static void test_sysroot_path(void)
{
	char out[32];

	T_CHECK(rb_sysroot_path(out, sizeof(out), "/", "/sys/x") == 0 && !strcmp(out, "/sys/x"),
		"%s", out);
	T_CHECK(rb_sysroot_path(out, sizeof(out), NULL, "/sys/x") == 0 && !strcmp(out, "/sys/x"),
		"%s", out);
	T_CHECK(rb_sysroot_path(out, sizeof(out), "fix", "/sys/x") == 0 &&
			!strcmp(out, "fix/sys/x"),
		"%s", out);
	T_CHECK(rb_sysroot_path(out, sizeof(out), "fix/", "/sys/x") == 0 &&
			!strcmp(out, "fix/sys/x"),
		"%s", out);
	T_CHECK(rb_sysroot_path(out, 8, "fixture", "/sys/x") == -ENAMETOOLONG, "too long");
}

static void test_nxp(void)
{
	struct rb_discovery *d = calloc(1, sizeof(*d));

	T_CHECK(rb_discover(nxp, d) == 0, "discover");
	T_CHECK(d->n_chans == 3, "%zu channels", d->n_chans);
	T_CHECK(!strcmp(d->chans[0].name, "rpmsg-virtual-tty-channel-1"), "%s", d->chans[0].name);
	/* Bus attributes are hex (rpmsg_core.c "0x%x"): 0x400 -> 0x1e. */
	T_CHECK(d->chans[0].src == 1024 && d->chans[0].dst == 30, "%lld %lld",
		(long long)d->chans[0].src, (long long)d->chans[0].dst);
	T_CHECK(!strcmp(d->chans[0].driver, "imx_rpmsg_tty"), "%s", d->chans[0].driver);
	T_CHECK(!strcmp(d->chans[1].name, "rpmsg_ctrl") && !strcmp(d->chans[2].name, "rpmsg_ns"),
		"order %s %s", d->chans[1].name, d->chans[2].name);
	T_CHECK(d->chans[2].src == 53 && d->chans[2].driver[0] == '\0', "ns");
	T_CHECK(d->n_ttys == 1 && !strcmp(d->ttys[0], "/dev/ttyRPMSG30"), "%zu ttys", d->n_ttys);
	T_CHECK(d->n_ctrls == 1 && !strcmp(d->ctrls[0], "/dev/rpmsg_ctrl0"), "%zu ctrls",
		d->n_ctrls);
	T_CHECK(d->n_epts == 0, "%zu endpoints", d->n_epts);
	T_CHECK(d->n_rprocs == 1, "%zu rprocs", d->n_rprocs);
	T_CHECK(!strcmp(d->rprocs[0].name, "imx-rproc") && !strcmp(d->rprocs[0].state, "running") &&
			!strcmp(d->rprocs[0].firmware, "rpmsg-bench-imx8mp-m7.elf"),
		"%s %s %s", d->rprocs[0].name, d->rprocs[0].state, d->rprocs[0].firmware);
	T_CHECK(rb_tty_is_rpmsg(nxp, "/dev/ttyRPMSG30"), "ttyRPMSG30 by name");
	T_CHECK(rb_tty_is_rpmsg(nxp, "/dev/ttyM4"), "udev alias to ttyRPMSG30");
	T_CHECK(!rb_tty_is_rpmsg(nxp, "/dev/ttymxc1"), "a UART is not rpmsg");
	free(d);
}

static void test_mainline(void)
{
	struct rb_discovery *d = calloc(1, sizeof(*d));
	char path[64];
	int64_t src = 0, dst = 0;
	json_t *j;

	T_CHECK(rb_discover(mainline, d) == 0, "discover");
	T_CHECK(d->n_chans == 4, "%zu channels", d->n_chans);
	T_CHECK(d->n_ttys == 1 && !strcmp(d->ttys[0], "/dev/ttyRPMSG0"), "mainline tty");
	/* Natural order: rpmsg0, rpmsg1, rpmsg2, rpmsg10. */
	T_CHECK(d->n_epts == 4, "%zu endpoints", d->n_epts);
	T_CHECK(!strcmp(d->epts[0].path, "/dev/rpmsg0") && !strcmp(d->epts[3].path, "/dev/rpmsg10"),
		"%s .. %s", d->epts[0].path, d->epts[3].path);
	/* Class attributes are decimal (rpmsg_char.c "%d"). */
	T_CHECK(d->epts[0].src == 1026 && d->epts[0].dst == 32, "rpmsg0 addresses");
	T_CHECK(d->n_ctrls == 1, "ctrl");
	T_CHECK(!strcmp(d->rprocs[0].state, "offline"), "%s", d->rprocs[0].state);

	T_CHECK(rb_discover_channel(mainline, "rpmsg-raw", path, sizeof(path), &src, &dst) == 0,
		"rpmsg-raw");
	T_CHECK(!strcmp(path, "/dev/rpmsg0") && src == 1026 && dst == 32, "%s %lld %lld", path,
		(long long)src, (long long)dst);
	T_CHECK(rb_discover_channel(mainline, "nope", path, sizeof(path), NULL, NULL) == -ENOENT,
		"missing channel");
	T_CHECK(rb_discover_channel(nxp, "rpmsg-raw", path, sizeof(path), NULL, NULL) == -ENOENT,
		"no rpmsg-raw on the NXP tree");
	T_CHECK(rb_discover_channel(mainline, "rpmsg-raw", path, 4, NULL, NULL) == -ENAMETOOLONG,
		"small buffer");
	/* The newest matching endpoint is the one just created. */
	T_CHECK(rb_discover_created_ept(mainline, "bench", -1, 40, path, sizeof(path)) == 0 &&
			!strcmp(path, "/dev/rpmsg2"),
		"%s", path);
	T_CHECK(rb_discover_created_ept(mainline, "bench", 1027, 40, path, sizeof(path)) == 0 &&
			!strcmp(path, "/dev/rpmsg1"),
		"%s", path);
	T_CHECK(rb_discover_created_ept(mainline, "bench", 1027, 41, path, sizeof(path)) == -ENOENT,
		"dst must match");

	T_CHECK(rb_chardev_is_rpmsg(mainline, 241, 0) == 1, "241:0 is rpmsg");
	T_CHECK(rb_chardev_is_rpmsg(mainline, 1, 3) == 0, "1:3 is mem");
	T_CHECK(rb_chardev_is_rpmsg(mainline, 9, 9) == -ENOENT, "9:9 unknown");

	j = rb_discovery_json(d);
	T_CHECK(j && json_array_size(json_object_get(j, "channels")) == 4, "json channels");
	T_CHECK(j && json_integer_value(json_object_get(
			     json_array_get(json_object_get(j, "endpoints"), 0), "src")) == 1026,
		"json src");
	T_CHECK(j && json_array_size(json_object_get(j, "remoteprocs")) == 1, "json rprocs");
	json_decref(j);
	free(d);
}

static void test_empty(void)
{
	struct rb_discovery *d = calloc(1, sizeof(*d));

	T_CHECK(rb_discover("/nonexistent-root", d) == 0, "a system without rpmsg is not an error");
	T_CHECK(!d->n_chans && !d->n_epts && !d->n_ctrls && !d->n_ttys && !d->n_rprocs, "empty");
	free(d);
}

int main(void)
{
	const char *root = getenv("RB_ROOT");

	snprintf(nxp, sizeof(nxp), "%s/tests/fixtures/sysfs/nxp-imx8mp", root ? root : ".");
	snprintf(mainline, sizeof(mainline), "%s/tests/fixtures/sysfs/mainline-6.1",
		 root ? root : ".");
	test_sysroot_path();
	test_nxp();
	test_mainline();
	test_empty();
	return t_result("test-discover");
}
