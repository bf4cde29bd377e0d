# vm: VM_MEM=2G VM_NUMA=2 HUGE_2M=16 HUGE_1G=0 VM_APPEND=movablecore=512M
# Migration and ZONE_MOVABLE, on a machine with two NUMA nodes (memory,
# vCPUs and the 2M pool split between them) and a ZONE_MOVABLE: move_pages()
# leaves secret pages, base and huge, where they are, out of the direct
# map, and moves the plain controls; secret huge pages never come from
# ZONE_MOVABLE, and a reservation that counted pages there still holds.
# The pool grows here so that it has free pages in ZONE_MOVABLE too (pages
# allocated at run time go to the highest zone). The 1G rows skip: no 1G
# pool here.
cd "$ST/memfd" || exit 1
run_test memfd/memfd_secret_test-numa ./memfd_secret_test -t move_pages
nr=$(cat /proc/sys/vm/nr_hugepages)
echo $((nr + 32)) >/proc/sys/vm/nr_hugepages
run_test memfd/memfd_secret_test-movable ./memfd_secret_test -t zone_movable
# last: a secret row's reservation exchanges the free pages in ZONE_MOVABLE
# for others, so none is left there for the cases above
run_test memfd/memfd_secret_test-reservation ./memfd_secret_test -t reservation_holds
echo "$nr" >/proc/sys/vm/nr_hugepages
