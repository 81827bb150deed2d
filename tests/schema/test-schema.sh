#!/usr/bin/env bash
# The report schema: every report test-report writes (a full open-loop report
# with two endpoints, an interrupted one, one refused before sending, and an
# intervals file) validates; deliberately broken copies are rejected, each
# with the JSON path of what is wrong.
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"
validate="$root/scripts/validate-report.sh"
writer="$build/tests/bench/test-report"

if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema is not installed (scripts/install-deps.sh installs it)"
	exit 77
fi
if [[ ! -x "$writer" ]]; then
	echo "FAIL: $writer not built (make check-build)"
	exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/good" "$tmp/bad"
RB_ROOT="$root" "$writer" "$tmp/good" >"$tmp/writer.log" 2>&1 || {
	cat "$tmp/writer.log"
	echo "FAIL: test-report could not write the reports"
	exit 1
}
mapfile -t reports < <(find "$tmp/good" -name '*.json' -o -name '*.jsonl' | sort)
if ((${#reports[@]} < 4)); then
	echo "FAIL: expected 4 report files, got ${#reports[@]}"
	exit 1
fi

failed=0
if ! "$validate" "${reports[@]}"; then
	echo "FAIL: reports written by test-report do not validate"
	failed=1
fi

# Broken copies: <name> <file to break> <python statement on `r`> <text the rejection must name>
cases=(
	"no-exit|report-full.json|del r['exit']|'exit' is a required property"
	"bad-reason|report-full.json|r['exit']['reason'] = 'crashed'|/exit/reason"
	"future-version|report-full.json|r['format_version'] = 2|/format_version"
	"negative-min|report-full.json|r['total']['latency']['min_ns'] = -5|/total/latency/min_ns"
	"sent-mismatch|report-full.json|r['endpoints'][0]['results']['counts']['sent'] += 1|/endpoints/0/results/counts/sent"
	"latency-count|report-interrupted.json|r['total']['latency']['count'] += 1|/total/latency/count"
	"bucket-sum|report-full.json|r['total']['latency']['histogram']['buckets'][0][2] += 1|/total/latency/histogram/buckets"
	"bucket-order|report-full.json|b = r['total']['latency']['histogram']['buckets']; b[0], b[1] = b[1], b[0]|/total/latency/histogram/buckets/1"
	"percentile-order|report-full.json|r['total']['latency']['percentiles'][0]['ns'] = 10**9|/total/latency/percentiles"
	"verdict|report-full.json|r['verdict']['pass'] = True|/verdict/pass"
	"sweep-no-step|report-full.json|del r['config']['sizes']['step']|/config/sizes"
	"size-too-big|report-full.json|r['total']['by_size'][0]['size'] = 497|/total/by_size/0/size"
	"endpoint-kind|report-full.json|r['endpoints'][1]['kind'] = 'usb'|/endpoints/1/kind"
	"counts-string|report-empty.json|r['total']['counts']['lost'] = '0'|/total/counts/lost"
	"bad-time|report-empty.json|r['start_time'] = 'yesterday'|/start_time"
	"error-event|report-full.json|del r['events'][0]['errno']|/events/0"
	"tty-path|report-interrupted.json|r['system']['rpmsg']['ttys'][0] = 'ttyRPMSG30'|/system/rpmsg/ttys/0"
	"interval-order|report-full.json|r['intervals'][1]['t_start_s'] = r['intervals'][1]['t_end_s'] + 1|/intervals/1/t_start_s"
	"interval-negative|report-full.json|r['intervals'][0]['t_start_s'] = -0.5|/intervals/0/t_start_s"
	"interval-wrapped|report-full.json|r['intervals'][0]['t_start_s'] = 18446744073.709274|/intervals/0/t_start_s"
)
# Break the copies in one python run, validate them in one call (python start-up is slow).
printf '%s\n' "${cases[@]}" | /usr/bin/python3 -c '
import json, sys
good, bad = sys.argv[1], sys.argv[2]
for line in sys.stdin.read().splitlines():
    name, file, stmt, _ = line.split("|", 3)
    r = json.load(open(f"{good}/{file}"))
    exec(stmt)
    json.dump(r, open(f"{bad}/{name}.json", "w"), indent=1)
' "$tmp/good" "$tmp/bad"
rc=0
"$validate" "$tmp"/bad/*.json >"$tmp/bad.out" 2>&1 || rc=$?
if ((rc != 1)); then
	echo "FAIL: broken reports gave exit $rc, want 1"
	failed=1
fi
for c in "${cases[@]}"; do
	IFS='|' read -r name _ _ want <<<"$c"
	out="$tmp/bad/$name.json"
	msg="$(grep -F "$out: " "$tmp/bad.out" || true)"
	if [[ -z "$msg" || "$msg" == *": valid" ]]; then
		echo "FAIL: $name: broken report accepted: $msg"
		failed=1
	elif [[ "$msg" != *"$want"* ]]; then
		echo "FAIL: $name: rejection does not name '$want': $msg"
		failed=1
	else
		echo "ok: $name rejected: ${msg//"$out: "/}"
	fi
done

# An intervals line without its total, a truncated report, a missing file.
head -n 1 "$tmp/good/report-full.intervals.jsonl" |
	/usr/bin/python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); del o["total"]; print(json.dumps(o))' \
		>"$tmp/bad/no-total.jsonl"
# An intervals line that starts after it ends (a wrapped start time), and one before 0.
head -n 1 "$tmp/good/report-full.intervals.jsonl" |
	/usr/bin/python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); o["t_start_s"]=18446744073.709274; print(json.dumps(o))' \
		>"$tmp/bad/interval-order.jsonl"
head -n 1 "$tmp/good/report-full.intervals.jsonl" |
	/usr/bin/python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); o["t_start_s"]=-1.0; print(json.dumps(o))' \
		>"$tmp/bad/interval-negative.jsonl"
head -c 300 "$tmp/good/report-full.json" >"$tmp/bad/truncated.json"
rc=0
"$validate" "$tmp/bad/no-total.jsonl" "$tmp/bad/interval-order.jsonl" \
	"$tmp/bad/interval-negative.jsonl" "$tmp/bad/truncated.json" "$tmp/bad/missing.json" \
	>"$tmp/bad2.out" 2>&1 || rc=$?
grep -qF "interval-order.jsonl: line 1: /t_start_s: t_start_s 18446744073.709274 > t_end_s" \
	"$tmp/bad2.out" || { echo "FAIL: interval-order.jsonl: start after end not named"; failed=1; }
grep -qF "interval-negative.jsonl: line 1: /t_start_s" "$tmp/bad2.out" ||
	{ echo "FAIL: interval-negative.jsonl: negative start not named"; failed=1; }
for f in no-total.jsonl interval-order.jsonl interval-negative.jsonl truncated.json missing.json; do
	msg="$(grep -F "$tmp/bad/$f: " "$tmp/bad2.out" || true)"
	if ((rc != 1)) || [[ -z "$msg" || "$msg" == *": valid" ]]; then
		echo "FAIL: $f: expected a rejection naming the file, got exit $rc: $msg"
		failed=1
	else
		echo "ok: $f rejected: ${msg#"$tmp/bad/$f": }"
	fi
done

# One bad file among good ones fails the whole call.
rc=0
"$validate" "${reports[@]}" "$tmp/bad/verdict.json" >/dev/null || rc=$?
if ((rc != 1)); then
	echo "FAIL: a bad file among good ones gave exit $rc"
	failed=1
fi
# No arguments: usage error.
rc=0
"$validate" >/dev/null 2>&1 || rc=$?
if ((rc != 2)); then
	echo "FAIL: no arguments gave exit $rc, want 2"
	failed=1
fi

if ((failed)); then
	exit 1
fi
echo "test-schema: all checks passed"
