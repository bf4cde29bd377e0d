# The series' own selftests, in the guest. Sourced by tests/guest-run.sh.
cd "$ST/memfd" || exit 1
# kcore and kcore_scan run on a small machine (series-kcore.sh), and so do
# soft_offline and hwpoison_inject (they lose pages for good); unavailable
# runs with secretmem.enable=0 (series-disabled.sh); move_pages and
# zone_movable on two NUMA nodes with a ZONE_MOVABLE (series-numa.sh)
run_test memfd/memfd_secret_test ./memfd_secret_test -T kcore -T unavailable -T move_pages \
	-T soft_offline
run_test memfd/memfd_secret_hugetlb_test ./memfd_secret_hugetlb_test -T kcore_scan \
	-T hwpoison_inject -T unavailable -T move_pages -T zone_movable -T soft_offline
run_test memfd/memfd_secret_seccomp_test ./memfd_secret_seccomp_test
# The README's demo: it checks what it shows and fails if a promise breaks.
run_test demo/mfd-secret-demo "$DEMO/mfd-secret-demo"
# The benchmark, once and small, so that it never rots (its figures mean
# nothing here: debug kernel; make bench measures).
run_test bench/secret-bench-smoke "$DEMO/secret-bench" --smoke
