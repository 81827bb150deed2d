#!/usr/bin/env bash
# Every fault the PTY peer injects is found by rpmsg-bench with its exact
# count, and the report's counts equal the peer's own counters.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/pty/lib.sh
source "$here/lib.sh"

N=6000
C='.endpoints[0].results.counts'

# Conservation: every message ends in exactly one category.
conserved() {
	expect "$1: sent = received + lost + corrupted + unresolved" \
		"$(jr "$C | .received + .lost + .corrupted + .unresolved")" "$(jr "$C.sent")"
}

echo "# drop every 97th frame"
peer_start --drop-every 97
bench --tty "$PTY" -w 8 -n $N --loss-timeout 300
peer_stop
expect "drop: exit status" "$RC" 1
expect "drop: lost" "$(jr "$C.lost")" $((N / 97))
expect "drop: lost = peer dropped" "$(jr "$C.lost")" "$(pc dropped)"
expect "drop: received" "$(jr "$C.received")" $((N - N / 97))
conserved drop

echo "# duplicate every 89th frame"
peer_start --dup-every 89
bench --tty "$PTY" -w 8 -n $N
peer_stop
expect "dup: exit status" "$RC" 0
expect "dup: duplicates" "$(jr "$C.duplicates")" $((N / 89))
expect "dup: duplicates = peer duplicated" "$(jr "$C.duplicates")" "$(pc duplicated)"
expect "dup: received" "$(jr "$C.received")" $N
conserved dup

echo "# corrupt every 83rd frame"
peer_start --corrupt-every 83
bench --tty "$PTY" -w 8 -n $N
peer_stop
expect "corrupt: exit status" "$RC" 1
expect "corrupt: corrupted" "$(jr "$C.corrupted")" $((N / 83))
expect "corrupt: corrupted = peer corrupted" "$(jr "$C.corrupted")" "$(pc corrupted)"
conserved corrupt

echo "# reorder every 79th frame"
peer_start --reorder-every 79
bench --tty "$PTY" -w 8 -n $N
peer_stop
expect "reorder: exit status" "$RC" 0
expect "reorder: reordered = peer reordered" "$(jr "$C.reordered")" "$(pc reordered)"
expect "reorder: reordered" "$(jr "$C.reordered")" $((N / 79))
expect "reorder: received" "$(jr "$C.received")" $N

echo "# delay every 1500th reply past the loss timeout (open loop, so late replies land in the run)"
peer_start --delay-every 1500 --delay-ms 1200
bench --tty "$PTY" --rate 1000 -n 4400 --loss-timeout 600
peer_stop
expect "delay: lost" "$(jr "$C.lost")" 2
expect "delay: late" "$(jr "$C.late")" 2
expect "delay: latency from schedule reported" "$(jr '.endpoints[0].results.latency_from_schedule.count')" 4398
expect "delay: late = peer delayed" "$(jr "$C.late")" "$(pc delayed)"
conserved delay

echo "# garbage before every 101st reply, and the NXP greeting"
peer_start --garbage-every 101 --garbage-len 13 --hello
bench --tty "$PTY" -w 8 -n $N
peer_stop
expect "garbage: exit status" "$RC" 0
expect "garbage: garbage_bytes" "$(jr "$C.garbage_bytes")" $(((N / 101) * 13 + 12))
expect "garbage: = peer garbage + hello" "$(jr "$C.garbage_bytes")" \
	$(($(pc garbage_bytes) + $(pc hello_bytes)))
expect "garbage: received" "$(jr "$C.received")" $N

echo "# stall for 400 ms after every 1000th frame: two stall events in the report"
peer_start --stall-every 1000 --stall-ms 400
bench --tty "$PTY" -n 2500 --stall-threshold 250
peer_stop
expect "stall: exit status" "$RC" 0
expect "stall: peer stalls" "$(pc stalls)" 2
expect "stall: max latency >= 400 ms" "$(jr '.endpoints[0].results.latency.max_ns >= 400000000')" true
expect "stall: stall events of >= 350 ms" \
	"$(jr '[.events[] | select(.type == "stall" and .end_s - .start_s >= 0.35)] | length')" 2
expect "stall: the stalled message is held" \
	"$(jr '[.events[] | select(.type == "stall" and .end_s - .start_s >= 0.35) | .held_count] | min')" 1
expect "stall: received" "$(jr "$C.received")" 2500

echo "# faults requested through the protocol (RB_T_FAULT), counted by the firmware stand-in"
peer_start
bench --tty "$PTY" -w 4 -n 2000 --fw-fault drop=50,dup=70
peer_stop
# A reply held up past the loss timeout by a loaded machine is lost and late
# both: what the firmware dropped is lost minus late, exactly.
expect "fw-fault: lost, not late" "$(jr "$C.lost - $C.late")" 40
expect "fw-fault: duplicates" "$(jr "$C.duplicates")" $((2000 / 70 - 2000 / 350))
expect "fw-fault: firmware stats injected_drop" \
	"$(jr '.firmware.stats_after.injected_drop')" 40
expect "fw-fault: firmware board" "$(jr '.firmware.board')" pty-peer

echo "# --fw-fault goes once per run: to the first endpoint, not to every endpoint"
peer_spawn 2
PTY2="$PTY"
PEER2_PID="$PEER_PID"
peer_start
bench --tty "$PTY" --tty "$PTY2" -w 4 -n 1000 --fw-fault drop=50
peer_stop
PEER_PID="$PEER2_PID"
peer_stop
expect "fw-fault once: endpoint 0 lost, not late" \
	"$(jr '.endpoints[0].results.counts | .lost - .late')" 20
expect "fw-fault once: endpoint 1 lost" "$(jr '.endpoints[1].results.counts.lost')" 0
expect "fw-fault once: endpoint 1 received" "$(jr '.endpoints[1].results.counts.received')" 1000
expect "fw-fault once: peer 1 dropped" "$(pc dropped)" 20
expect "fw-fault once: peer 2 dropped" "$(sed -n 's/^dropped=//p' "$WORK/peer2.txt")" 0

finish
