/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cm.h - the Cortex-M layer shared by every board port of the echo firmware
 * (i.MX M4/M7 and the emulated MPS2 boards).
 *
 * Core registers as volatile struct overlays; addresses and bits from the
 * ARMv7-M Architecture Reference Manual (section B3 "System address map")
 * and CMSIS core_cm4.h / core_cm7.h.
 *
 * A board provides the hooks declared at the end (rb_cm_board_*), the IRQ
 * dispatcher rb_cm_irq() and its own port_* functions where they differ.
 */
#ifndef RB_CM_H
#define RB_CM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RB_CM_REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System Control Block, ARMv7-M ARM B3.2.2 (0xE000ED00). */
struct rb_cm_scb {
	volatile uint32_t cpuid;   /* 0x00 */
	volatile uint32_t icsr;	   /* 0x04 */
	volatile uint32_t vtor;	   /* 0x08 */
	volatile uint32_t aircr;   /* 0x0C */
	volatile uint32_t scr;	   /* 0x10 */
	volatile uint32_t ccr;	   /* 0x14: IC bit 17, DC bit 16 (M7) */
	volatile uint8_t shp[12];  /* 0x18 */
	volatile uint32_t shcsr;   /* 0x24 */
	volatile uint32_t cfsr;	   /* 0x28 */
	volatile uint32_t hfsr;	   /* 0x2C */
	volatile uint32_t dfsr;	   /* 0x30 */
	volatile uint32_t mmfar;   /* 0x34 */
	volatile uint32_t bfar;	   /* 0x38 */
	volatile uint32_t afsr;	   /* 0x3C */
};
#define RB_CM_SCB ((struct rb_cm_scb *)0xE000ED00u)
#define RB_CM_CCR_DC (1u << 16)
#define RB_CM_SHCSR_FAULTS (7u << 16) /* MEMFAULTENA, BUSFAULTENA, USGFAULTENA */
#define RB_CM_CPACR RB_CM_REG32(0xE000ED88u)

/* M7 cache maintenance by address, CMSIS core_cm7.h / cachel1_armv7.h. */
#define RB_CM_DCIMVAC RB_CM_REG32(0xE000EF5Cu)
#define RB_CM_DCCMVAC RB_CM_REG32(0xE000EF68u)
#define RB_CM_DCACHE_LINE 32u

/* SysTick, ARMv7-M ARM B3.3 (0xE000E010): 24-bit down-counter. */
struct rb_cm_systick {
	volatile uint32_t ctrl;	 /* ENABLE bit0, TICKINT bit1, CLKSOURCE bit2, COUNTFLAG bit16 */
	volatile uint32_t load;	 /* reload value, 24 bits */
	volatile uint32_t val;	 /* current value */
	volatile uint32_t calib; /* TENMS etc. */
};
#define RB_CM_SYSTICK ((struct rb_cm_systick *)0xE000E010u)
#define RB_CM_SYSTICK_MAX 0x00FFFFFFu

/* NVIC, ARMv7-M ARM B3.4 (0xE000E100). */
#define RB_CM_NVIC_ISER(n) RB_CM_REG32(0xE000E100u + 4u * (n))
#define RB_CM_NVIC_ICER(n) RB_CM_REG32(0xE000E180u + 4u * (n))
#define RB_CM_NVIC_ICPR(n) RB_CM_REG32(0xE000E280u + 4u * (n))
#define RB_CM_NVIC_IPR(n) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (n)))

/* DWT cycle counter and its enable, CMSIS core_cm7.h / core_cm4.h. */
#define RB_CM_DEMCR RB_CM_REG32(0xE000EDFCu)	  /* TRCENA bit 24 */
#define RB_CM_DWT_CTRL RB_CM_REG32(0xE0001000u)	  /* CYCCNTENA bit 0 */
#define RB_CM_DWT_CYCCNT RB_CM_REG32(0xE0001004u)
#define RB_CM_DWT_LAR RB_CM_REG32(0xE0001FB0u)	  /* M7 only: 0xC5ACCE55 unlocks */

/* MPU, ARMv7-M ARM B3.5 (0xE000ED90). */
struct rb_cm_mpu {
	volatile uint32_t type; /* DREGION bits 15:8 (0 = no MPU) */
	volatile uint32_t ctrl; /* ENABLE bit0, HFNMIENA bit1, PRIVDEFENA bit2 */
	volatile uint32_t rnr;
	volatile uint32_t rbar;
	volatile uint32_t rasr;
};
#define RB_CM_MPU ((struct rb_cm_mpu *)0xE000ED90u)

/* RASR attribute encodings, ARMv7-M ARM B3.5.9 table B3-13 (TEX, C, B, S). */
#define RB_MPU_AP_RW (3u << 24)
#define RB_MPU_XN (1u << 28)
#define RB_MPU_DEVICE_SHARED (1u << 16)			      /* TEX 000, C 0, B 1 */
#define RB_MPU_NORMAL_NC ((1u << 19) | (1u << 18))	      /* TEX 001, C 0, B 0, S 1 */
#define RB_MPU_NORMAL_NC_LOCAL (1u << 19)		      /* TEX 001, C 0, B 0 */

/* One MPU region: base aligned to its size, size a power of two >= 32. */
struct rb_cm_mpu_region {
	uint32_t base;
	uint32_t size;
	uint32_t attr; /* RB_MPU_* bits (AP, XN, TEX/S/C/B) */
};

static inline void rb_cm_dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline void rb_cm_dmb(void)
{
	__asm__ volatile("dmb" ::: "memory");
}

static inline void rb_cm_isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void rb_cm_nvic_enable(uint32_t irq, uint8_t prio)
{
	RB_CM_NVIC_IPR(irq) = prio;
	RB_CM_NVIC_ICPR(irq >> 5) = 1u << (irq & 31u);
	RB_CM_NVIC_ISER(irq >> 5) = 1u << (irq & 31u);
}

/* Tick sources rb_cm_ticks_init() can run on. */
enum rb_cm_tick_src {
	RB_CM_TICK_SYSTICK, /* SysTick VAL at the core clock, 24 bits, extended in software */
	RB_CM_TICK_DWT,	    /* DWT CYCCNT at the core clock, 32 bits, extended in software */
};

/*
 * Start the tick counter on `src` at `hz`. SysTick is started in both cases
 * with its interrupt, which samples the counter at least once per SysTick
 * period so that no wrap of the raw counter is missed while interrupts are
 * enabled (and wakes WFI). Returns 0, or -ENODEV when DWT was asked for but CYCCNT does not
 * move (QEMU 7.2 reads it as 0, measured).
 */
int rb_cm_ticks_init(enum rb_cm_tick_src src, uint32_t hz);

/* 64-bit tick count since rb_cm_ticks_init(); callable with IRQs masked. */
uint64_t rb_cm_ticks(void);

/* Ticks per second given to rb_cm_ticks_init(). */
uint32_t rb_cm_ticks_hz(void);

/*
 * Core cycles between two SysTick interrupts: 2^24 when SysTick is the tick
 * source, core clock / RB_CM_WAKE_HZ (100 us) when DWT counts. A WFI never
 * sleeps longer than this.
 */
uint32_t rb_cm_systick_period(void);

/*
 * Program the MPU with `n` regions (region i = table[i]; later regions win
 * where they overlap) and enable it with PRIVDEFENA so that unlisted space
 * keeps the default map. Returns 0, -ENODEV without an MPU, -EINVAL for a
 * region that is not a power of two >= 32 aligned to its size, -ENOSPC for
 * more regions than the MPU has.
 */
int rb_cm_mpu_setup(const struct rb_cm_mpu_region *table, unsigned int n);

/*
 * Semihosting (ARM "Semihosting for AArch32 and AArch64", BKPT 0xAB on
 * M-profile). Only usable under a debugger or QEMU with semihosting enabled:
 * without one, BKPT escalates to HardFault.
 */
_Noreturn void rb_cm_semihost_exit(int code);
void rb_cm_semihost_write0(const char *s);

/* Write a hex word to the port console (fault reports, no printf). */
void rb_cm_console_hex(const char *label, uint32_t v);

/* Exception number of the current handler (IPSR), 0 in thread mode. */
static inline uint32_t rb_cm_ipsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

/* --- hooks a board provides ------------------------------------------- */

/* Called by the reset handler before .data/.bss are set up: no globals yet. */
void rb_cm_board_early_init(void);

/* External interrupt `irq` (exception number - 16) fired. */
void rb_cm_irq(uint32_t irq);

/*
 * A fault or an unexpected exception (`exc` = exception number) with the
 * report already on the console. Emulated boards end QEMU with a non-zero
 * status; silicon stops with interrupts masked.
 */
_Noreturn void rb_cm_board_fatal(uint32_t exc);

#endif /* RB_CM_H */
