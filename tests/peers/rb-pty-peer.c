/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb-pty-peer - an echo peer on a pseudo-terminal, standing in for the echo
 * firmware behind an rpmsg tty (the PTY test tier).
 *
 * It creates a PTY pair, prints the slave path on the first line of stdout,
 * and echoes what the benchmark writes to the slave:
 *   --protocol generic      every byte verbatim (like rpmsg_lite_str_echo);
 *   --protocol rpmsg-bench  frame by frame, answering the control frames of
 *                           rb_proto.h the way the firmware does, with fault
 *                           injection on data frames.
 *
 * Every fault it injects is counted; at exit (SIGTERM, SIGINT, --close-after,
 * --timeout) it writes its counters as key=value lines to --counters FILE so
 * that tests can compare exact counts with the benchmark's report.
 *
 * The peer keeps its own slave fd open for its whole life: otherwise reads on
 * the master return EIO whenever the benchmark has the slave closed
 * (drivers/tty/pty.c: the master sees a hangup when the last slave closes).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "rb_frame.h"
#include "rb_proto.h"

#define OUT_CAP	    (256u * 1024u) /* bytes queued towards the benchmark */
#define DELAY_SLOTS 1024u	   /* delayed replies held at once */

struct delayed {
	uint64_t due_ns;
	uint16_t n;
	uint8_t frame[RB_MAX_FRAME];
};

struct peer {
	/* Options. */
	bool generic;
	uint32_t drop_every, dup_every, corrupt_every, reorder_every;
	uint32_t delay_every, delay_ms;
	uint32_t stall_every, stall_ms;
	uint32_t garbage_every, garbage_len;
	uint64_t close_after;
	bool hello, mute, garbage_only;
	double timeout_s;
	const char *counters_path;

	/* State. */
	int master, slave;
	struct rb_deframer df;
	uint64_t k; /* data frames received since start or the last RB_T_FAULT */
	uint8_t *out;
	size_t out_len;
	bool hello_sent;
	bool held_valid;
	uint16_t held_n;
	uint8_t held[RB_MAX_FRAME];
	uint64_t held_due_ns;
	struct delayed *delay;
	unsigned delay_head, delay_count;
	uint32_t lcg;

	/* Counters, written at exit. */
	uint64_t rx_bytes, tx_bytes, data_frames, ctrl_frames, raw_bytes, echoed;
	uint64_t dropped, duplicated, corrupted, reordered, delayed, stalls;
	uint64_t garbage_injections, garbage_bytes, hello_bytes, muted;
	bool closed;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "rb-pty-peer: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rb-pty-peer [OPTIONS]\n"
		"Creates a PTY pair, prints the slave path, echoes what arrives on it.\n"
		"  --protocol generic|rpmsg-bench  byte echo or frame echo (default rpmsg-bench)\n"
		"  --drop-every N      drop every Nth data frame\n"
		"  --dup-every N       echo every Nth data frame twice\n"
		"  --corrupt-every N   invert payload byte 0 of every Nth data frame\n"
		"  --reorder-every N   send every Nth data frame after the next one\n"
		"  --delay-every N --delay-ms M   hold every Nth reply for M ms\n"
		"  --stall-every N --stall-ms M   after every Nth frame, stop for M ms\n"
		"  --garbage-every N --garbage-len B  write B junk bytes before every Nth reply\n"
		"  --hello             send \"hello world!\" before the first reply (NXP tty "
		"probe)\n"
		"  --close-after N     close the PTY after N data frames and exit\n"
		"  --mute              never answer anything\n"
		"  --garbage-only      answer every chunk with junk of the same length\n"
		"  --timeout S         exit after S seconds\n"
		"  --counters FILE     write key=value counters to FILE at exit\n");
}

/* Junk bytes that never contain the first magic byte, so they cannot start a frame. */
static uint8_t junk_byte(struct peer *p)
{
	uint8_t b;

	p->lcg = p->lcg * 1103515245u + 12345u;
	b = (uint8_t)(p->lcg >> 16);
	return b == RB_MAGIC0 ? 0x5a : b;
}

static void out_put(struct peer *p, const void *b, size_t n)
{
	if (p->out_len + n > OUT_CAP) {
		/* The benchmark stopped reading; the tty layer would drop too. */
		fprintf(stderr, "rb-pty-peer: output queue full, exiting\n");
		stop = 1;
		return;
	}
	memcpy(p->out + p->out_len, b, n);
	p->out_len += n;
}

static void out_junk(struct peer *p, size_t n)
{
	uint8_t b[512];

	while (n) {
		size_t c = n < sizeof(b) ? n : sizeof(b);

		for (size_t i = 0; i < c; i++)
			b[i] = junk_byte(p);
		out_put(p, b, c);
		n -= c;
	}
}

static void flush_out(struct peer *p)
{
	while (p->out_len) {
		ssize_t w = write(p->master, p->out, p->out_len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return;
			die("write master");
		}
		p->tx_bytes += (uint64_t)w;
		memmove(p->out, p->out + w, p->out_len - (size_t)w);
		p->out_len -= (size_t)w;
	}
}

static void send_reply(struct peer *p, const uint8_t *f, size_t n)
{
	if (p->garbage_every && p->k % p->garbage_every == 0) {
		out_junk(p, p->garbage_len);
		p->garbage_injections++;
		p->garbage_bytes += p->garbage_len;
	}
	out_put(p, f, n);
	p->echoed++;
	/* A held (reordered) frame goes out right after a later one. */
	if (p->held_valid) {
		out_put(p, p->held, p->held_n);
		p->held_valid = false;
		p->reordered++;
		p->echoed++;
	}
}

static void ctrl_reply(struct peer *p, const struct rb_hdr *h, uint8_t type, const void *pl,
		       uint16_t len)
{
	uint8_t f[RB_MAX_FRAME];
	size_t n = rb_frame_build_ctrl(f, type, h->seq, pl, len);

	out_put(p, f, n);
}

static void status_reply(struct peer *p, const struct rb_hdr *h, int32_t st)
{
	struct rb_status s = {.status = st, .req_type = h->type};

	ctrl_reply(p, h, st ? RB_T_ERROR : (uint8_t)(h->type | RB_T_REPLY), &s, sizeof(s));
}

static void handle_ctrl(struct peer *p, const uint8_t *f, const struct rb_hdr *h)
{
	const uint8_t *pl = f + RB_HDR_SIZE;

	p->ctrl_frames++;
	if (rb_frame_parse(f, RB_HDR_SIZE + h->len, (struct rb_hdr[1]){{0}})) {
		status_reply(p, h, -EBADMSG);
		return;
	}
	switch (h->type) {
	case RB_T_INFO: {
		struct rb_info in = {
			.proto_version = RB_VERSION,
			.fw_version = (1u << 16),
			.ts_source = RB_TS_NONE,
			.num_channels = 1,
			.buf_size = 512,
			.max_payload = RB_RPMSG_MTU,
		};

		snprintf(in.build_id, sizeof(in.build_id), "pty-peer");
		snprintf(in.board, sizeof(in.board), "pty-peer");
		ctrl_reply(p, h, RB_T_INFO | RB_T_REPLY, &in, sizeof(in));
		break;
	}
	case RB_T_STATS: {
		struct rb_stats st = {
			.rx_msgs = p->data_frames + p->ctrl_frames,
			.tx_msgs = p->echoed,
			.rx_bytes = p->rx_bytes,
			.tx_bytes = p->tx_bytes,
			.data_frames = p->data_frames,
			.ctrl_frames = p->ctrl_frames,
			.raw_bytes = p->raw_bytes,
			.injected_drop = p->dropped,
			.injected_dup = p->duplicated,
			.injected_corrupt = p->corrupted,
		};

		ctrl_reply(p, h, RB_T_STATS | RB_T_REPLY, &st, sizeof(st));
		break;
	}
	case RB_T_STATS_RESET:
		status_reply(p, h, 0);
		break;
	case RB_T_PING:
		ctrl_reply(p, h, RB_T_PING | RB_T_REPLY, pl, h->len);
		break;
	case RB_T_MODE: {
		struct rb_mode m;

		if (h->len < sizeof(m)) {
			status_reply(p, h, -EINVAL);
			break;
		}
		memcpy(&m, pl, sizeof(m));
		status_reply(p, h, m.mode == RB_MODE_ECHO ? 0 : -EOPNOTSUPP);
		break;
	}
	case RB_T_FAULT: {
		struct rb_fault fl;

		if (h->len < sizeof(fl)) {
			status_reply(p, h, -EINVAL);
			break;
		}
		memcpy(&fl, pl, sizeof(fl));
		p->drop_every = fl.drop_every;
		p->dup_every = fl.dup_every;
		p->corrupt_every = fl.corrupt_every;
		p->mute = fl.mute != 0;
		p->k = 0;
		status_reply(p, h, 0);
		if (fl.stall_ms) {
			flush_out(p);
			usleep(fl.stall_ms * 1000u);
			p->stalls++;
		}
		break;
	}
	default:
		status_reply(p, h, -EOPNOTSUPP);
		break;
	}
}

static void handle_data(struct peer *p, uint8_t *f, size_t n)
{
	p->data_frames++;
	p->k++;
	if (p->close_after && p->data_frames > p->close_after) {
		p->closed = true;
		stop = 1;
		return;
	}
	if (p->hello && !p->hello_sent) {
		out_put(p, "hello world!", 12);
		p->hello_bytes = 12;
		p->hello_sent = true;
	}
	if (p->drop_every && p->k % p->drop_every == 0) {
		p->dropped++;
		goto after;
	}
	if (p->corrupt_every && p->k % p->corrupt_every == 0 && n > RB_HDR_SIZE) {
		f[RB_HDR_SIZE] ^= 0xff;
		p->corrupted++;
	}
	if (p->delay_every && p->k % p->delay_every == 0) {
		if (p->delay_count < DELAY_SLOTS) {
			struct delayed *d =
				&p->delay[(p->delay_head + p->delay_count) % DELAY_SLOTS];

			d->due_ns = now_ns() + (uint64_t)p->delay_ms * 1000000ull;
			d->n = (uint16_t)n;
			memcpy(d->frame, f, n);
			p->delay_count++;
			p->delayed++;
			goto after;
		}
	}
	if (p->reorder_every && p->k % p->reorder_every == 0 && !p->held_valid) {
		memcpy(p->held, f, n);
		p->held_n = (uint16_t)n;
		p->held_valid = true;
		/* Released after the next reply, or alone after 200 ms (not reordered then). */
		p->held_due_ns = now_ns() + 200000000ull;
		goto after;
	}
	send_reply(p, f, n);
	if (p->dup_every && p->k % p->dup_every == 0) {
		out_put(p, f, n);
		p->duplicated++;
		p->echoed++;
	}
after:
	if (p->stall_every && p->k % p->stall_every == 0) {
		flush_out(p);
		usleep(p->stall_ms * 1000u);
		p->stalls++;
	}
}

static void handle_input(struct peer *p, uint8_t *b, size_t n)
{
	struct rb_item it;

	p->rx_bytes += n;
	if (p->mute) {
		p->muted += n;
		return;
	}
	if (p->garbage_only) {
		out_junk(p, n);
		p->garbage_bytes += n;
		return;
	}
	if (p->generic) {
		out_put(p, b, n);
		return;
	}
	while (n) {
		size_t took = rb_deframer_push(&p->df, b, n);

		b += took;
		n -= took;
		while (rb_deframer_next(&p->df, &it) != RB_ITEM_NONE) {
			if (it.kind == RB_ITEM_RAW) {
				/* Not a frame: echo as is, like a firmware in generic mode. */
				p->raw_bytes += it.n;
				out_put(p, it.p, it.n);
				continue;
			}
			if (it.hdr.type == RB_T_DATA)
				handle_data(p, (uint8_t *)it.p, it.n);
			else
				handle_ctrl(p, it.p, &it.hdr);
			if (stop)
				return;
		}
	}
}

static void release_due(struct peer *p, uint64_t t)
{
	while (p->delay_count && p->delay[p->delay_head].due_ns <= t) {
		struct delayed *d = &p->delay[p->delay_head];

		out_put(p, d->frame, d->n);
		p->echoed++;
		p->delay_head = (p->delay_head + 1) % DELAY_SLOTS;
		p->delay_count--;
	}
	if (p->held_valid && p->held_due_ns <= t) {
		out_put(p, p->held, p->held_n);
		p->held_valid = false;
		p->echoed++;
	}
}

static int next_timeout_ms(const struct peer *p, uint64_t t, uint64_t end)
{
	uint64_t due = end;

	if (p->delay_count && p->delay[p->delay_head].due_ns < due)
		due = p->delay[p->delay_head].due_ns;
	if (p->held_valid && p->held_due_ns < due)
		due = p->held_due_ns;
	if (due == UINT64_MAX)
		return -1;
	return due <= t ? 0 : (int)((due - t + 999999) / 1000000);
}

static void write_counters(const struct peer *p)
{
	FILE *f;

	if (!p->counters_path)
		return;
	f = fopen(p->counters_path, "w");
	if (!f) {
		fprintf(stderr, "rb-pty-peer: %s: %s\n", p->counters_path, strerror(errno));
		return;
	}
	fprintf(f,
		"rx_bytes=%llu\ntx_bytes=%llu\ndata_frames=%llu\nctrl_frames=%llu\n"
		"raw_bytes=%llu\nechoed=%llu\ndropped=%llu\nduplicated=%llu\ncorrupted=%llu\n"
		"reordered=%llu\ndelayed=%llu\nstalls=%llu\ngarbage_injections=%llu\n"
		"garbage_bytes=%llu\nhello_bytes=%llu\nmuted_bytes=%llu\nclosed=%d\n",
		(unsigned long long)p->rx_bytes, (unsigned long long)p->tx_bytes,
		(unsigned long long)p->data_frames, (unsigned long long)p->ctrl_frames,
		(unsigned long long)p->raw_bytes, (unsigned long long)p->echoed,
		(unsigned long long)p->dropped, (unsigned long long)p->duplicated,
		(unsigned long long)p->corrupted, (unsigned long long)p->reordered,
		(unsigned long long)p->delayed, (unsigned long long)p->stalls,
		(unsigned long long)p->garbage_injections, (unsigned long long)p->garbage_bytes,
		(unsigned long long)p->hello_bytes, (unsigned long long)p->muted, p->closed);
	fclose(f);
}

static uint32_t arg_u32(const char *s, const char *name)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v > UINT32_MAX) {
		fprintf(stderr, "rb-pty-peer: %s: not a number: %s\n", name, s);
		exit(2);
	}
	return (uint32_t)v;
}

static void open_pty(struct peer *p)
{
	struct termios t;
	const char *name;

	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (p->master < 0)
		die("posix_openpt");
	if (grantpt(p->master) || unlockpt(p->master))
		die("grantpt/unlockpt");
	name = ptsname(p->master);
	if (!name)
		die("ptsname");
	p->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0)
		die("open slave");
	/* Raw from the start, so bytes echoed before the benchmark sets its mode are not mangled.
	 */
	if (tcgetattr(p->slave, &t))
		die("tcgetattr");
	cfmakeraw(&t);
	if (tcsetattr(p->slave, TCSANOW, &t))
		die("tcsetattr");
	printf("%s\n", name);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"protocol", required_argument, NULL, 'P'},
		{"drop-every", required_argument, NULL, 'd'},
		{"dup-every", required_argument, NULL, 'u'},
		{"corrupt-every", required_argument, NULL, 'c'},
		{"reorder-every", required_argument, NULL, 'r'},
		{"delay-every", required_argument, NULL, 'y'},
		{"delay-ms", required_argument, NULL, 'Y'},
		{"stall-every", required_argument, NULL, 's'},
		{"stall-ms", required_argument, NULL, 'S'},
		{"garbage-every", required_argument, NULL, 'g'},
		{"garbage-len", required_argument, NULL, 'G'},
		{"hello", no_argument, NULL, 'H'},
		{"close-after", required_argument, NULL, 'C'},
		{"mute", no_argument, NULL, 'm'},
		{"garbage-only", no_argument, NULL, 'j'},
		{"timeout", required_argument, NULL, 't'},
		{"counters", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct peer p = {.lcg = 12345u, .garbage_len = 7};
	struct sigaction sa = {.sa_handler = on_signal};
	uint8_t buf[4096];
	uint64_t end = UINT64_MAX;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			if (!strcmp(optarg, "generic"))
				p.generic = true;
			else if (strcmp(optarg, "rpmsg-bench")) {
				fprintf(stderr, "rb-pty-peer: unknown protocol %s\n", optarg);
				return 2;
			}
			break;
		case 'd':
			p.drop_every = arg_u32(optarg, "--drop-every");
			break;
		case 'u':
			p.dup_every = arg_u32(optarg, "--dup-every");
			break;
		case 'c':
			p.corrupt_every = arg_u32(optarg, "--corrupt-every");
			break;
		case 'r':
			p.reorder_every = arg_u32(optarg, "--reorder-every");
			break;
		case 'y':
			p.delay_every = arg_u32(optarg, "--delay-every");
			break;
		case 'Y':
			p.delay_ms = arg_u32(optarg, "--delay-ms");
			break;
		case 's':
			p.stall_every = arg_u32(optarg, "--stall-every");
			break;
		case 'S':
			p.stall_ms = arg_u32(optarg, "--stall-ms");
			break;
		case 'g':
			p.garbage_every = arg_u32(optarg, "--garbage-every");
			break;
		case 'G':
			p.garbage_len = arg_u32(optarg, "--garbage-len");
			break;
		case 'H':
			p.hello = true;
			break;
		case 'C':
			p.close_after = arg_u32(optarg, "--close-after");
			break;
		case 'm':
			p.mute = true;
			break;
		case 'j':
			p.garbage_only = true;
			break;
		case 't':
			p.timeout_s = strtod(optarg, NULL);
			break;
		case 'o':
			p.counters_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || p.garbage_len > 4096) {
		usage(stderr);
		return 2;
	}

	p.out = malloc(OUT_CAP);
	p.delay = calloc(DELAY_SLOTS, sizeof(*p.delay));
	if (!p.out || !p.delay)
		die("malloc");
	rb_deframer_init(&p.df);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	open_pty(&p);
	if (p.timeout_s > 0)
		end = now_ns() + (uint64_t)(p.timeout_s * 1e9);

	while (!stop) {
		struct pollfd pfd = {.fd = p.master, .events = POLLIN};
		uint64_t t = now_ns();
		int r;

		if (t >= end)
			break;
		release_due(&p, t);
		flush_out(&p);
		if (p.out_len)
			pfd.events = POLLOUT; /* back-pressure: stop reading until it drains */
		r = poll(&pfd, 1, next_timeout_ms(&p, t, end));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (r == 0 || !(pfd.revents & POLLIN))
			continue;
		for (;;) {
			ssize_t n = read(p.master, buf, sizeof(buf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				break;
			if (n < 0)
				die("read master");
			if (n == 0)
				break;
			handle_input(&p, buf, (size_t)n);
			if (stop || p.out_len > OUT_CAP / 2)
				break;
		}
	}
	if (!p.closed)
		flush_out(&p);
	close(p.master);
	close(p.slave);
	write_counters(&p);
	free(p.out);
	free(p.delay);
	return 0;
}
