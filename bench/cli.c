/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cli.c - option parsing and validation of rpmsg-bench (see cli.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Names of enum rb_loop, in its order: reports and --mode use the same words. */
static const char *const loop_names[] = {"closed", "window", "open", "flood"};
#define LOOP_NAMES (sizeof(loop_names) / sizeof(loop_names[0]))
_Static_assert(LOOP_NAMES == RB_LOOP_FLOOD + 1, "a name for every enum rb_loop");

const char *rb_loop_name(enum rb_loop m)
{
	return (unsigned)m < LOOP_NAMES ? loop_names[m] : "closed";
}

const char *rb_protocol_name(enum rb_protocol p)
{
	return p == RB_PROTO_GENERIC ? "generic" : "rpmsg-bench";
}

void rb_cli_defaults(struct rb_cli *c)
{
	memset(c, 0, sizeof(*c));
	c->mode = RB_LOOP_CLOSED;
	c->window = 1;
	c->size_spec = "64";
	c->size_repeat = 1;
	c->loss_timeout_ms = 1000;
	c->stall_threshold_ms = 100;
	c->interval_ms = 1000;
	c->protocol = RB_PROTO_BENCH;
	c->engine = RB_ENGINE_AUTO;
	c->priority = -1;
	c->cpu_dma_latency_us = -1;
	c->sysroot = "/";
	c->thresholds = (struct rb_thresholds){
		.max_loss = 0,
		.max_corrupted = 0,
		.p99_ns = -1,
		.max_ns = -1,
		.max_kick_failures = -1,
	};
	for (size_t i = 0; i < rb_report_default_npct && i < RB_CLI_MAX_PCT; i++)
		c->pct[c->npct++] = rb_report_default_pct[i];
}

__attribute__((format(printf, 3, 4))) static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_uint(const char *s, unsigned *out, unsigned max)
{
	uint64_t v;

	if (parse_u64(s, &v) || v > max)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

static int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || *end || end == s || !isfinite(*out))
		return -EINVAL;
	return 0;
}

/* An rpmsg address: a number (decimal or 0x...) or "any". */
static int parse_addr(const char *s, int64_t *out)
{
	uint64_t v;

	if (!strcmp(s, "any")) {
		*out = -1;
		return 0;
	}
	if (parse_u64(s, &v) || v > 0xffffffffull)
		return -EINVAL;
	*out = v == 0xffffffffull ? -1 : (int64_t)v;
	return 0;
}

int rb_parse_duration(const char *s, double *out)
{
	char *end;
	double v, mul = 1.0;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return -EINVAL;
	if (!strcmp(end, "") || !strcmp(end, "s"))
		mul = 1.0;
	else if (!strcmp(end, "ms"))
		mul = 1e-3;
	else if (!strcmp(end, "m"))
		mul = 60.0;
	else if (!strcmp(end, "h"))
		mul = 3600.0;
	else
		return -EINVAL;
	*out = v * mul;
	return 0;
}

int rb_parse_cpus(const char *s, int *cpus, size_t max)
{
	size_t n = 0;
	const char *p = s;

	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b;

		if (end == p || a < 0 || a > 4095)
			return -EINVAL;
		b = a;
		p = end;
		if (*p == '-') {
			p++;
			b = strtol(p, &end, 10);
			if (end == p || b < a || b > 4095)
				return -EINVAL;
			p = end;
		}
		for (long i = a; i <= b; i++) {
			if (n == max)
				return -EINVAL;
			cpus[n++] = (int)i;
		}
		if (*p == ',')
			p++;
		else if (*p)
			return -EINVAL;
	}
	return n ? (int)n : -EINVAL;
}

static int parse_pct(struct rb_cli *c, const char *s)
{
	char *dup = strdup(s), *tok, *save = NULL;
	int ret = 0;

	if (!dup)
		return -ENOMEM;
	c->npct = 0;
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double v;

		if (c->npct == RB_CLI_MAX_PCT || parse_double(tok, &v) || v < 0 || v > 100) {
			ret = -EINVAL;
			break;
		}
		c->pct[c->npct++] = v;
	}
	free(dup);
	return ret || c->npct == 0 ? -EINVAL : 0;
}

/* "drop=N,dup=N,corrupt=N,stall=MS,mute" for RB_T_FAULT. */
static int parse_fault(struct rb_fault *f, const char *s)
{
	char *dup = strdup(s), *tok, *save = NULL;
	int ret = 0;

	if (!dup)
		return -ENOMEM;
	memset(f, 0, sizeof(*f));
	for (tok = strtok_r(dup, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		unsigned v = 0;

		if (!strcmp(tok, "mute")) {
			f->mute = 1;
			continue;
		}
		if (!eq || parse_uint(eq + 1, &v, UINT32_MAX)) {
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		if (!strcmp(tok, "drop"))
			f->drop_every = v;
		else if (!strcmp(tok, "dup"))
			f->dup_every = v;
		else if (!strcmp(tok, "corrupt"))
			f->corrupt_every = v;
		else if (!strcmp(tok, "stall"))
			f->stall_ms = v;
		else
			ret = -EINVAL;
	}
	free(dup);
	return ret;
}

enum {
	OPT_TTY = 256,
	OPT_CHAR,
	OPT_CTRL,
	OPT_EPT_NAME,
	OPT_SRC,
	OPT_DST,
	OPT_CHANNEL,
	OPT_MODE,
	OPT_FLOOD,
	OPT_SIZE_REPEAT,
	OPT_WARMUP,
	OPT_WARMUP_TIME,
	OPT_LOSS_TIMEOUT,
	OPT_PCT,
	OPT_PROTOCOL,
	OPT_ENGINE,
	OPT_DMA,
	OPT_REPORT,
	OPT_INTERVALS,
	OPT_FORCE,
	OPT_SYSROOT,
	OPT_MAX_LOSS,
	OPT_MAX_CORRUPT,
	OPT_MAX_P99,
	OPT_MAX_LAT,
	OPT_FW_FAULT,
	OPT_NO_KMSG,
	OPT_JSON,
	OPT_MAX_KICKS,
	OPT_STALL,
};

static const struct option long_opts[] = {
	{"tty", required_argument, NULL, OPT_TTY},
	{"char", required_argument, NULL, OPT_CHAR},
	{"ctrl", required_argument, NULL, OPT_CTRL},
	{"ept-name", required_argument, NULL, OPT_EPT_NAME},
	{"src", required_argument, NULL, OPT_SRC},
	{"dst", required_argument, NULL, OPT_DST},
	{"channel", required_argument, NULL, OPT_CHANNEL},
	{"mode", required_argument, NULL, OPT_MODE},
	{"window", required_argument, NULL, 'w'},
	{"rate", required_argument, NULL, 'r'},
	{"flood", no_argument, NULL, OPT_FLOOD},
	{"size", required_argument, NULL, 's'},
	{"size-repeat", required_argument, NULL, OPT_SIZE_REPEAT},
	{"count", required_argument, NULL, 'n'},
	{"duration", required_argument, NULL, 'D'},
	{"warmup", required_argument, NULL, OPT_WARMUP},
	{"warmup-time", required_argument, NULL, OPT_WARMUP_TIME},
	{"loss-timeout", required_argument, NULL, OPT_LOSS_TIMEOUT},
	{"stall-threshold", required_argument, NULL, OPT_STALL},
	{"interval", required_argument, NULL, 'i'},
	{"percentiles", required_argument, NULL, OPT_PCT},
	{"protocol", required_argument, NULL, OPT_PROTOCOL},
	{"engine", required_argument, NULL, OPT_ENGINE},
	{"priority", required_argument, NULL, 'p'},
	{"affinity", required_argument, NULL, 'a'},
	{"mlockall", no_argument, NULL, 'm'},
	{"cpu-dma-latency", required_argument, NULL, OPT_DMA},
	{"report", required_argument, NULL, OPT_REPORT},
	{"intervals", required_argument, NULL, OPT_INTERVALS},
	{"quiet", no_argument, NULL, 'q'},
	{"force", no_argument, NULL, OPT_FORCE},
	{"sysroot", required_argument, NULL, OPT_SYSROOT},
	{"max-loss", required_argument, NULL, OPT_MAX_LOSS},
	{"max-corrupted", required_argument, NULL, OPT_MAX_CORRUPT},
	{"max-p99", required_argument, NULL, OPT_MAX_P99},
	{"max-latency", required_argument, NULL, OPT_MAX_LAT},
	{"max-kick-failures", required_argument, NULL, OPT_MAX_KICKS},
	{"fw-fault", required_argument, NULL, OPT_FW_FAULT},
	{"no-kmsg", no_argument, NULL, OPT_NO_KMSG},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{0},
};

/* A threshold: a whole number, or "none" (not checked). */
static int parse_threshold(const char *s, int64_t *out)
{
	uint64_t v;

	if (!strcmp(s, "none")) {
		*out = -1;
		return 0;
	}
	if (parse_u64(s, &v) || v > INT64_MAX)
		return -EINVAL;
	*out = (int64_t)v;
	return 0;
}

static struct rb_ept_spec *last_ctrl(struct rb_cli *c)
{
	if (c->n_epts && c->epts[c->n_epts - 1].how == RB_HOW_CTRL)
		return &c->epts[c->n_epts - 1];
	return NULL;
}

int rb_cli_parse(struct rb_cli *c, int argc, char **argv, char *err, size_t errlen)
{
	const char *cmd;
	int opt;

	rb_cli_defaults(c);
	if (errlen)
		err[0] = '\0';
	if (argc < 2)
		return bad(err, errlen, "no command given (run, list, doctor, klog)");
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		c->cmd = RB_CMD_HELP;
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		c->cmd = RB_CMD_VERSION;
		return 0;
	}
	if (!strcmp(cmd, "run"))
		c->cmd = RB_CMD_RUN;
	else if (!strcmp(cmd, "list"))
		c->cmd = RB_CMD_LIST;
	else
		return bad(err, errlen, "unknown command '%s' (run, list, doctor, klog)", cmd);

	/* argv + 1: the command plays argv[0]; 0 makes glibc reinitialise its state. */
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, ":w:r:s:n:D:i:p:a:mqhV", long_opts, NULL)) !=
	       -1) {
		struct rb_ept_spec *e;
		const char *a = optarg;
		uint64_t u;

		switch (opt) {
		case OPT_TTY:
		case OPT_CHAR:
		case OPT_CTRL:
		case OPT_CHANNEL:
			if (c->n_epts == RB_CLI_MAX_EPTS)
				return bad(err, errlen, "at most %d endpoints", RB_CLI_MAX_EPTS);
			e = &c->epts[c->n_epts++];
			memset(e, 0, sizeof(*e));
			e->src = e->dst = -1;
			e->kind = opt == OPT_TTY ? RB_EPT_TTY : RB_EPT_CHAR;
			e->how = opt == OPT_CTRL      ? RB_HOW_CTRL
				 : opt == OPT_CHANNEL ? RB_HOW_CHANNEL
						      : RB_HOW_PATH;
			if (opt == OPT_CHANNEL)
				e->name = a;
			else
				e->path = a;
			if (!*a)
				return bad(err, errlen, "%s: empty argument", argv[optind]);
			break;
		case OPT_EPT_NAME:
			if (!(e = last_ctrl(c)))
				return bad(err, errlen, "--ept-name must follow --ctrl");
			if (!*a || strlen(a) >= 32)
				return bad(err, errlen,
					   "--ept-name %s: 1 to 31 characters "
					   "(rpmsg_endpoint_info.name[32])",
					   a);
			e->name = a;
			break;
		case OPT_SRC:
		case OPT_DST:
			if (!(e = last_ctrl(c)))
				return bad(err, errlen, "--src and --dst must follow --ctrl");
			if (parse_addr(a, opt == OPT_SRC ? &e->src : &e->dst))
				return bad(err, errlen,
					   "--%s %s: not an rpmsg address (0..0xfffffffe or any)",
					   opt == OPT_SRC ? "src" : "dst", a);
			break;
		case OPT_MODE: {
			size_t k = 0;

			while (k < LOOP_NAMES && strcmp(a, loop_names[k]))
				k++;
			if (k == LOOP_NAMES)
				return bad(err, errlen, "--mode %s: closed, window, open or flood",
					   a);
			c->mode = (enum rb_loop)k;
			c->mode_set = true;
			break;
		}
		case 'w':
			if (parse_uint(a, &c->window, 1u << 20) || !c->window)
				return bad(err, errlen, "--window %s: 1 to 1048576 messages", a);
			if (!c->mode_set)
				c->mode = RB_LOOP_WINDOW;
			break;
		case 'r':
			if (parse_double(a, &c->rate_hz) || c->rate_hz <= 0)
				return bad(err, errlen, "--rate %s: messages per second, > 0", a);
			if (!c->mode_set)
				c->mode = RB_LOOP_OPEN;
			break;
		case OPT_FLOOD:
			c->mode = RB_LOOP_FLOOD;
			c->mode_set = true;
			break;
		case 's':
			c->size_spec = a;
			break;
		case OPT_SIZE_REPEAT:
			if (parse_uint(a, &(unsigned){0}, UINT32_MAX) || !strcmp(a, "0"))
				return bad(err, errlen, "--size-repeat %s: >= 1", a);
			c->size_repeat = (uint32_t)strtoul(a, NULL, 0);
			break;
		case 'n':
			if (parse_u64(a, &c->count) || !c->count)
				return bad(err, errlen, "--count %s: a number of messages >= 1", a);
			break;
		case 'D':
			if (rb_parse_duration(a, &c->duration_s) || c->duration_s <= 0)
				return bad(err, errlen,
					   "--duration %s: e.g. 10, 10s, 500ms, 5m, 2h", a);
			break;
		case OPT_WARMUP:
			if (parse_u64(a, &c->warmup_count))
				return bad(err, errlen, "--warmup %s: a number of messages", a);
			break;
		case OPT_WARMUP_TIME:
			if (rb_parse_duration(a, &c->warmup_s))
				return bad(err, errlen, "--warmup-time %s: e.g. 1, 1s, 500ms", a);
			break;
		case OPT_LOSS_TIMEOUT:
			if (parse_uint(a, &c->loss_timeout_ms, 3600000) || !c->loss_timeout_ms)
				return bad(err, errlen, "--loss-timeout %s: 1 to 3600000 ms", a);
			break;
		case OPT_STALL:
			if (parse_uint(a, &c->stall_threshold_ms, 3600000))
				return bad(err, errlen, "--stall-threshold %s: 0 (off) to 3600000 ms", a);
			break;
		case 'i':
			if (parse_uint(a, &c->interval_ms, 86400000) || c->interval_ms < 10)
				return bad(err, errlen, "--interval %s: 10 to 86400000 ms", a);
			break;
		case OPT_PCT:
			if (parse_pct(c, a))
				return bad(err, errlen,
					   "--percentiles %s: a comma-separated list of 0..100 (at "
					   "most %d)",
					   a, RB_CLI_MAX_PCT);
			break;
		case OPT_PROTOCOL:
			if (!strcmp(a, "rpmsg-bench"))
				c->protocol = RB_PROTO_BENCH;
			else if (!strcmp(a, "generic"))
				c->protocol = RB_PROTO_GENERIC;
			else
				return bad(err, errlen, "--protocol %s: rpmsg-bench or generic", a);
			break;
		case OPT_ENGINE:
			if (rb_engine_parse(a, &c->engine))
				return bad(err, errlen, "--engine %s: auto, io_uring or poll", a);
			break;
		case 'p':
			if (parse_uint(a, (unsigned *)&c->priority, 99) || c->priority < 1)
				return bad(err, errlen, "--priority %s: SCHED_FIFO priority 1..99",
					   a);
			break;
		case 'a': {
			int n = rb_parse_cpus(a, c->affinity, RB_CLI_MAX_CPUS);

			if (n < 0)
				return bad(err, errlen,
					   "--affinity %s: a CPU list such as 1 or 0-3,5", a);
			c->n_affinity = (size_t)n;
			break;
		}
		case 'm':
			c->mlockall = true;
			break;
		case OPT_DMA:
			if (parse_uint(a, (unsigned *)&c->cpu_dma_latency_us, 100000000))
				return bad(err, errlen, "--cpu-dma-latency %s: microseconds", a);
			break;
		case OPT_REPORT:
			c->report_path = a;
			break;
		case OPT_INTERVALS:
			c->intervals_path = a;
			break;
		case 'q':
			c->quiet = true;
			break;
		case OPT_FORCE:
			c->force = true;
			break;
		case OPT_SYSROOT:
			c->sysroot = a;
			break;
		case OPT_MAX_LOSS:
		case OPT_MAX_CORRUPT:
		case OPT_MAX_P99:
		case OPT_MAX_LAT:
		case OPT_MAX_KICKS: {
			int64_t *t = opt == OPT_MAX_LOSS      ? &c->thresholds.max_loss
				     : opt == OPT_MAX_CORRUPT ? &c->thresholds.max_corrupted
				     : opt == OPT_MAX_P99     ? &c->thresholds.p99_ns
				     : opt == OPT_MAX_LAT     ? &c->thresholds.max_ns
							      : &c->thresholds.max_kick_failures;

			if (parse_threshold(a, t))
				return bad(err, errlen, "%s %s: a whole number or none",
					   argv[optind], a);
			break;
		}
		case OPT_FW_FAULT:
			if (parse_fault(&c->fault, a))
				return bad(err, errlen,
					   "--fw-fault %s: drop=N,dup=N,corrupt=N,stall=MS,mute",
					   a);
			c->fault_set = true;
			break;
		case OPT_NO_KMSG:
			c->no_kmsg = true;
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case 'h':
			c->cmd = RB_CMD_HELP;
			return 0;
		case 'V':
			c->cmd = RB_CMD_VERSION;
			return 0;
		case ':':
			return bad(err, errlen, "%s needs an argument", argv[optind]);
		case '?':
		default:
			return bad(err, errlen, "unknown option %s", argv[optind]);
		}
		(void)u;
	}
	if (optind + 1 < argc)
		return bad(err, errlen, "unexpected argument '%s'", argv[optind + 1]);
	return 0;
}

int rb_cli_check(struct rb_cli *c, char *err, size_t errlen)
{
	char why[200];

	if (c->cmd != RB_CMD_RUN)
		return 0;
	if (!c->n_epts)
		return bad(err, errlen,
			   "no endpoint given: use --tty PATH, --char PATH, --channel NAME or "
			   "--ctrl PATH --ept-name NAME");
	for (size_t i = 0; i < c->n_epts; i++)
		if (c->epts[i].how == RB_HOW_CTRL && !c->epts[i].name)
			return bad(err, errlen, "--ctrl %s needs --ept-name NAME", c->epts[i].path);
	/*
	 * A message is one rpmsg buffer: 512 bytes minus the 16-byte rpmsg
	 * header on virtio (virtio_rpmsg_get_mtu); a larger write to an rpmsg
	 * char node fails with EMSGSIZE (drivers/rpmsg/virtio_rpmsg_bus.c). Refuse it now.
	 */
	c->sizes_ok = false;
	if (rb_sizes_parse(&c->sizes, c->size_spec, RB_RPMSG_MTU, why, sizeof(why)))
		return bad(err, errlen,
			   "--size %s: %s (message sizes include the %u-byte header: %u..%u)",
			   c->size_spec, why, RB_HDR_SIZE, RB_MIN_FRAME, RB_RPMSG_MTU);
	if (c->size_repeat > 1 && rb_sizes_set_repeat(&c->sizes, c->size_repeat))
		return bad(err, errlen, "--size-repeat %u: invalid", c->size_repeat);
	c->sizes_ok = true;
	if (c->mode == RB_LOOP_OPEN && c->rate_hz <= 0)
		return bad(err, errlen, "--mode open needs --rate HZ");
	if (c->mode == RB_LOOP_CLOSED)
		c->window = 1;
	if (!c->count && c->duration_s <= 0)
		c->duration_s = 10.0;
	return 0;
}

void rb_cli_usage(FILE *f)
{
	fprintf(f,
		"usage: rpmsg-bench run ENDPOINT... [OPTIONS]\n"
		"       rpmsg-bench list [--json] [--sysroot DIR]\n"
		"       rpmsg-bench doctor [ARGS]     check why rpmsg does not come up\n"
		"       rpmsg-bench klog [--json] FILE...  classify rpmsg messages of a saved "
		"kernel log\n"
		"\n"
		"Round trips, throughput and exact loss accounting over rpmsg endpoints.\n"
		"\n"
		"Endpoints (several give per-endpoint results and a total):\n"
		"  --tty PATH               an rpmsg tty (/dev/ttyRPMSG30, /dev/ttyRPMSG0)\n"
		"  --char PATH              an rpmsg char node (/dev/rpmsg0)\n"
		"  --ctrl PATH --ept-name NAME [--src A] [--dst B]\n"
		"                           create an endpoint through /dev/rpmsg_ctrlN\n"
		"  --channel NAME           the /dev/rpmsgN of an announced channel (rpmsg-raw)\n"
		"  --force                  accept a char device that is not rpmsg\n"
		"  --sysroot DIR            read sysfs under DIR (default /)\n"
		"\n"
		"Traffic:\n"
		"  --mode closed|window|open|flood   (default closed: one message in flight)\n"
		"  -w, --window N           N messages in flight\n"
		"  -r, --rate HZ            open loop: messages per second per endpoint\n"
		"      --flood              as fast as the path takes\n"
		"  -s, --size SPEC          64 | 16,64,256 | 16-496:16 | random:16-496[:SEED]\n"
		"                           whole message incl. the 16-byte header, 16..496\n"
		"      --size-repeat N      messages per size before the next (list, sweep)\n"
		"  -n, --count N            messages per endpoint\n"
		"  -D, --duration T         run time (default 10s when no count): 10, 500ms, 5m, "
		"2h\n"
		"      --warmup N           messages sent first and left out of the statistics\n"
		"      --warmup-time T      the same, for a time\n"
		"      --loss-timeout MS    a message not back within MS is lost (default 1000)\n"
		"      --stall-threshold MS no reply for longer with messages out is a stall\n"
		"                           event in the report (default 100, 0: off)\n"
		"      --protocol P         rpmsg-bench (default; asks the firmware for info and\n"
		"                           statistics when it answers) or generic (any echo "
		"peer)\n"
		"      --fw-fault SPEC      ask the firmware to inject faults:\n"
		"                           drop=N,dup=N,corrupt=N,stall=MS,mute\n"
		"\n"
		"Real time (as cyclictest):\n"
		"  -p, --priority N         SCHED_FIFO priority\n"
		"  -a, --affinity CPUS      pin to CPUS (1, 0-3,5)\n"
		"  -m, --mlockall           lock memory\n"
		"      --cpu-dma-latency US hold /dev/cpu_dma_latency at US\n"
		"      --engine E           auto (default), io_uring or poll\n"
		"\n"
		"Output:\n"
		"      --report PATH        JSON report (default rpmsg-bench-<date>.json)\n"
		"      --intervals PATH     JSON Lines intervals (default "
		"<report>.intervals.jsonl)\n"
		"  -i, --interval MS        interval length (default 1000)\n"
		"      --percentiles LIST   e.g. 50,90,99,99.9 (default 50,90,99,99.9,99.99)\n"
		"      --max-loss N, --max-corrupted N, --max-p99 NS, --max-latency NS,\n"
		"      --max-kick-failures N   verdict thresholds (\"none\": not checked;\n"
		"                           defaults: no loss, no corruption)\n"
		"      --no-kmsg            do not watch the kernel log\n"
		"  -q, --quiet              no live progress line\n"
		"  -h, --help, -V, --version\n"
		"\n"
		"Exit status: 0 passed, 1 verdict failed, 2 usage or configuration refused,\n"
		"3 endpoint could not be opened, 4 peer silent, 5 I/O error, 6 device gone,\n"
		"7 report not written where asked, 8 other error, 130 SIGINT, 143 SIGTERM.\n"
		"\n"
		"Examples:\n"
		"  rpmsg-bench list\n"
		"  rpmsg-bench run --tty /dev/ttyRPMSG30 -n 10000\n"
		"  rpmsg-bench run --channel rpmsg-raw -w 16 -s 16-496:16 -D 60s\n"
		"  rpmsg-bench run --ctrl /dev/rpmsg_ctrl0 --ept-name bench --dst 40 --rate 1000 "
		"-D 1h\n"
		"  rpmsg-bench run --tty /dev/ttyRPMSG30 --char /dev/rpmsg0 --flood -D 30s -p 80 "
		"-a 1 -m\n"
		"  rpmsg-bench run --tty /dev/ttyRPMSG30 --protocol generic --report soak.json\n");
}
