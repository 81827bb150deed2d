#!/usr/bin/env bash
# The mps2-an386 image under qemu-system-arm: >= 100,000 echoes over every size,
# content and counters checked; QEMU must end with the firmware's status 0.
# shellcheck source=tests/fw-qemu/fwq-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fwq-lib.sh"
FWQ_TIMEOUT="${FWQ_TIMEOUT:-280}" fwq_run mps2-an386 --scenario echo --echoes "${RB_FWQ_ECHOES:-100000}"
