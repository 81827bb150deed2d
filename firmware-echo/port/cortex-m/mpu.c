/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mpu.c - program the ARMv7-M MPU from a table (ARMv7-M ARM B3.5).
 */
#include <errno.h>

#include "cm.h"

/* RASR.SIZE encodes 2^(SIZE+1) bytes (B3.5.9). */
static int size_field(uint32_t size)
{
	if (size < 32u || (size & (size - 1u)))
		return -EINVAL;
	return __builtin_ctz(size) - 1;
}

int rb_cm_mpu_setup(const struct rb_cm_mpu_region *table, unsigned int n)
{
	struct rb_cm_mpu *mpu = RB_CM_MPU;
	uint32_t regions = (mpu->type >> 8) & 0xFFu;

	if (regions == 0)
		return -ENODEV;
	if (n > regions)
		return -ENOSPC;
	for (unsigned int i = 0; i < n; i++) {
		int sz = size_field(table[i].size);

		if (sz < 0 || (table[i].base & (table[i].size - 1u)))
			return -EINVAL;
	}
	rb_cm_dsb();
	mpu->ctrl = 0;
	for (unsigned int i = 0; i < regions; i++) {
		mpu->rnr = i;
		mpu->rasr = 0;
		if (i < n) {
			mpu->rbar = table[i].base;
			mpu->rasr = table[i].attr | ((uint32_t)size_field(table[i].size) << 1) | 1u;
		}
	}
	/* PRIVDEFENA: the default map stays in force outside the regions. */
	mpu->ctrl = (1u << 2) | 1u;
	rb_cm_dsb();
	rb_cm_isb();
	return 0;
}
