# tests/tests.mk - test peers and script tests.
#
# Every tests/*/test-*.sh is a test; scripts find programs through
# $RB_BUILD (this build) and $RB_BUILD_REL (the release build).
TESTS += $(sort $(wildcard tests/*/test-*.sh))
