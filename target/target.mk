# target/target.mk - target-side helpers and the test VM.
#
# The test VM (target/vm/, docs/test-vm.md) is built on demand, never by
# `all`: it downloads Debian's kernel packages. Everything goes to
# build/vm/<abi>/ (the ABI is looked up at run time), cached per ABI:
#   make vm           kernel, modules and initramfs (with build/rel's rpmsg-bench)
#   make vm-modules   only the out-of-tree modules (build/vm/<abi>/kmod/*.ko)
# target/vm/run-vm.sh, tests/vm/ and scripts/demo-vm.sh run these themselves.
.PHONY: vm vm-modules

vm:
	$(Q)RB_ROOT="$(CURDIR)" RB_BENCH="$(CURDIR)/build/rel/bin/rpmsg-bench" \
		target/vm/build-initramfs.sh

vm-modules:
	$(Q)RB_ROOT="$(CURDIR)" target/vm/build-modules.sh
