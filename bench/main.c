/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - rpmsg-bench: the command dispatcher.
 *
 *   rpmsg-bench run ...     the benchmark (run.c)
 *   rpmsg-bench list ...    rpmsg endpoints, channels, ctrl nodes, remoteprocs, ttys
 *   rpmsg-bench doctor ...  why rpmsg does not come up (doctor.c)
 *   rpmsg-bench klog ...    rpmsg messages of a saved kernel log (klog.c)
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "discover.h"
#include "doctor.h"
#include "klog.h"
#include "report.h"
#include "run.h"

static int list_main(const struct rb_cli *c)
{
	struct rb_discovery d;
	json_t *j;
	int ret = rb_discover(c->sysroot, &d);

	if (ret) {
		fprintf(stderr, "rpmsg-bench list: %s\n", strerror(-ret));
		return RB_EXIT_ERROR;
	}
	if (!c->json) {
		rb_discovery_print(stdout, &d);
		return 0;
	}
	j = rb_discovery_json(&d);
	if (!j || json_dumpf(j, stdout, JSON_INDENT(2)) || fputc('\n', stdout) == EOF) {
		json_decref(j);
		fprintf(stderr, "rpmsg-bench list: cannot write JSON\n");
		return RB_EXIT_ERROR;
	}
	json_decref(j);
	return 0;
}

int main(int argc, char **argv)
{
	struct rb_cli c;
	char err[512];

	if (argc >= 2 && !strcmp(argv[1], "doctor"))
		return rb_doctor_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "klog"))
		return rb_klog_main(argc - 1, argv + 1);
	if (rb_cli_parse(&c, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "rpmsg-bench: %s\nTry 'rpmsg-bench --help'.\n", err);
		return RB_EXIT_USAGE;
	}
	switch (c.cmd) {
	case RB_CMD_HELP:
		rb_cli_usage(stdout);
		return 0;
	case RB_CMD_VERSION:
		printf("%s %s\n", RB_TOOL_NAME, RB_TOOL_VERSION);
		return 0;
	case RB_CMD_LIST:
		return list_main(&c);
	case RB_CMD_RUN:
	default:
		return rb_run(&c, argc, argv);
	}
}
