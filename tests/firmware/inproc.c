/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * inproc.c - firmware and Linux model in one thread (see inproc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "inproc.h"
#include "port.h"
#include "rb_fw.h"
#include "rb_host.h"

int t_inproc_open(struct lm *m, const char *path, size_t size)
{
	struct lm_config cfg;
	struct lm_msg msg;
	int fd, ret;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -errno;
	ret = ftruncate(fd, (off_t)size) ? -errno : 0;
	close(fd);
	if (ret)
		return ret;
	ret = rb_host_map(path, 0, 0);
	if (!ret)
		ret = rb_fw_init(NULL, 0);
	if (!ret)
		ret = port_init();
	if (ret)
		return ret;
	lm_config_default(&cfg, path, 0);
	cfg.kick_wait = false;
	ret = lm_open(m, &cfg);
	if (!ret)
		ret = lm_wait_ready(m, 1000);
	if (!ret)
		ret = lm_start(m);
	if (ret)
		return ret;
	t_inproc_pump(2);
	while (lm_recv(m, &msg, 0) == 1)
		;
	return m->nns == 3 ? 0 : -EPROTO;
}

void t_inproc_pump(int n)
{
	while (n-- > 0)
		rb_fw_poll();
}

int t_inproc_recv(struct lm *m, struct lm_msg *msg)
{
	for (int i = 0; i < 1000; i++) {
		if (lm_recv(m, msg, 0) == 1)
			return 1;
		rb_fw_poll();
	}
	return 0;
}

void t_inproc_close(struct lm *m, const char *path)
{
	lm_close(m);
	rb_host_unmap();
	unlink(path);
}
