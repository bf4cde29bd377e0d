# The series' own selftests, in the guest. Sourced by tests/guest-run.sh.
cd "$ST/memfd" || exit 1
# Machines of their own: kcore_scan a small one, and soft_offline,
# hwpoison_inject last there (they lose pages for good), then
# clear_alias_fails (failslab; series-kcore.sh); unavailable with secretmem.enable=0 (series-disabled.sh);
# move_pages, zone_movable and reservation_holds two NUMA nodes with a
# ZONE_MOVABLE (series-numa.sh).
run_test memfd/memfd_secret_test ./memfd_secret_test -T kcore_scan -T unavailable \
	-T move_pages -T zone_movable -T reservation_holds -T soft_offline \
	-T hwpoison_inject -T clear_alias_fails
run_test memfd/memfd_secret_seccomp_test ./memfd_secret_seccomp_test
# The README's demo: it checks what it shows and fails if a promise breaks.
run_test demo/mfd-secret-demo "$DEMO/mfd-secret-demo"
# The benchmark, once and small, so that it never rots (its figures mean
# nothing here: debug kernel; make bench measures).
run_test bench/secret-bench-smoke "$DEMO/secret-bench" --smoke
# Patch 7's test (patch 8): hugetlbfs truncation racing faults, both rows,
# 10 seconds each (60 with FULL=1); the base kernel fails it within that
# (scripts/baseline.sh).
cd "$ST/mm" || exit 1
run_test mm/hugetlb_truncate_vs_fault \
	env HUGETLB_RACE_SECONDS="$([ "$FULL" = 1 ] && echo 60 || echo 10)" \
	./hugetlb_truncate_vs_fault
