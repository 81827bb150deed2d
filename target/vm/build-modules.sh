#!/usr/bin/env bash
# build-modules.sh - build the test VM's kernel modules out of tree.
#
# The stock rpmsg drivers (rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl
# virtio_rpmsg_bus rpmsg_tty), gpio-sim and irq_sim (through rb_irq_sim.c),
# unmodified, from the linux-source that prepare.sh unpacked, plus our
# transport rb_vrproc, against the matching Debian headers. Output:
# $RB_VM_BUILD/<abi>/kmod/*.ko. Rebuilds only when target/vm/kmod/ or rb_shm.h
# changed. Usage: build-modules.sh
set -euo pipefail
# shellcheck source=target/vm/vm-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
vm_lock

vm_abi
"$vm_here/prepare.sh" >/dev/null

kdir="$VM_DIR/kmod"
shm_inc="$RB_ROOT/firmware-echo/port/host"
ours=("$vm_here"/kmod/Kbuild "$vm_here"/kmod/*.c "$shm_inc/rb_shm.h")
sum="$(cat "${ours[@]}" "$VM_DIR/src/VERSION" | sha256sum | cut -d' ' -f1)"
if [[ -f "$kdir/.built" && "$(cat "$kdir/.built")" == "$sum" ]]; then
	exit 0
fi

rm -rf "$kdir"
mkdir -p "$kdir"
cp "$VM_DIR"/src/drivers/rpmsg/*.[ch] "$VM_DIR/src/drivers/tty/rpmsg_tty.c" \
	"$VM_DIR/src/drivers/gpio/gpio-sim.c" "$VM_DIR/src/drivers/gpio/gpiolib.h" \
	"$VM_DIR/src/kernel/irq/irq_sim.c" "$kdir/"
cp "$vm_here"/kmod/Kbuild "$vm_here"/kmod/*.c "$kdir/"

hdr="$VM_DIR/root/usr/src/linux-headers-$VM_KREL"
jobs="$(nproc 2>/dev/null || echo 1)"
vm_log "building modules for $VM_KREL in $kdir"
if ! make -s -C "$hdr" M="$kdir" RB_SHM_INC="$shm_inc" -j"$jobs" modules \
	>"$kdir/build.log" 2>&1; then
	cat "$kdir/build.log" >&2
	find "$kdir" -name '*.d' -delete
	vm_die "module build failed (log: $kdir/build.log)"
fi
# A warning in our own module is an error, as in the rest of the project.
if grep -E 'rb_(vrproc|irq_sim)\.c:[0-9]+:[0-9]+: warning' "$kdir/build.log" >&2; then
	vm_die "warnings in our modules (log: $kdir/build.log)"
fi
# Kbuild can leave gcc's dependency files (*.o.d) behind; the top-level
# Makefile includes every *.d under build/, so none may stay here.
find "$kdir" -name '*.d' -delete
echo "$sum" >"$kdir/.built"
