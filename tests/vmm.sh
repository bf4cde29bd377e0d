# vm: VM_MEM=4G HUGE_2M=96 HUGE_1G=1 VM_TIMEOUT=1800
# A VMM on secret memory: Debian's qemu-system-x86_64 runs a nested guest
# whose RAM is an MFD_SECRET | MFD_HUGETLB memfd (vmm/secret-vm), 2M and
# 1G pages, each beside a plain MFD_HUGETLB control. As small a machine as
# the debug kernel finds a free 1 GiB-aligned block in at boot (3G is too
# small), so that scanning its RAM through /proc/kcore stays short.
run_test vmm/nested-qemu "$TESTS/../vmm/nested-test.sh" "$DEMO" 2M 1G
# KVM on secret memory: the KVM API on 4K, 2M and 1G secret memfds beside
# plain ones (memslots, hole punch and truncate while the guest runs, huge
# stage-2 mappings, kvmclock), then the nested QEMU under KVM (nested SVM in
# the test VM), 4K, 2M and 1G, QEMU preallocating the memory (prealloc=on).
(cd "$ST/memfd" && run_test memfd/memfd_secret_kvm_test ./memfd_secret_kvm_test)
run_test vmm/nested-kvm env ACCEL=kvm "$TESTS/../vmm/nested-test.sh" "$DEMO" 4K 2M 1G
# A Linux guest under KVM (Debian's kernel and an initramfs, 128 MiB on 2M
# pages, 1 GiB on a 1G page): it boots, keeps time on kvm-clock, its clocks
# go forward, and its RAM is nowhere in /proc/kcore on secret memory.
run_test vmm/nested-kvm-linux env ACCEL=kvm GUEST=linux \
	"$TESTS/../vmm/nested-test.sh" "$DEMO" 2M 1G
