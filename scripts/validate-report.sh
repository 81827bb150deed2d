#!/usr/bin/env bash
# Validate rpmsg-bench reports against the published schema
# (bench/schema/report.schema.json, JSON Schema draft 2020-12), plus the
# invariants a schema cannot express:
#   - sent == received + lost + corrupted + unresolved, for every endpoint and the total
#   - latency.count == received, and the histogram buckets hold count - overflow samples,
#     in increasing, non-overlapping order
#   - percentiles do not decrease as p grows; min_ns <= max_ns
#   - verdict.pass is true exactly when every check passes
#   - every interval (in the report and in a .jsonl file) has 0 <= t_start_s <= t_end_s
# A file ending in .jsonl is an intervals file: every line must be an interval object.
#
# Usage: validate-report.sh FILE...
# Exit status: 0 all valid, 1 some file invalid (each problem printed as
# "FILE: /json/pointer: message"), 2 usage error or python3-jsonschema missing.
# RB_REPORT_SCHEMA overrides the schema path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schema="${RB_REPORT_SCHEMA:-$here/../bench/schema/report.schema.json}"
python=/usr/bin/python3

if (($# == 0)); then
	echo "usage: $(basename "$0") REPORT.json|INTERVALS.jsonl..." >&2
	exit 2
fi
if ! "$python" -c 'import jsonschema' 2>/dev/null; then
	echo "validate-report: python3-jsonschema is missing (apt-get install python3-jsonschema," \
		"or run scripts/install-deps.sh)" >&2
	exit 2
fi

exec "$python" - "$schema" "$@" <<'PY'
import json
import sys

from jsonschema import Draft202012Validator

schema_path, files = sys.argv[1], sys.argv[2:]
with open(schema_path) as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
report_v = Draft202012Validator(schema)
interval_v = Draft202012Validator({"$ref": "#/$defs/interval", "$defs": schema["$defs"]})


def pointer(path):
    return "/" + "/".join(str(p) for p in path)


def deepest(err):
    # A oneOf (null or object) failure says little; the branch that got furthest says what.
    while err.context:
        err = max(err.context, key=lambda c: (len(c.absolute_path), c.validator != "type"))
    msg = err.message
    return pointer(err.absolute_path), msg if len(msg) <= 200 else msg[:200] + "..."


def schema_problems(validator, doc, prefix=""):
    errs = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [(prefix + where, msg) for where, msg in map(deepest, errs)]


def check_latency(lat, where, problems):
    if not isinstance(lat, dict):
        return
    hist = lat.get("histogram")
    if hist is not None:
        total, prev_high = 0, -1
        for i, (low, high, count) in enumerate(hist["buckets"]):
            if low > high or low <= prev_high:
                problems.append((f"{where}/histogram/buckets/{i}",
                                 f"bucket [{low}, {high}] out of order"))
            prev_high = high
            total += count
        if total != lat["count"] - lat["overflow"]:
            problems.append((f"{where}/histogram/buckets",
                             f"buckets hold {total} samples, count - overflow is "
                             f"{lat['count'] - lat['overflow']}"))
    prev = None
    for i, pc in enumerate(sorted(lat["percentiles"], key=lambda x: x["p"])):
        if prev is not None and pc["ns"] < prev:
            problems.append((f"{where}/percentiles", f"p{pc['p']} = {pc['ns']} ns is below "
                             f"a lower percentile ({prev} ns)"))
        prev = pc["ns"]
    if lat["min_ns"] is not None and lat["max_ns"] is not None and lat["min_ns"] > lat["max_ns"]:
        problems.append((f"{where}/min_ns", "min_ns > max_ns"))


def check_results(res, where, problems):
    if not isinstance(res, dict):
        return
    c = res["counts"]
    resolved = c["received"] + c["lost"] + c["corrupted"] + c["unresolved"]
    if c["sent"] != resolved:
        problems.append((f"{where}/counts/sent",
                         f"sent {c['sent']} != received + lost + corrupted + unresolved "
                         f"({resolved})"))
    if res["latency"]["count"] != c["received"]:
        problems.append((f"{where}/latency/count",
                         f"{res['latency']['count']} samples for {c['received']} received"))
    check_latency(res["latency"], f"{where}/latency", problems)
    if res.get("latency_from_schedule") is not None:
        check_latency(res["latency_from_schedule"], f"{where}/latency_from_schedule", problems)


def check_interval(iv, where, problems):
    t0, t1 = iv.get("t_start_s"), iv.get("t_end_s")
    if not isinstance(t0, (int, float)) or not isinstance(t1, (int, float)):
        return
    if t0 < 0:
        problems.append((f"{where}/t_start_s", f"t_start_s {t0} is negative"))
    if t1 < 0:
        problems.append((f"{where}/t_end_s", f"t_end_s {t1} is negative"))
    if t0 > t1:
        problems.append((f"{where}/t_start_s", f"t_start_s {t0} > t_end_s {t1}"))


def check_report(doc):
    problems = schema_problems(report_v, doc)
    if problems:
        return problems
    for i, ep in enumerate(doc["endpoints"]):
        check_results(ep["results"], f"/endpoints/{i}/results", problems)
    check_results(doc["total"], "/total", problems)
    for i, iv in enumerate(doc["intervals"]):
        check_interval(iv, f"/intervals/{i}", problems)
    v = doc["verdict"]
    if v is not None and v["pass"] != all(ch["pass"] for ch in v["checks"]):
        problems.append(("/verdict/pass", "pass does not match the checks"))
    return problems


status = 0
for name in files:
    try:
        with open(name) as f:
            text = f.read()
    except OSError as e:
        print(f"{name}: cannot read: {e.strerror}")
        status = 1
        continue
    problems = []
    try:
        if name.endswith(".jsonl"):
            for n, line in enumerate(text.splitlines(), 1):
                obj = json.loads(line)
                line_problems = schema_problems(interval_v, obj, f"line {n}: ")
                if not line_problems:
                    check_interval(obj, f"line {n}: ", line_problems)
                problems += line_problems
        else:
            problems = check_report(json.loads(text))
    except json.JSONDecodeError as e:
        problems = [("", f"not JSON: {e}")]
    if problems:
        status = 1
        for where, msg in problems:
            print(f"{name}: {where}: {msg}")
    else:
        print(f"{name}: valid")
sys.exit(status)
PY
