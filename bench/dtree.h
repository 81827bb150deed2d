/* SPDX-License-Identifier: MIT */
/*
 * dtree.h - read-only device tree access for `rpmsg-bench doctor`: a
 * flattened tree (.dtb) parsed by our own bounds-checked FDT reader, or a
 * /proc/device-tree style directory (one directory per node, one file per
 * property holding its raw big-endian bytes). Both give the same in-memory
 * tree. Input files are untrusted: every offset and length is checked.
 *
 * FDT format: Devicetree Specification v0.4, chapter 5 (header, structure
 * block tokens FDT_BEGIN_NODE 1, FDT_END_NODE 2, FDT_PROP 3, FDT_NOP 4,
 * FDT_END 9, strings block).
 */
#ifndef RB_DTREE_H
#define RB_DTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits that keep a hostile input bounded. */
#define RB_DT_MAX_DEPTH 32
#define RB_DT_MAX_NODES 20000
#define RB_DT_MAX_PROP	1048576 /* bytes of one property */
#define RB_DT_MAX_BLOB	(64u << 20)

struct rb_dt_prop {
	char *name;
	uint8_t *val; /* raw bytes, big-endian cells; NUL-terminated copy (val[len] == 0) */
	size_t len;
};

struct rb_dt_node {
	char *name; /* "vdevbuffer@55400000"; "" for the root */
	struct rb_dt_node *parent;
	struct rb_dt_node **child;
	size_t nchild;
	struct rb_dt_prop *prop;
	size_t nprop;
};

struct rb_dt {
	struct rb_dt_node *root;
	size_t nnodes;
};

/*
 * Load a device tree from @path: a directory (/proc/device-tree form) or a
 * file starting with the FDT magic. Returns 0 and *out, or -ENOENT/-EACCES
 * (cannot open), -EINVAL (not a device tree, or malformed: truncated,
 * offsets out of bounds, bad token, too deep, too many nodes), -ENOMEM.
 */
int rb_dt_load(const char *path, struct rb_dt **out);
/* Parse a flattened tree from memory (@len bytes). Errors as rb_dt_load. */
int rb_dt_load_dtb(const void *blob, size_t len, struct rb_dt **out);
/* Read a /proc/device-tree style directory. Errors as rb_dt_load. */
int rb_dt_load_dir(const char *dir, struct rb_dt **out);
/* Free a tree; NULL is a no-op. */
void rb_dt_free(struct rb_dt *dt);

/*
 * Write @dt as a /proc/device-tree style directory at @dir (created; must
 * not exist or be empty). Used by tests to turn compiled fixtures into the
 * directory form (dtc cannot write it). Returns 0 or -errno.
 */
int rb_dt_write_dir(const struct rb_dt *dt, const char *dir);

/* Node at an absolute path ("/reserved-memory/vdevbuffer@55400000"); unit
 * addresses may be omitted when unambiguous ("/reserved-memory/vdevbuffer"). */
const struct rb_dt_node *rb_dt_find_path(const struct rb_dt *dt, const char *path);
/* Next node after @from (depth-first; NULL = start) whose "compatible" list
 * contains @compat; NULL when none. */
const struct rb_dt_node *rb_dt_find_compatible(const struct rb_dt *dt,
					       const struct rb_dt_node *from, const char *compat);
/* Node whose "phandle" (or "linux,phandle") is @ph; NULL when none. */
const struct rb_dt_node *rb_dt_find_phandle(const struct rb_dt *dt, uint32_t ph);
/* Next node in depth-first order after @n (NULL = the root); NULL at the end. */
const struct rb_dt_node *rb_dt_next(const struct rb_dt *dt, const struct rb_dt_node *n);

/* Property @name of @n, or NULL; *len receives its length when not NULL. */
const struct rb_dt_prop *rb_dt_prop(const struct rb_dt_node *n, const char *name);
/* Cell @idx of property @name. Returns 0, -ENOENT (absent) or -ERANGE (too short). */
int rb_dt_u32(const struct rb_dt_node *n, const char *name, size_t idx, uint32_t *v);
/* Whether string-list property @name contains @s. */
bool rb_dt_has_string(const struct rb_dt_node *n, const char *name, const char *s);
/* Number of strings in string-list property @name (0 when absent). */
size_t rb_dt_string_count(const struct rb_dt_node *n, const char *name);
/* String @idx of a string-list property, or NULL. */
const char *rb_dt_string(const struct rb_dt_node *n, const char *name, size_t idx);
/* "status" absent, "okay" or "ok" (Devicetree Specification 2.3.4). */
bool rb_dt_enabled(const struct rb_dt_node *n);
/* Node name without the unit address ("vdevbuffer"), into @buf. */
const char *rb_dt_basename(const struct rb_dt_node *n, char *buf, size_t size);
/* Full path of @n into @buf ("/" for the root). */
const char *rb_dt_path(const struct rb_dt_node *n, char *buf, size_t size);

/*
 * Entry @idx of "reg", decoded with the parent's #address-cells and
 * #size-cells (defaults 2 and 1, Devicetree Specification 2.3.5).
 * Returns 0, -ENOENT (no reg / no such entry), or -EINVAL (cell counts
 * above 2 or a reg length that is not a multiple of the entry size).
 */
int rb_dt_reg(const struct rb_dt_node *n, size_t idx, uint64_t *addr, uint64_t *size);

#endif /* RB_DTREE_H */
