/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-host.c - the rb-fw-host program: --channels (custom names,
 * addresses, kinds, an unannounced address), link reset by Linux (status 0)
 * and a new probe, link-up by the first kick without DRIVER_OK (legacy BSP),
 * --timeout with --stats-out, --ns-reannounce-ms (the second name-service
 * round, off by default), and start-up errors (exit status 1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "fwtest.h"

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void echo_on(struct t_fw *f, uint32_t addr, const char *s)
{
	struct lm_msg msg;

	t_check(!lm_send(&f->lm, T_SRC, addr, s, strlen(s)), "send to %u", addr);
	t_recv(f, &msg, 2000);
	t_check(msg.src == addr && msg.len == strlen(s) && !memcmp(msg.data, s, msg.len),
		"echo on %u", addr);
}

static void wait_ns(struct t_fw *f, uint32_t n)
{
	struct lm_msg msg;

	for (int i = 0; i < 300 && f->lm.nns < n; i++)
		lm_recv(&f->lm, &msg, 10);
	t_check(f->lm.nns == n, "%u announcements, want %u", f->lm.nns, n);
}

static int run(const char *args)
{
	const char *build = getenv("RB_BUILD");
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd), "%s/bin/rb-fw-host %s >/dev/null 2>&1",
		 build ? build : "build/rel", args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
	static const char *const extra[] = {"--channels", "foo:50:msg,bar:51:tty,-:60:msg",
					    "--ns-reannounce-ms", "1000", NULL};
	struct rb_stats st;
	struct t_fw f;
	char args[256];

	uint64_t t0 = mono_ms();

	t_fw_start(&f, 0, false, extra);
	wait_ns(&f, 2);
	t_check(lm_ns_find(&f.lm, "foo") == 50 && lm_ns_find(&f.lm, "bar") == 51, "custom names");
	t_check(lm_ns_find(&f.lm, RB_CHAN_RAW_NAME) == -ENOENT, "default channel announced");
	echo_on(&f, 50, "message channel");
	/* 1 s after link-up only the channels Linux has not used are announced again. */
	if (mono_ms() - t0 < 800) {
		wait_ns(&f, 3);
		t_check(f.lm.ns[2].addr == 51 && !strcmp(f.lm.ns[2].name, "bar"),
			"re-announced %s@%u, want bar@51", f.lm.ns[2].name, f.lm.ns[2].addr);
		t_expect_silence(&f, 100);
		t_check(f.lm.nns == 3, "foo re-announced after it was used");
	} else {
		printf("start took %llu ms: re-announcement check skipped\n",
		       (unsigned long long)(mono_ms() - t0));
	}
	echo_on(&f, 60, "unannounced endpoint");
	echo_on(&f, 51, "tty channel");

	/* Linux resets the device (rproc_virtio_reset) and probes again. */
	lm_reset(&f.lm);
	t_expect_silence(&f, 50);
	lm_start(&f.lm);
	wait_ns(&f, 2);
	echo_on(&f, 50, "after a reset");

	/* Legacy BSP: no status byte, link-up by the first kick. */
	lm_reset(&f.lm);
	t_expect_silence(&f, 50);
	f.lm.cfg.no_status = true;
	lm_start(&f.lm);
	wait_ns(&f, 2);
	echo_on(&f, 51, "linked by kick");
	t_fw_stop(&f, &st);
	/* 5 echoes + 2 announcements per link (3 links) + up to 2 re-announced per link */
	t_check(st.rx_msgs == 5 && st.tx_msgs >= 5 + 6 && st.tx_msgs <= 5 + 12,
		"stats-out rx %llu tx %llu", (unsigned long long)st.rx_msgs,
		(unsigned long long)st.tx_msgs);

	/* Start-up errors and --timeout. */
	t_check(run("") == 1, "no arguments must fail");
	t_check(run("--shm /nonexistent/rb-shm") == 1, "missing file must fail");
	snprintf(args, sizeof(args), "--shm %s --ctrl-pa 0 --channels foo", f.shm);
	t_check(run(args) == 1, "bad --channels must fail");
	t_check(run("--shm /dev/null --bogus") == 1, "unknown option must fail");
	t_check(run("--shm /dev/null --ns-reannounce-ms 1x") == 1, "bad --ns-reannounce-ms must fail");
	{
		FILE *fp = fopen(f.shm, "w");

		t_check(fp && ftruncate(fileno(fp), T_SHM_SIZE) == 0, "shm");
		fclose(fp);
	}
	snprintf(args, sizeof(args), "--shm %s --ctrl-pa 0x100000", f.shm);
	t_check(run(args) == 1, "control block outside the file must fail");
	snprintf(args, sizeof(args), "--shm %s --ctrl-pa 0 --timeout 1 --stats-out %s --quiet",
		 f.shm, f.stats);
	t_check(run(args) == 0, "--timeout must end with status 0");
	{
		FILE *fp = fopen(f.stats, "r");
		char line[64];

		t_check(fp && fgets(line, sizeof(line), fp) && !strcmp(line, "rx_msgs 0\n"),
			"stats file after --timeout");
		fclose(fp);
	}
	unlink(f.shm);
	unlink(f.stats);
	printf("PASS\n");
	return 0;
}
