/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb-bare-loop - the floor `make bench` compares rpmsg-bench with: a bare
 * write/read loop on a tty (no framing, no sequence numbers, no statistics
 * beyond a sorted array of round trips), against a peer that echoes bytes.
 *
 *   rb-bare-loop PATH closed SIZE COUNT   one message in flight; prints the
 *                                         median round trip (p50_ns)
 *   rb-bare-loop PATH flood SIZE COUNT    write until the tty refuses, read
 *                                         what came back, as rpmsg-bench --flood
 *                                         does; prints msgs_per_s
 *   rb-bare-loop PATH flood-framed SIZE COUNT
 *                                         the flood with the per-message work of
 *                                         the wire protocol and nothing else
 *                                         (flood_framed below); prints msgs_per_s
 *                                         and mean_rtt_ns
 *
 * Output: key=value lines on stdout. Exit status 0, 1 on an I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "rb_frame.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int die(const char *what)
{
	fprintf(stderr, "rb-bare-loop: %s: %s\n", what, strerror(errno));
	return 1;
}

/* Send times by sequence number: more than a flood ever has in flight on a PTY. */
#define SENT_SLOTS 65536u

/* One reply: header, payload pattern, round trip. Returns false on a bad frame. */
static bool check_reply(struct rb_hcrc *hc, const uint8_t *p, size_t size, const uint64_t *sent,
			uint64_t now, uint64_t *rtt_sum)
{
	struct rb_hdr h;

	if (rb_hdr_parse_hc(hc, p, size, &h) || RB_HDR_SIZE + (size_t)h.len != size ||
	    rb_pattern_check(p + RB_HDR_SIZE, h.len, h.seq, 0) != h.len)
		return false;
	*rtt_sum += now - sent[h.seq % SENT_SLOTS];
	return true;
}

/*
 * The flood plus the work any benchmark of this wire protocol does per
 * message, and nothing more: a frame built for each message (pattern
 * payload, header CRC), a clock read before each write() with the time kept
 * by sequence number, and after each read() a clock read and every reply's
 * header and payload checked and its round trip added up. No accounting
 * states, histograms, event engine or report: `make bench` compares
 * rpmsg-bench with this floor too, which tells the cost of the per-message
 * work from that of rpmsg-bench's own code. The peer must echo exactly.
 */
static int flood_framed(int fd, size_t size, uint64_t count)
{
	static uint8_t out[RB_MAX_FRAME], in[16384], carry[RB_MAX_FRAME];
	struct rb_hcrc tx_hc = {0}, rx_hc = {0};
	uint64_t *sent = calloc(SENT_SLOTS, sizeof(*sent));
	uint64_t seq = 0, back = 0, rtt_sum = 0, t0, t1;
	size_t done = 0; /* bytes of out written so far */
	size_t have = 0; /* bytes of a reply cut by the end of a read, in carry */

	if (!sent)
		return die("calloc");
	memset(sent, 0, SENT_SLOTS * sizeof(*sent)); /* resident before the clock starts */
	t0 = now_ns();
	while (back < count) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		while (seq < count) {
			ssize_t w;

			if (!done) {
				rb_frame_build_data_hc(&tx_hc, out, size, (uint32_t)seq, 0);
				sent[seq % SENT_SLOTS] = now_ns();
			}
			w = write(fd, out + done, size - done);
			if (w < 0 && errno == EAGAIN) {
				p.events |= POLLOUT;
				break;
			}
			if (w <= 0)
				return die("write");
			done += (size_t)w;
			if (done < size) { /* the tty took part of it */
				p.events |= POLLOUT;
				break;
			}
			done = 0;
			seq++;
		}
		if (poll(&p, 1, 1000) <= 0)
			return die("poll");
		for (;;) {
			ssize_t r = read(fd, in, sizeof(in));
			size_t off = 0, n;
			uint64_t now;

			if (r < 0 && errno == EAGAIN)
				break;
			if (r <= 0)
				return die("read");
			now = now_ns();
			n = (size_t)r;
			if (have) {
				size_t k = size - have < n ? size - have : n;

				memcpy(carry + have, in, k);
				have += k;
				off = k;
				if (have == size) {
					if (!check_reply(&rx_hc, carry, size, sent, now, &rtt_sum))
						goto bad;
					back++;
					have = 0;
				}
			}
			for (; off + size <= n; off += size, back++)
				if (!check_reply(&rx_hc, in + off, size, sent, now, &rtt_sum))
					goto bad;
			if (off < n) {
				have = n - off;
				memcpy(carry, in + off, have);
			}
		}
	}
	t1 = now_ns();
	printf("msgs_per_s=%.0f\nmean_rtt_ns=%.0f\n", (double)count * 1e9 / (double)(t1 - t0),
	       (double)rtt_sum / (double)count);
	free(sent);
	return 0;
bad:
	fprintf(stderr, "rb-bare-loop: reply %llu is not the frame sent\n",
		(unsigned long long)back);
	free(sent);
	return 1;
}

int main(int argc, char **argv)
{
	static uint8_t out[512], in[16384];
	struct termios t;
	uint64_t size, count, t0, t1;
	int fd;

	if (argc != 5 || (strcmp(argv[2], "closed") && strcmp(argv[2], "flood") &&
			  strcmp(argv[2], "flood-framed"))) {
		fprintf(stderr, "usage: rb-bare-loop PATH closed|flood|flood-framed SIZE COUNT\n");
		return 2;
	}
	size = strtoull(argv[3], NULL, 0);
	count = strtoull(argv[4], NULL, 0);
	if (size < 1 || size > sizeof(out) || count < 1)
		return 2;
	fd = open(argv[1], O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return die(argv[1]);
	if (tcgetattr(fd, &t))
		return die("tcgetattr");
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) || tcflush(fd, TCIFLUSH))
		return die("tcsetattr");
	memset(out, 0x5a, sizeof(out));
	if (!strcmp(argv[2], "flood-framed"))
		return size < RB_MIN_FRAME || size > RB_MAX_FRAME ? 2
								  : flood_framed(fd, size, count);

	if (!strcmp(argv[2], "closed")) {
		uint64_t *rtt = calloc(count, sizeof(*rtt));

		if (!rtt)
			return die("calloc");
		for (uint64_t i = 0; i < count; i++) {
			uint64_t got = 0, s = now_ns();

			if (write(fd, out, size) != (ssize_t)size)
				return die("write");
			while (got < size) {
				struct pollfd p = {.fd = fd, .events = POLLIN};
				ssize_t r;

				if (poll(&p, 1, 1000) <= 0)
					return die("poll");
				r = read(fd, in, sizeof(in));
				if (r < 0 && errno == EAGAIN)
					continue;
				if (r <= 0)
					return die("read");
				got += (uint64_t)r;
			}
			rtt[i] = now_ns() - s;
		}
		qsort(rtt, count, sizeof(*rtt), cmp_u64);
		printf("p50_ns=%llu\n", (unsigned long long)rtt[(count - 1) / 2]);
		free(rtt);
		return 0;
	}

	/* Flood: bytes, not messages, are what the loop keeps count of. */
	{
		uint64_t total = size * count, sent = 0, back = 0;

		t0 = now_ns();
		while (back < total) {
			struct pollfd p = {.fd = fd, .events = POLLIN};
			ssize_t r;

			while (sent < total) {
				uint64_t n = total - sent < size ? total - sent : size;
				ssize_t w = write(fd, out, n);

				if (w < 0 && errno == EAGAIN) {
					p.events |= POLLOUT;
					break;
				}
				if (w <= 0)
					return die("write");
				sent += (uint64_t)w;
			}
			if (poll(&p, 1, 1000) <= 0)
				return die("poll");
			for (;;) {
				r = read(fd, in, sizeof(in));
				if (r < 0 && errno == EAGAIN)
					break;
				if (r <= 0)
					return die("read");
				back += (uint64_t)r;
			}
		}
		t1 = now_ns();
		printf("msgs_per_s=%.0f\n", (double)count * 1e9 / (double)(t1 - t0));
	}
	return 0;
}
