/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-sysinfo - the report's system object read from fixture trees laid out
 * like /proc and /sys (tests/fixtures/sysinfo/): an NXP i.MX8MP board
 * (ttyRPMSG30, PREEMPT_RT, device tree, remoteproc), the mainline test VM
 * (ttyRPMSG0, rpmsg-raw, Debian), a Yocto image with IMAGE_VERSION and bad
 * UTF-8, a tree with only /etc/version, and a root that does not exist;
 * then the shared readers and their errors.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysinfo.h"
#include "t_check.h"

/* Member at a dotted path ("kernel.release", "rpmsg.ttys.0"); NULL when absent. */
static json_t *t_get(json_t *j, const char *path)
{
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); j && tok; tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(j))
			j = json_array_get(j, strtoul(tok, NULL, 10));
		else
			j = json_object_get(j, tok);
	}
	return j;
}

static void t_str(json_t *j, const char *path, const char *want)
{
	const char *got = json_string_value(t_get(j, path));

	T_CHECK(got && !strcmp(got, want), "%s: '%s', want '%s'", path, got ? got : "(none)", want);
}

static void t_int(json_t *j, const char *path, long long want)
{
	json_t *v = t_get(j, path);

	T_CHECK(json_is_integer(v) && json_integer_value(v) == want, "%s: %lld, want %lld", path,
		v ? (long long)json_integer_value(v) : -999, want);
}

static void t_null(json_t *j, const char *path)
{
	T_CHECK(json_is_null(t_get(j, path)), "%s should be null", path);
}

static void t_absent(json_t *j, const char *path)
{
	T_CHECK(t_get(j, path) == NULL, "%s should be absent", path);
}

static void t_len(json_t *j, const char *path, size_t want)
{
	json_t *v = t_get(j, path);

	T_CHECK(json_is_array(v) && json_array_size(v) == want, "%s: %zu entries, want %zu", path,
		json_is_array(v) ? json_array_size(v) : (size_t)-1, want);
}

static char t_root[PATH_MAX];

static const char *fixture(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/tests/fixtures/sysinfo/%s", t_root, name);
	return path;
}

static void test_nxp(void)
{
	json_t *s = rb_sysinfo_json(fixture("nxp-imx8mp"));

	T_CHECK(s != NULL, "built");
	t_str(s, "hostname", "imx8mp-evk");
	t_str(s, "kernel.release", "6.1.55-rt24+g770c5fe2c1d1");
	t_str(s, "kernel.machine", "aarch64");
	T_CHECK(json_is_true(t_get(s, "kernel.preempt_rt")), "PREEMPT_RT");
	t_str(s, "kernel.cmdline",
	      "console=ttymxc1,115200 root=/dev/mmcblk2p2 rootwait rw isolcpus=3");
	t_str(s, "os_release.id", "fsl-imx-xwayland");
	t_str(s, "os_release.pretty_name", "NXP i.MX Release Distro 6.1-mickledore (mickledore)");
	t_str(s, "bsp_release", "6.1-mickledore (mickledore)");
	t_str(s, "device_tree.model", "NXP i.MX8MPlus EVK board");
	t_len(s, "device_tree.compatible", 2);
	t_str(s, "device_tree.compatible.0", "fsl,imx8mp-evk");
	t_str(s, "device_tree.compatible.1", "fsl,imx8mp");
	t_int(s, "cpus.online", 4);
	t_len(s, "cpus.governors", 4);
	t_str(s, "cpus.governors.0", "performance");
	t_str(s, "cpus.governors.3", "schedutil");
	/* Only rpmsg/remoteproc/mailbox/virtio/i.MX modules, in /proc/modules order. */
	t_len(s, "modules", 7);
	t_str(s, "modules.0", "imx_rpmsg_tty");
	t_str(s, "modules.6", "imx_mailbox");
	t_len(s, "remoteprocs", 1);
	t_str(s, "remoteprocs.0.name", "imx-rproc");
	t_str(s, "remoteprocs.0.state", "running");
	t_str(s, "remoteprocs.0.firmware", "rpmsg-bench-imx8mp-m7.elf");
	/* Bus devices: hex attributes, names sorted. */
	t_len(s, "rpmsg.devices", 4);
	t_str(s, "rpmsg.devices.0.name", "virtio0.rpmsg-raw.-1.32");
	t_str(s, "rpmsg.devices.0.channel", "rpmsg-raw");
	t_int(s, "rpmsg.devices.0.src", 1025);
	t_int(s, "rpmsg.devices.0.dst", 32);
	t_str(s, "rpmsg.devices.1.name", "virtio0.rpmsg-virtual-tty-channel-1.-1.30");
	t_str(s, "rpmsg.devices.1.channel", "rpmsg-virtual-tty-channel-1");
	t_int(s, "rpmsg.devices.1.src", 1024);
	t_int(s, "rpmsg.devices.1.dst", 30);
	t_str(s, "rpmsg.devices.2.channel", "rpmsg_ctrl");
	t_int(s, "rpmsg.devices.2.src", 0);
	t_str(s, "rpmsg.devices.3.channel", "rpmsg_ns");
	t_int(s, "rpmsg.devices.3.dst", 53);
	/* Class endpoints: decimal, -1 = ANY, natural order (rpmsg2 before rpmsg10). */
	t_len(s, "rpmsg.endpoints", 3);
	t_str(s, "rpmsg.endpoints.0.path", "/dev/rpmsg0");
	t_str(s, "rpmsg.endpoints.0.name", "rpmsg-raw");
	t_int(s, "rpmsg.endpoints.0.src", 1025);
	t_int(s, "rpmsg.endpoints.0.dst", 32);
	t_str(s, "rpmsg.endpoints.1.path", "/dev/rpmsg2");
	t_str(s, "rpmsg.endpoints.2.path", "/dev/rpmsg10");
	t_int(s, "rpmsg.endpoints.2.dst", -1);
	t_len(s, "rpmsg.ctrl", 1);
	t_str(s, "rpmsg.ctrl.0", "/dev/rpmsg_ctrl0");
	t_len(s, "rpmsg.ttys", 1);
	t_str(s, "rpmsg.ttys.0", "/dev/ttyRPMSG30");
	json_decref(s);
}

static void test_mainline(void)
{
	json_t *s = rb_sysinfo_json(fixture("mainline-vm"));

	T_CHECK(s != NULL, "built");
	t_str(s, "hostname", "rb-vm");
	T_CHECK(json_is_false(t_get(s, "kernel.preempt_rt")), "PREEMPT_DYNAMIC is not RT");
	t_absent(s, "kernel.machine");
	t_str(s, "os_release.version_id", "12");
	t_null(s, "bsp_release");
	t_null(s, "device_tree.model");
	t_null(s, "device_tree.compatible");
	t_int(s, "cpus.online", 1);
	t_len(s, "cpus.governors", 0);
	t_len(s, "modules", 5);
	t_str(s, "modules.4", "rb_virtio_shm");
	t_len(s, "remoteprocs", 0);
	t_len(s, "rpmsg.devices", 4);
	/* No name attribute: the channel comes from "<parent>.<name>.<src>.<dst>". */
	t_str(s, "rpmsg.devices.3.name", "virtio1.rpmsg.dotted.name.-1.40");
	t_str(s, "rpmsg.devices.3.channel", "rpmsg.dotted.name");
	t_int(s, "rpmsg.devices.3.dst", 40);
	t_str(s, "rpmsg.devices.1.channel", "rpmsg-tty");
	t_int(s, "rpmsg.devices.1.dst", 31);
	t_str(s, "rpmsg.ttys.0", "/dev/ttyRPMSG0");
	t_str(s, "rpmsg.endpoints.0.path", "/dev/rpmsg0");
	json_decref(s);
}

static void test_yocto_and_odd(void)
{
	json_t *s = rb_sysinfo_json(fixture("yocto-image"));

	T_CHECK(s != NULL, "built");
	t_str(s, "bsp_release", "lf-6.1.55-2.2.0");
	t_str(s, "os_release.pretty_name", "Poky \"kirkstone\" 4.0.15");
	/* Invalid UTF-8 is replaced, never dropped. */
	t_str(s, "device_tree.model", "?Bad? model");
	t_null(s, "hostname");
	t_null(s, "kernel.cmdline");
	t_null(s, "modules");
	json_decref(s);

	s = rb_sysinfo_json(fixture("version-only"));
	T_CHECK(s != NULL, "built");
	t_str(s, "os_release.id", "debian");
	t_str(s, "bsp_release", "20240101000000");
	json_decref(s);

	/* A root that does not exist: every member null or empty, no error. */
	s = rb_sysinfo_json(fixture("does-not-exist"));
	T_CHECK(s != NULL, "built for a missing root");
	t_null(s, "hostname");
	t_null(s, "os_release");
	t_null(s, "bsp_release");
	t_null(s, "cpus.online");
	T_CHECK(json_is_false(t_get(s, "kernel.preempt_rt")), "no RT");
	t_len(s, "remoteprocs", 0);
	t_len(s, "rpmsg.ttys", 0);
	t_len(s, "rpmsg.devices", 0);
	json_decref(s);

	/* The real system: must not fail, and names the running kernel. */
	s = rb_sysinfo_json("/");
	T_CHECK(s != NULL && json_is_string(t_get(s, "kernel.release")) &&
			json_is_string(t_get(s, "kernel.machine")),
		"real system");
	json_decref(s);
}

static void test_readers(void)
{
	char buf[64], big[8192];
	long long v;
	json_t *l;

	T_CHECK(rb_sys_path(buf, sizeof(buf), "/", "/proc/x") == 0 && !strcmp(buf, "/proc/x"),
		"root /: %s", buf);
	T_CHECK(rb_sys_path(buf, sizeof(buf), NULL, "/proc/x") == 0 && !strcmp(buf, "/proc/x"),
		"root NULL");
	T_CHECK(rb_sys_path(buf, sizeof(buf), "", "/proc/x") == 0 && !strcmp(buf, "/proc/x"),
		"root empty");
	T_CHECK(rb_sys_path(buf, sizeof(buf), "fix", "/proc/x") == 0 && !strcmp(buf, "fix/proc/x"),
		"fix: %s", buf);
	T_CHECK(rb_sys_path(buf, sizeof(buf), "fix/", "/proc/x") == 0 && !strcmp(buf, "fix/proc/x"),
		"fix/: %s", buf);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	T_CHECK(rb_sys_path(buf, sizeof(buf), big, "/x") == -ENAMETOOLONG, "too long");

	T_CHECK(rb_sys_read(fixture("nxp-imx8mp"), "/nope", buf, sizeof(buf)) == -ENOENT,
		"missing file");
	T_CHECK(rb_sys_read(big, "/x", buf, sizeof(buf)) == -ENAMETOOLONG, "long path");
	T_CHECK(rb_sys_read(fixture("nxp-imx8mp"), "/proc", buf, sizeof(buf)) == -EISDIR,
		"directory");
	T_CHECK(rb_sys_read(fixture("nxp-imx8mp"), "/proc/device-tree/compatible", buf,
			    sizeof(buf)) == 26,
		"compatible keeps its NULs (26 bytes)");
	T_CHECK(rb_sys_read(fixture("nxp-imx8mp"), "/proc/sys/kernel/hostname", buf, 4) == 3 &&
			!strcmp(buf, "imx"),
		"truncated to the buffer: %s", buf);
	T_CHECK(rb_sys_read(fixture("nxp-imx8mp"), "/proc/sys/kernel/hostname", buf, 0) == -EINVAL,
		"no buffer");

	T_CHECK(rb_sys_read_long(fixture("nxp-imx8mp"),
				 "/sys/bus/rpmsg/devices/virtio0.rpmsg-raw.-1.32/src", 0,
				 &v) == 0 &&
			v == 0x401,
		"hex");
	T_CHECK(rb_sys_read_long(fixture("nxp-imx8mp"), "/sys/class/rpmsg/rpmsg10/dst", 10, &v) ==
				0 &&
			v == -1,
		"decimal -1");
	T_CHECK(rb_sys_read_long(fixture("nxp-imx8mp"), "/sys/class/rpmsg/rpmsg0/name", 10, &v) ==
			-EINVAL,
		"not a number");
	T_CHECK(rb_sys_read_long(fixture("nxp-imx8mp"), "/nope", 10, &v) == -ENOENT, "absent");

	l = rb_sys_list(fixture("nxp-imx8mp"), "/sys/class/rpmsg", "rpmsg");
	T_CHECK(json_array_size(l) == 4, "4 entries");
	t_str(l, "0", "rpmsg0");
	t_str(l, "1", "rpmsg2");
	t_str(l, "2", "rpmsg10");
	t_str(l, "3", "rpmsg_ctrl0");
	json_decref(l);
	T_CHECK(rb_sys_list(fixture("nxp-imx8mp"), "/nope", "") == NULL, "missing directory");
}

int main(void)
{
	const char *root = getenv("RB_ROOT");

	snprintf(t_root, sizeof(t_root), "%s", root && *root ? root : ".");
	test_nxp();
	test_mainline();
	test_yocto_and_odd();
	test_readers();
	return t_result("test-sysinfo");
}
