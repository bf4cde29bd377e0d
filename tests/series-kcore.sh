# vm: VM_MEM=1088M HUGE_2M=8 HUGE_1G=0
# The direct-map proof scans all of RAM through /proc/kcore, several times:
# on a small machine, so that it takes seconds rather than minutes. Memory
# errors are injected here too, and pages soft offlined, last, as they lose
# pages for good.
cd "$ST/memfd" || exit 1
# secret 2M pages; the 1G rows skip, there is no 1G pool here
run_test memfd/memfd_secret_test-kcore ./memfd_secret_test -t kcore_scan
# last: soft offlining retires the plain controls' pages for good, each
# hwpoison_inject row loses a huge page; then clear_alias_fails
run_test memfd/memfd_secret_test-soft-offline ./memfd_secret_test -t soft_offline
run_test memfd/memfd_secret_test-hwpoison ./memfd_secret_test -t hwpoison_inject
# with pages enough for both rows, after the pages the cases above lost
nr=$(cat /proc/sys/vm/nr_hugepages)
echo $((nr + 8)) >/proc/sys/vm/nr_hugepages
run_test memfd/memfd_secret_test-clear-alias-fails ./memfd_secret_test -t clear_alias_fails
# Upstream's destructive hugetlb cases, as run_vmtests.sh -d runs them:
# they poison and soft offline huge pages for good
cd "$ST/mm" || exit 1
nr=$(cat /proc/sys/vm/nr_hugepages)
echo $((nr + 8)) >/proc/sys/vm/nr_hugepages
sof=$(cat /proc/sys/vm/enable_soft_offline)
run_test mm/hugetlb-soft-offline ./hugetlb-soft-offline
echo "$sof" >/proc/sys/vm/enable_soft_offline
run_test mm/hugetlb-read-hwpoison ./hugetlb-read-hwpoison
