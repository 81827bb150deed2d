# tests/tests.mk - test peers and script tests.
#
# Every tests/*/test-*.sh is a test; scripts find programs through
# $RB_BUILD (this build) and $RB_BUILD_REL (the release build).
TESTS += $(sort $(wildcard tests/*/test-*.sh))

# Peers for the PTY tier: an echo peer with fault injection, and the bare
# write/read loop that `make bench` compares the benchmark with.
PEER_OBJS := $(BUILD)/bench/proto/rb_frame.o
$(BUILD)/tests/peers/%.o: PART_CFLAGS := -Ibench/proto
$(BUILD)/bin/rb-pty-peer: $(BUILD)/tests/peers/rb-pty-peer.o $(PEER_OBJS)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
TEST_BINS += $(BUILD)/bin/rb-pty-peer
$(BUILD)/bin/rb-bare-loop: $(BUILD)/tests/peers/rb-bare-loop.o
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
TEST_BINS += $(BUILD)/bin/rb-bare-loop
