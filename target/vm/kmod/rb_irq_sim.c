// SPDX-License-Identifier: GPL-2.0-only
/*
 * rb_irq_sim.c - build the stock kernel/irq/irq_sim.c as a module.
 *
 * gpio-sim needs the interrupt simulator, which is a bool Kconfig option
 * (IRQ_SIM) that Debian's kernel leaves off. irq_sim.c builds unmodified as a
 * module except for one call: irq_to_desc() is not exported to modules
 * (kernel/irq/irqdesc.c). For a mapped interrupt the descriptor is also
 * reachable through the exported irq_get_irq_data() and the inline
 * irq_data_to_desc() (include/linux/irqdesc.h), which is what this wrapper
 * substitutes before including the stock file, copied next to it by
 * target/vm/build-modules.sh.
 */
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/module.h>

#define irq_to_desc(irq) irq_data_to_desc(irq_get_irq_data(irq))
#include "irq_sim.c"

MODULE_DESCRIPTION("kernel/irq/irq_sim.c as a module, for gpio-sim in the test VM");
MODULE_LICENSE("GPL");
