#!/usr/bin/env bash
# The mps2-an386 image under qemu-system-arm: every control message and fault
# injection (exact counts, mute, a stall that makes exactly one kick time out);
# QEMU must end with the firmware's status 0.
# shellcheck source=tests/fw-qemu/fwq-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fwq-lib.sh"
fwq_run mps2-an386 --scenario ctrl,fault
