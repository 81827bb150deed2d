/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mem.h - make memory resident before the measured loop needs it.
 *
 * A large calloc() is mapped lazily: each page is faulted in on its first
 * write. A table the hot path walks through (the in-flight slots, a
 * histogram's counts) would then take a page fault in the middle of the
 * measurement every few hundred messages; a minor fault costs microseconds
 * (11 us measured in a paravirtualised x86 guest), so a flood run lost a few
 * per cent of its throughput to them. Such tables are touched once at set-up.
 */
#ifndef RB_MEM_H
#define RB_MEM_H

#include <stddef.h>
#include <stdint.h>

/* The smallest page size Linux uses; larger pages are touched more than once. */
#define RB_PAGE_MIN 4096u

/* Write one byte of every page of [p, p + len) that is zero and stays zero. */
static inline void rb_prefault_zeroed(void *p, size_t len)
{
	volatile uint8_t *b = p;

	for (size_t i = 0; i < len; i += RB_PAGE_MIN)
		b[i] = 0;
	if (len)
		b[len - 1] = 0;
}

#endif /* RB_MEM_H */
