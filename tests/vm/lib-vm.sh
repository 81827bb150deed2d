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

# A fresh run directory for this test under the build directory, kept after
# the test (console and kernel logs, reports) until the next run of the same
# test. Named after the process, since several `make check` may share a tree.
t_run_dir() {
	local base d pid
	base="${RB_BUILD:-$RB_BUILD_REL}/test-vm/$(basename "$0" .sh)"
	for d in "$base".*; do
		[[ -d "$d" ]] || continue
		pid="${d##*.}"
		kill -0 "$pid" 2>/dev/null || rm -rf "$d"
	done
	d="$base.$$"
	mkdir -p "$d/out"
	echo "$d"
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

# CRC-16/CCITT-FALSE of the byte values given as arguments (rb_proto.h).
t_crc16() {
	local crc=0xFFFF b i
	for b in "$@"; do
		crc=$((crc ^ (b << 8)))
		for ((i = 0; i < 8; i++)); do
			if ((crc & 0x8000)); then
				crc=$(((crc << 1 ^ 0x1021) & 0xFFFF))
			else
				crc=$(((crc << 1) & 0xFFFF))
			fi
		done
	done
	echo "$crc"
}

# Little-endian bytes of VALUE in N bytes, as decimal words.
t_le() {
	local v="$1" n="$2" i
	for ((i = 0; i < n; i++)); do
		echo $(((v >> (8 * i)) & 0xFF))
	done
}

# Write an RB_T_FAULT frame (rb_proto.h struct rb_fault, RB_F_PCHECK) to
# FILE: t_fault_frame FILE SEQ DROP_EVERY DUP_EVERY CORRUPT_EVERY STALL_MS MUTE
t_fault_frame() {
	local file="$1" seq="$2" payload hdr pcheck hcheck b
	# shellcheck disable=SC2207  # one decimal byte per word
	payload=($(t_le "$3" 4) $(t_le "$4" 4) $(t_le "$5" 4) $(t_le "$6" 4) "$7" 0 0 0)
	pcheck="$(t_crc16 "${payload[@]}")"
	# magic A5 B7, version 1, type 0x15, seq, len 20, flags RB_F_PCHECK, pcheck
	# shellcheck disable=SC2207
	hdr=(0xA5 0xB7 1 0x15 $(t_le "$seq" 4) $(t_le 20 2) $(t_le 1 2) $(t_le "$pcheck" 2))
	hcheck="$(t_crc16 "${hdr[@]}")"
	# shellcheck disable=SC2207
	hdr+=($(t_le "$hcheck" 2))
	: >"$file"
	for b in "${hdr[@]}" "${payload[@]}"; do
		# shellcheck disable=SC2059  # the format is built from a number
		printf "\\$(printf '%03o' "$((b))")" >>"$file"
	done
}
