/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fwtest.c - helpers of the firmware tests (see fwtest.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fwtest.h"

static void t_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* The remote of the running test, so a failing check (which exits) still stops it and removes
 * its files. */
static struct t_fw *t_fw_running;

static void t_fw_cleanup(void)
{
	struct t_fw *f = t_fw_running;

	if (!f)
		return;
	t_fw_running = NULL;
	if (f->pid > 0) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, NULL, 0);
	}
	unlink(f->shm);
	unlink(f->stats);
}

void t_fw_start(struct t_fw *f, uint64_t base_pa, bool want_ns, const char *const *extra)
{
	static bool registered;

	const char *build = getenv("RB_BUILD");
	char prog[512], base[32], ctrl[32];
	const char *argv[32];
	struct lm_config cfg;
	int fd, n = 0, ret;

	memset(f, 0, sizeof(*f));
	if (!registered) {
		atexit(t_fw_cleanup);
		registered = true;
	}
	t_fw_running = f;
	snprintf(f->shm, sizeof(f->shm), "/dev/shm/rb-fwtest-%d", (int)getpid());
	snprintf(f->stats, sizeof(f->stats), "%s.stats", f->shm);
	fd = open(f->shm, O_RDWR | O_CREAT | O_TRUNC, 0600);
	t_check(fd >= 0 && ftruncate(fd, T_SHM_SIZE) == 0, "create %s: %s", f->shm,
		strerror(errno));
	close(fd);
	unlink(f->stats);
	snprintf(prog, sizeof(prog), "%s/bin/rb-fw-host", build ? build : "build/rel");
	snprintf(base, sizeof(base), "0x%" PRIx64, base_pa);
	snprintf(ctrl, sizeof(ctrl), "0x%" PRIx64, base_pa);
	argv[n++] = prog;
	argv[n++] = "--shm";
	argv[n++] = f->shm;
	argv[n++] = "--base-pa";
	argv[n++] = base;
	argv[n++] = "--ctrl-pa";
	argv[n++] = ctrl;
	argv[n++] = "--stats-out";
	argv[n++] = f->stats;
	argv[n++] = "--quiet";
	argv[n++] = "--timeout";
	argv[n++] = "170";
	for (; extra && *extra && n < 30; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	f->pid = fork();
	t_check(f->pid >= 0, "fork: %s", strerror(errno));
	if (f->pid == 0) {
		execv(prog, (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	lm_config_default(&cfg, f->shm, base_pa);
	ret = lm_open(&f->lm, &cfg);
	t_check(!ret, "lm_open: %d", ret);
	ret = lm_wait_ready(&f->lm, 10000);
	t_check(!ret, "remote not ready: %d", ret);
	ret = lm_start(&f->lm);
	t_check(!ret, "lm_start: %d", ret);
	if (want_ns) {
		struct lm_msg msg;

		for (int i = 0; i < 500 && f->lm.nns < 3; i++)
			lm_recv(&f->lm, &msg, 10);
		t_check(f->lm.nns >= 3, "only %u announcements", f->lm.nns);
		/* No second round by default (config.h RB_CFG_NS_REANNOUNCE_MS 0). */
	}
}

static void read_stats(const char *path, struct rb_stats *st)
{
	FILE *fp = fopen(path, "r");
	char key[64];
	uint64_t v;

	t_check(fp, "no stats file %s", path);
	memset(st, 0, sizeof(*st));
	while (fscanf(fp, "%63s %" SCNu64, key, &v) == 2) {
#define K(field)                                                                                   \
	if (!strcmp(key, #field))                                                                  \
		st->field = v;
		K(rx_msgs)
		K(tx_msgs)
		K(rx_bytes)
		K(tx_bytes) K(data_frames) K(ctrl_frames) K(raw_bytes) K(no_tx_buf) K(malformed)
			K(bad_desc) K(kicks_rx) K(notify_tx) K(injected_drop) K(injected_dup)
				K(injected_corrupt) K(worst_kick_ticks)
#undef K
	}
	fclose(fp);
}

void t_fw_stop(struct t_fw *f, struct rb_stats *st)
{
	int status = 0;

	kill(f->pid, SIGTERM);
	t_check(waitpid(f->pid, &status, 0) == f->pid, "waitpid");
	f->pid = 0;
	t_check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "rb-fw-host status 0x%x", status);
	if (st)
		read_stats(f->stats, st);
	lm_close(&f->lm);
	unlink(f->shm);
	unlink(f->stats);
	t_fw_running = NULL;
}

void t_send(struct t_fw *f, uint32_t dst, const uint8_t *frame, size_t n)
{
	for (int i = 0; i < 5000; i++) {
		int ret = lm_send(&f->lm, T_SRC, dst, frame, n);

		if (!ret)
			return;
		t_check(ret == -EAGAIN, "lm_send: %d", ret);
		t_sleep_ms(1);
	}
	t_fail("no TX buffer for 5 s");
}

void t_recv(struct t_fw *f, struct lm_msg *msg, int timeout_ms)
{
	t_check(lm_recv(&f->lm, msg, timeout_ms) == 1, "no message within %d ms", timeout_ms);
}

void t_ctrl(struct t_fw *f, uint32_t dst, uint8_t type, const void *payload, uint16_t len,
	    uint8_t reply_type, void *out, uint16_t out_len)
{
	uint8_t buf[RB_MAX_FRAME];
	uint32_t seq = ++f->seq;
	struct lm_msg msg;
	struct rb_hdr h;
	size_t n = rb_frame_build_ctrl(buf, type, seq, payload, len);
	int ret;

	t_send(f, dst, buf, n);
	t_recv(f, &msg, 2000);
	t_check(msg.dst == T_SRC && msg.src == dst, "reply from %u to %u", msg.src, msg.dst);
	ret = rb_frame_parse(msg.data, msg.len, &h);
	t_check(!ret, "reply to type 0x%x does not parse: %d", type, ret);
	t_check(h.type == reply_type && h.seq == seq, "reply type 0x%x seq %u, want 0x%x seq %u",
		h.type, h.seq, reply_type, seq);
	t_check(h.flags & RB_F_PCHECK, "control reply without RB_F_PCHECK");
	t_check(h.len == out_len, "reply payload %u bytes, want %u", h.len, out_len);
	if (out_len)
		memcpy(out, msg.data + RB_HDR_SIZE, out_len);
}

void t_stats(struct t_fw *f, uint32_t dst, struct rb_stats *st)
{
	t_ctrl(f, dst, RB_T_STATS, NULL, 0, RB_T_STATS | RB_T_REPLY, st, sizeof(*st));
}

void t_expect_silence(struct t_fw *f, int ms)
{
	struct lm_msg msg;

	t_check(lm_recv(&f->lm, &msg, ms) == 0, "unexpected message from %u, %u bytes", msg.src,
		msg.len);
}
