#!/usr/bin/env bash
# Bad input and failing peers: a clear message naming the input and the
# errno, the documented exit status (rpmsg-bench(1)), and a report that is
# still written with what was measured.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/pty/lib.sh
source "$here/lib.sh"

C='.endpoints[0].results.counts'

# expect_fail NAME STATUS REASON ERRNO: the report and stderr agree with the status.
expect_fail() {
	expect "$1: exit status" "$RC" "$2"
	expect "$1: report exit.status" "$(jr .exit.status)" "$2"
	expect "$1: report exit.reason" "$(jr .exit.reason)" "$3"
	if [[ -n "${4:-}" ]]; then
		expect "$1: report exit.errno" "$(jr .exit.errno)" "$4"
	fi
}

echo "# a path that does not exist"
bench --tty "$WORK/no-such-tty"
expect_fail missing 3 bad-input 2
expect "missing: message names the path" "$(grep -c "$WORK/no-such-tty: cannot open: No such file" "$WORK/bench.err")" 1

echo "# a regular file"
: >"$WORK/plain"
bench --tty "$WORK/plain"
expect_fail regular 3 bad-input 19
expect "regular: message" "$(grep -c 'not a character device (a regular file)' "$WORK/bench.err")" 1

echo "# /dev/null as a tty"
bench --tty /dev/null
expect_fail devnull-tty 3 bad-input 25
expect "devnull-tty: message" "$(grep -c '/dev/null: not a terminal' "$WORK/bench.err")" 1

echo "# /dev/null as an rpmsg char node"
bench --char /dev/null
expect_fail devnull-char 3 bad-input 124
expect "devnull-char: message" "$(grep -c 'not an rpmsg char device' "$WORK/bench.err")" 1

echo "# an rpmsg_ctrl ioctl that fails"
bench --ctrl /dev/null --ept-name bench
expect_fail ctrl-ioctl 3 bad-input 25
expect "ctrl-ioctl: message" "$(grep -c 'RPMSG_CREATE_EPT_IOCTL (name bench) failed: Inappropriate ioctl' "$WORK/bench.err")" 1

echo "# a channel that is not there"
mkdir -p "$WORK/root/sys/class/rpmsg"
bench --channel rpmsg-raw --sysroot "$WORK/root"
expect_fail no-channel 3 bad-input 2

echo "# message sizes outside 16..496 are refused before anything is sent"
peer_start
bench --tty "$PTY" -s 497 -n 10
expect_fail size-497 2 bad-input 22
expect "size-497: message" "$(grep -c -- '--size 497' "$WORK/bench.err")" 1
bench --tty "$PTY" -s 15 -n 10
expect_fail size-15 2 bad-input 22
bench --tty "$PTY" -s 16,64,600 -n 10
expect_fail size-list 2 bad-input 22
peer_stop
expect "sizes: nothing reached the peer" "$(pc rx_bytes)" 0

echo "# usage error: no report"
bench --tty /dev/null --no-such-option
expect "usage: exit status" "$RC" 2
expect "usage: no report" "$([[ -e "$WORK/report.json" ]] && echo yes || echo no)" no

echo "# a peer that never answers"
peer_start --mute
bench --tty "$PTY" -n 100 --loss-timeout 200
peer_stop
expect_fail silent 4 peer-silent 0
expect "silent: sent" "$(jr "$C.sent")" 1
expect "silent: lost" "$(jr "$C.lost")" 1

echo "# a peer that answers garbage"
peer_start --garbage-only
bench --tty "$PTY" -n 100 --loss-timeout 200 --protocol generic
peer_stop
expect_fail garbage 4 peer-silent 0
expect "garbage: garbage bytes = what the peer sent" "$(jr "$C.garbage_bytes")" "$(pc garbage_bytes)"
expect "garbage: received" "$(jr "$C.received")" 0

echo "# the peer closes the PTY in the middle of the run"
peer_start --close-after 1000
bench --tty "$PTY" -n 100000
peer_stop
expect_fail closed 6 device-gone 5
expect "closed: received" "$(jr "$C.received")" 1000
expect "closed: peer closed" "$(pc closed)" 1
expect "closed: error event" "$(jr '[.events[] | select(.type == "error")] | length')" 1
expect "closed: conserved" "$(jr "$C | .received + .lost + .corrupted + .unresolved")" "$(jr "$C.sent")"

echo "# an unwritable report path: the report goes to \$TMPDIR and the status says so"
peer_start
mkdir -p "$WORK/tmp"
rm -f "$WORK/tmp/r.json"
set +e
TMPDIR="$WORK/tmp" timeout 60 "$BENCH" run --no-kmsg -q --tty "$PTY" -n 100 \
	--report "$WORK/no-dir/r.json" 2>"$WORK/bench.err"
RC=$?
set -e
peer_stop
cp "$WORK/tmp/r.json" "$WORK/report.json" 2>/dev/null || true
validate "$WORK/report.json"
expect_fail report-path 7 error 2
expect "report-path: says where it went" "$(grep -c "report written to $WORK/tmp/r.json instead" "$WORK/bench.err")" 1
expect "report-path: measured anyway" "$(jr "$C.received")" 100

for sig in INT TERM; do
	echo "# SIG$sig: sending stops, replies are awaited, the report is written"
	peer_start
	set +e
	# --foreground: timeout then passes the signal to rpmsg-bench only; otherwise it
	# also signals its process group, and a second signal means "stop at once".
	timeout --foreground 60 "$BENCH" run --no-kmsg -q --tty "$PTY" -w 4 -D 30 \
		--report "$WORK/report.json" 2>"$WORK/bench.err" &
	pid=$!
	sleep 0.7
	kill -"$sig" "$pid"
	wait "$pid"
	RC=$?
	set -e
	peer_stop
	validate "$WORK/report.json"
	if [[ $sig == INT ]]; then
		expect_fail sigint 130 interrupted 0
	else
		expect_fail sigterm 143 terminated 0
	fi
	expect "sig$sig: nothing unresolved after the drain" "$(jr "$C.unresolved")" 0
	expect "sig$sig: nothing lost" "$(jr "$C.lost")" 0
	expect "sig$sig: peer echoed = received" "$(pc echoed)" "$(jr "$C.received")"
done

echo "# a second SIGINT stops at once: what is still in flight is unresolved"
peer_start --mute
set +e
# Not under timeout(1): it passes on only the first of two signals. A watchdog instead.
"$BENCH" run --no-kmsg -q --tty "$PTY" -w 4 -D 30 --loss-timeout 20000 \
	--report "$WORK/report.json" 2>"$WORK/bench.err" &
pid=$!
(sleep 60 && kill -KILL "$pid" 2>/dev/null) &
watchdog=$!
sleep 0.7
kill -INT "$pid"
sleep 0.3
kill -INT "$pid"
wait "$pid"
RC=$?
kill "$watchdog" 2>/dev/null
set -e
peer_stop
validate "$WORK/report.json"
expect_fail sigint2 130 interrupted 0
expect "sigint2: sent" "$(jr "$C.sent")" 4
expect "sigint2: unresolved" "$(jr "$C.unresolved")" 4
expect "sigint2: lost" "$(jr "$C.lost")" 0

finish
