# qemu-guest.sh: sourced by vmm/nested-test.sh and bench/kvm-bench.sh, which
# run Debian's qemu-system-x86_64 on guest RAM from secret-vm the same way.

# qemu_guest RAM: QEMU_GUEST becomes the options of a pc machine whose RAM
# (RAM bytes, QEMU's suffixes) is the memfd secret-vm passes as {fd}, shared
# and preallocated; the serial console on stdio, nothing else on screen, and
# isa-debug-exit at 0xf4, through which a guest ends QEMU with status 2n + 1.
qemu_guest() {
	QEMU_GUEST=(-nodefaults -display none -monitor none -serial stdio -m "$1"
		-object "memory-backend-file,id=ram,size=$1,share=on,prealloc=on,mem-path=/proc/self/fd/{fd}"
		-machine pc,memory-backend=ram
		-device isa-debug-exit,iobase=0xf4,iosize=4)
}

# linux_guest DIR SEED MIB: LINUX_GUEST becomes the options that boot Debian's
# kernel (DIR/guest-kernel/vmlinuz, from demo.sh) with vmm/linux-guest.c as
# its init, which fills MIB MiB with the pattern of SEED.
linux_guest() {
	LINUX_GUEST=(-kernel "$1/guest-kernel/vmlinuz" -initrd "$1/linux-guest.cpio"
		-append "console=ttyS0 loglevel=5 panic=-1 seed=$2 mib=$3" -no-reboot)
}

# The Linux guest under KVM. TCG's CPUID, passed on by KVM, gives XSAVE sizes
# that a Linux guest finds inconsistent (a WARN at boot, on plain memory as on
# secret): it saves its FPU state without XSAVE.
LINUX_GUEST_KVM=(-accel kvm -cpu host,xsave=off)

# nx_huge_pages_off: 2M stage-2 mappings for executable guest pages too. The
# iTLB multihit mitigation splits those to 4K, which would hide what a huge
# backing gives. nx_huge_pages_restore puts the setting back.
nx_huge_pages=/sys/module/kvm/parameters/nx_huge_pages
nx_huge_pages_off() {
	[ -w $nx_huge_pages ] || return 0
	nx_huge_pages0=$(cat $nx_huge_pages)
	echo off >$nx_huge_pages
}
nx_huge_pages_restore() {
	[ -n "$nx_huge_pages0" ] && echo "$nx_huge_pages0" >$nx_huge_pages
	return 0
}
