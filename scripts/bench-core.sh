#!/usr/bin/env bash
# `make bench` for the benchmark core: rpmsg-bench against a bare write/read
# loop on the same PTY echo peer, measured side by side in one run.
#
#   1. flood throughput, rpmsg-bench / bare loop          (target >= 0.95)
#   2. closed-loop p50 round trip, rpmsg-bench vs bare    (target overhead <= 2 %)
#   3. user-space instructions per round trip in the benchmark's event loop
#      (callgrind, inclusive cost of run.c:loop / round trips; target <= 1000)
#   4. resident memory (VmHWM) after 10^7 vs 10^5 messages (target within 1 MB)
#
# Throughput and p50 runs are short and run in pairs on the same peer (the
# order inside a pair alternates); each pair gives one ratio and the median of
# the pair ratios is printed (with the medians of each side), so that load on
# a shared machine hits both sides of a ratio alike, together with a 95 %
# confidence interval for that median (median_ci below): on a shared 2-CPU VM
# single flood pairs spread from 0.75 to 1.2, and medians of 11 to 31 pairs
# moved from 0.91 to 1.02 between runs minutes apart, so a median without its
# interval says little. With two CPUs or more, the peer runs on one CPU and
# the measured program (bare loop or rpmsg-bench) on another, both sides
# alike: left to the scheduler, the two processes and the tty's flush work
# trade CPUs from run to run, which moved single results by +-15 % on a 2-CPU
# machine. The machine (CPUs, model, pinning, load average before and after) is
# printed with the figures, which also go to $RB_BUILD/bench/core.txt.
#
# Environment: RB_BUILD (build directory), RB_BENCH_FLOOD_PAIRS (101),
# RB_BENCH_CLOSED_PAIRS (21), RB_BENCH_FLOOD (messages per flood run, 100000),
# RB_BENCH_CLOSED (10000), RB_BENCH_CG (50000), RB_BENCH_SMALL (100000),
# RB_BENCH_BIG (10000000), RB_BENCH_SIZE (64).
set -euo pipefail

root="${RB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
build="${RB_BUILD:-$root/build/rel}"
bench="$build/bin/rpmsg-bench"
peer="$build/bin/rb-pty-peer"
bare="$build/bin/rb-bare-loop"
flood_pairs="${RB_BENCH_FLOOD_PAIRS:-101}"
closed_pairs="${RB_BENCH_CLOSED_PAIRS:-21}"
n_flood="${RB_BENCH_FLOOD:-100000}"
n_closed="${RB_BENCH_CLOSED:-10000}"
n_cg="${RB_BENCH_CG:-50000}"
n_small="${RB_BENCH_SMALL:-100000}"
n_big="${RB_BENCH_BIG:-10000000}"
size="${RB_BENCH_SIZE:-64}"

for p in "$bench" "$peer" "$bare"; do
	[[ -x "$p" ]] || { echo "bench-core: $p is not built" >&2; exit 1; }
done
for t in jq valgrind callgrind_annotate; do
	command -v "$t" >/dev/null || { echo "bench-core: $t is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/rb-bench.XXXXXX")"
peer_pid=
cleanup() {
	[[ -n "$peer_pid" ]] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# Pinning: peer on CPU 1, measured programs on CPU 0 (none with one CPU or no taskset).
pin_peer=() pin_run=() pinning="none"
if (($(nproc) >= 2)) && command -v taskset >/dev/null; then
	pin_peer=(taskset -c 1) pin_run=(taskset -c 0) pinning="peer on CPU 1, measured program on CPU 0"
fi

"${pin_peer[@]}" "$peer" --protocol generic --timeout 3600 >"$work/peer.out" &
peer_pid=$!
for _ in $(seq 100); do
	[[ -s "$work/peer.out" ]] && break
	sleep 0.05
done
pty="$(head -n1 "$work/peer.out")"

rb() { # rpmsg-bench on the peer, quiet, report in $work/r.json
	timeout 900 "${pin_run[@]}" "$bench" run --tty "$pty" --protocol generic --no-kmsg -q \
		--report "$work/r.json" -s "$size" "$@" 2>"$work/bench.err" || {
		echo "bench-core: rpmsg-bench failed:" >&2
		cat "$work/bench.err" >&2
		exit 1
	}
}
# median_ci: "MEDIAN LO HI" of the numbers on stdin. LO..HI is the
# distribution-free confidence interval of the median from order statistics:
# x(k)..x(n+1-k) for the largest k with P(Binomial(n, 1/2) <= k-1) <= 2.5 %,
# so that it holds the true median with probability >= 95 % whatever the
# distribution of the pairs (x(6)..x(16) for 21 pairs, x(41)..x(61) for 101).
# LO and HI are "-" for fewer than 6 numbers, too few for such an interval.
median_ci() {
	sort -g | awk '{v[NR] = $1} END {
		n = NR; pmf = 0.5 ^ n; cdf = pmf; k = 0
		while (cdf <= 0.025) { k++; pmf = pmf * (n - k + 1) / k; cdf += pmf }
		if (k) print v[int((n + 1) / 2)], v[k], v[n + 1 - k]
		else print v[int((n + 1) / 2)], "-", "-"
	}'
}
median() { median_ci | cut -d' ' -f1; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench-core: PTY echo peer $pty, ${size}-byte messages, $flood_pairs flood and $closed_pairs closed-loop pairs, order alternating"
echo "bench-core: pinning: $pinning"

# 1 + 2: pairs of runs, one ratio per pair, the median ratio is the figure.
# Flood runs come in one block and closed-loop runs in another, and the order
# inside a pair alternates (bare loop first, then rpmsg-bench first): a run's
# speed depends on what ran just before it (a flood right after the quiet
# closed loop ran a few per cent slower here, which flattered whichever side
# came second), so each side takes each place equally often. One discarded
# flood of each side warms the peer, the tty and the CPUs first.
bare_flood_run() { "${pin_run[@]}" "$bare" "$pty" flood "$size" "$n_flood" | sed -n 's/^msgs_per_s=//p'; }
rb_flood_run() { rb --flood -n "$n_flood" ; jq -r '.total.rate.msgs_per_s | floor' "$work/r.json"; }
bare_closed_run() { "${pin_run[@]}" "$bare" "$pty" closed "$size" "$n_closed" | sed -n 's/^p50_ns=//p'; }
rb_closed_run() { rb -n "$n_closed" --percentiles 50 ; jq -r '.total.latency.percentiles[0].ns' "$work/r.json"; }
# pairs KIND N UNIT: N pairs of bare_KIND_run and rb_KIND_run, the order
# alternating; results in $work/bare_KIND and $work/rb_KIND.
pairs() {
	local b r
	: >"$work/bare_$1" ; : >"$work/rb_$1"
	for i in $(seq "$2"); do
		if ((i % 2)); then
			b="$("bare_$1_run")" ; r="$("rb_$1_run")"
		else
			r="$("rb_$1_run")" ; b="$("bare_$1_run")"
		fi
		echo "$b" >>"$work/bare_$1" ; echo "$r" >>"$work/rb_$1"
		echo "  $1 pair $i: $r / $b $3"
	done
}
bare_flood_run >/dev/null
rb_flood_run >/dev/null
pairs flood "$flood_pairs" msg/s
pairs closed "$closed_pairs" "ns (p50)"
paste "$work/rb_flood" "$work/bare_flood" | awk '{printf "%.4f\n", $1 / $2}' >"$work/flood_ratio"
paste "$work/rb_closed" "$work/bare_closed" |
	awk '{printf "%.4f\n", ($1 - $2) * 100 / $2}' >"$work/p50_ratio"
bare_flood="$(median <"$work/bare_flood")"
rb_flood="$(median <"$work/rb_flood")"
bare_p50="$(median <"$work/bare_closed")"
rb_p50="$(median <"$work/rb_closed")"
read -r flood_ratio flood_lo flood_hi < <(median_ci <"$work/flood_ratio")
read -r p50_overhead p50_lo p50_hi < <(median_ci <"$work/p50_ratio")

# 3: instructions in the event loop (run.c:loop, not inlined), poll engine
# (valgrind does not follow io_uring's kernel-side work either way), window 16.
timeout 900 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
	"$bench" run --tty "$pty" --protocol generic --no-kmsg -q --report "$work/cg.json" \
	-s "$size" -w 16 -n "$n_cg" --engine poll >/dev/null 2>"$work/cg.err"
callgrind_annotate --inclusive=yes "$work/cg.out" >"$work/cg.txt" 2>/dev/null
loop_ir="$(awk '/run\.c:loop[ .]/{gsub(",", "", $1); print $1; exit}' "$work/cg.txt")"
[[ -n "$loop_ir" ]] || { echo "bench-core: no run.c:loop in the callgrind profile" >&2; exit 1; }
cg_rx="$(jq -r '.total.counts.received' "$work/cg.json")"
callee() {
	awk -v f="$1" '$0 ~ f {gsub(",", "", $1); print $1; found = 1; exit} END {if (!found) print 0}' "$work/cg.txt"
}
per() { awk -v a="${1:-0}" -v n="$cg_rx" 'BEGIN {printf "%.0f", a / n}'; }

# 4: peak resident memory at the end of the measured loop of a small and a big
# run (the report's resources.vm_hwm_kib, read from /proc/self/status before the
# report is built: the report's sparse histogram grows with the number of
# distinct latencies seen, which is output, not the run's working set).
rss() {
	timeout 1800 "$bench" run --tty "$pty" --protocol generic --no-kmsg -q \
		--report "$work/m.json" -s 16 -w 64 -n "$1" 2>/dev/null || true
	jq -r '.resources.vm_hwm_kib' "$work/m.json"
}
rss_small="$(rss "$n_small")"
rss_big="$(rss "$n_big")"

overhead="$(awk -v o="$p50_overhead" 'BEGIN {printf "%+.1f", o}')"
# The intervals as printed: "LO..HI", or "-" when there are too few pairs.
flood_ci="-" p50_ci="-"
[[ "$flood_lo" == - ]] || flood_ci="$flood_lo..$flood_hi"
[[ "$p50_lo" == - ]] || p50_ci="$(awk -v l="$p50_lo" -v h="$p50_hi" 'BEGIN {printf "%+.1f..%+.1f %%", l, h}')"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
out="$build/bench/core.txt"
mkdir -p "$(dirname "$out")"
{
	echo "rpmsg-bench core figures ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
	echo "machine: $(uname -srm), $(nproc) CPUs, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "load average: $load_before before, $load_after after; pinning: $pinning"
	echo "ratios: median of the pair ratios ($flood_pairs flood pairs, $closed_pairs closed-loop" \
		"pairs, order alternating) and its 95 % confidence interval; side columns: median of" \
		"each side"
	printf '%-46s %14s %14s %10s %16s  %s\n' "figure" "rpmsg-bench" "bare loop" "ratio" \
		"95 % interval" "target"
	printf '%-46s %14.0f %14.0f %10s %16s  %s\n' "flood throughput (msg/s, ${size} B)" \
		"$rb_flood" "$bare_flood" "$flood_ratio" "$flood_ci" ">= 0.95"
	printf '%-46s %14s %14s %9s%% %16s  %s\n' "closed-loop p50 round trip (ns)" "$rb_p50" \
		"$bare_p50" "$overhead" "$p50_ci" "<= +2 %"
	printf '%-46s %14s %14s %10s %16s  %s\n' "instructions per round trip (run.c:loop)" \
		"$(per "$loop_ir")" "-" "-" "-" "<= 1000"
	printf '  %-44s %14s\n' "of which sending (send_some)" "$(per "$(callee 'run.c:send_some[ .]')")"
	printf '  %-44s %14s\n' "of which receiving (read_some)" "$(per "$(callee 'run.c:read_some[ .]')")"
	printf '  %-44s %14s\n' "of which frame build (rb_frame_build_data_hc)" \
		"$(per "$(callee 'rb_frame_build_data_hc ')")"
	printf '  %-44s %14s\n' "of which deframing (rb_deframer_take, _next)" \
		"$(per "$(($(callee 'rb_deframer_take ') + $(callee 'rb_deframer_next ')))")"
	printf '  %-44s %14s\n' "of which reply check + accounting" "$(per "$(callee 'run.c:account_frame ')")"
	printf '  %-44s %14s\n' "of which send accounting (rb_acct_sent)" "$(per "$(callee 'rb_acct_sent ')")"
	printf '%-46s %14s %14s %10s %16s  %s\n' "VmHWM after $n_big vs $n_small msgs (KiB)" \
		"$rss_big" "$rss_small" "$((rss_big - rss_small))" "-" "<= 1024 KiB apart"
} | tee "$out"
