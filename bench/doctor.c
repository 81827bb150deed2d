/* SPDX-License-Identifier: MIT */
/* doctor.c - `rpmsg-bench doctor` (first cut: usage only). */
#include <stdio.h>

#include "doctor.h"

int rb_doctor_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "rpmsg-bench doctor: not implemented yet\n");
	return 2;
}
