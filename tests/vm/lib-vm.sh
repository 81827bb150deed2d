# shellcheck shell=bash
# shellcheck disable=SC2034  # variables used by the tests that source this file
# lib-vm.sh - helpers for the test-VM tests (sourced by tests/vm/test-*.sh).
#
# The tests boot the VM with target/vm/run-vm.sh against the release build's
# rb-fw-host and (where needed) rpmsg-bench. They SKIP with a reason when
# QEMU, the kernel packages or the programs cannot be had.
RB_ROOT="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
RB_BUILD_REL="${RB_BUILD_REL:-$RB_ROOT/build/rel}"
export RB_ROOT
RUN_VM="$RB_ROOT/target/vm/run-vm.sh"
FW_HOST="$RB_BUILD_REL/bin/rb-fw-host"
BENCH="$RB_BUILD_REL/bin/rpmsg-bench"
export RB_FW_HOST="$FW_HOST" RB_BENCH="$BENCH"

t_skip() {
	echo "SKIP: $*"
	exit 77
}
t_fail() {
	echo "FAIL: $*"
	exit 1
}
t_log() { echo "-- $*"; }

# SKIP unless the VM can run here: QEMU, busybox, the remote, and Debian's
# kernel packages (downloaded and unpacked once per ABI by prepare.sh).
t_need_vm() {
	local why
	command -v qemu-system-x86_64 >/dev/null || t_skip "qemu-system-x86_64 not installed (package qemu-system-x86)"
	command -v busybox >/dev/null || t_skip "busybox not installed (package busybox-static)"
	command -v cpio >/dev/null || t_skip "cpio not installed"
	command -v jq >/dev/null || t_skip "jq not installed"
	[[ -w /dev/shm ]] || t_skip "/dev/shm is not writable (guest RAM file)"
	[[ -x "$FW_HOST" ]] || t_skip "rb-fw-host not built ($FW_HOST)"
	if ! why="$("$RB_ROOT/target/vm/prepare.sh" 2>&1 >/dev/null)"; then
		t_skip "Debian's kernel packages cannot be had: $(echo "$why" | grep -m1 'error:' || echo "$why" | tail -n 1)"
	fi
}

t_need_bench() {
	[[ -x "$BENCH" ]] || t_skip "rpmsg-bench not built ($BENCH)"
}

# Guest shell snippet: RAW=/dev/rpmsgN of the remote-announced rpmsg-raw
# channel, found through sysfs (/sys/class/rpmsg/rpmsgN/name).
# shellcheck disable=SC2016  # expanded in the guest
T_FIND_RAW='RAW=""; for d in /sys/class/rpmsg/rpmsg[0-9]*; do [ "$(cat $d/name 2>/dev/null)" = rpmsg-raw ] && RAW=/dev/${d##*/}; done; [ -n "$RAW" ] || { echo "no rpmsg-raw char device"; exit 3; }'

# Value of KEY in rb-fw-host's --stats-out file ("key value" lines).
t_stat() {
	local file="$1" key="$2" v
	v="$(awk -v k="$key" '$1 == k { print $2 }' "$file")"
	[[ -n "$v" ]] || t_fail "no '$key' in $file"
	echo "$v"
}
