/* SPDX-License-Identifier: MIT */
/* klog.c - kernel log classifier (first cut: usage only). */
#include <stdio.h>

#include "klog.h"

int rb_klog_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "rpmsg-bench klog: not implemented yet\n");
	return 2;
}
