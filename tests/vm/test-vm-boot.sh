#!/usr/bin/env bash
# The test VM boots Debian's kernel with the stock rpmsg drivers and our
# transport, against the echo firmware's host build: the remote's channels
# appear as device nodes, a message echoes through the rpmsg-raw char device,
# both sides count the same notifications, gpio-sim gives a /dev/gpiochipN, and
# the runner returns the guest command's status and reports a failed boot.
set -euo pipefail
# shellcheck source=tests/vm/lib-vm.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-vm.sh"
t_need_vm

run="$(t_run_dir)"

# One boot for every check; the guest script stops at the first failure.
# shellcheck disable=SC2016  # expanded in the guest
guest='set -e
'"$T_FIND_RAW"'
for n in /dev/rpmsg_ctrl0 /dev/ttyRPMSG0 $RAW; do [ -c $n ] || { echo "missing $n"; exit 4; }; done
echo "raw=$RAW"
dmesg | grep -q "rpmsg host is online"
dmesg | grep -q "creating channel rpmsg-tty addr 0x1f"
dmesg | grep -q "creating channel rpmsg-raw addr 0x20"
exec 3<>$RAW
printf "hello-rpmsg-vm" >&3
reply="$(dd bs=512 count=1 <&3 2>/dev/null)"
[ "$reply" = hello-rpmsg-vm ] || { echo "echo mismatch: [$reply]"; exit 5; }
exec 3>&-
P=/sys/module/rb_vrproc/parameters
echo "kicks=$(cat $P/kicks) kick_failed=$(cat $P/kick_failed) notifies=$(cat $P/notifies)"
# Each failed kick is one kernel log line (none expected unless the host is
# too busy to run the remote within 100 ms).
[ "$(cat $P/kick_failed)" = "$(dmesg | grep -c "rb_vrproc_kick: failed" || true)" ] || { echo "kick failures not all logged"; exit 6; }
cd /sys/kernel/config/gpio-sim
mkdir chip0 chip0/bank0
echo 8 >chip0/bank0/num_lines
echo 1 >chip0/live
ls /dev/gpiochip*
gpiodetect | grep "gpio-sim" >/dev/null
exit 42'

set +e
out="$("$RUN_VM" --run-dir "$run" --timeout 90 -- "$guest" 2>&1)"
rc=$?
set -e
echo "$out"
# 42 proves the guest's status comes back through the runner.
((rc == 42)) || t_fail "guest checks exited with $rc (console: $run/console.log)"
grep -q '^raw=/dev/rpmsg' <<<"$out" || t_fail "no rpmsg-raw node reported"

# The remote took exactly the kicks the transport rang, and the transport
# saw every notification at least once (several may coalesce).
kicks="$(sed -n 's/^kicks=\([0-9]*\) .*/\1/p' <<<"$out")"
[[ -n "$kicks" ]] || t_fail "no counters from the guest"
stats="$run/remote-stats.txt"
[[ -f "$stats" ]] || t_fail "rb-fw-host wrote no --stats-out file"
rx="$(t_stat "$stats" kicks_rx)"
((rx == kicks)) || t_fail "remote counted $rx kicks, the transport rang $kicks"
((rx > 0)) || t_fail "no kick reached the remote"
[[ ! -e "/dev/shm/rb-vm-$$.ram" ]] || t_fail "guest RAM file left behind"

# A failed boot says why: a remote that never comes up.
set +e
fail_out="$("$RUN_VM" --run-dir "$run/bad" --remote /bin/true --timeout 60 -- true 2>&1)"
rc=$?
set -e
echo "$fail_out"
((rc == 125)) || t_fail "a remote that does not start gave status $rc, expected 125"
grep -q 'the remote did not come up' <<<"$fail_out" || t_fail "no reason given for the failed start"

# A remote whose resource table is unusable: the transport refuses it, the
# module load fails and the runner says so.
set +e
fail_out="$("$RUN_VM" --run-dir "$run/bad2" --remote "$RB_ROOT/tests/vm/bad-remote.sh" \
	--timeout 60 -- true 2>&1)"
rc=$?
set -e
echo "$fail_out"
((rc == 125)) || t_fail "a silent remote gave status $rc, expected 125"
grep -q 'insmod rb_vrproc failed' <<<"$fail_out" || t_fail "the failed module load was not reported"
grep -q 'resource table version 0, expected 1' "$run/bad2/kernel-boot.log" ||
	t_fail "the kernel log does not say why the transport refused the remote"
[[ -s "$run/bad2/console.log" ]] || t_fail "console log not kept"
echo "PASS"
