/* SPDX-License-Identifier: MIT */
/*
 * test-doctor.c - `rpmsg-bench doctor` on fixtures: every device tree in
 * tests/fixtures/dt (as .dtb and as a /proc/device-tree directory) and every
 * system tree in tests/fixtures/doctor must give exactly the finding ids its
 * fixture lists (ids, not prose). Also: a real pty as ttyRPMSG (cooked, raw,
 * mainline default), a saved log offline, error paths and exit statuses.
 */
#include <dirent.h>
#include <errno.h>
#include <pty.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "doctor.h"
#include "dtree.h"
#include "t_check.h"

static char tmpdir[1024];
static const char *src_root;

static int t_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int t_sh(const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0 ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, space-separated ids of the findings. */
static void ids_of(const struct rb_doctor *d, char *out, size_t size)
{
	const char *v[256];
	size_t n = 0, off = 0;

	for (size_t i = 0; i < d->n && n < 256; i++)
		v[n++] = d->f[i].id;
	qsort(v, n, sizeof(v[0]), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(out + off, size - off, "%s%s", i ? " " : "", v[i]);
}

/* Normalise "b a  c" to "a b c". */
static void sort_words(const char *in, char *out, size_t size)
{
	char buf[2048], *save = NULL, *v[256];
	size_t n = 0, off = 0;

	snprintf(buf, sizeof(buf), "%s", in);
	for (char *t = strtok_r(buf, " \t\n", &save); t && n < 256;
	     t = strtok_r(NULL, " \t\n", &save))
		v[n++] = t;
	qsort(v, n, sizeof(v[0]), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(out + off, size - off, "%s%s", i ? " " : "", v[i]);
}

static void dump(const struct rb_doctor *d)
{
	for (size_t i = 0; i < d->n; i++)
		printf("    %s %s [%s] %s\n",
		       d->f[i].sev == RB_DOC_ERROR  ? "E"
		       : d->f[i].sev == RB_DOC_WARN ? "W"
						    : "i",
		       d->f[i].id, d->f[i].subject, d->f[i].message);
}

/* @status: NULL, "healthy" or "problems" (no warning/error, or some). */
static int run_and_compare_status(const char *what, const struct rb_doctor_opts *o,
				  const char *expect, const char *status)
{
	struct rb_doctor d = {0};
	char got[4096], want[4096];
	int ret = rb_doctor_check(o, &d);

	if (ret) {
		T_FAIL("%s: rb_doctor_check %d", what, ret);
		rb_doctor_release(&d);
		return -1;
	}
	ids_of(&d, got, sizeof(got));
	sort_words(expect, want, sizeof(want));
	if (strcmp(got, want)) {
		T_FAIL("%s: findings [%s], want [%s]", what, got, want);
		dump(&d);
		ret = -1;
	}
	if (status && status[0] &&
	    strcmp(status, rb_doctor_count(&d, RB_DOC_WARN) ? "problems" : "healthy")) {
		T_FAIL("%s: not %s", what, status);
		dump(&d);
		ret = -1;
	}
	rb_doctor_release(&d);
	return ret;
}

static int run_and_compare(const char *what, const struct rb_doctor_opts *o, const char *expect)
{
	return run_and_compare_status(what, o, expect, NULL);
}

/* The "expect:" comment line of a fixture. */
static int read_expect_comment(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "/* expect:");

		if (p) {
			char *e = strstr(p, "*/");

			if (e)
				*e = '\0';
			snprintf(out, size, "%s", p + 10);
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -1;
}

static int compile_dt(const char *name, char *dtb, size_t size)
{
	snprintf(dtb, size, "%s/%s.dtb", tmpdir, name);
	return t_sh("dtc -q -I dts -O dtb -o '%s' '%s/tests/fixtures/dt/%s.dts'", dtb, src_root,
		    name);
}

static void test_dt_fixtures(void)
{
	char dir[4096];
	struct dirent *de;
	DIR *dd;
	int cases = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/dt", src_root);
	dd = opendir(dir);
	if (!dd) {
		T_FAIL("opendir %s", dir);
		return;
	}
	while ((de = readdir(dd))) {
		char name[256], src[4400], expect[1024], dtb[4400], fsdir[4500];
		struct rb_doctor_opts o = {0};
		struct rb_dt *dt;
		size_t l = strlen(de->d_name);

		if (l < 5 || strcmp(de->d_name + l - 4, ".dts"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(l - 4), de->d_name);
		snprintf(src, sizeof(src), "%s/%s", dir, de->d_name);
		if (read_expect_comment(src, expect, sizeof(expect))) {
			T_FAIL("%s: no /* expect: */ line", de->d_name);
			continue;
		}
		if (compile_dt(name, dtb, sizeof(dtb))) {
			T_FAIL("%s: dtc failed", de->d_name);
			continue;
		}
		cases++;
		o.dt = dtb;
		run_and_compare(name, &o, expect);
		/* the same tree in /proc/device-tree form */
		snprintf(fsdir, sizeof(fsdir), "%s/%s.fs", tmpdir, name);
		if (rb_dt_load(dtb, &dt) || rb_dt_write_dir(dt, fsdir)) {
			T_FAIL("%s: directory form", name);
		} else {
			char what[300];

			snprintf(what, sizeof(what), "%s (directory)", name);
			o.dt = fsdir;
			run_and_compare(what, &o, expect);
		}
		rb_dt_free(dt);
	}
	closedir(dd);
	T_EXPECT(cases >= 15, "only %d device-tree fixtures", cases);
	printf("%d device-tree fixtures checked\n", cases);
}

static int read_small(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	out[0] = '\0';
	if (!f)
		return -1;
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	return 0;
}

/* Build <tmpdir>/<case>.root from the case (and its base), with its DT. */
static int make_root(const char *c, char *root, size_t size)
{
	char p[4400], base[256], dtname[256], dtb[4400];
	struct rb_dt *dt;

	static int serial;

	/* a fresh directory per call: the same case may be built twice */
	snprintf(root, size, "%s/%s.%d.root", tmpdir, c, serial++);
	if (t_sh("mkdir -p '%s'", root))
		return -1;
	dtname[0] = '\0';
	snprintf(p, sizeof(p), "%s/tests/fixtures/doctor/%s/base", src_root, c);
	if (!read_small(p, base, sizeof(base))) {
		if (t_sh("cp -a '%s/tests/fixtures/doctor/%s/root/.' '%s/'", src_root, base, root))
			return -1;
		snprintf(p, sizeof(p), "%s/tests/fixtures/doctor/%s/dt", src_root, base);
		read_small(p, dtname, sizeof(dtname));
	}
	snprintf(p, sizeof(p), "%s/tests/fixtures/doctor/%s/root", src_root, c);
	if (access(p, F_OK) == 0 &&
	    t_sh("cp -a '%s/tests/fixtures/doctor/%s/root/.' '%s/'", src_root, c, root))
		return -1;
	snprintf(p, sizeof(p), "%s/tests/fixtures/doctor/%s/dt", src_root, c);
	{
		char own[256];

		if (!read_small(p, own, sizeof(own)))
			snprintf(dtname, sizeof(dtname), "%s", own);
	}
	if (dtname[0]) {
		if (compile_dt(dtname, dtb, sizeof(dtb)) || rb_dt_load(dtb, &dt))
			return -1;
		snprintf(p, sizeof(p), "%s/proc/device-tree", root);
		t_sh("mkdir -p '%s/proc'", root);
		if (rb_dt_write_dir(dt, p)) {
			rb_dt_free(dt);
			return -1;
		}
		rb_dt_free(dt);
	}
	return 0;
}

static void test_system_fixtures(void)
{
	char dir[4096];
	struct dirent *de;
	DIR *dd;
	int cases = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/doctor", src_root);
	dd = opendir(dir);
	if (!dd) {
		T_FAIL("opendir %s", dir);
		return;
	}
	while ((de = readdir(dd))) {
		char root[4400], p[4600], expect[1024], status[64];
		struct rb_doctor_opts o = {0};

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s/expect", dir, de->d_name);
		if (read_small(p, expect, sizeof(expect))) {
			T_FAIL("%s: no expect file", de->d_name);
			continue;
		}
		if (make_root(de->d_name, root, sizeof(root))) {
			T_FAIL("%s: cannot build the root", de->d_name);
			continue;
		}
		snprintf(p, sizeof(p), "%s/%s/status", dir, de->d_name);
		if (read_small(p, status, sizeof(status)))
			T_FAIL("%s: no status file", de->d_name);
		cases++;
		o.root = root;
		o.system = true;
		run_and_compare_status(de->d_name, &o, expect, status);
	}
	closedir(dd);
	T_EXPECT(cases >= 10, "only %d system fixtures", cases);
	printf("%d system fixtures checked\n", cases);
}

/* Attach-mode escalation: the missing rsc-table is an error there. */
static void test_attached_severity(void)
{
	struct rb_doctor_opts o = {.system = true};
	struct rb_doctor d = {0};
	char root[4400];

	if (make_root("imx8mp-attached-no-rsc-table", root, sizeof(root))) {
		T_FAIL("root");
		return;
	}
	o.root = root;
	if (rb_doctor_check(&o, &d) == 0) {
		for (size_t i = 0; i < d.n; i++)
			if (!strcmp(d.f[i].id, "mem-rsc-table-missing"))
				T_EXPECT(d.f[i].sev == RB_DOC_ERROR,
					 "attached: rsc-table severity %d", d.f[i].sev);
	}
	rb_doctor_release(&d);
	/* offline, the same tree only warns */
	{
		char dtb[4400];
		struct rb_doctor_opts o2 = {0};

		compile_dt("imx8mp-no-rsc-table", dtb, sizeof(dtb));
		o2.dt = dtb;
		if (rb_doctor_check(&o2, &d) == 0)
			T_EXPECT(d.n == 1 && d.f[0].sev == RB_DOC_WARN,
				 "offline rsc-table severity");
		rb_doctor_release(&d);
	}
}

static void test_tty(void)
{
	struct rb_doctor_opts o = {.system = true};
	char root[4400], link[4600], expect[512];
	struct termios t;
	int master, slave;

	if (openpty(&master, &slave, NULL, NULL, NULL)) {
		printf("no pty (%s): tty checks not run\n", strerror(errno));
		return;
	}
	if (make_root("virtio-healthy", root, sizeof(root))) {
		T_FAIL("root");
		goto out;
	}
	snprintf(link, sizeof(link), "%s/dev/ttyRPMSG0", root);
	unlink(link);
	if (symlink(ttyname(slave), link)) {
		T_FAIL("symlink");
		goto out;
	}
	o.root = root;
	/* a new pty starts cooked, like NXP's imx_rpmsg_tty */
	tcgetattr(slave, &t);
	t.c_lflag |= ICANON | ECHO;
	tcsetattr(slave, TCSANOW, &t);
	run_and_compare("pty cooked", &o, "tty-cooked");
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	run_and_compare("pty raw", &o, "");
	/* mainline rpmsg_tty default: no ECHO/ICANON, ICRNL and IXON on */
	t.c_iflag |= ICRNL | IXON;
	tcsetattr(slave, TCSANOW, &t);
	snprintf(expect, sizeof(expect), "tty-not-raw");
	run_and_compare("pty mainline default", &o, expect);
out:
	close(slave);
	close(master);
}

static void test_log_offline(void)
{
	struct rb_doctor_opts o = {0};
	char log[4400];

	snprintf(log, sizeof(log), "%s/tests/fixtures/klog/dmesg.txt", src_root);
	o.log = log;
	run_and_compare(
		"dmesg.txt offline", &o,
		"log-kick-failure log-tx-buffer-timeout log-mbox-queue-full log-mbox-missing "
		"log-no-vring-buffer log-memory-too-small log-probe-failed log-rproc-crashed "
		"log-rproc-boot-failed log-channel-error log-channel-duplicate "
		"log-virtqueue-add-failed "
		"log-tty-driver-error log-tty-rx-loss log-send-failed log-inbound-too-big "
		"log-message-too-big log-no-recipient log-no-txdb");
	snprintf(log, sizeof(log), "%s/tests/fixtures/klog/journalctl-k.txt", src_root);
	run_and_compare(
		"journalctl-k.txt offline", &o,
		"log-kick-failure log-tx-buffer-timeout log-mbox-queue-full log-mbox-missing "
		"log-no-vring-buffer log-memory-too-small log-probe-failed log-rproc-crashed "
		"log-rproc-boot-failed log-channel-error log-channel-duplicate "
		"log-virtqueue-add-failed "
		"log-tty-driver-error log-tty-rx-loss log-send-failed log-inbound-too-big "
		"log-message-too-big log-no-recipient log-no-txdb");
}

static void test_errors(void)
{
	struct rb_doctor_opts o = {0};
	struct rb_doctor d = {0};
	char txt[4400];
	FILE *f;
	int ret;

	o.dt = "/nonexistent/tree.dtb";
	ret = rb_doctor_check(&o, &d);
	T_EXPECT(ret == -ENOENT, "missing dt: %d", ret);
	rb_doctor_release(&d);
	snprintf(txt, sizeof(txt), "%s/not-a-tree", tmpdir);
	f = fopen(txt, "w");
	fputs("hello\n", f);
	fclose(f);
	o.dt = txt;
	ret = rb_doctor_check(&o, &d);
	T_EXPECT(ret == -EINVAL, "text as dt: %d", ret);
	rb_doctor_release(&d);
	o.dt = NULL;
	o.log = "/nonexistent/dmesg.txt";
	ret = rb_doctor_check(&o, &d);
	T_EXPECT(ret == -ENOENT, "missing log: %d", ret);
	rb_doctor_release(&d);
}

static int run_main(int argc, const char *const *argv)
{
	char *v[16];
	int ret;

	for (int i = 0; i < argc; i++)
		v[i] = (char *)argv[i];
	v[argc] = NULL;
	fflush(stdout);
	ret = rb_doctor_main(argc, v);
	fflush(stdout);
	return ret;
}

static void test_main(void)
{
	char good[4400], bad[4400], log[4400];
	int ret;

	compile_dt("imx8mp-evk-rpmsg", good, sizeof(good));
	compile_dt("imx8mp-overlapping-vrings", bad, sizeof(bad));
	snprintf(log, sizeof(log), "%s/tests/fixtures/klog/dmesg-t.txt", src_root);
	{
		const char *a[] = {"doctor", "--dt", good};

		ret = run_main(3, a);
		T_EXPECT(ret == 0, "healthy dt: exit %d", ret);
	}
	{
		const char *a[] = {"doctor", "--json", "--dt", bad};

		ret = run_main(4, a);
		T_EXPECT(ret == 1, "broken dt: exit %d", ret);
	}
	{
		const char *a[] = {"doctor", "--log", log, "--dt", good};

		ret = run_main(5, a);
		T_EXPECT(ret == 1, "failing log: exit %d", ret);
	}
	{
		const char *a[] = {"doctor", "--bogus"};

		ret = run_main(2, a);
		T_EXPECT(ret == 2, "bad option: exit %d", ret);
	}
	{
		const char *a[] = {"doctor", "--dt", "/nonexistent.dtb"};

		ret = run_main(3, a);
		T_EXPECT(ret == 2, "missing dt: exit %d", ret);
	}
	{
		const char *a[] = {"doctor", "extra"};

		ret = run_main(2, a);
		T_EXPECT(ret == 2, "extra argument: exit %d", ret);
	}
}

int main(void)
{
	src_root = getenv("RB_ROOT");
	if (!src_root)
		src_root = ".";
	if (system("dtc --version >/dev/null 2>&1") != 0) {
		printf("SKIP: dtc (device-tree-compiler) not installed\n");
		return 77;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/%s-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir, "rb-doctor");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_dt_fixtures();
	test_system_fixtures();
	test_attached_severity();
	test_tty();
	test_log_offline();
	test_errors();
	test_main();
	if (t_sh("rm -rf '%s'", tmpdir))
		printf("could not remove %s\n", tmpdir);
	if (t_failed) {
		printf("%d failure(s)\n", t_failed);
		return 1;
	}
	printf("ok\n");
	return 0;
}
