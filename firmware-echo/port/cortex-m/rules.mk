# firmware-echo/port/cortex-m/rules.mk - how every Cortex-M board image is built.
#
# Included once by the first board.mk that needs it. A board.mk sets
#   FW_<board>_CPU     -mcpu=... (and -DRB_CM_M7 on a Cortex-M7)
#   FW_<board>_SRCS    C sources (port + cortex-m layer + portable core)
#   FW_<board>_FLAGS   defines and include paths
#   FW_<board>_LD      the board's memory.ld (MEMORY + include sections.ld)
#   FW_<board>_TEXT_MAX / FW_<board>_DATA_MAX   budgets in bytes for the
#                      loaded image (m_text) and for data + bss + stack
# and calls $(eval $(call rb_fw_board,<board>)).
#
# Outputs (not under $(BUILD): images do not depend on SANITIZE), per board:
#   build/fw/<board>/rb-echo-<board>.elf   for remoteproc and bootaux
#   build/fw/<board>/rb-echo-<board>.bin   raw image of m_text (bootaux, JTAG)
#   build/fw/<board>/rb-echo-<board>.map   linker map
#   build/fw/<board>/rb-echo-<board>.size  text/data/bss and the budget check

ifndef RB_FW_RULES
RB_FW_RULES := 1

CROSS_COMPILE ?= arm-none-eabi-
FW_CC := $(CROSS_COMPILE)gcc
FW_OBJCOPY := $(CROSS_COMPILE)objcopy
FW_SIZE := $(CROSS_COMPILE)size
FW_HAVE_CC := $(shell command -v $(FW_CC) 2>/dev/null)
FW_OUT := build/fw
FW_CM := firmware-echo/port/cortex-m

# Firmware flags: freestanding C11, every warning an error, section GC.
# Soft-float ABI: the firmware does no floating point, so the FPU stays off
# and exceptions never stack FP context.
FW_CFLAGS ?= -O2 -g
override FW_CFLAGS += -std=c11 -ffreestanding -fno-common -mthumb -mfloat-abi=soft \
	-ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror -Wshadow -Wconversion -Wdouble-promotion \
	-Wstrict-prototypes -Wmissing-prototypes -MMD -MP \
	-I$(FW_CM) -Ifirmware-echo/port -Ifirmware-echo -Ibench/proto
FW_LDFLAGS := -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments

FW_CM_SRCS := $(FW_CM)/startup.c $(FW_CM)/fault.c $(FW_CM)/semihost.c $(FW_CM)/ticks.c \
	$(FW_CM)/cm_port.c $(FW_CM)/mpu.c

FW_BOARDS :=

# The portable firmware (rpmsg stack, echo core, rb_fw_main()) as published
# by firmware-echo/firmware.mk, which sets these before including us.
FW_PORT_MAIN_SRCS := $(FW_CORE_SRCS)
FW_PORT_INC := $(FW_CORE_INC)

.PHONY: firmware fw-missing-toolchain
fw-missing-toolchain:
	@echo "firmware: $(FW_CC) not found (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi, or make deps)" >&2
	@false

# $(1) = board name
define rb_fw_board
FW_BOARDS += $(1)
FW_$(1)_DIR := $(FW_OUT)/$(1)
FW_$(1)_OBJS := $$(patsubst %.c,$(FW_OUT)/$(1)/obj/%.o,$$(FW_$(1)_SRCS))
FW_$(1)_ELF := $(FW_OUT)/$(1)/rb-echo-$(1).elf

$(FW_OUT)/$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	$$(call msg,FWCC,$$@)
	$$(Q)$$(FW_CC) $$(FW_$(1)_CPU) $$(FW_CFLAGS) $$(FW_$(1)_FLAGS) -c -o $$@ $$<

$(FW_OUT)/$(1)/rb-echo-$(1).elf: $$(FW_$(1)_OBJS) $$(FW_$(1)_LD) $(FW_CM)/sections.ld
	$$(call msg,FWLD,$$@)
	$$(Q)$$(FW_CC) $$(FW_$(1)_CPU) -mthumb -mfloat-abi=soft $(FW_LDFLAGS) \
		-T $$(FW_$(1)_LD) -L $(FW_CM) -Wl,-Map=$(FW_OUT)/$(1)/rb-echo-$(1).map \
		-o $$@ $$(FW_$(1)_OBJS) -lc -lgcc

$(FW_OUT)/$(1)/rb-echo-$(1).bin: $(FW_OUT)/$(1)/rb-echo-$(1).elf
	$$(call msg,OBJCOPY,$$@)
	$$(Q)$$(FW_OBJCOPY) -O binary -j .vectors -j .resource_table -j .text -j .ARM.exidx \
		-j .data $$< $$@

$(FW_OUT)/$(1)/rb-echo-$(1).size: $(FW_OUT)/$(1)/rb-echo-$(1).elf $(FW_OUT)/$(1)/rb-echo-$(1).bin \
		$(FW_CM)/fw-size.sh
	$$(Q)FW_SIZE=$$(FW_SIZE) $(FW_CM)/fw-size.sh $(1) $$< $$(FW_$(1)_TEXT_MAX) \
		$$(FW_$(1)_DATA_MAX) >$$@.tmp && mv $$@.tmp $$@ || { cat $$@.tmp >&2; rm -f $$@.tmp; false; }

.PHONY: fw-$(1)
fw-$(1): $(FW_OUT)/$(1)/rb-echo-$(1).size
	@cat $$<

ifneq ($(FW_HAVE_CC),)
firmware: fw-$(1)
FW_IMAGES += $(FW_OUT)/$(1)/rb-echo-$(1).size
TEST_BINS += $(FW_OUT)/$(1)/rb-echo-$(1).size
else
firmware: fw-missing-toolchain
endif
endef

include tests/fw-qemu/fw-qemu.mk
-include tests/fw-static/fw-static.mk

# `make check` builds the images (TEST_BINS: the static and QEMU tests use
# them) when the cross compiler is there; `make` alone never needs it.
endif
