/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-endpoint - opening endpoints: a PTY slave as a tty (raw mode set,
 * stale input flushed, O_NONBLOCK), and every refusal with its errno: a
 * missing path, a regular file, a directory, /dev/null as a tty, /dev/null
 * as an rpmsg char node (and accepted with force), an rpmsg_ctrl ioctl on a
 * device that is not rpmsg_ctrl, a channel that is not announced.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "endpoint.h"
#include "t_check.h"

static char err[512];

static int t_open(struct rb_endpoint *e, enum rb_ept_kind kind, enum rb_ept_how how,
		  const char *path, const char *name, const char *sysroot, bool force)
{
	struct rb_ept_spec s = {
		.kind = kind, .how = how, .path = path, .name = name, .src = -1, .dst = -1};

	return rb_endpoint_open(e, &s, sysroot, force, err, sizeof(err));
}

static void test_pty(void)
{
	struct rb_endpoint e;
	struct termios t;
	char buf[64];
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	const char *name;

	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m))) {
		fprintf(stderr, "no PTY: %s\n", strerror(errno));
		t_failed++;
		return;
	}
	/* Stale bytes waiting before the open, as NXP's probe greeting. */
	{
		int s = open(name, O_RDWR | O_NOCTTY);

		T_CHECK(s >= 0, "slave");
		T_CHECK(write(m, "hello world!", 12) == 12, "write master");
		usleep(50000); /* the tty layer moves the bytes in a worker */
		T_CHECK(t_open(&e, RB_EPT_TTY, RB_HOW_PATH, name, NULL, "/", false) == 0, "%s",
			err);
		close(s);
	}
	T_CHECK(e.kind == RB_EPT_TTY && e.mtu == RB_MAX_FRAME, "tty, mtu %u", e.mtu);
	T_CHECK(!e.is_rpmsg, "a PTY is not an rpmsg tty");
	T_CHECK(e.drained_bytes == 12, "drained %llu", (unsigned long long)e.drained_bytes);
	T_CHECK(read(e.fd, buf, sizeof(buf)) == -1 && errno == EAGAIN, "flushed, O_NONBLOCK");
	T_CHECK(fcntl(e.fd, F_GETFL) & O_NONBLOCK, "O_NONBLOCK");
	T_CHECK(tcgetattr(e.fd, &t) == 0, "tcgetattr");
	T_CHECK(!(t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN)), "lflag raw");
	T_CHECK(!(t.c_iflag & (ICRNL | IXON | ISTRIP)), "iflag raw");
	T_CHECK(!(t.c_oflag & OPOST), "oflag raw");
	T_CHECK(t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0, "VMIN/VTIME");
	/* The greeting was echoed to the master while the slave was cooked: drop it. */
	tcflush(m, TCIFLUSH);
	/* Binary bytes pass unchanged. */
	T_CHECK(write(e.fd, "\r\n\x11\x13\x03", 5) == 5, "write");
	usleep(50000);
	T_CHECK(read(m, buf, sizeof(buf)) == 5 && !memcmp(buf, "\r\n\x11\x13\x03", 5), "raw out");
	T_CHECK(rb_endpoint_close(&e) == 0 && e.fd == -1, "close");
	T_CHECK(rb_endpoint_close(&e) == 0, "close twice");
	close(m);
}

static void test_refusals(void)
{
	char dir[256], file[PATH_MAX];
	struct rb_endpoint e;
	int fd;

	snprintf(dir, sizeof(dir), "%.200s/rb-ept-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	T_CHECK(mkdtemp(dir), "mkdtemp");
	snprintf(file, sizeof(file), "%s/plain", dir);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	T_CHECK(fd >= 0, "create");
	close(fd);

	T_CHECK(t_open(&e, RB_EPT_TTY, RB_HOW_PATH, "/nonexistent/tty", NULL, "/", false) ==
				-ENOENT &&
			strstr(err, "/nonexistent/tty"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_TTY, RB_HOW_PATH, file, NULL, "/", false) == -ENODEV &&
			strstr(err, "a regular file"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_CHAR, RB_HOW_PATH, dir, NULL, "/", false) == -ENODEV &&
			strstr(err, "a directory"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_TTY, RB_HOW_PATH, "/dev/null", NULL, "/", false) == -ENOTTY &&
			strstr(err, "not a terminal"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_CHAR, RB_HOW_PATH, "/dev/null", NULL, "/", false) ==
				-EMEDIUMTYPE &&
			strstr(err, "--force"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_CHAR, RB_HOW_PATH, "/dev/null", NULL, "/", true) == 0, "%s", err);
	T_CHECK(e.kind == RB_EPT_CHAR && e.mtu == RB_RPMSG_MTU && !e.is_rpmsg, "forced char");
	rb_endpoint_close(&e);
	/* rpmsg_ctrl: the ioctl fails on anything else; /dev/null answers ENOTTY. */
	T_CHECK(t_open(&e, RB_EPT_CHAR, RB_HOW_CTRL, "/dev/null", "bench", "/", false) == -ENOTTY &&
			strstr(err, "RPMSG_CREATE_EPT_IOCTL"),
		"%s", err);
	T_CHECK(t_open(&e, RB_EPT_CHAR, RB_HOW_CHANNEL, NULL, "rpmsg-raw", dir, false) == -ENOENT &&
			strstr(err, "channel rpmsg-raw"),
		"%s", err);
	unlink(file);
	rmdir(dir);
	T_CHECK(!strcmp(rb_ept_kind_name(RB_EPT_CHAR), "char") &&
			!strcmp(rb_ept_how_name(RB_HOW_CTRL), "ctrl") &&
			!strcmp(rb_ept_how_name(RB_HOW_CHANNEL), "channel"),
		"names");
}

int main(void)
{
	test_pty();
	test_refusals();
	return t_result("test-endpoint");
}
