# shellcheck shell=bash
# fwq-lib.sh - shared part of the tests/fw-qemu tests (sourced, not run).
#
# fwq_run BOARD ARGS...: runs rb-fwq-driver on build/fw/BOARD's image under
# qemu-system-arm, with a timeout; SKIPs (exit 77) when qemu-system-arm or
# the cross compiler is missing. The firmware console goes to the test log.
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"

fwq_run() {
	local board="$1"
	shift
	local elf="$root/build/fw/$board/rb-echo-$board.elf"
	local drv="$build/bin/rb-fwq-driver"
	local qemu="${QEMU_SYSTEM_ARM:-qemu-system-arm}"
	local cc="${CROSS_COMPILE:-arm-none-eabi-}gcc"

	if ! command -v "$qemu" >/dev/null; then
		echo "SKIP: $qemu not installed (apt-get install qemu-system-arm)"
		exit 77
	fi
	if ! command -v "$cc" >/dev/null; then
		echo "SKIP: $cc not installed (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"
		exit 77
	fi
	[[ -x "$drv" ]] || { echo "missing $drv (make check-build builds it)"; exit 1; }
	[[ -f "$elf" ]] || { echo "missing $elf (make firmware builds it)"; exit 1; }
	local serial
	serial="$(mktemp)"
	local rc=0
	timeout --kill-after=5 "${FWQ_TIMEOUT:-160}" "$drv" --board "$board" --elf "$elf" \
		--qemu "$qemu" --serial "$serial" "$@" || rc=$?
	echo "--- firmware console ($board)"
	cat "$serial"
	rm -f "$serial"
	return "$rc"
}
