/* SPDX-License-Identifier: MIT */
/*
 * test-kmsg.c - the /dev/kmsg reader: record handling through the read seam
 * (EPIPE, EAGAIN, sequence gaps), the fixed-capacity store, in-flight
 * callback, outlier association, JSON output, error paths, stall detection,
 * and the clock offset on the real /dev/kmsg when this process may use it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmsg.h"
#include "t_check.h"

/* Scripted reader: each step is a record or a negative errno. */
struct step {
	int err;
	const char *rec;
};

struct script {
	const struct step *s;
	size_t n, i;
	unsigned long reads;
};

static ssize_t script_read(void *ctx, int fd, void *buf, size_t size)
{
	struct script *sc = ctx;
	const struct step *st;
	size_t l;

	(void)fd;
	sc->reads++;
	if (size < RB_KMSG_BUF_SIZE)
		return -EINVAL; /* what devkmsg_read does with a short buffer */
	if (sc->i >= sc->n)
		return -EAGAIN;
	st = &sc->s[sc->i++];
	if (st->err)
		return st->err;
	l = strlen(st->rec);
	memcpy(buf, st->rec, l);
	return (ssize_t)l;
}

static unsigned int inflight_calls;

static size_t inflight(void *ctx, rb_kmsg_ns t, uint32_t *seqs, size_t max)
{
	(void)ctx;
	(void)t;
	inflight_calls++;
	/* 20 messages in flight: 100..119; only max are listed */
	for (size_t i = 0; i < max && i < 20; i++)
		seqs[i] = (uint32_t)(100 + i);
	return 20;
}

static void test_seam(void)
{
	static const struct step steps[] = {
		{0, "3,10,2000000,-;imx-rproc imx8mp-cm7: imx_rproc_kick: failed (1, err:-62)\n"
		    " SUBSYSTEM=platform\n DEVICE=+platform:imx8mp-cm7\n"},
		{-EINTR, NULL},
		{-EPIPE, NULL},
		{0, "3,15,3000000,-;rpmsg_chrdev virtio0.rpmsg-raw.-1.30: timeout waiting for a tx "
		    "buffer\n"},
		{0, "6,16,3000100,-;usb 1-1: new high-speed USB device\n"},
		{0, "garbage without header\n"},
		{-EAGAIN, NULL},
		{0,
		 "6,17,4000000,-;virtio_rpmsg_bus virtio0: creating channel rpmsg-raw addr 0x1e\n"},
	};
	struct script sc = {steps, sizeof(steps) / sizeof(steps[0]), 0, 0};
	struct rb_kmsg_config cfg = {.path = "/dev/null",
				     .from_seq = -1,
				     .read = script_read,
				     .read_ctx = &sc,
				     .inflight = inflight};
	struct rb_kmsg_stats st;
	const struct rb_kmsg_event *ev;
	struct rb_kmsg *k;
	json_t *events, *kl;
	size_t n;
	int ret;

	ret = rb_kmsg_open(&cfg, &k);
	if (ret || !rb_kmsg_available(k)) {
		T_FAIL("open /dev/null with the seam: %d %s", ret, ret ? "" : rb_kmsg_reason(k));
		return;
	}
	T_EXPECT(rb_kmsg_fd(k) >= 0, "fd %d", rb_kmsg_fd(k));
	ret = rb_kmsg_drain(k, 0);
	T_EXPECT(ret == 4, "first drain read %d records, want 4 (EINTR retried, EPIPE counted)",
		 ret);
	rb_kmsg_stats(k, &st);
	T_EXPECT(st.records == 3, "records %lu, want 3", st.records);
	T_EXPECT(st.epipe == 1, "epipe %lu, want 1", st.epipe);
	T_EXPECT(st.overwritten == 4, "overwritten %lu, want 4 (seq 11..14)", st.overwritten);
	T_EXPECT(st.parse_errors == 1, "parse errors %lu, want 1", st.parse_errors);
	T_EXPECT(st.stored == 2, "stored %lu, want 2", st.stored);
	T_EXPECT(rb_kmsg_count(k, RB_KLOG_KICK_FAILURE) == 1, "kick count");
	T_EXPECT(rb_kmsg_count(k, RB_KLOG_TX_BUFFER_TIMEOUT) == 1, "tx timeout count");
	T_EXPECT(rb_kmsg_count(k, RB_KLOG_NONE) == 1, "none count %lu",
		 rb_kmsg_count(k, RB_KLOG_NONE));
	T_EXPECT(inflight_calls == 2, "in-flight callback called %u times, want 2", inflight_calls);
	ev = rb_kmsg_events(k, &n);
	T_EXPECT(n == 2, "events %zu", n);
	if (n == 2) {
		T_EXPECT(ev[0].seq == 10 && ev[0].cls == RB_KLOG_KICK_FAILURE && ev[0].prio == 3,
			 "event 0: seq %llu class %d", (unsigned long long)ev[0].seq, ev[0].cls);
		T_EXPECT((ev[0].fields.mask & RB_KF_VQID) && ev[0].fields.vqid == 1 &&
				 ev[0].fields.err == -62,
			 "event 0 fields");
		/* no calibration, no arrival bound (now = 0): kernel time + 500 ns */
		T_EXPECT(ev[0].t_ns == 2000000500LL, "event 0 t_ns %lld", (long long)ev[0].t_ns);
		T_EXPECT(ev[0].n_in_flight == 20 && ev[0].in_flight[0] == 100 &&
				 ev[0].in_flight[RB_KMSG_INFLIGHT_MAX - 1] ==
					 100 + RB_KMSG_INFLIGHT_MAX - 1,
			 "event 0 in flight %u", ev[0].n_in_flight);
		T_EXPECT(ev[1].seq == 15 && ev[1].cls == RB_KLOG_TX_BUFFER_TIMEOUT, "event 1");
	}

	/* outliers: a 20 ms sample ending 10 ms after the kick failure */
	ret = rb_kmsg_note_latency(k, 2010000000LL, 20000000LL);
	T_EXPECT(ret == 1, "outlier attached to %d events, want 1", ret);
	/* far from any event */
	ret = rb_kmsg_note_latency(k, 9000000000LL, 1000000LL);
	T_EXPECT(ret == 0, "far outlier attached to %d events", ret);
	/* a sample near seq 17 before that record has been read */
	ret = rb_kmsg_note_latency(k, 4001000000LL, 5000000LL);
	T_EXPECT(ret == 0, "early outlier attached to %d", ret);
	T_EXPECT(rb_kmsg_event_near(k, 2000100000LL, 1000000LL, true) == 0, "event near the kick");
	T_EXPECT(rb_kmsg_event_near(k, 9e9, 1000000LL, false) == -ENOENT, "no event near 9 s");

	/* the rest: after EAGAIN the next drain goes on; channel creation is info */
	ret = rb_kmsg_drain(k, 0);
	T_EXPECT(ret == 1, "second drain %d", ret);
	ev = rb_kmsg_events(k, &n);
	T_EXPECT(n == 3 && ev[2].cls == RB_KLOG_CHANNEL_CREATED, "channel event");
	/* info events do not take outliers, warnings and t_failed do */
	T_EXPECT(n == 3 && ev[2].outliers == 0, "info event took an outlier");
	T_EXPECT(ev[0].outliers == 1 && ev[0].worst_latency_ns == 20000000LL, "kick outliers %u",
		 ev[0].outliers);
	T_EXPECT(sc.reads == 9, "reads %lu, want 9", sc.reads);

	events = json_array();
	ret = rb_kmsg_append_events(k, events, 1000000000LL);
	T_EXPECT(ret == 0 && json_array_size(events) == 3, "events json %d %zu", ret,
		 json_array_size(events));
	{
		json_t *e0 = json_array_get(events, 0);
		const char *cls = json_string_value(json_object_get(e0, "class"));
		double t = json_real_value(json_object_get(e0, "t_s"));

		T_EXPECT(cls && !strcmp(cls, "kick_failure"), "json class %s",
			 cls ? cls : "(null)");
		T_EXPECT(t > 1.0000004 && t < 1.0000006, "json t_s %.9f", t);
		T_EXPECT(json_integer_value(json_object_get(e0, "kmsg_seq")) == 10, "json seq");
		T_EXPECT(json_array_size(json_object_get(e0, "in_flight")) == RB_KMSG_INFLIGHT_MAX,
			 "json in_flight");
		T_EXPECT(json_integer_value(
				 json_object_get(json_object_get(e0, "fields"), "err")) == -62,
			 "json fields.err");
	}
	json_decref(events);
	kl = rb_kmsg_kernel_log_json(k);
	T_EXPECT(kl && json_is_true(json_object_get(kl, "available")), "kernel_log available");
	T_EXPECT(json_integer_value(json_object_get(kl, "records_overwritten")) == 4,
		 "json overwritten");
	T_EXPECT(json_integer_value(
			 json_object_get(json_object_get(kl, "counts"), "kick_failure")) == 1,
		 "json counts");
	T_EXPECT(json_is_null(json_object_get(kl, "clock_offset_uncertainty_ns")),
		 "uncertainty null");
	json_decref(kl);
	rb_kmsg_free(k);
}

static void test_overflow_and_arrival(void)
{
	static const struct step steps[] = {
		{0, "3,1,1000,-;rpmsg_send failed: -12\n"},
		{0, "3,2,2000,-;rpmsg_send failed: -12\n"},
		{0, "3,3,3000,-;rpmsg_send failed: -12\n"},
	};
	struct script sc = {steps, 3, 0, 0};
	struct rb_kmsg_config cfg = {.path = "/dev/null",
				     .from_seq = 2,
				     .capacity = 1,
				     .read = script_read,
				     .read_ctx = &sc};
	struct rb_kmsg_stats st;
	struct rb_kmsg *k;
	int64_t off, unc;
	const char *m;

	if (rb_kmsg_open(&cfg, &k)) {
		T_FAIL("open");
		return;
	}
	rb_kmsg_drain(k, 10000000); /* now = 10 ms on the benchmark clock */
	rb_kmsg_stats(k, &st);
	/* seq 1 is before from_seq; seq 2 stored; seq 3 overflows */
	T_EXPECT(st.records == 2 && st.stored == 1 && st.store_overflow == 1,
		 "records %lu stored %lu overflow %lu", st.records, st.stored, st.store_overflow);
	T_EXPECT(rb_kmsg_count(k, RB_KLOG_SEND_FAILED) == 2, "counted %lu",
		 rb_kmsg_count(k, RB_KLOG_SEND_FAILED));
	m = rb_kmsg_offset(k, &off, &unc);
	/* tightest bound: now - 3000 us */
	T_EXPECT(!strcmp(m, "arrival") && off == 10000000 - 3000000 && unc == -1,
		 "arrival offset %s %lld %lld", m, (long long)off, (long long)unc);
	rb_kmsg_free(k);
}

static void test_errors(void)
{
	struct rb_kmsg_config cfg = {.path = "/nonexistent/kmsg", .from_seq = -1};
	struct rb_kmsg *k = NULL;
	int ret;

	T_EXPECT(rb_kmsg_open(NULL, &k) == -EINVAL, "NULL config");
	ret = rb_kmsg_open(&cfg, &k);
	T_EXPECT(ret == 0 && k && !rb_kmsg_available(k), "missing kmsg must not fail the run");
	if (k) {
		T_EXPECT(strstr(rb_kmsg_reason(k), "ENOENT") != NULL, "reason '%s'",
			 rb_kmsg_reason(k));
		T_EXPECT(rb_kmsg_fd(k) == -1, "fd of an unavailable log");
		T_EXPECT(rb_kmsg_drain(k, 0) == 0, "drain of an unavailable log");
		T_EXPECT(rb_kmsg_calibrate(k) == -ENODEV, "calibrate of an unavailable log");
		rb_kmsg_free(k);
	}
	rb_kmsg_free(NULL);

	/* a read error other than EAGAIN/EPIPE/EINTR ends the log with its errno */
	{
		static const struct step steps[] = {{0, "6,1,1,-;x\n"}, {-EIO, NULL}};
		struct script sc = {steps, 2, 0, 0};
		struct rb_kmsg_config c1 = {
			.path = "/dev/null", .from_seq = -1, .read = script_read, .read_ctx = &sc};

		ret = rb_kmsg_open(&c1, &k);
		T_EXPECT(ret == 0 && rb_kmsg_available(k), "open with the seam");
		if (!ret) {
			ret = rb_kmsg_drain(k, 0);
			T_EXPECT(ret == -EIO, "drain with a read error: %d, want -EIO", ret);
			T_EXPECT(!rb_kmsg_available(k) && strstr(rb_kmsg_reason(k), "EIO") &&
					 rb_kmsg_fd(k) == -1,
				 "unavailable after a read error: '%s'", rb_kmsg_reason(k));
			T_EXPECT(rb_kmsg_drain(k, 0) == 0, "drain after the error");
			rb_kmsg_free(k);
		}
	}

	/* no_marker: calibration refused */
	{
		struct rb_kmsg_config c2 = {.path = "/dev/null", .from_seq = -1, .no_marker = true};

		if (!rb_kmsg_open(&c2, &k)) {
			T_EXPECT(rb_kmsg_calibrate(k) == -EBUSY, "no_marker calibrate");
			rb_kmsg_free(k);
		}
	}
}

static void test_regular_file(void)
{
	char path[4096];
	const char data[] = "6,1,100,-;virtio_rpmsg_bus virtio0: rpmsg host is online\n"
			    "3,2,200,-;imx-rproc imx8mp-cm7: imx_rproc_kick: failed (1, err:-62)\n"
			    " SUBSYSTEM=platform\n"
			    " DEVICE=+platform:imx8mp-cm7\n"
			    "3,3,300,-;imx-rproc imx8mp-cm7: imx_rproc_kick: failed (0, err:-62)";
	struct rb_kmsg_config cfg = {.from_seq = 0};
	const struct rb_kmsg_event *ev;
	struct rb_kmsg *k;
	size_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/rb-kmsg-file-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir);
	fd = mkstemp(path);

	if (fd < 0 || write(fd, data, sizeof(data) - 1) != (ssize_t)(sizeof(data) - 1)) {
		T_FAIL("temp file");
		return;
	}
	close(fd);
	cfg.path = path;
	if (rb_kmsg_open(&cfg, &k)) {
		T_FAIL("open file");
		unlink(path);
		return;
	}
	rb_kmsg_drain(k, 0);
	ev = rb_kmsg_events(k, &n);
	T_EXPECT(n == 3, "file events %zu, want 3", n);
	T_EXPECT(rb_kmsg_count(k, RB_KLOG_KICK_FAILURE) == 2, "file kicks %lu",
		 rb_kmsg_count(k, RB_KLOG_KICK_FAILURE));
	if (n == 3)
		T_EXPECT(ev[2].fields.vqid == 0 && ev[2].seq == 3, "last record without newline");
	rb_kmsg_free(k);
	unlink(path);
}

static size_t held_fn(void *ctx, rb_kmsg_ns t, uint32_t *seqs, size_t max)
{
	(void)ctx;
	(void)t;
	if (max >= 2) {
		seqs[0] = 7;
		seqs[1] = 8;
	}
	return 2;
}

static void test_stall(void)
{
	struct rb_stall_event store[2];
	struct rb_stall s;
	const rb_kmsg_ns ms = 1000000;
	json_t *events;

	T_EXPECT(rb_stall_init(&s, 0, 0, store, 2, NULL, NULL) == -EINVAL, "zero threshold");
	T_EXPECT(rb_stall_init(&s, 3, 100 * ms, store, 2, held_fn, NULL) == 0, "init");
	rb_stall_sent(&s, 0, 0);
	T_EXPECT(!rb_stall_check(&s, 50 * ms, 1), "no stall at 50 ms");
	T_EXPECT(rb_stall_check(&s, 150 * ms, 2), "stall at 150 ms");
	T_EXPECT(!rb_stall_check(&s, 200 * ms, 2), "stall reported once");
	rb_stall_reply(&s, 300 * ms);
	T_EXPECT(s.n == 1 && store[0].start_ns == 0 && store[0].end_ns == 300 * ms &&
			 store[0].n_held == 2 && store[0].held[1] == 8 && !store[0].open,
		 "stall 1: n %zu start %lld end %lld held %u", s.n, (long long)store[0].start_ns,
		 (long long)store[0].end_ns, store[0].n_held);
	/* idle time is not a stall */
	T_EXPECT(!rb_stall_check(&s, 1000 * ms, 0), "idle");
	rb_stall_sent(&s, 2000 * ms, 0);
	rb_stall_reply(&s, 2050 * ms);
	T_EXPECT(s.n == 1, "short gap is no stall");
	/* a long gap seen only at the reply */
	rb_stall_sent(&s, 3000 * ms, 0);
	rb_stall_reply(&s, 3500 * ms);
	T_EXPECT(s.n == 2 && store[1].start_ns == 3000 * ms && store[1].end_ns == 3500 * ms,
		 "retroactive stall");
	/* store full: counted */
	rb_stall_sent(&s, 4000 * ms, 0);
	T_EXPECT(rb_stall_check(&s, 4200 * ms, 1), "third stall");
	T_EXPECT(s.overflow == 1, "overflow %lu", s.overflow);
	rb_stall_finish(&s, 5000 * ms);
	events = json_array();
	T_EXPECT(rb_stall_append_events(&s, events, 0) == 0 && json_array_size(events) == 2,
		 "stall json");
	{
		json_t *e = json_array_get(events, 0);
		const char *type = json_string_value(json_object_get(e, "type"));

		T_EXPECT(type && !strcmp(type, "stall"), "type");
		T_EXPECT(json_real_value(json_object_get(e, "end_s")) == 0.3, "end_s");
		T_EXPECT(json_integer_value(json_object_get(e, "endpoint")) == 3, "endpoint");
		T_EXPECT(json_array_size(json_object_get(e, "held")) == 2, "held");
	}
	json_decref(events);

	/* a stall still going at the end is stored open */
	rb_stall_init(&s, 0, 100 * ms, store, 2, NULL, NULL);
	rb_stall_sent(&s, 0, 0);
	rb_stall_check(&s, 500 * ms, 1);
	rb_stall_finish(&s, 900 * ms);
	T_EXPECT(s.n == 1 && store[0].open && store[0].end_ns == 900 * ms, "open stall");
}

/* The real /dev/kmsg: marker calibration. A SKIP when not permitted. */
static int test_real(void)
{
	struct rb_kmsg_config cfg = {.from_seq = -1, .store_all = true};
	struct rb_kmsg_stats st;
	struct rb_kmsg *k;
	int64_t off, unc;
	const char *m;
	int ret;

	if (rb_kmsg_open(&cfg, &k))
		return -1;
	if (!rb_kmsg_available(k)) {
		printf("SKIP: /dev/kmsg not readable: %s\n", rb_kmsg_reason(k));
		rb_kmsg_free(k);
		return 77;
	}
	ret = rb_kmsg_calibrate(k);
	if (ret == -EPERM || ret == -EACCES || ret == -EROFS) {
		printf("SKIP: cannot write markers to /dev/kmsg: %s\n", strerror(-ret));
		rb_kmsg_free(k);
		return 77;
	}
	T_EXPECT(ret == 0, "calibrate: %d (%s)", ret, strerror(-ret));
	m = rb_kmsg_offset(k, &off, &unc);
	T_EXPECT(!strcmp(m, "marker"), "method %s", m);
	T_EXPECT(unc > 0 && unc < 50000000, "uncertainty %lld ns", (long long)unc);
	rb_kmsg_stats(k, &st);
	T_EXPECT(st.markers == 3, "markers read back %lu", st.markers);

	/* a record written now must map to now, within the uncertainty */
	{
		struct timespec a, b;
		int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		const char line[] = "rpmsg-bench test-kmsg: mapping check\n";
		const struct rb_kmsg_event *ev;
		size_t n;
		bool found = false;

		clock_gettime(CLOCK_MONOTONIC_RAW, &a);
		if (fd < 0 || write(fd, line, sizeof(line) - 1) < 0)
			T_FAIL("write test line");
		clock_gettime(CLOCK_MONOTONIC_RAW, &b);
		if (fd >= 0)
			close(fd);
		for (int tries = 0; tries < 100 && !found; tries++) {
			rb_kmsg_drain(k, 0);
			ev = rb_kmsg_events(k, &n);
			for (size_t i = 0; i < n; i++) {
				int64_t t0 = a.tv_sec * 1000000000LL + a.tv_nsec;
				int64_t t1 = b.tv_sec * 1000000000LL + b.tv_nsec;

				if (!strstr(ev[i].text, "test-kmsg: mapping check"))
					continue;
				found = true;
				T_EXPECT(ev[i].t_ns >= t0 - unc - 1000000 &&
						 ev[i].t_ns <= t1 + unc + 1000000,
					 "mapped %lld outside [%lld, %lld] +- %lld",
					 (long long)ev[i].t_ns, (long long)t0, (long long)t1,
					 (long long)unc);
			}
			if (!found)
				usleep(2000);
		}
		T_EXPECT(found, "test line not read back");
	}
	/* a second calibration (the one after a run) */
	ret = rb_kmsg_calibrate(k);
	T_EXPECT(ret == 0, "second calibrate %d", ret);
	{
		json_t *kl = rb_kmsg_kernel_log_json(k);

		/* calibrations less than 1 s apart give no drift figure */
		T_EXPECT(kl && json_is_null(json_object_get(kl, "clock_drift_ppm")),
			 "drift in json");
		printf("offset %lld ns +- %lld ns\n", (long long)off, (long long)unc);
		json_decref(kl);
	}
	rb_kmsg_free(k);
	return 0;
}

int main(void)
{
	int real;

	test_seam();
	test_overflow_and_arrival();
	test_errors();
	test_regular_file();
	test_stall();
	real = test_real();
	if (t_failed) {
		printf("%d failure(s)\n", t_failed);
		return 1;
	}
	if (real == 77)
		return 77;
	printf("ok\n");
	return 0;
}
