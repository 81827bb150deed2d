#!/usr/bin/env bash
# `rpmsg-bench doctor` and `rpmsg-bench klog` as a user runs them: exit
# statuses, JSON output, offline use on fixtures (device trees compiled with
# dtc, system trees under --root, saved kernel logs).
set -euo pipefail

root="${RB_ROOT:?}"
bin="${RB_BUILD:?}/bin/rpmsg-bench"
fx="$root/tests/fixtures"

if [[ ! -x "$bin" ]]; then
	echo "SKIP: $bin not built"
	exit 77
fi
if ! command -v dtc >/dev/null; then
	echo "SKIP: dtc (device-tree-compiler) not installed"
	exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect_status WANT DESCRIPTION COMMAND... : run, compare the exit status
expect_status() {
	local want="$1" what="$2" rc=0
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [[ "$rc" != "$want" ]]; then
		echo "FAIL: $what: exit $rc, want $want"
		sed 's/^/    | /' "$tmp/out" "$tmp/err" | tail -n 20
		fail=1
	fi
}

# expect_grep PATTERN DESCRIPTION: the last command's stdout matches
expect_grep() {
	if ! grep -q -- "$1" "$tmp/out"; then
		echo "FAIL: $2: output lacks '$1'"
		fail=1
	fi
}

dtc -q -I dts -O dtb -o "$tmp/good.dtb" "$fx/dt/imx8mp-evk-rpmsg.dts"
dtc -q -I dts -O dtb -o "$tmp/off.dtb" "$fx/dt/imx7d-colibri-uboot-disabled.dts"

expect_status 0 "doctor --dt healthy i.MX8MP" "$bin" doctor --dt "$tmp/good.dtb"
expect_grep "healthy" "doctor healthy summary"
expect_status 1 "doctor --dt U-Boot-disabled i.MX7D" "$bin" doctor --json --dt "$tmp/off.dtb"
expect_grep '"id": "dt-rpmsg-disabled"' "doctor --json finding id"
expect_grep '"healthy": false' "doctor --json healthy flag"
expect_status 0 "doctor --root test-VM-like tree" "$bin" doctor --root "$fx/doctor/virtio-healthy/root"
expect_status 1 "doctor --root NXP channel on mainline" \
	"$bin" doctor --json --root "$fx/doctor/nxp-channel-mainline/root"
expect_grep '"id": "channel-unbound"' "unbound channel id"
expect_status 1 "doctor --log saved dmesg" "$bin" doctor --log "$fx/klog/dmesg.txt"
expect_grep "log-kick-failure" "kick failures from a saved log"
expect_status 2 "doctor bad option" "$bin" doctor --frobnicate
expect_status 2 "doctor missing dt" "$bin" doctor --dt "$tmp/none.dtb"
expect_status 2 "doctor dt that is text" "$bin" doctor --dt "$fx/klog/dmesg.txt"

for f in dmesg.txt dmesg-t.txt journalctl-k.txt kmsg-dump.txt; do
	expect_status 1 "klog $f" "$bin" klog --json "$fx/klog/$f"
	expect_grep '"kick_failure": 5' "klog $f kick count"
	expect_grep '"tx_buffer_timeout": 1' "klog $f tx timeout count"
	expect_grep '"records": 55' "klog $f records"
done
expect_status 0 "klog healthy log" "$bin" klog "$fx/doctor/virtio-healthy/root/dev/kmsg"
expect_grep "channel_created" "klog lists matching lines"
expect_status 1 "klog from stdin" sh -c "'$bin' klog - < '$fx/klog/dmesg-t.txt'"
# --kmsg: the run-time reader on a kmsg-format file under --root
expect_status 1 "klog --kmsg fixture root" \
	"$bin" klog --json --kmsg --root "$fx/doctor/imx8mp-kick-failures/root"
expect_grep '"kick_failure": 4' "klog --kmsg kick count"
expect_grep '"records_overwritten": 0' "klog --kmsg no gap"
expect_grep '"class": "tx_buffer_timeout"' "klog --kmsg event class"
expect_status 2 "klog --kmsg without a log" "$bin" klog --kmsg --root "$tmp"
expect_status 2 "klog --kmsg with files" "$bin" klog --kmsg "$fx/klog/dmesg.txt"
expect_status 2 "klog without files" "$bin" klog
expect_status 2 "klog missing file" "$bin" klog "$tmp/none.txt"

if ((fail)); then
	exit 1
fi
echo "ok"
