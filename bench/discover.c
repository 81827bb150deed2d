/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * discover.c - rpmsg channels, endpoints, ctrl nodes, remoteprocs and ttys
 * from sysfs, under a configurable system root. See discover.h for sources.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"

/* strlcpy: copy with truncation, always terminated (n > 0). */
static void scopy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int rb_sysroot_path(char *out, size_t n, const char *sysroot, const char *path)
{
	int r;

	if (!sysroot || !*sysroot || !strcmp(sysroot, "/"))
		r = snprintf(out, n, "%s", path);
	else
		r = snprintf(out, n, "%s%s%s", sysroot,
			     sysroot[strlen(sysroot) - 1] == '/' || path[0] == '/' ? "" : "/",
			     sysroot[strlen(sysroot) - 1] == '/' && path[0] == '/' ? path + 1
										   : path);
	return r < 0 || (size_t)r >= n ? -ENAMETOOLONG : 0;
}

/* Read a one-line sysfs attribute into buf without the newline; "" when absent. */
static int read_attr(const char *sysroot, const char *dir, const char *attr, char *buf, size_t n)
{
	char rel[PATH_MAX], path[PATH_MAX];
	FILE *f;
	size_t len;

	buf[0] = '\0';
	if (snprintf(rel, sizeof(rel), "%s/%s", dir, attr) >= (int)sizeof(rel) ||
	    rb_sysroot_path(path, sizeof(path), sysroot, rel))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)n, f))
		buf[0] = '\0';
	fclose(f);
	len = strlen(buf);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return 0;
}

/* A number as sysfs prints it: "0x400" (bus attrs), "1024" or "-1" (class attrs). */
static int64_t parse_addr(const char *s)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || *end)
		return -1;
	/* RPMSG_ADDR_ANY printed with %x is 0xffffffff. */
	if (v == 0xffffffffLL)
		return -1;
	return v;
}

/* Order names with numeric suffixes numerically: rpmsg2 < rpmsg10. */
static int natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

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

static int natcmp_p(const void *a, const void *b)
{
	return natcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Entries of sysroot/dir whose names start with prefix, sorted naturally.
 * Returns the count (names in *out, caller frees each and the array), 0
 * when the directory does not exist, or -ENOMEM.
 */
static int list_dir(const char *sysroot, const char *dir, const char *prefix, char ***out)
{
	char path[PATH_MAX];
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;
	DIR *d;

	*out = NULL;
	if (rb_sysroot_path(path, sizeof(path), sysroot, dir))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		if (n == cap) {
			char **nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));

			if (!nv)
				goto nomem;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if (!v[n])
			goto nomem;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), natcmp_p);
	*out = v;
	return (int)n;

nomem:
	closedir(d);
	while (n)
		free(v[--n]);
	free(v);
	return -ENOMEM;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void copy(char *dst, const char *src)
{
	scopy(dst, RB_DISC_NAME, src);
}

/* rpmsgN entries of /sys/class/rpmsg (not rpmsg_ctrlN). */
static bool is_ept_name(const char *s)
{
	if (strncmp(s, "rpmsg", 5) || !s[5])
		return false;
	for (s += 5; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static void read_ept(const char *sysroot, const char *ent, struct rb_rpmsg_ept *e)
{
	char dir[PATH_MAX], v[64];

	snprintf(dir, sizeof(dir), "/sys/class/rpmsg/%s", ent);
	snprintf(e->path, sizeof(e->path), "/dev/%s", ent);
	e->index = atoi(ent + 5);
	read_attr(sysroot, dir, "name", e->name, sizeof(e->name));
	read_attr(sysroot, dir, "src", v, sizeof(v));
	e->src = parse_addr(v);
	read_attr(sysroot, dir, "dst", v, sizeof(v));
	e->dst = parse_addr(v);
}

/* Basename of the target of a symlink under sysroot ("" when not a link). */
static void link_base(const char *sysroot, const char *rel, char *out, size_t n)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t len;
	const char *slash;

	out[0] = '\0';
	if (rb_sysroot_path(path, sizeof(path), sysroot, rel))
		return;
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return;
	target[len] = '\0';
	slash = strrchr(target, '/');
	scopy(out, n, slash ? slash + 1 : target);
}

int rb_discover(const char *sysroot, struct rb_discovery *d)
{
	char **v;
	int n;

	memset(d, 0, sizeof(*d));

	n = list_dir(sysroot, "/sys/bus/rpmsg/devices", "", &v);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		struct rb_rpmsg_chan *c;
		char dir[PATH_MAX], val[64];

		if (d->n_chans == RB_DISC_MAX) {
			d->truncated++;
			continue;
		}
		c = &d->chans[d->n_chans++];
		copy(c->dev, v[i]);
		snprintf(dir, sizeof(dir), "/sys/bus/rpmsg/devices/%s", v[i]);
		read_attr(sysroot, dir, "name", c->name, sizeof(c->name));
		read_attr(sysroot, dir, "src", val, sizeof(val));
		c->src = parse_addr(val);
		read_attr(sysroot, dir, "dst", val, sizeof(val));
		c->dst = parse_addr(val);
		snprintf(dir, sizeof(dir), "/sys/bus/rpmsg/devices/%s/driver", v[i]);
		link_base(sysroot, dir, c->driver, sizeof(c->driver));
	}
	free_list(v, n);

	n = list_dir(sysroot, "/sys/class/rpmsg", "rpmsg", &v);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (!strncmp(v[i], "rpmsg_ctrl", 10)) {
			if (d->n_ctrls == RB_DISC_MAX)
				d->truncated++;
			else
				snprintf(d->ctrls[d->n_ctrls++], RB_DISC_NAME, "/dev/%s", v[i]);
		} else if (is_ept_name(v[i])) {
			if (d->n_epts == RB_DISC_MAX)
				d->truncated++;
			else
				read_ept(sysroot, v[i], &d->epts[d->n_epts++]);
		}
	}
	free_list(v, n);

	n = list_dir(sysroot, "/sys/class/remoteproc", "remoteproc", &v);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		struct rb_rproc *r;
		char dir[PATH_MAX];

		if (d->n_rprocs == RB_DISC_MAX) {
			d->truncated++;
			continue;
		}
		r = &d->rprocs[d->n_rprocs++];
		copy(r->dev, v[i]);
		snprintf(dir, sizeof(dir), "/sys/class/remoteproc/%s", v[i]);
		read_attr(sysroot, dir, "name", r->name, sizeof(r->name));
		read_attr(sysroot, dir, "state", r->state, sizeof(r->state));
		read_attr(sysroot, dir, "firmware", r->firmware, sizeof(r->firmware));
	}
	free_list(v, n);

	n = list_dir(sysroot, "/sys/class/tty", "ttyRPMSG", &v);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (d->n_ttys == RB_DISC_MAX)
			d->truncated++;
		else
			snprintf(d->ttys[d->n_ttys++], RB_DISC_NAME, "/dev/%s", v[i]);
	}
	free_list(v, n);
	return 0;
}

/* Shared by the two endpoint searches: first (lowest N) or last (highest N) match. */
static int find_ept(const char *sysroot, const char *name, int64_t src, int64_t dst, bool last,
		    char *path, size_t n, int64_t *osrc, int64_t *odst)
{
	struct rb_rpmsg_ept e, found = {.index = -1};
	char **v;
	int cnt = list_dir(sysroot, "/sys/class/rpmsg", "rpmsg", &v);

	if (cnt < 0)
		return cnt;
	for (int i = 0; i < cnt; i++) {
		if (!is_ept_name(v[i]))
			continue;
		memset(&e, 0, sizeof(e));
		read_ept(sysroot, v[i], &e);
		if (strcmp(e.name, name) || (src != -1 && e.src != src) ||
		    (dst != -1 && e.dst != dst))
			continue;
		if (found.index < 0 || last)
			found = e;
	}
	free_list(v, cnt);
	if (found.index < 0)
		return -ENOENT;
	if (osrc)
		*osrc = found.src;
	if (odst)
		*odst = found.dst;
	if (strlen(found.path) >= n)
		return -ENAMETOOLONG;
	scopy(path, n, found.path);
	return 0;
}

int rb_discover_channel(const char *sysroot, const char *name, char *path, size_t n, int64_t *src,
			int64_t *dst)
{
	return find_ept(sysroot, name, -1, -1, false, path, n, src, dst);
}

int rb_discover_created_ept(const char *sysroot, const char *name, int64_t src, int64_t dst,
			    char *path, size_t n)
{
	return find_ept(sysroot, name, src, dst, true, path, n, NULL, NULL);
}

bool rb_tty_is_rpmsg(const char *sysroot, const char *dev)
{
	char path[PATH_MAX], real[PATH_MAX], rel[PATH_MAX], drv[RB_DISC_NAME];
	const char *base;

	/* Follow a /dev symlink (udev aliases) to the node's own name. */
	if (rb_sysroot_path(path, sizeof(path), sysroot, dev))
		return false;
	base = realpath(path, real) ? strrchr(real, '/') : strrchr(dev, '/');
	base = base ? base + 1 : dev;
	if (!strncmp(base, "ttyRPMSG", 8))
		return true;
	snprintf(rel, sizeof(rel), "/sys/class/tty/%s/device/driver", base);
	link_base(sysroot, rel, drv, sizeof(drv));
	return !strcmp(drv, "rpmsg_tty") || !strcmp(drv, "imx_rpmsg_tty");
}

int rb_chardev_is_rpmsg(const char *sysroot, unsigned int maj, unsigned int min)
{
	char rel[64], sub[RB_DISC_NAME], path[PATH_MAX];

	snprintf(rel, sizeof(rel), "/sys/dev/char/%u:%u", maj, min);
	if (rb_sysroot_path(path, sizeof(path), sysroot, rel))
		return -ENAMETOOLONG;
	if (access(path, F_OK))
		return -errno;
	snprintf(rel, sizeof(rel), "/sys/dev/char/%u:%u/subsystem", maj, min);
	link_base(sysroot, rel, sub, sizeof(sub));
	return !strcmp(sub, "rpmsg");
}

static void print_addr(FILE *f, int64_t a)
{
	if (a < 0)
		fprintf(f, "any");
	else
		fprintf(f, "%lld", (long long)a);
}

void rb_discovery_print(FILE *f, const struct rb_discovery *d)
{
	fprintf(f, "rpmsg channels (/sys/bus/rpmsg/devices):%s\n", d->n_chans ? "" : " none");
	for (size_t i = 0; i < d->n_chans; i++) {
		fprintf(f, "  %-28s src ", d->chans[i].name);
		print_addr(f, d->chans[i].src);
		fprintf(f, " dst ");
		print_addr(f, d->chans[i].dst);
		fprintf(f, "  %s%s%s\n", d->chans[i].dev, d->chans[i].driver[0] ? "  driver " : "",
			d->chans[i].driver);
	}
	fprintf(f, "rpmsg char endpoints:%s\n", d->n_epts ? "" : " none");
	for (size_t i = 0; i < d->n_epts; i++) {
		fprintf(f, "  %-18s %-24s src ", d->epts[i].path, d->epts[i].name);
		print_addr(f, d->epts[i].src);
		fprintf(f, " dst ");
		print_addr(f, d->epts[i].dst);
		fprintf(f, "\n");
	}
	fprintf(f, "rpmsg_ctrl nodes:%s\n", d->n_ctrls ? "" : " none");
	for (size_t i = 0; i < d->n_ctrls; i++)
		fprintf(f, "  %s\n", d->ctrls[i]);
	fprintf(f, "rpmsg ttys:%s\n", d->n_ttys ? "" : " none");
	for (size_t i = 0; i < d->n_ttys; i++)
		fprintf(f, "  %s\n", d->ttys[i]);
	fprintf(f, "remoteprocs:%s\n", d->n_rprocs ? "" : " none");
	for (size_t i = 0; i < d->n_rprocs; i++)
		fprintf(f, "  %-12s %-20s %-10s firmware %s\n", d->rprocs[i].dev, d->rprocs[i].name,
			d->rprocs[i].state, d->rprocs[i].firmware[0] ? d->rprocs[i].firmware : "-");
	if (d->truncated)
		fprintf(f, "(%zu more entries not listed)\n", d->truncated);
}

static json_t *addr_json(int64_t a)
{
	return a < 0 ? json_null() : json_integer(a);
}

json_t *rb_discovery_json(const struct rb_discovery *d)
{
	json_t *o = json_object(), *chans = json_array(), *epts = json_array();
	json_t *ctrls = json_array(), *ttys = json_array(), *rprocs = json_array();
	int err;

	/* set_new takes the reference even when it fails, so nothing leaks below. */
	err = !o || json_object_set_new(o, "channels", chans) ||
	      json_object_set_new(o, "endpoints", epts) || json_object_set_new(o, "ctrl", ctrls) ||
	      json_object_set_new(o, "ttys", ttys) || json_object_set_new(o, "remoteprocs", rprocs);
	for (size_t i = 0; !err && i < d->n_chans; i++)
		err |= json_array_append_new(
			chans,
			json_pack("{s:s, s:s, s:o, s:o, s:s?}", "device", d->chans[i].dev, "name",
				  d->chans[i].name, "src", addr_json(d->chans[i].src), "dst",
				  addr_json(d->chans[i].dst), "driver",
				  d->chans[i].driver[0] ? d->chans[i].driver : NULL));
	for (size_t i = 0; !err && i < d->n_epts; i++)
		err |= json_array_append_new(
			epts, json_pack("{s:s, s:s, s:o, s:o}", "path", d->epts[i].path, "name",
					d->epts[i].name, "src", addr_json(d->epts[i].src), "dst",
					addr_json(d->epts[i].dst)));
	for (size_t i = 0; !err && i < d->n_ctrls; i++)
		err |= json_array_append_new(ctrls, json_string(d->ctrls[i]));
	for (size_t i = 0; !err && i < d->n_ttys; i++)
		err |= json_array_append_new(ttys, json_string(d->ttys[i]));
	for (size_t i = 0; !err && i < d->n_rprocs; i++)
		err |= json_array_append_new(
			rprocs, json_pack("{s:s, s:s, s:s, s:s}", "device", d->rprocs[i].dev,
					  "name", d->rprocs[i].name, "state", d->rprocs[i].state,
					  "firmware", d->rprocs[i].firmware));
	if (!err)
		return o;
	json_decref(o);
	return NULL;
}
