# bench/bench.mk - the benchmark, rpmsg-bench (runs on the target).
#
# Every bench/*.c except main.c goes into librb.a, which the program and the
# unit tests link; tests/bench/test-*.c are unit tests, one program each.

BENCH_PKGS := liburing jansson
BENCH_CFLAGS := -Ibench -Ibench/proto $(shell $(PKG_CONFIG) --cflags $(BENCH_PKGS) 2>/dev/null)
BENCH_LIBS := $(shell $(PKG_CONFIG) --libs $(BENCH_PKGS) 2>/dev/null) -lm

BENCH_SRCS := $(filter-out bench/main.c,$(wildcard bench/*.c)) bench/proto/rb_frame.c
BENCH_OBJS := $(BENCH_SRCS:%.c=$(BUILD)/%.o)
BENCH_LIB := $(BUILD)/lib/librb.a
RPMSG_BENCH := $(BUILD)/bin/rpmsg-bench

$(BENCH_OBJS) $(BUILD)/bench/main.o: PART_CFLAGS := $(BENCH_CFLAGS)

$(BENCH_LIB): $(BENCH_OBJS)
	@mkdir -p $(@D)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

ifneq ($(wildcard bench/main.c),)
$(RPMSG_BENCH): $(BUILD)/bench/main.o $(BENCH_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BENCH_LIBS)
BINS += $(RPMSG_BENCH)
endif

# Unit tests of the benchmark's modules.
BENCH_TEST_SRCS := $(wildcard tests/bench/test-*.c)
BENCH_TESTS := $(BENCH_TEST_SRCS:%.c=$(BUILD)/%)
$(BENCH_TEST_SRCS:%.c=$(BUILD)/%.o): PART_CFLAGS := $(BENCH_CFLAGS) -Itests/lib
$(BUILD)/tests/bench/%: $(BUILD)/tests/bench/%.o $(BENCH_LIB)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(BENCH_LIBS)
TEST_BINS += $(BENCH_TESTS)
TESTS += $(BENCH_TESTS)

# `make bench`: the benchmark core against a bare write/read loop on the
# same PTY echo peer (scripts/bench-core.sh; figures in docs/benchmark.md).
.PHONY: bench-core
bench: bench-core
bench-core: $(RPMSG_BENCH) $(BUILD)/bin/rb-pty-peer $(BUILD)/bin/rb-bare-loop
	$(Q)RB_ROOT="$(CURDIR)" RB_BUILD="$(CURDIR)/$(BUILD)" scripts/bench-core.sh
