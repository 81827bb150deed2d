/* SPDX-License-Identifier: MIT */
/*
 * test-dtree.c - the device-tree reader: fixtures compiled with dtc, read
 * as .dtb and as /proc/device-tree directories (written by rb_dt_write_dir),
 * the two compared; malformed and hostile blobs rejected with -EINVAL and
 * never read out of bounds (run under ASan).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtree.h"
#include "t_check.h"

static char tmpdir[1024];

/* Compile tests/fixtures/dt/<name>.dts into <tmpdir>/<name>.dtb. */
static int t_dtc(const char *name, char *out, size_t size)
{
	const char *root = getenv("RB_ROOT");
	char cmd[8192];

	snprintf(out, size, "%s/%s.dtb", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o '%s' '%s/tests/fixtures/dt/%s.dts'",
		 out, root ? root : ".", name);
	return system(cmd) == 0 ? 0 : -1;
}

static void *t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Same nodes and properties, children matched by name (order may differ). */
static bool same_node(const struct rb_dt_node *a, const struct rb_dt_node *b)
{
	if (a->nchild != b->nchild || a->nprop != b->nprop)
		return false;
	for (size_t i = 0; i < a->nprop; i++) {
		const struct rb_dt_prop *p = rb_dt_prop(b, a->prop[i].name);

		if (!p || p->len != a->prop[i].len || memcmp(p->val, a->prop[i].val, p->len))
			return false;
	}
	for (size_t i = 0; i < a->nchild; i++) {
		const struct rb_dt_node *m = NULL;

		for (size_t j = 0; j < b->nchild; j++)
			if (!strcmp(a->child[i]->name, b->child[j]->name))
				m = b->child[j];
		if (!m || !same_node(a->child[i], m))
			return false;
	}
	return true;
}

static void test_imx8mp(void)
{
	char dtb[4096], dir[4200], path[512];
	struct rb_dt *dt = NULL, *dd = NULL;
	const struct rb_dt_node *n, *cm7, *mu;
	uint64_t a, s;
	uint32_t ph;
	int ret;

	if (t_dtc("imx8mp-evk-rpmsg", dtb, sizeof(dtb))) {
		T_FAIL("dtc imx8mp-evk-rpmsg");
		return;
	}
	ret = rb_dt_load(dtb, &dt);
	if (ret) {
		T_FAIL("load %s: %d", dtb, ret);
		return;
	}
	n = rb_dt_find_path(dt, "/reserved-memory/vdevbuffer");
	T_EXPECT(n && !strcmp(n->name, "vdevbuffer@55400000"), "find vdevbuffer without unit");
	T_EXPECT(n && rb_dt_reg(n, 0, &a, &s) == 0 && a == 0x55400000 && s == 0x100000,
		 "vdevbuffer reg");
	T_EXPECT(n && rb_dt_reg(n, 1, &a, &s) == -ENOENT, "reg entry 1");
	T_EXPECT(n && !strcmp(rb_dt_path(n, path, sizeof(path)),
			      "/reserved-memory/vdevbuffer@55400000"),
		 "path '%s'", path);
	T_EXPECT(rb_dt_find_path(dt, "/reserved-memory/vdevbuffer@55400000") == n, "full path");
	T_EXPECT(rb_dt_find_path(dt, "/reserved-memory/nope") == NULL, "missing path");
	T_EXPECT(rb_dt_find_path(dt, "/") == dt->root, "root path");
	cm7 = rb_dt_find_compatible(dt, NULL, "fsl,imx8mn-cm7");
	T_EXPECT(cm7 && !strcmp(cm7->name, "imx8mp-cm7") && rb_dt_enabled(cm7), "cm7 node");
	T_EXPECT(rb_dt_find_compatible(dt, cm7, "fsl,imx8mn-cm7") == NULL, "one cm7 node");
	T_EXPECT(rb_dt_string_count(cm7, "mbox-names") == 3 &&
			 !strcmp(rb_dt_string(cm7, "mbox-names", 2), "rxdb") &&
			 rb_dt_has_string(cm7, "mbox-names", "rx") &&
			 !rb_dt_has_string(cm7, "mbox-names", "txdb"),
		 "mbox-names");
	T_EXPECT(rb_dt_u32(cm7, "mboxes", 0, &ph) == 0, "mboxes[0]");
	mu = rb_dt_find_phandle(dt, ph);
	T_EXPECT(mu && !strcmp(mu->name, "mailbox@30aa0000"), "mboxes phandle -> mu");
	T_EXPECT(rb_dt_u32(cm7, "mboxes", 9, &ph) == -ERANGE, "mboxes[9]");
	T_EXPECT(rb_dt_u32(cm7, "nope", 0, &ph) == -ENOENT, "absent property");
	T_EXPECT(rb_dt_find_phandle(dt, 0) == NULL && rb_dt_find_phandle(dt, 0xffffffffu) == NULL,
		 "invalid phandles");
	/* reg with #address-cells = <1> in soc@0 */
	T_EXPECT(mu && rb_dt_reg(mu, 0, &a, &s) == 0 && a == 0x30aa0000 && s == 0x10000, "mu reg");

	/* /proc/device-tree form: written, read back, identical */
	snprintf(dir, sizeof(dir), "%s/imx8mp-dir", tmpdir);
	ret = rb_dt_write_dir(dt, dir);
	T_EXPECT(ret == 0, "write_dir %d", ret);
	ret = rb_dt_load(dir, &dd);
	T_EXPECT(ret == 0, "load dir %d", ret);
	if (!ret) {
		T_EXPECT(same_node(dt->root, dd->root), "dtb and directory trees differ");
		T_EXPECT(dd->nnodes == dt->nnodes, "node count %zu vs %zu", dd->nnodes, dt->nnodes);
		rb_dt_free(dd);
	}
	T_EXPECT(rb_dt_write_dir(dt, dir) == -EEXIST, "write_dir over an existing tree");
	rb_dt_free(dt);
	rb_dt_free(NULL);
}

static void test_imx7d_cells(void)
{
	char dtb[4096];
	struct rb_dt *dt;
	const struct rb_dt_node *n;
	uint64_t a, s;
	uint32_t v;

	if (t_dtc("imx7d-colibri-uboot-disabled", dtb, sizeof(dtb)) || rb_dt_load(dtb, &dt)) {
		T_FAIL("imx7d fixture");
		return;
	}
	n = rb_dt_find_compatible(dt, NULL, "fsl,imx7d-rpmsg");
	T_EXPECT(n && !rb_dt_enabled(n), "rpmsg node disabled");
	T_EXPECT(n && rb_dt_reg(n, 0, &a, &s) == 0 && a == 0x8fff0000 && s == 0x10000,
		 "1/1 cells reg");
	T_EXPECT(n && rb_dt_u32(n, "vdev-nums", 0, &v) == 0 && v == 1, "vdev-nums");
	rb_dt_free(dt);
}

/* FDT builder for hostile inputs. */
struct blob {
	uint8_t b[4096];
	size_t n;
};

static void put32(struct blob *x, uint32_t v)
{
	x->b[x->n++] = (uint8_t)(v >> 24);
	x->b[x->n++] = (uint8_t)(v >> 16);
	x->b[x->n++] = (uint8_t)(v >> 8);
	x->b[x->n++] = (uint8_t)v;
}

static void set32(struct blob *x, size_t off, uint32_t v)
{
	x->b[off] = (uint8_t)(v >> 24);
	x->b[off + 1] = (uint8_t)(v >> 16);
	x->b[off + 2] = (uint8_t)(v >> 8);
	x->b[off + 3] = (uint8_t)v;
}

/* Header + structure block of @depth nested nodes; strings "reg". */
static void build(struct blob *x, int depth, uint32_t proplen, uint32_t nameoff)
{
	size_t st;

	memset(x, 0, sizeof(*x));
	x->n = 40;
	st = x->n;
	for (int i = 0; i < depth; i++) {
		put32(x, 1);
		put32(x, i ? 0x61000000u : 0); /* "a" or "" */
	}
	put32(x, 3);
	put32(x, proplen);
	put32(x, nameoff);
	put32(x, 0x12345678u);
	for (int i = 0; i < depth; i++)
		put32(x, 2);
	put32(x, 9);
	set32(x, 0, 0xd00dfeedu);
	set32(x, 8, (uint32_t)st);
	set32(x, 12, (uint32_t)x->n);
	set32(x, 36, (uint32_t)(x->n - st));
	memcpy(x->b + x->n, "reg", 4);
	x->n += 4;
	set32(x, 4, (uint32_t)x->n);
	set32(x, 16, 0);
	set32(x, 20, 17);
	set32(x, 24, 16);
	set32(x, 32, 4);
}

static void test_hostile(void)
{
	struct blob x;
	struct rb_dt *dt = NULL;
	char dtb[4096];
	uint8_t *good;
	size_t len;
	int ret;

	build(&x, 2, 4, 0);
	ret = rb_dt_load_dtb(x.b, x.n, &dt);
	T_EXPECT(ret == 0, "minimal blob: %d", ret);
	if (!ret) {
		const struct rb_dt_node *a = rb_dt_find_path(dt, "/a");
		uint32_t v;

		T_EXPECT(a && rb_dt_u32(a, "reg", 0, &v) == 0 && v == 0x12345678u, "minimal prop");
		rb_dt_free(dt);
	}
	build(&x, RB_DT_MAX_DEPTH + 4, 4, 0);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "too deep");
	build(&x, 2, 0x7fffffffu, 0);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "property longer than the block");
	build(&x, 2, 4, 100);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "name offset out of the strings");
	build(&x, 2, 4, 0);
	set32(&x, 0, 0xd00dfeeeu);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "bad magic");
	build(&x, 2, 4, 0);
	set32(&x, 8, 0x10000000u);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "structure offset out of the blob");
	build(&x, 2, 4, 0);
	set32(&x, 4, (uint32_t)x.n + 100);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "totalsize beyond the buffer");
	build(&x, 2, 4, 0);
	set32(&x, 20, 3);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "version 3");
	build(&x, 2, 4, 0);
	set32(&x, 40, 7); /* first token */
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL, "unknown token");
	build(&x, 2, 4, 0);
	set32(&x, 44, 0x61616161u); /* root name without NUL up to the next token */
	memset(x.b + 48, 'a', 8);
	T_EXPECT(rb_dt_load_dtb(x.b, x.n, &dt) == -EINVAL || (rb_dt_free(dt), 0),
		 "unterminated name");

	/* every truncation of a real blob, and byte flips: -EINVAL or a tree */
	if (t_dtc("imx8mm-evk-rpmsg", dtb, sizeof(dtb)) || !(good = t_slurp(dtb, &len))) {
		T_FAIL("dtc imx8mm");
		return;
	}
	for (size_t l = 0; l < len; l++) {
		uint8_t *cut = malloc(l ? l : 1);

		memcpy(cut, good, l);
		/* a shorter buffer with the original totalsize must be refused */
		ret = rb_dt_load_dtb(cut, l, &dt);
		if (ret != -EINVAL) {
			T_FAIL("truncated to %zu: %d", l, ret);
			if (!ret)
				rb_dt_free(dt);
		}
		free(cut);
	}
	{
		uint32_t seed = 12345;
		unsigned long parsed = 0, refused = 0;

		for (int it = 0; it < 3000; it++) {
			uint8_t *m = malloc(len);

			memcpy(m, good, len);
			for (int f = 0; f < 4; f++) {
				seed = seed * 1103515245u + 12345u;
				m[(seed >> 8) % len] ^= (uint8_t)(1u << ((seed >> 4) & 7));
			}
			ret = rb_dt_load_dtb(m, len, &dt);
			if (ret == 0) {
				parsed++;
				rb_dt_free(dt);
			} else if (ret == -EINVAL) {
				refused++;
			} else {
				T_FAIL("flip %d: %d", it, ret);
			}
			free(m);
		}
		printf("byte flips: %lu parsed, %lu refused\n", parsed, refused);
		T_EXPECT(refused > 0, "no flipped blob refused");
	}
	free(good);

	T_EXPECT(rb_dt_load("/nonexistent.dtb", &dt) == -ENOENT, "missing file");
	{
		char txt[4200];
		FILE *f;

		snprintf(txt, sizeof(txt), "%s/not-a-dtb.txt", tmpdir);
		f = fopen(txt, "w");
		fputs("this is not a device tree\n", f);
		fclose(f);
		T_EXPECT(rb_dt_load(txt, &dt) == -EINVAL, "text file");
	}
}

int main(void)
{
	char cmd[4200];

	if (system("dtc --version >/dev/null 2>&1") != 0) {
		printf("SKIP: dtc (device-tree-compiler) not installed\n");
		return 77;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/%s-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir, "rb-dtree");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_imx8mp();
	test_imx7d_cells();
	test_hostile();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("could not remove %s\n", tmpdir);
	if (t_failed) {
		printf("%d failure(s)\n", t_failed);
		return 1;
	}
	printf("ok\n");
	return 0;
}
