# target/target.mk - target-side helpers and the test VM.
