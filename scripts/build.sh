#!/bin/bash
# build.sh FLAVOUR [TARGETS]: configure if needed and build the kernel
# (bzImage) and the exported headers for the selftests.
. "$(dirname "$0")/lib.sh"

flavour=${1:?usage: build.sh run|debug [targets]}
shift
targets=${*:-bzImage headers_install}
O=$B/out-$flavour
"$TOP/scripts/configure.sh" "$flavour"

need_disk 3 "building the $flavour kernel"
phase "build: $flavour kernel at $(git -C "$KSRC" log -1 --format='%h %s')"
start=$(date +%s)
if ! kmake O="$O" -j"$(nproc)" $targets >"$O/build.log" 2>&1; then
	grep -E 'error:|\*\*\*|not found' "$O/build.log" | head -n 20 >&2
	echo "--- last lines of $O/build.log ---" >&2
	tail -n 30 "$O/build.log" >&2
	die "building the $flavour kernel failed"
fi
info "$O/arch/x86/boot/bzImage ($(( $(date +%s) - start ))s)"
