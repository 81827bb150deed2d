# shellcheck shell=bash
# shellcheck disable=SC2034  # variables used by the tests that source this
# Helpers of the rpmsg-report tests (sourced, not a test itself).
#
#   $REPORT              the rpmsg-report under test ($RB_BUILD/bin)
#   $FIX                 tests/fixtures/reports
#   $WORK                a fresh directory, removed at exit unless a check failed
#   check NAME GOT WANT  record a failure unless equal
#   cell FILE TABLE ROW KEY     text of <td data-key=KEY> in <tr data-ep=ROW> of <table id=TABLE>
#   cell_ns FILE TABLE ROW KEY  its data-ns attribute (exact nanoseconds)
#   us NS                nanoseconds as the pages show them in microseconds ("52.031")
#   run_status CMD...    run CMD, its status in $RC, stderr in $WORK/err
#   chromium_flags DIR   the flags every headless Chromium run uses (fresh profile in DIR)
#   finish               exit 0, or 1 when a check failed
set -euo pipefail

ROOT="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
BUILD="${RB_BUILD:-$ROOT/build/rel}"
REPORT="$BUILD/bin/rpmsg-report"
FIX="$ROOT/tests/fixtures/reports"
ARTIFACTS="$BUILD/test-artifacts"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rb-report.XXXXXX")"
FAILED=0
RC=0

# A crash must not hide behind exit status 1 (the sanitizers' default).
export ASAN_OPTIONS="${ASAN_OPTIONS:-exitcode=86:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-exitcode=87:print_stacktrace=1}"

cleanup() {
	if ((FAILED == 0)); then
		rm -rf "$WORK"
	else
		echo "work files kept in $WORK"
	fi
}
trap cleanup EXIT

if [[ ! -x "$REPORT" ]]; then
	echo "FAIL: $REPORT not built"
	exit 1
fi
if ! command -v jq >/dev/null; then
	echo "SKIP: jq is not installed (scripts/deps/reports.txt)"
	exit 77
fi

check() {
	if [[ "$2" != "$3" ]]; then
		echo "FAIL: $1: got '$2', want '$3'"
		FAILED=1
	else
		echo "ok: $1 = $2"
	fi
}

# The table with id $2 of file $1, one row per line.
table_rows() {
	sed -n "/<table id=\"$2\"/,/<\/table>/p" "$1" | sed 's/<tr/\n<tr/g'
}

cell() {
	table_rows "$1" "$2" | grep "^<tr data-ep=\"$3\"" | grep -o "<td data-key=\"$4\"[^>]*>[^<]*" |
		sed 's/.*>//' | head -n1
}

cell_ns() {
	table_rows "$1" "$2" | grep "^<tr data-ep=\"$3\"" | grep -o "<td data-key=\"$4\" data-ns=\"[0-9-]*\"" |
		sed 's/.*data-ns="//; s/"$//' | head -n1
}

us() {
	printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

run_status() {
	set +e
	"$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	set -e
}

chromium_flags() {
	echo --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$1"
}

# Every count and latency cell of a page equals the report (jq), per endpoint and total.
check_tables() {
	local page="$1" json="$2" i n id row sel k p want
	n="$(jq '.endpoints | length' "$json")"
	for ((i = 0; i <= n; i++)); do
		if ((i < n)); then
			id="$(jq ".endpoints[$i].id" "$json")"
			row="ep$id"
			sel=".endpoints[$i].results"
		else
			# A minimal report may have no total.
			[[ "$(jq '.total != null' "$json")" == true ]] || continue
			row=total
			sel=.total
		fi
		for k in sent received lost corrupted unresolved duplicates; do
			want="$(jq -r "$sel.counts.$k // \"-\"" "$json")"
			check "$row counts $k" "$(cell "$page" counts-table "$row" "$k")" "$want"
		done
		want="$(jq -r "$sel.latency.count // \"-\"" "$json")"
		check "$row latency count" "$(cell "$page" latency-table "$row" count)" "$want"
		for k in min max; do
			want="$(jq -r "$sel.latency.${k}_ns // empty" "$json")"
			[[ -n "$want" ]] || continue
			check "$row $k ns" "$(cell_ns "$page" latency-table "$row" "$k")" "$want"
			check "$row $k shown" "$(cell "$page" latency-table "$row" "$k")" "$(us "$want")"
		done
		while read -r p want; do
			[[ -n "$p" ]] || continue
			check "$row p$p ns" "$(cell_ns "$page" latency-table "$row" "p$p")" "$want"
			check "$row p$p shown" "$(cell "$page" latency-table "$row" "p$p")" "$(us "$want")"
		done < <(jq -r "$sel.latency.percentiles[]? | \"\(.p) \(.ns)\"" "$json")
	done
}

# The page references nothing outside itself (it must open offline).
check_offline() {
	local bad
	bad="$(grep -Eo "(src|href)=[\"']?[a-zA-Z]+:[^\"' >]*|url\([\"']?(https?:)?//[^)]*|@import" "$1" |
		grep -v '^src="data:' || true)"
	check "external references in $(basename "$1")" "$bad" ""
}

finish() {
	if ((FAILED)); then
		exit 1
	fi
	exit 0
}

# pty_report JSON PEER_ARGS -- BENCH_ARGS: a fresh report from rpmsg-bench
# against rb-pty-peer (the PTY tier). Returns 2 when they are not built;
# rpmsg-bench's status is in $RC (its stderr in $WORK/bench.err). With
# INTERRUPT_AFTER=S set, rpmsg-bench gets SIGINT after S seconds (as Ctrl-C).
BENCH="$BUILD/bin/rpmsg-bench"
PEER="$BUILD/bin/rb-pty-peer"
pty_available() {
	[[ -x "$BENCH" && -x "$PEER" ]]
}
pty_report() {
	local json="$1" pid pty peer_args=()
	shift
	pty_available || return 2
	while (($#)) && [[ "$1" != -- ]]; do
		peer_args+=("$1")
		shift
	done
	shift
	rm -f "$WORK/peer.out"
	# The peer is a test fixture: no leak check at its exit (LeakSanitizer can
	# hang there while the pseudo-terminal is being torn down).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		timeout -k 5 120 "$PEER" --timeout 100 "${peer_args[@]}" >"$WORK/peer.out" &
	pid=$!
	for _ in $(seq 100); do
		[[ -s "$WORK/peer.out" ]] && break
		sleep 0.05
	done
	pty="$(head -n1 "$WORK/peer.out")"
	set +e
	if [[ -n "${INTERRUPT_AFTER:-}" ]]; then
		# timeout passes SIGINT on to rpmsg-bench, which installs its own handler.
		timeout 100 "$BENCH" run --tty "$pty" --no-kmsg -q --report "$json" "$@" \
			2>"$WORK/bench.err" &
		local bench_pid=$!
		sleep "$INTERRUPT_AFTER"
		kill -INT "$bench_pid"
		wait "$bench_pid"
	else
		timeout 100 "$BENCH" run --tty "$pty" --no-kmsg -q --report "$json" "$@" \
			2>"$WORK/bench.err"
	fi
	RC=$?
	set -e
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	# $pid is timeout(1): stop the peer under it too if it is still there.
	pkill -KILL -P "$pid" 2>/dev/null || true
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	return 0
}
