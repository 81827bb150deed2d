/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * account.c - exact message accounting for one endpoint (see account.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "mem.h"
#include "rb_hot.h"

#define SIZE_DIGITS_DEFAULT 2

int rb_results_init(struct rb_results *r, const struct rb_results_cfg *cfg)
{
	bool seen[RB_MAX_FRAME + 1] = {false};
	int digits = cfg->size_digits ? cfg->size_digits : SIZE_DIGITS_DEFAULT;
	size_t distinct = 0, len, k = 0;
	int ret;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i <= RB_MAX_FRAME; i++)
		r->size_idx[i] = -1;
	for (size_t i = 0; cfg->sizes && i < cfg->n_sizes; i++) {
		uint16_t s = cfg->sizes[i];

		if (s < RB_MIN_FRAME || s > RB_MAX_FRAME)
			return -EINVAL;
		if (!seen[s])
			distinct++;
		seen[s] = true;
	}
	len = rb_hist_counts_len(RB_HIST_HIGHEST_NS, digits);
	if (!len)
		return -EINVAL;

	ret = rb_hist_init_default(&r->lat);
	if (ret)
		return ret;
	r->paced = cfg->paced;
	if (cfg->paced) {
		ret = rb_hist_init_default(&r->lat_sched);
		if (ret)
			goto err_lat;
	}
	if (distinct < 2)
		return 0;

	r->by_size = calloc(distinct, sizeof(*r->by_size));
	/* One block for all: calloc of a large block maps zero pages lazily. */
	r->size_counts = calloc(distinct * len, sizeof(uint64_t));
	if (!r->by_size || !r->size_counts) {
		ret = -ENOMEM;
		goto err_sizes;
	}
	for (size_t s = RB_MIN_FRAME; s <= RB_MAX_FRAME; s++) {
		if (!seen[s])
			continue;
		r->by_size[k].size = (uint16_t)s;
		ret = rb_hist_init(&r->by_size[k].lat, RB_HIST_LOWEST_NS, RB_HIST_HIGHEST_NS,
				   digits, r->size_counts + k * len, len);
		if (ret)
			goto err_sizes;
		r->size_idx[s] = (int16_t)k;
		k++;
	}
	r->n_sizes = distinct;
	return 0;

err_sizes:
	free(r->by_size);
	free(r->size_counts);
	rb_hist_deinit(&r->lat_sched);
err_lat:
	rb_hist_deinit(&r->lat);
	memset(r, 0, sizeof(*r));
	return ret;
}

void rb_results_deinit(struct rb_results *r)
{
	rb_hist_deinit(&r->lat);
	rb_hist_deinit(&r->lat_sched);
	free(r->by_size);
	free(r->size_counts);
	r->by_size = NULL;
	r->size_counts = NULL;
	r->n_sizes = 0;
}

static void counts_add(struct rb_counts *dst, const struct rb_counts *src)
{
#define ADD(m) dst->m += src->m;
	RB_COUNTS_FOREACH(ADD)
#undef ADD
	dst->bytes_sent += src->bytes_sent;
	dst->bytes_received += src->bytes_received;
}

int rb_results_merge(struct rb_results *dst, const struct rb_results *src)
{
	int ret;

	counts_add(&dst->c, &src->c);
	ret = rb_hist_merge(&dst->lat, &src->lat);
	if (ret)
		return ret;
	if (dst->paced && src->paced) {
		ret = rb_hist_merge(&dst->lat_sched, &src->lat_sched);
		if (ret)
			return ret;
	}
	if (src->t_start && (!dst->t_start || src->t_start < dst->t_start))
		dst->t_start = src->t_start;
	if (src->t_end > dst->t_end)
		dst->t_end = src->t_end;
	for (size_t i = 0; i < src->n_sizes; i++) {
		const struct rb_size_stats *s = &src->by_size[i];
		int16_t k = dst->size_idx[s->size];
		struct rb_size_stats *d;

		if (k < 0)
			continue;
		d = &dst->by_size[k];
		d->sent += s->sent;
		d->received += s->received;
		d->lost += s->lost;
		d->corrupted += s->corrupted;
		d->unresolved += s->unresolved;
		ret = rb_hist_merge(&d->lat, &s->lat);
		if (ret)
			return ret;
	}
	return 0;
}

int rb_acct_init(struct rb_acct *a, const struct rb_acct_cfg *cfg)
{
	int ret;

	memset(a, 0, sizeof(*a));
	if (!cfg->capacity || (cfg->capacity & (cfg->capacity - 1)) || !cfg->loss_timeout_ns)
		return -EINVAL;
	ret = rb_results_init(&a->res, &cfg->results);
	if (ret)
		return ret;
	ret = rb_hist_init_default(&a->ival);
	if (ret)
		goto err_res;
	a->slots = calloc(cfg->capacity, sizeof(*a->slots));
	a->lost_ring = calloc(cfg->capacity, sizeof(*a->lost_ring));
	a->ival_lat_base = calloc(a->ival.counts_len, sizeof(*a->ival_lat_base));
	if (!a->slots || !a->lost_ring || !a->ival_lat_base) {
		ret = -ENOMEM;
		goto err_mem;
	}
	/* Every slot is used in turn; the lost ring only when messages are lost. */
	rb_prefault_zeroed(a->slots, cfg->capacity * sizeof(*a->slots));
	rb_prefault_zeroed(a->ival_lat_base, a->ival.counts_len * sizeof(*a->ival_lat_base));
	a->mask = cfg->capacity - 1;
	a->loss_timeout = cfg->loss_timeout_ns;
	a->first_counted = UINT64_MAX;
	return 0;

err_mem:
	free(a->slots);
	free(a->lost_ring);
	free(a->ival_lat_base);
	rb_hist_deinit(&a->ival);
err_res:
	rb_results_deinit(&a->res);
	memset(a, 0, sizeof(*a));
	return ret;
}

void rb_acct_deinit(struct rb_acct *a)
{
	rb_results_deinit(&a->res);
	rb_hist_deinit(&a->ival);
	free(a->slots);
	free(a->lost_ring);
	free(a->ival_lat_base);
	memset(a, 0, sizeof(*a));
}

RB_HOT static inline struct rb_size_stats *size_stats(struct rb_acct *a, uint16_t size)
{
	int16_t k;

	if (!a->res.n_sizes || size > RB_MAX_FRAME)
		return NULL;
	k = a->res.size_idx[size];
	return k < 0 ? NULL : &a->res.by_size[k];
}

RB_HOT int rb_acct_sent(struct rb_acct *a, rb_ns sent, rb_ns sched, uint16_t size, bool warmup)
{
	struct rb_acct_slot *s = &a->slots[a->next_seq & a->mask];
	struct rb_size_stats *ss;

	if (s->state == RB_SLOT_IN_FLIGHT)
		return -ENOBUFS;
	s->seq = a->next_seq++;
	s->sent = sent;
	s->sched = sched;
	s->size = size;
	s->state = RB_SLOT_IN_FLIGHT;
	/* A warm-up send after counting began would break seq < first_counted. */
	s->warmup = warmup && a->first_counted == UINT64_MAX;
	a->in_flight++;
	if (s->warmup) {
		a->res.c.warmup++;
		return 0;
	}
	if (a->first_counted == UINT64_MAX) {
		a->first_counted = s->seq;
		a->res.t_start = sent;
	}
	a->res.c.sent++;
	a->res.c.bytes_sent += size;
	ss = size_stats(a, size);
	if (ss)
		ss->sent++;
	return 0;
}

/* Was `seq` (older than the table) declared lost? Rare path: linear search. */
static bool lost_recently(const struct rb_acct *a, uint64_t seq)
{
	uint64_t n = a->lost_head < a->mask + 1 ? a->lost_head : a->mask + 1;

	for (uint64_t i = 0; i < n; i++)
		if (a->lost_ring[i] == seq)
			return true;
	return false;
}

static void mark_lost(struct rb_acct *a, struct rb_acct_slot *s)
{
	struct rb_size_stats *ss;

	s->state = RB_SLOT_LOST;
	a->in_flight--;
	if (s->warmup)
		return;
	a->res.c.lost++;
	a->lost_ring[a->lost_head++ & a->mask] = s->seq;
	ss = size_stats(a, s->size);
	if (ss)
		ss->lost++;
}

RB_HOT enum rb_acct_outcome rb_acct_reply(struct rb_acct *a, uint32_t wire_seq, size_t len,
					  bool content_ok, rb_ns now, struct rb_acct_reply *out)
{
	/* How far behind the next sequence number the reply is (1 = the last sent). */
	uint32_t behind = (uint32_t)a->next_seq - wire_seq;
	struct rb_acct_slot *s;
	struct rb_size_stats *ss;
	uint64_t seq;

	out->rtt = out->rtt_sched = 0;
	out->size = 0;
	out->reordered = false;
	if (behind == 0 || behind > 0x80000000u || behind > a->next_seq) {
		/* Ahead of anything sent, or before the first message. */
		out->seq = (a->next_seq & ~0xffffffffull) | wire_seq;
		a->res.c.unexpected++;
		return out->outcome = RB_ACCT_UNEXPECTED;
	}
	seq = a->next_seq - behind;
	out->seq = seq;
	s = &a->slots[seq & a->mask];
	if (seq < a->first_counted) {
		/*
		 * A warm-up reply counts nowhere, but its first copy must free the
		 * slot: left in flight, closed and window mode would wait the loss
		 * timeout for every warm-up message.
		 */
		if (s->seq == seq && s->state == RB_SLOT_IN_FLIGHT) {
			s->state = RB_SLOT_RECEIVED;
			a->in_flight--;
		}
		return out->outcome = RB_ACCT_WARMUP;
	}
	if (s->seq != seq || s->state == RB_SLOT_FREE) {
		/* The slot was reused: the message was resolved long ago. */
		if (lost_recently(a, seq)) {
			a->res.c.late++;
			return out->outcome = RB_ACCT_LATE;
		}
		a->res.c.duplicates++;
		return out->outcome = RB_ACCT_DUPLICATE;
	}
	out->size = s->size;
	switch (s->state) {
	case RB_SLOT_IN_FLIGHT:
		break;
	case RB_SLOT_RECEIVED:
	case RB_SLOT_CORRUPTED:
		a->res.c.duplicates++;
		return out->outcome = RB_ACCT_DUPLICATE;
	default: /* lost, or unresolved after a cut-short finish */
		a->res.c.late++;
		return out->outcome = RB_ACCT_LATE;
	}

	a->in_flight--;
	ss = size_stats(a, s->size);
	if (!a->any_rx || seq > a->max_rx_seq) {
		a->max_rx_seq = seq;
		a->any_rx = true;
	} else {
		out->reordered = true;
	}
	if (len != s->size || !content_ok) {
		s->state = RB_SLOT_CORRUPTED;
		out->reordered = false; /* counted for received messages only */
		a->res.c.corrupted++;
		if (ss)
			ss->corrupted++;
		return out->outcome = RB_ACCT_CORRUPTED;
	}
	s->state = RB_SLOT_RECEIVED;
	a->res.c.received++;
	a->res.c.bytes_received += len;
	if (out->reordered)
		a->res.c.reordered++;
	/* A clock that went backwards would wrap: count it as 0, not 584 years. */
	out->rtt = now > s->sent ? now - s->sent : 0;
	out->rtt_sched = now > s->sched ? now - s->sched : 0;
	/* Both have the report layout (rb_hist_init_default in init). */
	rb_hist_record(&a->res.lat, out->rtt);
	rb_hist_record_summary(&a->ival, out->rtt);
	if (a->res.paced)
		rb_hist_record(&a->res.lat_sched, out->rtt_sched);
	if (ss) {
		ss->received++;
		rb_hist_record(&ss->lat, out->rtt);
	}
	if (!a->finished)
		a->res.t_end = now;
	return out->outcome = RB_ACCT_RECEIVED;
}

uint64_t rb_acct_expire(struct rb_acct *a, rb_ns now)
{
	uint64_t n = 0;

	while (a->oldest < a->next_seq) {
		struct rb_acct_slot *s = &a->slots[a->oldest & a->mask];

		/* A slot holding a newer seq means `oldest` was resolved and reused. */
		if (s->seq == a->oldest && s->state == RB_SLOT_IN_FLIGHT) {
			if (now < s->sent || now - s->sent < a->loss_timeout)
				break; /* later sends are younger still */
			mark_lost(a, s);
			n += !s->warmup;
		}
		a->oldest++;
	}
	return n;
}

rb_ns rb_acct_next_expiry(struct rb_acct *a)
{
	while (a->oldest < a->next_seq) {
		struct rb_acct_slot *s = &a->slots[a->oldest & a->mask];

		if (s->seq == a->oldest && s->state == RB_SLOT_IN_FLIGHT)
			return s->sent + a->loss_timeout;
		a->oldest++;
	}
	return UINT64_MAX;
}

void rb_acct_finish(struct rb_acct *a, rb_ns now, bool drain)
{
	if (a->finished)
		return;
	if (!drain)
		rb_acct_expire(a, now);
	for (uint64_t seq = a->oldest; seq < a->next_seq; seq++) {
		struct rb_acct_slot *s = &a->slots[seq & a->mask];
		struct rb_size_stats *ss;

		if (s->seq != seq || s->state != RB_SLOT_IN_FLIGHT)
			continue;
		if (drain) {
			mark_lost(a, s);
			continue;
		}
		s->state = RB_SLOT_UNRESOLVED;
		a->in_flight--;
		if (s->warmup)
			continue;
		a->res.c.unresolved++;
		ss = size_stats(a, s->size);
		if (ss)
			ss->unresolved++;
	}
	a->oldest = a->next_seq;
	a->res.t_end = now;
	a->finished = true;
}

void rb_acct_ival_fill(struct rb_acct *a)
{
	if (!a->ival_filled)
		rb_hist_delta(&a->ival, &a->res.lat, a->ival_lat_base);
	a->ival_filled = true;
}

void rb_acct_ival_restart(struct rb_acct *a, rb_ns now)
{
	rb_acct_ival_fill(a); /* keeps ival_lat_base in step with res.lat */
	a->ival_filled = false;
	a->ival_base = a->res.c;
	a->ival_start = now;
	rb_hist_reset(&a->ival);
}

void rb_acct_ival_counts(const struct rb_acct *a, struct rb_counts *out)
{
#define SUB(m) out->m = a->res.c.m - a->ival_base.m;
	RB_COUNTS_FOREACH(SUB)
#undef SUB
	out->bytes_sent = a->res.c.bytes_sent - a->ival_base.bytes_sent;
	out->bytes_received = a->res.c.bytes_received - a->ival_base.bytes_received;
}
