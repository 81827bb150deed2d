#!/usr/bin/env bash
# run-vm.sh - run a command in the test VM against the echo firmware's host build.
#
# Usage: run-vm.sh [options] -- COMMAND...
#
# Creates the guest RAM file fresh under /dev/shm, starts the remote
# (rb-fw-host) on it, boots Debian's kernel in QEMU (TCG, one vCPU, always
# under a timeout) with the busybox initramfs from build-initramfs.sh, lets
# /init load the stock rpmsg drivers and our transport, waits for the
# remote's channels and runs COMMAND with `sh` in the guest, in the directory
# that becomes OUT on the host (a 9p share, /out in the guest: files the
# command writes there are on the host as soon as they are written, even if
# the guest dies). Prints the command's output, exits with its status.
#
# Options:
#   --out DIR          the guest command's working directory on the host
#                      (default: RUN/out)
#   --run-dir DIR      run directory: console.log, kernel.log, remote.log,
#                      remote-stats.txt, cmd.out (default: build/vm/runs/<time>-<pid>)
#   --timeout S        QEMU's time limit in seconds (default 300)
#   --remote PROG      the remote (default: $RB_FW_HOST, else build/rel/bin/rb-fw-host)
#   --remote-arg ARG   one more argument for the remote (repeatable)
#   --kmod-arg P=V     parameter for rb_vrproc, e.g. poll_us=20 (repeatable)
#   --wait DEV         wait for this guest device node before running COMMAND
#                      (repeatable; default /dev/rpmsg_ctrl0 and /dev/ttyRPMSG0)
#   --no-wait          wait for no device node
#   --no-gpio          do not load configfs, irq_sim and gpio-sim
#   -v, --verbose      copy the guest console to stderr as it runs
#
# Exit status: the guest command's, else 124 when QEMU timed out, 125 when the
# VM did not get as far as running the command (the reason is printed and the
# console log is kept in the run directory).
set -euo pipefail
# shellcheck source=target/vm/vm-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

out="" run="" timeout_s=300 verbose=0 gpio=1
remote="${RB_FW_HOST:-$RB_ROOT/build/rel/bin/rb-fw-host}"
remote_args=() kmod_args=() waits=(/dev/rpmsg_ctrl0 /dev/ttyRPMSG0)
while (($#)); do
	case "$1" in
	--out) out="$2"; shift 2 ;;
	--run-dir) run="$2"; shift 2 ;;
	--timeout) timeout_s="$2"; shift 2 ;;
	--remote) remote="$2"; shift 2 ;;
	--remote-arg) remote_args+=("$2"); shift 2 ;;
	--kmod-arg) kmod_args+=("$2"); shift 2 ;;
	--wait) waits+=("$2"); shift 2 ;;
	--no-wait) waits=(); shift ;;
	--no-gpio) gpio=0; shift ;;
	-v | --verbose) verbose=1; shift ;;
	-h | --help) usage ;;
	--) shift; break ;;
	*) echo "run-vm: unknown option $1" >&2; usage ;;
	esac
done
(($#)) || usage
[[ "$timeout_s" =~ ^[0-9]+$ ]] || vm_die "--timeout wants seconds"
command -v qemu-system-x86_64 >/dev/null ||
	vm_die "qemu-system-x86_64 not found (package qemu-system-x86)"
[[ -x "$remote" ]] || vm_die "remote $remote not found or not executable (build it with make)"

vm_abi
"$vm_here/build-initramfs.sh"

run="${run:-$RB_VM_BUILD/runs/$(date -u +%Y%m%dT%H%M%S)-$$}"
mkdir -p "$run"
run="$(cd "$run" && pwd)"
rm -rf "$run/status" "$run/cmd.out" "$run/kernel.log" "$run/kernel-boot.log"
out="${out:-$run/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Keep the last 20 runs of the default runs directory.
if [[ -d "$RB_VM_BUILD/runs" ]]; then
	find "$RB_VM_BUILD/runs" -mindepth 1 -maxdepth 1 -type d | sort | head -n -20 | xargs -r rm -rf
fi

# The guest's command; a single argument is taken as a shell command line.
if (($# == 1)); then
	printf '%s\n' "$1" >"$run/cmd.sh"
else
	printf '%q ' "$@" >"$run/cmd.sh"
	echo >>"$run/cmd.sh"
fi
{
	printf 'RB_KMOD_ARGS=%q\n' "${kmod_args[*]:-}"
	printf 'RB_WAIT=%q\n' "${waits[*]:-}"
	printf 'RB_GPIO=%q\n' "$gpio"
} >"$run/vm.conf"

shm="/dev/shm/rb-vm-$$.ram"
remote_pid=""
cleanup() {
	if [[ -n "$remote_pid" ]] && kill -0 "$remote_pid" 2>/dev/null; then
		kill -TERM "$remote_pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$remote_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$remote_pid" 2>/dev/null || true
		wait "$remote_pid" 2>/dev/null || true
	fi
	remote_pid=""
	rm -f "$shm"
}
qemu_pid=""
trap cleanup EXIT
# shellcheck disable=SC2317  # called from the traps below
stop_qemu() {
	if [[ -n "$qemu_pid" ]]; then
		kill -TERM "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	exit "$1"
}
trap 'stop_qemu 130' INT
trap 'stop_qemu 143' TERM

# Guest RAM: a fresh file each boot (QEMU neither zeroes nor removes it).
# With 512 MiB on the pc machine, file offset == guest-physical address.
ram_mb=512
ctrl_pa=0x1f000000
rm -f "$shm"
: >"$shm"
truncate -s "${ram_mb}M" "$shm"

"$remote" --shm "$shm" --base-pa 0 --ctrl-pa "$ctrl_pa" --stats-out "$run/remote-stats.txt" \
	"${remote_args[@]}" >"$run/remote.log" 2>&1 &
remote_pid=$!

# Wait for the remote's magic in the control block (rb_shm.h RB_SHM_MAGIC).
ready=0
for _ in $(seq 100); do
	if [[ "$(od -An -tx4 -j $((ctrl_pa)) -N4 "$shm" | tr -d ' ')" == 424d4252 ]]; then
		ready=1
		break
	fi
	kill -0 "$remote_pid" 2>/dev/null || break
	sleep 0.05
done
if ((!ready)); then
	echo "run-vm: the remote did not come up; its log ($run/remote.log):" >&2
	tail -n 20 "$run/remote.log" >&2 || true
	exit 125
fi

console="$run/console.log"
: >"$console"
machine="pc,memory-backend=ram"
qemu=(qemu-system-x86_64 -accel tcg -machine "$machine" -cpu max -m "${ram_mb}M" -smp 1
	-object "memory-backend-file,id=ram,size=${ram_mb}M,mem-path=$shm,share=on"
	-kernel "$VM_DIR/vmlinux" -initrd "$VM_DIR/initramfs.cpio"
	-append "console=ttyS0 panic=-1 quiet memmap=64K\$$ctrl_pa"
	-display none -monitor none -serial "file:$console" -no-reboot -nic none
	-fsdev "local,id=rb,path=$run,security_model=none"
	-device "virtio-9p-pci,fsdev=rb,mount_tag=rb"
	-fsdev "local,id=out,path=$out,security_model=none"
	-device "virtio-9p-pci,fsdev=out,mount_tag=out")
tail_pid=""
if ((verbose)); then
	tail -n +1 -f "$console" >&2 &
	tail_pid=$!
fi
# In the background, so that a SIGINT/SIGTERM to this script stops QEMU at
# once (bash runs traps only between commands, and `wait` is interruptible).
timeout --kill-after=5 "$timeout_s" "${qemu[@]}" >"$run/qemu.log" 2>&1 &
qemu_pid=$!
set +e
wait "$qemu_pid"
qrc=$?
set -e
qemu_pid=""
[[ -n "$tail_pid" ]] && kill "$tail_pid" 2>/dev/null
cleanup

[[ -f "$run/cmd.out" ]] && cat "$run/cmd.out"

status="$(cat "$run/status" 2>/dev/null || true)"
if [[ "$status" =~ ^[0-9]+$ ]] && ! grep -q '^RB-VM: FAIL' "$console"; then
	exit "$status"
fi

# Say why the VM did not run the command.
reason=""
if ((qrc == 124 || qrc == 137)); then
	reason="QEMU timed out after ${timeout_s} s"
fi
if grep -q '^RB-VM: FAIL' "$console"; then
	reason="${reason:+$reason; }$(grep -m1 '^RB-VM: FAIL' "$console" | sed 's/^RB-VM: FAIL: //')"
elif ! grep -q 'RB-VM: rpmsg host is online' "$console"; then
	reason="${reason:+$reason; }no 'rpmsg host is online'"
fi
grep -q 'Kernel panic' "$console" && reason="${reason:+$reason; }kernel panic"
if ((qrc != 0 && qrc != 124 && qrc != 137)); then
	qtail="$(tail -n 3 "$run/qemu.log" | tr '\n' ' ')"
	reason="${reason:+$reason; }QEMU exited with $qrc: $qtail"
fi
echo "run-vm: the guest command did not complete: ${reason:-unknown reason}" >&2
[[ -s "$run/remote.log" ]] && echo "run-vm: remote: $(tail -n 1 "$run/remote.log")" >&2
echo "run-vm: console log: $console (last lines below)" >&2
tail -n 15 "$console" >&2 || true
if [[ -f "$run/kernel-boot.log" ]]; then
	echo "run-vm: kernel log: $run/kernel-boot.log" >&2
	grep -E 'rb_vrproc|rpmsg|virtio|insmod|Unknown symbol' "$run/kernel-boot.log" | tail -n 10 >&2 || true
fi
if ((qrc == 124 || qrc == 137)); then
	exit 124
fi
exit 125
