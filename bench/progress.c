/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * progress.c - the live progress line (see progress.h).
 */
#include <unistd.h>

#include "progress.h"

void rb_progress_init(struct rb_progress *p, FILE *out, bool enable, rb_ns period_ns)
{
	*p = (struct rb_progress){0};
	if (!enable || !out || !isatty(fileno(out)))
		return;
	p->out = out;
	p->period = period_ns;
	p->t0 = rb_mono_ns();
	p->last_t = p->t0;
	p->next = p->t0 + period_ns;
}

/* "812ns", "41.2us", "3.10ms", "1.50s" */
static void fmt_ns(char *buf, size_t n, rb_ns v)
{
	if (v < 1000)
		snprintf(buf, n, "%lluns", (unsigned long long)v);
	else if (v < 1000000)
		snprintf(buf, n, "%.1fus", (double)v / 1e3);
	else if (v < 1000000000)
		snprintf(buf, n, "%.2fms", (double)v / 1e6);
	else
		snprintf(buf, n, "%.2fs", (double)v / 1e9);
}

void rb_progress_update(struct rb_progress *p, rb_ns now, struct rb_acct *const *accts, size_t n)
{
	uint64_t rx = 0, lost = 0, corrupt = 0;
	rb_ns p50 = 0, p99 = 0, max = 0;
	char a[16], b[16], c[16];
	double rate;

	if (!p->out || now < p->next)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct rb_results *r = &accts[i]->res;
		rb_ns v;

		rx += r->c.received;
		lost += r->c.lost;
		corrupt += r->c.corrupted;
		/* The display shows the worst endpoint. */
		if ((v = rb_hist_percentile(&r->lat, 50)) > p50)
			p50 = v;
		if ((v = rb_hist_percentile(&r->lat, 99)) > p99)
			p99 = v;
		if ((v = rb_hist_max(&r->lat)) > max)
			max = v;
	}
	rate = now > p->last_t ? (double)(rx - p->last_rx) * 1e9 / (double)(now - p->last_t) : 0;
	fmt_ns(a, sizeof(a), p50);
	fmt_ns(b, sizeof(b), p99);
	fmt_ns(c, sizeof(c), max);
	fprintf(p->out,
		"\r\033[K%7.1fs  %10.0f msg/s  p50 %s  p99 %s  max %s  received %llu  lost %llu"
		"  corrupted %llu",
		rb_ns_to_s(now - p->t0), rate, a, b, c, (unsigned long long)rx,
		(unsigned long long)lost, (unsigned long long)corrupt);
	fflush(p->out);
	p->drawn = true;
	p->last_rx = rx;
	p->last_t = now;
	p->next = now + p->period;
}

void rb_progress_end(struct rb_progress *p)
{
	if (p->out && p->drawn) {
		fprintf(p->out, "\r\033[K");
		fflush(p->out);
	}
	p->drawn = false;
}
