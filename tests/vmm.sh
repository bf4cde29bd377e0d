# vm: VM_MEM=4G HUGE_2M=32 HUGE_1G=1 VM_TIMEOUT=1800
# A VMM on secret memory: Debian's qemu-system-x86_64 runs a nested guest
# whose RAM is an MFD_SECRET | MFD_HUGETLB memfd (vmm/secret-vm), 2M and
# 1G pages, each beside a plain MFD_HUGETLB control. As small a machine as
# the debug kernel finds a free 1 GiB-aligned block in at boot (3G is too
# small), so that scanning its RAM through /proc/kcore stays short.
run_test vmm/nested-qemu "$TESTS/../vmm/nested-test.sh" "$DEMO" 2M 1G
# KVM on secret memory: the KVM API on 4K, 2M and 1G secret memfds beside
# plain ones (memslots, hole punch and truncate while the guest runs, huge
# stage-2 mappings, kvmclock), then the nested QEMU under KVM (nested SVM in
# the test VM), 2M and 1G. Not 4K: QEMU 7.2 opens its backing file by the
# /proc/self/fd path, and a 4K secret memory file, as memfd_secret(2)'s
# always were, cannot be opened again (ENXIO).
(cd "$ST/memfd" && run_test memfd/memfd_secret_kvm_test ./memfd_secret_kvm_test)
run_test vmm/nested-kvm env ACCEL=kvm "$TESTS/../vmm/nested-test.sh" "$DEMO" 2M 1G
