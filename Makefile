# rpmsg-bench - one non-recursive Makefile.
#
# Each part adds its programs, tests and rules in its own fragment:
#   bench/bench.mk            the Linux benchmark (rpmsg-bench)
#   firmware-echo/firmware.mk the echo firmware (host build and board images)
#   target/target.mk          the test VM and target-side helpers
#   reports/reports.mk        rpmsg-report (figures, pages, comparisons)
#   tests/tests.mk            test peers and tests that span parts
#
# Everything is built under $(BUILD). `make V=1` shows the commands,
# `make SANITIZE=1` builds the host code with ASan and UBSan (in build/san).
#
# User-facing targets:
#   make            build the benchmark, the host firmware and the tools
#   make check      install what is missing, build everything, run every test
#   make demo       install what is missing, build, run the main job on the default target
#   make bench      performance figures, measured side by side
#   make firmware   every firmware image
#   make format     clang-format the C sources

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

V ?= 0
Q := $(if $(filter 1,$(V)),,@)
SANITIZE ?=
BUILD ?= build/$(if $(SANITIZE),san,rel)

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
LDFLAGS ?=

# Flags every host object needs, whatever the user set.
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -MMD -MP
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
endif

# Compile rule shared by every host object; parts add include paths and
# flags per object with target-specific PART_CFLAGS.
msg = $(if $(filter 1,$(V)),,@printf '  %-7s %s\n' '$(1)' '$(2)';)
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(PART_CFLAGS) -c -o $@ $<

# Filled in by the fragments.
BINS :=
TESTS :=
TEST_BINS :=
BENCHES :=
CLEAN_EXTRA :=

include bench/bench.mk
include firmware-echo/firmware.mk
include target/target.mk
include reports/reports.mk
include tests/tests.mk

.PHONY: all check check-build check-run demo bench firmware format deps clean

all: $(BINS)

deps:
	$(Q)scripts/install-deps.sh

# The host code is tested under ASan/UBSan (build/san); the test VM and the
# emulated boards use the release build (build/rel) because they run it in a
# guest or under QEMU.
check: deps
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 check-build
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 check-run

check-build: all $(TEST_BINS)

check-run:
	$(Q)RB_ROOT="$(CURDIR)" RB_BUILD="$(CURDIR)/$(BUILD)" RB_BUILD_REL="$(CURDIR)/build/rel" \
		scripts/run-tests.sh $(TESTS)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)RB_ROOT="$(CURDIR)" RB_BUILD="$(CURDIR)/$(BUILD)" scripts/demo.sh

# Each part adds its measurements as prerequisites (bench: bench-core ...).
bench:

format:
	$(Q)find bench firmware-echo reports target tests -name '*.[ch]' -not -path '*/vm/kmod/*' \
		| xargs clang-format -i

clean:
	rm -rf build $(CLEAN_EXTRA)

-include $(shell find build -path build/vm -prune -o -name '*.d' -type f -print 2>/dev/null)
