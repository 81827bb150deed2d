#!/usr/bin/env bash
# bad-remote.sh - a remote for run-vm.sh that comes up with an unusable
# resource table (all zeros): it writes the rb_shm.h magic, version and
# remote_ready, then waits to be terminated. Used to check that a failed
# boot is reported with its reason.
# Usage: bad-remote.sh --shm FILE --ctrl-pa ADDR [ignored options...]
set -euo pipefail
shm="" ctrl=$((0x1f000000))
while (($#)); do
	case "$1" in
	--shm) shm="$2"; shift 2 ;;
	--ctrl-pa) ctrl=$(($2)); shift 2 ;;
	*) shift ;;
	esac
done
[[ -n "$shm" ]] || exit 1
# magic "RBMB" (RB_SHM_MAGIC 0x424d4252 little-endian), version 1, remote_ready 1
printf 'RBMB\001\000\000\000\001\000\000\000' | dd of="$shm" bs=1 seek="$ctrl" conv=notrunc status=none
trap 'exit 0' TERM INT
while :; do sleep 1; done
