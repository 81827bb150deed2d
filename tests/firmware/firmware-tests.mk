# tests/firmware/firmware-tests.mk - tests of the echo firmware (included by firmware-echo/firmware.mk).
#
# Each tests/firmware/test-*.c is one program, linked with the Linux-side
# model (linux_model.c), the helpers (fwtest.c) and the host firmware library
# (for tests that run the firmware in their own process).

FWT_INC := -Itests/firmware $(FW_HOST_INC)
FWT_LIB_SRCS := tests/firmware/linux_model.c tests/firmware/fwtest.c tests/firmware/inproc.c
FWT_LIB_OBJS := $(FWT_LIB_SRCS:%.c=$(BUILD)/%.o)
FWT_SRCS := $(wildcard tests/firmware/test-*.c)
FWT_BINS := $(FWT_SRCS:%.c=$(BUILD)/%)

$(FWT_LIB_OBJS) $(FWT_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/tests/firmware/fw-bench.o: \
	PART_CFLAGS := $(FWT_INC)

$(BUILD)/tests/firmware/test-%: $(BUILD)/tests/firmware/test-%.o $(FWT_LIB_OBJS) $(FW_HOST_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# The tests run rb-fw-host from the same build.
$(FWT_BINS): | $(RB_FW_HOST)

TEST_BINS += $(FWT_BINS)
TESTS += $(FWT_BINS)

# make bench: instructions per echoed message (callgrind), per size.
FW_BENCH := $(BUILD)/tests/firmware/fw-bench
$(FW_BENCH): $(BUILD)/tests/firmware/fw-bench.o $(FWT_LIB_OBJS) $(FW_HOST_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

.PHONY: bench-firmware
bench-firmware: $(FW_BENCH)
	@echo "firmware: instructions per echoed message (host build, callgrind, rb_fw_poll)"
	$(Q)tests/firmware/fw-bench.sh $(FW_BENCH) 16 64 256 496
bench: bench-firmware
