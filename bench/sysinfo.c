/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysinfo.c - system information for the report (see sysinfo.h).
 *
 * Kernel facts used here (kernel 6.1, files named per item):
 *   - /sys/bus/rpmsg/devices/<parent>.<name>.<src>.<dst>: the directory name
 *     prints src/dst with %d (RPMSG_ADDR_ANY = -1), the `src`/`dst`
 *     attributes with 0x%x (drivers/rpmsg/rpmsg_core.c, dev_set_name and
 *     rpmsg_show_attr).
 *   - /sys/class/rpmsg/rpmsgN/{name,src,dst}: decimal %d, -1 = ANY
 *     (drivers/rpmsg/rpmsg_char.c); the class also holds rpmsg_ctrlN.
 *   - /sys/class/remoteproc/remoteprocN/{name,state,firmware}
 *     (drivers/remoteproc/remoteproc_sysfs.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "report.h"
#include "sysinfo.h"

#define SMALL 4096

int rb_sys_path(char *out, size_t outlen, const char *root, const char *path)
{
	int n;

	if (!root || !*root || !strcmp(root, "/"))
		root = "";
	n = snprintf(out, outlen, "%s%s%s", root,
		     (*root && root[strlen(root) - 1] != '/' && path[0] != '/') ? "/" : "",
		     (*root && root[strlen(root) - 1] == '/' && path[0] == '/') ? path + 1 : path);
	if (n < 0 || (size_t)n >= outlen)
		return -ENAMETOOLONG;
	return 0;
}

int rb_sys_read(const char *root, const char *path, char *buf, size_t buflen)
{
	char full[SMALL];
	size_t len = 0;
	int fd, ret;

	if (!buflen)
		return -EINVAL;
	buf[0] = '\0';
	ret = rb_sys_path(full, sizeof(full), root, path);
	if (ret)
		return ret;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len + 1 < buflen) {
		ssize_t n = read(fd, buf + len, buflen - 1 - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			close(fd);
			return ret;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	buf[len] = '\0';
	return (int)len;
}

int rb_sys_read_long(const char *root, const char *path, int base, long long *out)
{
	char buf[64], *end;
	long long v;
	int ret = rb_sys_read(root, path, buf, sizeof(buf));

	if (ret < 0)
		return ret;
	errno = 0;
	v = strtoll(buf, &end, base);
	if (errno || end == buf || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Natural order: digit runs compare as numbers (rpmsg2 < rpmsg10). */
static int natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long long x = strtoull(a, (char **)&a, 10);
			unsigned long long y = strtoull(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int natcmp_json(const void *a, const void *b)
{
	return natcmp(json_string_value(*(json_t *const *)a),
		      json_string_value(*(json_t *const *)b));
}

json_t *rb_sys_list(const char *root, const char *path, const char *prefix)
{
	char full[SMALL];
	json_t **items = NULL, *arr;
	size_t n = 0, cap = 0, plen = strlen(prefix);
	struct dirent *de;
	DIR *d;

	if (rb_sys_path(full, sizeof(full), root, path))
		return NULL;
	d = opendir(full);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		json_t *s;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    strncmp(de->d_name, prefix, plen))
			continue;
		if (n == cap) {
			json_t **more = realloc(items, (cap ? cap * 2 : 16) * sizeof(*items));

			if (!more)
				goto err;
			items = more;
			cap = cap ? cap * 2 : 16;
		}
		s = rb_json_str(de->d_name);
		if (!s)
			goto err;
		items[n++] = s;
	}
	closedir(d);
	d = NULL;
	if (n)
		qsort(items, n, sizeof(*items), natcmp_json);
	arr = json_array();
	if (!arr)
		goto err;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, items[i]);
	free(items);
	return arr;

err:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		json_decref(items[i]);
	free(items);
	return NULL;
}

/* Set key to the string in file root + path, if the file can be read. */
static void set_file_str(json_t *o, const char *key, const char *root, const char *path)
{
	char buf[SMALL];

	if (rb_sys_read(root, path, buf, sizeof(buf)) >= 0)
		json_object_set_new(o, key, rb_json_str(buf));
}

static bool is_real_root(const char *root)
{
	return !root || !*root || !strcmp(root, "/");
}

static json_t *kernel_json(const char *root)
{
	json_t *k = json_object();
	struct utsname u;
	char buf[SMALL];
	bool rt = false;
	long long v;

	if (!k)
		return NULL;
	/* Documentation/admin-guide/sysctl/kernel.rst: osrelease, version, arch. */
	set_file_str(k, "release", root, "/proc/sys/kernel/osrelease");
	set_file_str(k, "version", root, "/proc/sys/kernel/version");
	set_file_str(k, "machine", root, "/proc/sys/kernel/arch");
	if (is_real_root(root) && !uname(&u)) {
		if (!json_object_get(k, "release"))
			json_object_set_new(k, "release", rb_json_str(u.release));
		if (!json_object_get(k, "version"))
			json_object_set_new(k, "version", rb_json_str(u.version));
		if (!json_object_get(k, "machine"))
			json_object_set_new(k, "machine", rb_json_str(u.machine));
	}
	/*
	 * PREEMPT_RT kernels say so in the version string ("#1 SMP PREEMPT_RT
	 * ...", init/Makefile UTS_VERSION) and, with the RT patch set, in
	 * /sys/kernel/realtime ("1").
	 */
	if (json_string_value(json_object_get(k, "version")) &&
	    strstr(json_string_value(json_object_get(k, "version")), "PREEMPT_RT"))
		rt = true;
	if (!rb_sys_read_long(root, "/sys/kernel/realtime", 10, &v) && v == 1)
		rt = true;
	json_object_set_new(k, "preempt_rt", json_boolean(rt));
	if (rb_sys_read(root, "/proc/cmdline", buf, sizeof(buf)) >= 0)
		json_object_set_new(k, "cmdline", rb_json_str(buf));
	else
		json_object_set_new(k, "cmdline", json_null());
	return k;
}

/* Parse an os-release file (KEY=value, value optionally quoted) into an object. */
static json_t *os_release_parse(const char *text)
{
	json_t *o = json_object();
	const char *line = text;

	if (!o)
		return NULL;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[512], *eq, *val, *key;

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			eq = strchr(buf, '=');
			if (eq && buf[0] != '#') {
				*eq = '\0';
				key = buf;
				val = eq + 1;
				size_t vl = strlen(val);

				if (vl >= 2 && (val[0] == '"' || val[0] == '\'') &&
				    val[vl - 1] == val[0]) {
					val[vl - 1] = '\0';
					val++;
				}
				/* Shell escapes of os-release(5): \" \\ \$ \`. */
				for (char *r = val, *w = val;; r++) {
					if (*r == '\\' && r[1])
						r++;
					*w++ = *r;
					if (!*r)
						break;
				}
				for (char *c = key; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				json_object_set_new(o, key, rb_json_str(val));
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return o;
}

static json_t *os_release_json(const char *root)
{
	char buf[SMALL];

	/* os-release(5): /etc/os-release, falling back to /usr/lib/os-release. */
	if (rb_sys_read(root, "/etc/os-release", buf, sizeof(buf)) >= 0 ||
	    rb_sys_read(root, "/usr/lib/os-release", buf, sizeof(buf)) >= 0)
		return os_release_parse(buf);
	return json_null();
}

/*
 * The BSP release, as Yocto-built images record it: IMAGE_VERSION in
 * os-release when the image sets it; else os-release VERSION when the OS is
 * not a general-purpose distribution (a Yocto distro such as NXP's
 * fsl-imx-xwayland puts its release there, e.g. "6.1-mickledore
 * (mickledore)"; Debian's VERSION is the distribution's own release, already
 * in os_release); else /etc/version (written by Yocto's base-files, the
 * distro version or build stamp). null when none is found.
 */
static json_t *bsp_release_json(const char *root, json_t *osr)
{
	static const char *const distros[] = {"debian", "ubuntu", "fedora", "arch",
					      "alpine", "centos", "rhel",   "opensuse"};
	const char *id = json_string_value(json_object_get(osr, "id"));
	const char *s = json_string_value(json_object_get(osr, "image_version"));
	bool generic = false;
	char buf[256];

	if (s && *s)
		return rb_json_str(s);
	for (size_t i = 0; id && i < sizeof(distros) / sizeof(distros[0]); i++)
		generic |= !strncmp(id, distros[i], strlen(distros[i]));
	s = json_string_value(json_object_get(osr, "version"));
	if (!generic && s && *s)
		return rb_json_str(s);
	if (rb_sys_read(root, "/etc/version", buf, sizeof(buf)) > 0)
		return rb_json_str(buf);
	return json_null();
}

static json_t *device_tree_json(const char *root)
{
	json_t *dt = json_object(), *compat;
	char buf[SMALL];
	int n;

	if (!dt)
		return NULL;
	/* Device-tree string properties end with NUL; compatible is a NUL-separated list. */
	n = rb_sys_read(root, "/proc/device-tree/model", buf, sizeof(buf));
	json_object_set_new(dt, "model", n >= 0 ? rb_json_strn(buf, (size_t)n) : json_null());
	n = rb_sys_read(root, "/proc/device-tree/compatible", buf, sizeof(buf));
	if (n < 0) {
		json_object_set_new(dt, "compatible", json_null());
		return dt;
	}
	compat = json_array();
	for (int i = 0; compat && i < n;) {
		size_t l = strnlen(buf + i, (size_t)(n - i));

		if (l)
			json_array_append_new(compat, rb_json_strn(buf + i, l));
		i += (int)l + 1;
	}
	json_object_set_new(dt, "compatible", compat);
	return dt;
}

/* Count the CPUs of a cpulist ("0-3,5"), or -1 when it does not parse. */
static int cpulist_count(const char *s)
{
	int count = 0;

	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s || a < 0)
			return -1;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1 || b < a)
				return -1;
			s = end;
		}
		count += (int)(b - a + 1);
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return count;
}

static json_t *cpus_json(const char *root)
{
	json_t *o = json_object(), *cpus, *gov = json_array();
	char buf[SMALL];
	size_t i;
	json_t *name;

	if (!o || !gov) {
		json_decref(o);
		json_decref(gov);
		return NULL;
	}
	if (rb_sys_read(root, "/sys/devices/system/cpu/online", buf, sizeof(buf)) >= 0 &&
	    cpulist_count(buf) >= 0)
		json_object_set_new(o, "online", json_integer(cpulist_count(buf)));
	else
		json_object_set_new(o, "online", json_null());
	cpus = rb_sys_list(root, "/sys/devices/system/cpu", "cpu");
	json_array_foreach(cpus, i, name)
	{
		const char *n = json_string_value(name);
		char path[512];

		if (strlen(n) < 4 || strspn(n + 3, "0123456789") != strlen(n + 3))
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/cpufreq/scaling_governor",
			 n);
		if (rb_sys_read(root, path, buf, sizeof(buf)) >= 0)
			json_array_append_new(gov, rb_json_str(buf));
	}
	json_decref(cpus);
	json_object_set_new(o, "governors", gov);
	return o;
}

/* Modules worth reporting: the rpmsg, remoteproc, mailbox and virtio stacks and i.MX drivers. */
static bool module_relevant(const char *name)
{
	static const char *const keys[] = {"rpmsg", "remoteproc", "rproc", "mailbox",
					   "mbox",  "virtio",	  "imx"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strstr(name, keys[i]))
			return true;
	return false;
}

static json_t *modules_json(const char *root)
{
	char path[SMALL], line[1024];
	json_t *arr;
	FILE *f;

	if (rb_sys_path(path, sizeof(path), root, "/proc/modules"))
		return json_null();
	f = fopen(path, "re");
	if (!f)
		return json_null();
	arr = json_array();
	/* proc(5) /proc/modules: "name size refcount deps state address" per line. */
	while (arr && fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');

		if (sp)
			*sp = '\0';
		else
			line[strcspn(line, "\n")] = '\0';
		if (*line && module_relevant(line))
			json_array_append_new(arr, rb_json_str(line));
	}
	fclose(f);
	return arr;
}

static json_t *remoteprocs_json(const char *root)
{
	json_t *arr = json_array(), *names = rb_sys_list(root, "/sys/class/remoteproc", "");
	json_t *name;
	size_t i;

	json_array_foreach(names, i, name)
	{
		const char *n = json_string_value(name);
		json_t *o = json_object();
		char path[512];

		if (!o)
			break;
		json_object_set_new(o, "id", rb_json_str(n));
		snprintf(path, sizeof(path), "/sys/class/remoteproc/%s/name", n);
		set_file_str(o, "name", root, path);
		snprintf(path, sizeof(path), "/sys/class/remoteproc/%s/state", n);
		set_file_str(o, "state", root, path);
		snprintf(path, sizeof(path), "/sys/class/remoteproc/%s/firmware", n);
		set_file_str(o, "firmware", root, path);
		json_array_append_new(arr, o);
	}
	json_decref(names);
	return arr;
}

/* An rpmsg address for the report: RPMSG_ADDR_ANY (0xffffffff, or -1 printed by %d) as -1. */
static json_t *addr_json(long long v)
{
	if (v == -1 || v == 0xffffffffLL)
		return json_integer(-1);
	return json_integer(v);
}

/*
 * Channel name from a bus device name "<parent>.<name>.<src>.<dst>"
 * (rpmsg_core.c dev_set_name "%s.%s.%d.%d"): between the first dot and the
 * second-to-last dot, since the name itself may contain dots.
 */
static json_t *channel_from_devname(const char *dev)
{
	const char *first = strchr(dev, '.'), *last = strrchr(dev, '.'), *mid;

	if (!first || last == first)
		return json_null();
	for (mid = last - 1; mid > first && *mid != '.'; mid--)
		;
	if (mid == first)
		return json_null();
	return rb_json_strn(first + 1, (size_t)(mid - first - 1));
}

static json_t *rpmsg_devices_json(const char *root)
{
	json_t *arr = json_array(), *names = rb_sys_list(root, "/sys/bus/rpmsg/devices", "");
	json_t *name;
	size_t i;

	json_array_foreach(names, i, name)
	{
		const char *n = json_string_value(name);
		json_t *o = json_object();
		char path[512], buf[256];
		long long v;

		if (!o)
			break;
		json_object_set_new(o, "name", rb_json_str(n));
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/name", n);
		if (rb_sys_read(root, path, buf, sizeof(buf)) >= 0)
			json_object_set_new(o, "channel", rb_json_str(buf));
		else
			json_object_set_new(o, "channel", channel_from_devname(n));
		/* Bus attributes are hex "0x%x" (rpmsg_core.c rpmsg_show_attr). */
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/src", n);
		if (!rb_sys_read_long(root, path, 0, &v))
			json_object_set_new(o, "src", addr_json(v));
		snprintf(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/dst", n);
		if (!rb_sys_read_long(root, path, 0, &v))
			json_object_set_new(o, "dst", addr_json(v));
		json_array_append_new(arr, o);
	}
	json_decref(names);
	return arr;
}

static json_t *dev_paths(json_t *names)
{
	json_t *arr = json_array(), *name;
	size_t i;

	json_array_foreach(names, i, name)
	{
		char path[512];

		snprintf(path, sizeof(path), "/dev/%s", json_string_value(name));
		json_array_append_new(arr, rb_json_str(path));
	}
	return arr;
}

static json_t *rpmsg_json(const char *root)
{
	json_t *o = json_object(), *ctrl, *eps, *ttys, *names, *name;
	size_t i;

	if (!o)
		return NULL;
	json_object_set_new(o, "devices", rpmsg_devices_json(root));
	names = rb_sys_list(root, "/sys/class/rpmsg", "rpmsg_ctrl");
	ctrl = dev_paths(names);
	json_decref(names);
	json_object_set_new(o, "ctrl", ctrl);

	eps = json_array();
	names = rb_sys_list(root, "/sys/class/rpmsg", "rpmsg");
	json_array_foreach(names, i, name)
	{
		const char *n = json_string_value(name);
		char path[512], buf[256];
		json_t *e;
		long long v;

		/* rpmsgN only: the class also holds rpmsg_ctrlN. */
		if (strspn(n + 5, "0123456789") != strlen(n + 5) || !n[5])
			continue;
		e = json_object();
		if (!e)
			break;
		snprintf(path, sizeof(path), "/dev/%s", n);
		json_object_set_new(e, "path", rb_json_str(path));
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/name", n);
		if (rb_sys_read(root, path, buf, sizeof(buf)) >= 0)
			json_object_set_new(e, "name", rb_json_str(buf));
		/* Class attributes are decimal "%d", ANY = -1 (rpmsg_char.c). */
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/src", n);
		if (!rb_sys_read_long(root, path, 10, &v))
			json_object_set_new(e, "src", addr_json(v));
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/dst", n);
		if (!rb_sys_read_long(root, path, 10, &v))
			json_object_set_new(e, "dst", addr_json(v));
		json_array_append_new(eps, e);
	}
	json_decref(names);
	json_object_set_new(o, "endpoints", eps);

	names = rb_sys_list(root, "/sys/class/tty", "ttyRPMSG");
	ttys = dev_paths(names);
	json_decref(names);
	json_object_set_new(o, "ttys", ttys);
	return o;
}

json_t *rb_sysinfo_json(const char *root)
{
	json_t *o = json_object(), *osr;
	char buf[SMALL];

	if (!o)
		return NULL;
	if (rb_sys_read(root, "/proc/sys/kernel/hostname", buf, sizeof(buf)) >= 0) {
		json_object_set_new(o, "hostname", rb_json_str(buf));
	} else if (is_real_root(root) && !gethostname(buf, sizeof(buf))) {
		buf[sizeof(buf) - 1] = '\0';
		json_object_set_new(o, "hostname", rb_json_str(buf));
	} else {
		json_object_set_new(o, "hostname", json_null());
	}
	json_object_set_new(o, "kernel", kernel_json(root));
	osr = os_release_json(root);
	json_object_set_new(o, "os_release", osr);
	json_object_set_new(o, "bsp_release", bsp_release_json(root, osr));
	json_object_set_new(o, "device_tree", device_tree_json(root));
	json_object_set_new(o, "cpus", cpus_json(root));
	json_object_set_new(o, "modules", modules_json(root));
	json_object_set_new(o, "remoteprocs", remoteprocs_json(root));
	json_object_set_new(o, "rpmsg", rpmsg_json(root));
	return o;
}
