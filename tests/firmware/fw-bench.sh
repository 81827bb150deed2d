#!/usr/bin/env bash
# Instructions the firmware executes per echoed message (stack + echo core),
# per message size, on the host build, counted by callgrind inside
# rb_fw_poll(). Two runs per size (N1 and N2 messages) cancel the fixed
# set-up cost; the port functions (clock, doorbell) are listed apart.
#
# Usage: fw-bench.sh FW_BENCH_PROGRAM [SIZES...]
set -euo pipefail

prog="$1"
shift
sizes=("${@:-16 64 256 496}")
read -r -a sizes <<<"${sizes[*]}"
n1="${RB_FW_BENCH_N1:-500}"
n2="${RB_FW_BENCH_N2:-2500}"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "bench-firmware: valgrind not installed, skipped"
	exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# cost FILE FUNCTION-REGEX: summed inclusive Ir of matching functions
cost() {
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v re="$2" '$0 ~ re { gsub(",", "", $1); s += $1 } END { printf "%d\n", s }'
}

run() {
	local size="$1" n="$2" out="$tmp/cg.$1.$2"
	valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=rb_fw_poll \
		"$prog" "$size" "$n" >/dev/null 2>&1
	echo "$(cost "$out" ':rb_fw_poll ') $(cost "$out" ':port_[a-z_]+ ')"
}

printf '%-6s %14s %14s %14s\n' "size" "instr/msg" "core/msg" "port/msg"
for size in "${sizes[@]}"; do
	read -r t1 p1 <<<"$(run "$size" "$n1")"
	read -r t2 p2 <<<"$(run "$size" "$n2")"
	total=$(((t2 - t1) / (n2 - n1)))
	port=$(((p2 - p1) / (n2 - n1)))
	printf '%-6s %14d %14d %14d\n' "$size" "$total" "$((total - port))" "$port"
done
