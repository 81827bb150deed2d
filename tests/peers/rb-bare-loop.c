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
 *
 * Output: key=value lines on stdout. Exit status 0, 1 on an I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	static uint8_t out[512], in[16384];
	struct termios t;
	uint64_t size, count, t0, t1;
	int fd;

	if (argc != 5 || (strcmp(argv[2], "closed") && strcmp(argv[2], "flood"))) {
		fprintf(stderr, "usage: rb-bare-loop PATH closed|flood SIZE COUNT\n");
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
