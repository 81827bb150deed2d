/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cli.h - the command line of `rpmsg-bench run` and `rpmsg-bench list`.
 *
 * Parsing has two steps so that a refused configuration still gets a
 * report: rb_cli_parse() only reads the options (a usage error such as an
 * unknown option ends there, exit status 2, no report), rb_cli_check()
 * validates what they mean (sizes against the MTU, modes, ranges); its
 * refusals are "bad-input" runs that write a report.
 */
#ifndef RB_CLI_H
#define RB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "endpoint.h"
#include "engine.h"
#include "rb_proto.h"
#include "report.h"
#include "sizes.h"

#define RB_CLI_MAX_EPTS 8
#define RB_CLI_MAX_PCT	32
#define RB_CLI_MAX_CPUS 64

/* Exit statuses of rpmsg-bench run (documented in rpmsg-bench(1)). */
enum rb_exit {
	RB_EXIT_OK = 0,	       /* completed, verdict passed */
	RB_EXIT_VERDICT = 1,   /* completed, verdict failed (loss, corruption, thresholds) */
	RB_EXIT_USAGE = 2,     /* usage error or configuration refused (bad-input) */
	RB_EXIT_ENDPOINT = 3,  /* an endpoint could not be opened or set up (bad-input) */
	RB_EXIT_SILENT = 4,    /* the peer never answered with a valid frame (peer-silent) */
	RB_EXIT_IO = 5,	       /* a read or write failed (io-error) */
	RB_EXIT_GONE = 6,      /* the device went away during the run (device-gone) */
	RB_EXIT_REPORT = 7,    /* the report could not be written where asked */
	RB_EXIT_ERROR = 8,     /* anything else (error) */
	RB_EXIT_SIGINT = 130,  /* interrupted by SIGINT (interrupted) */
	RB_EXIT_SIGTERM = 143, /* terminated by SIGTERM (terminated) */
};

enum rb_cmd {
	RB_CMD_RUN = 0,
	RB_CMD_LIST,
	RB_CMD_HELP,
	RB_CMD_VERSION,
};

enum rb_loop {
	RB_LOOP_CLOSED = 0, /* one message in flight */
	RB_LOOP_WINDOW,	    /* N in flight */
	RB_LOOP_OPEN,	    /* paced at a rate, whatever comes back */
	RB_LOOP_FLOOD,	    /* as fast as the path takes */
};

enum rb_protocol {
	RB_PROTO_BENCH = 0, /* the rpmsg-bench firmware: control frames when it answers */
	RB_PROTO_GENERIC,   /* any peer that echoes bytes verbatim: no control frames */
};

struct rb_cli {
	enum rb_cmd cmd;
	/* Endpoints, in command-line order. */
	struct rb_ept_spec epts[RB_CLI_MAX_EPTS];
	size_t n_epts;
	/* Traffic. */
	enum rb_loop mode;
	bool mode_set;
	unsigned window;       /* in flight: 1 closed, N window, cap for open/flood */
	double rate_hz;	       /* open loop, per endpoint */
	const char *size_spec; /* as given; default "64" */
	uint32_t size_repeat;
	struct rb_sizes sizes; /* parsed by rb_cli_check */
	bool sizes_ok;	       /* sizes holds a valid generator */
	uint64_t count;	       /* counted messages per endpoint; 0: duration-bound */
	double duration_s;     /* 0: count-bound */
	uint64_t warmup_count;
	double warmup_s;
	unsigned loss_timeout_ms;
	unsigned stall_threshold_ms; /* no reply for longer with messages out: a stall; 0 off */
	unsigned interval_ms;
	double pct[RB_CLI_MAX_PCT];
	size_t npct;
	enum rb_protocol protocol;
	enum rb_engine_kind engine;
	/* Real-time set-up, as cyclictest. */
	int priority; /* SCHED_FIFO priority; -1: not used */
	int affinity[RB_CLI_MAX_CPUS];
	size_t n_affinity;
	bool mlockall;
	int cpu_dma_latency_us; /* -1: not used */
	/* Output. */
	const char *report_path;    /* NULL: rpmsg-bench-<date>.json */
	const char *intervals_path; /* NULL: beside the report */
	bool quiet;
	bool force;   /* accept a char device that is not rpmsg */
	bool no_kmsg; /* do not watch the kernel log */
	bool json;    /* list --json */
	const char *sysroot;
	struct rb_thresholds thresholds;
	/* Fault injection requested from the firmware before the run (RB_T_FAULT). */
	bool fault_set;
	struct rb_fault fault;
	/* Errors of rb_cli_check that must wait for a report: see rb_cli_check. */
};

/* Defaults: closed loop, 64-byte messages, 10 s, loss timeout 1000 ms, interval 1 s. */
void rb_cli_defaults(struct rb_cli *c);

/*
 * Parse argv (argv[0] the program, argv[1] the command "run" or "list";
 * "--help"/"-h" and "--version"/"-V" anywhere give RB_CMD_HELP/VERSION).
 * Returns 0, or -EINVAL with a message in err for a usage error (unknown
 * option, missing or malformed argument). `c` points into argv.
 */
int rb_cli_parse(struct rb_cli *c, int argc, char **argv, char *err, size_t errlen);

/*
 * Validate a parsed run configuration: at least one endpoint, --ctrl with
 * --ept-name, message sizes within RB_MIN_FRAME..RB_RPMSG_MTU (a larger or
 * smaller size is refused here, before anything is sent), window >= 1, a
 * rate for open loop, percentiles within 0..100. Parses the sizes into
 * c->sizes. Returns 0 or -EINVAL with a message in err.
 */
int rb_cli_check(struct rb_cli *c, char *err, size_t errlen);

/* The usage text with examples (`--help`). */
void rb_cli_usage(FILE *f);

/* Report names of the loop mode and the protocol. */
const char *rb_loop_name(enum rb_loop m);
const char *rb_protocol_name(enum rb_protocol p);

/*
 * Parse a duration "10", "10s", "250ms", "5m", "2h" into seconds.
 * Returns 0 or -EINVAL.
 */
int rb_parse_duration(const char *s, double *out);

/* Parse a CPU list "1", "0-3,5" into cpus (max entries). Returns the count or -EINVAL. */
int rb_parse_cpus(const char *s, int *cpus, size_t max);

#endif /* RB_CLI_H */
