/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.h - the JSON report (docs/report-format.md), through jansson only.
 *
 * Everything here runs outside the measured loop: after the run, or at
 * interval boundaries. Builders return new references (NULL only when memory
 * ran out); setters steal the reference they are given (jansson's _new
 * convention), also on failure.
 *
 * Typical use:
 *	json_t *r = rb_report_new(argc, argv, &start_realtime);
 *	rb_report_set(r, "system", rb_sysinfo_json("/"));
 *	rb_report_set(r, "config", rb_report_config(&cfg));
 *	... run, appending rb_report_interval() objects with rb_jsonl_append()
 *	    and rb_report_add_interval() ...
 *	rb_report_add_endpoint(r, rb_report_endpoint(&ep, &acct.res, pct, npct));
 *	rb_report_set(r, "total", rb_report_results(&total, pct, npct));
 *	rb_report_set(r, "verdict", rb_report_verdict(&cfg.thresholds, &total, kicks));
 *	rb_report_finish(r, &end_realtime, status, reason, message, errno);
 *	rb_report_write(r, path, err, sizeof(err));	(atomic; -errno on failure)
 */
#ifndef RB_REPORT_H
#define RB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "hist.h"
#include "rb_proto.h"
#include "sizes.h"

#define RB_REPORT_FORMAT	 "rpmsg-bench-report"
#define RB_REPORT_FORMAT_VERSION 1
#define RB_TOOL_NAME		 "rpmsg-bench"
#ifndef RB_TOOL_VERSION
#define RB_TOOL_VERSION "0.1.0"
#endif

/* Default percentile list of the report. */
extern const double rb_report_default_pct[];
extern const size_t rb_report_default_npct;

/*
 * A new report with the envelope in the documented member order: format,
 * format_version, tool, command_line (argv[0..argc-1]), start_time (RFC 3339
 * UTC of *start, a CLOCK_REALTIME time; NULL: now), and null placeholders for
 * end_time, duration_s, exit, system, firmware, config, endpoints (empty
 * array), total, intervals (empty array), events (empty array), kernel_log
 * and verdict, so that later setters keep that order.
 */
json_t *rb_report_new(int argc, char *const argv[], const struct timespec *start);

/*
 * Set member `key` of the report (or any object) to `value`, stealing it.
 * value NULL (a failed builder) sets null. Returns 0 or -ENOMEM.
 */
int rb_report_set(json_t *report, const char *key, json_t *value);

/* Append to the report's endpoints / intervals / events arrays (steals). 0 or -ENOMEM. */
int rb_report_add_endpoint(json_t *report, json_t *endpoint);
int rb_report_add_interval(json_t *report, json_t *interval);
int rb_report_add_event(json_t *report, json_t *event);

/*
 * Close the envelope: end_time (*end, CLOCK_REALTIME; NULL: now),
 * duration_s (end - start_time of rb_report_new) and exit {status, reason,
 * message, errno}. reason is one of completed, interrupted, terminated,
 * io-error, device-gone, peer-silent, bad-input, error; message may be NULL
 * (""). err is the errno of the failure that ended the run (positive, 0 if
 * none). Returns 0, -EINVAL (unknown reason) or -ENOMEM.
 */
int rb_report_finish(json_t *report, const struct timespec *end, int status, const char *reason,
		     const char *message, int err);

/*
 * A JSON string of s (NULL gives null). Bytes that are not valid UTF-8 (a
 * kernel command line, a firmware string) become '?', so a string is never
 * dropped.
 */
json_t *rb_json_str(const char *s);

/* The same for the first n bytes of s (stops at a NUL byte). */
json_t *rb_json_strn(const char *s, size_t n);

/* RFC 3339 UTC with microseconds of a CLOCK_REALTIME time, into buf (>= 32 bytes). */
void rb_report_rfc3339(const struct timespec *t, char *buf, size_t buflen);

/* Thresholds of the verdict; a negative value means "not checked" (null). */
struct rb_thresholds {
	int64_t max_loss;	   /* lost messages */
	int64_t max_corrupted;	   /* corrupted messages */
	int64_t p99_ns;		   /* 99th percentile round trip */
	int64_t max_ns;		   /* largest round trip */
	int64_t max_kick_failures; /* kernel log: mailbox kick failures */
};

/* The run's configuration as the report shows it (config object). */
struct rb_config_info {
	const char *mode; /* closed | window | open | flood */
	unsigned window;  /* messages in flight */
	double rate_hz;	  /* open loop; <= 0: null */
	const struct rb_sizes *sizes;
	uint64_t count;	   /* 0: null (duration-bound) */
	double duration_s; /* <= 0: null (count-bound) */
	uint64_t warmup_count;
	double warmup_s;
	unsigned loss_timeout_ms;
	unsigned interval_ms;
	const double *percentiles; /* NULL: rb_report_default_pct */
	size_t n_percentiles;
	const char *protocol;	      /* rpmsg-bench | generic */
	const char *clock;	      /* e.g. "CLOCK_MONOTONIC_RAW" */
	const char *engine_requested; /* auto | io_uring | poll */
	const char *sched_policy;     /* "SCHED_FIFO", "SCHED_OTHER", ... */
	int sched_priority;	      /* < 0: omitted */
	const int *affinity;	      /* CPUs; NULL: null */
	size_t n_affinity;
	bool mlockall;
	int cpu_dma_latency_us;	    /* < 0: null (not used) */
	const char *intervals_file; /* NULL: null */
	struct rb_thresholds thresholds;
};

/* The config object. */
json_t *rb_report_config(const struct rb_config_info *c);

/* The sizes member of config: {kind, values} | {kind, min, max, step} | {kind, min, max, seed}. */
json_t *rb_report_sizes(const struct rb_sizes *s);

/*
 * The "results" object of one endpoint or of the total, from the accounting:
 * counts, bytes, rate (over rb_results_elapsed), latency (with sparse
 * histogram), latency_from_schedule (null unless paced), by_size (only with a
 * per-size table). pct[0..npct-1]: percentiles to list (NULL: defaults).
 */
json_t *rb_report_results(const struct rb_results *r, const double *pct, size_t npct);

/*
 * A latency object {count, min_ns, max_ns, mean_ns, stddev_ns, percentiles[],
 * overflow, underflow[, histogram]} of one histogram.
 */
json_t *rb_report_latency(const struct rb_hist *h, const double *pct, size_t npct,
			  bool with_histogram);

/* What the report says about one endpoint, besides its results. */
struct rb_endpoint_info {
	int id;
	const char *path;
	const char *kind;    /* tty | char */
	const char *how;     /* path | ctrl | channel */
	const char *channel; /* NULL: null */
	int64_t src, dst;    /* rpmsg addresses; < 0: null (unknown) */
	unsigned mtu;
	const char *engine;	   /* io_uring | poll */
	const char *engine_detail; /* the engine's set-up, or why poll; NULL: null */
};

/* One endpoints[] entry: the info members and "results" (pct as rb_report_results). */
json_t *rb_report_endpoint(const struct rb_endpoint_info *e, const struct rb_results *r,
			   const double *pct, size_t npct);

/*
 * One interval object {interval, t_start_s, t_end_s, endpoints[], total} from
 * each endpoint's interval state (rb_acct_ival_counts, and a->ival once
 * rb_acct_ival_fill has completed it, which this does); ids[i] is
 * the endpoint id of accts[i]. `scratch` is a histogram with the default
 * layout, allocated before the run, used to merge the total (it is reset).
 * Does not restart the intervals: call rb_acct_ival_restart() afterwards.
 */
json_t *rb_report_interval(unsigned index, double t_start_s, double t_end_s,
			   struct rb_acct *const *accts, const int *ids, size_t n,
			   struct rb_hist *scratch);

/*
 * The verdict {pass, checks[]} of `total` against the thresholds that are set
 * (loss, corrupted, p99_ns, max_ns, kick_failures), each check
 * {name, limit, value, pass}. kick_failures: from the kernel log (< 0:
 * unknown, then that check fails if it is set).
 */
json_t *rb_report_verdict(const struct rb_thresholds *t, const struct rb_results *total,
			  int64_t kick_failures);

/*
 * The firmware object from an RB_T_INFO reply and optional RB_T_STATS replies
 * before and after the run (NULL: member omitted). Strings of rb_info may be
 * NUL-padded without a terminator.
 */
json_t *rb_report_firmware(const struct rb_info *info, const struct rb_stats *before,
			   const struct rb_stats *after);

/* An rb_stats as an object with the member names of rb_proto.h. */
json_t *rb_report_fw_stats(const struct rb_stats *s);

/* Events: {t_s, type:"error", endpoint, text, errno} and {t_s, type:"stall", ...}. */
json_t *rb_report_event_error(double t_s, int endpoint, const char *text, int err);
json_t *rb_report_event_stall(double t_s, int endpoint, double start_s, double end_s,
			      const uint64_t *held, size_t n_held);

/* kernel_log when /dev/kmsg could not be read: {available: false, reason}. */
json_t *rb_report_kernel_log_unavailable(const char *reason);

/*
 * JSON Lines writer for intervals: one compact object per line, flushed
 * after each line so that an interrupted run loses at most one interval.
 */
struct rb_jsonl {
	FILE *f;
	char path[4096];
};

/* Create or truncate `path`. Returns 0 or -errno with a message naming the path in err. */
int rb_jsonl_open(struct rb_jsonl *w, const char *path, char *err, size_t errlen);

/* Append obj (not stolen) as one line and fflush. Returns 0 or -errno (message in err). */
int rb_jsonl_append(struct rb_jsonl *w, const json_t *obj, char *err, size_t errlen);

/* Close; returns 0 or -errno of a failed final flush. w may be closed already. */
int rb_jsonl_close(struct rb_jsonl *w);

/*
 * Write the report to `path` atomically: to "<path>.tmp", fsync, rename over
 * path (so a reader never sees a half-written report, and a crash keeps the
 * previous file). Pretty-printed with 2-space indent and a final newline.
 * Returns 0, or -errno (ENOSPC, EACCES, EROFS, ENOENT, ...) with a message
 * naming the path in err; the temporary file is removed on failure, so the
 * caller can try a fallback path.
 */
int rb_report_write(const json_t *report, const char *path, char *err, size_t errlen);

#endif /* RB_REPORT_H */
