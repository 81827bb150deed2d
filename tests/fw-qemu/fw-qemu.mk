# tests/fw-qemu/fw-qemu.mk - the host program that drives the MPS2 images
# under qemu-system-arm (included by firmware-echo/port/cortex-m/rules.mk).
#
# $(BUILD)/bin/rb-fwq-driver links the Linux-side model and the firmware test
# helpers (tests/firmware/), so it is built wherever they are.
RB_FWQ_DRIVER := $(BUILD)/bin/rb-fwq-driver

$(BUILD)/tests/fw-qemu/fwq-driver.o: PART_CFLAGS := $(FWT_INC) -I$(FW_CM)/mps2

$(RB_FWQ_DRIVER): $(BUILD)/tests/fw-qemu/fwq-driver.o $(FWT_LIB_OBJS) $(FW_HOST_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

TEST_BINS += $(RB_FWQ_DRIVER)

# make bench: instructions per echo on the emulated M7 (QEMU -icount), image sizes.
.PHONY: bench-boards
bench-boards: $(RB_FWQ_DRIVER) $(if $(FW_HAVE_CC),firmware)
	$(Q)tests/fw-qemu/bench-boards.sh "$(CURDIR)/$(BUILD)"
bench: bench-boards
