/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * semihost.c - the two semihosting calls the emulated boards use.
 *
 * ARM "Semihosting for AArch32 and AArch64" (v2.0): on M-profile the call is
 * BKPT 0xAB with the operation in r0 and the argument block in r1.
 * SYS_EXIT_EXTENDED (0x20) takes {reason, subcode}; with reason
 * ADP_Stopped_ApplicationExit (0x20026) QEMU exits with status `subcode`
 * (measured with qemu-system-arm 7.2; plain SYS_EXIT only gives 0 or 1).
 */
#include "cm.h"

#define SYS_WRITE0 0x04u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uint32_t semihost_call(uint32_t op, const void *arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

void rb_cm_semihost_exit(int code)
{
	static volatile uint32_t block[2];

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint32_t)code;
	semihost_call(SYS_EXIT_EXTENDED, (const void *)block);
	/* Only reached when the host ignored the call. */
	for (;;)
		__asm__ volatile("cpsid i\n\twfi" ::: "memory");
}

void rb_cm_semihost_write0(const char *s)
{
	semihost_call(SYS_WRITE0, s);
}
