#!/usr/bin/env bash
# The main job on the default target: the test VM (Debian's kernel with the
# stock rpmsg drivers and the echo firmware's host build as the remote) when
# it can run here, otherwise the PTY echo tier. Prints where the report is.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ "${RB_DEMO:-vm}" == vm && -x "$here/demo-vm.sh" ]] && command -v qemu-system-x86_64 >/dev/null; then
	exec "$here/demo-vm.sh" "$@"
fi
echo "demo: the test VM is not available here; running against the PTY echo peer instead" >&2
exec "$here/demo-pty.sh" "$@"
