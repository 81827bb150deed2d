#!/usr/bin/env bash
# build-initramfs.sh - the test VM's initramfs: busybox, the modules, /init,
# rpmsg-bench and the shared libraries it needs.
#
# Output: $RB_VM_BUILD/<abi>/initramfs.cpio (uncompressed: the kernel unpacks
# it fastest). Rebuilt when any input is newer. Programs included:
#   /usr/bin/rpmsg-bench   from $RB_BENCH (default build/rel/bin/rpmsg-bench),
#                          when it exists
#   /usr/bin/gpiodetect, gpioinfo, gpioset, gpioget, gpiomon
#                          Debian's libgpiod tools, when installed
#   anything in $RB_VM_EXTRA (space-separated host paths, to /usr/bin)
# with the libraries ldd lists for them. Usage: build-initramfs.sh
set -euo pipefail
# shellcheck source=target/vm/vm-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
vm_lock

vm_abi
"$vm_here/build-modules.sh"

out="$VM_DIR/initramfs.cpio"
bench="${RB_BENCH:-$RB_ROOT/build/rel/bin/rpmsg-bench}"
busybox="$(command -v busybox || true)"
[[ -n "$busybox" ]] || vm_die "busybox not found (package busybox-static)"

progs=()
[[ -x "$bench" ]] && progs+=("$bench")
for p in gpiodetect gpioinfo gpioset gpioget gpiomon; do
	if command -v "$p" >/dev/null; then progs+=("$(command -v "$p")"); fi
done
read -r -a extra <<<"${RB_VM_EXTRA:-}"
progs+=("${extra[@]}")

moddir="$VM_DIR/root/lib/modules/$VM_KREL/kernel"
debian_mods=(drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev
	drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci fs/netfs/netfs fs/fscache/fscache
	net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p fs/configfs/configfs)
inputs=("$vm_here/init" "$vm_here/build-initramfs.sh" "$busybox" "$VM_DIR/kmod/.built"
	"${progs[@]}")

if [[ -f "$out" ]]; then
	newer=0
	for f in "${inputs[@]}"; do
		[[ "$f" -nt "$out" ]] && newer=1
	done
	# A program that appeared or vanished changes the list.
	[[ "$(cat "$out.list" 2>/dev/null)" == "${progs[*]}" ]] || newer=1
	((newer)) || exit 0
fi

stage="$VM_DIR/initramfs.stage"
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib/modules/rb,proc,sys,dev,rb,tmp,etc}
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 0755 "$vm_here/init" "$stage/init"
for m in "${debian_mods[@]}"; do
	f="$moddir/$m.ko"
	if [[ -f "$f" ]]; then
		cp "$f" "$stage/lib/modules/rb/"
	elif [[ -f "$f.xz" ]]; then
		xz -dc "$f.xz" >"$stage/lib/modules/rb/$(basename "$m").ko"
	else
		vm_die "module $m not found in $moddir"
	fi
done
cp "$VM_DIR"/kmod/*.ko "$stage/lib/modules/rb/"

for p in "${progs[@]}"; do
	[[ -f "$p" ]] || vm_die "program $p not found"
	cp -L "$p" "$stage/usr/bin/"
	# Libraries at their own paths, the dynamic loader included.
	while read -r lib; do
		[[ -f "$stage$lib" ]] || cp -L --parents "$lib" "$stage"
	done < <(ldd "$p" 2>/dev/null | grep -o '/[^ ]*' | sort -u)
done

(cd "$stage" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "${progs[*]}" >"$out.list"
vm_log "initramfs $out ($(du -h "$out" | cut -f1)): ${progs[*]:-no programs}"
