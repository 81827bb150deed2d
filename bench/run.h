/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.h - `rpmsg-bench run`: the measured loop and its report.
 */
#ifndef RB_RUN_H
#define RB_RUN_H

#include "cli.h"

/*
 * Run the benchmark `c` describes (parsed by rb_cli_parse; rb_cli_check is
 * called here so that a refused configuration still writes a report). The
 * report is written on every exit path: the end of the run, SIGINT and
 * SIGTERM (sending stops, replies are awaited for the loss timeout; a second
 * signal stops at once), a read or write error, the device going away, the
 * peer staying silent, a refused configuration. argc/argv are the command
 * line recorded in the report. Returns the process exit status (enum
 * rb_exit).
 */
int rb_run(struct rb_cli *c, int argc, char **argv);

#endif /* RB_RUN_H */
