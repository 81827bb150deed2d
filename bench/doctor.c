/* SPDX-License-Identifier: MIT */
/*
 * doctor.c - `rpmsg-bench doctor` (see doctor.h and docs/doctor.md).
 *
 * Every check cites the source it relies on: Linux 6.1 (drivers/rpmsg,
 * drivers/remoteproc, drivers/mailbox) unless marked NXP (nxp-imx/linux-imx:
 * imx_rpmsg.c, imx_rpmsg_tty.c, the *-rpmsg.dts device trees) or U-Boot.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include "doctor.h"
#include "dtree.h"
#include "klog.h"
#include "kmsg.h"

/* Sizes the checks compare against. */
/* PAGE_ALIGN(vring_size(256, 0x1000)) = 0x3000 (remoteproc_core.c rproc_alloc_vring) */
#define VRING_MIN_BYTES 0x3000u
#define VDEVBUF_MIN_BYTES   0x40000u /* 512 buffers x 512 B (virtio_rpmsg_bus.c) */
#define RSC_TABLE_MIN_BYTES 0x400u   /* SZ_1K mapped in attach mode (imx_rproc.c) */
#define LEGACY_VDEV_STRIDE                                                                         \
	0x10000u /* NXP imx_rpmsg.c set_vring_phy_buf: vdev i at start + i*0x10000 */

#define MAX_REGIONS   16
#define MAX_LOG_ITEMS 4096

/* ---- findings ---- */

/* Copy a string, truncating to @size - 1 bytes. */
static void scopy(char *dst, size_t size, const char *src)
{
	size_t l = strnlen(src, size - 1);

	memcpy(dst, src, l);
	dst[l] = '\0';
}

static int add(struct rb_doctor *d, enum rb_doctor_sev sev, const char *id, const char *subject,
	       const char *fix, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int add(struct rb_doctor *d, enum rb_doctor_sev sev, const char *id, const char *subject,
	       const char *fix, const char *fmt, ...)
{
	struct rb_finding *f;
	va_list ap;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct rb_finding *nf = realloc(d->f, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		d->f = nf;
		d->cap = cap;
	}
	f = &d->f[d->n++];
	memset(f, 0, sizeof(*f));
	f->sev = sev;
	snprintf(f->id, sizeof(f->id), "%s", id);
	snprintf(f->subject, sizeof(f->subject), "%s", subject ? subject : "");
	snprintf(f->fix, sizeof(f->fix), "%s", fix ? fix : "");
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return 0;
}

void rb_doctor_release(struct rb_doctor *d)
{
	free(d->f);
	d->f = NULL;
	d->n = d->cap = 0;
}

size_t rb_doctor_count(const struct rb_doctor *d, enum rb_doctor_sev min)
{
	size_t c = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->f[i].sev >= min)
			c++;
	return c;
}

bool rb_doctor_has(const struct rb_doctor *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->f[i].id, id))
			return true;
	return false;
}

static const char *sev_name(enum rb_doctor_sev s)
{
	return s == RB_DOC_ERROR ? "error" : s == RB_DOC_WARN ? "warning" : "info";
}

/* ---- small file helpers (paths under the root) ---- */

struct ctx {
	const struct rb_doctor_opts *o;
	struct rb_doctor *d;
	const char *root; /* "" for "/" */
	struct rb_dt *dt;

	/* what the system checks saw, for the cross checks */
	bool have_rpmsg_bus;
	size_t n_rproc;
	bool rproc_attached;
	size_t n_rpmsg_devices, n_channels;
	bool dt_rproc_enabled; /* an enabled remoteproc or legacy rpmsg node exists */
	bool dt_rsc_table_missing;
};

static void rpath(const struct ctx *c, char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void rpath(const struct ctx *c, char *buf, size_t size, const char *fmt, ...)
{
	int n = snprintf(buf, size, "%s", c->root);
	va_list ap;

	if (n < 0 || (size_t)n >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	va_end(ap);
}

/* First line of a small text file, without the newline. Returns 0 or -errno. */
static int read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static bool exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static bool lexists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Sorted entries of a directory (without . and ..). Returns count or -errno. */
static int list_dir(const char *path, char (**names)[256])
{
	DIR *d = opendir(path);
	struct dirent *de;
	char(*v)[256] = NULL;
	int n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char(*nv)[256];

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		snprintf(v[n++], 256, "%s", de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), (int (*)(const void *, const void *))strcmp);
	*names = v;
	return n;
}

static bool module_loaded(const struct ctx *c, const char *name)
{
	char path[4096], line[512];
	FILE *f;
	bool found = false;

	rpath(c, path, sizeof(path), "/proc/modules");
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			size_t l = strcspn(line, " ");

			if (l == strlen(name) && !strncmp(line, name, l)) {
				found = true;
				break;
			}
		}
		fclose(f);
	}
	if (found)
		return true;
	/* built-in drivers have no /proc/modules line but a /sys/module dir
	 * when they have parameters; try it too */
	rpath(c, path, sizeof(path), "/sys/module/%s", name);
	return exists(path);
}

static bool rpmsg_driver(const struct ctx *c, const char *drv)
{
	char path[4096];

	rpath(c, path, sizeof(path), "/sys/bus/rpmsg/drivers/%s", drv);
	return exists(path);
}

/* ---- device tree checks ---- */

enum region_kind { R_VRING0, R_VRING1, R_BUFFER, R_RSC, R_CARVEOUT, R_OTHER_VDEV };

struct region {
	const struct rb_dt_node *n;
	enum region_kind kind;
	uint64_t addr, size;
	bool has_reg;
};

static enum region_kind region_kind(const struct rb_dt_node *n)
{
	char base[64];

	rb_dt_basename(n, base, sizeof(base));
	/* remoteproc_core/virtio look up "vdev%dvring%d" and "vdev%dbuffer"
	 * carveouts; imx_rproc treats "rsc-table" by name (imx_rproc.c) */
	if (!strcmp(base, "vdev0vring0"))
		return R_VRING0;
	if (!strcmp(base, "vdev0vring1"))
		return R_VRING1;
	if (!strcmp(base, "vdevbuffer") || !strcmp(base, "vdev0buffer") ||
	    rb_dt_has_string(n, "compatible", "shared-dma-pool"))
		return R_BUFFER;
	if (!strcmp(base, "rsc-table"))
		return R_RSC;
	if (!strncmp(base, "vdev", 4))
		return R_OTHER_VDEV;
	return R_CARVEOUT;
}

/* An i.MX remote-core node: fsl,imx*-cm4 / -cm7 / -cm33 (fsl,imx-rproc.yaml). */
static bool is_rproc_node(const struct rb_dt_node *n)
{
	for (size_t i = 0;; i++) {
		const char *s = rb_dt_string(n, "compatible", i);
		size_t l;

		if (!s)
			return false;
		l = strlen(s);
		if (strncmp(s, "fsl,imx", 7))
			continue;
		if ((l > 4 && !strcmp(s + l - 4, "-cm4")) ||
		    (l > 4 && !strcmp(s + l - 4, "-cm7")) || (l > 5 && !strcmp(s + l - 5, "-cm33")))
			return true;
	}
}

/* Legacy NXP imx_rpmsg node: fsl,imx*-rpmsg (NXP drivers/rpmsg/imx_rpmsg.c). */
static bool is_legacy_node(const struct rb_dt_node *n)
{
	for (size_t i = 0;; i++) {
		const char *s = rb_dt_string(n, "compatible", i);
		size_t l;

		if (!s)
			return false;
		l = strlen(s);
		if (!strncmp(s, "fsl,imx", 7) && l > 6 && !strcmp(s + l - 6, "-rpmsg"))
			return true;
	}
}

static bool is_imx(const struct rb_dt *dt)
{
	for (size_t i = 0;; i++) {
		const char *s = rb_dt_string(dt->root, "compatible", i);

		if (!s)
			return false;
		if (!strncmp(s, "fsl,imx", 7))
			return true;
	}
}

static int check_mailbox(struct ctx *c, const struct rb_dt_node *n, const char *path)
{
	const struct rb_dt_prop *mb = rb_dt_prop(n, "mboxes");
	size_t names = rb_dt_string_count(n, "mbox-names");
	size_t entries = 0, off = 0;
	const struct rb_dt_node *disabled = NULL;
	int ret = 0;

	if (!mb || !names) {
		/* imx_rproc.c requests "tx" and "rx"; without them every
		 * kick fails: "No initialized mbox tx channel" */
		return add(
			c->d, RB_DOC_ERROR, "dt-mbox-missing", path,
			"Add the MU channels as in NXP's -rpmsg device trees: mbox-names = \"tx\", "
			"\"rx\", \"rxdb\"; mboxes = <&mu 0 1 &mu 1 1 &mu 3 1>;",
			"the remote-core node has no %s: Linux cannot kick the M core (imx_rproc "
			"logs \"No initialized mbox tx channel\") and never hears from it",
			!mb && !names ? "mboxes/mbox-names"
			: !mb	      ? "mboxes"
				      : "mbox-names");
	}
	if (!rb_dt_has_string(n, "mbox-names", "tx") || !rb_dt_has_string(n, "mbox-names", "rx"))
		ret = add(c->d, RB_DOC_ERROR, "dt-mbox-names", path,
			  "List both channels: mbox-names = \"tx\", \"rx\", \"rxdb\"; with one "
			  "mboxes "
			  "entry each.",
			  "mbox-names must contain \"tx\" and \"rx\" (imx_rproc requests both by "
			  "name, "
			  "fsl,imx-rproc.yaml); the node has %zu name(s) without one of them",
			  names);
	/* walk the <phandle cells...> list with each provider's #mbox-cells */
	while (off + 4 <= mb->len) {
		uint32_t ph = (uint32_t)mb->val[off] << 24 | (uint32_t)mb->val[off + 1] << 16 |
			      (uint32_t)mb->val[off + 2] << 8 | mb->val[off + 3];
		const struct rb_dt_node *prov = rb_dt_find_phandle(c->dt, ph);
		uint32_t cells = 0;
		char pp[512];

		if (!prov || rb_dt_u32(prov, "#mbox-cells", 0, &cells) || cells > 8) {
			return add(c->d, RB_DOC_ERROR, "dt-mbox-invalid", path,
				   "Point mboxes at the MU node (&mu) and give that node "
				   "#mbox-cells = <2>.",
				   "mboxes entry %zu refers to phandle 0x%x, which is %s", entries,
				   ph, prov ? "a node without a usable #mbox-cells" : "no node");
		}
		if (!rb_dt_enabled(prov) && prov != disabled) {
			disabled = prov;
			ret = add(c->d, RB_DOC_ERROR, "dt-mbox-disabled",
				  rb_dt_path(prov, pp, sizeof(pp)),
				  "Set status = \"okay\" on the MU node used by the remote core.",
				  "the mailbox (MU) node used by %s is disabled: no kick reaches "
				  "the M core",
				  path);
		}
		off += 4 + (size_t)cells * 4;
		entries++;
	}
	if (!ret && entries != names)
		ret = add(c->d, RB_DOC_ERROR, "dt-mbox-count", path,
			  "Give one mboxes entry per mbox-names string, in the same order.",
			  "mboxes has %zu entr%s but mbox-names has %zu name(s)", entries,
			  entries == 1 ? "y" : "ies", names);
	if (!ret && !rb_dt_has_string(n, "mbox-names", "rxdb"))
		ret = add(
			c->d, RB_DOC_INFO, "dt-mbox-no-rxdb", path,
			"Nothing to do for mainline kernels; NXP lf-5.10 kernels request \"rxdb\".",
			"no \"rxdb\" mailbox channel: mainline imx_rproc does not use it, NXP "
			"lf-5.10 "
			"requests it (imx_rproc.c)");
	return ret;
}

static int check_regions(struct ctx *c, const struct rb_dt_node *n, const char *path)
{
	const struct rb_dt_prop *mr = rb_dt_prop(n, "memory-region");
	struct region r[MAX_REGIONS];
	size_t nr = 0;
	bool have[R_OTHER_VDEV + 1] = {false};
	char rp[512];
	int ret = 0;

	if (!mr || mr->len < 4)
		return add(c->d, RB_DOC_ERROR, "dt-no-memory-region", path,
			   "Add memory-region = <&vdevbuffer>, <&vdev0vring0>, <&vdev0vring1>, "
			   "<&rsc_table>, <&m_core_reserved>; with those nodes under "
			   "/reserved-memory.",
			   "the remote-core node has no memory-region: no vrings, no buffers, no "
			   "resource table, so no rpmsg device can be created");
	for (size_t off = 0; off + 4 <= mr->len && nr < MAX_REGIONS; off += 4) {
		uint32_t ph = (uint32_t)mr->val[off] << 24 | (uint32_t)mr->val[off + 1] << 16 |
			      (uint32_t)mr->val[off + 2] << 8 | mr->val[off + 3];
		const struct rb_dt_node *rn = rb_dt_find_phandle(c->dt, ph);

		if (!rn) {
			ret = add(
				c->d, RB_DOC_ERROR, "mem-region-invalid", path,
				"Fix the memory-region list: every entry must be a label of a "
				"/reserved-memory child.",
				"memory-region entry %zu refers to phandle 0x%x, which is no node",
				off / 4, ph);
			continue;
		}
		r[nr].n = rn;
		r[nr].kind = region_kind(rn);
		r[nr].has_reg = rb_dt_reg(rn, 0, &r[nr].addr, &r[nr].size) == 0;
		have[r[nr].kind] = true;
		if (!r[nr].has_reg)
			ret = add(c->d, RB_DOC_ERROR, "mem-region-no-reg",
				  rb_dt_path(rn, rp, sizeof(rp)),
				  "Give the reserved-memory node a reg = <address size>.",
				  "reserved-memory region %s has no usable reg", rn->name);
		nr++;
	}
	if (!have[R_VRING0] || !have[R_VRING1])
		ret = add(c->d, RB_DOC_ERROR, "mem-vring-missing", path,
			  "Add vdev0vring0 and vdev0vring1 (0x8000 bytes each) to /reserved-memory "
			  "and "
			  "to memory-region.",
			  "memory-region lacks %s: remoteproc looks vrings up as carveouts named "
			  "\"vdev%%dvring%%d\" (remoteproc_core.c) and must place them where the firmware "
			  "expects them",
			  !have[R_VRING0] && !have[R_VRING1] ? "vdev0vring0 and vdev0vring1"
			  : !have[R_VRING0]		     ? "vdev0vring0"
							     : "vdev0vring1");
	if (!have[R_BUFFER])
		ret = add(
			c->d, RB_DOC_ERROR, "mem-vdevbuffer-missing", path,
			"Add vdevbuffer (compatible = \"shared-dma-pool\", 1 MiB, no-map) to "
			"/reserved-memory and list it first in memory-region.",
			"no vdevbuffer: without a \"vdev0buffer\" carveout the first memory-region "
			"becomes the DMA pool of the 512 rpmsg buffers (remoteproc_virtio.c)");
	else if (r[0].kind != R_BUFFER)
		ret = add(
			c->d, RB_DOC_ERROR, "mem-vdevbuffer-not-first", path,
			"Move <&vdevbuffer> to the front of memory-region.",
			"memory-region starts with %s, not the buffer pool: remoteproc_virtio uses "
			"memory-region index 0 as the vdev's DMA pool when there is no "
			"\"vdev0buffer\" "
			"carveout (imx_rproc.c), so the rpmsg buffers land in the wrong region",
			r[0].n->name);
	if (!have[R_RSC]) {
		c->dt_rsc_table_missing = true;
		/* attach mode reads the table from "rsc-table" (imx_rproc.c); a firmware
		 * loaded by remoteproc carries its own in the ELF */
		ret = add(
			c->d, RB_DOC_WARN, "mem-rsc-table-missing", path,
			"Add rsc-table (0x1000 bytes, e.g. 0x550ff000 on i.MX8MP, 0xb80ff000 on "
			"i.MX8MM) to /reserved-memory and memory-region.",
			"no rsc-table region: when the M core was started by U-Boot (attach mode) "
			"imx_rproc finds no resource table and no virtio/rpmsg device appears");
	}
	if (!have[R_CARVEOUT])
		ret = add(c->d, RB_DOC_WARN, "mem-carveout-missing", path,
			  "Reserve the M core's DDR (NXP: m4_reserved / m_core_reserved at "
			  "0x80000000, 16 MiB) and add it to memory-region.",
			  "no M-core carve-out in memory-region: firmware linked to DDR cannot be "
			  "loaded "
			  "through remoteproc, and Linux may use that memory");
	for (size_t i = 0; i < nr; i++) {
		const char *rpn = rb_dt_path(r[i].n, rp, sizeof(rp));

		if (!r[i].has_reg)
			continue;
		if ((r[i].kind == R_VRING0 || r[i].kind == R_VRING1) && r[i].size < VRING_MIN_BYTES)
			ret = add(c->d, RB_DOC_ERROR, "mem-vring-too-small", rpn,
				  "Make each vring region 0x8000 bytes as in NXP's device trees.",
				  "%s is 0x%" PRIx64
				  " bytes; a 256-entry vring with 4 KiB alignment needs "
				  "0x%x (vring_size(256, 0x1000) = 0x2806, page aligned)",
				  r[i].n->name, r[i].size, VRING_MIN_BYTES);
		if (r[i].kind == R_BUFFER && r[i].size < VDEVBUF_MIN_BYTES)
			ret = add(c->d, RB_DOC_ERROR, "mem-vdevbuffer-too-small", rpn,
				  "Make vdevbuffer 1 MiB (0x100000) as in NXP's device trees.",
				  "%s is 0x%" PRIx64
				  " bytes; virtio_rpmsg_bus allocates 512 buffers of 512 "
				  "bytes (0x%x) from it, so the allocation fails and no rpmsg "
				  "device appears",
				  r[i].n->name, r[i].size, VDEVBUF_MIN_BYTES);
		if (r[i].kind == R_RSC && r[i].size < RSC_TABLE_MIN_BYTES)
			ret = add(c->d, RB_DOC_ERROR, "mem-rsc-table-too-small", rpn,
				  "Make rsc-table 0x1000 bytes.",
				  "%s is 0x%" PRIx64
				  " bytes; imx_rproc maps 1 KiB of it as the resource "
				  "table in attach mode (imx_rproc.c)",
				  r[i].n->name, r[i].size);
		if (r[i].kind == R_BUFFER &&
		    !rb_dt_has_string(r[i].n, "compatible", "shared-dma-pool"))
			ret = add(c->d, RB_DOC_WARN, "mem-vdevbuffer-not-dma-pool", rpn,
				  "Add compatible = \"shared-dma-pool\"; to the vdevbuffer node.",
				  "%s is not a shared-dma-pool: the vdev's buffers cannot be "
				  "allocated from it",
				  r[i].n->name);
	}
	return ret;
}

/* Every pair of /reserved-memory regions that overlap. */
static int check_overlaps(struct ctx *c)
{
	const struct rb_dt_node *rm = rb_dt_find_path(c->dt, "/reserved-memory");
	int ret = 0;

	if (!rm)
		return 0;
	for (size_t i = 0; i < rm->nchild; i++) {
		uint64_t a0, s0;

		if (rb_dt_reg(rm->child[i], 0, &a0, &s0) || !s0)
			continue;
		for (size_t j = i + 1; j < rm->nchild; j++) {
			uint64_t a1, s1;
			char pp[512];

			if (rb_dt_reg(rm->child[j], 0, &a1, &s1) || !s1)
				continue;
			if (a0 < a1 + s1 && a1 < a0 + s0)
				ret = add(c->d, RB_DOC_ERROR, "mem-overlap",
					  rb_dt_path(rm->child[j], pp, sizeof(pp)),
					  "Give each region its own range (NXP i.MX8MP: vring0 "
					  "0x55000000, "
					  "vring1 0x55008000, rsc-table 0x550ff000, vdevbuffer "
					  "0x55400000).",
					  "reserved-memory regions %s [0x%" PRIx64 "-0x%" PRIx64
					  ") and %s [0x%" PRIx64 "-0x%" PRIx64
					  ") overlap: vrings, buffers and resource table overwrite "
					  "each other",
					  rm->child[i]->name, a0, a0 + s0, rm->child[j]->name, a1,
					  a1 + s1);
		}
	}
	return ret;
}

/* Whether [a, a+s) lies inside one /reserved-memory region. */
static bool reserved(const struct ctx *c, uint64_t a, uint64_t s)
{
	const struct rb_dt_node *rm = rb_dt_find_path(c->dt, "/reserved-memory");

	for (size_t i = 0; rm && i < rm->nchild; i++) {
		uint64_t ra, rs;

		if (!rb_dt_reg(rm->child[i], 0, &ra, &rs) && a >= ra && a + s <= ra + rs)
			return true;
	}
	return false;
}

static int check_legacy(struct ctx *c, const struct rb_dt_node *n)
{
	char path[512];
	uint64_t a, s;
	uint32_t vdevs = 1;
	bool colibri = rb_dt_has_string(c->dt->root, "compatible", "toradex,colibri-imx7d") ||
		       rb_dt_has_string(c->dt->root, "compatible", "toradex,colibri-imx7s");

	rb_dt_path(n, path, sizeof(path));
	if (!rb_dt_enabled(n)) {
		/* imx7s.dtsi ships the node disabled; U-Boot's Colibri iMX7
		 * ft_board_setup disables it unless the M4 runs
		 * (U-Boot board/toradex/colibri_imx7/colibri_imx7.c) */
		return add(c->d, RB_DOC_ERROR, "dt-rpmsg-disabled", path,
			   "Start the M4 from U-Boot before Linux boots (e.g. load the firmware "
			   "and run "
			   "`bootaux <addr>` in the boot script); U-Boot then keeps the node and "
			   "reserves "
			   "0x8ff00000-0x8fffffff. On other boards set status = \"okay\" in the "
			   "board DT.",
			   "the legacy rpmsg node (%s) has status \"%s\": imx_rpmsg does not "
			   "probe, so no "
			   "rpmsg device exists. %s",
			   rb_dt_string(n, "compatible", 0), rb_dt_string(n, "status", 0),
			   colibri ? "On Colibri iMX7, U-Boot (v2020.01+) sets it disabled "
				     "whenever the M4 "
				     "was not started from U-Boot (ft_board_setup)."
				   : "imx7s.dtsi ships it disabled; on Toradex Colibri iMX7 U-Boot "
				     "also "
				     "disables it when the M4 was not started from U-Boot.");
	}
	c->dt_rproc_enabled = true;
	rb_dt_u32(n, "vdev-nums", 0, &vdevs);
	if (rb_dt_reg(n, 0, &a, &s))
		return add(
			c->d, RB_DOC_ERROR, "dt-rpmsg-no-reg", path,
			"Give the node its vring memory, e.g. vdev-nums = <1>; reg = <0x8fff0000 "
			"0x10000>; and reserve the same range.",
			"the legacy rpmsg node has no reg: imx_rpmsg prints \"No vring buffer.\" "
			"and "
			"fails with -ENOMEM (-12) (NXP imx_rpmsg.c)");
	if (s < (uint64_t)vdevs * LEGACY_VDEV_STRIDE)
		add(c->d, RB_DOC_ERROR, "dt-rpmsg-reg-too-small", path,
		    "Give reg at least 0x10000 bytes per vdev (vdev-nums).",
		    "reg is 0x%" PRIx64 " bytes for %u vdev(s); imx_rpmsg places vdev i at start + "
		    "i*0x10000 (vring1 at +0x8000) and fails with \"Too small memory size\" / \"No "
		    "vring buffer.\" (NXP imx_rpmsg.c)",
		    s, vdevs);
	if (!reserved(c, a, s))
		return add(c->d, RB_DOC_WARN, "mem-rpmsg-not-reserved", path,
			   "Add a /reserved-memory child (no-map) covering the rpmsg reg range.",
			   "the rpmsg vring range [0x%" PRIx64 "-0x%" PRIx64
			   ") is not inside a /reserved-memory region: Linux may use that memory",
			   a, a + s);
	return 0;
}

static int check_dt(struct ctx *c)
{
	bool any = false;
	int ret;

	for (const struct rb_dt_node *n = rb_dt_next(c->dt, NULL); n; n = rb_dt_next(c->dt, n)) {
		char path[512];

		if (is_legacy_node(n)) {
			any = true;
			ret = check_legacy(c, n);
			if (ret == -ENOMEM)
				return ret;
			continue;
		}
		if (!is_rproc_node(n))
			continue;
		any = true;
		rb_dt_path(n, path, sizeof(path));
		if (!rb_dt_enabled(n)) {
			ret = add(
				c->d, RB_DOC_ERROR, "dt-rproc-disabled", path,
				"Set status = \"okay\" on the remote-core node (or boot the -rpmsg "
				"variant of the board's device tree).",
				"the remote-core node (%s) is disabled: imx_rproc does not probe, "
				"no "
				"remoteproc and no rpmsg",
				rb_dt_string(n, "compatible", 0));
			if (ret)
				return ret;
			continue;
		}
		c->dt_rproc_enabled = true;
		if ((ret = check_mailbox(c, n, path)) == -ENOMEM ||
		    (ret = check_regions(c, n, path)) == -ENOMEM)
			return ret;
	}
	if ((ret = check_overlaps(c)))
		return ret;
	if (!any && is_imx(c->dt))
		return add(
			c->d, RB_DOC_ERROR, "dt-no-rproc-node", "/",
			"Boot the board's -rpmsg device tree (NXP: imx8mp-evk-rpmsg.dtb, "
			"imx8mm-evk-rpmsg.dtb ...) or add the remote-core node, its mailboxes and "
			"reserved memory.",
			"the device tree has no remote-core node (fsl,imx*-cm4/-cm7/-cm33) and no "
			"rpmsg node (fsl,imx*-rpmsg): nothing creates an rpmsg device");
	return 0;
}

/* ---- system checks ---- */

static int check_remoteproc(struct ctx *c)
{
	char dir[4096];
	char(*names)[256];
	int n;

	rpath(c, dir, sizeof(dir), "/sys/class/remoteproc");
	n = list_dir(dir, &names);
	if (n <= 0) {
		free(n < 0 ? NULL : names);
		if (c->dt && c->dt_rproc_enabled &&
		    !rb_dt_find_compatible(c->dt, NULL, "fsl,imx7d-rpmsg") && !c->n_rpmsg_devices)
			return add(
				c->d, RB_DOC_ERROR, "rproc-missing", "/sys/class/remoteproc",
				"Load imx_rproc (modprobe imx_rproc) and check the kernel log for "
				"its probe error.",
				"the device tree has a remote-core node but no remoteproc device "
				"exists: imx_rproc is not loaded or its probe failed");
		return 0;
	}
	for (int i = 0; i < n; i++) {
		char p[4200], state[64], fw[256], name[128], subj[300];
		int ret = 0;

		snprintf(p, sizeof(p), "%s/%s/state", dir, names[i]);
		if (read_line(p, state, sizeof(state)))
			continue;
		c->n_rproc++;
		snprintf(p, sizeof(p), "%s/%s/firmware", dir, names[i]);
		read_line(p, fw, sizeof(fw));
		snprintf(p, sizeof(p), "%s/%s/name", dir, names[i]);
		read_line(p, name, sizeof(name));
		snprintf(subj, sizeof(subj), "%s (%s)", names[i], name[0] ? name : "?");
		/* states: remoteproc_sysfs.c rproc_state_string */
		if (!strcmp(state, "attached"))
			c->rproc_attached = true;
		if (!strcmp(state, "offline")) {
			char fp[4600];
			bool found = false;
			struct utsname u;

			ret = add(c->d, RB_DOC_ERROR, "rproc-offline", subj,
				  "Put the firmware in /lib/firmware, then: echo <file> > "
				  "/sys/class/remoteproc/remoteprocN/firmware; echo start > "
				  "/sys/class/remoteproc/remoteprocN/state",
				  "remote processor %s is offline (firmware \"%s\"): nothing runs "
				  "on the "
				  "M core, so no channel is announced",
				  name, fw);
			/* search order of drivers/base/firmware_loader/main.c */
			if (!ret && fw[0]) {
				const char *dirs[] = {"/lib/firmware/updates", "/lib/firmware"};

				for (size_t k = 0; k < 2 && !found; k++) {
					rpath(c, fp, sizeof(fp), "%s/%s", dirs[k], fw);
					found = exists(fp);
				}
				if (!found && !c->root[0] && uname(&u) == 0) {
					snprintf(fp, sizeof(fp), "/lib/firmware/%s/%s", u.release,
						 fw);
					found = exists(fp);
				}
				if (!found)
					ret = add(c->d, RB_DOC_ERROR, "rproc-firmware-missing",
						  subj,
						  "Copy the M-core ELF to /lib/firmware and write "
						  "its "
						  "file name to the rproc's firmware attribute.",
						  "firmware \"%s\" is not in /lib/firmware%s: "
						  "\"echo start\" "
						  "fails (\"Direct firmware load for %s failed\")",
						  fw,
						  !strncmp(fw, "rproc-", 6)
							  ? " (this is the default name "
							    "rproc-<name>-fw)"
							  : "",
						  fw);
			}
		} else if (!strcmp(state, "crashed")) {
			ret = add(c->d, RB_DOC_ERROR, "rproc-crashed", subj,
				  "Read the kernel log around \"crash detected\"; echo enabled > "
				  "recovery to restart it automatically, or stop and start it.",
				  "remote processor %s has crashed", name);
		} else if (strcmp(state, "running") && strcmp(state, "attached")) {
			ret = add(c->d, RB_DOC_WARN, "rproc-state", subj,
				  "Start or attach the remote processor (echo start > state).",
				  "remote processor %s is in state \"%s\"", name, state);
		}
		if (ret) {
			free(names);
			return ret;
		}
	}
	free(names);
	return 0;
}

/* The driver and module that serve an announced channel name (rpmsg_char.c,
 * rpmsg_ctrl.c, drivers/tty/rpmsg_tty.c; NXP imx_rpmsg_tty.c). */
struct chan_rule {
	const char *name;
	const char *driver; /* rpmsg bus driver name */
	const char *why;
};

static const struct chan_rule chan_rules[] = {
	{"rpmsg_ns", "rpmsg_ns",
	 "the name-service device is served by rpmsg_ns (a module of its own since the 6.1-era "
	 "split): load rpmsg_ns, or no channel announced by the firmware is ever created"},
	{"rpmsg_ctrl", "rpmsg_ctrl", "load rpmsg_ctrl (CONFIG_RPMSG_CTRL) for /dev/rpmsg_ctrlN"},
	{"rpmsg-tty", "rpmsg_tty",
	 "\"rpmsg-tty\" is bound by the mainline rpmsg_tty driver (CONFIG_RPMSG_TTY, Linux 5.16+): "
	 "modprobe rpmsg_tty"},
	{"rpmsg-raw", "rpmsg_chrdev",
	 "\"rpmsg-raw\" is bound by rpmsg_char only on kernels with the rpmsg_ctrl rework "
	 "(~5.18+): modprobe rpmsg_char; on older kernels write rpmsg_chrdev to the device's "
	 "driver_override and bind it, or announce a channel your kernel binds"},
	{"rpmsg-virtual-tty-channel-1", "imx_rpmsg_tty",
	 "this is NXP's tty channel name: only NXP's imx_rpmsg_tty (BSP kernels) binds it, "
	 "mainline rpmsg_tty binds \"rpmsg-tty\" only. Load imx_rpmsg_tty, or make the firmware "
	 "announce \"rpmsg-tty\" on a mainline kernel"},
	{"rpmsg-virtual-tty-channel", "imx_rpmsg_tty",
	 "NXP's tty channel name: only NXP's imx_rpmsg_tty binds it; mainline rpmsg_tty binds "
	 "\"rpmsg-tty\""},
	{"rpmsg-openamp-demo-channel", "imx_rpmsg_tty",
	 "bound by NXP's imx_rpmsg_tty only; mainline has no driver for it"},
};

/* Channels served by a tty driver (mainline rpmsg_tty or NXP imx_rpmsg_tty). */
static bool is_tty_channel(const char *chan)
{
	return !strcmp(chan, "rpmsg-tty") || !strcmp(chan, "rpmsg-virtual-tty-channel-1") ||
	       !strcmp(chan, "rpmsg-virtual-tty-channel") ||
	       !strcmp(chan, "rpmsg-openamp-demo-channel");
}

/* Channel name of a bus device: its "name" attribute, else from the
 * device name "<parent>.<name>.<src>.<dst>" (rpmsg_core.c). */
static void channel_name(const char *dir, const char *dev, char *out, size_t size)
{
	char p[4600];
	const char *a, *b;

	snprintf(p, sizeof(p), "%s/%s/name", dir, dev);
	if (!read_line(p, out, size) && out[0])
		return;
	a = strchr(dev, '.');
	b = strrchr(dev, '.');
	if (a && b > a) {
		const char *c2 = b;

		/* step back over ".<src>" */
		while (c2 > a + 1 && c2[-1] != '.')
			c2--;
		if (c2 > a + 1)
			b = c2 - 1;
		snprintf(out, size, "%.*s", (int)(b - a - 1), a + 1);
		return;
	}
	snprintf(out, size, "%s", dev);
}

static int check_rpmsg(struct ctx *c)
{
	char dir[4096], p[4600], bus[4096];
	char(*names)[256] = NULL;
	bool any_user_driver, ctrl = false, tty_bound = false;
	int n, ret = 0;

	rpath(c, bus, sizeof(bus), "/sys/bus/rpmsg");
	c->have_rpmsg_bus = exists(bus);
	if (!c->have_rpmsg_bus)
		return add(
			c->d, RB_DOC_ERROR, "rpmsg-bus-missing", "/sys/bus/rpmsg",
			"Load the rpmsg core and transport: modprobe virtio_rpmsg_bus (it pulls in "
			"rpmsg_core); the kernel needs CONFIG_RPMSG_VIRTIO.",
			"there is no rpmsg bus: the rpmsg core is not loaded or not built");
	rpath(c, p, sizeof(p), "/sys/bus/virtio/drivers/virtio_rpmsg_bus");
	if (!exists(p) && !module_loaded(c, "virtio_rpmsg_bus") &&
	    !(c->dt && rb_dt_find_compatible(c->dt, NULL, "fsl,imx7d-rpmsg")))
		ret = add(c->d, RB_DOC_ERROR, "driver-virtio-rpmsg-missing", "virtio_rpmsg_bus",
			  "modprobe virtio_rpmsg_bus (CONFIG_RPMSG_VIRTIO).",
			  "virtio_rpmsg_bus is not loaded: the virtio device of the remote core "
			  "never "
			  "becomes an rpmsg bus");
	if (ret)
		return ret;
	any_user_driver = rpmsg_driver(c, "rpmsg_chrdev") || rpmsg_driver(c, "rpmsg_ctrl") ||
			  rpmsg_driver(c, "rpmsg_tty") || rpmsg_driver(c, "imx_rpmsg_tty") ||
			  module_loaded(c, "rpmsg_char") || module_loaded(c, "rpmsg_tty") ||
			  module_loaded(c, "imx_rpmsg_tty");
	if (!any_user_driver &&
	    (ret = add(c->d, RB_DOC_ERROR, "driver-userspace-missing", "/sys/bus/rpmsg/drivers",
		       "modprobe rpmsg_char rpmsg_ctrl rpmsg_tty (mainline) or imx_rpmsg_tty (NXP "
		       "BSP).",
		       "no driver that gives user space an rpmsg interface is loaded (rpmsg_char, "
		       "rpmsg_ctrl, rpmsg_tty, imx_rpmsg_tty): no /dev/rpmsg*, no /dev/ttyRPMSG*")))
		return ret;

	rpath(c, dir, sizeof(dir), "/sys/bus/rpmsg/devices");
	n = list_dir(dir, &names);
	if (n < 0)
		n = 0;
	/* a firmware may announce the same service under several names so
	 * that either kernel finds one (NXP's tty name and mainline's
	 * "rpmsg-tty"); an unbound tty name is then only worth a note */
	for (int i = 0; i < n; i++) {
		char chan[128], drv[4600];

		channel_name(dir, names[i], chan, sizeof(chan));
		snprintf(drv, sizeof(drv), "%s/%s/driver", dir, names[i]);
		if (is_tty_channel(chan) && lexists(drv))
			tty_bound = true;
	}
	for (int i = 0; i < n && !ret; i++) {
		char chan[128], drv[4600];
		const struct chan_rule *rule = NULL;
		bool alt;

		c->n_rpmsg_devices++;
		channel_name(dir, names[i], chan, sizeof(chan));
		if (!strcmp(chan, "rpmsg_ctrl"))
			ctrl = true;
		else if (strcmp(chan, "rpmsg_ns"))
			c->n_channels++;
		snprintf(drv, sizeof(drv), "%s/%s/driver", dir, names[i]);
		if (lexists(drv))
			continue;
		for (size_t k = 0; k < sizeof(chan_rules) / sizeof(chan_rules[0]); k++)
			if (!strcmp(chan_rules[k].name, chan))
				rule = &chan_rules[k];
		alt = tty_bound && is_tty_channel(chan);
		ret = add(
			c->d, alt ? RB_DOC_INFO : RB_DOC_ERROR, "channel-unbound", names[i],
			rule ? rule->why
			     : "Load the driver whose id_table lists this name, or make the "
			       "firmware "
			       "announce a name your kernel binds (rpmsg-tty, rpmsg-raw, or NXP's "
			       "rpmsg-virtual-tty-channel-1).",
			"channel \"%s\" was announced but no loaded driver binds it%s%s%s%s", chan,
			rule ? " (needs the " : "", rule ? rule->driver : "",
			rule ? " driver)" : "",
			alt ? "; another tty channel of the firmware is bound, so this one is "
			      "not needed"
			    : "");
	}
	free(names);
	if (ret)
		return ret;
	if (!c->n_rpmsg_devices)
		return add(c->d, RB_DOC_ERROR, "rpmsg-no-devices", "/sys/bus/rpmsg/devices",
			   "Check that the M-core firmware runs (remoteproc state) and that its "
			   "resource "
			   "table has a vdev; look for probe errors in the kernel log.",
			   "no rpmsg device exists: no virtio rpmsg device was created (remote "
			   "core not "
			   "running, no vdev in its resource table, or the probe failed)");
	if (!c->n_channels)
		return add(c->d, RB_DOC_ERROR, "rpmsg-no-channels", "/sys/bus/rpmsg/devices",
			   "Make the firmware send its name-service announcements (to address 53) "
			   "after "
			   "the link is up; check that it runs.",
			   "the rpmsg bus is up but the remote side announced no channel");
	if (!ctrl)
		return add(
			c->d, RB_DOC_INFO, "rpmsg-no-ctrl", "/sys/bus/rpmsg/devices",
			"Load rpmsg_ctrl (CONFIG_RPMSG_CTRL) to create endpoints from user space.",
			"no rpmsg_ctrl device: /dev/rpmsg_ctrlN is not available");
	return 0;
}

static int check_ttys(struct ctx *c)
{
	char dir[4096];
	char(*names)[256];
	int n, ret = 0;

	rpath(c, dir, sizeof(dir), "/dev");
	n = list_dir(dir, &names);
	if (n <= 0)
		return 0;
	for (int i = 0; i < n && !ret; i++) {
		char p[4400], subj[300];
		struct termios t;
		int fd;

		if (strncmp(names[i], "ttyRPMSG", 8))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		snprintf(subj, sizeof(subj), "/dev/%s", names[i]);
		/* O_NONBLOCK: never wait for carrier; O_NOCTTY: never become ours */
		fd = open(p, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!isatty(fd) || tcgetattr(fd, &t)) {
			close(fd);
			continue;
		}
		close(fd);
		/* NXP imx_rpmsg_tty keeps tty_std_termios (echo, canonical);
		 * mainline rpmsg_tty clears ECHO|ICANON but keeps ICRNL/IXON
		 * (drivers/tty/rpmsg_tty.c, drivers/tty/tty_io.c tty_std_termios) */
		if (t.c_lflag & (ICANON | ECHO))
			ret = add(c->d, RB_DOC_WARN, "tty-cooked", subj,
				  "Make it raw before use: stty -F /dev/ttyRPMSGn raw -echo, or "
				  "cfmakeraw() in the program (rpmsg-bench does this itself).",
				  "%s is in cooked mode (%s%s%s%s): received bytes are echoed back "
				  "to the M "
				  "core, reads wait for a newline, CR becomes LF and XON/XOFF are "
				  "swallowed",
				  subj, t.c_lflag & ICANON ? "ICANON " : "",
				  t.c_lflag & ECHO ? "ECHO " : "",
				  t.c_iflag & ICRNL ? "ICRNL " : "",
				  t.c_iflag & IXON ? "IXON" : "");
		else if (t.c_iflag & (ICRNL | IXON))
			ret = add(c->d, RB_DOC_INFO, "tty-not-raw", subj,
				  "Use cfmakeraw() (or stty raw) for binary data.",
				  "%s has %s%s set (the mainline rpmsg_tty default): binary data "
				  "is altered "
				  "(CR to LF, XON/XOFF swallowed)",
				  subj, t.c_iflag & ICRNL ? "ICRNL " : "",
				  t.c_iflag & IXON ? "IXON" : "");
	}
	free(names);
	return ret;
}

/* ---- kernel log ---- */

struct log_item {
	enum rb_klog_class cls;
	struct rb_klog_fields f;
	bool after_online;
	char text[200];
};

struct log_scan {
	struct log_item *items;
	size_t n, dropped;
	bool online_seen;
	unsigned long counts[RB_KLOG_CLASS_COUNT];
};

static void log_add(struct log_scan *s, enum rb_klog_class cls, const struct rb_klog_fields *f,
		    const char *text)
{
	struct log_item *it;

	if (cls == RB_KLOG_HOST_ONLINE)
		s->online_seen = true;
	s->counts[cls]++;
	if (s->n >= MAX_LOG_ITEMS) {
		s->dropped++;
		return;
	}
	it = &s->items[s->n++];
	it->cls = cls;
	it->f = *f;
	it->after_online = s->online_seen;
	scopy(it->text, sizeof(it->text), text);
}

static void log_cb(void *ctx, const struct rb_klog_rec *rec, enum rb_klog_class cls,
		   const struct rb_klog_fields *f)
{
	log_add(ctx, cls, f, rec->text);
}

/* First stored text of class @cls, for the message. */
static const char *first_text(const struct log_scan *s, enum rb_klog_class cls)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].cls == cls)
			return s->items[i].text;
	return "";
}

struct log_rule {
	enum rb_klog_class cls;
	enum rb_doctor_sev sev;
	const char *id;
	const char *what;
	const char *fix;
};

static const struct log_rule log_rules[] = {
	{RB_KLOG_TX_BUFFER_TIMEOUT, RB_DOC_ERROR, "log-tx-buffer-timeout",
	 "a sender waited 15 s for a free TX buffer: the M core stopped consuming messages and "
	 "kicking back (virtio_rpmsg_bus)",
	 "Check that the firmware returns Linux's TX buffers and kicks vring1; look for a halted "
	 "or crashed M core (kick failures)."},
	{RB_KLOG_MBOX_QUEUE_FULL, RB_DOC_ERROR, "log-mbox-queue-full",
	 "the mailbox TX queue (MBOX_TX_QUEUE_LEN = 20) overflowed: kicks are not being taken by "
	 "the M core (-ENOBUFS)",
	 "Make the firmware read its MU receive register promptly."},
	{RB_KLOG_MBOX_MISSING, RB_DOC_ERROR, "log-mbox-missing",
	 "imx_rproc has no mailbox tx channel (\"No initialized mbox tx channel\")",
	 "Add mboxes/mbox-names (tx, rx) to the remote-core DT node."},
	{RB_KLOG_NO_VRING_BUFFER, RB_DOC_ERROR, "log-no-vring-buffer",
	 "legacy imx_rpmsg found no vring memory (\"No vring buffer.\", -ENOMEM)",
	 "Give the fsl,imx*-rpmsg node vdev-nums and a reg of 0x10000 bytes per vdev, reserved "
	 "in /reserved-memory."},
	{RB_KLOG_MEM_TOO_SMALL, RB_DOC_ERROR, "log-memory-too-small",
	 "legacy imx_rpmsg: the rpmsg reg region is too small (\"Too small memory size\")",
	 "Make reg at least 0x10000 bytes per vdev."},
	{RB_KLOG_PROBE_FAILED, RB_DOC_ERROR, "log-probe-failed",
	 "an rpmsg/remoteproc driver failed to probe",
	 "Read the lines before it; -12 from imx-rpmsg means no vring memory, -517 (probe defer) "
	 "that a dependency (mailbox, clock) is missing."},
	{RB_KLOG_RPROC_CRASHED, RB_DOC_ERROR, "log-rproc-crashed", "the remote processor crashed",
	 "Debug the firmware; enable recovery (echo enabled > recovery)."},
	{RB_KLOG_RPROC_BOOT_FAILED, RB_DOC_ERROR, "log-rproc-boot-failed",
	 "the remote processor could not be started",
	 "Check the firmware file name and location (/lib/firmware) and its resource table."},
	{RB_KLOG_CHANNEL_ERROR, RB_DOC_ERROR, "log-channel-error",
	 "an rpmsg channel could not be created, released or announced",
	 "Check the name-service messages the firmware sends (name, address, flags)."},
	{RB_KLOG_CHANNEL_DUPLICATE, RB_DOC_INFO, "log-channel-duplicate",
	 "the firmware announced channels that already exist (a repeated name-service "
	 "announcement; the existing channels keep working)",
	 "Nothing to do; firmwares that re-announce after link-up (to cover a lost first "
	 "announcement) cause it."},
	{RB_KLOG_VQ_ADD_FAILED, RB_DOC_ERROR, "log-virtqueue-add-failed",
	 "a buffer could not be added to a virtqueue", "Check the vring memory and sizes."},
	{RB_KLOG_TTY_ERROR, RB_DOC_ERROR, "log-tty-driver-error",
	 "the rpmsg tty driver could not install or register itself",
	 "Check for a second tty driver of the same name and for low memory."},
	{RB_KLOG_TTY_RX_NOMEM, RB_DOC_WARN, "log-tty-rx-loss",
	 "the tty driver dropped received data (no room in the tty flip buffer)",
	 "Read the tty faster, or use rpmsg char (/dev/rpmsgN) for bulk data."},
	{RB_KLOG_TTY_RX_TRUNC, RB_DOC_WARN, "log-tty-rx-loss",
	 "the tty driver truncated received data (\"Trunc buffer\")",
	 "Read the tty faster, or use rpmsg char (/dev/rpmsgN) for bulk data."},
	{RB_KLOG_TTY_RX_COPY, RB_DOC_WARN, "log-tty-rx-loss",
	 "the tty driver dropped received data (\"RX copy to tty layer failed\")",
	 "Read the tty faster, or use rpmsg char (/dev/rpmsgN) for bulk data."},
	{RB_KLOG_SEND_FAILED, RB_DOC_WARN, "log-send-failed",
	 "an rpmsg send failed (no TX buffer, or the remote gone)",
	 "See the kick-failure and tx-buffer findings; NXP's tty sends \"hello world!\" at probe "
	 "and fails here when the M core does not answer."},
	{RB_KLOG_INBOUND_TOO_BIG, RB_DOC_WARN, "log-inbound-too-big",
	 "the M core sent a message larger than the buffer (dropped)",
	 "Keep firmware messages within 512 bytes including the 16-byte header."},
	{RB_KLOG_MSG_TOO_BIG, RB_DOC_INFO, "log-message-too-big",
	 "a Linux program tried to send more than 496 bytes (EMSGSIZE)",
	 "Split messages at 496 bytes."},
	{RB_KLOG_NO_RECIPIENT, RB_DOC_INFO, "log-no-recipient",
	 "messages arrived for an endpoint nobody has open (dropped)",
	 "Open the endpoint before the firmware sends, or ignore it if expected."},
	{RB_KLOG_NO_TXDB, RB_DOC_INFO, "log-no-txdb",
	 "NXP lf-5.10 imx_rproc found no optional \"txdb\" channel (benign)", "Nothing to do."},
};

static int check_log(struct ctx *c, struct log_scan *s)
{
	unsigned long boot = 0, other = 0;
	long long vq[4] = {-1, -1, -1, -1}, err = 0;
	char vqs[64] = "";
	int ret = 0;

	/* kick failures: one vqid-0 failure before "rpmsg host is online" is
	 * common at boot (NXP community i.MX8MM/8MP boot logs); anything else
	 * means the M core did not take its MU interrupt within tx_tout (100 ms,
	 * imx_rproc.c, drivers/mailbox/mailbox.c) */
	for (size_t i = 0; i < s->n; i++) {
		const struct log_item *it = &s->items[i];

		if (it->cls != RB_KLOG_KICK_FAILURE)
			continue;
		if (!it->after_online && (it->f.mask & RB_KF_VQID) && it->f.vqid == 0)
			boot++;
		else
			other++;
		if (it->f.mask & RB_KF_VQID)
			for (int k = 0; k < 4; k++) {
				if (vq[k] == it->f.vqid)
					break;
				if (vq[k] < 0) {
					vq[k] = it->f.vqid;
					break;
				}
			}
		if (it->f.mask & RB_KF_ERR)
			err = it->f.err;
	}
	other += s->counts[RB_KLOG_KICK_FAILURE] - boot - other; /* items dropped */
	for (int k = 0, off = 0; k < 4 && vq[k] >= 0 && off < (int)sizeof(vqs); k++)
		off += snprintf(vqs + off, sizeof(vqs) - (size_t)off, "%s%lld", k ? ", " : "vqid ",
				vq[k]);
	if (boot == 1 && other == 0)
		ret = add(c->d, RB_DOC_INFO, "log-boot-kick-failure", c->d->log_source,
			  "Nothing to do if rpmsg works; it is the first kick before the firmware "
			  "initialised its MU.",
			  "one mailbox kick failed before \"rpmsg host is online\" (%s): common at "
			  "boot",
			  first_text(s, RB_KLOG_KICK_FAILURE));
	else if (boot + other)
		ret = add(c->d, RB_DOC_ERROR, "log-kick-failure", c->d->log_source,
			  "Find out why the M core stops taking MU interrupts: firmware halted or "
			  "crashed, interrupts masked too long, MU not initialised; `rpmsg-bench "
			  "run` "
			  "shows the messages in flight at each failure.",
			  "%lu mailbox kick failure(s) since boot (%s%slast err %lld%s), e.g. "
			  "\"%s\": "
			  "the M core did not read its MU register within the mailbox timeout (100 "
			  "ms "
			  "on i.MX) and each failure stalls the sender that long",
			  boot + other, vqs, vqs[0] ? "; " : "", err,
			  err == -62	? " = -ETIME"
			  : err == -105 ? " = -ENOBUFS"
					: "",
			  first_text(s, RB_KLOG_KICK_FAILURE));
	if (ret)
		return ret;
	for (size_t r = 0; r < sizeof(log_rules) / sizeof(log_rules[0]); r++) {
		const struct log_rule *lr = &log_rules[r];
		unsigned long cnt = s->counts[lr->cls];

		if (!cnt)
			continue;
		/* the three tty-loss classes share one finding */
		if (!strcmp(lr->id, "log-tty-rx-loss") && rb_doctor_has(c->d, lr->id))
			continue;
		ret = add(c->d, lr->sev, lr->id, c->d->log_source, lr->fix,
			  "%lu time(s): %s, e.g. \"%s\"", cnt, lr->what, first_text(s, lr->cls));
		if (ret)
			return ret;
	}
	return 0;
}

static int scan_kmsg(struct ctx *c, struct log_scan *s)
{
	struct rb_kmsg_config kc = {0};
	struct rb_kmsg *k;
	const struct rb_kmsg_event *ev;
	size_t n;
	int ret;

	kc.root = c->root;
	kc.from_seq = 0; /* everything since boot that is still in the buffer */
	kc.capacity = MAX_LOG_ITEMS;
	kc.no_marker = true;
	ret = rb_kmsg_open(&kc, &k);
	if (ret)
		return ret;
	if (!rb_kmsg_available(k)) {
		ret = add(c->d, RB_DOC_INFO, "log-unavailable", "/dev/kmsg",
			  "Run doctor as root (CAP_SYSLOG), or save the log with dmesg and use "
			  "--log.",
			  "the kernel log cannot be read (%s): kernel-log checks skipped",
			  rb_kmsg_reason(k));
		rb_kmsg_free(k);
		return ret;
	}
	snprintf(c->d->log_source, sizeof(c->d->log_source), "%s/dev/kmsg", c->root);
	rb_kmsg_drain(k, 0);
	ev = rb_kmsg_events(k, &n);
	for (size_t i = 0; i < n; i++)
		log_add(s, ev[i].cls, &ev[i].fields, ev[i].text);
	/* counts from the store can miss overflowed records: take the reader's */
	for (int cl = 0; cl < RB_KLOG_CLASS_COUNT; cl++)
		s->counts[cl] = rb_kmsg_count(k, cl);
	rb_kmsg_free(k);
	return 0;
}

/* ---- driver ---- */

int rb_doctor_check(const struct rb_doctor_opts *o, struct rb_doctor *d)
{
	struct ctx c = {.o = o, .d = d};
	struct log_scan s = {0};
	char p[4096];
	int ret = 0;

	c.root = o->root && o->root[0] && strcmp(o->root, "/") ? o->root : "";
	d->dt_source[0] = d->log_source[0] = '\0';

	/* device tree */
	if (o->dt) {
		ret = rb_dt_load(o->dt, &c.dt);
		if (ret)
			return ret;
		scopy(d->dt_source, sizeof(d->dt_source), o->dt);
	} else if (o->system) {
		rpath(&c, p, sizeof(p), "/proc/device-tree");
		if (exists(p)) {
			ret = rb_dt_load(p, &c.dt);
			if (ret == -ENOMEM)
				return ret;
			if (ret) {
				ret = add(d, RB_DOC_WARN, "dt-unreadable", p,
					  "Run as root, or copy the tree and use --dt.",
					  "the device tree cannot be read (%s)", strerror(-ret));
				if (ret)
					return ret;
			} else {
				scopy(d->dt_source, sizeof(d->dt_source), p);
			}
		}
	}
	if (c.dt && (ret = check_dt(&c)))
		goto out;

	if (o->system) {
		if ((ret = check_rpmsg(&c)) || (ret = check_remoteproc(&c)) ||
		    (ret = check_ttys(&c)))
			goto out;
		if (c.rproc_attached && c.dt_rsc_table_missing) {
			/* attach mode with no table: no vdev (imx_rproc.c) */
			for (size_t i = 0; i < d->n; i++)
				if (!strcmp(d->f[i].id, "mem-rsc-table-missing"))
					d->f[i].sev = RB_DOC_ERROR;
		}
	}

	/* kernel log */
	s.items = calloc(MAX_LOG_ITEMS, sizeof(*s.items));
	if (!s.items) {
		ret = -ENOMEM;
		goto out;
	}
	if (o->log) {
		ret = rb_klog_scan_file(o->log, NULL, log_cb, &s);
		if (ret < 0)
			goto out;
		scopy(d->log_source, sizeof(d->log_source), o->log);
		ret = check_log(&c, &s);
	} else if (o->system) {
		ret = scan_kmsg(&c, &s);
		if (!ret && d->log_source[0])
			ret = check_log(&c, &s);
	}
out:
	free(s.items);
	rb_dt_free(c.dt);
	return ret < 0 ? ret : 0;
}

json_t *rb_doctor_json(const struct rb_doctor *d)
{
	json_t *arr = json_array();
	json_t *o;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < d->n; i++) {
		const struct rb_finding *f = &d->f[i];

		json_array_append_new(arr,
				      json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", f->id,
						"severity", sev_name(f->sev), "subject", f->subject,
						"message", f->message, "fix", f->fix));
	}
	o = json_pack(
		"{s:b, s:I, s:I, s:o, s:o, s:o}", "healthy", rb_doctor_count(d, RB_DOC_WARN) == 0,
		"errors", (json_int_t)(rb_doctor_count(d, RB_DOC_ERROR)), "warnings",
		(json_int_t)(rb_doctor_count(d, RB_DOC_WARN) - rb_doctor_count(d, RB_DOC_ERROR)),
		"device_tree", d->dt_source[0] ? json_string(d->dt_source) : json_null(), "log",
		d->log_source[0] ? json_string(d->log_source) : json_null(), "findings", arr);
	return o;
}

static void doctor_usage(FILE *out)
{
	fprintf(out,
		"usage: rpmsg-bench doctor [--root DIR] [--dt DIR|FILE.dtb] [--log FILE] [--json]\n"
		"Check what stops rpmsg from working and explain the fix.\n"
		"  --root DIR   read /sys, /proc, /dev and /lib/firmware under DIR (default /)\n"
		"  --dt PATH    device tree to check: a /proc/device-tree copy or a .dtb\n"
		"  --log FILE   saved kernel log (dmesg, dmesg -t, journalctl -k, kmsg dump)\n"
		"  --json       JSON output\n"
		"With --dt or --log and no --root, only those are checked (offline use).\n"
		"Exit status: 0 healthy, 1 problems found, 2 usage or input error.\n");
}

int rb_doctor_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'}, {"dt", required_argument, NULL, 'd'},
		{"log", required_argument, NULL, 'l'},	{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},	{NULL, 0, NULL, 0},
	};
	struct rb_doctor_opts o = {0};
	struct rb_doctor d = {0};
	bool json = false, root_given = false;
	int ch, ret, status;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "r:d:l:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o.root = optarg;
			root_given = true;
			break;
		case 'd':
			o.dt = optarg;
			break;
		case 'l':
			o.log = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			doctor_usage(stdout);
			return 0;
		default:
			doctor_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		doctor_usage(stderr);
		return 2;
	}
	o.system = root_given || (!o.dt && !o.log);
	ret = rb_doctor_check(&o, &d);
	if (ret) {
		/* only the inputs named on the command line make the check fail */
		if (ret == -ENOMEM)
			fprintf(stderr, "rpmsg-bench doctor: out of memory\n");
		else
			fprintf(stderr, "rpmsg-bench doctor: %s%s%s: %s\n", o.dt ? o.dt : "",
				o.dt && o.log ? " or " : "", o.log ? o.log : "",
				ret == -EINVAL ? "not a device tree, or malformed"
					       : strerror(-ret));
		rb_doctor_release(&d);
		return 2;
	}
	status = rb_doctor_count(&d, RB_DOC_WARN) ? 1 : 0;
	if (json) {
		json_t *j = rb_doctor_json(&d);

		if (!j || json_dumpf(j, stdout, JSON_INDENT(2)) < 0) {
			json_decref(j);
			rb_doctor_release(&d);
			return 2;
		}
		putchar('\n');
		json_decref(j);
	} else {
		printf("rpmsg-bench doctor: device tree: %s; kernel log: %s\n",
		       d.dt_source[0] ? d.dt_source : "none",
		       d.log_source[0] ? d.log_source : "none");
		for (size_t i = 0; i < d.n; i++) {
			const struct rb_finding *f = &d.f[i];

			printf("\n%-7s %s  [%s]\n  %s\n",
			       f->sev == RB_DOC_ERROR  ? "ERROR"
			       : f->sev == RB_DOC_WARN ? "WARNING"
						       : "info",
			       f->id, f->subject, f->message);
			if (f->fix[0])
				printf("  fix: %s\n", f->fix);
		}
		printf("\n%s: %zu error(s), %zu warning(s), %zu note(s)\n",
		       status ? "PROBLEMS FOUND" : "healthy", rb_doctor_count(&d, RB_DOC_ERROR),
		       rb_doctor_count(&d, RB_DOC_WARN) - rb_doctor_count(&d, RB_DOC_ERROR),
		       d.n - rb_doctor_count(&d, RB_DOC_WARN));
	}
	rb_doctor_release(&d);
	return status;
}
