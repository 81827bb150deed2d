/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * boot_vector.c - the i.MX7D M4 fetches its initial SP and PC from address
 * 0, an alias of OCRAM_S 0x00180000 (drivers/remoteproc/imx_rproc.c
 * imx_rproc_att_imx7d; U-Boot arch-mx7/imx-regs.h MCU_BOOTROM_BASE_ADDR),
 * not from the vector table in TCML. U-Boot's bootaux writes these two words
 * itself; remoteproc loads them from this section. The reset handler then
 * loads SP again (bootaux on 32-bit U-Boot passes SP = 0) and moves VTOR to
 * the real table.
 */
#include <stdint.h>

extern uint32_t __stack_top[];
void rb_cm_reset_handler(void);

__attribute__((section(".boot_vector"), used)) const uintptr_t rb_imx7d_boot_vector[2] = {
	(uintptr_t)__stack_top,
	(uintptr_t)rb_cm_reset_handler,
};
