/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.h - exact message accounting for one endpoint.
 *
 * Every message sent ends as exactly one of received (intact, first copy),
 * lost (not back within the loss timeout) or corrupted (first copy failed the
 * length or content check), or, only when the run is cut short, unresolved:
 *
 *	sent == received + lost + corrupted + unresolved	(always, after rb_acct_finish)
 *	sent == received + lost + corrupted + in flight		(during the run)
 *
 * Replies that do not resolve a message are counted on their own:
 *   duplicate   a copy of a message already received or corrupted
 *   late        a reply to a message already declared lost (it stays lost)
 *   unexpected  a valid frame whose sequence number was never sent
 *   reordered   a received message that came back after a later-sent one had
 *               (it is still received; this counts events, not a category)
 *
 * Sequence numbers are 64-bit counters here (0, 1, 2, ... per endpoint); the
 * wire carries the low 32 bits and rb_acct_reply() unwraps them against the
 * last sent number (a reply more than 2^31 messages behind is unexpected).
 *
 * The in-flight table has a power-of-two capacity fixed at init and is
 * indexed by seq & (capacity - 1); a slot is reused only once its message is
 * resolved, so the capacity bounds the messages in flight: it must cover the
 * window, or rate x loss timeout in open loop (rb_acct_can_send() says when
 * the next slot is still busy). Replies for messages older than the table
 * (more than `capacity` sends ago) are told apart by a history of the last
 * `capacity` lost sequence numbers: found there = late, else duplicate.
 *
 * Warm-up messages go through the table like the others (their replies must
 * be recognised) but are counted only in counts.warmup; their replies,
 * losses and duplicates are counted nowhere. Warm-up sends must all come
 * before the first counted send.
 *
 * The hot-path calls (rb_acct_sent, rb_acct_reply, rb_acct_expire) do not
 * allocate, print or block; everything is allocated by rb_acct_init.
 */
#ifndef RB_ACCOUNT_H
#define RB_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "rb_proto.h"
#include "rbtime.h"

/* Counters of one endpoint (or the total). Member names are the report's. */
struct rb_counts {
	uint64_t sent;	     /* messages handed to the kernel (warm-up excluded) */
	uint64_t received;   /* came back intact, first time */
	uint64_t lost;	     /* not back within the loss timeout */
	uint64_t corrupted;  /* first copy failed the length or content check */
	uint64_t unresolved; /* in flight when the run was cut short */
	uint64_t duplicates;
	uint64_t reordered;
	uint64_t late;
	uint64_t unexpected;
	/* Filled by the I/O layer directly (the accounting never touches them). */
	uint64_t garbage_bytes; /* bytes outside any frame */
	uint64_t resyncs;	/* times the byte-stream reader regained frame sync */
	uint64_t write_errors;	/* failed writes (any errno) */
	uint64_t write_eagain;	/* writes refused with EAGAIN */
	uint64_t write_enomem;	/* writes refused with ENOMEM (mainline rpmsg_tty) */
	uint64_t short_writes;	/* writes that took part of a message */
	/* Filled by the accounting. */
	uint64_t warmup;	 /* messages sent during warm-up */
	uint64_t bytes_sent;	 /* whole frames, warm-up excluded */
	uint64_t bytes_received; /* bytes of received (intact) messages */
};

/* The members of struct rb_counts in the report's "counts" object, in order. */
/* clang-format off */
#define RB_COUNTS_FOREACH(X)                                                                       \
	X(sent) X(received) X(lost) X(corrupted) X(unresolved) X(duplicates) X(reordered) X(late) \
	X(unexpected) X(garbage_bytes) X(resyncs) X(warmup) X(write_errors) X(write_eagain)       \
	X(write_enomem) X(short_writes)
/* clang-format on */

/* Counts and latency of one message size (by_size in the report). */
struct rb_size_stats {
	uint16_t size; /* message size in bytes, header included */
	uint64_t sent;
	uint64_t received;
	uint64_t lost;
	uint64_t corrupted;
	uint64_t unresolved;
	struct rb_hist lat; /* round trip, at rb_results_cfg.size_digits */
};

/* What a run measured on one endpoint, or merged over several. */
struct rb_results {
	struct rb_counts c;
	struct rb_hist lat;		    /* round trip: before write() to whole reply read */
	struct rb_hist lat_sched;	    /* open loop: from the scheduled send time */
	bool paced;			    /* lat_sched is in use (open loop) */
	rb_ns t_start;			    /* first counted send; 0 before */
	rb_ns t_end;			    /* rb_acct_finish() time, else last reply */
	size_t n_sizes;			    /* entries in by_size (0: no per-size table) */
	struct rb_size_stats *by_size;	    /* ascending sizes */
	int16_t size_idx[RB_MAX_FRAME + 1]; /* size -> by_size index, -1 if untracked */
	uint64_t *size_counts;		    /* one zero-filled block for all per-size histograms */
};

struct rb_results_cfg {
	bool paced;	       /* keep latency from the scheduled send time */
	const uint16_t *sizes; /* sizes to break down (any order, duplicates ok); NULL: none */
	size_t n_sizes;
	int size_digits; /* significant digits of per-size histograms; 0: 2 */
};

/*
 * Initialise empty results: main histograms with the report layout, and one
 * histogram per distinct size in cfg->sizes (sizes outside
 * RB_MIN_FRAME..RB_MAX_FRAME are -EINVAL). A per-size table is kept only
 * when there are two or more distinct sizes. Returns 0, -EINVAL or -ENOMEM;
 * on error nothing needs freeing.
 */
int rb_results_init(struct rb_results *r, const struct rb_results_cfg *cfg);

/* Free the results' memory; `r` may be zeroed or already deinited. */
void rb_results_deinit(struct rb_results *r);

/*
 * Add `src` into `dst` (the total over endpoints): counts add up, histograms
 * merge, per-size entries merge by size (sizes dst does not track are
 * skipped), t_start is the earliest and t_end the latest. Returns 0 or
 * -EINVAL when histogram layouts differ (dst is then partly updated).
 */
int rb_results_merge(struct rb_results *dst, const struct rb_results *src);

/* Elapsed run time of the results in ns (t_end - t_start), 0 if not started. */
static inline rb_ns rb_results_elapsed(const struct rb_results *r)
{
	return (r->t_start && r->t_end > r->t_start) ? r->t_end - r->t_start : 0;
}

/* Slot states in the in-flight table. */
enum rb_slot_state {
	RB_SLOT_FREE = 0,
	RB_SLOT_IN_FLIGHT,
	RB_SLOT_RECEIVED,
	RB_SLOT_CORRUPTED,
	RB_SLOT_LOST,
	RB_SLOT_UNRESOLVED,
};

struct rb_acct_slot {
	uint64_t seq;  /* 64-bit sequence number of the message in this slot */
	rb_ns sent;    /* just before write() */
	rb_ns sched;   /* scheduled send time (open loop), else = sent */
	uint16_t size; /* whole frame */
	uint8_t state; /* enum rb_slot_state */
	uint8_t warmup;
};

struct rb_acct_cfg {
	uint32_t capacity;     /* in-flight table slots, power of two, >= 1 */
	rb_ns loss_timeout_ns; /* a message not back within this is lost, > 0 */
	struct rb_results_cfg results;
};

struct rb_acct {
	struct rb_results res; /* the endpoint's results so far */
	struct rb_acct_slot *slots;
	uint64_t mask; /* capacity - 1 */
	rb_ns loss_timeout;
	uint64_t next_seq;	/* sequence number of the next send */
	uint64_t oldest;	/* no message below this is in flight */
	uint64_t in_flight;	/* messages sent and not resolved */
	uint64_t first_counted; /* first non-warm-up seq; UINT64_MAX before */
	uint64_t max_rx_seq;	/* highest seq that came back (first copies) */
	bool any_rx;
	bool finished;
	uint64_t *lost_ring; /* last `capacity` lost seqs (older than the table) */
	uint64_t lost_head;  /* total entries ever written to lost_ring */
	/*
	 * Interval statistics: counts at the interval start and its histogram.
	 * A reply records into ival's summary only; rb_acct_ival_fill() derives
	 * its counters from res.lat's and ival_lat_base (rb_hist_delta).
	 */
	struct rb_counts ival_base;
	rb_ns ival_start;
	struct rb_hist ival;
	uint64_t *ival_lat_base;
	bool ival_filled;
};

/*
 * Initialise the accounting of one endpoint: allocates the table, the lost
 * history, the interval histogram and the results. Returns 0, -EINVAL
 * (capacity not a power of two, zero timeout, bad sizes) or -ENOMEM.
 */
int rb_acct_init(struct rb_acct *a, const struct rb_acct_cfg *cfg);

/* Free everything; `a` may be zeroed or already deinited. */
void rb_acct_deinit(struct rb_acct *a);

/* Sequence number the next message must carry (its low 32 bits on the wire). */
static inline uint64_t rb_acct_next_seq(const struct rb_acct *a)
{
	return a->next_seq;
}

/* True when the slot for the next message is free (else resolve/expire first). */
static inline bool rb_acct_can_send(const struct rb_acct *a)
{
	return a->slots[a->next_seq & a->mask].state != RB_SLOT_IN_FLIGHT;
}

/*
 * Record that message rb_acct_next_seq() was handed to the kernel: `sent` is
 * the time taken just before the (first) write(), `sched` its scheduled send
 * time in open loop (pass `sent` otherwise), `size` the whole frame. Call it
 * once per message, when write() accepted it (on a tty: its first bytes).
 * Returns 0, or -ENOBUFS when the slot is still in flight (nothing recorded).
 */
int rb_acct_sent(struct rb_acct *a, rb_ns sent, rb_ns sched, uint16_t size, bool warmup);

/* What a reply turned out to be. */
enum rb_acct_outcome {
	RB_ACCT_RECEIVED = 0, /* first copy, intact: latency is valid */
	RB_ACCT_CORRUPTED,    /* first copy, wrong length or content */
	RB_ACCT_DUPLICATE,    /* message already received or corrupted */
	RB_ACCT_LATE,	      /* message already declared lost */
	RB_ACCT_UNEXPECTED,   /* sequence number never sent */
	RB_ACCT_WARMUP,	      /* anything about a warm-up message: counted nowhere */
};

struct rb_acct_reply {
	enum rb_acct_outcome outcome;
	uint64_t seq;	 /* unwrapped sequence number (unexpected: best guess) */
	rb_ns rtt;	 /* RECEIVED: reply time - send time */
	rb_ns rtt_sched; /* RECEIVED: reply time - scheduled time */
	uint16_t size;	 /* size sent (0 when unknown) */
	bool reordered;	 /* RECEIVED after a later-sent message came back */
};

/*
 * Account one reply with wire sequence number `wire_seq`, `len` bytes long
 * (whole frame), whose content check passed (`content_ok`), read completely
 * at `now`. A length different from the size sent makes it corrupted. A
 * received message's latencies are recorded in a->res (lat, lat_sched,
 * by_size) and in the interval histogram, and returned in *out for the
 * caller's own use (live display). Returns the outcome (also in out->outcome).
 */
enum rb_acct_outcome rb_acct_reply(struct rb_acct *a, uint32_t wire_seq, size_t len,
				   bool content_ok, rb_ns now, struct rb_acct_reply *out);

/*
 * Declare lost every message in flight sent at or before now - loss timeout.
 * Amortised O(1) per message. Returns the number of counted messages newly
 * declared lost.
 */
uint64_t rb_acct_expire(struct rb_acct *a, rb_ns now);

/*
 * When the oldest message in flight will be declared lost (its send time +
 * loss timeout), or UINT64_MAX when nothing is in flight: the I/O loop's next
 * timeout.
 */
rb_ns rb_acct_next_expiry(struct rb_acct *a);

/*
 * End the run at `now`. drain = true (the run completed and the caller
 * waited up to the loss timeout for the last replies): everything still in
 * flight is lost. drain = false (cut short): messages past the loss timeout
 * are lost, the rest unresolved. Sets res.t_end = now. Later replies are
 * still classified (late/duplicate) but resolve nothing. Call once.
 */
void rb_acct_finish(struct rb_acct *a, rb_ns now, bool drain);

/* Messages sent and not yet resolved. */
static inline uint64_t rb_acct_in_flight(const struct rb_acct *a)
{
	return a->in_flight;
}

/*
 * Complete the interval histogram a->ival (its counters) for reading; once
 * per interval, further calls change nothing. Call before reporting it.
 */
void rb_acct_ival_fill(struct rb_acct *a);

/*
 * Start a new interval at `now`: remember the counts (the interval's counts
 * are a->res.c minus a->ival_base) and clear the interval histogram. Called
 * at interval boundaries, after the interval was reported.
 */
void rb_acct_ival_restart(struct rb_acct *a, rb_ns now);

/* Counts since the interval started: out = a->res.c - a->ival_base. */
void rb_acct_ival_counts(const struct rb_acct *a, struct rb_counts *out);

#endif /* RB_ACCOUNT_H */
