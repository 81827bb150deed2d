#!/usr/bin/env bash
# The wire-protocol header compiled for the benchmark (host compiler, bench
# flags) and for the firmware (arm-none-eabi-gcc, Cortex-M7 and Cortex-M4,
# firmware flags) gives byte-identical tables of every constant, struct size
# and field offset (tests/firmware/proto_layout.c).
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cc="${CC:-cc}"
armcc="${ARM_CC:-arm-none-eabi-gcc}"
if ! command -v "$armcc" >/dev/null 2>&1 || ! command -v arm-none-eabi-objcopy >/dev/null 2>&1; then
	echo "SKIP: $armcc / arm-none-eabi-objcopy not installed"
	exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
src="$root/tests/firmware/proto_layout.c"

"$cc" -std=c11 -Wall -Wextra -Werror -I"$root/bench" -I"$root/bench/proto" -c -o "$tmp/host.o" "$src"
objcopy -O binary --only-section=.rodata.rb_layout "$tmp/host.o" "$tmp/host.bin"
size=$(stat -c %s "$tmp/host.bin")
if ((size < 80 * 4)); then
	echo "FAIL: host layout table is $size bytes"
	exit 1
fi
for cpu in cortex-m7 cortex-m4; do
	"$armcc" -mcpu="$cpu" -mthumb -ffreestanding -Os -std=c11 -Wall -Wextra -Wconversion \
		-Wdouble-promotion -Werror -I"$root/bench/proto" -c -o "$tmp/$cpu.o" "$src"
	arm-none-eabi-objcopy -O binary --only-section=.rodata.rb_layout "$tmp/$cpu.o" "$tmp/$cpu.bin"
	if ! cmp "$tmp/host.bin" "$tmp/$cpu.bin"; then
		echo "FAIL: rb_proto.h layout differs between the host and $cpu"
		exit 1
	fi
	echo "ok: $cpu layout matches the host ($size bytes, $((size / 4)) values)"
done
echo PASS
