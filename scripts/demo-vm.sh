#!/usr/bin/env bash
# demo-vm.sh - the main job on the test VM: Debian's kernel in QEMU with the
# stock rpmsg drivers, the echo firmware's host build as the remote.
#
# Builds what is missing (make -C <root> all; the VM's kernel, modules and
# initramfs are fetched and built once per kernel ABI), boots, runs a short
# rpmsg-bench over an rpmsg tty and an rpmsg char endpoint at once with the
# kernel log watched, writes the JSON report, renders it with rpmsg-report when
# that is built, and prints where everything is.
#
# Latencies measured in the emulator say nothing about a board: the guest CPU
# is emulated and both doorbells are polled (docs/test-vm.md).
#
# Environment: RB_DEMO_OUT (output directory, default build/demo-vm),
# RB_DEMO_DURATION (default 5s), RB_DEMO_ARGS (more rpmsg-bench options).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${RB_ROOT:-$(cd "$here/.." && pwd)}"
rel="$root/build/rel"
out="${RB_DEMO_OUT:-$root/build/demo-vm}"
duration="${RB_DEMO_DURATION:-5s}"

if [[ ! -x "$rel/bin/rpmsg-bench" || ! -x "$rel/bin/rb-fw-host" ]]; then
	echo "demo-vm: building rpmsg-bench and rb-fw-host"
	make -C "$root" --no-print-directory BUILD=build/rel all
fi
for p in rpmsg-bench rb-fw-host; do
	[[ -x "$rel/bin/$p" ]] || {
		echo "demo-vm: $rel/bin/$p was not built" >&2
		exit 1
	}
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out/report.json" "$out/report.intervals.jsonl" "$out/bench.log"
echo "demo-vm: booting the test VM (Debian's kernel, stock rpmsg drivers; first run fetches the kernel)"
# One run, two endpoints: the mainline rpmsg tty and the rpmsg-raw channel's
# char device; every size from 16 to 496 bytes, 8 messages in flight each.
read -r -a extra <<<"${RB_DEMO_ARGS:-}"
cmd=(rpmsg-bench run --tty /dev/ttyRPMSG0 --channel rpmsg-raw -s 16-496:16 -w 8 -D "$duration"
	--loss-timeout 10000 --report report.json "${extra[@]}")
set +e
RB_ROOT="$root" RB_BENCH="$rel/bin/rpmsg-bench" RB_FW_HOST="$rel/bin/rb-fw-host" \
	"$root/target/vm/run-vm.sh" --out "$out" --run-dir "$out/vm" --timeout 300 -- \
	"$(printf '%q ' "${cmd[@]}") >bench.log 2>&1; rc=\$?; cat bench.log; exit \$rc"
rc=$?
set -e

if [[ ! -f "$out/report.json" ]]; then
	echo "demo-vm: no report was written (status $rc); see $out/vm/console.log" >&2
	exit 1
fi
if [[ -x "$rel/bin/rpmsg-report" ]]; then
	if "$rel/bin/rpmsg-report" render "$out/report.json" -o "$out/html" >"$out/render.log" 2>&1; then
		"$rel/bin/rpmsg-report" summary "$out/report.json" || true
	else
		echo "demo-vm: rpmsg-report render failed: $out/render.log" >&2
	fi
fi

echo
echo "demo-vm: rpmsg-bench exited with status $rc in the test VM"
echo "  report:       $out/report.json"
echo "  intervals:    $out/report.intervals.jsonl"
[[ -f "$out/html/report.html" ]] && echo "  page, plots:  $out/html/report.html"
echo "  guest kernel log: $out/vm/kernel.log   console: $out/vm/console.log"
echo "  firmware counters: $out/vm/remote-stats.txt"
echo "Latencies measured in the emulator say nothing about a board (docs/test-vm.md)."
exit "$rc"
