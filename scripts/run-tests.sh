#!/usr/bin/env bash
# Run tests, each under a timeout, and print a summary line
#   N passed, N failed, N skipped
#
# A test is an executable: exit 0 = pass, 77 = skip (it prints a line
# "SKIP: <reason>"), anything else = fail; a test that runs past its timeout
# fails. Per-test timeouts come from tests/timeouts.conf ("<glob> <seconds>",
# first match wins); the default is RB_TEST_TIMEOUT (180 s). Each test's output
# goes to $RB_BUILD/test-logs/<name>.log; a failing test's log tail is shown.
#
# Usage: run-tests.sh TEST...     (RB_TESTS_FILTER=regex runs a subset)
set -uo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"
logdir="$build/test-logs"
default_timeout="${RB_TEST_TIMEOUT:-180}"
filter="${RB_TESTS_FILTER:-}"
mkdir -p "$logdir"
export RB_ROOT="$root" RB_BUILD="$build"

timeout_for() {
	local t="$1" glob secs
	if [[ -f "$root/tests/timeouts.conf" ]]; then
		while read -r glob secs; do
			[[ -z "$glob" || "$glob" == \#* ]] && continue
			# shellcheck disable=SC2053  # glob match on purpose
			if [[ "$t" == $glob ]]; then
				echo "$secs"
				return
			fi
		done <"$root/tests/timeouts.conf"
	fi
	echo "$default_timeout"
}

passed=0 failed=0 skipped=0
failures=()
for t in "$@"; do
	[[ -n "$filter" && ! "$t" =~ $filter ]] && continue
	name="${t#"$root"/}"
	name="${name#"$build"/}"
	log="$logdir/$(echo "$name" | tr '/' '_').log"
	secs="$(timeout_for "$name")"
	start=$(date +%s.%N)
	timeout --kill-after=10 "$secs" "$t" >"$log" 2>&1 </dev/null
	rc=$?
	dur=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
	case $rc in
	0)
		passed=$((passed + 1))
		printf 'PASS  %-50s %6ss\n' "$name" "$dur"
		;;
	77)
		skipped=$((skipped + 1))
		reason="$(grep -m1 -o 'SKIP:.*' "$log" || echo 'SKIP: (no reason given)')"
		printf 'SKIP  %-50s %6ss  %s\n' "$name" "$dur" "$reason"
		;;
	124 | 137)
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL  %-50s %6ss  timed out after %ss\n' "$name" "$dur" "$secs"
		tail -n 20 "$log" | sed 's/^/    | /'
		;;
	*)
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL  %-50s %6ss  exit status %d\n' "$name" "$dur" "$rc"
		tail -n 20 "$log" | sed 's/^/    | /'
		;;
	esac
done

if ((failed > 0)); then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
