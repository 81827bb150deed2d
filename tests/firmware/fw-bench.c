/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fw-bench.c - echo `count` data frames of `size` bytes through the firmware
 * (host port, in-process, one rb_fw_poll() per message) so callgrind can
 * count the instructions the stack and the echo core execute per message:
 *
 *   fw-bench SIZE COUNT
 *
 * Each message is sent by the Linux model, taken off vring1, echoed into a
 * vring0 buffer and received back with its content checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "rb_frame.h"
#include "rb_fw.h"

int main(int argc, char **argv)
{
	uint8_t buf[RB_MAX_FRAME];
	struct lm_msg msg;
	char path[64];
	struct lm m;
	long size, count;

	if (argc != 3)
		return 2;
	size = strtol(argv[1], NULL, 0);
	count = strtol(argv[2], NULL, 0);
	if (size < (long)RB_MIN_FRAME || size > (long)RB_MAX_FRAME || count < 1)
		return 2;
	snprintf(path, sizeof(path), "/dev/shm/rb-fwbench-%d", (int)getpid());
	if (t_inproc_open(&m, path, 1u << 20)) {
		fprintf(stderr, "fw-bench: set-up failed\n");
		return 1;
	}
	/* Linux's kicks are not needed in-process: the firmware polls the rings. */
	m.kick_on_send = false;
	m.kick_on_refill = false;
	for (long i = 0; i < count; i++) {
		rb_frame_build_data(buf, (size_t)size, (uint32_t)i, 0);
		if (lm_send(&m, 0x400, RB_CHAN_RAW_ADDR, buf, (size_t)size))
			return 1;
		rb_fw_poll();
		if (lm_recv(&m, &msg, 0) != 1 || msg.len != size ||
		    memcmp(msg.data, buf, (size_t)size)) {
			fprintf(stderr, "fw-bench: message %ld not echoed\n", i);
			return 1;
		}
	}
	t_inproc_close(&m, path);
	return 0;
}
