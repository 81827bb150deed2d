#!/usr/bin/env bash
# Install the Debian packages rpmsg-bench needs, only those that are missing.
#
# Package lists live in scripts/deps/*.txt, one package a line ('#' starts a
# comment); each part of the project keeps its own list. Runs apt-get as root,
# or through sudo when not root. Set RB_NO_INSTALL=1 to only report.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lists=("$here"/deps/*.txt)

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "${lists[@]}" | grep -v '^$' | sort -u)

missing=()
for pkg in "${wanted[@]}"; do
	status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
	[[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

echo "install-deps: missing Debian packages: ${missing[*]}"
if [[ "${RB_NO_INSTALL:-0}" == 1 ]]; then
	echo "install-deps: RB_NO_INSTALL=1, not installing" >&2
	exit 1
fi

if ! command -v apt-get >/dev/null; then
	echo "install-deps: apt-get not found: install these packages by hand: ${missing[*]}" >&2
	exit 1
fi

sudo=()
if ((EUID != 0)); then
	if ! command -v sudo >/dev/null; then
		echo "install-deps: not root and no sudo: run as root: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -q >/dev/null; then
	echo "install-deps: 'apt-get update' failed; check the network and /etc/apt/sources.list" >&2
	exit 1
fi
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	echo "install-deps: could not install: ${missing[*]}" >&2
	exit 1
fi
