#!/usr/bin/env bash
# bench-boards.sh BUILD - the board part of `make bench`.
#
# 1. Image sizes of every board (build/fw/<board>/rb-echo-<board>.size).
# 2. Instructions the firmware executes per echo on the emulated Cortex-M7
#    (mps2-an500) and Cortex-M4 (mps2-an386), per message size.
#
# Method: Debian's QEMU 7.2 ships no TCG plugins (no libinsn), so QEMU runs
# with -icount shift=0: every guest instruction advances virtual time by
# 1 ns, and SysTick (25 MHz core clock) ticks once per 40 instructions. The
# firmware adds the ticks it spends polling for a doorbell to a counter in
# the shared RAM (struct rb_mps2_acct), so "busy" ticks = elapsed - waiting:
# the work of taking the kick, reading vring1, handling the frame, filling a
# vring0 buffer, notifying, and getting back into the wait. The driver sends
# one message at a time (closed loop, 2000 per size after 50 warm-up
# echoes) and divides the busy ticks by the number of echoes. The ticks are
# converted with a calibration loop of exactly 2 x N instructions run by the
# firmware (SUBS + BNE), which checks the 40-instructions-per-tick premise
# instead of assuming it. Resolution: one tick = 40 instructions, averaged
# over 2000 echoes.
set -euo pipefail

build="${1:-build/rel}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

echo "== firmware image sizes (bytes; image = what is loaded into the code TCM)"
found=0
for f in build/fw/*/rb-echo-*.size; do
	[[ -f "$f" ]] || continue
	cat "$f"
	found=1
done
((found)) || echo "(no images: ${CROSS_COMPILE:-arm-none-eabi-}gcc missing)"

qemu="${QEMU_SYSTEM_ARM:-qemu-system-arm}"
if ! command -v "$qemu" >/dev/null; then
	echo "== instructions per echo: skipped ($qemu not installed)"
	exit 0
fi
for board in mps2-an500 mps2-an386; do
	elf="build/fw/$board/rb-echo-$board.elf"
	[[ -f "$elf" ]] || continue
	echo "== instructions per echo, $board (QEMU -icount shift=0, SysTick busy ticks)"
	timeout 300 "$build/bin/rb-fwq-driver" --board "$board" --elf "$elf" --qemu "$qemu" \
		--scenario bench --icount | grep '^bench'
done
