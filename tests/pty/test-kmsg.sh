#!/usr/bin/env bash
# Without a readable kernel log (here: a --sysroot without dev/kmsg, as with
# kernel.dmesg_restrict or printk.devkmsg=off) rpmsg-bench warns once on
# stderr, measures anyway and records the reason under kernel_log.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/pty/lib.sh
source "$here/lib.sh"

C='.endpoints[0].results.counts'
mkdir -p "$WORK/root"

echo "# kernel log missing: one warning, the run goes on"
peer_start
rm -f "$WORK/report.json"
set +e
timeout 60 "$BENCH" run -q --sysroot "$WORK/root" --report "$WORK/report.json" \
	--tty "$PTY" -n 500 2>"$WORK/bench.err"
RC=$?
set -e
validate "$WORK/report.json"
peer_stop
expect "exit status" "$RC" 0
expect "one warning" "$(grep -c '^rpmsg-bench: warning: kernel log not read: ' "$WORK/bench.err")" 1
expect "warning names /dev/kmsg" "$(grep -c 'kernel log not read: .*dev/kmsg' "$WORK/bench.err")" 1
expect "received" "$(jr "$C.received")" 500
expect "kernel_log.available" "$(jr .kernel_log.available)" false
expect "kernel_log.reason set" "$(jr '.kernel_log.reason | length > 0')" true

echo "# --no-kmsg: no warning"
peer_start
bench --tty "$PTY" -n 100
peer_stop
expect "no-kmsg: exit status" "$RC" 0
expect "no-kmsg: no warning" "$(grep -c 'kernel log not read' "$WORK/bench.err")" 0

finish
