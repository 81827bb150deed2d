/* SPDX-License-Identifier: MIT */
/*
 * kmsg.c - tail /dev/kmsg during a run (see kmsg.h).
 *
 * Kernel facts relied on (Documentation/ABI/testing/
 * dev-kmsg and kernel/printk/printk.c devkmsg_read/devkmsg_llseek, 6.1):
 * - each read() returns exactly one record; a buffer smaller than the record
 *   fails with EINVAL and skips it, hence RB_KMSG_BUF_SIZE = 8192;
 * - O_NONBLOCK with nothing pending gives EAGAIN;
 * - EPIPE when records were overwritten: the position has jumped to the
 *   oldest record still there, so the next read succeeds;
 * - lseek(fd, 0, SEEK_END) starts after the last record, SEEK_SET at the first;
 * - ts_usec is local_clock()/1000 (sched_clock on arm/arm64): a different
 *   time base than CLOCK_MONOTONIC, so the offset is measured with a marker.
 * A regular file (a dump, or a test fixture) also works: several records per
 * read are split at newlines that are not followed by a ' ' dictionary line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmsg.h"
#include "rb_hot.h"

#define DEFAULT_CAPACITY  1024
#define DEFAULT_WINDOW_NS (50 * 1000 * 1000LL)
#define OUTLIER_RING	  256 /* power of two */
#define MARKERS_PER_CAL	  3
#define MARKER_WAIT_MS	  200

struct outlier {
	rb_kmsg_ns start, end, latency;
};

struct rb_kmsg {
	struct rb_kmsg_config cfg;
	char path[4096];
	int fd;
	int wfd; /* writer for markers, opened on first calibration */
	bool available;
	bool regular; /* not a character device: records may be batched */
	char reason[4400];

	char buf[RB_KMSG_BUF_SIZE + 1];
	size_t fill; /* bytes buffered (regular files only) */
	struct rb_klog_rec rec;

	uint64_t last_seq;
	bool have_seq;
	int64_t skip_below; /* from_seq */

	/* clock mapping */
	const char *method;
	int64_t offset_ns, uncert_ns;
	int ncal;
	rb_kmsg_ns cal_t[2];
	int64_t cal_off[2];
	unsigned long marker_id;
	char marker_tag[48];  /* "rpmsg-bench clock marker <pid>-<n>" of the pending marker */
	int64_t marker_ts_us; /* set by process() when the pending marker is read */

	struct rb_kmsg_stats st;
	unsigned long counts[RB_KLOG_CLASS_COUNT];
	enum rb_klog_class prev_cls; /* for rb_klog_classify_next */

	struct outlier ring[OUTLIER_RING];
	unsigned long ring_n;

	size_t cap, n;
	struct rb_kmsg_event ev[];
};

static int64_t now_on(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void set_unavailable(struct rb_kmsg *k, int err, const char *what)
{
	const char *hint = "";

	if (err == EPERM || err == EACCES)
		hint = " (kernel.dmesg_restrict=1 needs CAP_SYSLOG; printk.devkmsg=off refuses "
		       "every open): kernel events are not in this report";
	else if (err == ENOENT)
		hint = " (no /dev/kmsg)";
	const char *name = strerrorname_np(err);

	snprintf(k->reason, sizeof(k->reason), "%s: %s %s: %s%s", name ? name : "error", what,
		 k->path, strerror(err), hint);
	k->available = false;
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

int rb_kmsg_open(const struct rb_kmsg_config *cfg, struct rb_kmsg **out)
{
	struct rb_kmsg *k;
	size_t cap;
	struct stat sb;

	if (!cfg || !out)
		return -EINVAL;
	cap = cfg->capacity ? cfg->capacity : DEFAULT_CAPACITY;
	k = calloc(1, sizeof(*k) + cap * sizeof(k->ev[0]));
	if (!k)
		return -ENOMEM;
	k->cfg = *cfg;
	if (!k->cfg.clock)
		k->cfg.clock = CLOCK_MONOTONIC_RAW;
	if (!k->cfg.outlier_window_ns)
		k->cfg.outlier_window_ns = DEFAULT_WINDOW_NS;
	k->cap = cap;
	k->fd = -1;
	k->wfd = -1;
	k->method = "none";
	k->uncert_ns = -1;
	k->skip_below = cfg->from_seq;
	if (cfg->path)
		snprintf(k->path, sizeof(k->path), "%s", cfg->path);
	else
		snprintf(k->path, sizeof(k->path), "%s/dev/kmsg",
			 cfg->root && cfg->root[0] && strcmp(cfg->root, "/") ? cfg->root : "");
	/* the seam's copy must not dangle: only the path string is ours */
	k->cfg.path = NULL;
	k->cfg.root = NULL;

	k->fd = open(k->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		set_unavailable(k, errno, "open");
		*out = k;
		return 0;
	}
	k->available = true;
	k->regular = fstat(k->fd, &sb) == 0 && !S_ISCHR(sb.st_mode);
	if (lseek(k->fd, 0, cfg->from_seq >= 0 ? SEEK_SET : SEEK_END) < 0 && errno != ESPIPE) {
		set_unavailable(k, errno, "lseek");
		*out = k;
		return 0;
	}
	*out = k;
	return 0;
}

void rb_kmsg_free(struct rb_kmsg *k)
{
	if (!k)
		return;
	if (k->fd >= 0)
		close(k->fd);
	if (k->wfd >= 0)
		close(k->wfd);
	free(k);
}

bool rb_kmsg_available(const struct rb_kmsg *k)
{
	return k->available;
}

const char *rb_kmsg_reason(const struct rb_kmsg *k)
{
	return k->available ? "" : k->reason;
}

int rb_kmsg_fd(const struct rb_kmsg *k)
{
	return k->available ? k->fd : -1;
}

rb_kmsg_ns rb_kmsg_to_bench(const struct rb_kmsg *k, int64_t ts_us)
{
	/* ts_usec truncates ts_nsec: the true time is in [ts, ts + 1 us) */
	return ts_us * 1000 + 500 + k->offset_ns;
}

const char *rb_kmsg_offset(const struct rb_kmsg *k, int64_t *offset_ns, int64_t *uncert_ns)
{
	if (offset_ns)
		*offset_ns = k->offset_ns;
	if (uncert_ns)
		*uncert_ns = k->uncert_ns;
	return k->method;
}

static bool overlaps(const struct outlier *o, rb_kmsg_ns t, rb_kmsg_ns w)
{
	return t >= o->start - w && t <= o->end + w;
}

static void attach(struct rb_kmsg_event *e, rb_kmsg_ns latency)
{
	e->outliers++;
	if (latency > e->worst_latency_ns)
		e->worst_latency_ns = latency;
}

static void store(struct rb_kmsg *k, const struct rb_klog_rec *r, enum rb_klog_class cls,
		  const struct rb_klog_fields *f, rb_kmsg_ns now_ns)
{
	struct rb_kmsg_event *e;
	size_t n;

	if (k->n >= k->cap) {
		k->st.store_overflow++;
		return;
	}
	e = &k->ev[k->n++];
	k->st.stored++;
	memset(e, 0, sizeof(*e));
	e->seq = r->seq;
	e->ts_us = r->ts_us;
	e->prio = r->prio;
	e->cls = cls;
	e->fields = *f;
	e->t_ns = rb_kmsg_to_bench(k, r->ts_us);
	/* an offset known only as a bound can put the record after "now" */
	if (now_ns > 0 && e->t_ns > now_ns)
		e->t_ns = now_ns;
	n = r->text_len < sizeof(e->text) - 1 ? r->text_len : sizeof(e->text) - 1;
	memcpy(e->text, r->text, n);
	e->text[n] = '\0';
	if (k->cfg.inflight) {
		size_t total = k->cfg.inflight(k->cfg.inflight_ctx, e->t_ns, e->in_flight,
					       RB_KMSG_INFLIGHT_MAX);

		e->n_in_flight = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
	}
	if (rb_klog_class_severity(cls) == RB_KLOG_INFO)
		return;
	/* outliers noted before this event was read */
	for (unsigned long i = 0; i < k->ring_n && i < OUTLIER_RING; i++) {
		const struct outlier *o = &k->ring[i];

		if (overlaps(o, e->t_ns, k->cfg.outlier_window_ns))
			attach(e, o->latency);
	}
}

/* Handle one complete record of @len bytes at @p. */
static void process(struct rb_kmsg *k, const char *p, size_t len, rb_kmsg_ns now_ns)
{
	struct rb_klog_rec *r = &k->rec;
	struct rb_klog_fields f;
	enum rb_klog_class cls;

	if (rb_klog_parse_kmsg(p, len, r) < 0) {
		k->st.parse_errors++;
		return;
	}
	if (k->skip_below >= 0 && r->seq < (uint64_t)k->skip_below)
		return;
	k->st.records++;
	/* sequence numbers are consecutive; a jump means records were lost
	 * (overwritten in the ring buffer before we read them) */
	if (k->have_seq && r->seq > k->last_seq + 1)
		k->st.overwritten += r->seq - k->last_seq - 1;
	k->last_seq = r->seq;
	k->have_seq = true;

	if (k->marker_tag[0] && strstr(r->text, k->marker_tag)) {
		k->marker_ts_us = r->ts_us;
		k->st.markers++;
		return;
	}
	if (!strncmp(r->text, "rpmsg-bench clock marker ", 25))
		return; /* ours, from an earlier calibration */

	/* arrival bound: the record existed before we read it, so
	 * bench(record) <= now, i.e. offset <= now - kernel time */
	if (now_ns > 0 && strcmp(k->method, "marker")) {
		int64_t ub = now_ns - r->ts_us * 1000;

		if (strcmp(k->method, "arrival") || ub < k->offset_ns) {
			k->offset_ns = ub;
			k->method = "arrival";
		}
	}
	cls = rb_klog_classify_next(&k->prev_cls, r->text, &f);
	k->counts[cls]++;
	if (cls != RB_KLOG_NONE || k->cfg.store_all)
		store(k, r, cls, &f, now_ns);
}

/* Split a buffer of a regular file into records; keep a partial tail. */
static void process_batch(struct rb_kmsg *k, bool eof, rb_kmsg_ns now_ns)
{
	size_t start = 0;

	for (size_t i = 0; i < k->fill; i++) {
		if (k->buf[i] != '\n')
			continue;
		if (i + 1 < k->fill && k->buf[i + 1] == ' ')
			continue; /* dictionary line follows */
		if (i + 1 == k->fill && !eof)
			break; /* a dictionary line may still come */
		process(k, k->buf + start, i + 1 - start, now_ns);
		start = i + 1;
	}
	if (eof && start < k->fill) {
		process(k, k->buf + start, k->fill - start, now_ns);
		start = k->fill;
	}
	if (start == 0 && k->fill == RB_KMSG_BUF_SIZE) {
		/* a "record" larger than the buffer: not kmsg, drop it */
		k->st.parse_errors++;
		start = k->fill;
	}
	memmove(k->buf, k->buf + start, k->fill - start);
	k->fill -= start;
}

static ssize_t do_read(struct rb_kmsg *k, void *buf, size_t size)
{
	ssize_t n;

	if (k->cfg.read)
		return k->cfg.read(k->cfg.read_ctx, k->fd, buf, size);
	n = read(k->fd, buf, size);
	return n < 0 ? -errno : n;
}

int rb_kmsg_drain(struct rb_kmsg *k, rb_kmsg_ns now_ns)
{
	int got = 0;

	if (!k->available)
		return 0;
	for (;;) {
		size_t room = RB_KMSG_BUF_SIZE - k->fill;
		ssize_t n = do_read(k, k->buf + k->fill, room);

		if (n == -EINTR)
			continue;
		if (n == -EAGAIN)
			break;
		if (n == -EPIPE) {
			/* the reader fell behind the ring buffer; the kernel moved
			 * it to the oldest record, the seq gap says how many were lost */
			k->st.epipe++;
			continue;
		}
		if (n < 0) {
			set_unavailable(k, (int)-n, "read");
			return (int)n;
		}
		if (n == 0) {
			/* only a regular file ends */
			if (k->fill)
				process_batch(k, true, now_ns);
			break;
		}
		got++;
		/* a character device (or the read seam) gives one whole
		 * record per read; a regular file gives a stream */
		if (!k->regular) {
			process(k, k->buf, (size_t)n, now_ns);
			continue;
		}
		k->fill += (size_t)n;
		process_batch(k, false, now_ns);
	}
	return got;
}

/* Write one marker and wait for it; returns 0 and fills the sample. */
static int one_marker(struct rb_kmsg *k, int64_t *off, int64_t *unc)
{
	char msg[128];
	int64_t t0, t1, deadline;
	int len;

	k->marker_id++;
	snprintf(k->marker_tag, sizeof(k->marker_tag), "rpmsg-bench clock marker %ld-%lu",
		 (long)getpid(), k->marker_id);
	k->marker_ts_us = -1;
	t0 = now_on(k->cfg.clock);
	len = snprintf(msg, sizeof(msg), "%s t_ns=%" PRId64 "\n", k->marker_tag, t0);
	/* the kernel stamps the record inside write(): between t0 and t1
	 * (kernel/printk/printk.c devkmsg_write -> printk_emit) */
	if (write(k->wfd, msg, (size_t)len) != len) {
		int err = errno;

		k->marker_tag[0] = '\0';
		return -err;
	}
	t1 = now_on(k->cfg.clock);
	deadline = t1 + MARKER_WAIT_MS * 1000000LL;
	while (k->marker_ts_us < 0) {
		struct pollfd pfd = {.fd = k->fd, .events = POLLIN};
		int64_t now = now_on(k->cfg.clock);

		if (now >= deadline)
			break;
		if (!k->regular)
			poll(&pfd, 1, (int)((deadline - now) / 1000000 + 1));
		if (rb_kmsg_drain(k, 0) < 0 || !k->available)
			break;
		if (k->regular && k->marker_ts_us < 0)
			break;
	}
	k->marker_tag[0] = '\0';
	if (k->marker_ts_us < 0)
		return -ETIMEDOUT;
	*off = (t0 + t1) / 2 - (k->marker_ts_us * 1000 + 500);
	*unc = (t1 - t0) / 2 + 500;
	return 0;
}

int rb_kmsg_calibrate(struct rb_kmsg *k)
{
	int64_t best_off = 0, best_unc = -1;
	int ret = 0;

	if (!k->available)
		return -ENODEV;
	if (k->cfg.no_marker)
		return -EBUSY;
	if (k->wfd < 0) {
		k->wfd = open(k->path, O_WRONLY | O_CLOEXEC);
		if (k->wfd < 0)
			return -errno;
	}
	/* a few markers (the kernel allows 10 per 5 s per open file, 6.1
	 * devkmsg_write ratelimit); the tightest pair of clock reads wins */
	for (int i = 0; i < MARKERS_PER_CAL; i++) {
		int64_t off = 0, unc = -1;

		ret = one_marker(k, &off, &unc);
		if (ret < 0)
			break;
		if (best_unc < 0 || unc < best_unc) {
			best_unc = unc;
			best_off = off;
		}
	}
	if (best_unc < 0)
		return ret ? ret : -ETIMEDOUT;
	k->offset_ns = best_off;
	k->uncert_ns = best_unc;
	k->method = "marker";
	if (k->ncal < 2) {
		k->cal_t[k->ncal] = now_on(k->cfg.clock);
		k->cal_off[k->ncal] = best_off;
		k->ncal++;
	} else {
		k->cal_t[1] = now_on(k->cfg.clock);
		k->cal_off[1] = best_off;
	}
	return 0;
}

int rb_kmsg_note_latency(struct rb_kmsg *k, rb_kmsg_ns t_done_ns, rb_kmsg_ns latency_ns)
{
	struct outlier o = {t_done_ns - latency_ns, t_done_ns, latency_ns};
	rb_kmsg_ns w = k->cfg.outlier_window_ns;
	size_t lo = 0, hi = k->n;
	int hits = 0;

	k->ring[k->ring_n++ % OUTLIER_RING] = o;
	/* events are stored in kernel order, so t_ns is non-decreasing
	 * (up to the small step of a recalibration): binary search the first
	 * event that can be in the window */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->ev[mid].t_ns < o.start - w)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < k->n && k->ev[i].t_ns <= o.end + w; i++) {
		if (rb_klog_class_severity(k->ev[i].cls) == RB_KLOG_INFO)
			continue;
		attach(&k->ev[i], latency_ns);
		hits++;
	}
	return hits;
}

int rb_kmsg_event_near(const struct rb_kmsg *k, rb_kmsg_ns t_ns, rb_kmsg_ns window_ns,
		       bool failures_only)
{
	int best = -ENOENT;
	rb_kmsg_ns best_d = 0;

	for (size_t i = 0; i < k->n; i++) {
		rb_kmsg_ns d = k->ev[i].t_ns - t_ns;

		if (d < 0)
			d = -d;
		if (d > window_ns)
			continue;
		if (failures_only && rb_klog_class_severity(k->ev[i].cls) == RB_KLOG_INFO)
			continue;
		if (best < 0 || d < best_d) {
			best = (int)i;
			best_d = d;
		}
	}
	return best;
}

const struct rb_kmsg_event *rb_kmsg_events(const struct rb_kmsg *k, size_t *n)
{
	*n = k->n;
	return k->ev;
}

unsigned long rb_kmsg_count(const struct rb_kmsg *k, enum rb_klog_class cls)
{
	if ((unsigned int)cls >= RB_KLOG_CLASS_COUNT)
		return 0;
	return k->counts[cls];
}

void rb_kmsg_stats(const struct rb_kmsg *k, struct rb_kmsg_stats *st)
{
	*st = k->st;
}

int rb_kmsg_append_events(const struct rb_kmsg *k, json_t *events, rb_kmsg_ns t0_ns)
{
	for (size_t i = 0; i < k->n; i++) {
		const struct rb_kmsg_event *e = &k->ev[i];
		json_t *inf = json_array();
		json_t *o;
		size_t listed = e->n_in_flight < RB_KMSG_INFLIGHT_MAX ? e->n_in_flight
								      : RB_KMSG_INFLIGHT_MAX;

		if (!inf)
			return -ENOMEM;
		for (size_t j = 0; j < listed; j++)
			json_array_append_new(inf, json_integer(e->in_flight[j]));
		o = json_pack("{s:f, s:s, s:s, s:i, s:I, s:I, s:s, s:o, s:o, s:I, s:I, s:I}", "t_s",
			      (double)(e->t_ns - t0_ns) / 1e9, "type", "kernel", "class",
			      rb_klog_class_name(e->cls), "priority", e->prio & 7, "kmsg_seq",
			      (json_int_t)e->seq, "ts_us", (json_int_t)e->ts_us, "text", e->text,
			      "fields", rb_klog_fields_json(&e->fields), "in_flight", inf,
			      "in_flight_count", (json_int_t)e->n_in_flight, "outliers",
			      (json_int_t)e->outliers, "worst_latency_ns",
			      (json_int_t)e->worst_latency_ns);
		if (!o || json_array_append_new(events, o) < 0)
			return -ENOMEM;
	}
	return 0;
}

json_t *rb_kmsg_kernel_log_json(const struct rb_kmsg *k)
{
	json_t *counts = json_object();
	json_t *o;

	if (!counts)
		return NULL;
	for (int c = 1; c < RB_KLOG_CLASS_COUNT; c++)
		json_object_set_new(counts, rb_klog_class_name(c),
				    json_integer((json_int_t)k->counts[c]));
	o = json_pack("{s:b, s:s, s:I, s:I, s:o, s:I, s:s, s:I, s:I}", "available", k->available,
		      "reason", rb_kmsg_reason(k), "records", (json_int_t)k->st.records,
		      "records_overwritten", (json_int_t)k->st.overwritten, "counts", counts,
		      "clock_offset_ns", (json_int_t)k->offset_ns, "clock_offset_method", k->method,
		      "events_stored", (json_int_t)k->n, "events_overflow",
		      (json_int_t)k->st.store_overflow);
	if (!o)
		return NULL;
	json_object_set_new(o, "clock_offset_uncertainty_ns",
			    k->uncert_ns >= 0 ? json_integer(k->uncert_ns) : json_null());
	/* below 1 s between calibrations the offset uncertainty (us) would
	 * dominate: no drift figure */
	if (k->ncal >= 2 && k->cal_t[1] - k->cal_t[0] >= 1000000000LL)
		json_object_set_new(o, "clock_drift_ppm",
				    json_real((double)(k->cal_off[1] - k->cal_off[0]) * 1e6 /
					      (double)(k->cal_t[1] - k->cal_t[0])));
	else
		json_object_set_new(o, "clock_drift_ppm", json_null());
	return o;
}

/* ---- stall detection ---- */

int rb_stall_init(struct rb_stall *s, unsigned int endpoint, rb_kmsg_ns threshold_ns,
		  struct rb_stall_event *store, size_t cap, rb_kmsg_inflight_fn inflight, void *ctx)
{
	if (!s || threshold_ns <= 0 || (!store && cap))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->threshold_ns = threshold_ns;
	s->endpoint = endpoint;
	s->store = store;
	s->cap = cap;
	s->inflight = inflight;
	s->inflight_ctx = ctx;
	s->last_progress_ns = -1;
	return 0;
}

RB_HOT void rb_stall_sent(struct rb_stall *s, rb_kmsg_ns now, size_t outstanding)
{
	/* idle time (nothing in flight) is not a stall: the clock starts
	 * with the first message of a busy period */
	if (outstanding == 0 && !s->active)
		s->last_progress_ns = now;
	else if (s->last_progress_ns < 0)
		s->last_progress_ns = now;
}

static struct rb_stall_event *stall_begin(struct rb_stall *s, rb_kmsg_ns start)
{
	struct rb_stall_event *e;

	if (s->n >= s->cap) {
		s->overflow++;
		return NULL;
	}
	e = &s->store[s->n++];
	memset(e, 0, sizeof(*e));
	e->start_ns = start;
	e->end_ns = -1;
	if (s->inflight) {
		size_t total = s->inflight(s->inflight_ctx, start, e->held, RB_STALL_HELD_MAX);

		e->n_held = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
	}
	return e;
}

bool rb_stall_check(struct rb_stall *s, rb_kmsg_ns now, size_t outstanding)
{
	if (s->active)
		return false;
	if (outstanding == 0) {
		s->last_progress_ns = now;
		return false;
	}
	if (s->last_progress_ns < 0 || now - s->last_progress_ns <= s->threshold_ns)
		return false;
	s->active = true;
	stall_begin(s, s->last_progress_ns);
	return true;
}

void rb_stall_reply_slow(struct rb_stall *s, rb_kmsg_ns now)
{
	if (!s->active && s->last_progress_ns >= 0 && now - s->last_progress_ns > s->threshold_ns) {
		/* no check ran during the gap: record it now */
		s->active = true;
		stall_begin(s, s->last_progress_ns);
	}
	if (s->active) {
		/* the last stored event is the open one, unless it overflowed */
		if (s->n && s->store[s->n - 1].end_ns < 0)
			s->store[s->n - 1].end_ns = now;
		s->active = false;
	}
	s->last_progress_ns = now;
}

void rb_stall_finish(struct rb_stall *s, rb_kmsg_ns now)
{
	if (s->active && s->n && s->store[s->n - 1].end_ns < 0) {
		s->store[s->n - 1].end_ns = now;
		s->store[s->n - 1].open = true;
	}
	s->active = false;
}

int rb_stall_append_events(const struct rb_stall *s, json_t *events, rb_kmsg_ns t0_ns)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct rb_stall_event *e = &s->store[i];
		json_t *held = json_array();
		json_t *o;
		size_t listed = e->n_held < RB_STALL_HELD_MAX ? e->n_held : RB_STALL_HELD_MAX;

		if (!held)
			return -ENOMEM;
		for (size_t j = 0; j < listed; j++)
			json_array_append_new(held, json_integer(e->held[j]));
		o = json_pack("{s:f, s:s, s:I, s:f, s:f, s:b, s:o, s:I}", "t_s",
			      (double)(e->start_ns - t0_ns) / 1e9, "type", "stall", "endpoint",
			      (json_int_t)s->endpoint, "start_s",
			      (double)(e->start_ns - t0_ns) / 1e9, "end_s",
			      (double)(e->end_ns - t0_ns) / 1e9, "open", e->open, "held", held,
			      "held_count", (json_int_t)e->n_held);
		if (!o || json_array_append_new(events, o) < 0)
			return -ENOMEM;
	}
	return 0;
}
