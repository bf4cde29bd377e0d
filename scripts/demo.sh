#!/bin/bash
# Build the demo programs against the series' headers and run them in the
# guest, booted on the FLAVOUR kernel (--build-only: just build them).
. "$(dirname "$0")/lib.sh"

FLAVOUR=${FLAVOUR:-run}
hdr=$B/out-$FLAVOUR/usr/include
D=$B/demo
mkdir -p "$D"
# (stress/reserve-inject.c is a kselftest_harness.h test: the tree's header)
phase "demo: building demo/*.c, bench/*.c, stress/*.c, vmm/ and containers/ against $hdr"
for src in "$TOP"/demo/*.c "$TOP"/bench/*.c "$TOP"/stress/*.c "$TOP"/vmm/secret-vm.c \
	"$TOP"/vmm/ram-scan.c; do
	gcc -O2 -Wall -Wextra -Werror -isystem "$hdr" -I "$KSRC/tools/testing/selftests" \
		-o "$D/$(basename "$src" .c)" "$src" ||
		die "building $src failed"
done
# the nested guest of the VMM test: a 32-bit multiboot image, no libc
gcc -m32 -O2 -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-stack-protector \
	-mgeneral-regs-only -fno-builtin -fno-tree-loop-distribute-patterns \
	-c -o "$D/vmm-guest.o" "$TOP/vmm/guest.c" &&
	ld -m elf_i386 --no-warn-rwx-segments -nostdlib -T "$TOP/vmm/guest.ld" \
		-o "$D/vmm-guest.elf" "$D/vmm-guest.o" ||
	die "building the nested guest (vmm/guest.c) failed"
# The nested Linux guest of the VMM test (nested-test.sh GUEST=linux):
# Debian's kernel, taken from its package (not installed), and an initramfs
# that holds only vmm/linux-guest.c, linked statically, as /init.
gcc -static -O2 -Wall -Wextra -Werror -o "$D/linux-guest" "$TOP/vmm/linux-guest.c" ||
	die "building vmm/linux-guest.c failed"
rm -rf "$D/initramfs" && mkdir -p "$D/initramfs" && cp "$D/linux-guest" "$D/initramfs/init" &&
	(cd "$D/initramfs" && find . | cpio -o -H newc -R 0:0 --quiet) >"$D/linux-guest.cpio" ||
	die "making the nested Linux guest's initramfs failed"
guest_kernel_pkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
if [ ! -s "$D/guest-kernel/vmlinuz" ]; then
	rm -rf "$D/guest-kernel" && mkdir -p "$D/guest-kernel"
	pkg=$(guest_kernel_pkg)
	# The package lists may be older than the archive: update them once.
	if [ -z "$pkg" ] ||
		! (cd "$D/guest-kernel" && apt-get download "$pkg") >"$D/guest-kernel/download.log" 2>&1; then
		apt-get update -qq >>"$D/guest-kernel/download.log" 2>&1
		pkg=$(guest_kernel_pkg)
		[ -n "$pkg" ] || die "no linux-image-amd64 in the configured Debian archive"
		(cd "$D/guest-kernel" && apt-get download "$pkg") >>"$D/guest-kernel/download.log" 2>&1 ||
			die "apt-get download $pkg failed (log: $D/guest-kernel/download.log)"
	fi
	dpkg -x "$D"/guest-kernel/*.deb "$D/guest-kernel/x" &&
		cp "$D"/guest-kernel/x/boot/vmlinuz-* "$D/guest-kernel/vmlinuz.tmp" &&
		cp "$D"/guest-kernel/x/boot/config-* "$D/guest-kernel/config" &&
		echo "$pkg" >"$D/guest-kernel/package" &&
		rm -rf "$D/guest-kernel/x" "$D"/guest-kernel/*.deb &&
		mv "$D/guest-kernel/vmlinuz.tmp" "$D/guest-kernel/vmlinuz" ||
		die "no kernel image in $pkg"
fi
# The container runtimes' test (tests/runtimes.sh): a static program for
# the containers' root file system, the page whose profiles they load, and
# Podman's default profile, from Debian's package (not installed: its
# dependencies are Podman's).
gcc -static -O2 -Wall -Wextra -Werror -isystem "$hdr" -I "$KSRC/tools/testing/selftests" \
	-o "$D/secret-calls" "$TOP/containers/secret-calls.c" ||
	die "building containers/secret-calls.c failed"
cp "$KSRC/Documentation/admin-guide/mm/secretmem.rst" "$D/secretmem.rst"
if [ ! -s "$D/podman-seccomp.json" ]; then
	pkg=golang-github-containers-common
	rm -rf "$D/podman-deb" && mkdir -p "$D/podman-deb"
	(cd "$D/podman-deb" && apt-get download "$pkg") >"$D/podman-deb/download.log" 2>&1 ||
		die "apt-get download $pkg (Podman's seccomp.json) failed (log: $D/podman-deb/download.log)"
	dpkg -x "$D"/podman-deb/*.deb "$D/podman-deb/x" &&
		cp "$D/podman-deb/x/usr/share/containers/seccomp.json" "$D/podman-seccomp.json" ||
		die "no usr/share/containers/seccomp.json in $pkg"
	info "Podman's default seccomp profile: $(dpkg-deb -f "$D"/podman-deb/*.deb Package Version | tr '\n' ' ')"
fi
[ "${1:-}" = --build-only ] && exit 0
# the seccomp part of the demo is the selftest's --show mode
"$TOP/scripts/selftests.sh" "$FLAVOUR"
phase "boot: $FLAVOUR kernel under QEMU, running the demo"
export FLAVOUR
exec "$TOP/scripts/vm-run.sh" -- "$TOP/demo/run-demo.sh" "$D" "$B/selftests"
