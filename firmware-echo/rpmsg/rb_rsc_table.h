/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_rsc_table.h - the remoteproc resource table of the echo firmware.
 *
 * Layout per include/linux/remoteproc.h (all fields little-endian, packed) and
 * the NXP SDK table that i.MX kernels expect (SDK examples' rsc_table.c/.h):
 *
 *   offset  field
 *   0x00    ver = 1
 *   0x04    num = 1
 *   0x08    reserved[2] = 0
 *   0x10    offset[0] = 0x14
 *   0x14    type = RSC_VDEV (3)
 *   0x18    id = VIRTIO_ID_RPMSG (7)
 *   0x1C    notifyid
 *   0x20    dfeatures = 1 (VIRTIO_RPMSG_F_NS)
 *   0x24    gfeatures (written by Linux)
 *   0x28    config_len = 0
 *   0x2C    status (u8, written by Linux; DRIVER_OK = 4)
 *   0x2D    num_of_vrings = 2
 *   0x2E    reserved[2]
 *   0x30    vring0 {da, align, num, notifyid, pa}   firmware -> Linux
 *   0x44    vring1 {da, align, num, notifyid, pa}   Linux -> firmware
 *   0x58    end
 */
#ifndef RB_RSC_TABLE_H
#define RB_RSC_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define RB_RSC_VDEV		   3u /* enum fw_resource_type */
#define RB_VIRTIO_ID_RPMSG	   7u /* include/uapi/linux/virtio_ids.h */
#define RB_VIRTIO_RPMSG_F_NS	   0u /* feature bit, virtio_rpmsg_bus.c */
#define RB_FW_RSC_ADDR_ANY	   0xFFFFFFFFu
#define RB_VIRTIO_STATUS_DRIVER_OK 4u /* include/uapi/linux/virtio_config.h */

struct rb_rsc_vring {
	uint32_t da;	   /* device address, filled in by Linux (rp_find_vq) */
	uint32_t align;	   /* vring alignment in bytes */
	uint32_t num;	   /* descriptors */
	uint32_t notifyid; /* filled in by Linux (idr) */
	uint32_t pa;	   /* reserved in older kernels */
} __attribute__((packed));

struct rb_rsc_vdev {
	uint32_t type; /* RB_RSC_VDEV */
	uint32_t id;   /* RB_VIRTIO_ID_RPMSG */
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct rb_rsc_vring vring[2];
} __attribute__((packed));

struct rb_rsc_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[1];
	struct rb_rsc_vdev vdev;
} __attribute__((packed));

#define RB_RSC_OFF_STATUS 0x2Cu
#define RB_RSC_OFF_VRING0 0x30u
#define RB_RSC_OFF_VRING1 0x44u

_Static_assert(offsetof(struct rb_rsc_table, offset) == 0x10, "offset[0] at 0x10");
_Static_assert(offsetof(struct rb_rsc_table, vdev) == 0x14, "vdev at 0x14");
_Static_assert(offsetof(struct rb_rsc_table, vdev.id) == 0x18, "vdev.id at 0x18");
_Static_assert(offsetof(struct rb_rsc_table, vdev.dfeatures) == 0x20, "dfeatures at 0x20");
_Static_assert(offsetof(struct rb_rsc_table, vdev.status) == RB_RSC_OFF_STATUS, "status at 0x2C");
_Static_assert(offsetof(struct rb_rsc_table, vdev.vring) == RB_RSC_OFF_VRING0, "vring0 at 0x30");
_Static_assert(offsetof(struct rb_rsc_table, vdev.vring[1]) == RB_RSC_OFF_VRING1, "vring1 at 0x44");
_Static_assert(sizeof(struct rb_rsc_table) == 0x58, "resource table is 0x58 bytes");

/*
 * The firmware's table, in section .resource_table (rproc_elf_find_rsc_table()
 * finds it by that name). Ports that keep the live table elsewhere (i.MX
 * "rsc-table" region, the host control block) copy it there in port_init().
 */
extern const struct rb_rsc_table rb_rsc_table;

#endif /* RB_RSC_TABLE_H */
