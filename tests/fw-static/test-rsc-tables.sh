#!/usr/bin/env bash
# Static checks of every board image (no board needed): the .resource_table
# parses under the kernel's rules with the board's vring addresses, alignment
# and size; the reset vector points into the loaded image; every segment sits
# in the board's TCM (or boot alias) and the image keeps to its budget
# (three quarters of the code TCM). Then the checker itself must reject each
# kind of broken table, so a pass means something.
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"
chk="$build/bin/rb-rsc-check"
cc="${CROSS_COMPILE:-arm-none-eabi-}gcc"

if ! command -v "$cc" >/dev/null; then
	echo "SKIP: $cc not installed, no firmware images to check"
	exit 77
fi
[[ -x "$chk" ]] || { echo "missing $chk"; exit 1; }

img() { echo "$root/build/fw/$1/rb-echo-$1.elf"; }

# board  vring0  vring1  load-region  budget  irq  [boot-region]
# (irq: the MU interrupt, NVIC 97 on all four i.MX SoCs; -1 on the MPS2 boards)
boards=(
	"imx8mp-m7  0x55000000 0x55008000 0x00000000:0x20000 98304 97"
	"imx8mn-m7  0xB8000000 0xB8008000 0x00000000:0x20000 98304 97"
	"imx8mm-m4  0xB8000000 0xB8008000 0x1FFE0000:0x20000 98304 97"
	"imx7d-m4   0x8FFF0000 0x8FFF8000 0x1FFF8000:0x8000  24576 97 0x00000000:0x8000"
	"mps2-an500 0x60010000 0x60018000 0x00000000:0x400000 262144 -1"
	"mps2-an386 0x21010000 0x21018000 0x00000000:0x400000 262144 -1"
)
for row in "${boards[@]}"; do
	boot=
	read -r board v0 v1 load budget irq boot <<<"$row"
	elf="$(img "$board")"
	[[ -f "$elf" ]] || { echo "missing $elf (make firmware builds it)"; exit 1; }
	args=(--vring0 "$v0" --vring1 "$v1" --align 0x1000 --num 256 --load "$load"
		--max-image "$budget" --irq "$irq")
	[[ -n "$boot" ]] && args+=(--boot "$boot")
	if ! "$chk" "${args[@]}" "$elf"; then
		echo "FAIL: $board: $elf"
		exit 1
	fi
done

# Each mutation must be caught, with the kernel's reason.
elf="$(img imx8mp-m7)"
base=(--vring0 0x55000000 --vring1 0x55008000 --load 0x00000000:0x20000 --max-image 98304)
declare -A want=(
	[ver]="ver 2, the kernel requires 1"
	[reserved]="reserved[] not zero"
	[offset]="past the table"
	[vdev-id]="vdev id 6, want 7"
	[vdev-reserved]="vdev reserved[] not zero"
	[nvrings]="3 vrings > 2"
	[num]="vring0: num 0 align 4096"
	[align]="vring1: align 0x10, want 0x1000"
	[da]="vring0: da 0x55001000, want 0x55000000"
	[section]="no .resource_table section"
	[entry]="is not a Thumb address"
)
for m in "${!want[@]}"; do
	rc=0
	out="$("$chk" "${base[@]}" --mutate "$m" "$elf" 2>&1)" || rc=$?
	if ((rc != 1)) || [[ "$out" != *"${want[$m]}"* ]]; then
		echo "FAIL: --mutate $m: status $rc, want 1 with \"${want[$m]}\""
		echo "$out"
		exit 1
	fi
	echo "mutation $m rejected: ${want[$m]}"
done

# An interrupt past the vector table must fail.
rc=0
"$chk" "${base[@]}" --irq 200 "$elf" >/dev/null 2>&1 || rc=$?
((rc == 1)) || { echo "FAIL: IRQ 200 beyond the vector table not caught"; exit 1; }
# A budget one byte under the image size must fail.
size=$("$chk" "${base[@]}" "$elf" | sed -n 's/^  image: \([0-9]*\) loaded.*/\1/p')
rc=0
"$chk" "${base[@]}" --max-image $((size - 1)) "$elf" >/dev/null 2>&1 || rc=$?
((rc == 1)) || { echo "FAIL: budget $((size - 1)) < image $size not caught"; exit 1; }
echo "all images pass; 11 mutations, a missing IRQ vector and the budget check are caught"
