#!/usr/bin/env bash
# fw-size.sh BOARD ELF TEXT_MAX DATA_MAX - size report and budget check of one image.
#
# Prints Berkeley text/data/bss, then the loaded image (everything in m_text:
# vectors, resource table, code, constants, .data's initial image) and the
# RAM use (.data + .bss + .stack) against the board's budgets. Exits 1 when
# either is over budget, so the build fails.
set -euo pipefail

board="$1" elf="$2" text_max="$3" data_max="$4"
size="${FW_SIZE:-arm-none-eabi-size}"

read -r text data bss _ < <("$size" -B "$elf" | tail -n 1)
declare -A sec
while read -r name bytes _; do
	[[ "$name" == .* ]] && sec[$name]=$bytes
done < <("$size" -A -d "$elf")

image=$(( ${sec[.vectors]:-0} + ${sec[.resource_table]:-0} + ${sec[.text]:-0} \
	+ ${sec[.ARM.exidx]:-0} + ${sec[.data]:-0} ))
ram=$(( ${sec[.data]:-0} + ${sec[.bss]:-0} + ${sec[.stack]:-0} ))

printf '%-12s text %6d  data %5d  bss %6d   image %6d / %6d (%2d%%)   ram %6d / %6d (%2d%%)\n' \
	"$board" "$text" "$data" "$bss" "$image" "$text_max" $((image * 100 / text_max)) \
	"$ram" "$data_max" $((ram * 100 / data_max))
if ((${sec[.resource_table]:-0} == 0)); then
	echo "$board: no .resource_table section" >&2
	exit 1
fi
if ((image > text_max || ram > data_max)); then
	echo "$board: over budget" >&2
	exit 1
fi
