/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_fw.c - the portable main loop (see rb_fw.h).
 */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "port.h"
#include "rb_fw.h"
#include "rb_rpmsg.h"

#define RB_FW_CHAN(name, addr, kind, announce) {name, addr, kind, announce},
const struct rb_channel rb_fw_default_channels[] = {RB_CFG_CHANNELS(RB_FW_CHAN)};
const uint32_t rb_fw_default_nchannels =
	(uint32_t)(sizeof(rb_fw_default_channels) / sizeof(rb_fw_default_channels[0]));
_Static_assert(sizeof(rb_fw_default_channels) / sizeof(rb_fw_default_channels[0]) <=
		       RB_CFG_MAX_CHANNELS,
	       "RB_CFG_CHANNELS lists more than RB_CFG_MAX_CHANNELS channels");

static struct {
	struct rb_stats st;
	struct rb_rpmsg_dev dev;
	struct rb_echo echo;
} fw;

int rb_fw_init(const struct rb_channel *ch, uint32_t n)
{
	if (!ch) {
		ch = rb_fw_default_channels;
		n = rb_fw_default_nchannels;
	}
	memset(&fw.st, 0, sizeof(fw.st));
	rb_rpmsg_init(&fw.dev, &fw.st);
	return rb_echo_init(&fw.echo, &fw.dev, &fw.st, ch, n);
}

static uint32_t popcount32(uint32_t v)
{
	uint32_t n = 0;

	for (; v; v &= v - 1u)
		n++;
	return n;
}

int rb_fw_poll(void)
{
	uint32_t kicks = port_take_kicks();
	uint64_t kick_at = 0, now;
	struct rb_rpmsg_rx m;
	int work = 0;
	uint32_t budget = RB_CFG_RX_BUDGET;

	if (kicks) {
		kick_at = port_ticks();
		fw.st.kicks_rx += popcount32(kicks);
	}
	if (!fw.dev.link_up) {
		if (rb_rpmsg_link(&fw.dev, kicks != 0) != 1)
			return 0;
		rb_echo_link_up(&fw.echo, port_ticks());
		rb_rpmsg_flush_notify(&fw.dev);
		return 1;
	}
	if (rb_rpmsg_reset_seen(&fw.dev))
		return 1;
	while (budget-- && rb_rpmsg_rx_peek(&fw.dev, &m)) {
		/* The time the message was taken off vring1 (rb_remote_ts.rx_ticks). */
		if (rb_echo_handle(&fw.echo, &m, port_ticks()) == -EAGAIN)
			break;
		rb_rpmsg_rx_done(&fw.dev, &m);
		work++;
	}
	if (kicks) {
		now = port_ticks();
		if (now - kick_at > fw.st.worst_kick_ticks)
			fw.st.worst_kick_ticks = now - kick_at;
	}
	/* The replies go out before any stall fault in rb_echo_poll(). */
	rb_rpmsg_flush_notify(&fw.dev);
	work += rb_echo_poll(&fw.echo, port_ticks());
	rb_rpmsg_flush_notify(&fw.dev);
	return work;
}

uint32_t rb_fw_next_wait_us(void)
{
	if (!fw.dev.link_up)
		return RB_CFG_IDLE_WAIT_US;
	return rb_echo_next_us(&fw.echo, port_ticks(), RB_CFG_IDLE_WAIT_US);
}

const struct rb_stats *rb_fw_stats(void)
{
	return &fw.st;
}

int rb_fw_link_up(void)
{
	return fw.dev.link_up;
}

_Noreturn void rb_fw_main(void)
{
	int ret = port_init();

	if (!ret)
		ret = rb_fw_init(NULL, 0);
	if (ret) {
		static const char msg[] = "rb-fw: init failed\n";

		port_console_write(msg, sizeof(msg) - 1u);
		port_exit(1);
	}
	for (;;)
		if (!rb_fw_poll())
			port_wait_event(rb_fw_next_wait_us());
}
