# firmware-echo/firmware.mk - the echo firmware: host build and board images.
#
# For board ports (firmware-echo/port/<board>/board.mk):
#   FW_CORE_SRCS   portable sources to compile and link into every image
#                  (stack, echo core, main loop, resource table, frame codec)
#   FW_CORE_INC    include flags they need; add -Ifirmware-echo/port/<board>
#                  for the board's board_config.h
#   FW_ARM_CFLAGS  the warning/language flags the core is checked with
# Entry point: rb_fw_main() (rb_fw.h), or rb_fw_init() + rb_fw_poll(). The port
# provides port/port.h and, freestanding, memcpy/memset/memmove/strlen.
# The resource table is in section .resource_table: KEEP() it in the linker script.

FW_CORE_SRCS := firmware-echo/rb_fw.c firmware-echo/echo/rb_echo.c \
	firmware-echo/rpmsg/rb_rpmsg.c firmware-echo/rpmsg/rb_vring.c \
	firmware-echo/rpmsg/rb_rsc_table.c bench/proto/rb_frame.c
FW_CORE_INC := -Ifirmware-echo -Ifirmware-echo/port -Ifirmware-echo/rpmsg \
	-Ifirmware-echo/echo -Ibench/proto
FW_ARM_CFLAGS := -ffreestanding -Os -std=c11 -Wall -Wextra -Wconversion -Wdouble-promotion \
	-Werror

# --- host build: $(BUILD)/bin/rb-fw-host ------------------------------------
FW_HOST_DIR := firmware-echo/port/host
FW_HOST_INC := $(FW_CORE_INC) -I$(FW_HOST_DIR)
FW_HOST_SRCS := $(filter-out bench/proto/rb_frame.c,$(FW_CORE_SRCS)) \
	$(FW_HOST_DIR)/port_host.c
FW_HOST_OBJS := $(FW_HOST_SRCS:%.c=$(BUILD)/fwhost/%.o) $(BUILD)/fwhost/bench/proto/rb_frame.o
FW_HOST_LIB := $(BUILD)/lib/librbfw-host.a
RB_FW_HOST := $(BUILD)/bin/rb-fw-host

# The firmware objects get their own tree so the core's -Wconversion build
# does not clash with bench's rb_frame.o.
$(BUILD)/fwhost/%.o: %.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Wconversion -Wdouble-promotion $(FW_HOST_INC) -c -o $@ $<

$(FW_HOST_LIB): $(FW_HOST_OBJS)
	@mkdir -p $(@D)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(RB_FW_HOST): $(BUILD)/fwhost/$(FW_HOST_DIR)/main.o $(FW_HOST_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

BINS += $(RB_FW_HOST)

# --- check that the portable core builds for a Cortex-M7 ---------------------
FW_ARM_CC ?= $(CROSS_COMPILE_ARM)arm-none-eabi-gcc
.PHONY: firmware-core-arm
firmware-core-arm:
	$(Q)mkdir -p $(BUILD)/fwarm
	$(Q)for s in $(FW_CORE_SRCS); do \
		$(FW_ARM_CC) -mcpu=cortex-m7 -mthumb $(FW_ARM_CFLAGS) $(FW_CORE_INC) -I$(FW_HOST_DIR) \
			-c -o $(BUILD)/fwarm/$$(basename $$s .c).o $$s || exit 1; done
	$(call msg,ARM,core objects build for cortex-m7)

# --- tests --------------------------------------------------------------------
-include tests/firmware/firmware-tests.mk

# Board ports add their images in firmware-echo/port/<board>/board.mk.
-include $(wildcard firmware-echo/port/*/board.mk)
