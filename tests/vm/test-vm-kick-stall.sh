#!/usr/bin/env bash
# A 250 ms firmware stall (RB_T_FAULT stall_ms, "interrupts masked") makes the
# transport's kicks time out exactly as imx_rproc's do: each failure is one
# "rb_vrproc_kick: failed (<vqid>, err:-62)" line in the real kernel log, and
# the number of lines equals the transport's own counter. With 100 ms per
# failed kick and the kicks serialised, a 250 ms stall gives 1 to 3 failures
# on a quiet host (an overloaded host that cannot run the remote for 100 ms
# adds some: the kernel cannot tell them apart).
# The frames are written with busybox alone (no rpmsg-bench needed).
set -euo pipefail
# shellcheck source=tests/vm/lib-vm.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-vm.sh"
t_need_vm

run="$(t_run_dir)"
mkdir -p "$run/out"
t_fault_frame "$run/out/stall.bin" 1 0 0 0 250 0

# shellcheck disable=SC2016  # expanded in the guest
guest='set -e
'"$T_FIND_RAW"'
P=/sys/module/rb_vrproc/parameters
echo "before=$(cat $P/kick_failed)"
before_logged=$(dmesg | grep -c "rb_vrproc rb_vrproc: rb_vrproc_kick: failed ([01], err:-62)" || true)
exec 3<>$RAW
dd if=stall.bin bs=36 count=1 2>/dev/null >&3
dd bs=512 count=1 <&3 2>/dev/null >reply.bin
# Messages during the stall: each write kicks vqid 1, each echo read back
# makes the receive path kick vqid 0.
i=0
while [ $i -lt 6 ]; do printf "during-stall-$i" >&3; i=$((i + 1)); done
i=0
while [ $i -lt 6 ]; do dd bs=512 count=1 <&3 2>/dev/null >>echoes.txt; echo >>echoes.txt; i=$((i + 1)); done
echo "after=$(cat $P/kick_failed)"
echo "logged=$(($(dmesg | grep -c "rb_vrproc rb_vrproc: rb_vrproc_kick: failed ([01], err:-62)") - before_logged))"
echo "other=$(dmesg | grep "rb_vrproc_kick: failed" | grep -vc "err:-62)")"'

set +e
out="$("$RUN_VM" --run-dir "$run" --out "$run/out" --timeout 90 -- "$guest" 2>&1)"
rc=$?
set -e
echo "$out"
((rc == 0)) || t_fail "guest exited with $rc"
val() { sed -n "s/^$1=\\([0-9]*\\)\$/\\1/p" <<<"$out"; }
before="$(val before)" after="$(val after)" logged="$(val logged)" other="$(val other)"
[[ -n "$before" && -n "$after" && -n "$logged" ]] || t_fail "counters missing from the guest output"
# The reply to the FAULT request came first (type RB_T_FAULT | RB_T_REPLY = 0x95).
[[ "$(od -An -tx1 -j3 -N1 "$run/out/reply.bin" | tr -d ' ')" == 95 ]] ||
	t_fail "no FAULT reply: $(od -An -tx1 "$run/out/reply.bin" | head -n 2)"
fails=$((after - before))
((fails == logged)) || t_fail "transport counted $fails kick failures, kernel log has $logged"
((fails >= 1)) || t_fail "no kick failure for a 250 ms stall"
((fails <= 3)) || echo "note: $fails kick failures (1..3 expected on a quiet host; a busy host adds some)"
((other == 0)) || t_fail "$other kick failures with an error other than -62"
# Nothing is lost: every message written during the stall came back.
for i in 0 1 2 3 4 5; do
	grep -qx "during-stall-$i" "$run/out/echoes.txt" || t_fail "message $i not echoed after the stall"
done
echo "PASS: $fails kick failures, each logged"
