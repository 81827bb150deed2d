/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * progress.h - the one-line live display of a run on a terminal:
 * elapsed time, message rate, p50/p99/max so far and loss. Only used when
 * standard error is a terminal and --quiet is not given; updated a few
 * times a second from the run loop's timer, never per message.
 */
#ifndef RB_PROGRESS_H
#define RB_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "account.h"
#include "rbtime.h"

struct rb_progress {
	FILE *out;	  /* NULL: disabled */
	rb_ns period;	  /* between updates */
	rb_ns next;	  /* time of the next update */
	rb_ns t0;	  /* start of the measured run */
	uint64_t last_rx; /* received at the previous update */
	rb_ns last_t;
	bool drawn; /* a line is on screen (cleared by rb_progress_end) */
};

/*
 * Enable the display on `out` when `enable` and out is a terminal;
 * otherwise every call is a no-op. Updates every period_ns.
 */
void rb_progress_init(struct rb_progress *p, FILE *out, bool enable, rb_ns period_ns);

/* Next time an update is due (UINT64_MAX when disabled): a deadline for the loop. */
static inline rb_ns rb_progress_due(const struct rb_progress *p)
{
	return p->out ? p->next : UINT64_MAX;
}

/*
 * Redraw the line from the results so far of `n` endpoints (their
 * histograms are read, not changed) when an update is due at `now`.
 */
void rb_progress_update(struct rb_progress *p, rb_ns now, struct rb_acct *const *accts, size_t n);

/* Erase the line so that later messages start on a clean line. */
void rb_progress_end(struct rb_progress *p);

#endif /* RB_PROGRESS_H */
