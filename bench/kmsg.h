/* SPDX-License-Identifier: MIT */
/*
 * kmsg.h - the kernel log during a run: /dev/kmsg tailed without blocking,
 * rpmsg-related records classified, timestamped on the benchmark's clock,
 * tied to the messages in flight, and turned into the report's `events[]`
 * entries and `kernel_log` object (docs/report-format.md).
 *
 * Also the stall detector (no reply for longer than a threshold).
 *
 * Typical use by the run loop:
 *   rb_kmsg_open(&cfg, &k);                 before the clock starts; never fails for
 *                                           lack of permission (see rb_kmsg_available)
 *   rb_kmsg_calibrate(k);                   clock offset via a marker record
 *   fd = rb_kmsg_fd(k);                     poll it (POLLIN) or put it in io_uring
 *   on POLLIN (or every interval): rb_kmsg_drain(k, now_ns);
 *   for slow samples:    rb_kmsg_note_latency(k, t_done_ns, latency_ns);
 *   after the run:       rb_kmsg_drain(k, now); rb_kmsg_calibrate(k);
 *                        rb_kmsg_append_events(k, events, t0_ns);
 *                        json_object_set_new(report, "kernel_log", rb_kmsg_kernel_log_json(k));
 *   rb_kmsg_free(k);
 */
#ifndef RB_KMSG_H
#define RB_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "klog.h"

/* Nanoseconds on the benchmark's clock (rb_kmsg_config.clock). */
typedef int64_t rb_kmsg_ns;

/* Text kept per stored event, bytes including the NUL (longer text is cut). */
#define RB_KMSG_EVENT_TEXT 240
/* Sequence numbers of messages in flight kept per event. */
#define RB_KMSG_INFLIGHT_MAX 16
/* Read buffer: CONSOLE_EXT_LOG_MAX (include/linux/printk.h); a smaller one
 * makes devkmsg_read() fail with EINVAL and skip the record. */
#define RB_KMSG_BUF_SIZE 8192

/*
 * Fill @seqs (room for @max) with the sequence numbers of the messages in
 * flight at benchmark time @t_ns; return how many there were in total (may
 * exceed @max: the rest is counted, not listed). Called from rb_kmsg_drain().
 */
typedef size_t (*rb_kmsg_inflight_fn)(void *ctx, rb_kmsg_ns t_ns, uint32_t *seqs, size_t max);

/*
 * Read seam: read one record from @fd into @buf like read(2), but return the
 * byte count or -errno. NULL in the config means read(2). Tests use it to
 * inject EPIPE and EAGAIN exactly where they want them.
 */
typedef ssize_t (*rb_kmsg_read_fn)(void *ctx, int fd, void *buf, size_t size);

struct rb_kmsg_config {
	const char *root; /* prefix for /dev/kmsg; NULL or "" = "/" */
	const char *path; /* full path instead of <root>/dev/kmsg (tests); NULL = default */
	clockid_t clock;  /* benchmark clock; 0 means CLOCK_MONOTONIC_RAW */
	size_t capacity;  /* events stored; 0 = 1024 */
	int64_t from_seq; /* -1: tail from now (SEEK_END); >= 0: from this kmsg seq */
	bool store_all;	  /* store every record, not only rpmsg-related ones */
	bool no_marker;	  /* never write calibration markers to /dev/kmsg */
	rb_kmsg_ns outlier_window_ns; /* rb_kmsg_note_latency window; 0 = 50 ms */
	rb_kmsg_inflight_fn inflight; /* may be NULL */
	void *inflight_ctx;
	rb_kmsg_read_fn read; /* NULL = read(2) */
	void *read_ctx;
};

/* One stored kernel record. */
struct rb_kmsg_event {
	uint64_t seq;		/* kmsg sequence number */
	int64_t ts_us;		/* kernel timestamp (local_clock), us */
	rb_kmsg_ns t_ns;	/* the same moment on the benchmark's clock */
	int prio;		/* syslog priority (facility << 3 | level) */
	enum rb_klog_class cls; /* RB_KLOG_NONE only with store_all */
	struct rb_klog_fields fields;
	char text[RB_KMSG_EVENT_TEXT];
	uint32_t n_in_flight; /* total in flight (may exceed the list) */
	uint32_t in_flight[RB_KMSG_INFLIGHT_MAX];
	uint32_t outliers;	     /* latency outliers within the window */
	rb_kmsg_ns worst_latency_ns; /* largest of them, 0 if none */
};

struct rb_kmsg;

/*
 * Open the kernel log and allocate the event store (the only allocation).
 * The log is opened read-only, non-blocking, positioned at the end (or at
 * cfg->from_seq). Lack of permission (EPERM/EACCES: kernel.dmesg_restrict,
 * printk.devkmsg=off) or a missing /dev/kmsg is NOT an error: *out is still
 * set, rb_kmsg_available() is false and rb_kmsg_reason() says why, so the
 * run can go on. Returns 0, -ENOMEM, or -EINVAL (NULL args).
 */
int rb_kmsg_open(const struct rb_kmsg_config *cfg, struct rb_kmsg **out);

/* Close and free; NULL is a no-op. */
void rb_kmsg_free(struct rb_kmsg *k);

/* Whether the log is being read; when not, rb_kmsg_reason() says why. */
bool rb_kmsg_available(const struct rb_kmsg *k);
/* "" when available, else e.g. "EPERM: /dev/kmsg: ... (kernel.dmesg_restrict ...)". */
const char *rb_kmsg_reason(const struct rb_kmsg *k);

/* The fd to poll for POLLIN (or to arm in io_uring); -1 when not available. */
int rb_kmsg_fd(const struct rb_kmsg *k);

/*
 * Read every pending record without blocking; classify it; store the
 * rpmsg-related ones (all with store_all) with their time on the
 * benchmark's clock and the messages in flight (cfg->inflight). Records
 * overwritten before they could be read (EPIPE) are counted and reading goes
 * on. @now_ns is the benchmark time of the call (bounds timestamps that the
 * clock mapping would put in the future). No allocation, no printing.
 * Returns the number of records read (>= 0), or -errno of a read error other
 * than EAGAIN/EPIPE/EINTR (the log is then marked unavailable).
 */
int rb_kmsg_drain(struct rb_kmsg *k, rb_kmsg_ns now_ns);

/*
 * Estimate the offset between the benchmark's clock and the kernel log clock
 * (local_clock(), kernel/printk/printk.c): write a marker record to /dev/kmsg
 * between two clock reads and read its ts_usec back. Records read on the way
 * are processed as by rb_kmsg_drain(). Waits at most 200 ms for the marker.
 * Call before the run and once after it (two calibrations also give the
 * drift). Returns 0, -EPERM/-EACCES when markers cannot be written (the
 * offset then stays at its bound from record arrival times, see
 * rb_kmsg_offset), -ETIMEDOUT when the marker did not come back, -ENODEV when
 * the log is unavailable, or -EBUSY when cfg->no_marker is set.
 */
int rb_kmsg_calibrate(struct rb_kmsg *k);

/*
 * Current estimate: benchmark clock - kernel log clock, in ns, and its
 * uncertainty (half-width; -1 when unknown). Returns the method:
 * "marker", "arrival" (upper bound only: from records read as they arrived)
 * or "none".
 */
const char *rb_kmsg_offset(const struct rb_kmsg *k, int64_t *offset_ns, int64_t *uncert_ns);

/* Map a kernel timestamp (us) onto the benchmark's clock. */
rb_kmsg_ns rb_kmsg_to_bench(const struct rb_kmsg *k, int64_t ts_us);

/*
 * Note a latency sample that completed at @t_done_ns with round trip
 * @latency_ns (call it for the samples the run loop considers outliers).
 * Every stored failure/warning event within outlier_window_ns of the
 * sample's span [t_done - latency, t_done] counts it; samples are also kept
 * in a small ring so that events drained later still find them. O(log n + k),
 * no allocation. Returns the number of events it was attached to now.
 */
int rb_kmsg_note_latency(struct rb_kmsg *k, rb_kmsg_ns t_done_ns, rb_kmsg_ns latency_ns);

/*
 * Index of the stored event nearest to @t_ns within @window_ns, or -ENOENT.
 * With @failures_only, only RB_KLOG_WARN/FAIL classes are considered.
 */
int rb_kmsg_event_near(const struct rb_kmsg *k, rb_kmsg_ns t_ns, rb_kmsg_ns window_ns,
		       bool failures_only);

/* Stored events, oldest first; *n receives their number. */
const struct rb_kmsg_event *rb_kmsg_events(const struct rb_kmsg *k, size_t *n);
/* Records of class @cls seen (stored or not). */
unsigned long rb_kmsg_count(const struct rb_kmsg *k, enum rb_klog_class cls);

/* Counters for the report and tests. */
struct rb_kmsg_stats {
	unsigned long records;	   /* records read */
	unsigned long overwritten; /* EPIPE: records lost before we read them */
	unsigned long epipe;	   /* EPIPE returns */
	unsigned long parse_errors;
	unsigned long stored;
	unsigned long store_overflow; /* rpmsg records not stored: store full */
	unsigned long markers;	      /* calibration markers read back */
};
void rb_kmsg_stats(const struct rb_kmsg *k, struct rb_kmsg_stats *st);

/*
 * Append one `events[]` entry per stored event to the JSON array @events:
 * {"t_s", "type": "kernel", "class", "priority", "kmsg_seq", "ts_us", "text",
 * "fields", "in_flight", "in_flight_count", "outliers", "worst_latency_ns"};
 * t_s is relative to @t0_ns (the run's first send). Returns 0 or -ENOMEM.
 */
int rb_kmsg_append_events(const struct rb_kmsg *k, json_t *events, rb_kmsg_ns t0_ns);

/*
 * New `kernel_log` object: available, reason, records, records_overwritten,
 * counts (every class), clock_offset_ns, clock_offset_uncertainty_ns,
 * clock_offset_method, clock_drift_ppm (null unless two calibrations >= 1 s apart),
 * events_stored, events_overflow. NULL when jansson cannot allocate.
 */
json_t *rb_kmsg_kernel_log_json(const struct rb_kmsg *k);

/* ---- stall detection ---- */

#define RB_STALL_HELD_MAX 32

struct rb_stall_event {
	rb_kmsg_ns start_ns; /* last progress before the stall */
	rb_kmsg_ns end_ns;   /* next reply, or the end of the run (open = true) */
	bool open;	     /* still going when the run ended */
	uint32_t n_held;     /* messages in flight when declared (total) */
	uint32_t held[RB_STALL_HELD_MAX];
};

/* One detector per endpoint; caller storage, initialised by rb_stall_init. */
struct rb_stall {
	rb_kmsg_ns threshold_ns;
	rb_kmsg_ns last_progress_ns;
	bool active; /* a stall is in progress */
	unsigned int endpoint;
	struct rb_stall_event *store;
	size_t cap, n;
	unsigned long overflow; /* stalls not stored: store full */
	rb_kmsg_inflight_fn inflight;
	void *inflight_ctx;
};

/*
 * Set up @s for endpoint @endpoint with a caller-provided store of @cap
 * events. A stall is "no reply for longer than @threshold_ns while messages
 * are outstanding". Returns 0 or -EINVAL.
 */
int rb_stall_init(struct rb_stall *s, unsigned int endpoint, rb_kmsg_ns threshold_ns,
		  struct rb_stall_event *store, size_t cap, rb_kmsg_inflight_fn inflight,
		  void *ctx);
/* A message was sent at @now with @outstanding messages already in flight. */
void rb_stall_sent(struct rb_stall *s, rb_kmsg_ns now, size_t outstanding);
/* The rare part of rb_stall_reply(): a stall to record or to end. */
void rb_stall_reply_slow(struct rb_stall *s, rb_kmsg_ns now);

/* A reply arrived at @now: ends a stall in progress. Inline: every reply calls it. */
static inline void rb_stall_reply(struct rb_stall *s, rb_kmsg_ns now)
{
	if (s->active || (s->last_progress_ns >= 0 && now - s->last_progress_ns > s->threshold_ns))
		rb_stall_reply_slow(s, now);
	else
		s->last_progress_ns = now;
}
/*
 * Periodic check (timer tick) with @outstanding messages in flight: starts a
 * stall when the last progress is older than the threshold; captures the
 * held sequence numbers. Returns true when a stall started now.
 */
bool rb_stall_check(struct rb_stall *s, rb_kmsg_ns now, size_t outstanding);
/* End of run at @now: a stall in progress is stored as open. */
void rb_stall_finish(struct rb_stall *s, rb_kmsg_ns now);
/*
 * Append {"t_s", "type": "stall", "endpoint", "start_s", "end_s", "open",
 * "held", "held_count"} per stall to @events. Returns 0 or -ENOMEM.
 */
int rb_stall_append_events(const struct rb_stall *s, json_t *events, rb_kmsg_ns t0_ns);

#endif /* RB_KMSG_H */
