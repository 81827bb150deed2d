#!/usr/bin/env bash
# The mps2-an500 image under qemu-system-arm: a UsageFault (UDF) must end QEMU
# through the fault handler's semihosting exit with status 128 + 6.
# shellcheck source=tests/fw-qemu/fwq-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fwq-lib.sh"
fwq_run mps2-an500 --scenario crash
