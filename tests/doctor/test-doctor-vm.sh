#!/usr/bin/env bash
# `rpmsg-bench doctor` and the kernel-log reader in the test VM, against the
# real rpmsg drivers: a healthy mainline-virtio setup (no device tree) is
# reported healthy; the channel creations appear in the kernel log with the
# right class and count; after a 250 ms firmware stall the kick failures
# ("rb_vrproc_kick: failed (N, err:-62)") are counted exactly as the
# transport counted them, and doctor reports them (exit status 1).
# The same boot proves the transport's kick timeout (formerly a boot of its own,
# tests/vm/test-vm-kick-stall.sh): a 250 ms stall (RB_T_FAULT stall_ms,
# "interrupts masked") makes kicks time out as imx_rproc's do, each failure is
# one "rb_vrproc_kick: failed (<vqid>, err:-62)" line (no other error code), and
# every message written during the stall is echoed afterwards. With 100 ms per
# failed kick and the kicks serialised, 1 to 3 failures on a quiet host (an
# overloaded host that cannot run the remote for 100 ms adds some).
set -euo pipefail
# shellcheck source=tests/vm/lib-vm.sh
source "$(dirname "${BASH_SOURCE[0]}")/../vm/lib-vm.sh"
t_need_vm
t_need_bench

run="$(mktemp -d "${TMPDIR:-/tmp}/rb-vm-doctor.XXXXXX")"
trap '[[ -n "${RB_KEEP:-}" ]] || rm -rf "$run"' EXIT
mkdir -p "$run/out"
t_fault_frame "$run/out/stall.bin" 1 0 0 0 250 0

# shellcheck disable=SC2016  # expanded in the guest
guest='
rpmsg-bench doctor --json >doctor-before.json; echo "doctor_before=$?"
rpmsg-bench doctor >doctor-before.txt
rpmsg-bench klog --json --kmsg >klog-before.json; echo "klog_before=$?"
'"$T_FIND_RAW"'
exec 3<>$RAW
dd if=stall.bin bs=36 count=1 2>/dev/null >&3
dd bs=512 count=1 <&3 2>/dev/null >reply.bin
i=0
while [ $i -lt 6 ]; do printf "during-stall-$i" >&3; i=$((i + 1)); done
i=0
while [ $i -lt 6 ]; do dd bs=512 count=1 <&3 2>/dev/null >>echoes.txt; echo >>echoes.txt; i=$((i + 1)); done
exec 3<&-
echo "kick_failed=$(cat /sys/module/rb_vrproc/parameters/kick_failed)"
echo "logged=$(dmesg | grep -c "rb_vrproc rb_vrproc: rb_vrproc_kick: failed ([01], err:-62)")"
echo "other=$(dmesg | grep "rb_vrproc_kick: failed" | grep -vc "err:-62)")"
rpmsg-bench klog --json --kmsg >klog-after.json; echo "klog_after=$?"
dmesg >dmesg.txt
rpmsg-bench doctor --json >doctor-after.json; echo "doctor_after=$?"
true'

set +e
out="$("$RUN_VM" --run-dir "$run" --out "$run/out" --timeout 120 -- "$guest" 2>&1)"
rc=$?
set -e
echo "$out"
((rc == 0)) || t_fail "guest exited with $rc"
val() { sed -n "s/^$1=\\([0-9]*\\)\$/\\1/p" <<<"$out"; }
o="$run/out"
cat "$o/doctor-before.txt" || true

# 1. healthy before the stall
[[ "$(val doctor_before)" == 0 ]] || t_fail "doctor found problems on a healthy VM: $(jq -c '[.findings[] | {id, severity, subject}]' "$o/doctor-before.json")"
[[ "$(jq -r .healthy "$o/doctor-before.json")" == true ]] || t_fail "doctor --json not healthy"
[[ "$(val klog_before)" == 0 ]] || t_fail "klog found failures before the stall"
# The remote announces three named channels (rb-fw-host default list) once:
# no second round (RB_CFG_NS_REANNOUNCE_MS 0), so no "already exist" nor
# "rpmsg_create_channel failed" line (channel_duplicate records).
created="$(jq '.counts.channel_created' "$o/klog-before.json")"
dup="$(jq '.counts.channel_duplicate' "$o/klog-before.json")"
online="$(jq '.counts.rpmsg_online' "$o/klog-before.json")"
errors="$(jq '.counts.channel_error' "$o/klog-before.json")"
((created == 3 && dup == 0)) || t_fail "channel_created $created, channel_duplicate $dup: want 3 and 0"
((errors == 0)) || t_fail "channel_error counted $errors"
((online == 1)) || t_fail "rpmsg_online counted $online, want 1"
[[ "$(jq '[.events[] | select(.class == "channel_created")] | length' "$o/klog-before.json")" == "$created" ]] ||
	t_fail "channel_created events missing"
[[ "$(jq -r '.kernel_log.available' "$o/klog-before.json")" == true ]] || t_fail "kernel_log not available"

# 2. the stall: every kick failure counted, with its vqid and error
fails="$(val kick_failed)" logged="$(val logged)" other="$(val other)"
[[ -n "$fails" && -n "$logged" && -n "$other" ]] || t_fail "counters missing from the guest output"
# The reply to the FAULT request came first (type RB_T_FAULT | RB_T_REPLY = 0x95).
[[ "$(od -An -tx1 -j3 -N1 "$o/reply.bin" | tr -d ' ')" == 95 ]] ||
	t_fail "no FAULT reply: $(od -An -tx1 "$o/reply.bin" | head -n 2)"
((fails >= 1)) || t_fail "no kick failure from a 250 ms stall"
((fails == logged)) || t_fail "transport counted $fails kick failures, kernel log has $logged"
((other == 0)) || t_fail "$other kick failures with an error other than -62"
((fails <= 3)) || echo "note: $fails kick failures (1..3 expected on a quiet host; a busy host adds some)"
# Nothing is lost: every message written during the stall came back.
for i in 0 1 2 3 4 5; do
	grep -qx "during-stall-$i" "$o/echoes.txt" || t_fail "message $i not echoed after the stall"
done
[[ "$(val klog_after)" == 1 ]] || t_fail "klog after the stall: exit $(val klog_after), want 1"
counted="$(jq '.counts.kick_failure' "$o/klog-after.json")"
((counted == fails)) || t_fail "kick_failure counted $counted, transport counted $fails"
bad="$(jq '[.events[] | select(.class == "kick_failure") | select(.fields.err != -62 or (.fields.vqid != 0 and .fields.vqid != 1))] | length' "$o/klog-after.json")"
((bad == 0)) || t_fail "$bad kick-failure events without vqid 0/1 and err -62"
# the saved dmesg text gives the same count offline
host_count="$("$BENCH" klog --json "$o/dmesg.txt" | jq '.counts.kick_failure')" || true
((host_count == fails)) || t_fail "klog on the saved dmesg counted $host_count, want $fails"
[[ "$(val doctor_after)" == 1 ]] || t_fail "doctor after the stall: exit $(val doctor_after), want 1"
jq -e '[.findings[] | select(.id == "log-kick-failure" or .id == "log-boot-kick-failure")] | length == 1' \
	"$o/doctor-after.json" >/dev/null || t_fail "doctor did not report the kick failures"
echo "PASS: healthy before, $fails kick failures counted and reported after the stall"
