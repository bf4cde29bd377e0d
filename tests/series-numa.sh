# vm: VM_MEM=2G VM_NUMA=2 HUGE_2M=16 HUGE_1G=0
# Migration, on a machine with two NUMA nodes (memory, vCPUs and the 2M
# pool split between them): move_pages() leaves secret pages, base and
# huge, where they are, out of the direct map, and moves the plain
# controls. The 1G variants skip: no 1G pool here.
cd "$ST/memfd" || exit 1
run_test memfd/memfd_secret_test-numa ./memfd_secret_test -t move_pages
run_test memfd/memfd_secret_hugetlb_test-numa ./memfd_secret_hugetlb_test -t move_pages
