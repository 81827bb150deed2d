# reports/reports.mk - rpmsg-report: figures, pages and comparisons from JSON reports.
#
# Runs on the host (or anywhere with gnuplot): reads reports with jansson,
# drives gnuplot for the figures. docs/reports.md is its manual.

REPORT_PKGS := jansson
REPORT_CFLAGS := -Ireports $(shell $(PKG_CONFIG) --cflags $(REPORT_PKGS) 2>/dev/null)
REPORT_LIBS := $(shell $(PKG_CONFIG) --libs $(REPORT_PKGS) 2>/dev/null) -lm

REPORT_SRCS := $(wildcard reports/*.c)
REPORT_OBJS := $(REPORT_SRCS:%.c=$(BUILD)/%.o)
RPMSG_REPORT := $(BUILD)/bin/rpmsg-report

$(REPORT_OBJS): PART_CFLAGS := $(REPORT_CFLAGS)

$(RPMSG_REPORT): $(REPORT_OBJS)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(REPORT_LIBS)
BINS += $(RPMSG_REPORT)

# Unit tests of the tool's modules: tests/reports/test-*.c, linked with every
# reports/*.c but main.c.
REPORT_LIB_OBJS := $(filter-out $(BUILD)/reports/main.o,$(REPORT_OBJS))
REPORT_TEST_SRCS := $(wildcard tests/reports/test-*.c)
REPORT_TESTS := $(REPORT_TEST_SRCS:%.c=$(BUILD)/%)
$(REPORT_TEST_SRCS:%.c=$(BUILD)/%.o): PART_CFLAGS := $(REPORT_CFLAGS)
$(BUILD)/tests/reports/%: $(BUILD)/tests/reports/%.o $(REPORT_LIB_OBJS)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(REPORT_LIBS)
TEST_BINS += $(REPORT_TESTS)
TESTS += $(REPORT_TESTS)
