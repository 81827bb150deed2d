#!/usr/bin/env bash
# The rpmsg-bench command line end to end: list (text and JSON) on the fixture
# sysfs trees, --help, --version, and a channel found in sysfs whose node is missing.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/pty/lib.sh
source "$here/lib.sh"

fx="$ROOT/tests/fixtures/sysfs"

out="$("$BENCH" list --sysroot "$fx/nxp-imx8mp")"
expect "list nxp: tty" "$(grep -c '^  /dev/ttyRPMSG30$' <<<"$out")" 1
expect "list nxp: ctrl" "$(grep -c '^  /dev/rpmsg_ctrl0$' <<<"$out")" 1
expect "list nxp: channel" "$(grep -c 'rpmsg-virtual-tty-channel-1 *src 1024 dst 30' <<<"$out")" 1
expect "list nxp: remoteproc" "$(grep -c 'imx-rproc *running *firmware rpmsg-bench-imx8mp-m7.elf' <<<"$out")" 1

"$BENCH" list --json --sysroot "$fx/mainline-6.1" >"$WORK/list.json"
expect "list json: channels" "$(jq '.channels | length' "$WORK/list.json")" 4
expect "list json: first endpoint" "$(jq -r '.endpoints[0] | "\(.path) \(.name) \(.src) \(.dst)"' "$WORK/list.json")" \
	"/dev/rpmsg0 rpmsg-raw 1026 32"
expect "list json: ttys" "$(jq -r '.ttys | join(" ")' "$WORK/list.json")" /dev/ttyRPMSG0
expect "list json: remoteproc state" "$(jq -r '.remoteprocs[0].state' "$WORK/list.json")" offline

set +e
"$BENCH" --help >"$WORK/help.txt"
expect "--help: status" "$?" 0
"$BENCH" --version >"$WORK/version.txt"
expect "--version: status" "$?" 0
"$BENCH" >/dev/null 2>&1
expect "no command: status" "$?" 2
set -e
expect "--help: examples" "$(grep -c '^Examples:' "$WORK/help.txt")" 1
expect "--version" "$(cut -d' ' -f1 "$WORK/version.txt")" rpmsg-bench

echo "# --channel found in sysfs, its /dev node missing under the sysroot"
bench --channel rpmsg-raw --sysroot "$fx/mainline-6.1" -n 10
expect "channel: exit status" "$RC" 3
expect "channel: errno" "$(jr .exit.errno)" 2
expect "channel: report names the node" "$(jr '.endpoints[0].path')" "$fx/mainline-6.1/dev/rpmsg0"
expect "channel: addresses from sysfs" "$(jr '.endpoints[0] | "\(.src) \(.dst) \(.channel)"')" "1026 32 rpmsg-raw"

finish
