/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - rb-fw-host: the echo firmware as a Linux process.
 *
 * rb-fw-host --shm FILE [--base-pa ADDR] [--ctrl-pa ADDR] [--channels LIST]
 *            [--timeout S] [--stats-out FILE] [--ns-reannounce-ms MS] [--quiet]
 *
 * LIST is comma-separated NAME:ADDR:KIND, KIND "tty" (byte stream) or "msg"
 * (one message per rpmsg message); NAME "-" serves ADDR without announcing it.
 * Default: the config.h list (rpmsg-virtual-tty-channel-1:30:tty,
 * rpmsg-tty:31:tty, rpmsg-raw:32:msg, -:40:msg).
 *
 * Exit status: 0 on SIGTERM/SIGINT or --timeout, 1 on a start-up error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "port.h"
#include "rb_fw.h"
#include "rb_host.h"
#include "rb_shm.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: rb-fw-host --shm FILE [--base-pa ADDR] [--ctrl-pa ADDR]\n"
		   "                  [--channels NAME:ADDR:tty|msg,...] [--timeout S]\n"
		   "                  [--stats-out FILE] [--ns-reannounce-ms MS] [--quiet]\n");
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -EINVAL : 0;
}

static struct rb_channel chans[RB_CFG_MAX_CHANNELS];
static char chan_names[RB_CFG_MAX_CHANNELS][RB_RPMSG_NS_NAME_SIZE];

/* Parse --channels into chans[]; returns the count or -EINVAL. */
static int parse_channels(char *list)
{
	int n = 0;

	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *a = strchr(tok, ':'), *k;
		uint64_t addr;

		if (!a || n >= (int)RB_CFG_MAX_CHANNELS)
			return -EINVAL;
		*a++ = '\0';
		k = strchr(a, ':');
		if (!k)
			return -EINVAL;
		*k++ = '\0';
		if (parse_u64(a, &addr) || addr > UINT32_MAX ||
		    strlen(tok) >= RB_RPMSG_NS_NAME_SIZE)
			return -EINVAL;
		if (strcmp(k, "tty") && strcmp(k, "msg"))
			return -EINVAL;
		snprintf(chan_names[n], sizeof(chan_names[n]), "%s", tok);
		chans[n].name = chan_names[n];
		chans[n].addr = (uint32_t)addr;
		chans[n].kind = strcmp(k, "tty") ? RB_CH_MSG : RB_CH_STREAM;
		chans[n].announce = strcmp(tok, "-") != 0;
		n++;
	}
	return n;
}

static int write_stats(const char *path, const struct rb_stats *s)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
#define W(field) fprintf(f, "%s %" PRIu64 "\n", #field, (uint64_t)s->field)
	W(rx_msgs);
	W(tx_msgs);
	W(rx_bytes);
	W(tx_bytes);
	W(data_frames);
	W(ctrl_frames);
	W(raw_bytes);
	W(no_tx_buf);
	W(malformed);
	W(bad_desc);
	W(kicks_rx);
	W(notify_tx);
	W(injected_drop);
	W(injected_dup);
	W(injected_corrupt);
	W(worst_kick_ticks);
#undef W
	fprintf(f, "ts_hz %u\nlink_up %d\n", port_ticks_hz(), rb_fw_link_up());
	return fclose(f) ? -errno : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"shm", required_argument, NULL, 's'},
		{"base-pa", required_argument, NULL, 'b'},
		{"ctrl-pa", required_argument, NULL, 'c'},
		{"channels", required_argument, NULL, 'C'},
		{"timeout", required_argument, NULL, 't'},
		{"stats-out", required_argument, NULL, 'o'},
		{"ns-reannounce-ms", required_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *shm = NULL, *stats_out = NULL;
	uint64_t base_pa = 0, ctrl_pa = RB_SHM_CTRL_PA, timeout_s = 0, end_ns = 0, ns_ms = 0;
	const struct rb_channel *ch = NULL;
	uint32_t nch = 0;
	bool quiet = false;
	struct sigaction sa;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			shm = optarg;
			break;
		case 'b':
		case 'c':
		case 't':
			if (parse_u64(optarg, c == 'b'	 ? &base_pa
					      : c == 'c' ? &ctrl_pa
							 : &timeout_s)) {
				fprintf(stderr, "rb-fw-host: bad number '%s'\n", optarg);
				return 1;
			}
			break;
		case 'C':
			ret = parse_channels(optarg);
			if (ret <= 0) {
				fprintf(stderr, "rb-fw-host: bad --channels list\n");
				return 1;
			}
			ch = chans;
			nch = (uint32_t)ret;
			break;
		case 'n':
			/* Second name-service announcement (config.h RB_CFG_NS_REANNOUNCE_MS). */
			if (parse_u64(optarg, &ns_ms) || ns_ms > 3600000u) {
				fprintf(stderr, "rb-fw-host: bad --ns-reannounce-ms '%s'\n", optarg);
				return 1;
			}
			rb_echo_ns_reannounce_ms = (uint32_t)ns_ms;
			break;
		case 'o':
			stats_out = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (!shm || optind != argc) {
		usage(stderr);
		return 1;
	}
	ret = rb_host_map(shm, base_pa, ctrl_pa);
	if (ret) {
		fprintf(stderr, "rb-fw-host: %s: %s\n", shm, strerror(-ret));
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ret = rb_fw_init(ch, nch);
	if (!ret)
		ret = port_init();
	if (ret) {
		fprintf(stderr, "rb-fw-host: init: %s\n", strerror(-ret));
		rb_host_unmap();
		return 1;
	}
	if (!quiet)
		fprintf(stderr, "rb-fw-host: ready (pid %d)\n", (int)getpid());
	if (timeout_s)
		end_ns = port_ticks() + timeout_s * 1000000000u;
	while (!stop && (!end_ns || port_ticks() < end_ns))
		if (!rb_fw_poll())
			port_wait_event(rb_fw_next_wait_us());
	if (stats_out && write_stats(stats_out, rb_fw_stats()))
		fprintf(stderr, "rb-fw-host: %s: cannot write stats\n", stats_out);
	if (!quiet) {
		const struct rb_stats *s = rb_fw_stats();

		fprintf(stderr,
			"rb-fw-host: rx %" PRIu64 " tx %" PRIu64 " bad_desc %" PRIu64
			" malformed %" PRIu64 "\n",
			s->rx_msgs, s->tx_msgs, s->bad_desc, s->malformed);
	}
	rb_host_unmap();
	return 0;
}
