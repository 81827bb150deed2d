# tests/fw-static/fw-static.mk - the static image checker (included by
# firmware-echo/port/cortex-m/rules.mk). A host program, built whether or
# not the cross compiler is there; the tests skip without images.
RB_RSC_CHECK := $(BUILD)/bin/rb-rsc-check

$(RB_RSC_CHECK): $(BUILD)/tests/fw-static/rsc-check.o
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

TEST_BINS += $(RB_RSC_CHECK)
