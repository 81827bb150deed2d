/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.c - the measured loop of `rpmsg-bench run` and its report.
 *
 * Shape of a run:
 *   1. check the configuration, open the endpoints, set up the engine, the
 *      accounting, the kernel-log watcher and the real-time options; ask the
 *      firmware for its info and statistics when it speaks the protocol;
 *   2. the loop: send what the mode allows (closed, window, open, flood),
 *      wait for readiness or the next deadline, read every reply and account
 *      it, expire the messages past the loss timeout, emit intervals;
 *   3. stop sending (count, duration, signal, error), wait for the
 *      replies still in flight up to the loss timeout, and write the report.
 *
 * Hot path rules: everything is allocated in step 1; no printf, malloc or
 * JSON per message (intervals are built once per interval, the progress line
 * a few times a second); every fd is O_NONBLOCK.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "ctrl.h"
#include "endpoint.h"
#include "engine.h"
#include "kmsg.h"
#include "mem.h"
#include "pace.h"
#include "progress.h"
#include "rb_frame.h"
#include "rb_hot.h"
#include "report.h"
#include "run.h"
#include "sizes.h"
#include "sysinfo.h"

#define RX_BUF		    16384
#define RETRY_NS	    (100 * RB_NS_PER_US) /* retry of a write refused with EAGAIN/ENOMEM */
#define CTRL_TIMEOUT_MS	    300
#define OUTLIER_MIN_SAMPLES 1000 /* latencies before a p99 outlier threshold is set */
#define RB_STALLS_MAX	    64	 /* stall events kept per endpoint; more are counted */

/*
 * One endpoint's state. The members every message uses come first, up to the
 * head of `ep` (its kind and fd), and the array is page-aligned (alloc_eps),
 * so that a message touches one memory page of it, not three: where every
 * system call costs the TLB entries of the pages touched after it, pages per
 * message cost throughput (docs/benchmark.md). The endpoint's path strings,
 * the stall events and the firmware's figures follow.
 */
struct ep_state {
	/* Frame being written (a tty may take it in parts). */
	_Alignas(RB_PAGE_MIN) size_t tx_len;
	size_t tx_off;
	bool tx_busy;
	rb_ns retry_at;	  /* 0, or when to retry a refused write */
	rb_ns last_write; /* clock read just before the last write() */
	bool want_out;
	uint64_t sends;	  /* messages sent, warm-up included */
	uint64_t counted; /* counted messages sent */
	bool warming;
	bool done;	/* no more sends */
	bool any_reply; /* a valid frame came back */
	uint64_t rx_bytes;
	rb_ns first_send;
	int eng_id;
	/*
	 * Kernel log: a received sample above outlier_ns is noted with
	 * rb_kmsg_note_latency() so that kernel events near it are flagged;
	 * UINT64_MAX (no kernel log, or too few samples yet) notes nothing.
	 */
	struct rb_kmsg *kmsg;
	rb_ns outlier_ns;
	/* Stalls: no reply for longer than --stall-threshold with messages out. */
	bool stall_on;
	struct rb_stall stall;
	struct rb_sizes sizes;
	struct rb_pace pace;
	uint8_t tx[RB_MAX_FRAME];
	struct rb_hcrc tx_hc;  /* header CRCs of the frames sent */
	struct rb_deframer df; /* its hc serves the received headers, char nodes too */
	struct rb_acct acct;
	struct rb_endpoint ep; /* kind and fd first, then the strings */
	bool opened;
	bool acct_ok;
	struct rb_stall_event stalls[RB_STALLS_MAX];
	/* Firmware. */
	bool have_info, have_before, have_after;
	struct rb_info info;
	struct rb_stats before, after;
};
_Static_assert(offsetof(struct ep_state, ep) + offsetof(struct rb_endpoint, fd) + sizeof(int) <=
		       RB_PAGE_MIN,
	       "the per-message members of struct ep_state fit one page");

struct run {
	/* The loop's per-message and per-wake-up members first, beside each other. */
	struct rb_cli *c;
	/*
	 * The options every send consults, copied from *c at set-up: the
	 * caller's struct rb_cli lies on other (two) pages of the stack.
	 */
	enum rb_loop mode;
	unsigned window;
	uint64_t count, warmup_count;
	struct ep_state *eps;
	size_t n;
	bool stopping;
	rb_ns t0;	   /* first send */
	rb_ns warm_end;	   /* end of warm-up by time */
	rb_ns end_at;	   /* duration end, UINT64_MAX: count-bound */
	rb_ns drain_until; /* drain deadline once sending stopped */
	rb_ns ival_start;
	rb_ns ival_len;
	struct rb_kmsg *kmsg;
	int kmsg_id;
	struct rb_progress prog;
	struct rb_engine eng;
	unsigned ival_idx;
	bool fault_sent; /* --fw-fault went to one endpoint (once per run) */
	struct rb_jsonl jl;
	bool jl_open;
	uint64_t jl_lines; /* intervals in the JSON Lines file */
	json_t *ival_mem;  /* intervals the file could not take, kept for the report */
	json_t *report;
	struct rb_acct **accts;
	int *ids;
	struct rb_hist scratch;
	/* Outcome. */
	int status;
	const char *reason;
	char msg[512];
	int err;
	int dma_fd;
};

/* Copy with truncation, always terminated (n > 0); returns false when truncated. */
static bool scopy(char *dst, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	bool fits = la + lb < n;

	if (la >= n)
		la = n - 1;
	memcpy(dst, a, la);
	if (lb > n - 1 - la)
		lb = n - 1 - la;
	if (lb)
		memcpy(dst + la, b, lb);
	dst[la + lb] = '\0';
	return fits;
}

static volatile sig_atomic_t sig_count;
static volatile sig_atomic_t sig_last;

static void on_signal(int sig)
{
	sig_last = sig;
	sig_count++;
}

/* Record why the run ends; the first cause wins. */
static void set_outcome(struct run *r, int status, const char *reason, int err, const char *fmt,
			...) __attribute__((format(printf, 5, 6)));

static void set_outcome(struct run *r, int status, const char *reason, int err, const char *fmt,
			...)
{
	va_list ap;

	if (r->reason)
		return;
	r->status = status;
	r->reason = reason;
	r->err = err;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static bool is_gone(int err)
{
	/* The endpoint vanished: tty hangup (EIO), rpmsg char EPIPE/ENETRESET (drivers/rpmsg/rpmsg_char.c). */
	return err == EIO || err == ENODEV || err == EPIPE || err == ENETRESET || err == ENXIO;
}

static void add_error_event(struct run *r, size_t id, const char *text, int err, rb_ns now)
{
	double t = r->t0 && now > r->t0 ? rb_ns_to_s(now - r->t0) : 0.0;

	rb_report_add_event(r->report, rb_report_event_error(t, (int)id, text, err));
}

static void io_failure(struct run *r, size_t id, const char *op, int err, rb_ns now)
{
	char text[600];

	snprintf(text, sizeof(text), "%s %.300s: %s", op, r->eps[id].ep.path, strerror(err));
	add_error_event(r, id, text, err, now);
	if (is_gone(err))
		set_outcome(r, RB_EXIT_GONE, "device-gone", err, "%s", text);
	else
		set_outcome(r, RB_EXIT_IO, "io-error", err, "%s", text);
	r->stopping = true;
	r->drain_until = now; /* nothing more will come from a broken endpoint */
}

/* ---- sending ---- */

/* Build the next message; the accounting decides its sequence number. */
RB_HOT static void build_next(struct run *r, struct ep_state *s)
{
	uint16_t size = rb_sizes_next(&s->sizes);
	uint32_t seq = (uint32_t)rb_acct_next_seq(&s->acct);

	s->warming = s->sends < r->warmup_count || (r->warm_end && rb_mono_ns() < r->warm_end);
	s->tx_len =
		rb_frame_build_data_hc(&s->tx_hc, s->tx, size, seq, s->warming ? RB_F_WARMUP : 0);
	s->tx_off = 0;
	s->tx_busy = true;
}

/*
 * Write (the rest of) the current frame. Returns 1 when the whole frame is
 * out, 0 when the kernel refused it for now (retry later), -errno on error.
 */
RB_HOT static int write_frame(struct run *r, struct ep_state *s, rb_ns sched)
{
	rb_ns t = rb_mono_ns();
	ssize_t w = write(s->ep.fd, s->tx + s->tx_off, s->tx_len - s->tx_off);
	struct rb_counts *c = &s->acct.res.c;

	s->last_write = t;

	if (w < 0) {
		int e = errno;

		if (e == EINTR)
			return 0;
		if (e == EAGAIN || e == ENOMEM) {
			/*
			 * EAGAIN: no free TX buffer (rpmsg char trysend) or a full tty
			 * buffer; ENOMEM: mainline rpmsg_tty's trysend, even on a
			 * blocking fd (drivers/rpmsg/rpmsg_char.c, drivers/tty/rpmsg_tty.c). Both are back-pressure.
			 */
			if (e == EAGAIN)
				c->write_eagain++;
			else
				c->write_enomem++;
			if (s->ep.kind == RB_EPT_TTY && e == EAGAIN) {
				s->want_out = true; /* n_tty_poll reports POLLOUT on ttys */
			} else {
				/* rpmsg char never reports POLLOUT on virtio (6.1 virtio_rpmsg_bus.c has no .poll;
				 * rpmsg_core.c rpmsg_poll): a timer. */
				s->retry_at = t + RETRY_NS;
			}
			return 0;
		}
		c->write_errors++;
		return -e;
	}
	if (s->tx_off == 0) {
		/* The message is in the kernel's hands from its first byte on. */
		if (rb_acct_sent(&s->acct, t, sched ? sched : t, (uint16_t)s->tx_len, s->warming))
			return -ENOBUFS;
		if (s->stall_on)
			rb_stall_sent(&s->stall, (rb_kmsg_ns)t, rb_acct_in_flight(&s->acct) - 1);
		if (!s->first_send)
			s->first_send = t;
		if (!r->t0)
			r->t0 = t;
		s->sends++;
		if (!s->warming)
			s->counted++;
	}
	s->tx_off += (size_t)w;
	if (s->tx_off < s->tx_len) {
		c->short_writes++;
		if (s->ep.kind == RB_EPT_TTY)
			s->want_out = true;
		return 0;
	}
	s->tx_busy = false;
	return 1;
}

/* May another message be started now? */
RB_HOT static bool may_send(struct run *r, struct ep_state *s, rb_ns now, rb_ns *sched)
{
	*sched = 0;
	if (s->done || r->stopping)
		return false;
	if (r->count && s->counted >= r->count && s->sends >= r->warmup_count &&
	    !(r->warm_end && now < r->warm_end)) {
		s->done = true;
		return false;
	}
	if (!rb_acct_can_send(&s->acct))
		return false;
	switch (r->mode) {
	case RB_LOOP_CLOSED:
	case RB_LOOP_WINDOW:
		return rb_acct_in_flight(&s->acct) < r->window;
	case RB_LOOP_OPEN:
		if (rb_pace_next(&s->pace) > now)
			return false;
		*sched = rb_pace_next(&s->pace);
		return true;
	case RB_LOOP_FLOOD:
	default:
		return true;
	}
}

RB_HOT __attribute__((noinline)) static void send_some(struct run *r, size_t id, rb_ns now)
{
	struct ep_state *s = &r->eps[id];
	rb_ns sched;
	int ret;

	if (s->retry_at) {
		if (now < s->retry_at)
			return;
		s->retry_at = 0;
	}
	for (;;) {
		if (s->tx_busy) {
			ret = write_frame(
				r, s,
				s->tx_off ? 0
					  : (r->mode == RB_LOOP_OPEN ? rb_pace_next(&s->pace) : 0));
			if (ret < 0) {
				io_failure(r, id, "write", -ret, now);
				return;
			}
			if (ret == 0)
				return;
			if (r->mode == RB_LOOP_OPEN)
				rb_pace_advance(&s->pace);
			/* The clock read just before that write() is recent enough. */
			now = s->last_write;
			continue;
		}
		if (!may_send(r, s, now, &sched))
			return;
		build_next(r, s);
	}
}

/* ---- receiving ---- */

RB_HOT static void account_frame(struct ep_state *s, const uint8_t *p, size_t n,
				 const struct rb_hdr *h, rb_ns now)
{
	struct rb_acct_reply out;
	size_t skip = (h->flags & RB_F_REMOTE_TS) ? sizeof(struct rb_remote_ts) : 0;
	bool ok;

	if (h->type != RB_T_DATA)
		return; /* a late control reply: not a message of the run */
	s->any_reply = true;
	if (s->stall_on)
		rb_stall_reply(&s->stall, (rb_kmsg_ns)now); /* before: the stalled one is still held */
	ok = rb_pattern_check(p + RB_HDR_SIZE, h->len, h->seq, skip) == h->len;
	/* out.rtt is 0 unless received; outlier_ns is UINT64_MAX without a kernel log. */
	if (rb_acct_reply(&s->acct, h->seq, n, ok, now, &out) == RB_ACCT_RECEIVED &&
	    out.rtt > s->outlier_ns)
		rb_kmsg_note_latency(s->kmsg, (rb_kmsg_ns)now, (rb_kmsg_ns)out.rtt);
}

/*
 * Outliers are the samples above the endpoint's p99 so far, recomputed at
 * every interval boundary once OUTLIER_MIN_SAMPLES latencies are in (a p99
 * of fewer samples says little). Only the comparison is on the hot path.
 */
static void outlier_refresh(struct ep_state *s)
{
	if (s->kmsg && rb_hist_count(&s->acct.res.lat) >= OUTLIER_MIN_SAMPLES)
		s->outlier_ns = rb_hist_percentile(&s->acct.res.lat, 99.0);
}

/* Read until EAGAIN. Returns 0 or -errno (the endpoint is broken). */
RB_HOT __attribute__((noinline)) static int read_some(struct ep_state *s, uint8_t *buf)
{
	for (;;) {
		ssize_t got =
			read(s->ep.fd, buf, s->ep.kind == RB_EPT_TTY ? RX_BUF : RB_MAX_FRAME + 16);
		rb_ns now;

		if (got < 0) {
			if (errno == EAGAIN)
				return 0;
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (got == 0)
			return -EIO; /* end of file on a tty: hung up */
		now = rb_mono_ns();
		s->rx_bytes += (uint64_t)got;
		if (s->ep.kind == RB_EPT_CHAR) {
			struct rb_hdr h;

			/* One read() is one message (rpmsg_char.c rpmsg_eptdev_read_iter). */
			if (rb_hdr_parse_hc(&s->df.hc, buf, (size_t)got, &h)) {
				s->acct.res.c.garbage_bytes += (uint64_t)got;
				s->acct.res.c.resyncs++;
				continue;
			}
			account_frame(s, buf, (size_t)got, &h, now);
			continue;
		}
		for (size_t off = 0, n = (size_t)got; off < n;) {
			struct rb_item it;
			size_t push, k = rb_deframer_take(&s->df, buf + off, n - off, &it, &push);

			/* Whole frames are checked where read() put them; the rest is buffered. */
			if (k) {
				account_frame(s, it.p, it.n, &it.hdr, now);
				off += k;
				continue;
			}
			off += rb_deframer_push(&s->df, buf + off, push);
			while (rb_deframer_next(&s->df, &it) != RB_ITEM_NONE) {
				if (it.kind == RB_ITEM_FRAME) {
					account_frame(s, it.p, it.n, &it.hdr, now);
				} else {
					s->acct.res.c.garbage_bytes += it.n;
					s->acct.res.c.resyncs++;
				}
			}
		}
		/*
		 * No early return on a short tty read: one read hands out at
		 * most n_tty's read buffer (N_TTY_BUF_SIZE = 4096,
		 * drivers/tty/n_tty.c; 4095 bytes seen on a PTY) while the flip
		 * buffer may hold more, which the read just made room for.
		 */
	}
}

/* ---- intervals ---- */

static void emit_interval(struct run *r, rb_ns now)
{
	json_t *iv;
	char err[300];
	rb_ns from, to;

	if (!r->t0)
		return;
	/*
	 * The first interval starts at the loop's start, before the first send
	 * (t0): clamp to 0 rather than let the unsigned difference wrap to
	 * 1.8e10 s. Times are relative to t0, so t_start_s <= t_end_s always.
	 */
	from = r->ival_start > r->t0 ? r->ival_start - r->t0 : 0;
	to = now > r->t0 ? now - r->t0 : 0;
	iv = rb_report_interval(r->ival_idx, rb_ns_to_s(from), rb_ns_to_s(to < from ? from : to),
				r->accts, r->ids, r->n, &r->scratch);
	if (iv) {
		/*
		 * Intervals live in the file, not in memory, so that a run of days does
		 * not grow; the report reads them back at the end (add_intervals).
		 */
		if (r->jl_open && rb_jsonl_append(&r->jl, iv, err, sizeof(err)) == 0) {
			r->jl_lines++;
			json_decref(iv);
		} else {
			if (r->jl_open) {
				fprintf(stderr, "rpmsg-bench: %s\n", err);
				rb_jsonl_close(&r->jl);
				r->jl_open = false;
			}
			if (!r->ival_mem || json_array_append_new(r->ival_mem, iv))
				json_decref(iv);
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		outlier_refresh(&r->eps[i]);
		rb_acct_ival_restart(&r->eps[i].acct, now);
	}
	r->ival_idx++;
	r->ival_start = now;
}

/* The intervals for the report: those written to the file, then those kept in memory. */
static void add_intervals(struct run *r)
{
	char *line = NULL;
	size_t cap = 0;
	uint64_t n = 0;
	FILE *f;

	if (r->jl_open) {
		rb_jsonl_close(&r->jl);
		r->jl_open = false;
	}
	f = r->jl_lines ? fopen(r->jl.path, "re") : NULL;
	while (f && n < r->jl_lines && getline(&line, &cap, f) > 0) {
		json_t *iv = json_loads(line, 0, NULL);

		if (iv)
			rb_report_add_interval(r->report, iv);
		n++;
	}
	if (f)
		fclose(f);
	free(line);
	for (size_t i = 0; r->ival_mem && i < json_array_size(r->ival_mem); i++)
		rb_report_add_interval(r->report, json_incref(json_array_get(r->ival_mem, i)));
}

/* ---- the loop ---- */

static rb_ns min_ns(rb_ns a, rb_ns b)
{
	return a < b ? a : b;
}

/* Sequence numbers in flight on one accounting table (for kernel events and stalls). */
static size_t acct_inflight(struct rb_acct *a, uint32_t *seqs, size_t max, size_t n)
{
	for (uint64_t q = a->oldest; q < a->next_seq; q++) {
		if (a->slots[q & a->mask].state != RB_SLOT_IN_FLIGHT || a->slots[q & a->mask].seq != q)
			continue;
		if (n < max)
			seqs[n] = (uint32_t)q;
		n++;
	}
	return n;
}

static size_t ep_inflight(void *ctx, rb_kmsg_ns t, uint32_t *seqs, size_t max)
{
	struct ep_state *s = ctx;

	(void)t;
	return acct_inflight(&s->acct, seqs, max, 0);
}

static size_t inflight_cb(void *ctx, rb_kmsg_ns t, uint32_t *seqs, size_t max)
{
	struct run *r = ctx;
	size_t n = 0;

	(void)t;
	for (size_t i = 0; i < r->n; i++)
		n = acct_inflight(&r->eps[i].acct, seqs, max, n);
	return n;
}

/*
 * Read the kernel log. A read error other than EAGAIN/EPIPE/EINTR makes the
 * reader close its fd (kmsg.h, rb_kmsg_drain): stop watching it at once, a
 * closed (or reused) fd must not be polled. The report then records the
 * reason under kernel_log. Cold and out of line: it runs only when the log
 * has records, and stays off the per-message code's pages.
 */
__attribute__((cold, noinline)) static void kmsg_drain(struct run *r)
{
	if (rb_kmsg_drain(r->kmsg, (rb_kmsg_ns)rb_mono_ns()) >= 0)
		return;
	rb_engine_modify(&r->eng, r->kmsg_id, 0);
	r->kmsg_id = -1;
	for (size_t i = 0; i < r->n; i++) {
		r->eps[i].kmsg = NULL;
		r->eps[i].outlier_ns = UINT64_MAX;
	}
	fprintf(stderr, "rpmsg-bench: warning: kernel log no longer read: %s\n",
		rb_kmsg_reason(r->kmsg));
}

/* Not inlined: `make bench` reads its inclusive instruction count from callgrind. */
__attribute__((noinline)) static void loop(struct run *r)
{
	struct rb_cli *c = r->c;
	struct rb_event ev[RB_ENGINE_MAX_FDS];
	uint8_t *buf = calloc(1, RX_BUF);
	bool drained = false;

	if (!buf) {
		set_outcome(r, RB_EXIT_ERROR, "error", ENOMEM, "out of memory");
		return;
	}
	/* Resident before the first read() copies into it (mem.h). */
	rb_prefault_zeroed(buf, RX_BUF);
	r->ival_start = rb_mono_ns();
	for (;;) {
		rb_ns now = rb_mono_ns(), deadline = UINT64_MAX;
		bool all_done = true;
		uint64_t in_flight = 0;
		int nev;

		/* Signals: the first stops sending, the second stops waiting too. */
		if (sig_count && !r->stopping) {
			r->stopping = true;
			r->drain_until = now + (rb_ns)c->loss_timeout_ms * RB_NS_PER_MS;
			set_outcome(r, sig_last == SIGTERM ? RB_EXIT_SIGTERM : RB_EXIT_SIGINT,
				    sig_last == SIGTERM ? "terminated" : "interrupted", 0,
				    "stopped by %s", sig_last == SIGTERM ? "SIGTERM" : "SIGINT");
		}
		if (sig_count > 1)
			break;
		if (!r->stopping && now >= r->end_at) {
			r->stopping = true;
			r->drain_until = now + (rb_ns)c->loss_timeout_ms * RB_NS_PER_MS;
		}

		for (size_t i = 0; i < r->n; i++) {
			struct ep_state *s = &r->eps[i];

			if (!r->stopping)
				send_some(r, i, now);
			rb_acct_expire(&s->acct, now);
			in_flight += rb_acct_in_flight(&s->acct);
			if (s->stall_on)
				rb_stall_check(&s->stall, (rb_kmsg_ns)now, rb_acct_in_flight(&s->acct));
			if (!s->done && !r->stopping)
				all_done = false;
			/* Nothing valid came back within the loss timeout of the first send. */
			if (!s->any_reply && s->first_send &&
			    now >= s->first_send + (rb_ns)c->loss_timeout_ms * RB_NS_PER_MS) {
				set_outcome(
					r, RB_EXIT_SILENT, "peer-silent", 0,
					"%s: no valid reply within the loss timeout (%u ms); %llu "
					"bytes came back that were not frames",
					s->ep.path, c->loss_timeout_ms,
					(unsigned long long)s->acct.res.c.garbage_bytes);
				r->stopping = true;
				r->drain_until = now;
			}
			if (s->want_out != !!(r->eng.want[s->eng_id] & RB_EV_OUT))
				rb_engine_modify(&r->eng, s->eng_id,
						 RB_EV_IN | (s->want_out ? RB_EV_OUT : 0));
			if (!r->stopping) {
				if (s->retry_at)
					deadline = min_ns(deadline, s->retry_at);
				if (r->mode == RB_LOOP_OPEN && !s->done && !s->tx_busy)
					deadline = min_ns(deadline, rb_pace_next(&s->pace));
			}
			deadline = min_ns(deadline, rb_acct_next_expiry(&s->acct));
		}
		if (all_done && !r->stopping) {
			r->stopping = true;
			r->drain_until = now + (rb_ns)c->loss_timeout_ms * RB_NS_PER_MS;
		}
		if (r->stopping && (in_flight == 0 || now >= r->drain_until)) {
			drained = true;
			break;
		}
		if (now >= r->ival_start + r->ival_len)
			emit_interval(r, now);
		rb_progress_update(&r->prog, now, r->accts, r->n);

		deadline = min_ns(deadline, r->ival_start + r->ival_len);
		deadline = min_ns(deadline, rb_progress_due(&r->prog));
		if (r->stopping)
			deadline = min_ns(deadline, r->drain_until);
		else
			deadline = min_ns(deadline, r->end_at);

		nev = rb_engine_wait(&r->eng, deadline, ev, RB_ENGINE_MAX_FDS);
		if (nev == -EINTR)
			continue;
		if (nev < 0) {
			set_outcome(r, RB_EXIT_ERROR, "error", -nev, "%s engine: %s",
				    rb_engine_name(r->eng.kind), strerror(-nev));
			break;
		}
		for (int k = 0; k < nev; k++) {
			int id = ev[k].id;

			if (r->kmsg && id == r->kmsg_id) {
				kmsg_drain(r);
				continue;
			}
			for (size_t i = 0; i < r->n; i++) {
				struct ep_state *s = &r->eps[i];
				int ret;

				if (s->eng_id != id)
					continue;
				if (ev[k].events & RB_EV_OUT)
					s->want_out = false;
				if (!(ev[k].events & (RB_EV_IN | RB_EV_ERR)))
					continue;
				ret = read_some(s, buf);
				if (ret)
					io_failure(r, i, "read", -ret, rb_mono_ns());
				else if ((ev[k].events & RB_EV_ERR) && !(ev[k].events & RB_EV_IN))
					io_failure(r, i, "poll", EIO, rb_mono_ns());
			}
		}
	}
	/* Last replies are in: account them and close the books. */
	{
		rb_ns now = rb_mono_ns();

		for (size_t i = 0; i < r->n; i++) {
			rb_acct_expire(&r->eps[i].acct, now);
			rb_acct_finish(&r->eps[i].acct, now, drained && !r->err);
			if (r->eps[i].stall_on)
				rb_stall_finish(&r->eps[i].stall, (rb_kmsg_ns)now);
		}
		emit_interval(r, now);
	}
	rb_progress_end(&r->prog);
	free(buf);
}

/* ---- set-up and report ---- */

/* A "VmHWM:   1234 kB" line of /proc/self/status, in KiB; -1 when absent. */
static long status_kib(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/*
 * The benchmark's own footprint at the end of the measured loop, before the
 * report is built (proc(5): VmHWM peak resident set, VmRSS now): shows that
 * memory does not grow with the number of messages.
 */
static json_t *resources_json(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return json_pack("{s:I, s:I, s:f, s:f}", "vm_hwm_kib", (json_int_t)status_kib("VmHWM"),
			 "vm_rss_kib", (json_int_t)status_kib("VmRSS"), "cpu_user_s",
			 (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
			 "cpu_sys_s",
			 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
}

static void rt_setup(struct run *r)
{
	struct rb_cli *c = r->c;

	if (c->mlockall && mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "rpmsg-bench: warning: mlockall: %s\n", strerror(errno));
	if (c->n_affinity) {
		cpu_set_t set;

		CPU_ZERO(&set);
		for (size_t i = 0; i < c->n_affinity; i++)
			CPU_SET((unsigned)c->affinity[i], &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			fprintf(stderr, "rpmsg-bench: warning: --affinity: %s\n", strerror(errno));
	}
	if (c->priority > 0) {
		struct sched_param sp = {.sched_priority = c->priority};

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			fprintf(stderr, "rpmsg-bench: warning: SCHED_FIFO %d: %s\n", c->priority,
				strerror(errno));
	}
	if (c->cpu_dma_latency_us >= 0) {
		/* Documentation/power/pm_qos_interface.rst: held while the fd is open. */
		int32_t v = c->cpu_dma_latency_us;

		r->dma_fd = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC);
		if (r->dma_fd < 0 || write(r->dma_fd, &v, sizeof(v)) != sizeof(v))
			fprintf(stderr, "rpmsg-bench: warning: /dev/cpu_dma_latency: %s\n",
				strerror(errno));
	}
}

static uint32_t pow2_at_least(uint64_t v)
{
	uint32_t p = 1;

	while (p < v && p < (1u << 22))
		p <<= 1;
	return p;
}

static uint32_t table_capacity(const struct rb_cli *c)
{
	switch (c->mode) {
	case RB_LOOP_CLOSED:
		return 64;
	case RB_LOOP_WINDOW:
		return pow2_at_least((uint64_t)c->window * 2 + 64);
	case RB_LOOP_OPEN:
		/* Everything sent within one loss timeout may be in flight at once. */
		return pow2_at_least((uint64_t)(c->rate_hz * c->loss_timeout_ms / 1000.0) * 2 + 64);
	case RB_LOOP_FLOOD:
	default:
		return 1u << 16;
	}
}

static void firmware_query(struct run *r, struct ep_state *s, bool before)
{
	int ret;

	if (r->c->protocol != RB_PROTO_BENCH)
		return;
	if (before) {
		ret = rb_ctrl_info(&s->ep, &s->info, CTRL_TIMEOUT_MS);
		s->have_info = ret == 0;
		if (ret == -EPROTO && !r->c->quiet)
			fprintf(stderr,
				"rpmsg-bench: %s: the peer echoes control frames verbatim: a "
				"generic "
				"echo peer (no firmware information)\n",
				s->ep.path);
		else if (ret && !r->c->quiet)
			fprintf(stderr, "rpmsg-bench: %s: no firmware information (%s); going on\n",
				s->ep.path, strerror(-ret));
		if (!s->have_info)
			return;
		/*
		 * One fault episode per run, on the first endpoint whose peer speaks
		 * the protocol: with several endpoints on one firmware, a fault sent
		 * to each would repeat the episode (e.g. stall it N times).
		 */
		if (r->c->fault_set && !r->fault_sent) {
			r->fault_sent = true;
			ret = rb_ctrl_fault(&s->ep, &r->c->fault, CTRL_TIMEOUT_MS);
			if (ret)
				fprintf(stderr, "rpmsg-bench: %s: --fw-fault refused: %s\n",
					s->ep.path, strerror(-ret));
		}
		s->have_before = rb_ctrl_stats(&s->ep, &s->before, CTRL_TIMEOUT_MS) == 0;
		rb_endpoint_drain(&s->ep);
	} else if (s->have_info && s->ep.fd >= 0 && r->status != RB_EXIT_GONE) {
		s->have_after = rb_ctrl_stats(&s->ep, &s->after, CTRL_TIMEOUT_MS) == 0;
	}
}

static void build_report(struct run *r)
{
	struct rb_cli *c = r->c;
	struct rb_results total;
	struct rb_results_cfg rcfg = {0};
	uint16_t sizes[RB_MAX_FRAME];
	size_t ns = c->sizes_ok ? rb_sizes_distinct(&c->sizes, sizes, RB_MAX_FRAME) : 0;
	json_t *events = json_object_get(r->report, "events");
	int64_t kicks = -1;
	bool have_total = false;

	rcfg.paced = c->mode == RB_LOOP_OPEN;
	if (c->sizes_ok) {
		rcfg.sizes = sizes;
		rcfg.n_sizes = ns > RB_MAX_FRAME ? RB_MAX_FRAME : ns;
	}
	if (rb_results_init(&total, &rcfg) == 0)
		have_total = true;

	for (size_t i = 0; i < r->n; i++) {
		struct ep_state *s = &r->eps[i];
		struct rb_endpoint_info info = {
			.id = (int)i,
			/* A channel that was not found has no node: name the channel instead. */
			.path = s->ep.path[0]	  ? s->ep.path
				: s->ep.spec.path ? s->ep.spec.path
						  : s->ep.spec.name,
			.kind = rb_ept_kind_name(s->ep.spec.kind),
			.how = rb_ept_how_name(s->ep.spec.how),
			.channel = s->ep.channel[0] ? s->ep.channel : NULL,
			.src = s->ep.src,
			.dst = s->ep.dst,
			.mtu = s->ep.mtu ? s->ep.mtu : RB_RPMSG_MTU,
			.engine = rb_engine_name(r->eng.kind == RB_ENGINE_AUTO ? RB_ENGINE_POLL
									       : r->eng.kind),
			.engine_detail = r->eng.detail[0] ? r->eng.detail : NULL,
		};

		if (!s->acct_ok) {
			struct rb_results empty;

			if (rb_results_init(&empty, &rcfg) == 0) {
				rb_report_add_endpoint(
					r->report,
					rb_report_endpoint(&info, &empty, c->pct, c->npct));
				rb_results_deinit(&empty);
			}
			continue;
		}
		rb_report_add_endpoint(r->report,
				       rb_report_endpoint(&info, &s->acct.res, c->pct, c->npct));
		if (have_total)
			rb_results_merge(&total, &s->acct.res);
	}
	for (size_t i = 0; i < r->n; i++) {
		struct ep_state *s = &r->eps[i];

		if (s->have_info) {
			rb_report_set(r->report, "firmware",
				      rb_report_firmware(&s->info,
							 s->have_before ? &s->before : NULL,
							 s->have_after ? &s->after : NULL));
			break;
		}
	}
	for (size_t i = 0; i < r->n && r->t0; i++)
		if (r->eps[i].stall_on)
			rb_stall_append_events(&r->eps[i].stall, events, (rb_kmsg_ns)r->t0);
	if (r->kmsg && rb_kmsg_available(r->kmsg)) {
		rb_kmsg_append_events(r->kmsg, events, (rb_kmsg_ns)r->t0);
		rb_report_set(r->report, "kernel_log", rb_kmsg_kernel_log_json(r->kmsg));
		kicks = (int64_t)rb_kmsg_count(r->kmsg, RB_KLOG_KICK_FAILURE);
	} else {
		rb_report_set(r->report, "kernel_log",
			      rb_report_kernel_log_unavailable(
				      r->kmsg ? rb_kmsg_reason(r->kmsg)
					      : (c->no_kmsg ? "--no-kmsg" : "not started")));
	}
	if (have_total) {
		json_t *verdict = rb_report_verdict(&c->thresholds, &total, kicks);

		rb_report_set(r->report, "total", rb_report_results(&total, c->pct, c->npct));
		if (verdict && r->status == RB_EXIT_OK &&
		    !json_is_true(json_object_get(verdict, "pass"))) {
			r->status = RB_EXIT_VERDICT;
			snprintf(r->msg, sizeof(r->msg), "verdict failed");
		}
		rb_report_set(r->report, "verdict", verdict);
		rb_results_deinit(&total);
	}
}

static void config_json(struct run *r, const char *intervals)
{
	struct rb_cli *c = r->c;
	struct rb_config_info ci = {
		.mode = rb_loop_name(c->mode),
		.window = c->window,
		.rate_hz = c->mode == RB_LOOP_OPEN ? c->rate_hz : 0,
		.sizes = c->sizes_ok ? &c->sizes : NULL,
		.count = c->count,
		.duration_s = c->count ? 0 : c->duration_s,
		.warmup_count = c->warmup_count,
		.warmup_s = c->warmup_s,
		.loss_timeout_ms = c->loss_timeout_ms,
		.interval_ms = c->interval_ms,
		.percentiles = c->pct,
		.n_percentiles = c->npct,
		.protocol = rb_protocol_name(c->protocol),
		.clock = "CLOCK_MONOTONIC_RAW",
		.engine_requested = rb_engine_name(c->engine),
		.sched_policy = c->priority > 0 ? "SCHED_FIFO" : "SCHED_OTHER",
		.sched_priority = c->priority > 0 ? c->priority : -1,
		.affinity = c->n_affinity ? c->affinity : NULL,
		.n_affinity = c->n_affinity,
		.mlockall = c->mlockall,
		.cpu_dma_latency_us = c->cpu_dma_latency_us,
		.intervals_file = intervals,
		.thresholds = c->thresholds,
	};

	if (!ci.sizes) {
		/* Refused sizes: show the default so the config object stays complete. */
		static struct rb_sizes fallback;

		rb_sizes_fixed(&fallback, 64, 0, NULL, 0);
		ci.sizes = &fallback;
	}
	rb_report_set(r->report, "config", rb_report_config(&ci));
}

/* Default report name: rpmsg-bench-<UTC date and time>.json in the working directory. */
static void default_report_path(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "rpmsg-bench-%Y%m%dT%H%M%SZ.json", &tm);
}

static void intervals_beside(char *buf, size_t n, const char *report)
{
	size_t len = strlen(report);

	if (len > 5 && !strcmp(report + len - 5, ".json"))
		len -= 5;
	snprintf(buf, n, "%.*s.intervals.jsonl", (int)len, report);
}

/* Write the report; on failure fall back to $TMPDIR (or /tmp) and say where it went. */
static int write_report(struct run *r, const char *path)
{
	char err[512], fb[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	const char *base = strrchr(path, '/');
	int ret;

	rb_report_finish(r->report, NULL, r->status, r->reason ? r->reason : "completed", r->msg,
			 r->err);
	ret = rb_report_write(r->report, path, err, sizeof(err));
	if (!ret) {
		if (!r->c->quiet || r->status)
			fprintf(stderr, "rpmsg-bench: report: %s\n", path);
		return 0;
	}
	fprintf(stderr, "rpmsg-bench: cannot write the report: %s\n", err);
	scopy(fb, sizeof(fb), tmp && *tmp ? tmp : "/tmp", "/");
	scopy(fb + strlen(fb), sizeof(fb) - strlen(fb), base ? base + 1 : path, NULL);
	if (r->status == RB_EXIT_OK || r->status == RB_EXIT_VERDICT) {
		r->status = RB_EXIT_REPORT;
		if (!r->reason || !strcmp(r->reason, "completed"))
			r->reason = "error";
		snprintf(r->msg, sizeof(r->msg), "%.200s; report written to %.250s instead", err,
			 fb);
		r->err = -ret;
	}
	rb_report_finish(r->report, NULL, r->status, r->reason ? r->reason : "error", r->msg,
			 r->err);
	ret = rb_report_write(r->report, fb, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rpmsg-bench: cannot write the report there either: %s\n", err);
		r->status = r->status ? r->status : RB_EXIT_REPORT;
		return ret;
	}
	fprintf(stderr, "rpmsg-bench: report written to %s instead\n", fb);
	return 0;
}

static void print_summary(struct run *r)
{
	for (size_t i = 0; i < r->n && !r->c->quiet; i++) {
		const struct rb_results *res = &r->eps[i].acct.res;
		double el = rb_ns_to_s(rb_results_elapsed(res));

		if (!r->eps[i].acct_ok)
			continue;
		fprintf(stderr,
			"%s: sent %llu received %llu lost %llu corrupted %llu dup %llu reordered "
			"%llu late %llu garbage %llu B; %.0f msg/s; rtt p50 %llu ns p99 %llu ns "
			"max %llu ns\n",
			r->eps[i].ep.path, (unsigned long long)res->c.sent,
			(unsigned long long)res->c.received, (unsigned long long)res->c.lost,
			(unsigned long long)res->c.corrupted, (unsigned long long)res->c.duplicates,
			(unsigned long long)res->c.reordered, (unsigned long long)res->c.late,
			(unsigned long long)res->c.garbage_bytes,
			el > 0 ? (double)res->c.received / el : 0.0,
			(unsigned long long)rb_hist_percentile(&res->lat, 50),
			(unsigned long long)rb_hist_percentile(&res->lat, 99),
			(unsigned long long)rb_hist_max(&res->lat));
	}
}

/* Zeroed, page-aligned endpoint states (struct ep_state's layout counts on it). */
static struct ep_state *alloc_eps(size_t n)
{
	struct ep_state *eps = aligned_alloc(RB_PAGE_MIN, n * sizeof(*eps));

	if (eps)
		memset(eps, 0, n * sizeof(*eps));
	return eps;
}

int rb_run(struct rb_cli *c, int argc, char **argv)
{
	/*
	 * Static (one run per process): in .bss beside the signal flags the
	 * loop reads anyway, not on a stack page of its own (rb_hot.h).
	 */
	static struct run run;
	struct run *r = &run;
	struct sigaction sa = {.sa_handler = on_signal};
	char report_buf[PATH_MAX], ival_buf[PATH_MAX + 32], err[512];
	const char *report_path, *ival_path;
	struct timespec start;
	int ret;

	run = (struct run){.c = c, .dma_fd = -1, .kmsg_id = -1};
	clock_gettime(CLOCK_REALTIME, &start);
	sig_count = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!c->report_path)
		default_report_path(report_buf, sizeof(report_buf));
	else
		scopy(report_buf, sizeof(report_buf), c->report_path, NULL);
	report_path = report_buf;
	if (c->intervals_path)
		scopy(ival_buf, sizeof(ival_buf), c->intervals_path, NULL);
	else
		intervals_beside(ival_buf, sizeof(ival_buf), report_path);
	ival_path = ival_buf;

	r->report = rb_report_new(argc, argv, &start);
	r->ival_mem = json_array();
	if (!r->report) {
		fprintf(stderr, "rpmsg-bench: out of memory\n");
		return RB_EXIT_ERROR;
	}
	rb_report_set(r->report, "system", rb_sysinfo_json(c->sysroot));

	r->n = c->n_epts;
	r->eps = alloc_eps(r->n ? r->n : 1);
	r->accts = calloc(r->n ? r->n : 1, sizeof(*r->accts));
	r->ids = calloc(r->n ? r->n : 1, sizeof(*r->ids));
	if (!r->eps || !r->accts || !r->ids) {
		set_outcome(r, RB_EXIT_ERROR, "error", ENOMEM, "out of memory");
		goto report;
	}
	for (size_t i = 0; i < r->n; i++) {
		r->eps[i].ep.spec = c->epts[i];
		r->eps[i].ep.fd = -1;
		r->eps[i].ep.ctrl_fd = -1;
		r->eps[i].ep.src = c->epts[i].src;
		r->eps[i].ep.dst = c->epts[i].dst;
		if (c->epts[i].path)
			scopy(r->eps[i].ep.path, sizeof(r->eps[i].ep.path), c->epts[i].path, NULL);
	}

	if (rb_cli_check(c, err, sizeof(err))) {
		fprintf(stderr, "rpmsg-bench: %s\n", err);
		set_outcome(r, RB_EXIT_USAGE, "bad-input", EINVAL, "%s", err);
		config_json(r, NULL);
		goto report;
	}
	config_json(r, ival_path);
	r->mode = c->mode;
	r->window = c->window;
	r->count = c->count;
	r->warmup_count = c->warmup_count;

	ret = rb_engine_open(&r->eng, c->engine, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rpmsg-bench: %s\n", err);
		set_outcome(r, RB_EXIT_USAGE, "bad-input", -ret, "%s", err);
		goto report;
	}
	if (r->eng.fallback[0] && !c->quiet)
		fprintf(stderr, "rpmsg-bench: io_uring not available (%s); using poll\n",
			r->eng.fallback);

	for (size_t i = 0; i < r->n; i++) {
		struct ep_state *s = &r->eps[i];
		struct rb_acct_cfg acfg = {
			.capacity = table_capacity(c),
			.loss_timeout_ns = (rb_ns)c->loss_timeout_ms * RB_NS_PER_MS,
		};
		uint16_t sizes[RB_MAX_FRAME];
		size_t ns = rb_sizes_distinct(&c->sizes, sizes, RB_MAX_FRAME);

		ret = rb_endpoint_open(&s->ep, &c->epts[i], c->sysroot, c->force, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "rpmsg-bench: %s\n", err);
			set_outcome(r, RB_EXIT_ENDPOINT, "bad-input", -ret, "%s", err);
			goto close;
		}
		s->opened = true;
		if (s->ep.kind == RB_EPT_TTY && !s->ep.is_rpmsg)
			fprintf(stderr,
				"rpmsg-bench: warning: %s is a tty but not an rpmsg tty "
				"(no ttyRPMSG name or rpmsg tty driver in sysfs); measuring it "
				"anyway\n",
				s->ep.path);
		if (rb_sizes_check(&c->sizes, s->ep.mtu, err, sizeof(err))) {
			fprintf(stderr, "rpmsg-bench: %s: %s\n", s->ep.path, err);
			set_outcome(r, RB_EXIT_USAGE, "bad-input", EMSGSIZE, "%s: %s", s->ep.path,
				    err);
			goto close;
		}
		acfg.results.paced = c->mode == RB_LOOP_OPEN;
		acfg.results.sizes = sizes;
		acfg.results.n_sizes = ns > RB_MAX_FRAME ? RB_MAX_FRAME : ns;
		ret = rb_acct_init(&s->acct, &acfg);
		if (ret) {
			set_outcome(r, RB_EXIT_ERROR, "error", -ret, "accounting: %s",
				    strerror(-ret));
			goto close;
		}
		s->acct_ok = true;
		s->outlier_ns = UINT64_MAX;
		r->accts[i] = &s->acct;
		r->ids[i] = (int)i;
		s->sizes = c->sizes;
		rb_sizes_rewind(&s->sizes);
		rb_deframer_init(&s->df);
		if (c->stall_threshold_ms &&
		    rb_stall_init(&s->stall, (unsigned)i,
				  (rb_kmsg_ns)c->stall_threshold_ms * (rb_kmsg_ns)RB_NS_PER_MS, s->stalls,
				  RB_STALLS_MAX, ep_inflight, s) == 0)
			s->stall_on = true;
		s->eng_id = rb_engine_add(&r->eng, s->ep.fd, RB_EV_IN);
		if (s->eng_id < 0) {
			set_outcome(r, RB_EXIT_ERROR, "error", -s->eng_id, "engine: %s",
				    strerror(-s->eng_id));
			goto close;
		}
	}
	if (rb_hist_init_default(&r->scratch)) {
		set_outcome(r, RB_EXIT_ERROR, "error", ENOMEM, "out of memory");
		goto close;
	}
	if (rb_jsonl_open(&r->jl, ival_path, err, sizeof(err)) == 0)
		r->jl_open = true;
	else
		fprintf(stderr, "rpmsg-bench: warning: %s; intervals only in the report\n", err);

	if (!c->no_kmsg) {
		struct rb_kmsg_config kc = {
			.root = c->sysroot,
			.clock = RB_CLOCK_DEFAULT,
			.from_seq = -1,
			.inflight = inflight_cb,
			.inflight_ctx = r,
		};

		if (rb_kmsg_open(&kc, &r->kmsg) == 0 && rb_kmsg_available(r->kmsg)) {
			rb_kmsg_calibrate(r->kmsg);
			r->kmsg_id = rb_engine_add(&r->eng, rb_kmsg_fd(r->kmsg), RB_EV_IN);
			for (size_t i = 0; r->kmsg_id >= 0 && i < r->n; i++)
				r->eps[i].kmsg = r->kmsg;
		} else if (r->kmsg) {
			/* dmesg_restrict, printk.devkmsg=off, no /dev/kmsg: measure anyway. */
			fprintf(stderr, "rpmsg-bench: warning: kernel log not read: %s\n",
				rb_kmsg_reason(r->kmsg));
		}
	}
	/*
	 * After the kernel log is open and calibrated: a --fw-fault episode (a
	 * stall, a dropped kick) then falls inside the report's kernel events.
	 */
	for (size_t i = 0; i < r->n; i++)
		firmware_query(r, &r->eps[i], true);
	rt_setup(r);
	rb_progress_init(&r->prog, stderr, !c->quiet, 250 * RB_NS_PER_MS);

	/* The clock starts here. */
	{
		rb_ns now = rb_mono_ns();

		r->ival_len = (rb_ns)c->interval_ms * RB_NS_PER_MS;
		r->end_at =
			c->count ? UINT64_MAX : now + (rb_ns)((c->duration_s + c->warmup_s) * 1e9);
		r->warm_end = c->warmup_s > 0 ? now + (rb_ns)(c->warmup_s * 1e9) : 0;
		for (size_t i = 0; i < r->n; i++)
			if (c->mode == RB_LOOP_OPEN)
				rb_pace_init(&r->eps[i].pace, c->rate_hz, now);
	}
	loop(r);
	rb_report_set(r->report, "resources", resources_json());
	if (!r->reason)
		set_outcome(r, RB_EXIT_OK, "completed", 0, "%s", "");
	if (r->kmsg && rb_kmsg_available(r->kmsg)) {
		rb_kmsg_drain(r->kmsg, (rb_kmsg_ns)rb_mono_ns());
		rb_kmsg_calibrate(r->kmsg);
	}
	for (size_t i = 0; i < r->n; i++)
		firmware_query(r, &r->eps[i], false);

close:
	for (size_t i = 0; i < r->n; i++) {
		if (!r->eps[i].opened)
			continue;
		ret = rb_endpoint_close(&r->eps[i].ep);
		if (ret)
			fprintf(stderr, "rpmsg-bench: %s: RPMSG_DESTROY_EPT_IOCTL: %s\n",
				r->eps[i].ep.path, strerror(-ret));
	}
report:
	if (r->report) {
		add_intervals(r);
		build_report(r);
		print_summary(r);
		write_report(r, report_path);
		json_decref(r->report);
	}
	if (r->jl_open)
		rb_jsonl_close(&r->jl);
	for (size_t i = 0; i < r->n && r->eps; i++)
		rb_acct_deinit(&r->eps[i].acct);
	rb_hist_deinit(&r->scratch);
	json_decref(r->ival_mem);
	rb_kmsg_free(r->kmsg);
	rb_engine_close(&r->eng);
	if (r->dma_fd >= 0)
		close(r->dma_fd);
	free(r->eps);
	free(r->accts);
	free(r->ids);
	return r->status;
}
