/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_hot.h - RB_HOT marks the functions every message goes through.
 *
 * GCC and clang put functions with the `hot` attribute in .text.hot, and the
 * linker places that section's functions next to each other (GNU ld's default
 * script: *(.text.hot .text.hot.*)). The per-message path then runs from a
 * few code pages instead of one or two per source file, which is what counts
 * where every system call costs the TLB entries of the pages touched after it
 * (measured in docs/benchmark.md). Freestanding builds (the firmware, built
 * for size) leave it out.
 */
#ifndef RB_HOT_H
#define RB_HOT_H

#if defined(__GNUC__) && __STDC_HOSTED__
#define RB_HOT __attribute__((hot))
#else
#define RB_HOT
#endif

#endif /* RB_HOT_H */
