/* SPDX-License-Identifier: MIT */
/*
 * dtree.c - device tree reader (see dtree.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtree.h"

/* Devicetree Specification v0.4, 5.2 (header) and 5.4 (structure block). */
#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u
#define FDT_HDR_SIZE   40u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static struct rb_dt_node *node_new(struct rb_dt *dt, struct rb_dt_node *parent, const char *name,
				   size_t nlen)
{
	struct rb_dt_node *n;

	if (dt->nnodes >= RB_DT_MAX_NODES)
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->name = strndup(name, nlen);
	if (!n->name) {
		free(n);
		return NULL;
	}
	n->parent = parent;
	if (parent) {
		struct rb_dt_node **c = realloc(parent->child, (parent->nchild + 1) * sizeof(*c));

		if (!c) {
			free(n->name);
			free(n);
			return NULL;
		}
		parent->child = c;
		c[parent->nchild++] = n;
	}
	dt->nnodes++;
	return n;
}

static int prop_add(struct rb_dt_node *n, const char *name, size_t nlen, const void *val,
		    size_t len)
{
	struct rb_dt_prop *p;

	if (len > RB_DT_MAX_PROP)
		return -EINVAL;
	p = realloc(n->prop, (n->nprop + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	n->prop = p;
	p = &n->prop[n->nprop];
	p->name = strndup(name, nlen);
	p->val = malloc(len + 1);
	if (!p->name || !p->val) {
		free(p->name);
		free(p->val);
		return -ENOMEM;
	}
	if (len)
		memcpy(p->val, val, len);
	p->val[len] = 0;
	p->len = len;
	n->nprop++;
	return 0;
}

static void node_free(struct rb_dt_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nchild; i++)
		node_free(n->child[i]);
	for (size_t i = 0; i < n->nprop; i++) {
		free(n->prop[i].name);
		free(n->prop[i].val);
	}
	free(n->child);
	free(n->prop);
	free(n->name);
	free(n);
}

void rb_dt_free(struct rb_dt *dt)
{
	if (!dt)
		return;
	node_free(dt->root);
	free(dt);
}

/* Length of a NUL-terminated string at @p within @end, or -1 if unterminated. */
static long bounded_strlen(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *z = memchr(p, 0, (size_t)(end - p));

	return z ? (long)(z - p) : -1;
}

int rb_dt_load_dtb(const void *blob, size_t len, struct rb_dt **out)
{
	const uint8_t *b = blob;
	uint32_t totalsize, off_struct, off_strings, version, size_strings, size_struct;
	const uint8_t *s, *send, *strs, *strs_end;
	struct rb_dt_node *cur = NULL;
	struct rb_dt *dt;
	int depth = 0, ret = -EINVAL;
	bool done = false;

	if (len < FDT_HDR_SIZE || be32(b) != FDT_MAGIC)
		return -EINVAL;
	totalsize = be32(b + 4);
	off_struct = be32(b + 8);
	off_strings = be32(b + 12);
	version = be32(b + 20);
	size_strings = be32(b + 32);
	size_struct = be32(b + 36);
	/* version 17 header (size_dt_struct exists from v17; 16 is accepted
	 * with the structure block running to the strings block) */
	if (version < 16 || totalsize > len || totalsize < FDT_HDR_SIZE)
		return -EINVAL;
	if (version < 17)
		size_struct = off_strings > off_struct ? off_strings - off_struct : 0;
	if (off_struct > totalsize || size_struct > totalsize - off_struct ||
	    off_strings > totalsize || size_strings > totalsize - off_strings || off_struct % 4)
		return -EINVAL;
	s = b + off_struct;
	send = s + size_struct;
	strs = b + off_strings;
	strs_end = strs + size_strings;

	dt = calloc(1, sizeof(*dt));
	if (!dt)
		return -ENOMEM;
	while (!done) {
		uint32_t tok;

		if (send - s < 4)
			goto err;
		tok = be32(s);
		s += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			long nl = bounded_strlen(s, send);
			struct rb_dt_node *n;

			if (nl < 0 || depth >= RB_DT_MAX_DEPTH)
				goto err;
			if (!cur && dt->root)
				goto err; /* a second root */
			n = node_new(dt, cur, (const char *)s, (size_t)nl);
			if (!n) {
				ret = dt->nnodes >= RB_DT_MAX_NODES ? -EINVAL : -ENOMEM;
				goto err;
			}
			if (!cur)
				dt->root = n;
			cur = n;
			depth++;
			s += ((size_t)nl + 1 + 3) & ~(size_t)3;
			if (s > send)
				goto err;
			break;
		}
		case FDT_END_NODE:
			if (!cur)
				goto err;
			cur = cur->parent;
			depth--;
			break;
		case FDT_PROP: {
			uint32_t plen, nameoff;
			long nl;
			int r;

			if (!cur || send - s < 8)
				goto err;
			plen = be32(s);
			nameoff = be32(s + 4);
			s += 8;
			if (plen > (size_t)(send - s) || nameoff >= size_strings)
				goto err;
			nl = bounded_strlen(strs + nameoff, strs_end);
			if (nl < 0)
				goto err;
			r = prop_add(cur, (const char *)strs + nameoff, (size_t)nl, s, plen);
			if (r) {
				ret = r;
				goto err;
			}
			s += ((size_t)plen + 3) & ~(size_t)3;
			if (s > send)
				goto err;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			done = true;
			break;
		default:
			goto err;
		}
	}
	if (!dt->root || cur)
		goto err;
	*out = dt;
	return 0;
err:
	rb_dt_free(dt);
	return ret;
}

static int read_small_file(int dirfd, const char *name, uint8_t **buf, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	size_t cap = 256, n = 0;
	uint8_t *b;

	if (fd < 0)
		return -errno;
	b = malloc(cap);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			uint8_t *nb;

			if (cap >= RB_DT_MAX_PROP) {
				free(b);
				close(fd);
				return -EINVAL;
			}
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				close(fd);
				return -ENOMEM;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;

			free(b);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir_node(struct rb_dt *dt, struct rb_dt_node *n, int fd, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, cap = 0;
	int ret = 0;

	if (depth >= RB_DT_MAX_DEPTH) {
		close(fd);
		return -EINVAL;
	}
	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return ret;
	}
	/* sorted, so that the tree does not depend on readdir order */
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (nn == cap) {
			char **nb;

			cap = cap ? cap * 2 : 16;
			nb = realloc(names, cap * sizeof(*nb));
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			names = nb;
		}
		names[nn] = strdup(de->d_name);
		if (!names[nn]) {
			ret = -ENOMEM;
			goto out;
		}
		nn++;
	}
	if (nn)
		qsort(names, nn, sizeof(*names), name_cmp);
	for (size_t i = 0; i < nn && !ret; i++) {
		struct stat sb;

		if (fstatat(fd, names[i], &sb, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = -errno;
			break;
		}
		if (S_ISDIR(sb.st_mode)) {
			struct rb_dt_node *c = node_new(dt, n, names[i], strlen(names[i]));
			int cfd;

			if (!c) {
				ret = dt->nnodes >= RB_DT_MAX_NODES ? -EINVAL : -ENOMEM;
				break;
			}
			cfd = openat(fd, names[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			if (cfd < 0) {
				ret = -errno;
				break;
			}
			ret = load_dir_node(dt, c, cfd, depth + 1);
		} else if (S_ISREG(sb.st_mode)) {
			uint8_t *buf = NULL;
			size_t len = 0;

			ret = read_small_file(fd, names[i], &buf, &len);
			if (ret)
				break;
			ret = prop_add(n, names[i], strlen(names[i]), buf, len);
			free(buf);
		}
		/* symlinks and anything else are not part of the tree */
	}
out:
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
}

int rb_dt_load_dir(const char *dir, struct rb_dt **out)
{
	struct rb_dt *dt;
	int fd, ret;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOTDIR ? -EINVAL : -errno;
	dt = calloc(1, sizeof(*dt));
	if (!dt) {
		close(fd);
		return -ENOMEM;
	}
	dt->root = node_new(dt, NULL, "", 0);
	if (!dt->root) {
		close(fd);
		free(dt);
		return -ENOMEM;
	}
	ret = load_dir_node(dt, dt->root, fd, 0);
	if (ret) {
		rb_dt_free(dt);
		return ret;
	}
	*out = dt;
	return 0;
}

int rb_dt_load(const char *path, struct rb_dt **out)
{
	struct stat sb;
	uint8_t *blob;
	size_t len;
	int ret;

	if (stat(path, &sb) < 0)
		return -errno;
	if (S_ISDIR(sb.st_mode))
		return rb_dt_load_dir(path, out);
	if (!S_ISREG(sb.st_mode) || sb.st_size > (off_t)RB_DT_MAX_BLOB)
		return -EINVAL;
	{
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		size_t n = 0;

		if (fd < 0)
			return -errno;
		len = (size_t)sb.st_size;
		blob = malloc(len ? len : 1);
		if (!blob) {
			close(fd);
			return -ENOMEM;
		}
		while (n < len) {
			ssize_t r = read(fd, blob + n, len - n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		close(fd);
		len = n;
	}
	ret = rb_dt_load_dtb(blob, len, out);
	free(blob);
	return ret;
}

static int write_node(const struct rb_dt_node *n, int dirfd)
{
	for (size_t i = 0; i < n->nprop; i++) {
		const struct rb_dt_prop *p = &n->prop[i];
		int fd;
		ssize_t w;

		if (!p->name[0] || strchr(p->name, '/') || !strcmp(p->name, ".") ||
		    !strcmp(p->name, ".."))
			return -EINVAL;
		fd = openat(dirfd, p->name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
		if (fd < 0)
			return -errno;
		w = p->len ? write(fd, p->val, p->len) : 0;
		if (w < 0 || (size_t)w != p->len) {
			int e = w < 0 ? -errno : -EIO;

			close(fd);
			return e;
		}
		close(fd);
	}
	for (size_t i = 0; i < n->nchild; i++) {
		const struct rb_dt_node *c = n->child[i];
		int cfd, ret;

		if (!c->name[0] || strchr(c->name, '/') || !strcmp(c->name, ".") ||
		    !strcmp(c->name, ".."))
			return -EINVAL;
		if (mkdirat(dirfd, c->name, 0755) < 0)
			return -errno;
		cfd = openat(dirfd, c->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0)
			return -errno;
		ret = write_node(c, cfd);
		close(cfd);
		if (ret)
			return ret;
	}
	return 0;
}

int rb_dt_write_dir(const struct rb_dt *dt, const char *dir)
{
	int fd, ret;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write_node(dt->root, fd);
	close(fd);
	return ret;
}

/* ---- queries ---- */

const struct rb_dt_node *rb_dt_next(const struct rb_dt *dt, const struct rb_dt_node *n)
{
	if (!n)
		return dt->root;
	if (n->nchild)
		return n->child[0];
	while (n->parent) {
		const struct rb_dt_node *p = n->parent;

		for (size_t i = 0; i + 1 < p->nchild; i++)
			if (p->child[i] == n)
				return p->child[i + 1];
		n = p;
	}
	return NULL;
}

const struct rb_dt_prop *rb_dt_prop(const struct rb_dt_node *n, const char *name)
{
	if (!n)
		return NULL;
	for (size_t i = 0; i < n->nprop; i++)
		if (!strcmp(n->prop[i].name, name))
			return &n->prop[i];
	return NULL;
}

int rb_dt_u32(const struct rb_dt_node *n, const char *name, size_t idx, uint32_t *v)
{
	const struct rb_dt_prop *p = rb_dt_prop(n, name);

	if (!p)
		return -ENOENT;
	if (idx >= p->len / 4)
		return -ERANGE;
	*v = be32(p->val + idx * 4);
	return 0;
}

const char *rb_dt_string(const struct rb_dt_node *n, const char *name, size_t idx)
{
	const struct rb_dt_prop *p = rb_dt_prop(n, name);
	size_t off = 0;

	if (!p)
		return NULL;
	/* val[len] == 0 always, so the last string is terminated */
	while (off < p->len) {
		const char *s = (const char *)p->val + off;

		if (idx-- == 0)
			return s;
		off += strlen(s) + 1;
	}
	return NULL;
}

size_t rb_dt_string_count(const struct rb_dt_node *n, const char *name)
{
	size_t c = 0;

	while (rb_dt_string(n, name, c))
		c++;
	return c;
}

bool rb_dt_has_string(const struct rb_dt_node *n, const char *name, const char *s)
{
	const char *x;

	for (size_t i = 0; (x = rb_dt_string(n, name, i)); i++)
		if (!strcmp(x, s))
			return true;
	return false;
}

bool rb_dt_enabled(const struct rb_dt_node *n)
{
	const char *st = rb_dt_string(n, "status", 0);

	return !st || !strcmp(st, "okay") || !strcmp(st, "ok");
}

const char *rb_dt_basename(const struct rb_dt_node *n, char *buf, size_t size)
{
	const char *at = strchr(n->name, '@');
	size_t l = at ? (size_t)(at - n->name) : strlen(n->name);

	if (l >= size)
		l = size - 1;
	memcpy(buf, n->name, l);
	buf[l] = '\0';
	return buf;
}

const char *rb_dt_path(const struct rb_dt_node *n, char *buf, size_t size)
{
	const struct rb_dt_node *chain[RB_DT_MAX_DEPTH + 1];
	int depth = 0;
	size_t off = 0;

	for (; n && n->parent && depth < RB_DT_MAX_DEPTH; n = n->parent)
		chain[depth++] = n;
	buf[0] = '\0';
	if (!depth) {
		snprintf(buf, size, "/");
		return buf;
	}
	while (depth-- > 0 && off < size) {
		int w = snprintf(buf + off, size - off, "/%s", chain[depth]->name);

		if (w < 0)
			break;
		off += (size_t)w;
	}
	return buf;
}

const struct rb_dt_node *rb_dt_find_path(const struct rb_dt *dt, const char *path)
{
	const struct rb_dt_node *n = dt->root;
	const char *p = path;

	if (!n || *p != '/')
		return NULL;
	while (*p) {
		const struct rb_dt_node *found = NULL;
		size_t l;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		l = strcspn(p, "/");
		for (size_t i = 0; i < n->nchild; i++) {
			const char *cn = n->child[i]->name;

			if (!strncmp(cn, p, l) &&
			    (cn[l] == '\0' || (cn[l] == '@' && !memchr(p, '@', l)))) {
				found = n->child[i];
				if (cn[l] == '\0')
					break;
			}
		}
		if (!found)
			return NULL;
		n = found;
		p += l;
	}
	return n;
}

const struct rb_dt_node *rb_dt_find_compatible(const struct rb_dt *dt,
					       const struct rb_dt_node *from, const char *compat)
{
	for (const struct rb_dt_node *n = rb_dt_next(dt, from); n; n = rb_dt_next(dt, n))
		if (rb_dt_has_string(n, "compatible", compat))
			return n;
	return NULL;
}

const struct rb_dt_node *rb_dt_find_phandle(const struct rb_dt *dt, uint32_t ph)
{
	if (ph == 0 || ph == 0xffffffffu)
		return NULL;
	for (const struct rb_dt_node *n = rb_dt_next(dt, NULL); n; n = rb_dt_next(dt, n)) {
		uint32_t v;

		if ((rb_dt_u32(n, "phandle", 0, &v) == 0 ||
		     rb_dt_u32(n, "linux,phandle", 0, &v) == 0) &&
		    v == ph)
			return n;
	}
	return NULL;
}

int rb_dt_reg(const struct rb_dt_node *n, size_t idx, uint64_t *addr, uint64_t *size)
{
	const struct rb_dt_prop *p = rb_dt_prop(n, "reg");
	uint32_t ac = 2, sc = 1;
	size_t entry;
	const uint8_t *v;

	if (!p)
		return -ENOENT;
	if (n->parent) {
		rb_dt_u32(n->parent, "#address-cells", 0, &ac);
		rb_dt_u32(n->parent, "#size-cells", 0, &sc);
	}
	if (ac < 1 || ac > 2 || sc > 2)
		return -EINVAL;
	entry = (ac + sc) * 4;
	if (p->len % entry)
		return -EINVAL;
	if (idx >= p->len / entry)
		return -ENOENT;
	v = p->val + idx * entry;
	*addr = ac == 2 ? (uint64_t)be32(v) << 32 | be32(v + 4) : be32(v);
	v += ac * 4;
	*size = sc == 2 ? (uint64_t)be32(v) << 32 | be32(v + 4) : sc == 1 ? be32(v) : 0;
	return 0;
}
