#!/bin/bash
# Build the demo programs against the series' headers and run them in the
# guest, booted on the FLAVOUR kernel (--build-only: just build them).
. "$(dirname "$0")/lib.sh"

FLAVOUR=${FLAVOUR:-run}
hdr=$B/out-$FLAVOUR/usr/include
D=$B/demo
mkdir -p "$D"
phase "demo: building demo/*.c and bench/*.c against $hdr"
for src in "$TOP"/demo/*.c "$TOP"/bench/*.c; do
	gcc -O2 -Wall -Wextra -Werror -isystem "$hdr" -o "$D/$(basename "$src" .c)" "$src" ||
		die "building $src failed"
done
[ "${1:-}" = --build-only ] && exit 0
# the seccomp part of the demo is the selftest's --show mode
"$TOP/scripts/selftests.sh" "$FLAVOUR"
phase "boot: $FLAVOUR kernel under QEMU, running the demo"
export FLAVOUR
exec "$TOP/scripts/vm-run.sh" -- "$TOP/demo/run-demo.sh" "$D" "$B/selftests"
