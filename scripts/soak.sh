#!/bin/bash
# soak.sh: the robustness cases of tests/stress.sh for SOAK_SECONDS (1800)
# of random operations, in the debug guest; the result goes to $B/soak.log.
. "$(dirname "$0")/lib.sh"

secs=${SOAK_SECONDS:-1800}
"$TOP/scripts/build.sh" debug
FLAVOUR=debug "$TOP/scripts/demo.sh" --build-only
phase "soak: debug kernel under QEMU, stress/stress-test.sh for ${secs}s"
start=$(date +%s)
VM_TIMEOUT=$((secs * 2 + 1200)) VM_MEM=2G HUGE_2M=256 HUGE_1G=0 FLAVOUR=debug \
	"$TOP/scripts/vm-run.sh" -- "$TOP/stress/stress-test.sh" "$B/demo" "$secs" |
	tee "$B/soak.log"
rc=${PIPESTATUS[0]}
if ! "$TOP/scripts/console-check.sh" "$B/vm/last/console.log"; then
	rc=1
fi
echo "soak: exit status $rc after $(($(date +%s) - start)) s (log: $B/soak.log)" | tee -a "$B/soak.log"
exit "$rc"
