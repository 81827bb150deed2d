#!/usr/bin/env bash
# rpmsg-report render on hand-made reports (tests/fixtures/reports, written to
# docs/report-format.md): every figure, page and export is produced, the
# tables equal the JSON, strings are escaped, and an interrupted run renders
# with what it holds.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/reports/lib.sh
source "$here/lib.sh"

if ! command -v gnuplot >/dev/null; then
	echo "SKIP: gnuplot is not installed (scripts/deps/reports.txt)"
	exit 77
fi

echo "# the fixtures follow the published schema (minimal.json on purpose does not)"
V="$ROOT/scripts/validate-report.sh"
if [[ -x "$V" ]] && "$V" "$FIX/bsp-a.json" >/dev/null 2>&1; then
	for f in two-endpoints interrupted bsp-a bsp-b vm-kick-stall; do
		check "$f.json validates" "$("$V" "$FIX/$f.json" 2>&1 | tail -n1)" "$FIX/$f.json: valid"
	done
else
	echo "schema validator not usable here: not checked"
fi

echo "# two endpoints, three sizes, events"
J="$FIX/two-endpoints.json"
O="$WORK/two"
run_status "$REPORT" render "$J" -o "$O"
check "render status" "$RC" 0
for f in ep0-hist ep0-spectrum ep0-cdf ep0-timeline ep0-size ep1-hist ep1-spectrum ep1-cdf \
	ep1-timeline total-hist total-spectrum total-cdf total-timeline; do
	for e in png svg; do
		[[ -s "$O/$f.$e" ]] || { echo "FAIL: $f.$e missing"; FAILED=1; }
	done
done
check "PNG signature" "$(head -c 8 "$O/ep0-hist.png" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
# ep1 has no by_size: no size figure.
check "ep1-size made" "$([[ -e "$O/ep1-size.png" ]] && echo yes || echo no)" no
# The page inlines one SVG per figure file.
check "figures in the page" "$(grep -o '<figure id="fig-' "$O/report.html" | wc -l)" \
	"$(find "$O" -maxdepth 1 -name '*.svg' | wc -l)"
check "inline svg elements" "$(grep -o '<svg' "$O/report.html" | wc -l)" \
	"$(find "$O" -maxdepth 1 -name '*.svg' | wc -l)"
check_offline "$O/report.html"
check_tables "$O/report.html" "$J"
# Strings from the report are escaped: the model holds <, >, " and &.
check "raw markup from the report" "$(grep -c '<rev' "$O/report.html" || true)" 0
check "escaped model" "$(grep -c 'EVK &lt;rev &quot;A&quot;&gt; &amp; friends' "$O/report.html")" 1
check "events rows" "$(grep -o '<tr class="event">' "$O/report.html" | wc -l)" "$(jq '.events | length' "$J")"
check "verdict" "$(grep -o 'id="verdict-value">[A-Z]*' "$O/report.html" | sed 's/.*>//')" FAIL
# Kernel events are marked on the timeline: one arrow per timed non-stall event, a span per stall.
check "event marks on the total timeline" \
	"$(sed -n '/total-timeline.png/,/unset output/p' "$O/figures.gp" | grep -c '^set arrow')" \
	"$(jq '[.events[] | select(.type != "stall")] | length' "$J")"
check "stall spans" "$(sed -n '/total-timeline.png/,/unset output/p' "$O/figures.gp" | grep -c '^set object rect')" \
	"$(jq '[.events[] | select(.type == "stall")] | length' "$J")"
# Exports: CSV bucket counts add up to the histogram's, intervals one row per endpoint and total.
check "histogram.csv total count" \
	"$(awk -F, '$1 == "total" { s += $4 } END { print s }' "$O/histogram.csv")" \
	"$(jq '[.total.latency.histogram.buckets[][2]] | add' "$J")"
check "intervals.csv rows" "$(($(wc -l <"$O/intervals.csv") - 1))" \
	"$(jq '[.intervals[] | (.endpoints | length) + 1] | add' "$J")"
check "events.csv rows" "$(($(wc -l <"$O/events.csv") - 1))" "$(jq '.events | length' "$J")"
check "percentiles.csv p99 ep1" "$(awk -F, '$1 == "ep1" && $2 == "99" { print $3 }' "$O/percentiles.csv")" \
	"$(jq '.endpoints[1].results.latency.percentiles[] | select(.p == 99) | .ns' "$J")"
# Markdown summary: the counts row of the total.
check "summary total row" "$(grep '^| total | ' "$O/summary.md" | head -n1 | cut -d'|' -f3-5 | tr -d ' ')" \
	"$(jq -r '.total.counts | "\(.sent)|\(.received)|\(.lost)"' "$J")"
# HdrHistogram percentile text: header, monotonic values, last line at 1.0 with the total count.
P="$O/percentiles-total.txt"
check "percentiles header" "$(head -n1 "$P" | tr -s ' ')" " Value Percentile TotalCount 1/(1-Percentile)"
check "percentiles monotonic" "$(awk 'NF >= 3 && $1 ~ /^[0-9]/ { if ($1 < v || $2 < q) bad++; v = $1; q = $2 } END { print bad + 0 }' "$P")" 0
check "percentiles last line" "$(grep -v '^#' "$P" | awk 'NF == 3' | tr -s ' ')" \
	" $(jq -r '.total.latency.max_ns / 1000 | . * 1000 | floor | tostring' "$J" | awk '{ printf "%.3f", $1 / 1000 }') 1.000000000000 $(jq '.total.latency.count' "$J")"
check "percentiles first value (min bucket, us)" "$(grep -v '^#' "$P" | awk 'NF == 4 && $1 ~ /^[0-9]/ { print $1; exit }')" \
	"$(jq -r '.total.latency.histogram.buckets | min_by(.[0]) | .[1]' "$J" | awk '{ printf "%.3f", $1 / 1000 }')"

echo "# interrupted run: partial counts, no intervals, no firmware, no histogram events"
J="$FIX/interrupted.json"
O="$WORK/int"
run_status "$REPORT" render "$J" -o "$O" --format png
check "render status" "$RC" 0
check "exit reason shown" "$(grep -o 'id="exit-reason">[a-z-]*' "$O/report.html" | sed 's/.*>//')" interrupted
check "partial note" "$(grep -c 'id="partial"' "$O/report.html")" 1
check "no timeline (no intervals)" "$(find "$O" -maxdepth 1 -name '*timeline*' | wc -l)" 0
check "png only" "$(find "$O" -maxdepth 1 -name '*.svg' | wc -l)" 0
check "base64 figures" "$(grep -o '<img alt="figure" src="data:image/png;base64,' "$O/report.html" | wc -l)" \
	"$(find "$O" -maxdepth 1 -name '*.png' | wc -l)"
check "kernel log unavailable" "$(grep -c 'dmesg_restrict' "$O/report.html")" 1
check_tables "$O/report.html" "$J"
check_offline "$O/report.html"

echo "# minimal report: no total, no intervals, no tool, no times, no verdict"
J="$FIX/minimal.json"
O="$WORK/min"
run_status "$REPORT" render "$J" -o "$O"
check "render status" "$RC" 0
check "figures of ep0 only" "$(find "$O" -maxdepth 1 -name '*.svg' -printf '%f\n' | sort | tr '\n' ' ')" \
	"ep0-cdf.svg ep0-hist.svg ep0-spectrum.svg "
check "no verdict" "$(grep -o 'id="verdict-value">[a-z ]*' "$O/report.html" | sed 's/.*>//')" "no verdict"
check_tables "$O/report.html" "$J"
run_status "$REPORT" summary "$J"
check "summary status" "$RC" 0
run_status "$REPORT" percentiles "$J"
check "percentiles of the missing total" "$RC" 1
check "percentiles of the missing total: message" "$(grep -c 'no results for total' "$WORK/err")" 1
run_status "$REPORT" percentiles "$J" --endpoint 0
check "percentiles of ep0" "$RC" 0

echo "# a report from the test VM: kick failures before the first interval ends"
J="$FIX/vm-kick-stall.json"
O="$WORK/vm"
run_status "$REPORT" render "$J" -o "$O" --format png
check "render status" "$RC" 0
check_tables "$O/report.html" "$J"
check "kernel events marked on ep0" "$(sed -n '/ep0-timeline.png/,/unset output/p' "$O/figures.gp" | grep -c '^set arrow')" \
	"$(jq '[.events[] | select(.type == "kernel")] | length' "$J")"
# The time axis spans the events and the intervals, nothing else.
read -r lo hi < <(sed -n '/ep0-timeline.png/,/unset output/p' "$O/figures.gp" | sed -n 's/^set xrange \[\(.*\):\(.*\)\]$/\1 \2/p')
check "time axis starts before the first event" "$(jq --argjson lo "$lo" '$lo < ([.events[].t_s] | min)' "$J")" true
check "time axis ends after the last interval, not far" \
	"$(jq --argjson hi "$hi" '($hi >= (.intervals[-1].t_end_s)) and ($hi < (.intervals[-1].t_end_s) + 1)' "$J")" true
check "events table rows" "$(grep -o '<tr class="event">' "$O/report.html" | wc -l)" "$(jq '.events | length' "$J")"

echo "# open loop: latency from the scheduled send time is drawn too"
O="$WORK/open"
run_status "$REPORT" render "$FIX/bsp-a.json" -o "$O" --format svg --label "BSP <A>"
check "render status" "$RC" 0
check "two series in the spectrum" "$(grep -c "^plot\|^     'data/" <(sed -n '/total-spectrum.svg/,/unset output/p' "$O/figures.gp"))" 2
check "label escaped in the page" "$(grep -c '<h1>rpmsg-bench report: BSP &lt;A&gt;</h1>' "$O/report.html")" 1
check "verdict" "$(grep -o 'id="verdict-value">[A-Z]*' "$O/report.html" | sed 's/.*>//')" PASS
check "from-schedule percentiles: total count" \
	"$(grep -v '^#' "$O/percentiles-total-from-schedule.txt" | awk 'NF == 3 && $1 ~ /^[0-9]/ { print $3 }')" \
	"$(jq '.total.latency_from_schedule.count' "$FIX/bsp-a.json")"
check "from-schedule percentiles: max (us)" \
	"$(grep -v '^#' "$O/percentiles-total-from-schedule.txt" | awk 'NF == 3 && $1 ~ /^[0-9]/ { print $1 }')" \
	"$(jq '.total.latency_from_schedule.max_ns' "$FIX/bsp-a.json" | awk '{ printf "%.3f", $1 / 1000 }')"

echo "# a hostile label reaches the page and the SVG only as text"
O="$WORK/hostile"
run_status "$REPORT" render "$FIX/two-endpoints.json" -o "$O" --format svg \
	--label "x' ; system 'touch $WORK/pwned' ; '</svg><script>alert(1)</script>&"
check "render status" "$RC" 0
check "no script element" "$(grep -c '<script' "$O/report.html" || true)" 0
check "gnuplot ran no command from the label" "$([[ -e "$WORK/pwned" ]] && echo yes || echo no)" no
check "inline SVG intact" "$(grep -o '<svg' "$O/report.html" | wc -l)" "$(grep -o '</svg>' "$O/report.html" | wc -l)"

echo "# compare: against rate and size when the reports differ in them"
jq '.config.rate_hz = 2000' "$FIX/bsp-b.json" >"$WORK/rate2000.json"
jq '.config.sizes.values = [256]' "$FIX/bsp-b.json" >"$WORK/size256.json"
run_status "$REPORT" compare "$FIX/bsp-a.json" "$WORK/rate2000.json" -o "$WORK/cr" --format png
check "compare (rates) status" "$RC" 0
check "rate figure" "$([[ -s "$WORK/cr/cmp-rate.png" ]] && echo yes)" yes
check "rate points" "$(grep -v '^#' "$WORK/cr/data/cmp-rate-0.dat" | cut -d' ' -f1 | tr '\n' ' ')" "1000 2000 "
check "no size figure (same size)" "$([[ -e "$WORK/cr/cmp-size.png" ]] && echo yes || echo no)" no
run_status "$REPORT" compare "$WORK/size256.json" "$FIX/bsp-a.json" -o "$WORK/cs" --format png
check "compare (sizes) status" "$RC" 0
check "size points, sorted" "$(grep -v '^#' "$WORK/cs/data/cmp-size-0.dat" | cut -d' ' -f1 | tr '\n' ' ')" "64 256 "
check "no rate figure (same rate)" "$([[ -e "$WORK/cs/cmp-rate.png" ]] && echo yes || echo no)" no
# The p99 column of the size figure is each report's own p99 (us).
check "size figure p99 of 256 bytes" "$(awk '$1 == 256 { print $5 }' "$WORK/cs/data/cmp-size-0.dat")" \
	"$(jq '.total.latency.percentiles[] | select(.p == 99) | .ns / 1000' "$WORK/size256.json")"
run_status "$REPORT" csv "$FIX/bsp-a.json" "$FIX/bsp-b.json" --table compare
check "csv compare status" "$RC" 0
check "csv compare p99 diff" "$(awk -F, '$1 == "p99" && $2 ~ /bsp-b/ { print $6 }' "$WORK/out")" \
	"$(jq -n --slurpfile a "$FIX/bsp-a.json" --slurpfile b "$FIX/bsp-b.json" \
		'[$b, $a] | map(.[0].total.latency.percentiles[] | select(.p == 99) | .ns) | .[0] - .[1]')"
run_status "$REPORT" csv "$FIX/two-endpoints.json" --table intervals
check "csv intervals = render's intervals.csv" "$(cmp -s "$WORK/out" "$WORK/two/intervals.csv" && echo same)" same
run_status "$REPORT" csv "$FIX/two-endpoints.json" --endpoint 1
check "csv histogram of ep1 only" "$(tail -n +2 "$WORK/out" | cut -d, -f1 | sort -u)" ep1

echo "# a report without samples: pages, no figures, gnuplot not needed"
jq '.endpoints[0].results.latency = {count: 0} | .total.latency = {count: 0} | .intervals = [] | del(.endpoints[0].results.latency_from_schedule, .total.latency_from_schedule)' \
	"$FIX/bsp-a.json" >"$WORK/empty.json"
O="$WORK/empty"
run_status "$REPORT" render "$WORK/empty.json" -o "$O" --gnuplot /nonexistent/gnuplot
check "render status" "$RC" 0
check "no-figures note" "$(grep -c 'id="no-figures"' "$O/report.html")" 1

finish
