#!/bin/bash
# build32-check.sh: secret huge pages are refused on 32-bit kernels with
# highmem, where a huge page has no kernel address for clearing it outside
# the direct map. An i386 build (i386_defconfig, HIGHMEM4G, SECRETMEM,
# HUGETLBFS) must configure SECRETMEM_HUGETLB off, keep SECRETMEM, and
# compile the files the series changes, whose MFD_SECRET | MFD_HUGETLB
# then fails with EOPNOTSUPP. No boot: a configuration and compile check.
. "$(dirname "$0")/lib.sh"

O=$B/out-i386
mkdir -p "$O"
m32() { kmake ARCH=i386 O="$O" "$@" >>"$O/check.log" 2>&1; }
: >"$O/check.log"
phase "build32: i386 with highmem, in $O"
m32 i386_defconfig || die "i386_defconfig failed (log: $O/check.log)"
"$KSRC/scripts/config" --file "$O/.config" -e HIGHMEM4G -e EXPERT -e SECRETMEM -e HUGETLBFS
m32 olddefconfig || die "olddefconfig failed (log: $O/check.log)"
for want in CONFIG_X86_32=y CONFIG_HIGHMEM=y CONFIG_SECRETMEM=y CONFIG_HUGETLBFS=y; do
	grep -qxF "$want" "$O/.config" || die "$O/.config lacks $want"
done
! grep -q '^CONFIG_SECRETMEM_HUGETLB=y' "$O/.config" ||
	die "CONFIG_SECRETMEM_HUGETLB=y on i386 with highmem"
objs="mm/secretmem.o mm/memfd.o mm/hugetlb.o fs/hugetlbfs/inode.o fs/stat.o mm/gup.o"
m32 -j"$(nproc)" $objs || {
	grep -E 'error|warning' "$O/check.log" | head -n 20 >&2
	die "the series' files do not compile for i386 (log: $O/check.log)"
}
if grep -E '(^|/)(mm|fs)/[^ ]*: warning:' "$O/check.log" | head -n 10 >&2; then
	die "compiler warnings in the series' files for i386 (log: $O/check.log)"
fi
info "i386, HIGHMEM: SECRETMEM=y, HUGETLBFS=y, SECRETMEM_HUGETLB off; $objs compile"
