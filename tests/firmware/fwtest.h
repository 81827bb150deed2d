/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fwtest.h - helpers of the firmware tests: run rb-fw-host in its own process
 * against the Linux model, and speak the wire protocol to it.
 */
#ifndef FWTEST_H
#define FWTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "linux_model.h"
#include "rb_frame.h"
#include "rb_proto.h"

#define T_SHM_SIZE (1u << 20)
#define T_SRC	   0x400u /* Linux's first dynamic address (RPMSG_RESERVED_ADDRESSES) */

#define t_fail(...)                                                                                \
	do {                                                                                       \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
		fprintf(stderr, __VA_ARGS__);                                                      \
		fputc('\n', stderr);                                                               \
		exit(1);                                                                           \
	} while (0)

#define t_check(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond))                                                                       \
			t_fail(__VA_ARGS__);                                                       \
	} while (0)

struct t_fw {
	char shm[64];
	char stats[80];
	pid_t pid;
	struct lm lm;
	uint32_t seq;
};

/*
 * Create a shared file, start $RB_BUILD/bin/rb-fw-host on it (base_pa, extra
 * arguments appended, NULL-terminated), open the model, wait for the remote
 * and probe (lm_start), then, when want_ns, wait for the three default
 * announcements. Fails the test on any error.
 */
void t_fw_start(struct t_fw *f, uint64_t base_pa, bool want_ns, const char *const *extra);

/* SIGTERM the remote, wait for it, read its --stats-out file into *st (may be NULL). */
void t_fw_stop(struct t_fw *f, struct rb_stats *st);

/* Send a protocol frame of `n` bytes to dst; retries while no TX buffer (up to 5 s). */
void t_send(struct t_fw *f, uint32_t dst, const uint8_t *frame, size_t n);

/* Receive one message (fails after timeout_ms). */
void t_recv(struct t_fw *f, struct lm_msg *msg, int timeout_ms);

/*
 * Control request type with payload on channel dst (a message channel); the
 * reply is parsed and checked (type reply_type, seq) and its payload copied
 * to out (out_len bytes expected exactly).
 */
void t_ctrl(struct t_fw *f, uint32_t dst, uint8_t type, const void *payload, uint16_t len,
	    uint8_t reply_type, void *out, uint16_t out_len);

/* Fetch the firmware's counters with RB_T_STATS on channel dst. */
void t_stats(struct t_fw *f, uint32_t dst, struct rb_stats *st);

/* Expect no message within ms milliseconds. */
void t_expect_silence(struct t_fw *f, int ms);

#endif /* FWTEST_H */
