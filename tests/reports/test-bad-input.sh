#!/usr/bin/env bash
# Bad input gets exit status 1 and one line naming the file and the problem;
# usage errors 2; gnuplot missing, failing or hanging 3; an unwritable output 4.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/reports/lib.sh
source "$here/lib.sh"

GOOD="$FIX/interrupted.json"

# expect_bad NAME FILE PATTERN: status 1, stderr names FILE and matches PATTERN.
expect_bad() {
	run_status "$REPORT" summary "$2"
	check "$1: status" "$RC" 1
	check "$1: names the file" "$(grep -c -F "$2" "$WORK/err")" 1
	if ! grep -q -E "$3" "$WORK/err"; then
		echo "FAIL: $1: message '$(cat "$WORK/err")' does not match /$3/"
		FAILED=1
	fi
	check "$1: nothing on stdout" "$(wc -c <"$WORK/out")" 0
}

printf '' >"$WORK/empty.json"
expect_bad "empty file" "$WORK/empty.json" 'line 1, column 0: .*expected'
head -c 4000 "$GOOD" >"$WORK/truncated.json"
expect_bad "truncated" "$WORK/truncated.json" 'line [0-9]+, column [0-9]+: '
printf '{"format": "rpmsg-bench-report", "format_version": 1,\n  "total": {,}}\n' >"$WORK/syntax.json"
expect_bad "syntax error" "$WORK/syntax.json" 'line 2, column 13: '
echo 'hello world!' >"$WORK/text.json"
expect_bad "not JSON" "$WORK/text.json" "line 1, column 5: .*expected near 'hello'"
echo '[1, 2, 3]' >"$WORK/array.json"
expect_bad "array document" "$WORK/array.json" 'not an rpmsg-bench report \(the document is an array'
echo '{"name": "cyclictest", "version": 2}' >"$WORK/foreign.json"
expect_bad "foreign JSON" "$WORK/foreign.json" 'not an rpmsg-bench report \("format" is missing'
jq '.format = "fio-report"' "$GOOD" >"$WORK/other-format.json"
expect_bad "other format" "$WORK/other-format.json" '"format" is "fio-report", not "rpmsg-bench-report"'
jq '.format_version = 2' "$GOOD" >"$WORK/v2.json"
expect_bad "format_version 2" "$WORK/v2.json" 'format_version 2 is not supported'
jq '.format_version = "1"' "$GOOD" >"$WORK/v-string.json"
expect_bad "format_version string" "$WORK/v-string.json" 'format_version" is missing or not an integer'
jq '.endpoints[0].results.counts.sent = "703"' "$GOOD" >"$WORK/type1.json"
expect_bad "count as string" "$WORK/type1.json" 'endpoints\[0\]\.results\.counts\.sent: expected a non-negative integer, found a string'
jq '.total.latency.histogram.buckets[2] = [1, 2]' "$GOOD" >"$WORK/type2.json"
expect_bad "short bucket" "$WORK/type2.json" 'total\.latency\.histogram\.buckets\[2\]: expected 3 elements, found 2'
jq '.total.latency.histogram.buckets[0] = [500, 100, 1]' "$GOOD" >"$WORK/type3.json"
expect_bad "bucket low above high" "$WORK/type3.json" 'total\.latency\.histogram: bucket low above high'
jq '.system.kernel = "6.1"' "$GOOD" >"$WORK/type4.json"
expect_bad "kernel as string" "$WORK/type4.json" 'system\.kernel: expected an object, found a string'
jq '.intervals = {}' "$GOOD" >"$WORK/type5.json"
expect_bad "intervals as object" "$WORK/type5.json" 'intervals: expected an array, found an object'
jq '.total.latency.min_ns = -5' "$GOOD" >"$WORK/neg.json"
expect_bad "negative latency" "$WORK/neg.json" 'total\.latency\.min_ns: expected a non-negative integer, found a negative number'
# (by hand: jq would turn these integers into reals)
B=9223372036854775807
printf '{"format": "rpmsg-bench-report", "format_version": 1, "total": {"latency":\n' >"$WORK/sum.json"
printf '  {"histogram": {"buckets": [[1, 1, %s], [2, 2, %s], [3, 3, %s]]}}}}\n' $B $B $B >>"$WORK/sum.json"
expect_bad "counts past 2^64" "$WORK/sum.json" 'counts past 2\^64'
expect_bad "missing file" "$WORK/nonexistent.json" 'No such file or directory'
expect_bad "directory" "$WORK" 'Is a directory'

# Unknown members and nulls are fine (readers ignore what they do not know).
jq '.new_member = {"x": [1]} | .firmware = null | .system.bsp_release = null | .total.latency.future = "x"' \
	"$GOOD" >"$WORK/extra.json"
run_status "$REPORT" summary "$WORK/extra.json"
check "unknown members and nulls: status" "$RC" 0

echo "# usage: exit status 2"
for args in "" "frobnicate $GOOD" "render $GOOD" "render -o $WORK/x" "compare $GOOD -o $WORK/x" \
	"render $GOOD -o $WORK/x --format jpeg" "percentiles $GOOD --endpoint minus-one" \
	"percentiles $GOOD --unit s" "csv $GOOD --table bogus" "render $GOOD -o $WORK/x --timeout 0" \
	"--no-such-option"; do
	# shellcheck disable=SC2086  # word splitting of the argument list on purpose
	run_status "$REPORT" $args
	check "usage '$args'" "$RC" 2
done
run_status "$REPORT" --help
check "--help status" "$RC" 0
check "--help documents the exit statuses" "$(grep -c '^exit status: 0 ok, 1 bad input' "$WORK/out")" 1
run_status "$REPORT" percentiles "$GOOD" --endpoint 7
check "unknown endpoint: status" "$RC" 1
check "unknown endpoint: message" "$(grep -c 'no results for ep7' "$WORK/err")" 1
jq 'del(.endpoints[0].results.latency_from_schedule)' "$GOOD" >"$WORK/nosched.json"
run_status "$REPORT" percentiles "$WORK/nosched.json" --from-schedule
check "no latency_from_schedule: status" "$RC" 1

echo "# gnuplot: exit status 3, pages still written"
if command -v gnuplot >/dev/null; then
	run_status "$REPORT" render "$GOOD" -o "$WORK/g1" --gnuplot /bin/false
	check "failing gnuplot: status" "$RC" 3
	check "failing gnuplot: page written" "$([[ -s "$WORK/g1/report.html" ]] && echo yes)" yes
	check "failing gnuplot: message" "$(grep -c 'gnuplot failed; see' "$WORK/err")" 1
	run_status "$REPORT" render "$GOOD" -o "$WORK/g2" --gnuplot "$WORK/no-such-gnuplot"
	check "missing gnuplot: status" "$RC" 3
	check "missing gnuplot: message" "$(grep -c 'cannot run' "$WORK/err")" 1
	printf '#!/bin/sh\nexec sleep 30\n' >"$WORK/slow-gnuplot"
	chmod +x "$WORK/slow-gnuplot"
	start=$SECONDS
	run_status "$REPORT" render "$GOOD" -o "$WORK/g3" --gnuplot "$WORK/slow-gnuplot" --timeout 1
	check "hanging gnuplot: status" "$RC" 3
	check "hanging gnuplot: stopped in time" "$(((SECONDS - start) < 10))" 1
	check "hanging gnuplot: message" "$(grep -c 'ran past 1 s' "$WORK/err")" 1
	RB_GNUPLOT=/bin/false run_status "$REPORT" render "$GOOD" -o "$WORK/g4"
	check "RB_GNUPLOT=/bin/false: status" "$RC" 3
	# A gnuplot that exits 0 without drawing is caught too.
	run_status "$REPORT" render "$GOOD" -o "$WORK/g5" --gnuplot /bin/true
	check "gnuplot that draws nothing: status" "$RC" 3
else
	echo "gnuplot not installed: its failure modes are not checked"
fi

echo "# unwritable output: exit status 4"
touch "$WORK/a-file"
run_status "$REPORT" render "$GOOD" -o "$WORK/a-file/out" --no-figures
check "output under a file: status" "$RC" 4
check "output under a file: message" "$(grep -c 'Not a directory' "$WORK/err")" 1
if [[ -w /dev/full ]]; then
	set +e
	"$REPORT" summary "$GOOD" >/dev/full 2>"$WORK/err"
	RC=$?
	set -e
	check "stdout full: status" "$RC" 4
	check "stdout full: message" "$(grep -c 'No space left on device' "$WORK/err")" 1
fi

finish
