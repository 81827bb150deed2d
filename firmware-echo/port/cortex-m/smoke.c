/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * smoke.c - stand-in entry point used only while the portable firmware core
 * is not part of the build: brings the port up, prints the timer rate and
 * exits. Carries a resource table with the board's addresses so the image
 * has the same shape as the real one.
 */
#include <stdint.h>

#include "board_config.h"
#include "cm.h"
#include "port.h"

struct smoke_rsc {
	uint32_t ver, num, reserved[2], offset[1];
	uint32_t type, id, notifyid, dfeatures, gfeatures, config_len;
	uint8_t status, num_of_vrings, vreserved[2];
	uint32_t vring[2][5];
} __attribute__((packed));

__attribute__((section(".resource_table"), used, aligned(8)))
const struct smoke_rsc rb_smoke_rsc_table = {
	.ver = 1,
	.num = 1,
	.offset = {0x14},
	.type = 3,
	.id = 7,
	.dfeatures = 1,
	.num_of_vrings = 2,
	.vring = {{RB_BOARD_VRING0_DA, RB_BOARD_VRING_ALIGN, 256, 0, 0},
		  {RB_BOARD_VRING1_DA, RB_BOARD_VRING_ALIGN, 256, 1, 0}},
};

int main(void)
{
	static const char hello[] = "rb-echo smoke: ";
	int ret = port_init();

	port_console_write(hello, sizeof(hello) - 1);
	port_console_write(port_board_name(), 10);
	port_console_write("\r\n", 2);
	rb_cm_console_hex("ticks_hz", port_ticks_hz());
	uint64_t t0 = port_ticks();
	port_delay_us(1000);
	rb_cm_console_hex("ticks per ms", (uint32_t)(port_ticks() - t0));
	return ret;
}
