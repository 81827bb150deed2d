/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-account - every transition of the accounting state machine, table
 * driven, with exact counts and the invariant
 *	sent == received + lost + corrupted + unresolved + in flight
 * checked after every step; then sequence-number wrap, replies older than
 * the table, per-size counts, paced latency, merging, intervals and the
 * error contract of init and send.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "t_check.h"

#define TIMEOUT 1000 /* ns, loss timeout of the table tests */

enum op { END = 0, SEND, WARM, REPLY, BAD, EXPIRE, FINISH, FINISH_DRAIN };

struct step {
	enum op op;
	uint64_t t;   /* time of the step */
	uint32_t seq; /* REPLY/BAD: wire seq */
	int want;     /* REPLY/BAD: outcome; EXPIRE: newly lost */
	long rtt;     /* REPLY: expected rtt, -1 = do not check */
	int len;      /* REPLY: length (0 = the default 64) */
};

struct want {
	uint64_t sent, received, lost, corrupted, unresolved, duplicates, reordered, late,
		unexpected, warmup, in_flight;
	uint64_t warm_in_flight; /* warm-up messages still in flight (a.in_flight counts them) */
};

struct scenario {
	const char *name;
	struct step steps[16];
	struct want w;
};

#define R RB_ACCT_RECEIVED
#define C RB_ACCT_CORRUPTED
#define D RB_ACCT_DUPLICATE
#define L RB_ACCT_LATE
#define U RB_ACCT_UNEXPECTED
#define W RB_ACCT_WARMUP

/* Steps: send at t, warm-up send, reply (time, wire seq, outcome, rtt or -1), reply of a
 * given length, reply failing the content check, expire (time, newly lost), finish. */
/* clang-format off */
#define SND(t) {SEND, t, 0, 0, -1, 0}
#define WRM(t) {WARM, t, 0, 0, -1, 0}
#define RX(t, s, o, rtt) {REPLY, t, s, o, rtt, 0}
#define RXL(t, s, o, len) {REPLY, t, s, o, -1, len}
#define BD(t, s, o) {BAD, t, s, o, -1, 0}
#define EXP(t, n) {EXPIRE, t, 0, n, -1, 0}
#define FIN(t) {FINISH, t, 0, 0, -1, 0}
#define FIND(t) {FINISH_DRAIN, t, 0, 0, -1, 0}
/* clang-format on */

static const struct scenario scenarios[] = {
	{"three sent, three received",
	 {SND(0), SND(10), SND(20), RX(100, 0, R, 100), RX(110, 1, R, 100), RX(125, 2, R, 105)},
	 {.sent = 3, .received = 3}},
	{"content check failed: corrupted, then the good copy is a duplicate",
	 {SND(0), BD(50, 0, C), RX(60, 0, D, -1)},
	 {.sent = 1, .corrupted = 1, .duplicates = 1}},
	{"wrong length: corrupted", {SND(0), RXL(50, 0, C, 63)}, {.sent = 1, .corrupted = 1}},
	{"same reply twice: duplicate",
	 {SND(0), RX(5, 0, R, 5), RX(6, 0, D, -1), RX(7, 0, D, -1)},
	 {.sent = 1, .received = 1, .duplicates = 2}},
	{"loss at exactly the timeout, then late",
	 {SND(0), EXP(999, 0), EXP(1000, 1), EXP(5000, 0), RX(5001, 0, L, -1), RX(5002, 0, L, -1)},
	 {.sent = 1, .lost = 1, .late = 2}},
	{"expiry stops at the first young message",
	 {SND(0), SND(500), SND(900), RX(950, 1, R, 450), EXP(1400, 1), EXP(1899, 0), EXP(1900, 1)},
	 {.sent = 3, .received = 1, .lost = 2, .reordered = 0}},
	{"reordered replies are still received",
	 {SND(0), SND(1), SND(2), RX(10, 1, R, 9), RX(11, 0, R, 11), RX(12, 2, R, 10)},
	 {.sent = 3, .received = 3, .reordered = 1}},
	{"corrupted copy does not count as reordered",
	 {SND(0), SND(1), RX(10, 1, R, 9), BD(11, 0, C)},
	 {.sent = 2, .received = 1, .corrupted = 1}},
	{"never sent: unexpected (ahead, and before anything)",
	 {RX(1, 0, U, -1), SND(2), RX(3, 1, U, -1), RX(4, 0x80000000u, U, -1), RX(5, 0, R, 3)},
	 {.sent = 1, .received = 1, .unexpected = 3}},
	{"warm-up messages count nowhere but warmup",
	 {WRM(0), WRM(1), WRM(2), SND(3), RX(4, 0, W, -1), RX(5, 0, W, -1), EXP(1002, 0),
	  RX(1003, 2, W, -1), RX(1004, 3, R, 1001)},
	 {.sent = 1, .received = 1, .warmup = 3}},
	{"warm-up reply frees its slot",
	 {WRM(0), RX(5, 0, W, -1), SND(6), RX(10, 1, R, 4)},
	 {.sent = 1, .received = 1, .warmup = 1}},
	{"warm-up reply missing: in flight until the timeout, then lost uncounted",
	 {WRM(0), WRM(1), RX(5, 1, W, -1), SND(6), RX(8, 2, R, 2), EXP(999, 0)},
	 {.sent = 1, .received = 1, .warmup = 2, .warm_in_flight = 1}},
	{"warm-up loss counts nowhere, its late reply neither",
	 {WRM(0), WRM(1), RX(5, 1, W, -1), EXP(1000, 0), SND(1001), RX(1002, 0, W, -1),
	  RX(1003, 2, R, 2), FIND(1004)},
	 {.sent = 1, .received = 1, .warmup = 2}},
	{"warm-up duplicate counts nowhere",
	 {WRM(0), RX(5, 0, W, -1), RX(6, 0, W, -1), SND(7), RX(8, 1, R, 1), RX(9, 0, W, -1)},
	 {.sent = 1, .received = 1, .warmup = 1}},
	{"warm-up in flight when cut short: not unresolved",
	 {WRM(0), SND(1), RX(2, 1, R, 1), FIN(3), RX(4, 0, W, -1)},
	 {.sent = 1, .received = 1, .warmup = 1}},
	{"cut short: timed-out lost, the rest unresolved",
	 {SND(0), SND(600), SND(700), RX(710, 2, R, 10), FIN(1200), RX(1300, 1, L, -1)},
	 {.sent = 3, .received = 1, .lost = 1, .unresolved = 1, .reordered = 0, .late = 1}},
	{"drained: everything in flight lost",
	 {SND(0), SND(600), FIND(700), RX(800, 0, L, -1)},
	 {.sent = 2, .lost = 2, .late = 1}},
	{"in flight during the run",
	 {SND(0), SND(1), RX(2, 0, R, 2)},
	 {.sent = 2, .received = 1, .in_flight = 1}},
};

/* Counted (non-warm-up) messages in flight, from the table itself. */
static uint64_t counted_in_flight(const struct rb_acct *a)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i <= a->mask; i++)
		n += a->slots[i].state == RB_SLOT_IN_FLIGHT && !a->slots[i].warmup;
	return n;
}

static int acct_new(struct rb_acct *a, uint32_t cap, const uint16_t *sizes, size_t n, bool paced)
{
	struct rb_acct_cfg cfg = {
		.capacity = cap,
		.loss_timeout_ns = TIMEOUT,
		.results = {.paced = paced, .sizes = sizes, .n_sizes = n},
	};

	return rb_acct_init(a, &cfg);
}

static void run_scenario(const struct scenario *sc)
{
	struct rb_acct a;
	int i;

	T_CHECK(acct_new(&a, 16, NULL, 0, false) == 0, "[%s] init", sc->name);
	for (i = 0; sc->steps[i].op != END; i++) {
		const struct step *st = &sc->steps[i];
		struct rb_acct_reply rep;
		enum rb_acct_outcome o;
		uint64_t n;

		switch (st->op) {
		case SEND:
		case WARM:
			T_CHECK(rb_acct_sent(&a, st->t, st->t, 64, st->op == WARM) == 0,
				"[%s] step %d: send", sc->name, i);
			break;
		case REPLY:
		case BAD:
			o = rb_acct_reply(&a, st->seq, st->len ? (size_t)st->len : 64,
					  st->op == REPLY, st->t, &rep);
			T_CHECK((int)o == st->want && rep.outcome == o,
				"[%s] step %d: reply %u: outcome %d, want %d", sc->name, i, st->seq,
				(int)o, st->want);
			if (st->op == REPLY && st->rtt >= 0)
				T_CHECK(rep.rtt == (uint64_t)st->rtt,
					"[%s] step %d: rtt %llu want %ld", sc->name, i,
					(unsigned long long)rep.rtt, st->rtt);
			break;
		case EXPIRE:
			n = rb_acct_expire(&a, st->t);
			T_CHECK(n == (uint64_t)st->want, "[%s] step %d: expired %llu want %d",
				sc->name, i, (unsigned long long)n, st->want);
			break;
		case FINISH:
		case FINISH_DRAIN:
			rb_acct_finish(&a, st->t, st->op == FINISH_DRAIN);
			T_CHECK(a.in_flight == 0, "[%s] nothing in flight after finish", sc->name);
			T_CHECK(a.res.t_end == st->t, "[%s] t_end", sc->name);
			break;
		case END:
			break;
		}
		/* Warm-up messages are in flight too but not in `sent`. */
		T_CHECK(a.res.c.sent == a.res.c.received + a.res.c.lost + a.res.c.corrupted +
						a.res.c.unresolved + counted_in_flight(&a),
			"[%s] step %d: invariant broken", sc->name, i);
	}
	T_CHECK(a.res.c.sent == sc->w.sent, "[%s] sent %llu", sc->name,
		(unsigned long long)a.res.c.sent);
	T_CHECK(a.res.c.received == sc->w.received, "[%s] received %llu", sc->name,
		(unsigned long long)a.res.c.received);
	T_CHECK(a.res.c.lost == sc->w.lost, "[%s] lost %llu", sc->name,
		(unsigned long long)a.res.c.lost);
	T_CHECK(a.res.c.corrupted == sc->w.corrupted, "[%s] corrupted %llu", sc->name,
		(unsigned long long)a.res.c.corrupted);
	T_CHECK(a.res.c.unresolved == sc->w.unresolved, "[%s] unresolved %llu", sc->name,
		(unsigned long long)a.res.c.unresolved);
	T_CHECK(a.res.c.duplicates == sc->w.duplicates, "[%s] duplicates %llu", sc->name,
		(unsigned long long)a.res.c.duplicates);
	T_CHECK(a.res.c.reordered == sc->w.reordered, "[%s] reordered %llu", sc->name,
		(unsigned long long)a.res.c.reordered);
	T_CHECK(a.res.c.late == sc->w.late, "[%s] late %llu", sc->name,
		(unsigned long long)a.res.c.late);
	T_CHECK(a.res.c.unexpected == sc->w.unexpected, "[%s] unexpected %llu", sc->name,
		(unsigned long long)a.res.c.unexpected);
	T_CHECK(a.res.c.warmup == sc->w.warmup, "[%s] warmup %llu", sc->name,
		(unsigned long long)a.res.c.warmup);
	T_CHECK(counted_in_flight(&a) == sc->w.in_flight, "[%s] in flight %llu", sc->name,
		(unsigned long long)counted_in_flight(&a));
	T_CHECK(a.in_flight == sc->w.in_flight + sc->w.warm_in_flight, "[%s] all in flight %llu",
		sc->name, (unsigned long long)a.in_flight);
	T_CHECK(a.res.lat.count == a.res.c.received, "[%s] one latency per received message",
		sc->name);
	T_CHECK(a.res.c.bytes_received == 64 * a.res.c.received, "[%s] bytes received", sc->name);
	T_CHECK(a.res.c.bytes_sent == 64 * a.res.c.sent, "[%s] bytes sent", sc->name);
	rb_acct_deinit(&a);
}

static void test_wrap(void)
{
	struct rb_acct a;
	struct rb_acct_reply rep;

	T_CHECK(acct_new(&a, 64, NULL, 0, false) == 0, "init");
	/* White box: start just below 2^32 as if 4 billion messages had gone by. */
	a.next_seq = a.oldest = 0xFFFFFFF0ull;
	for (int i = 0; i < 40; i++)
		T_CHECK(rb_acct_sent(&a, 100 + (uint64_t)i, 100 + (uint64_t)i, 64, false) == 0,
			"send %d", i);
	for (int i = 0; i < 40; i++) {
		uint64_t seq = 0xFFFFFFF0ull + (uint64_t)i;

		T_CHECK(rb_acct_reply(&a, (uint32_t)seq, 64, true, 1000, &rep) == RB_ACCT_RECEIVED,
			"reply %d across the wrap", i);
		T_CHECK(rep.seq == seq, "unwrapped %llu want %llu", (unsigned long long)rep.seq,
			(unsigned long long)seq);
	}
	T_CHECK(a.res.c.received == 40 && a.res.c.reordered == 0, "all 40 received in order");
	rb_acct_deinit(&a);
}

static void test_horizon(void)
{
	struct rb_acct a;
	struct rb_acct_reply rep;
	uint64_t t = 0;

	/* Capacity 4: message 0 is lost, 1 received, then 8 more go through. */
	T_CHECK(acct_new(&a, 4, NULL, 0, false) == 0, "init");
	rb_acct_sent(&a, t, t, 64, false);
	rb_acct_sent(&a, t, t, 64, false);
	T_CHECK(rb_acct_reply(&a, 1, 64, true, 10, &rep) == RB_ACCT_RECEIVED, "1 received");
	T_CHECK(rb_acct_expire(&a, TIMEOUT) == 1, "0 lost");
	for (uint32_t s = 2; s < 10; s++) {
		t = 2000 + s;
		T_CHECK(rb_acct_can_send(&a), "slot free for %u", s);
		T_CHECK(rb_acct_sent(&a, t, t, 64, false) == 0, "send %u", s);
		T_CHECK(rb_acct_reply(&a, s, 64, true, t + 1, &rep) == RB_ACCT_RECEIVED, "recv %u",
			s);
	}
	/* Slots of 0 and 1 were reused: the lost history tells them apart. */
	T_CHECK(rb_acct_reply(&a, 0, 64, true, 3000, &rep) == RB_ACCT_LATE, "0 late");
	T_CHECK(rb_acct_reply(&a, 1, 64, true, 3000, &rep) == RB_ACCT_DUPLICATE, "1 duplicate");
	T_CHECK(a.res.c.late == 1 && a.res.c.duplicates == 1 && a.res.c.lost == 1 &&
			a.res.c.received == 9,
		"counts after horizon");

	/* A full table refuses the next send. */
	for (int i = 0; i < 4; i++)
		T_CHECK(rb_acct_sent(&a, 4000, 4000, 64, false) == 0, "fill %d", i);
	T_CHECK(!rb_acct_can_send(&a), "table full");
	T_CHECK(rb_acct_sent(&a, 4001, 4001, 64, false) == -ENOBUFS, "send into busy slot");
	T_CHECK(a.res.c.sent == 14, "refused send not counted: %llu",
		(unsigned long long)a.res.c.sent);
	T_CHECK(rb_acct_next_expiry(&a) == 4000 + TIMEOUT, "next expiry %llu",
		(unsigned long long)rb_acct_next_expiry(&a));
	T_CHECK(rb_acct_expire(&a, 4000 + TIMEOUT) == 4, "all four lost");
	T_CHECK(rb_acct_next_expiry(&a) == UINT64_MAX, "nothing in flight");
	T_CHECK(rb_acct_can_send(&a), "slots free again");
	rb_acct_deinit(&a);
}

static void test_sizes_and_pacing(void)
{
	static const uint16_t sizes[] = {64, 16, 496, 64};
	struct rb_acct a;
	struct rb_acct_reply rep;
	int16_t k16, k64, k496;

	T_CHECK(acct_new(&a, 8, sizes, 4, true) == 0, "init with sizes");
	T_CHECK(a.res.n_sizes == 3, "3 distinct sizes: %zu", a.res.n_sizes);
	k16 = a.res.size_idx[16];
	k64 = a.res.size_idx[64];
	k496 = a.res.size_idx[496];
	T_CHECK(k16 == 0 && k64 == 1 && k496 == 2 && a.res.size_idx[17] == -1, "ascending index");
	/* sched earlier than sent: the sender was late by 50 ns. */
	rb_acct_sent(&a, 100, 50, 16, false);
	rb_acct_sent(&a, 110, 60, 64, false);
	rb_acct_sent(&a, 120, 70, 496, false);
	rb_acct_sent(&a, 130, 80, 64, false);
	T_CHECK(rb_acct_reply(&a, 0, 16, true, 300, &rep) == RB_ACCT_RECEIVED, "16");
	T_CHECK(rep.rtt == 200 && rep.rtt_sched == 250 && rep.size == 16, "latencies %llu %llu",
		(unsigned long long)rep.rtt, (unsigned long long)rep.rtt_sched);
	T_CHECK(rb_acct_reply(&a, 1, 64, false, 300, &rep) == RB_ACCT_CORRUPTED, "64 corrupted");
	T_CHECK(rb_acct_reply(&a, 2, 496, true, 400, &rep) == RB_ACCT_RECEIVED, "496");
	rb_acct_finish(&a, 5000, true);
	T_CHECK(a.res.by_size[k16].sent == 1 && a.res.by_size[k16].received == 1, "16 counts");
	T_CHECK(a.res.by_size[k64].sent == 2 && a.res.by_size[k64].corrupted == 1 &&
			a.res.by_size[k64].lost == 1,
		"64 counts");
	T_CHECK(a.res.by_size[k496].received == 1 && a.res.by_size[k496].lat.count == 1 &&
			rb_hist_max(&a.res.by_size[k496].lat) == 280,
		"496 latency");
	T_CHECK(a.res.lat_sched.count == 2 && rb_hist_max(&a.res.lat_sched) == 330,
		"latency from schedule: max %llu",
		(unsigned long long)rb_hist_max(&a.res.lat_sched));
	T_CHECK(rb_hist_max(&a.res.lat) == 280 && rb_hist_min(&a.res.lat) == 200, "rtt min/max");
	T_CHECK(a.res.t_start == 100 && a.res.t_end == 5000 && rb_results_elapsed(&a.res) == 4900,
		"elapsed");
	T_CHECK(a.res.c.bytes_sent == 16 + 64 + 496 + 64 && a.res.c.bytes_received == 16 + 496,
		"bytes");

	/* Merge into a total with the same sizes. */
	{
		struct rb_results total;
		struct rb_results_cfg cfg = {.paced = true, .sizes = sizes, .n_sizes = 4};

		T_CHECK(rb_results_init(&total, &cfg) == 0, "total init");
		T_CHECK(rb_results_merge(&total, &a.res) == 0, "merge 1");
		T_CHECK(rb_results_merge(&total, &a.res) == 0, "merge 2");
		T_CHECK(total.c.sent == 8 && total.c.received == 4 && total.c.corrupted == 2 &&
				total.c.lost == 2,
			"merged counts");
		T_CHECK(total.lat.count == 4 && total.lat_sched.count == 4, "merged histograms");
		T_CHECK(total.by_size[k64].sent == 4 && total.by_size[k496].lat.count == 2,
			"merged sizes");
		T_CHECK(total.t_start == 100 && total.t_end == 5000, "merged times");
		rb_results_deinit(&total);
	}
	rb_acct_deinit(&a);
}

static void test_intervals(void)
{
	struct rb_acct a;
	struct rb_acct_reply rep;
	struct rb_counts c;

	T_CHECK(acct_new(&a, 8, NULL, 0, false) == 0, "init");
	rb_acct_ival_restart(&a, 0);
	rb_acct_sent(&a, 0, 0, 64, false);
	rb_acct_reply(&a, 0, 64, true, 40, &rep);
	rb_acct_ival_counts(&a, &c);
	T_CHECK(c.sent == 1 && c.received == 1 && a.ival.count == 1, "first interval");
	rb_acct_ival_restart(&a, 100);
	rb_acct_sent(&a, 100, 100, 64, false);
	rb_acct_sent(&a, 101, 101, 64, false);
	rb_acct_reply(&a, 1, 64, true, 190, &rep);
	rb_acct_ival_counts(&a, &c);
	T_CHECK(c.sent == 2 && c.received == 1 && c.bytes_sent == 128 && a.ival.count == 1 &&
			rb_hist_min(&a.ival) == 90,
		"second interval only");
	T_CHECK(a.res.c.sent == 3 && a.res.lat.count == 2, "totals keep everything");
	T_CHECK(a.ival_start == 100, "interval start");
	rb_acct_deinit(&a);
}

static void test_init_errors(void)
{
	static const uint16_t bad_small[] = {15, 64};
	static const uint16_t bad_big[] = {64, 497};
	struct rb_acct a;
	struct rb_acct_cfg cfg = {.capacity = 8, .loss_timeout_ns = 1};

	cfg.capacity = 0;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "capacity 0");
	cfg.capacity = 12;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "capacity 12");
	cfg.capacity = 8;
	cfg.loss_timeout_ns = 0;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "timeout 0");
	cfg.loss_timeout_ns = 1;
	cfg.results.sizes = bad_small;
	cfg.results.n_sizes = 2;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "size 15");
	cfg.results.sizes = bad_big;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "size 497");
	cfg.results.sizes = NULL;
	cfg.results.size_digits = 9;
	T_CHECK(rb_acct_init(&a, &cfg) == -EINVAL, "size digits 9");
	cfg.results.size_digits = 0;
	T_CHECK(rb_acct_init(&a, &cfg) == 0, "good config");
	T_CHECK(a.res.n_sizes == 0, "no per-size table without sizes");
	rb_acct_deinit(&a);
	rb_acct_deinit(&a);
}

/* A long random run against a simple model: counts must match exactly. */
static void test_random_model(void)
{
	enum { N = 20000, CAP = 64 };
	struct rb_acct a;
	struct rb_acct_reply rep;
	uint64_t rng = 5, t = 0, drops = 0, dups = 0, corrupts = 0;

	T_CHECK(acct_new(&a, CAP, NULL, 0, false) == 0, "init");
	for (uint64_t i = 0; i < N; i++) {
		uint64_t r = rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t seq = rb_acct_next_seq(&a);

		t += 10;
		if (!rb_acct_can_send(&a)) {
			/* Window full: expire everything (lost) and go on. */
			t += TIMEOUT;
			rb_acct_expire(&a, t);
		}
		rb_acct_sent(&a, t, t, 64, false);
		switch ((r >> 33) % 10) {
		case 0:
			drops++;
			break;
		case 1:
			rb_acct_reply(&a, (uint32_t)seq, 64, false, t + 5, &rep);
			corrupts++;
			break;
		case 2:
			rb_acct_reply(&a, (uint32_t)seq, 64, true, t + 5, &rep);
			rb_acct_reply(&a, (uint32_t)seq, 64, true, t + 6, &rep);
			dups++;
			break;
		default:
			rb_acct_reply(&a, (uint32_t)seq, 64, true, t + 5, &rep);
			break;
		}
	}
	rb_acct_finish(&a, t + 1, true);
	T_CHECK(a.res.c.sent == N, "sent");
	T_CHECK(a.res.c.lost == drops, "lost %llu want %llu", (unsigned long long)a.res.c.lost,
		(unsigned long long)drops);
	T_CHECK(a.res.c.corrupted == corrupts, "corrupted");
	T_CHECK(a.res.c.duplicates == dups, "duplicates");
	T_CHECK(a.res.c.received == N - drops - corrupts, "received");
	T_CHECK(a.res.c.sent == a.res.c.received + a.res.c.lost + a.res.c.corrupted,
		"invariant at the end");
	rb_acct_deinit(&a);
}

/*
 * Closed loop (one slot): every warm-up reply must free the slot at once, so
 * the next send never waits for the loss timeout.
 */
static void test_warmup_closed(void)
{
	struct rb_acct a;
	struct rb_acct_reply rep;
	rb_ns t = 0;

	T_CHECK(acct_new(&a, 1, NULL, 0, false) == 0, "init");
	for (uint32_t i = 0; i < 100; i++, t += 2) {
		T_CHECK(rb_acct_can_send(&a), "warm-up %u: slot free", i);
		T_CHECK(rb_acct_sent(&a, t, t, 64, true) == 0, "warm-up %u: send", i);
		T_CHECK(rb_acct_next_expiry(&a) == t + TIMEOUT, "warm-up %u: expiry", i);
		T_CHECK(rb_acct_reply(&a, i, 64, true, t + 1, &rep) == RB_ACCT_WARMUP,
			"warm-up %u: outcome %d", i, (int)rep.outcome);
		T_CHECK(a.in_flight == 0, "warm-up %u: in flight %llu", i,
			(unsigned long long)a.in_flight);
		T_CHECK(rb_acct_next_expiry(&a) == UINT64_MAX, "warm-up %u: nothing to expire", i);
	}
	for (uint32_t i = 100; i < 110; i++, t += 2) {
		T_CHECK(rb_acct_sent(&a, t, t, 64, false) == 0, "send %u", i);
		T_CHECK(rb_acct_reply(&a, i, 64, true, t + 1, &rep) == RB_ACCT_RECEIVED,
			"reply %u: outcome %d", i, (int)rep.outcome);
	}
	T_CHECK(a.res.c.warmup == 100 && a.res.c.sent == 10 && a.res.c.received == 10 &&
			a.res.c.lost == 0 && a.res.c.duplicates == 0 && a.res.lat.count == 10,
		"counts warmup %llu sent %llu received %llu lost %llu",
		(unsigned long long)a.res.c.warmup, (unsigned long long)a.res.c.sent,
		(unsigned long long)a.res.c.received, (unsigned long long)a.res.c.lost);
	rb_acct_deinit(&a);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		run_scenario(&scenarios[i]);
	test_warmup_closed();
	test_wrap();
	test_horizon();
	test_sizes_and_pacing();
	test_intervals();
	test_init_errors();
	test_random_model();
	return t_result("test-account");
}
