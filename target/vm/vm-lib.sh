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

# Print "IMAGE_ABI HEADERS_ABI" (e.g. "6.1.0-56 6.1.0-56"): what the
# linux-image-amd64 and linux-headers-amd64 metapackages depend on (one
# apt-cache call: each takes about a second).
vm_meta_abis() {
	local deps img hdr
	deps="$(apt-cache depends linux-image-amd64 linux-headers-amd64 2>/dev/null)" || return 1
	img="$(sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)-amd64$/\1/p' <<<"$deps" | head -n 1)"
	hdr="$(sed -n 's/^ *Depends: linux-headers-\([0-9][^ ]*\)-amd64$/\1/p' <<<"$deps" | head -n 1)"
	[[ -n "$img" && -n "$hdr" ]] || return 1
	echo "$img $hdr"
}

# Set VM_ABI and VM_DIR. Uses RB_VM_ABI, else the metapackages; with neither
# (no apt index) falls back to the newest ABI already cached. Fails when the
# image and headers metapackages disagree.
vm_abi() {
	local abis img hdr
	if [[ -n "${RB_VM_ABI:-}" ]]; then
		VM_ABI="$RB_VM_ABI"
	elif abis="$(vm_meta_abis)"; then
		read -r img hdr <<<"$abis"
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
	# Child scripts reuse the answer (apt-cache takes about a second).
	RB_VM_ABI="$VM_ABI"
	export VM_ABI VM_DIR VM_KREL RB_VM_ABI
}

# Serialise builds in $RB_VM_BUILD between concurrent runs (several make
# check at once). Child scripts inherit the lock through RB_VM_LOCKED.
vm_lock() {
	[[ "${RB_VM_LOCKED:-}" == 1 ]] && return 0
	mkdir -p "$RB_VM_BUILD"
	exec 9>"$RB_VM_BUILD/.lock"
	flock -w 900 9 || vm_die "could not lock $RB_VM_BUILD/.lock within 900 s"
	export RB_VM_LOCKED=1
}
