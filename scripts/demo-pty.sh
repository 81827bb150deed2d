#!/usr/bin/env bash
# The demo on the PTY echo tier: starts the echo peer on a pseudo-terminal,
# runs a short rpmsg-bench measurement against it, prints where the report is.
# Builds nothing itself: `make demo` builds first.
#
# Environment: RB_BUILD (build directory, default build/rel), RB_DEMO_OUT
# (directory for the report, default build/demo).
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"
bench="$build/bin/rpmsg-bench"
peer="$build/bin/rb-pty-peer"
out="${RB_DEMO_OUT:-$root/build/demo}"

for p in "$bench" "$peer"; do
	if [[ ! -x "$p" ]]; then
		echo "demo-pty: $p is not built; run 'make demo' (or 'make all $(basename "$p")')" >&2
		exit 1
	fi
done
mkdir -p "$out"
report="$out/pty-$(date -u +%Y%m%dT%H%M%SZ).json"

"$peer" --timeout 120 >"$out/peer.out" &
peer_pid=$!
trap 'kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	[[ -s "$out/peer.out" ]] && break
	sleep 0.05
done
pty="$(head -n1 "$out/peer.out")"
if [[ ! -c "$pty" ]]; then
	echo "demo-pty: the echo peer did not start" >&2
	exit 1
fi

echo "demo-pty: echo peer on $pty (a pseudo-terminal standing in for /dev/ttyRPMSG30)"
echo "demo-pty: rpmsg-bench run --tty $pty -w 8 -s 16-496:48 -D 5s"
set +e
"$bench" run --tty "$pty" -w 8 -s 16-496:48 -D 5s --no-kmsg --report "$report"
status=$?
set -e
echo
echo "demo-pty: exit status $status; report: $report"
echo "demo-pty: intervals: ${report%.json}.intervals.jsonl"
exit "$status"
