/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_rsc_table.c - the resource table instance (see rb_rsc_table.h).
 */
#include "config.h"
#include "rb_rsc_table.h"

__attribute__((section(".resource_table"), used, aligned(8)))
const struct rb_rsc_table rb_rsc_table = {
	.ver = 1, /* remoteproc_elf_loader.c rejects anything else */
	.num = 1,
	.reserved = {0, 0},
	.offset = {offsetof(struct rb_rsc_table, vdev)},
	.vdev =
		{
			.type = RB_RSC_VDEV,
			.id = RB_VIRTIO_ID_RPMSG,
			.notifyid = 0,
			.dfeatures = 1u << RB_VIRTIO_RPMSG_F_NS,
			.gfeatures = 0,
			.config_len = 0,
			.status = 0,
			.num_of_vrings = 2,
			.reserved = {0, 0},
			.vring =
				{
					{RB_BOARD_VRING0_DA, RB_BOARD_VRING_ALIGN, RB_CFG_VRING_NUM,
					 0, 0},
					{RB_BOARD_VRING1_DA, RB_BOARD_VRING_ALIGN, RB_CFG_VRING_NUM,
					 1, 0},
				},
		},
};
