# Upstream selftests run unchanged, as regression of the base kernel.
# Sourced by tests/guest-run.sh inside the guest; $ST is the directory the
# host built them into (scripts/selftests.sh).

cd "$ST/memfd" || exit 1
run_test memfd/memfd_test ./memfd_test
run_test memfd/memfd_test-hugetlbfs ./memfd_test hugetlbfs

# fuse_test: run_fuse_test.sh wants a writable current directory.
fuse_run() {
	mkdir -p /tmp/fuse-memfd && ./fuse_mnt /tmp/fuse-memfd || return 1
	./fuse_test /tmp/fuse-memfd/memfd "$@"
	rc=$?
	fusermount -u /tmp/fuse-memfd
	return $rc
}
run_test memfd/fuse_test fuse_run
run_test memfd/fuse_test-hugetlbfs fuse_run hugetlbfs

cd "$ST/mm" || exit 1
run_test mm/memfd_secret ./memfd_secret
run_test mm/hugetlb-mmap ./hugetlb-mmap
shm_run() {
	local max all rc
	max=$(cat /proc/sys/kernel/shmmax)
	all=$(cat /proc/sys/kernel/shmall)
	echo 268435456 >/proc/sys/kernel/shmmax
	echo 4194304 >/proc/sys/kernel/shmall
	"./$1"
	rc=$?
	echo "$max" >/proc/sys/kernel/shmmax
	echo "$all" >/proc/sys/kernel/shmall
	return $rc
}
run_test mm/hugetlb-shm shm_run hugetlb-shm
run_test mm/hugetlb-mremap ./hugetlb-mremap
run_test mm/hugetlb-madvise ./hugetlb-madvise
run_test mm/hugetlb_dio ./hugetlb_dio
# These two want exactly one free huge page of the default size.
one_page() {
	local nr rc
	nr=$(cat /proc/sys/vm/nr_hugepages)
	echo 1 >/proc/sys/vm/nr_hugepages
	"$@"
	rc=$?
	echo "$nr" >/proc/sys/vm/nr_hugepages
	return $rc
}
# Race reproducers of 10000 rounds, each clearing up to 100 huge pages:
# hours under TCG. Run for a bounded time: they pass if nothing failed
# (and the console stays clean) by then.
run_test mm/hugetlb_fault_after_madv one_page bounded 60 300 ./hugetlb_fault_after_madv
run_test mm/hugetlb_madv_vs_map one_page bounded 60 300 ./hugetlb_madv_vs_map
run_test mm/thuge-gen ./thuge-gen
# GUP and userfaultfd on the memory kinds the series changes, as
# run_vmtests.sh runs them: gup_test through debugfs (CONFIG_GUP_TEST),
# gup_longterm pins memfd, shmem and hugetlb files (io_uring cases with
# liburing), uffd-unit-tests every memory type, hugetlb and shmem included.
run_test mm/gup_test-get ./gup_test -u -n 1
run_test mm/gup_test-pin ./gup_test -a -n 1
run_test mm/gup_test-dump ./gup_test -ct -F 0x1 0 19 0x1000
# Its "local tmpfile" cases make a file in the working directory, which
# must be writable: /tmp (tmpfs in the guest, so they test shmem again).
in_tmp() { (cd /tmp && "$@"); }
run_test mm/gup_longterm in_tmp "$PWD/gup_longterm"
# Every memory type and case: an hour under TCG; a bounded run here
# (15 minutes in check-full).
run_test mm/uffd-unit-tests bounded 120 900 ./uffd-unit-tests
