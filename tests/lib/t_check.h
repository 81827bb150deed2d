/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * t_check.h - checks for the unit tests (one program per test, one source file each).
 *
 * A failed check prints where and why and counts; the test goes on so one run shows every
 * failure. main() ends with `return t_result("test-name");`: exit status 0 when every check
 * passed, 1 otherwise (the runner's convention; 77 is a skip, printed as "SKIP: reason").
 */
#ifndef T_CHECK_H
#define T_CHECK_H

#include <stdio.h>

static int t_failed;

/* Check cond; on failure print file:line, the condition and a printf-style explanation. */
#define T_CHECK(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			t_failed++;                                                                \
		}                                                                                  \
	} while (0)

/* Record a failure with a printf-style explanation. */
#define T_FAIL(...)                                                                                \
	do {                                                                                       \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
		fprintf(stderr, __VA_ARGS__);                                                      \
		fputc('\n', stderr);                                                               \
		t_failed++;                                                                        \
	} while (0)

#define T_EXPECT(cond, ...)                                                                        \
	do {                                                                                       \
		if (!(cond))                                                                       \
			T_FAIL(__VA_ARGS__);                                                       \
	} while (0)

/* The test's exit status, with a closing line naming the test. */
static inline int t_result(const char *name)
{
	if (t_failed) {
		fprintf(stderr, "%s: %d checks failed\n", name, t_failed);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif /* T_CHECK_H */
