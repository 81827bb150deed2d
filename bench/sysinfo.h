/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysinfo.h - what the report says about the system, read from /proc, /sys,
 * /etc and /proc/device-tree under a configurable root directory.
 *
 * The root is "/" on a real system; tests point it at fixture trees
 * (tests/fixtures/sysinfo/<name>/) laid out like the real ones. A missing
 * file or directory is never an error: its member is absent or null.
 * Device paths in the output are always /dev/... (what a user would open),
 * whatever the root.
 *
 * The small readers below are shared with endpoint discovery: they take
 * (root, path) and build root + path, so the same code runs on fixtures.
 */
#ifndef RB_SYSINFO_H
#define RB_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * Join root and an absolute path into out (outlen bytes): "/" + "/proc/x" is
 * "/proc/x", "fix" + "/proc/x" is "fix/proc/x". root NULL or "" means "/".
 * Returns 0 or -ENAMETOOLONG.
 */
int rb_sys_path(char *out, size_t outlen, const char *root, const char *path);

/*
 * Read the file root + path into buf (buflen bytes, NUL-terminated, at most
 * buflen - 1 bytes read), with trailing newlines and spaces removed.
 * Returns the length kept, or -errno (-ENOENT when absent, -ENAMETOOLONG).
 * Embedded NUL bytes are kept (device-tree strings); use the returned length.
 */
int rb_sys_read(const char *root, const char *path, char *buf, size_t buflen);

/*
 * Read a whole number from root + path in `base` (0: C rules, so "0x400" and
 * "1024" both work; sysfs prints rpmsg bus addresses in hex, class addresses
 * in decimal, see rb_sysinfo_json). Returns 0 or -errno (-EINVAL when the
 * file does not hold one number).
 */
int rb_sys_read_long(const char *root, const char *path, int base, long long *out);

/*
 * Names of the entries of directory root + path that start with `prefix`
 * ("" for all; "." and ".." never), sorted in natural order (rpmsg2 before
 * rpmsg10), as a JSON array of strings. Returns NULL when the directory
 * cannot be read (then it is treated as empty) or on allocation failure.
 */
json_t *rb_sys_list(const char *root, const char *path, const char *prefix);

/*
 * The report's "system" object (docs/report-format.md): hostname, kernel
 * {release, version, machine, preempt_rt, cmdline}, os_release, bsp_release,
 * device_tree {model, compatible[]}, cpus {online, governors[]}, modules[],
 * remoteprocs[], rpmsg {devices[], ctrl[], endpoints[], ttys[]}.
 * Sources (root-relative):
 *   /proc/sys/kernel/{hostname,osrelease,version,arch}, uname(2) when root is "/"
 *   /sys/kernel/realtime, /proc/cmdline, /etc/os-release, /etc/version
 *   /proc/device-tree/{model,compatible}
 *   /sys/devices/system/cpu/{online,cpuN/cpufreq/scaling_governor}
 *   /proc/modules, /sys/class/remoteproc/remoteprocN/{name,state,firmware}
 *   /sys/bus/rpmsg/devices/<dev>/{name,src,dst}, /sys/class/rpmsg/, /sys/class/tty/
 * Returns a new reference, or NULL only when memory ran out.
 */
json_t *rb_sysinfo_json(const char *root);

#endif /* RB_SYSINFO_H */
