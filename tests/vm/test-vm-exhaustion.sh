#!/usr/bin/env bash
# TX buffer exhaustion against the real kernel: the remote stops consuming
# (a 20 s firmware stall requested mid-run: nothing is taken off the vrings,
# no kick is acknowledged) while rpmsg-bench keeps 300 messages in flight on
# each of two endpoints and another process writes with a blocking write. virtio_rpmsg_bus
# has 256 TX buffers shared by every endpoint (drivers/rpmsg/virtio_rpmsg_bus.c,
# MAX_RPMSG_NUM_BUFS / 2), so:
#  - non-blocking writes on the rpmsg char endpoint fail with EAGAIN
#    (rpmsg_char turns trysend's -ENOMEM into -EAGAIN),
#  - writes on the rpmsg tty fail with ENOMEM (rpmsg_tty uses trysend),
#  - the blocking write gives up after 15 s with "timeout waiting for a tx
#    buffer" and errno 512 (ERESTARTSYS, no signal pending),
# and rpmsg-bench counts all three in its report, loses nothing once the
# remote is back, and ends on its own.
# Only the transport's kick timeout is shortened (100 ms -> 2 ms) for the
# episode, so that the 256 buffers fill in about a second rather than 26 s of
# failed kicks; the buffer behaviour is the stock drivers'.
set -euo pipefail
# shellcheck source=tests/vm/lib-vm.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-vm.sh"
t_need_vm
t_need_bench

run="$(t_run_dir)"
t_fault_frame "$run/out/stall.bin" 1 0 0 0 20000 0

# shellcheck disable=SC2016  # expanded in the guest
guest='P=/sys/module/rb_vrproc/parameters
'"$T_FIND_RAW"'
echo 2 >$P/kick_timeout_ms
rpmsg-bench run -q -s 64 -w 300 -D 24s --ctrl /dev/rpmsg_ctrl0 --ept-name exh --dst 40 \
	--tty /dev/ttyRPMSG0 --loss-timeout 60000 --max-kick-failures none \
	--report exh.json >exh.log 2>&1 &
bp=$!
sleep 2
# The stall request from this process, once: rpmsg-bench would send its
# --fw-fault to each of its endpoints, and the firmware would stall twice.
exec 3<>$RAW
dd if=stall.bin bs=36 count=1 2>/dev/null >&3
dd bs=512 count=1 <&3 2>/dev/null >stall-reply.bin
exec 3>&-
sleep 2
t0=$(date +%s)
dd if=/dev/zero of=$RAW bs=64 count=1 2>dd.err
echo "dd_rc=$?"
echo "dd_s=$(($(date +%s) - t0))"
wait $bp
echo "bench_rc=$?"
echo 100 >$P/kick_timeout_ms
rpmsg-bench run -q -s 64 -n 1000 --channel rpmsg-raw --report after.json >after.log 2>&1
echo "after_rc=$?"
echo "timeouts=$(dmesg | grep -c "timeout waiting for a tx buffer")"'

set +e
out="$("$RUN_VM" --run-dir "$run" --out "$run/out" --timeout 300 -- "$guest" 2>&1)"
rc=$?
set -e
echo "$out"
((rc == 0)) || t_fail "guest exited with $rc"
val() { grep -o "\\b$1=[0-9]*" <<<"$out" | head -n 1 | cut -d= -f2; }
O="$run/out"

# The blocking write: 15 s, then errno 512 ("Unknown error 512").
dd_rc="$(val dd_rc)" dd_s="$(val dd_s)"
echo "blocking write: status $dd_rc after $dd_s s: $(cat "$O/dd.err")"
((dd_rc != 0)) || t_fail "the blocking write succeeded while the remote was stalled"
((dd_s >= 14 && dd_s <= 18)) || t_fail "the blocking write gave up after $dd_s s, expected 15"
grep -q 'Unknown error 512' "$O/dd.err" || t_fail "the blocking write did not fail with errno 512"
(($(val timeouts) == 1)) || t_fail "$(val timeouts) 'timeout waiting for a tx buffer' lines, expected 1"

# rpmsg-bench: ended on its own, wrote its report, saw EAGAIN and ENOMEM and
# the kernel's timeout line, lost nothing.
[[ "$(val bench_rc)" == 0 ]] || t_fail "rpmsg-bench exited with $(val bench_rc): $(tail -n 3 "$O/exh.log")"
r="$O/exh.json"
[[ -f "$r" ]] || t_fail "no report"
read -r reason eagain enomem tmo sent recvd lost <<<"$(jq -r '[.exit.reason,
	(.endpoints[] | select(.kind == "char") | .results.counts.write_eagain),
	(.endpoints[] | select(.kind == "tty") | .results.counts.write_enomem),
	.kernel_log.counts.tx_buffer_timeout, .total.counts.sent, .total.counts.received,
	.total.counts.lost] | @tsv' "$r")"
echo "report: $reason, EAGAIN $eagain (char), ENOMEM $enomem (tty), tx buffer timeouts $tmo," \
	"sent $sent received $recvd lost $lost"
[[ "$reason" == completed ]] || t_fail "run ended with '$reason'"
((eagain > 0)) || t_fail "no EAGAIN on the char endpoint"
((enomem > 0)) || t_fail "no ENOMEM on the tty"
((tmo == 1)) || t_fail "the report shows $tmo tx buffer timeouts, expected 1"
((sent > 0 && recvd == sent && lost == 0)) || t_fail "sent $sent received $recvd lost $lost: all should come back"
[[ "$(od -An -tx1 -j3 -N1 "$O/stall-reply.bin" | tr -d ' ')" == 95 ]] || t_fail "no reply to the stall request"
jq -e '[.events[] | select(.class == "tx_buffer_timeout")] | length == 1' "$r" >/dev/null ||
	t_fail "no tx_buffer_timeout event in the report"

# And the path works again afterwards.
[[ "$(val after_rc)" == 0 ]] || t_fail "the run after the episode exited with $(val after_rc)"
(($(jq '.total.counts.received' "$O/after.json") == 1000)) || t_fail "the run after the episode lost messages"
echo "PASS"
