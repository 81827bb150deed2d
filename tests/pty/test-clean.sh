#!/usr/bin/env bash
# A clean run of 1,000,000 messages through the PTY echo peer reports zero
# loss and zero corruption, and its counts equal the peer's; both engines
# run and the report says which one did.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/pty/lib.sh
source "$here/lib.sh"

C='.endpoints[0].results.counts'
N=1000000

echo "# $N messages, window 64, 16-byte frames"
peer_start
bench --tty "$PTY" -w 64 -s 16 -n $N
peer_stop
expect "exit status" "$RC" 0
expect "reason" "$(jr .exit.reason)" completed
expect "sent" "$(jr "$C.sent")" $N
expect "received" "$(jr "$C.received")" $N
expect "lost" "$(jr "$C.lost")" 0
expect "corrupted" "$(jr "$C.corrupted")" 0
expect "duplicates" "$(jr "$C.duplicates")" 0
expect "garbage_bytes" "$(jr "$C.garbage_bytes")" 0
expect "peer data frames = sent" "$(pc data_frames)" $N
expect "peer echoed = received" "$(pc echoed)" $N
expect "latency samples" "$(jr '.endpoints[0].results.latency.count')" $N
expect "total received" "$(jr '.total.counts.received')" $N
expect "verdict" "$(jr .verdict.pass)" true

for engine in poll io_uring; do
	echo "# engine $engine, sizes swept 16..496"
	peer_start
	bench --tty "$PTY" --engine "$engine" -w 4 -s 16-496:16 -n 3100 --protocol generic
	peer_stop
	if [[ "$engine" == io_uring && "$RC" == 2 ]] && grep -q io_uring "$WORK/bench.err"; then
		echo "io_uring not available here: $(cat "$WORK/bench.err")"
		continue
	fi
	expect "$engine: exit status" "$RC" 0
	expect "$engine: engine in the report" "$(jr '.endpoints[0].engine')" "$engine"
	# IORING_SETUP_DEFER_TASKRUN came with Linux 6.1.
	IFS=. read -r kmaj kmin _ <<<"$(uname -r)"
	if [[ "$engine" == poll ]]; then
		want_detail=requested
	elif ((kmaj > 6 || (kmaj == 6 && ${kmin%%[!0-9]*} >= 1))); then
		want_detail="deferred task work, one-shot polls"
	else
		want_detail="one-shot polls (no IORING_SETUP_DEFER_TASKRUN: kernel before 6.1)"
	fi
	expect "$engine: engine detail" "$(jr '.endpoints[0].engine_detail')" "$want_detail"
	expect "$engine: received" "$(jr "$C.received")" 3100
	expect "$engine: sizes by_size entries" "$(jr '.endpoints[0].results.by_size | length')" 31
	expect "$engine: bytes sent" "$(jr '.endpoints[0].results.bytes.sent')" $((100 * (16 + 496) * 31 / 2))
	expect "$engine: no firmware info with --protocol generic" "$(jr .firmware)" null
done

echo "# warm-up in closed loop: each warm-up reply frees its slot (no loss-timeout wait)"
peer_start
t0=$SECONDS
bench --tty "$PTY" --warmup 100 -n 2000
t1=$SECONDS
peer_stop
expect "warmup: exit status" "$RC" 0
expect "warmup: warmup" "$(jr "$C.warmup")" 100
expect "warmup: sent" "$(jr "$C.sent")" 2000
expect "warmup: received" "$(jr "$C.received")" 2000
expect "warmup: lost" "$(jr "$C.lost")" 0
expect "warmup: latency samples" "$(jr '.endpoints[0].results.latency.count')" 2000
expect "warmup: peer echoed all" "$(pc echoed)" 2100
# A stalled warm-up waits the 1 s loss timeout per message: 100 s.
expect "warmup: done within 20 s" "$((t1 - t0 <= 20))" 1

echo "# --warmup-time: a closed loop sends many warm-up messages, not one per loss timeout"
peer_start
bench --tty "$PTY" --warmup-time 300ms -n 2000
peer_stop
expect "warmup-time: exit status" "$RC" 0
expect "warmup-time: sent" "$(jr "$C.sent")" 2000
expect "warmup-time: received" "$(jr "$C.received")" 2000
expect "warmup-time: more than one warm-up message" "$(($(jr "$C.warmup") > 1))" 1
expect "warmup-time: peer echoed all" "$(pc echoed)" $((2000 + $(jr "$C.warmup")))

echo "# real-time options recorded, percentile list honoured"
peer_start
bench --tty "$PTY" -n 1000 -p 10 -a 0 -m --cpu-dma-latency 0 --percentiles 50,99
peer_stop
expect "rt: exit status" "$RC" 0
expect "rt: sent" "$(jr "$C.sent")" 1000
expect "rt: latency samples" "$(jr '.endpoints[0].results.latency.count')" 1000
expect "rt: sched" "$(jr .config.sched.policy)/$(jr .config.sched.priority)" SCHED_FIFO/10
expect "rt: affinity" "$(jr '.config.affinity | join(",")')" 0
expect "rt: percentiles" "$(jr '[.endpoints[0].results.latency.percentiles[].p] | join(",")')" 50,99

echo "# two endpoints in one run, each with its results, and a total"
peer_start
PTY1="$PTY"
PID1="$PEER_PID"
peer_start --protocol generic
PTY2="$PTY"
bench --tty "$PTY1" --tty "$PTY2" -w 4 -n 5000
kill -TERM "$PID1" || true
wait "$PID1" || true
peer_stop
expect "two: exit status" "$RC" 0
expect "two: endpoints" "$(jr '.endpoints | length')" 2
expect "two: endpoint 1 received" "$(jr '.endpoints[1].results.counts.received')" 5000
expect "two: total received" "$(jr '.total.counts.received')" 10000
expect "two: intervals file lines >= 1" "$(($(wc -l <"$WORK/report.intervals.jsonl") >= 1))" 1

finish
