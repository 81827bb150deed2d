/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fault.c - one handler for every fault and unexpected exception.
 *
 * It prints what the core recorded (ARMv7-M ARM B3.2.15-B3.2.18: CFSR, HFSR,
 * MMFAR, BFAR) and the stacked PC/LR of the faulting context (exception
 * frame layout B1.5.6: r0-r3, r12, lr, pc, xpsr), then hands over to the
 * board, which ends QEMU with a non-zero status or parks the core.
 */
#include "cm.h"

#include "port.h"

void rb_cm_fault_entry(void);
__attribute__((noreturn, used)) void rb_cm_fault_report(const uint32_t *frame);

/* Pick the stack the exception frame was pushed on (EXC_RETURN bit 2). */
__attribute__((naked)) void rb_cm_fault_entry(void)
{
	__asm__ volatile("tst lr, #4\n\t"
			 "ite eq\n\t"
			 "mrseq r0, msp\n\t"
			 "mrsne r0, psp\n\t"
			 "b rb_cm_fault_report\n\t");
}

void rb_cm_fault_report(const uint32_t *frame)
{
	uint32_t exc = rb_cm_ipsr();

	__asm__ volatile("cpsid i" ::: "memory");
	static const char msg[] = "\r\n*** rb-echo: fatal exception\r\n";
	port_console_write(msg, sizeof(msg) - 1);
	rb_cm_console_hex("exception", exc);
	rb_cm_console_hex("cfsr", RB_CM_SCB->cfsr);
	rb_cm_console_hex("hfsr", RB_CM_SCB->hfsr);
	rb_cm_console_hex("mmfar", RB_CM_SCB->mmfar);
	rb_cm_console_hex("bfar", RB_CM_SCB->bfar);
	rb_cm_console_hex("pc", frame[6]);
	rb_cm_console_hex("lr", frame[5]);
	rb_cm_board_fatal(exc);
}

void rb_cm_console_hex(const char *label, uint32_t v)
{
	char buf[32];
	size_t n = 0;

	while (*label && n < 16)
		buf[n++] = *label++;
	buf[n++] = ' ';
	buf[n++] = '0';
	buf[n++] = 'x';
	for (int shift = 28; shift >= 0; shift -= 4)
		buf[n++] = "0123456789abcdef"[(v >> shift) & 0xFu];
	buf[n++] = '\r';
	buf[n++] = '\n';
	port_console_write(buf, n);
}
