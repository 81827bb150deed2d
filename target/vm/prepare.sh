#!/usr/bin/env bash
# prepare.sh - fetch and unpack Debian's kernel for the test VM, once per ABI.
#
# Into $RB_VM_BUILD/<abi>/ (default build/vm/<abi>/):
#   debs/      the .deb files (apt-get download; nothing is installed)
#   root/      linux-image (boot/, lib/modules/<abi>-amd64/), linux-headers
#              (-amd64 and -common) and linux-kbuild, unpacked with dpkg-deb
#   vmlinux    the ELF kernel, unpacked on the host from the bzImage's XZ
#              payload: QEMU boots it through PVH (CONFIG_PVH=y) in 2-3 s
#              instead of 6-8 s for the bzImage
#   src/       the few stock driver sources the test VM builds out of tree,
#              from linux-source-<major.minor> of exactly the image's version
#              (gpio-sim uses gpiolib internals, so they must match)
#   .prepared  stamp: present when everything above is complete
#
# Prints the ABI on stdout. Usage: prepare.sh [--force]
set -euo pipefail
# shellcheck source=target/vm/vm-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
vm_lock

force=0
[[ "${1:-}" == --force ]] && force=1

vm_abi
if [[ -f "$VM_DIR/.prepared" && $force == 0 ]]; then
	echo "$VM_ABI"
	exit 0
fi
command -v apt-get >/dev/null || vm_die "apt-get is needed to download the kernel packages"
command -v dpkg-deb >/dev/null || vm_die "dpkg-deb is needed to unpack the kernel packages"

rm -f "$VM_DIR/.prepared"
mkdir -p "$VM_DIR/debs"
debs="$VM_DIR/debs"

img_pkg="linux-image-$VM_KREL"
img_ver="$( (apt-cache show "$img_pkg" 2>/dev/null || true) |
	sed -n 's/^Version: //p' | sort -V | tail -n 1)"
[[ -n "$img_ver" ]] || vm_die "apt-cache does not know $img_pkg (run apt-get update?)"
series="${VM_ABI%%.0-*}" # 6.1.0-56 -> 6.1
src_pkg="linux-source-$series"
pkgs=("$img_pkg=$img_ver" "linux-headers-$VM_KREL=$img_ver" "linux-headers-$VM_ABI-common=$img_ver"
	"linux-kbuild-$series=$img_ver" "$src_pkg=$img_ver")

vm_log "kernel ABI $VM_ABI, version $img_ver: downloading ${#pkgs[@]} packages"
rm -f "$debs"/*.deb
# apt's sandbox user must be able to write the download directory.
chmod 0777 "$debs"
(cd "$debs" && apt-get download -q "${pkgs[@]}" 2>&1) |
	grep -v '^W: Download is performed unsandboxed' >&2 || true
for p in "${pkgs[@]}"; do
	name="${p%%=*}"
	compgen -G "$debs/${name}_*.deb" >/dev/null ||
		vm_die "could not download $p (is $src_pkg $img_ver in the archive? apt-cache policy $src_pkg)"
done

deb_of() { compgen -G "$debs/${1}_*.deb" | head -n 1; }
src_ver="$(dpkg-deb -f "$(deb_of "$src_pkg")" Version)"
got_img_ver="$(dpkg-deb -f "$(deb_of "$img_pkg")" Version)"
[[ "$src_ver" == "$got_img_ver" ]] ||
	vm_die "$src_pkg is $src_ver but $img_pkg is $got_img_ver:" \
		"the out-of-tree drivers must come from the image's own source"

vm_log "unpacking the image, headers and kbuild"
rm -rf "$VM_DIR/root" "$VM_DIR/src" "$VM_DIR/vmlinux"
mkdir -p "$VM_DIR/root"
for name in "$img_pkg" "linux-headers-$VM_KREL" "linux-headers-$VM_ABI-common" \
	"linux-kbuild-$series"; do
	dpkg-deb --fsys-tarfile "$(deb_of "$name")" | tar -x -C "$VM_DIR/root"
done
# The -amd64 headers' Makefile includes the -common one by absolute path;
# point it at the unpacked copy (the .deb files are not installed).
hdr="$VM_DIR/root/usr/src/linux-headers-$VM_KREL"
printf 'include %s/usr/src/linux-headers-%s-common/Makefile\n' "$VM_DIR/root" "$VM_ABI" \
	>"$hdr/Makefile"

vm_log "unpacking vmlinux from the bzImage"
bz="$VM_DIR/root/boot/vmlinuz-$VM_KREL"
# The bzImage carries its payload XZ-compressed (Debian: CONFIG_KERNEL_XZ);
# find the first XZ stream header (FD 37 7A 58 5A 00) and decompress it.
off="$(grep -abo $'\xfd7zXZ\x00' "$bz" 2>/dev/null | head -n 1 | cut -d: -f1 || true)"
[[ -n "$off" ]] || vm_die "no XZ payload found in $bz"
tail -c "+$((off + 1))" "$bz" | xz -dc --single-stream >"$VM_DIR/vmlinux.tmp" 2>/dev/null || true
[[ "$(head -c 4 "$VM_DIR/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" == 7f454c46 ]] ||
	vm_die "the XZ payload of $bz is not an ELF kernel"
mv "$VM_DIR/vmlinux.tmp" "$VM_DIR/vmlinux"

vm_log "unpacking the driver sources from $src_pkg $src_ver"
mkdir -p "$VM_DIR/src"
top="linux-source-$series"
dpkg-deb --fsys-tarfile "$(deb_of "$src_pkg")" |
	tar -xO "./usr/src/$top.tar.xz" | xz -dc |
	tar -x -C "$VM_DIR/src" --strip-components=1 \
		"$top/drivers/rpmsg/rpmsg_core.c" "$top/drivers/rpmsg/rpmsg_internal.h" \
		"$top/drivers/rpmsg/rpmsg_ns.c" "$top/drivers/rpmsg/rpmsg_char.c" \
		"$top/drivers/rpmsg/rpmsg_char.h" "$top/drivers/rpmsg/rpmsg_ctrl.c" \
		"$top/drivers/rpmsg/virtio_rpmsg_bus.c" "$top/drivers/tty/rpmsg_tty.c" \
		"$top/drivers/gpio/gpio-sim.c" "$top/drivers/gpio/gpiolib.h" \
		"$top/kernel/irq/irq_sim.c"
echo "$src_ver" >"$VM_DIR/src/VERSION"

# The .deb files are no longer needed; the source alone is 140 MB.
rm -f "$debs"/*.deb
touch "$VM_DIR/.prepared"
vm_log "prepared $VM_DIR"
echo "$VM_ABI"
