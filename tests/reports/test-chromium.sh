#!/usr/bin/env bash
# The HTML pages open offline in headless Chromium: the DOM Chromium builds
# holds every figure and table, the numbers in the tables equal the report's
# (jq), and a screenshot of each page is kept in $RB_BUILD/test-artifacts/.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/reports/lib.sh
source "$here/lib.sh"

CHROMIUM="${RB_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$CHROMIUM" ]]; then
	echo "SKIP: chromium is not installed (scripts/deps/reports.txt)"
	exit 77
fi
if ! command -v gnuplot >/dev/null; then
	echo "SKIP: gnuplot is not installed (scripts/deps/reports.txt)"
	exit 77
fi
mkdir -p "$ARTIFACTS"

# browse PAGE NAME: DOM in $WORK/NAME.dom, screenshot in $ARTIFACTS/reports-NAME.png.
# No name resolves: a page that tried to fetch anything would show it broken.
browse() {
	local page="$1" name="$2" flags
	# shellcheck disable=SC2207  # the flags are single words
	flags=($(chromium_flags "$WORK/profile-$name-dom") --host-resolver-rules="MAP * ~NOTFOUND")
	timeout 90 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$page" >"$WORK/$name.dom" 2>"$WORK/$name.chromium.err" ||
		{ echo "FAIL: chromium --dump-dom $name: status $?"; tail -n 5 "$WORK/$name.chromium.err"; FAILED=1; }
	# shellcheck disable=SC2207
	flags=($(chromium_flags "$WORK/profile-$name-shot") --host-resolver-rules="MAP * ~NOTFOUND")
	rm -f "$ARTIFACTS/reports-$name.png"
	timeout 90 "$CHROMIUM" "${flags[@]}" --hide-scrollbars --window-size=1200,3000 \
		--screenshot="$ARTIFACTS/reports-$name.png" "file://$page" >/dev/null 2>>"$WORK/$name.chromium.err" ||
		{ echo "FAIL: chromium --screenshot $name: status $?"; FAILED=1; }
	check "$name screenshot is a PNG" \
		"$(head -c 8 "$ARTIFACTS/reports-$name.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
	check "$name screenshot has content" "$(($(stat -c %s "$ARTIFACTS/reports-$name.png" 2>/dev/null || echo 0) > 30000))" 1
}

# DOM checks shared by every run page.
check_run_dom() {
	local dom="$1" dir="$2" json="$3" t
	check "figures in the DOM" "$(tr -d '\n' <"$dom" | grep -o '<figure id="fig-[^"]*"> *<svg' | wc -l)" \
		"$(find "$dir" -maxdepth 1 -name '*.svg' | wc -l)"
	for t in run-table counts-table latency-table config-table system-table; do
		check "table $t in the DOM" "$(grep -c "<table id=\"$t\"" "$dom")" 1
	done
	check_tables "$dom" "$json"
}

echo "# fixture with two endpoints and events"
J="$FIX/two-endpoints.json"
run_status "$REPORT" render "$J" -o "$WORK/two"
check "render status" "$RC" 0
browse "$WORK/two/report.html" two-endpoints
check_run_dom "$WORK/two-endpoints.dom" "$WORK/two" "$J"
check "events table rows in the DOM" "$(grep -o '<tr class="event">' "$WORK/two-endpoints.dom" | wc -l)" \
	"$(jq '.events | length' "$J")"
check "kick failure in the DOM" "$(grep -c 'imx_rproc_kick: failed (1, err:-62)' "$WORK/two-endpoints.dom")" 1

echo "# two BSPs compared"
run_status "$REPORT" compare "$FIX/bsp-a.json" "$FIX/bsp-b.json" -o "$WORK/cmp"
check "compare status" "$RC" 0
browse "$WORK/cmp/compare.html" compare
D="$WORK/compare.dom"
check "compare figures in the DOM" "$(tr -d '\n' <"$D" | grep -o '<figure id="fig-cmp-[^"]*"> *<svg' | wc -l)" 4
# Labels from bsp_release: table heads, and the legends of histogram, spectrum and CDF.
check "labels in the table" "$(grep -c '<th>lf-6.1.55-2.2.0</th><th>lf-6.6.23-2.0.0</th>' "$D")" 1
check "legend entries of BSP B" "$(grep -o '<text>lf-6.6.23-2.0.0</text>' "$D" | wc -l)" 3
while read -r p a b; do
	got="$(grep -o "<tr data-key=\"p$p\">.*</tr>" "$D" | grep -o 'data-ns="[0-9]*"\|data-diff-ns="[0-9-]*"' |
		sed 's/.*="//; s/"//' | tr '\n' ' ')"
	check "compare p$p: A B B-A" "$got" "$a $b $((b - a)) "
done < <(jq -rn --slurpfile a "$FIX/bsp-a.json" --slurpfile b "$FIX/bsp-b.json" \
	'$a[0].total.latency.percentiles[] as $x | ($b[0].total.latency.percentiles[] | select(.p == $x.p)) | "\($x.p) \($x.ns) \(.ns)"')

echo "# fresh report from the PTY tier"
if pty_available; then
	pty_report "$WORK/pty.json" -- -D 2 -i 250 -s 16,64,256
	check "rpmsg-bench status" "$RC" 0
	run_status "$REPORT" render "$WORK/pty.json" -o "$WORK/pty" --format png
	check "render status" "$RC" 0
	browse "$WORK/pty/report.html" pty
	check "PNG figures in the DOM" "$(tr -d '\n' <"$WORK/pty.dom" | grep -o '<figure id="fig-[^"]*"> *<img alt="figure" src="data:image/png;base64,' | wc -l)" \
		"$(find "$WORK/pty" -maxdepth 1 -name '*.png' | wc -l)"
	for t in run-table counts-table latency-table config-table system-table; do
		check "table $t in the DOM" "$(grep -c "<table id=\"$t\"" "$WORK/pty.dom")" 1
	done
	check_tables "$WORK/pty.dom" "$WORK/pty.json"
else
	echo "rpmsg-bench or rb-pty-peer not built: fixtures only"
fi

echo "screenshots: $ARTIFACTS/reports-*.png"
finish
