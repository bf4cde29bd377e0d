# vm: VM_MEM=2G HUGE_2M=256 HUGE_1G=0 VM_TIMEOUT=1800 VM_APPEND=log_buf_len=1M
# Robustness (stress/): random operations over secret and plain memfds,
# the same under fault injection, shared-file concurrency and an OOM hog,
# with the invariants checked after each. Bounded here (60 s of random
# operations, 300 s in check-full); make -f Makefile.patches soak runs it
# for as long as asked. The 2M pool takes half the guest, so that the hog
# meets the OOM killer soon.
# The kernel log holds 1 MiB: secret-stress counts the held pages by their
# lines in it (one each, up to the pool's 256), read at every checkpoint.
run_test stress/secret-stress "$TESTS/../stress/stress-test.sh" "$DEMO" \
	"$([ "$FULL" = 1 ] && echo 300 || echo 60)"
# Patch 2's fix, by systematic fault injection: the hugetlb reserve count
# after failed page cache insertions (fails on pristine 7.3)
run_test stress/reserve-inject "$DEMO/reserve-inject"
