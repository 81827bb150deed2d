/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-fw-api.c - error contracts of the firmware's and the model's
 * functions, each with its exact errno: channel lists rb_fw_init() refuses,
 * rb_vring_init() and rb_rpmsg_send() limits, the host port's mapping, and
 * the Linux model's open/wait/send errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "linux_model.h"
#include "rb_fw.h"
#include "rb_host.h"
#include "rb_rpmsg.h"
#include "rb_vring.h"

#define EXPECT(expr, want)                                                                         \
	do {                                                                                       \
		long got_ = (long)(expr);                                                          \
		if (got_ != (long)(want)) {                                                        \
			fprintf(stderr, "FAIL %s:%d: %s = %ld, want %ld\n", __FILE__, __LINE__,    \
				#expr, got_, (long)(want));                                        \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

static char path[64];

static void make_file(size_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, (off_t)size)) {
		perror(path);
		exit(1);
	}
	close(fd);
}

int main(void)
{
	struct rb_channel ch[RB_CFG_MAX_CHANNELS + 1];
	static uint8_t ring[0x4000] __attribute__((aligned(16)));
	static uint8_t big[RB_CFG_MAX_PAYLOAD + 1];
	struct rb_rpmsg_dev dev;
	struct rb_stats st;
	struct rb_vring vr;
	struct lm_config cfg;
	struct lm m;

	snprintf(path, sizeof(path), "/dev/shm/rb-fwapi-%d", (int)getpid());

	/* rb_fw_init: the default list, then lists it must refuse */
	EXPECT(rb_fw_init(NULL, 0), 0);
	for (uint32_t i = 0; i <= RB_CFG_MAX_CHANNELS; i++)
		ch[i] = (struct rb_channel){"c", 100 + i, RB_CH_MSG, 1};
	EXPECT(rb_fw_init(ch, RB_CFG_MAX_CHANNELS), 0);
	EXPECT(rb_fw_init(ch, RB_CFG_MAX_CHANNELS + 1), -EINVAL);
	ch[1].addr = ch[0].addr;
	EXPECT(rb_fw_init(ch, 2), -EINVAL); /* duplicate address */
	ch[1].addr = 53;
	EXPECT(rb_fw_init(ch, 2), -EINVAL); /* the name-service address */
	ch[1].addr = 101;
	ch[1].kind = 7;
	EXPECT(rb_fw_init(ch, 2), -EINVAL); /* unknown kind */
	ch[1].kind = RB_CH_STREAM;
	ch[1].name = NULL;
	EXPECT(rb_fw_init(ch, 2), -EINVAL);
	EXPECT(rb_fw_init(NULL, 0), 0);

	/* rb_vring_init */
	EXPECT(rb_vring_init(&vr, ring, 256, 0x1000, true, 512), 0);
	EXPECT(rb_vring_size(256, 0x1000), 0x2806);
	EXPECT(rb_vring_init(&vr, ring, 255, 0x1000, true, 512), -EINVAL);
	EXPECT(rb_vring_init(&vr, ring, 1, 0x1000, true, 512), -EINVAL);
	EXPECT(rb_vring_init(&vr, ring, 256, 0x1001, true, 512), -EINVAL);
	EXPECT(rb_vring_init(&vr, ring + 8, 256, 0x1000, true, 512), -EINVAL);

	/* rb_rpmsg_send before link-up and above the MTU */
	rb_rpmsg_init(&dev, &st);
	EXPECT(rb_rpmsg_send(&dev, 32, 0x400, big, sizeof(big)), -EMSGSIZE);
	EXPECT(rb_rpmsg_send(&dev, 32, 0x400, big, 16), -ENOBUFS);
	EXPECT(rb_rpmsg_ns_announce(&dev, "x", 32), -ENOBUFS);

	/* the host port's mapping */
	unlink(path);
	EXPECT(rb_host_map(path, 0, 0), -ENOENT);
	make_file(0x8000);
	EXPECT(rb_host_map(path, 0, 0), -EINVAL); /* smaller than the control block */
	make_file(1u << 20);
	EXPECT(rb_host_map(path, 0x1000, 0), -EINVAL);	/* control block below the base */
	EXPECT(rb_host_map(path, 0, 0xF8000), -EINVAL); /* beyond the end */

	/* the model */
	lm_config_default(&cfg, path, 0);
	cfg.num = 100;
	EXPECT(lm_open(&m, &cfg), -EINVAL); /* not a power of two */
	lm_config_default(&cfg, "/nonexistent/rb-fwapi", 0);
	EXPECT(lm_open(&m, &cfg), -ENOENT);
	make_file(0x50000);
	lm_config_default(&cfg, path, 0);
	EXPECT(lm_open(&m, &cfg), -EINVAL); /* the default layout needs 0x60000 bytes */
	make_file(1u << 20);
	EXPECT(lm_open(&m, &cfg), 0);
	EXPECT(lm_wait_ready(&m, 30), -ETIMEDOUT); /* nobody there */
	EXPECT(lm_send(&m, 0x400, 32, big, LM_MTU + 1), -EMSGSIZE);
	EXPECT(lm_ns_find(&m, "rpmsg-raw"), -ENOENT);
	cfg.kick_timeout_ms = 20;
	m.cfg.kick_timeout_ms = 20;
	EXPECT(lm_kick(&m, 1), -ETIME);
	EXPECT(m.mbox->l2r_failed, 1);
	/* all 256 TX buffers used and none returned */
	m.kick_on_send = false;
	for (int i = 0; i < 256; i++)
		EXPECT(lm_send(&m, 0x400, 32, "x", 1), 0);
	EXPECT(lm_send(&m, 0x400, 32, "x", 1), -EAGAIN);
	lm_close(&m);
	unlink(path);
	printf("PASS\n");
	return 0;
}
