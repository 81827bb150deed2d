/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-cli - option parsing of rpmsg-bench: endpoints of every kind, modes,
 * sizes, durations, CPU lists, percentiles, thresholds, fault requests, and
 * every refusal (usage errors in rb_cli_parse, configuration refusals in
 * rb_cli_check) with -EINVAL and a message naming the input.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "t_check.h"

static struct rb_cli c;
static char err[512];

/* Parse a NULL-terminated list of words after "rpmsg-bench". */
#define PARSE(...) t_parse((const char *[]){"rpmsg-bench", __VA_ARGS__, NULL})

static int t_parse(const char **words)
{
	static char *argv[64];
	int argc = 0;

	while (words[argc]) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	argv[argc] = NULL;
	return rb_cli_parse(&c, argc, argv, err, sizeof(err));
}

static void test_endpoints(void)
{
	T_CHECK(PARSE("run", "--tty", "/dev/ttyRPMSG30", "-n", "5") == 0, "%s", err);
	T_CHECK(c.cmd == RB_CMD_RUN && c.n_epts == 1, "one endpoint");
	T_CHECK(c.epts[0].kind == RB_EPT_TTY && c.epts[0].how == RB_HOW_PATH &&
			!strcmp(c.epts[0].path, "/dev/ttyRPMSG30"),
		"tty");
	T_CHECK(c.count == 5 && c.mode == RB_LOOP_CLOSED, "count, closed loop");
	T_CHECK(rb_cli_check(&c, err, sizeof(err)) == 0, "%s", err);
	T_CHECK(c.duration_s == 0, "count-bound: no default duration");

	T_CHECK(PARSE("run", "--char", "/dev/rpmsg0", "--channel", "rpmsg-raw", "--ctrl",
		      "/dev/rpmsg_ctrl0", "--ept-name", "bench", "--src", "1024", "--dst",
		      "0x28") == 0,
		"%s", err);
	T_CHECK(c.n_epts == 3, "%zu endpoints", c.n_epts);
	T_CHECK(c.epts[0].kind == RB_EPT_CHAR && c.epts[0].how == RB_HOW_PATH, "char");
	T_CHECK(c.epts[1].how == RB_HOW_CHANNEL && !strcmp(c.epts[1].name, "rpmsg-raw"), "channel");
	T_CHECK(c.epts[2].how == RB_HOW_CTRL && !strcmp(c.epts[2].name, "bench") &&
			c.epts[2].src == 1024 && c.epts[2].dst == 40,
		"ctrl %lld %lld", (long long)c.epts[2].src, (long long)c.epts[2].dst);
	T_CHECK(rb_cli_check(&c, err, sizeof(err)) == 0, "%s", err);
	T_CHECK(c.duration_s == 10.0, "default duration 10 s");

	T_CHECK(PARSE("run", "--ctrl", "/dev/rpmsg_ctrl0", "--dst", "any") == 0, "%s", err);
	T_CHECK(c.epts[0].dst == -1, "any");
	T_CHECK(rb_cli_check(&c, err, sizeof(err)) == -EINVAL && strstr(err, "--ept-name"),
		"ctrl needs a name: %s", err);

	T_CHECK(PARSE("run", "--src", "5") == -EINVAL && strstr(err, "--ctrl"), "%s", err);
	T_CHECK(PARSE("run", "--ctrl", "/dev/rpmsg_ctrl0", "--ept-name",
		      "0123456789012345678901234567890123") == -EINVAL &&
			strstr(err, "31 characters"),
		"%s", err);
	T_CHECK(PARSE("run", "--ctrl", "/dev/c", "--src", "0x100000000") == -EINVAL, "src range");
	T_CHECK(PARSE("run", "-q") == 0 && rb_cli_check(&c, err, sizeof(err)) == -EINVAL &&
			strstr(err, "no endpoint"),
		"%s", err);
}

static void test_modes(void)
{
	T_CHECK(PARSE("run", "--tty", "t", "-w", "8") == 0 && c.mode == RB_LOOP_WINDOW &&
			c.window == 8,
		"window");
	T_CHECK(PARSE("run", "--tty", "t", "--rate", "1000.5") == 0 && c.mode == RB_LOOP_OPEN &&
			c.rate_hz == 1000.5,
		"open");
	T_CHECK(PARSE("run", "--tty", "t", "--flood") == 0 && c.mode == RB_LOOP_FLOOD, "flood");
	T_CHECK(PARSE("run", "--tty", "t", "--mode", "open") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == -EINVAL && strstr(err, "--rate"),
		"open needs a rate: %s", err);
	T_CHECK(PARSE("run", "--tty", "t", "--mode", "closed", "-w", "8") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == 0 && c.window == 1,
		"closed keeps one in flight");
	T_CHECK(PARSE("run", "--tty", "t", "--mode", "sideways") == -EINVAL, "bad mode");
	T_CHECK(PARSE("run", "--tty", "t", "-w", "0") == -EINVAL && strstr(err, "--window 0"), "%s",
		err);
	T_CHECK(PARSE("run", "--tty", "t", "--rate", "-3") == -EINVAL, "negative rate");
	T_CHECK(PARSE("run", "--tty", "t", "--protocol", "generic", "--engine", "poll") == 0 &&
			c.protocol == RB_PROTO_GENERIC && c.engine == RB_ENGINE_POLL,
		"protocol, engine");
	T_CHECK(PARSE("run", "--tty", "t", "--engine", "epoll") == -EINVAL, "bad engine");
	T_CHECK(!strcmp(rb_loop_name(RB_LOOP_FLOOD), "flood") &&
			!strcmp(rb_protocol_name(RB_PROTO_BENCH), "rpmsg-bench"),
		"names");
}

static void test_sizes(void)
{
	T_CHECK(PARSE("run", "--tty", "t", "-s", "496") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == 0 && c.sizes.max == 496,
		"496 is the MTU: %s", err);
	T_CHECK(PARSE("run", "--tty", "t", "-s", "497") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == -EINVAL && strstr(err, "--size 497"),
		"497 refused: %s", err);
	T_CHECK(PARSE("run", "--tty", "t", "-s", "15") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == -EINVAL,
		"15 refused");
	T_CHECK(PARSE("run", "--tty", "t", "-s", "16-496:16") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == 0 && c.sizes.kind == RB_SIZES_SWEEP,
		"sweep: %s", err);
	T_CHECK(PARSE("run", "--tty", "t", "-s", "random:16-496:7") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == 0 && c.sizes.kind == RB_SIZES_RANDOM,
		"random: %s", err);
	T_CHECK(PARSE("run", "--tty", "t", "-s", "16,64,1000") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == -EINVAL,
		"list with a size above the MTU");
	T_CHECK(PARSE("run", "--tty", "t", "-s", "16,64", "--size-repeat", "10") == 0 &&
			rb_cli_check(&c, err, sizeof(err)) == 0 && c.sizes.repeat == 10,
		"repeat");
	T_CHECK(PARSE("run", "--tty", "t", "--size-repeat", "0") == -EINVAL, "repeat 0");
}

static void test_values(void)
{
	double d;
	int cpus[8];

	T_CHECK(rb_parse_duration("500ms", &d) == 0 && fabs(d - 0.5) < 1e-12, "500ms");
	T_CHECK(rb_parse_duration("5m", &d) == 0 && d == 300, "5m");
	T_CHECK(rb_parse_duration("2h", &d) == 0 && d == 7200, "2h");
	T_CHECK(rb_parse_duration("10", &d) == 0 && d == 10, "10");
	T_CHECK(rb_parse_duration("1x", &d) == -EINVAL, "1x");
	T_CHECK(rb_parse_duration("-1", &d) == -EINVAL, "-1");
	T_CHECK(rb_parse_cpus("0-3,5", cpus, 8) == 5 && cpus[4] == 5, "0-3,5");
	T_CHECK(rb_parse_cpus("3-1", cpus, 8) == -EINVAL, "3-1");
	T_CHECK(rb_parse_cpus("0-9", cpus, 8) == -EINVAL, "too many");
	T_CHECK(rb_parse_cpus("", cpus, 8) == -EINVAL, "empty");

	T_CHECK(PARSE("run", "--tty", "t", "-D", "250ms", "-p", "80", "-a", "1", "-m",
		      "--cpu-dma-latency", "0", "--loss-timeout", "50", "-i", "100") == 0,
		"%s", err);
	T_CHECK(fabs(c.duration_s - 0.25) < 1e-12 && c.priority == 80 && c.n_affinity == 1 &&
			c.affinity[0] == 1 && c.mlockall && c.cpu_dma_latency_us == 0 &&
			c.loss_timeout_ms == 50 && c.interval_ms == 100,
		"real-time options");
	T_CHECK(PARSE("run", "--tty", "t", "-p", "0") == -EINVAL, "priority 0");
	T_CHECK(PARSE("run", "--tty", "t", "-p", "100") == -EINVAL, "priority 100");
	T_CHECK(PARSE("run", "--tty", "t", "--loss-timeout", "0") == -EINVAL, "loss timeout 0");
	T_CHECK(PARSE("run", "--tty", "t", "-i", "5") == -EINVAL, "interval 5 ms");

	T_CHECK(PARSE("run", "--tty", "t", "--percentiles", "50,99.9") == 0 && c.npct == 2 &&
			c.pct[1] == 99.9,
		"percentiles");
	T_CHECK(PARSE("run", "--tty", "t", "--percentiles", "50,101") == -EINVAL, "101");
	T_CHECK(PARSE("run", "--tty", "t") == 0 && c.npct == 5, "default percentiles");
	T_CHECK(c.thresholds.max_loss == 0 && c.thresholds.max_corrupted == 0 &&
			c.thresholds.p99_ns == -1,
		"default thresholds");
	T_CHECK(PARSE("run", "--tty", "t", "--max-loss", "none", "--max-p99", "100000") == 0 &&
			c.thresholds.max_loss == -1 && c.thresholds.p99_ns == 100000,
		"thresholds");
	T_CHECK(PARSE("run", "--tty", "t", "--fw-fault", "drop=5,dup=7,stall=10,mute") == 0 &&
			c.fault_set && c.fault.drop_every == 5 && c.fault.dup_every == 7 &&
			c.fault.stall_ms == 10 && c.fault.mute == 1,
		"fault");
	T_CHECK(PARSE("run", "--tty", "t", "--fw-fault", "explode=1") == -EINVAL, "bad fault");
}

static void test_commands(void)
{
	T_CHECK(PARSE("--help") == 0 && c.cmd == RB_CMD_HELP, "help");
	T_CHECK(PARSE("run", "--tty", "t", "-h") == 0 && c.cmd == RB_CMD_HELP, "run -h");
	T_CHECK(PARSE("--version") == 0 && c.cmd == RB_CMD_VERSION, "version");
	T_CHECK(PARSE("list", "--json", "--sysroot", "/x") == 0 && c.cmd == RB_CMD_LIST && c.json &&
			!strcmp(c.sysroot, "/x"),
		"list");
	T_CHECK(PARSE("frobnicate") == -EINVAL && strstr(err, "frobnicate"), "%s", err);
	T_CHECK(PARSE("run", "--tty", "t", "--bogus") == -EINVAL && strstr(err, "--bogus"), "%s",
		err);
	T_CHECK(PARSE("run", "--tty") == -EINVAL && strstr(err, "needs an argument"), "%s", err);
	T_CHECK(PARSE("run", "--tty", "t", "stray") == -EINVAL && strstr(err, "stray"), "%s", err);
	T_CHECK(PARSE("run", "-n", "0", "--tty", "t") == -EINVAL, "count 0");
	T_CHECK(PARSE("run", "-n", "12abc", "--tty", "t") == -EINVAL, "count 12abc");
}

int main(void)
{
	test_endpoints();
	test_modes();
	test_sizes();
	test_values();
	test_commands();
	return t_result("test-cli");
}
