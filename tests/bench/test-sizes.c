/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-sizes - size generators: each kind produces exactly the documented
 * sequence, the random kind is reproducible from its seed and covers its
 * bounds, specification strings parse, and every out-of-range or malformed
 * size is refused with -EINVAL and a message naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sizes.h"
#include "t_check.h"

/* Check the next n sizes of s against want[]. */
static void t_seq(struct rb_sizes *s, const uint16_t *want, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		uint16_t got = rb_sizes_next(s);

		T_CHECK(got == want[i], "%s: message %zu has size %u, want %u", what, i, got,
			want[i]);
		if (got != want[i])
			return;
	}
}

static void test_kinds(void)
{
	static const unsigned list[] = {64, 16, 496};
	static const uint16_t want_list[] = {64, 16, 496, 64, 16, 496, 64};
	static const uint16_t want_sweep[] = {16, 66, 116, 16, 66, 116, 16};
	static const uint16_t want_rep[] = {16, 16, 66, 66, 116, 116, 16};
	static const uint16_t want_list_rep[] = {64, 64, 64, 16, 16, 16, 496};
	struct rb_sizes s;
	char err[256];
	uint16_t d[RB_MAX_FRAME + 1];

	T_CHECK(rb_sizes_fixed(&s, 100, 0, err, sizeof(err)) == 0, "fixed");
	for (int i = 0; i < 5; i++)
		T_CHECK(rb_sizes_next(&s) == 100, "fixed 100");
	T_CHECK(rb_sizes_distinct(&s, d, 10) == 1 && d[0] == 100, "fixed distinct");

	T_CHECK(rb_sizes_list(&s, list, 3, 496, err, sizeof(err)) == 0, "list");
	t_seq(&s, want_list, 7, "list");
	T_CHECK(s.min == 16 && s.max == 496, "list bounds");
	T_CHECK(rb_sizes_distinct(&s, d, 10) == 3 && d[0] == 16 && d[1] == 64 && d[2] == 496,
		"list distinct ascending");
	T_CHECK(rb_sizes_set_repeat(&s, 3) == 0, "repeat 3");
	t_seq(&s, want_list_rep, 7, "list repeat 3");

	/* 16..150 step 50: 16, 66, 116 (166 is past the end). */
	T_CHECK(rb_sizes_sweep(&s, 16, 150, 50, 0, err, sizeof(err)) == 0, "sweep");
	t_seq(&s, want_sweep, 7, "sweep");
	T_CHECK(s.max == 116, "sweep max is the last step: %u", s.max);
	T_CHECK(rb_sizes_distinct(&s, d, 10) == 3, "sweep distinct");
	T_CHECK(rb_sizes_set_repeat(&s, 2) == 0, "repeat 2");
	t_seq(&s, want_rep, 7, "sweep repeat 2");
	T_CHECK(rb_sizes_set_repeat(&s, 0) == -EINVAL, "repeat 0");
	rb_sizes_rewind(&s);
	t_seq(&s, want_rep, 7, "sweep rewound");

	T_CHECK(rb_sizes_sweep(&s, 16, 496, 1, 0, err, sizeof(err)) == 0, "full sweep");
	T_CHECK(rb_sizes_distinct(&s, d, RB_MAX_FRAME + 1) == 481 && d[480] == 496,
		"481 sizes from 16 to 496");
	for (unsigned v = 16; v <= 496; v++)
		T_CHECK(rb_sizes_next(&s) == v, "full sweep at %u", v);
	T_CHECK(rb_sizes_next(&s) == 16, "full sweep wraps");
	T_CHECK(rb_sizes_distinct(&s, d, 2) == 481, "distinct counts past max");
}

static void test_random(void)
{
	struct rb_sizes a, b, c;
	char err[256];
	unsigned seen[RB_MAX_FRAME + 1] = {0};
	int differ = 0;

	T_CHECK(rb_sizes_random(&a, 20, 30, 42, 0, err, sizeof(err)) == 0, "random a");
	T_CHECK(rb_sizes_random(&b, 20, 30, 42, 0, err, sizeof(err)) == 0, "random b");
	T_CHECK(rb_sizes_random(&c, 20, 30, 43, 0, err, sizeof(err)) == 0, "random c");
	for (int i = 0; i < 11000; i++) {
		uint16_t x = rb_sizes_next(&a), y = rb_sizes_next(&b), z = rb_sizes_next(&c);

		T_CHECK(x == y, "same seed, same sequence at %d", i);
		differ += x != z;
		T_CHECK(x >= 20 && x <= 30, "in bounds: %u", x);
		if (x <= RB_MAX_FRAME)
			seen[x]++;
	}
	T_CHECK(differ > 5000, "another seed gives another sequence (%d differ)", differ);
	/* Uniform: 1000 expected per value; 5 sigma is about 150. */
	for (unsigned v = 20; v <= 30; v++)
		T_CHECK(seen[v] > 800 && seen[v] < 1200, "value %u seen %u times", v, seen[v]);
	/* The first values of seed 42 are fixed forever: reports must be reproducible. */
	rb_sizes_rewind(&a);
	{
		uint64_t st = 42;
		uint16_t first = (uint16_t)(20 + (((rb_splitmix64(&st) >> 32) * 11) >> 32));

		T_CHECK(rb_sizes_next(&a) == first, "rewind restarts from the seed");
	}
	/* splitmix64 reference value (seed 0, first output 0xE220A8397B1DCDAF). */
	{
		uint64_t st = 0;

		T_CHECK(rb_splitmix64(&st) == 0xE220A8397B1DCDAFull, "splitmix64 reference");
	}
	T_CHECK(rb_sizes_random(&a, 496, 496, 1, 0, err, sizeof(err)) == 0 &&
			rb_sizes_next(&a) == 496,
		"degenerate range");
}

struct bad_case {
	const char *spec;
	unsigned mtu;
	const char *needle; /* must appear in the message */
};

static void test_parse(void)
{
	static const struct bad_case bad[] = {
		{"8", 0, "8 is below the minimum of 16"},
		{"15", 0, "15"},
		{"497", 0, "497 is above the endpoint's MTU of 496"},
		{"600", 496, "600"},
		{"300", 256, "MTU of 256"},
		{"64,16,700", 0, "700"},
		{"16-600", 0, "600"},
		{"16-600:16", 0, "600"},
		{"100-50", 0, "100-50"},
		{"16-496:0", 0, "step 0"},
		{"random:8-64", 0, "8"},
		{"random:64-32", 0, "64-32"},
		{"", 0, "empty"},
		{"abc", 0, "'abc'"},
		{"64x", 0, "'64x'"},
		{"64,", 0, "'64,'"},
		{"-5", 0, "'-5'"},
		{"random:64", 0, "'random:64'"},
		{"99999999999", 0, "'99999999999'"},
		{"16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,"
		 "16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,"
		 "16,16,16,16,16,16,16,16,16,16,16",
		 0, "too many"},
	};
	struct rb_sizes s;
	char err[256];

	T_CHECK(rb_sizes_parse(&s, "64", 0, err, sizeof(err)) == 0 && s.kind == RB_SIZES_FIXED &&
			rb_sizes_next(&s) == 64,
		"parse fixed");
	T_CHECK(rb_sizes_parse(&s, "16,64,256", 0, err, sizeof(err)) == 0 &&
			s.kind == RB_SIZES_LIST && s.n == 3 && s.values[2] == 256,
		"parse list");
	T_CHECK(rb_sizes_parse(&s, "16-496", 0, err, sizeof(err)) == 0 &&
			s.kind == RB_SIZES_SWEEP && s.step == 1 && s.max == 496,
		"parse sweep");
	T_CHECK(rb_sizes_parse(&s, "16-496:16", 0, err, sizeof(err)) == 0 && s.step == 16 &&
			s.max == 496,
		"parse sweep step");
	T_CHECK(rb_sizes_parse(&s, "random:16-496", 0, err, sizeof(err)) == 0 &&
			s.kind == RB_SIZES_RANDOM && s.seed == RB_SIZES_DEFAULT_SEED,
		"parse random");
	T_CHECK(rb_sizes_parse(&s, "random:16-496:9223372036854775807", 0, err, sizeof(err)) == 0 &&
			s.seed == INT64_MAX,
		"parse random seed");
	T_CHECK(rb_sizes_parse(&s, "random:16-496:9223372036854775808", 0, err, sizeof(err)) ==
				-EINVAL &&
			strstr(err, "9223372036854775808"),
		"seed above 2^63 - 1: %s", err);
	T_CHECK(rb_sizes_parse(&s, "496", 496, err, sizeof(err)) == 0, "MTU itself is fine");
	T_CHECK(rb_sizes_parse(&s, "496", 4096, err, sizeof(err)) == 0, "large MTU capped");
	T_CHECK(rb_sizes_parse(&s, "497", 4096, err, sizeof(err)) == -EINVAL,
		"frame limit even with a large MTU");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret;

		err[0] = '\0';
		ret = rb_sizes_parse(&s, bad[i].spec, bad[i].mtu, err, sizeof(err));
		T_CHECK(ret == -EINVAL, "'%.20s' mtu %u: ret %d", bad[i].spec, bad[i].mtu, ret);
		T_CHECK(strstr(err, bad[i].needle) != NULL, "'%.20s': message '%s' lacks '%s'",
			bad[i].spec, err, bad[i].needle);
	}
	/* A NULL or empty error buffer is allowed. */
	T_CHECK(rb_sizes_parse(&s, "8", 0, NULL, 0) == -EINVAL, "no error buffer");
	T_CHECK(rb_sizes_parse(&s, NULL, 0, err, sizeof(err)) == -EINVAL, "NULL spec");

	/* Checking against a smaller MTU found later (e.g. the endpoint's). */
	T_CHECK(rb_sizes_parse(&s, "16-300:4", 0, err, sizeof(err)) == 0, "sweep to 300");
	T_CHECK(rb_sizes_check(&s, 496, err, sizeof(err)) == 0, "fits 496");
	T_CHECK(rb_sizes_check(&s, 256, err, sizeof(err)) == -EINVAL && strstr(err, "300"),
		"300 > 256: '%s'", err);
	T_CHECK(!strcmp(rb_sizes_kind_name(RB_SIZES_SWEEP), "sweep") &&
			!strcmp(rb_sizes_kind_name(RB_SIZES_RANDOM), "random") &&
			!strcmp(rb_sizes_kind_name(RB_SIZES_LIST), "list") &&
			!strcmp(rb_sizes_kind_name(RB_SIZES_FIXED), "fixed"),
		"kind names");
}

int main(void)
{
	test_kinds();
	test_random();
	test_parse();
	return t_result("test-sizes");
}
