#!/usr/bin/env bash
# rpmsg-report on fresh reports from the PTY tier: rpmsg-bench against
# rb-pty-peer, then render, compare and an interrupted run.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/reports/lib.sh
source "$here/lib.sh"

if ! pty_available; then
	echo "SKIP: rpmsg-bench or rb-pty-peer not built in $BUILD"
	exit 77
fi
if ! command -v gnuplot >/dev/null; then
	echo "SKIP: gnuplot is not installed (scripts/deps/reports.txt)"
	exit 77
fi

echo "# three sizes, 250 ms intervals"
A="$WORK/a.json"
pty_report "$A" -- -D 2 -i 250 -s 16,64,256
check "rpmsg-bench status" "$RC" 0
run_status "$REPORT" render "$A" -o "$WORK/a" --label "pty sizes"
check "render status" "$RC" 0
for f in ep0-hist ep0-spectrum ep0-cdf ep0-timeline ep0-size total-hist total-timeline; do
	[[ -s "$WORK/a/$f.png" && -s "$WORK/a/$f.svg" ]] || { echo "FAIL: $f missing"; FAILED=1; }
done
check_tables "$WORK/a/report.html" "$A"
check_offline "$WORK/a/report.html"
check "timeline points = intervals" "$(grep -vc '^#' "$WORK/a/data/total-timeline-0.dat")" "$(jq '.intervals | length' "$A")"
check "size points = by_size" "$(grep -vc '^#' "$WORK/a/data/ep0-size-0.dat")" "$(jq '.endpoints[0].results.by_size | length' "$A")"
check "histogram.csv = latency count" \
	"$(awk -F, '$1 == "total" { s += $4 } END { print s }' "$WORK/a/histogram.csv")" \
	"$(jq '.total.latency.count - (.total.latency.overflow // 0)' "$A")"
# The percentile list ends at the exact max with every sample counted.
check "percentiles last line" "$(grep -v '^#' "$WORK/a/percentiles-total.txt" | awk 'NF == 3 && $1 ~ /^[0-9]/ { print $3 }')" \
	"$(jq '.total.latency.count' "$A")"

echo "# loss: every 50th frame dropped"
B="$WORK/b.json"
pty_report "$B" --drop-every 50 -- -n 1500 -w 4 --loss-timeout 200
check "rpmsg-bench status (loss fails the verdict)" "$RC" 1
run_status "$REPORT" render "$B" -o "$WORK/b" --format svg
check "render status" "$RC" 0
check "lost shown" "$(cell "$WORK/b/report.html" counts-table ep0 lost)" "$(jq '.endpoints[0].results.counts.lost' "$B")"
check "lost = 1500 / 50" "$(cell "$WORK/b/report.html" counts-table ep0 lost)" 30
check "verdict" "$(grep -o 'id="verdict-value">[A-Z]*' "$WORK/b/report.html" | sed 's/.*>//')" FAIL

echo "# compare the two runs"
run_status "$REPORT" compare "$A" "$B" -o "$WORK/c" --label sizes --label loss
check "compare status" "$RC" 0
for f in cmp-hist cmp-spectrum cmp-cdf cmp-timeline; do
	[[ -s "$WORK/c/$f.svg" ]] || { echo "FAIL: $f missing"; FAILED=1; }
done
# Legend from --label: histogram, spectrum, CDF, and p99 and p50 of the timeline.
check "legend labels" "$(grep -c "title 'sizes'" "$WORK/c/figures.gp")" 5
while read -r p a b; do
	got="$(grep -o "<tr data-key=\"p$p\">.*</tr>" "$WORK/c/compare.html" | grep -o 'data-ns="[0-9]*"\|data-diff-ns="[0-9-]*"' | sed 's/.*="//; s/"//' | tr '\n' ' ')"
	check "compare p$p: A B B-A" "$got" "$a $b $((b - a)) "
done < <(jq -rn --slurpfile a "$A" --slurpfile b "$B" \
	'$a[0].total.latency.percentiles[] as $x | ($b[0].total.latency.percentiles[] | select(.p == $x.p)) as $y | "\($x.p) \($x.ns) \($y.ns)"')
check "compare.csv rows" "$(grep -c '^p99,' "$WORK/c/compare.csv")" 2

echo "# interrupted run (SIGINT after a second)"
C="$WORK/int.json"
INTERRUPT_AFTER=1.5 pty_report "$C" -- -D 20 -i 250
check "rpmsg-bench status after SIGINT" "$RC" "$(jq '.exit.status' "$C")"
check "exit reason" "$(jq -r '.exit.reason' "$C")" interrupted
run_status "$REPORT" render "$C" -o "$WORK/int"
check "render of the interrupted run" "$RC" 0
check "partial note" "$(grep -c 'id="partial"' "$WORK/int/report.html")" 1
check_tables "$WORK/int/report.html" "$C"

finish
