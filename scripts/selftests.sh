#!/bin/bash
# selftests.sh FLAVOUR: build the selftests the guest runs into $B/selftests,
# against the headers of the FLAVOUR build (the series' uapi).
. "$(dirname "$0")/lib.sh"

flavour=${1:-debug}
O=$B/out-$flavour
ST=$B/selftests
hdr=$O/usr/include
[ -d "$hdr/linux" ] || die "no exported headers in $hdr: build the $flavour kernel first"

# The mm selftests for hugetlb, memfd_secret, GUP, userfaultfd and hugetlb
# memory errors, which the series touches, those the tree has (7.3 renamed
# hugepage-{mmap,shm,mremap} to hugetlb-*); tests/upstream.sh and
# tests/series-kcore.sh run what was built.
MM_TESTS=
for t in memfd_secret hugetlb-mmap hugetlb-shm hugetlb-mremap hugetlb-madvise \
	 hugetlb_dio hugetlb_fault_after_madv hugetlb_madv_vs_map \
	 hugetlb_truncate_vs_fault thuge-gen \
	 gup_test gup_longterm uffd-unit-tests hugetlb-read-hwpoison \
	 hugetlb-soft-offline; do
	[ -f "$KSRC/tools/testing/selftests/mm/$t.c" ] && MM_TESTS+=" $t"
done

phase "selftests: memfd and mm (hugetlb, memfd_secret) into $ST"
mkdir -p "$ST/memfd" "$ST/mm"
log=$ST/build.log
stmake() {
	local dir=$1
	shift
	make -C "$KSRC/tools/testing/selftests/$dir" OUTPUT="$ST/$dir" \
		KHDR_INCLUDES="-isystem $hdr" "$@" >>"$log" 2>&1 || {
		tail -n 30 "$log" >&2
		die "building selftests/$dir failed (log: $log)"
	}
}
: >"$log"
stmake memfd
stmake mm $(for t in $MM_TESTS; do echo "$ST/mm/$t"; done)
info "built $(find "$ST" -type f -perm -u+x | wc -l) programs"
