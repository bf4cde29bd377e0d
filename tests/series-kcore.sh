# vm: VM_MEM=1G HUGE_2M=0 HUGE_1G=0
# The direct-map proof scans all of RAM through /proc/kcore, several times:
# on a small machine, so that it takes seconds rather than minutes.
cd "$ST/memfd" || exit 1
run_test memfd/memfd_secret_test-kcore ./memfd_secret_test -t kcore
