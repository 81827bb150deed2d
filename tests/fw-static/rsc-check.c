/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rsc-check.c - static checks of a firmware ELF image as Linux's remoteproc
 * and U-Boot's bootaux would see it, without a board.
 *
 * Resource table, by the rules of drivers/remoteproc/remoteproc_elf_loader.c
 * (rproc_elf_find_rsc_table) and remoteproc_core.c (rproc_handle_resources,
 * rproc_handle_vdev, rproc_parse_vring):
 *   - a section named exactly ".resource_table", inside a loaded segment;
 *   - ver == 1, reserved[0..1] == 0, the num offsets fit in the section,
 *     every entry header (u32 type) within the section;
 *   - the vdev entry: fits (struct + vrings + config_len), reserved == 0,
 *     num_of_vrings <= 2, every vring num != 0 and align != 0;
 * and what this project expects on top (the board's configuration): exactly
 * one vdev, id 7 (rpmsg), the name-service feature, two vrings of --num
 * descriptors with --align and the board's addresses.
 *
 * Image: ELF32 little-endian ARM executable; the entry point (the reset
 * handler) is a Thumb address inside an executable loaded segment and equals
 * word 1 of the vector table (section .vectors; also .boot_vector when the
 * image has one, i.MX7D); with --irq N, vector 16 + N points into the code
 * (the MU interrupt on i.MX); every loaded segment lies inside --load (or --boot)
 * and ends strictly before the region's end (imx_rproc_da_to_sys needs
 * da + len < end); the loaded bytes fit --max-image.
 *
 * --mutate NAME breaks one thing in memory before checking (for the tests of
 * this checker): ver, reserved, offset, vdev-id, vdev-reserved, nvrings,
 * num, align, da, section, entry.
 *
 * Exit status: 0 all checks passed, 1 a check failed, 2 usage or I/O error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_ARM 40
#define PT_LOAD 1
#define PF_X 1
#define RSC_VDEV 3
#define VIRTIO_ID_RPMSG 7
#define VIRTIO_RPMSG_F_NS 0
#define RVDEV_NUM_VRINGS 2 /* remoteproc.h */

struct region {
	uint32_t base, size;
	bool set;
};

static struct {
	const char *elf;
	uint32_t vring_da[2];
	bool da_set[2];
	uint32_t align, num;
	struct region load, boot;
	uint32_t max_image;
	int irq; /* external interrupt whose vector must point into the code, -1: none */
	const char *mutate;
} opt = {.align = 0x1000, .num = 256, .irq = -1};

static int failures;

#define check(cond, ...)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "FAIL %s: ", opt.elf);                                 \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                               \
			failures++;                                                        \
		}                                                                          \
	} while (0)

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) || (n = ftell(fp)) <= 0 || fseek(fp, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = (size_t)n;
out:
	fclose(fp);
	return buf;
}

struct elf {
	uint8_t *b;
	size_t len;
	uint32_t entry, phoff, shoff;
	uint16_t phnum, shnum, shstrndx, phentsize, shentsize;
};

struct shdr {
	uint32_t name, type, addr, offset, size;
};

static bool get_shdr(const struct elf *e, uint32_t i, struct shdr *s)
{
	uint64_t off = (uint64_t)e->shoff + (uint64_t)i * e->shentsize;
	const uint8_t *p;

	if (i >= e->shnum || off + 40 > e->len)
		return false;
	p = e->b + off;
	s->name = rd32(p);
	s->type = rd32(p + 4);
	s->addr = rd32(p + 12);
	s->offset = rd32(p + 16);
	s->size = rd32(p + 20);
	return (uint64_t)s->offset + s->size <= e->len || s->type == 8 /* NOBITS */;
}

/* Section by name; returns its index or -1. */
static int find_section(const struct elf *e, const char *name, struct shdr *out)
{
	struct shdr str, s;

	if (!get_shdr(e, e->shstrndx, &str))
		return -1;
	for (uint32_t i = 0; i < e->shnum; i++) {
		if (!get_shdr(e, i, &s) || s.name >= str.size)
			continue;
		const char *n = (const char *)e->b + str.offset + s.name;
		size_t max = str.size - s.name;

		if (strnlen(n, max) < max && !strcmp(n, name)) {
			*out = s;
			return (int)i;
		}
	}
	return -1;
}

static bool parse_elf(struct elf *e)
{
	const uint8_t *h = e->b;

	if (e->len < 52 || memcmp(h, "\177ELF", 4))
		return false;
	check(h[4] == 1 && h[5] == 1, "not ELF32 little-endian");
	check(rd16(h + 16) == 2, "not an executable (e_type %u)", rd16(h + 16));
	check(rd16(h + 18) == EM_ARM, "not ARM (e_machine %u)", rd16(h + 18));
	e->entry = rd32(h + 24);
	e->phoff = rd32(h + 28);
	e->shoff = rd32(h + 32);
	e->phentsize = rd16(h + 42);
	e->phnum = rd16(h + 44);
	e->shentsize = rd16(h + 46);
	e->shnum = rd16(h + 48);
	e->shstrndx = rd16(h + 50);
	return e->phentsize >= 32 && e->shentsize >= 40 &&
	       (uint64_t)e->phoff + (uint64_t)e->phnum * e->phentsize <= e->len &&
	       (uint64_t)e->shoff + (uint64_t)e->shnum * e->shentsize <= e->len;
}

static bool in_region(const struct region *r, uint32_t addr, uint32_t len)
{
	/* imx_rproc_da_to_sys(): da + len < att->da + att->size, strictly. */
	return r->set && addr >= r->base && (uint64_t)addr + len < (uint64_t)r->base + r->size;
}

/* True when addr lies inside an executable loaded segment. */
static bool in_code(const struct elf *e, uint32_t addr)
{
	for (uint32_t i = 0; i < e->phnum; i++) {
		const uint8_t *p = e->b + e->phoff + (uint64_t)i * e->phentsize;
		uint32_t paddr = rd32(p + 12), filesz = rd32(p + 16);

		if (rd32(p) == PT_LOAD && (rd32(p + 24) & PF_X) && addr >= paddr &&
		    addr < (uint64_t)paddr + filesz)
			return true;
	}
	return false;
}

/* Segments: inside the regions, entry executable, loaded bytes within budget. */
static void check_segments(const struct elf *e, uint32_t rsc_addr, uint32_t rsc_size)
{
	uint64_t image = 0;
	bool entry_ok = false, rsc_loaded = false;

	for (uint32_t i = 0; i < e->phnum; i++) {
		const uint8_t *p = e->b + e->phoff + (uint64_t)i * e->phentsize;
		uint32_t type = rd32(p), paddr = rd32(p + 12), filesz = rd32(p + 16);
		uint32_t memsz = rd32(p + 20), flags = rd32(p + 24);

		if (type != PT_LOAD || filesz == 0)
			continue;
		image += filesz;
		check(in_region(&opt.load, paddr, filesz) || in_region(&opt.boot, paddr, filesz),
		      "segment %u at 0x%08x + 0x%x outside the load regions", i, paddr, filesz);
		if ((flags & PF_X) && (e->entry & ~1u) >= paddr &&
		    (e->entry & ~1u) < (uint64_t)paddr + filesz)
			entry_ok = true;
		if (rsc_addr >= paddr && (uint64_t)rsc_addr + rsc_size <= (uint64_t)paddr + filesz)
			rsc_loaded = true;
		(void)memsz;
	}
	check(e->entry & 1u, "entry 0x%08x is not a Thumb address", e->entry);
	check(entry_ok, "entry 0x%08x is not inside an executable loaded segment", e->entry);
	check(rsc_loaded, ".resource_table (0x%08x) is not inside a loaded segment", rsc_addr);
	if (opt.max_image)
		check(image <= opt.max_image, "loaded image %" PRIu64 " bytes > budget %u", image,
		      opt.max_image);
	printf("  image: %" PRIu64 " loaded bytes (budget %u), entry 0x%08x\n", image,
	       opt.max_image, e->entry);
}

/* Word 1 of a vector table section must be the entry point. */
static void check_vector(const struct elf *e, const char *name, bool required)
{
	struct shdr s;

	if (find_section(e, name, &s) < 0) {
		check(!required, "no %s section", name);
		return;
	}
	check(s.size >= 8, "%s is %u bytes", name, s.size);
	if (s.size < 8)
		return;
	uint32_t sp = rd32(e->b + s.offset), pc = rd32(e->b + s.offset + 4);

	check(pc == e->entry, "%s reset vector 0x%08x != entry 0x%08x", name, pc, e->entry);
	check(sp != 0 && (sp & 7u) == 0, "%s initial SP 0x%08x not 8-byte aligned", name, sp);
	printf("  %s: SP 0x%08x, reset 0x%08x\n", name, sp, pc);
	if (opt.irq < 0 || strcmp(name, ".vectors"))
		return;
	/* ARMv7-M ARM B1.5.3: external interrupt n is vector 16 + n. */
	uint64_t at = 4ull * (16u + (uint32_t)opt.irq);

	check(at + 4 <= s.size, "vector table has no entry for IRQ %d", opt.irq);
	if (at + 4 > s.size)
		return;
	uint32_t v = rd32(e->b + s.offset + at);

	check((v & 1u) && in_code(e, v & ~1u), "IRQ %d vector 0x%08x is not Thumb code of the image",
	      opt.irq, v);
	printf("  IRQ %d vector: 0x%08x\n", opt.irq, v);
}

/* The table, by the kernel's rules and then by this project's expectations. */
static void check_table(const uint8_t *t, uint32_t size)
{
	check(size >= 16, "table of %u bytes is smaller than its header", size);
	if (size < 16)
		return;
	uint32_t ver = rd32(t), num = rd32(t + 4);

	check(ver == 1, "ver %u, the kernel requires 1", ver);
	check(rd32(t + 8) == 0 && rd32(t + 12) == 0, "reserved[] not zero");
	check(16u + 4ull * num <= size, "%u offsets do not fit in %u bytes", num, size);
	if (16u + 4ull * num > size)
		return;
	uint32_t vdevs = 0;

	for (uint32_t i = 0; i < num; i++) {
		uint32_t off = rd32(t + 16 + 4 * i);

		check((uint64_t)off + 4 <= size, "offset[%u] = 0x%x past the table", i, off);
		if ((uint64_t)off + 4 > size)
			continue;
		uint32_t type = rd32(t + off), avail = size - off - 4;
		const uint8_t *r = t + off + 4;

		if (type != RSC_VDEV) {
			check(0, "entry %u: type %u, only one vdev (3) expected", i, type);
			continue;
		}
		vdevs++;
		/* rproc_handle_vdev(): struct_size(rsc, vring, num_of_vrings) + config_len. */
		check(avail >= 24, "vdev truncated");
		if (avail < 24)
			continue;
		uint32_t id = rd32(r), dfeatures = rd32(r + 8), config_len = rd32(r + 16);
		uint8_t nvr = r[21];

		check((uint64_t)24 + 20ull * nvr + config_len <= avail, "vdev rsc is truncated");
		check(r[22] == 0 && r[23] == 0, "vdev reserved[] not zero");
		check(nvr <= RVDEV_NUM_VRINGS, "%u vrings > %u", nvr, RVDEV_NUM_VRINGS);
		check(id == VIRTIO_ID_RPMSG, "vdev id %u, want 7 (rpmsg)", id);
		check(dfeatures & (1u << VIRTIO_RPMSG_F_NS), "no VIRTIO_RPMSG_F_NS in dfeatures");
		check(nvr == 2, "%u vrings, want 2", nvr);
		check(r[20] == 0, "status 0x%x in the image, want 0", r[20]);
		if ((uint64_t)24 + 20ull * nvr > avail || nvr > 2)
			continue;
		printf("  vdev: id %u dfeatures 0x%x config_len %u vrings %u\n", id, dfeatures,
		       config_len, nvr);
		for (uint32_t v = 0; v < nvr; v++) {
			const uint8_t *vr = r + 24 + 20 * v;
			uint32_t da = rd32(vr), align = rd32(vr + 4), qn = rd32(vr + 8);

			/* rproc_parse_vring(): "invalid qsize" / zero alignment. */
			check(qn != 0 && align != 0, "vring%u: num %u align %u", v, qn, align);
			check(qn == opt.num, "vring%u: num %u, want %u", v, qn, opt.num);
			check(align == opt.align, "vring%u: align 0x%x, want 0x%x", v, align,
			      opt.align);
			check(!opt.da_set[v] || da == opt.vring_da[v], "vring%u: da 0x%08x, want 0x%08x",
			      v, da, opt.vring_da[v]);
			check(rd32(vr + 12) == v, "vring%u: notifyid %u", v, rd32(vr + 12));
			printf("  vring%u: da 0x%08x align 0x%x num %u\n", v, da, align, qn);
		}
	}
	check(vdevs == 1, "%u vdev entries, want 1", vdevs);
}

static void mutate(struct elf *e, struct shdr *rs, uint8_t *t)
{
	const char *m = opt.mutate;

	if (!strcmp(m, "ver"))
		wr32(t, 2);
	else if (!strcmp(m, "reserved"))
		wr32(t + 12, 1);
	else if (!strcmp(m, "offset"))
		wr32(t + 16, rs->size);
	else if (!strcmp(m, "vdev-id"))
		wr32(t + 0x18, 6);
	else if (!strcmp(m, "vdev-reserved"))
		t[0x2E] = 1;
	else if (!strcmp(m, "nvrings"))
		t[0x2D] = 3;
	else if (!strcmp(m, "num"))
		wr32(t + 0x38, 0);
	else if (!strcmp(m, "align"))
		wr32(t + 0x48, 0x10);
	else if (!strcmp(m, "da"))
		wr32(t + 0x30, rd32(t + 0x30) + 0x1000);
	else if (!strcmp(m, "entry"))
		wr32(e->b + 24, e->entry & ~1u);
	else if (strcmp(m, "section")) {
		fprintf(stderr, "unknown --mutate %s\n", m);
		exit(2);
	}
	e->entry = rd32(e->b + 24);
}

static bool parse_region(const char *s, struct region *r)
{
	char *end;

	r->base = (uint32_t)strtoul(s, &end, 0);
	if (*end != ':')
		return false;
	r->size = (uint32_t)strtoul(end + 1, &end, 0);
	r->set = *end == '\0' && r->size != 0;
	return r->set;
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: rb-rsc-check [--vring0 DA] [--vring1 DA] [--align N] [--num N]\n"
		    "                    [--load BASE:SIZE] [--boot BASE:SIZE] [--max-image BYTES]\n"
		    "                    [--irq N] [--mutate WHAT] IMAGE.elf\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"vring0", required_argument, NULL, '0'}, {"vring1", required_argument, NULL, '1'},
		{"align", required_argument, NULL, 'a'},  {"num", required_argument, NULL, 'n'},
		{"load", required_argument, NULL, 'l'},	  {"boot", required_argument, NULL, 'b'},
		{"max-image", required_argument, NULL, 'm'}, {"mutate", required_argument, NULL, 'x'},
		{"irq", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0},
	};
	struct elf e = {0};
	struct shdr rs;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case '0':
		case '1':
			opt.vring_da[c - '0'] = (uint32_t)strtoul(optarg, NULL, 0);
			opt.da_set[c - '0'] = true;
			break;
		case 'a':
			opt.align = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			opt.num = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'l':
		case 'b':
			if (!parse_region(optarg, c == 'l' ? &opt.load : &opt.boot)) {
				usage(stderr);
				return 2;
			}
			break;
		case 'm':
			opt.max_image = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'x':
			opt.mutate = optarg;
			break;
		case 'i':
			opt.irq = atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	opt.elf = argv[optind];
	e.b = read_file(opt.elf, &e.len);
	if (!e.b) {
		fprintf(stderr, "%s: %s\n", opt.elf, strerror(errno ? errno : EIO));
		return 2;
	}
	if (!parse_elf(&e)) {
		fprintf(stderr, "FAIL %s: not a well-formed ELF32 image\n", opt.elf);
		return 1;
	}
	int idx = find_section(&e, ".resource_table", &rs);

	if (idx >= 0 && opt.mutate) {
		mutate(&e, &rs, e.b + rs.offset);
		if (!strcmp(opt.mutate, "section"))
			idx = -1; /* as if the section had another name */
	}
	printf("%s\n", opt.elf);
	/* rproc_elf_find_rsc_table() finds the table by this exact name only. */
	check(idx >= 0, "no .resource_table section: Linux logs \"No resource table in elf\"");
	if (idx >= 0) {
		printf("  .resource_table: 0x%08x, %u bytes\n", rs.addr, rs.size);
		check_table(e.b + rs.offset, rs.size);
		check_segments(&e, rs.addr, rs.size);
	}
	check_vector(&e, ".vectors", true);
	check_vector(&e, ".boot_vector", false);
	free(e.b);
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
