# The tests of the series' fixes, built from the patched tree, for
# scripts/baseline.sh, which runs them on the base kernel and on the
# patched one (SERIES_ST: the patched tree's selftests; DEMO: the
# harness's programs). Sourced by tests/guest-run.sh.
# patch 3 (its test, patch 4): memfd_test's F_SEAL_GROW steps on hugetlbfs,
# in a build without the F_SEAL_EXEC steps that abort first on the base
# kernel (patch 1's bug, which memfd/memfd_test-hugetlbfs shows)
cd /tmp || exit 1
run_test baseline/memfd_test-hugetlbfs-seal-steps "$DEMO/memfd_test-seal-steps" hugetlbfs
# patch 5 (its test, patch 6): the O_PATH handle of a memfd_secret(2) file:
# on the base kernel the pages it keeps are no longer charged once the
# file is closed (setattr through it works there; the series' first
# version oopsed)
cd "$SERIES_ST/mm" || exit 1
run_test baseline/memfd_secret ./memfd_secret
# patch 2: as on the base kernel it leaves the pool's reserve count
# wrapped (its fixture only: the other test needs secret hugetlb memory),
# after every other test but the one that checks only its own change
run_test baseline/reserve-inject "$DEMO/reserve-inject" -f reserve
# patch 7 (its test, patch 8): truncation racing faults; each row compares
# the reserve count with its own start, so the wrap above does not matter,
# and 30 seconds make the base kernel's loss certain (it lost 4 to 7
# reservations in 10 seconds in each row)
run_test baseline/hugetlb_truncate_vs_fault \
	env HUGETLB_RACE_SECONDS=30 ./hugetlb_truncate_vs_fault
