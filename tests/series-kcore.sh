# vm: VM_MEM=1088M HUGE_2M=8 HUGE_1G=0
# The direct-map proof scans all of RAM through /proc/kcore, several times:
# on a small machine, so that it takes seconds rather than minutes. Memory
# errors are injected here too, and pages soft offlined, last, as they lose
# pages for good.
cd "$ST/memfd" || exit 1
run_test memfd/memfd_secret_test-kcore ./memfd_secret_test -t kcore
# secret 2M pages; the 1G variants skip, there is no 1G pool here
run_test memfd/memfd_secret_hugetlb_test-kcore ./memfd_secret_hugetlb_test -t kcore_scan
# last: soft offlining retires the plain controls' pages for good, and each
# hwpoison_inject variant leaves a poisoned huge page in the pool
run_test memfd/memfd_secret_test-soft-offline ./memfd_secret_test -t soft_offline
run_test memfd/memfd_secret_hugetlb_test-soft-offline ./memfd_secret_hugetlb_test -t soft_offline
run_test memfd/memfd_secret_hugetlb_test-hwpoison ./memfd_secret_hugetlb_test -t hwpoison_inject
