# shellcheck shell=bash
# vm-lib.sh - shared by the test-VM scripts (sourced, not run).
#
# Everything the test VM needs is cached per kernel ABI under
#   $RB_VM_BUILD/<abi>/   (default build/vm/<abi>/)
# so that a warm run downloads and extracts nothing. The ABI (e.g.
# 6.1.0-56) is what Debian's linux-image-amd64 metapackage depends on today;
# the archive keeps only the current one, so it is looked up at run time
# (RB_VM_ABI overrides it, e.g. to reuse a cache while offline).

vm_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RB_ROOT="${RB_ROOT:-$(cd "$vm_here/../.." && pwd)}"
RB_VM_BUILD="${RB_VM_BUILD:-$RB_ROOT/build/vm}"

vm_log() { printf 'vm: %s\n' "$*" >&2; }
vm_die() {
	printf 'vm: error: %s\n' "$*" >&2
	exit 1
}

# Print the ABI ("6.1.0-56") that linux-<kind>-amd64 depends on.
# $1: image or headers.
vm_meta_abi() {
	local kind="$1" dep
	dep="$(apt-cache depends "linux-$kind-amd64" 2>/dev/null |
		sed -n "s/^ *Depends: linux-$kind-\([0-9][^ ]*\)-amd64\$/\1/p" | head -n 1)"
	[[ -n "$dep" ]] || return 1
	echo "$dep"
}

# Set VM_ABI and VM_DIR. Uses RB_VM_ABI, else the metapackages; with neither
# (no apt index) falls back to the newest ABI already cached. Fails when the
# image and headers metapackages disagree.
vm_abi() {
	local img hdr
	if [[ -n "${RB_VM_ABI:-}" ]]; then
		VM_ABI="$RB_VM_ABI"
	elif img="$(vm_meta_abi image)" && hdr="$(vm_meta_abi headers)"; then
		[[ "$img" == "$hdr" ]] ||
			vm_die "linux-image-amd64 wants $img but linux-headers-amd64 wants $hdr (archive mid-update?)"
		VM_ABI="$img"
	else
		VM_ABI="$(find "$RB_VM_BUILD" -maxdepth 2 -name .prepared 2>/dev/null |
			sed 's|.*/\([^/]*\)/\.prepared$|\1|' | sort -V | tail -n 1)"
		[[ -n "$VM_ABI" ]] ||
			vm_die "cannot find the kernel ABI: apt-cache knows no linux-image-amd64 and nothing is cached"
		vm_log "apt-cache has no linux-image-amd64; using the cached ABI $VM_ABI"
	fi
	VM_DIR="$RB_VM_BUILD/$VM_ABI"
	VM_KREL="$VM_ABI-amd64"
	export VM_ABI VM_DIR VM_KREL
}

# Print "SKIP-reason" lines for what the test VM cannot do here, nothing when
# it can run. Used by the tests to SKIP with a reason.
vm_missing() {
	command -v qemu-system-x86_64 >/dev/null || echo "qemu-system-x86_64 not installed (package qemu-system-x86)"
	command -v busybox >/dev/null || echo "busybox not installed (package busybox-static)"
	command -v cpio >/dev/null || echo "cpio not installed"
	[[ -w /dev/shm ]] || echo "/dev/shm not writable (guest RAM file)"
	if [[ ! -f "${VM_DIR:-/nonexistent}/.prepared" ]]; then
		command -v apt-get >/dev/null || echo "apt-get not available to download the kernel packages"
	fi
	return 0
}
