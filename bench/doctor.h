/* SPDX-License-Identifier: MIT */
/*
 * doctor.h - `rpmsg-bench doctor`: find and explain what stops rpmsg from
 * working on this system (or on a copied device tree / saved kernel log).
 */
#ifndef RB_DOCTOR_H
#define RB_DOCTOR_H

/*
 * Entry point of `rpmsg-bench doctor ARGS...`; argv[0] is "doctor".
 * Returns the process exit status: 0 healthy, 1 problems found, 2 usage or
 * input error.
 */
int rb_doctor_main(int argc, char **argv);

#endif /* RB_DOCTOR_H */
