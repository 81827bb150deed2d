# shellcheck shell=bash
# Helpers of the PTY-tier tests (sourced, not a test itself).
#
#   peer_start ARGS...   start rb-pty-peer (its slave path in $PTY, pid in $PEER_PID)
#   peer_stop            SIGTERM it and wait; its counters are then in $WORK/peer.txt
#   bench ARGS...        run rpmsg-bench (status in $RC), report in $WORK/report.json
#   jr FILTER            jq on the report
#   pc KEY               a peer counter
#   expect NAME GOT WANT fail unless equal
set -euo pipefail

BUILD="${RB_BUILD:-${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/build/rel}"
ROOT="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
BENCH="$BUILD/bin/rpmsg-bench"
PEER="$BUILD/bin/rb-pty-peer"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rb-pty.XXXXXX")"
PEER_PID=
FAILED=0

cleanup() {
	if [[ -n "$PEER_PID" ]]; then
		kill "$PEER_PID" 2>/dev/null || true
		wait "$PEER_PID" 2>/dev/null || true
	fi
	if ((FAILED == 0)); then
		rm -rf "$WORK"
	else
		echo "work files kept in $WORK"
	fi
}
trap cleanup EXIT

for p in "$BENCH" "$PEER"; do
	if [[ ! -x "$p" ]]; then
		echo "FAIL: $p not built"
		exit 1
	fi
done
if ! command -v jq >/dev/null; then
	echo "SKIP: jq is not installed (scripts/deps/pty.txt)"
	exit 77
fi

# Start a peer with its output and counters in $WORK/peer$1.out and
# $WORK/peer$1.txt (arguments after $1 go to the peer); sets PEER_PID and PTY.
peer_spawn() {
	local tag="$1"
	shift
	rm -f "$WORK/peer$tag.out" "$WORK/peer$tag.txt"
	# The peer is a test tool: no leak check at its exit (LeakSanitizer's stop-the-world
	# tracer was seen to spin on a loaded machine).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout 120 "$PEER" \
		--counters "$WORK/peer$tag.txt" "$@" >"$WORK/peer$tag.out" &
	PEER_PID=$!
	for _ in $(seq 100); do
		[[ -s "$WORK/peer$tag.out" ]] && break
		sleep 0.05
	done
	PTY="$(head -n1 "$WORK/peer$tag.out")"
	[[ -c "$PTY" ]] || { echo "FAIL: peer did not start"; exit 1; }
}

# The test's peer: $WORK/peer.out and $WORK/peer.txt (read by pc).
peer_start() {
	peer_spawn "" "$@"
}

peer_stop() {
	kill -TERM "$PEER_PID" 2>/dev/null || true
	wait "$PEER_PID" 2>/dev/null || true
	PEER_PID=
}

bench() {
	rm -f "$WORK/report.json"
	set +e
	timeout 150 "$BENCH" run --no-kmsg -q --report "$WORK/report.json" "$@" 2>"$WORK/bench.err"
	# shellcheck disable=SC2034  # read by the tests that source this file
	RC=$?
	set -e
	validate "$WORK/report.json"
}

# Every report the tests produce is checked against the schema.
validate() {
	local v="$ROOT/scripts/validate-report.sh"
	[[ -f "$1" ]] || return 0
	if [[ -x "$v" ]]; then
		if ! "$v" "$1" >"$WORK/validate.out" 2>&1; then
			echo "FAIL: $1 does not validate:"
			cat "$WORK/validate.out"
			FAILED=1
		fi
	fi
}

jr() {
	jq -r "$1" "$WORK/report.json"
}

pc() {
	sed -n "s/^$1=//p" "$WORK/peer.txt"
}

expect() {
	if [[ "$2" != "$3" ]]; then
		echo "FAIL: $1: got '$2', want '$3'"
		FAILED=1
	else
		echo "ok: $1 = $2"
	fi
}

finish() {
	if ((FAILED)); then
		echo "--- rpmsg-bench stderr"
		cat "$WORK/bench.err" 2>/dev/null || true
		exit 1
	fi
	exit 0
}
