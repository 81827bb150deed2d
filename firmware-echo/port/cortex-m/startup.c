/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * startup.c - vector table and reset handler for every Cortex-M board port.
 *
 * The vector table layout is fixed by the ARMv7-M ARM (B1.5.3): word 0 is the
 * initial main stack pointer, word 1 the reset handler (Thumb bit set), then
 * 14 system exceptions and RB_CM_NUM_IRQS external interrupts. Every
 * external interrupt goes through one entry that asks IPSR which one fired
 * and calls the board's rb_cm_irq(), so boards never edit this table.
 */
#include "cm.h"

#include "port.h"
#include "rb_fw.h"

#ifndef RB_CM_NUM_IRQS
#error "RB_CM_NUM_IRQS must come from the board's compiler flags"
#endif

/* Symbols from sections.ld. */
extern uint32_t __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern const uint32_t __vector_table[];

void rb_cm_reset_handler(void);
void rb_cm_irq_entry(void);
void rb_cm_fault_entry(void);
void rb_cm_systick_isr(void);

/* Sizes of the linker-provided sections as word counts (both ends aligned to 4). */
static void copy_words(uint32_t *dst, const uint32_t *src, uint32_t *end)
{
	while (dst < end)
		*dst++ = *src++;
}

static void zero_words(uint32_t *dst, uint32_t *end)
{
	while (dst < end)
		*dst++ = 0;
}

/*
 * Reset: load SP ourselves (U-Boot's bootaux on the 32-bit i.MX7D hands the
 * core SP = 0: U-Boot arch/arm/mach-imx/imx_bootaux.c), point VTOR at our table (on the i.MX7D
 * the boot vector at address 0 is only a two-word stub in OCRAM_S), set up
 * the C runtime and run the firmware (rb_fw_main(), never returns). Runs
 * with interrupts masked until port_init() enables what it needs.
 */
__attribute__((naked, noreturn, section(".text.reset"))) void rb_cm_reset_handler(void)
{
	__asm__ volatile("cpsid i\n\t"
			 "ldr r0, =__stack_top\n\t"
			 "msr msp, r0\n\t"
			 "b rb_cm_c_start\n\t");
}

__attribute__((noreturn, used)) void rb_cm_c_start(void);
__attribute__((noreturn, used)) void rb_cm_c_start(void)
{
	RB_CM_SCB->vtor = (uint32_t)(uintptr_t)__vector_table;
	rb_cm_dsb();
	rb_cm_isb();
	rb_cm_board_early_init();
	copy_words(__data_start, __data_load, __data_end);
	zero_words(__bss_start, __bss_end);
	/* Separate MemManage/BusFault/UsageFault reports instead of one HardFault. */
	RB_CM_SCB->shcsr |= RB_CM_SHCSR_FAULTS;
	rb_cm_dsb();
	rb_cm_isb();
	rb_fw_main();
}

/* Every external interrupt: exception number from IPSR, minus 16. */
void rb_cm_irq_entry(void)
{
	rb_cm_irq(rb_cm_ipsr() - 16u);
}

typedef void (*rb_cm_vector)(void);

#define RB_CM_NUM_VECTORS (16u + (RB_CM_NUM_IRQS))

/*
 * 16 system entries + the board's IRQs. VTOR needs the table aligned to the
 * next power of two of its size (ARMv7-M ARM B3.2.5); sections.ld aligns
 * .vectors to 1 KiB, enough for up to 240 entries.
 */
_Static_assert(RB_CM_NUM_VECTORS * 4u <= 1024u, "vector table exceeds the 1 KiB alignment");

__attribute__((section(".vectors"), used)) const rb_cm_vector rb_cm_vectors[RB_CM_NUM_VECTORS] = {
	[0] = (rb_cm_vector)(uintptr_t)__stack_top,
	[1] = rb_cm_reset_handler,
	[2] = rb_cm_fault_entry,	/* NMI */
	[3] = rb_cm_fault_entry,	/* HardFault */
	[4] = rb_cm_fault_entry,	/* MemManage */
	[5] = rb_cm_fault_entry,	/* BusFault */
	[6] = rb_cm_fault_entry,	/* UsageFault */
	[11] = rb_cm_fault_entry,	/* SVCall: never used */
	[12] = rb_cm_fault_entry,	/* DebugMonitor */
	[14] = rb_cm_fault_entry,	/* PendSV: never used */
	[15] = rb_cm_systick_isr,
	[16 ... RB_CM_NUM_VECTORS - 1] = rb_cm_irq_entry,
};
