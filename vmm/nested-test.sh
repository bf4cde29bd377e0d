#!/bin/bash
# nested-test.sh DIR PAGE...: inside the test VM, run Debian's unmodified
# qemu-system-x86_64 with guest RAM from secret-vm, once on secret memory
# (MFD_SECRET | MFD_HUGETLB for 2M and 1G, MFD_SECRET for 4K) and once on the
# same memfd without MFD_SECRET (the control), for each page size given. The
# nested guest (guest.c) fills its RAM with a pattern from a fresh seed and
# waits; then /proc/kcore's RAM is scanned for the pattern: nowhere with the
# secret backend, in every block the guest wrote with the plain one. DIR
# holds secret-vm, ram-scan and vmm-guest.elf. Prints TAP; needs root.
#
# ACCEL=tcg (default) or kvm. With kvm, QEMU runs the guest under KVM (nested
# SVM or VMX in the test VM; the cases skip where /dev/kvm is missing), and
# KVM's count of huge stage-2 mappings (debugfs kvm/pages_2m, pages_1g) is
# reported while the guest runs: a 2M backing must give 2M mappings.
#
# GUEST=elf (default: guest.c) or linux: the nested guest is then Debian's
# kernel (DIR/guest-kernel/vmlinuz, from demo.sh) with an initramfs holding
# only linux-guest.c as init, which does what guest.c does from user space
# and checks that its clocks go forward; a kernel built with KVM_GUEST (as
# Debian's is) must keep time on kvm-clock, which KVM writes into the secret
# memory through the VMM's mapping; a kernel report on its console (BUG,
# WARNING, a panic) fails the case.
D=${1:?usage: nested-test.sh DIR PAGE...}
shift
QEMU=${QEMU:-qemu-system-x86_64}
ACCEL=${ACCEL:-tcg}
GUEST=${GUEST:-elf}
READY_TIMEOUT=${READY_TIMEOUT:-300}
. "$(dirname "$0")/qemu-guest.sh"
n=0
failed=0
skipped=0

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
pool() { cat "/sys/kernel/mm/hugepages/hugepages-$1kB/$2" 2>/dev/null || echo 0; }

result() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	elif [ "$1" = skip ]; then
		echo "ok $n - $2 # SKIP $3"
		skipped=$((skipped + 1))
	else
		echo "not ok $n - $2: $3"
		failed=$((failed + 1))
	fi
}

# check_line LINE: note the nested guest's clocksource and kernel reports.
check_line() {
	case $1 in
	"linux-guest: clocksource "*) cs=${1#linux-guest: clocksource } ;;
	*"BUG:"* | *"WARNING:"* | *"KASAN:"* | *"possible recursive locking"* | \
	*"circular locking dependency"* | *"Kernel panic"*) report=${report:-$1} ;;
	esac
}

# one_case secret|plain 4K|2M|1G
one_case() {
	local kind=$1 page=$2 kb ram mib need seed start line ready= intact= rc r
	local s0 s1 s2 k0 k1 hits after=- free0=0 rsvd0=0 m2=- m1=- report= cs=-
	local name="$kind guest RAM, $page pages, $ACCEL" ram_linux args
	local -a opt=() acc=(-accel tcg,tb-size=32) boot

	case $page in
	4K) kb=4 ram=64M mib=48 need=0 ram_linux=128M ;;
	2M) kb=2048 ram=64M mib=48 need=32 ram_linux=128M ;;
	1G) kb=1048576 ram=1G mib=64 need=1 ram_linux=1G ;;
	esac
	boot=(-kernel "$D/vmm-guest.elf" -append "seed=SEED mib=$mib")
	if [ "$GUEST" = linux ]; then
		ram=$ram_linux
		[ "$page" = 2M ] && need=64
		name="$kind guest RAM, $page pages, $ACCEL, Linux guest"
		linux_guest "$D" SEED $mib
		boot=("${LINUX_GUEST[@]}")
	fi
	[ "$kind" = plain ] && opt=(--plain)
	[ "$ACCEL" = kvm ] && acc=(-accel kvm -cpu host)
	[ "$ACCEL" = kvm ] && [ "$GUEST" = linux ] && acc=("${LINUX_GUEST_KVM[@]}")
	if [ "$ACCEL" = kvm ] && [ ! -c /dev/kvm ]; then
		result skip "$name" "no /dev/kvm: this machine gives the test VM no nested virtualization"
		return
	fi
	if [ $need -gt 0 ]; then
		free0=$(pool $kb free_hugepages)
		rsvd0=$(pool $kb resv_hugepages)
		if [ $((free0 - rsvd0)) -lt $need ]; then
			result skip "$name" "needs $need free $page huge pages, the pool has $((free0 - rsvd0))"
			return
		fi
	fi
	seed=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	boot=("${boot[@]//SEED/$seed}")
	s0=$(vmstat direct_map_level2_splits)
	k0=$(meminfo DirectMap4k)
	start=$(date +%s)
	qemu_guest $ram

	coproc VMM {
		# 4K secret memory is charged to RLIMIT_MEMLOCK, as memfd_secret(2)'s
		ulimit -l unlimited
		exec "$D/secret-vm" "${opt[@]}" --size $ram --page $page -- \
			"$QEMU" "${acc[@]}" "${QEMU_GUEST[@]}" "${boot[@]}" 2>&1
	}
	while IFS= read -r -t "$READY_TIMEOUT" line <&"${VMM[0]}"; do
		echo "# $line"
		line=${line%$'\r'}
		check_line "$line"
		[ "$line" = READY ] && { ready=1; break; }
	done
	if [ -n "$ready" ]; then
		if [ "$ACCEL" = kvm ]; then
			m2=$(cat /sys/kernel/debug/kvm/pages_2m 2>/dev/null || echo '?')
			m1=$(cat /sys/kernel/debug/kvm/pages_1g 2>/dev/null || echo '?')
		fi
		hits=$("$D/ram-scan" "$seed")
		s1=$(vmstat direct_map_level2_splits)
		k1=$(meminfo DirectMap4k)
		echo g >&"${VMM[1]}"
	fi
	while :; do
		IFS= read -r -t 120 line <&"${VMM[0]}"
		r=$?
		[ $r = 0 ] || break
		echo "# $line"
		line=${line%$'\r'}
		check_line "$line"
		[ "$line" = INTACT ] && intact=1
	done
	# Silent for 120 s (read's status above 128) rather than at its end:
	# a nested guest that hangs is stopped, so that its case fails and the
	# next one runs, rather than the test waiting for it until the suite's
	# time limit.
	if [ $r -gt 128 ]; then
		echo "# no output for 120 s: stopping QEMU"
		kill "$VMM_PID" 2>/dev/null
	fi
	wait "$VMM_PID"
	rc=$?
	s2=$(vmstat direct_map_level2_splits)
	[ "$kind" = secret ] && after=$("$D/ram-scan" "$seed")
	echo "# $name: $(($(date +%s) - start)) s; pattern blocks in kcore RAM while running: ${hits:-?}," \
		"after exit: $after; KVM 2M/1G mappings: $m2/$m1; clocksource: $cs; direct_map_level2_splits $s0 -> ${s1:-?} -> $s2;" \
		"DirectMap4k $k0 -> ${k1:-?} kB; pool free $free0 -> $(pool $kb free_hugepages)," \
		"reserved $rsvd0 -> $(pool $kb resv_hugepages)"

	if [ -n "$report" ]; then
		result fail "$name" "the nested kernel reported: $report"
	elif [ -z "$ready" ]; then
		result fail "$name" "the nested guest never said READY (QEMU status $rc)"
	elif [ "$rc" != 33 ] || [ -z "$intact" ]; then
		result fail "$name" "the nested guest did not end well (QEMU status $rc, want 33 and INTACT)"
	elif [ "$kind" = secret ] && [ "$hits" != 0 ]; then
		result fail "$name" "the guest's pattern is in the host's direct map $hits times"
	elif [ "$kind" = secret ] && [ "$after" != 0 ]; then
		result fail "$name" "the guest's pattern is in RAM $after times after it exited"
	elif [ "$kind" = secret ] && [ $need -gt 0 ] &&
	     { [ "$s1" != "$s0" ] || [ "$s2" != "$s0" ] || [ "$k1" -gt "$k0" ]; }; then
		result fail "$name" "the direct map was split to 4K ($s0 -> $s1 -> $s2, DirectMap4k $k0 -> $k1 kB)"
	elif [ "$kind" = plain ] && [ "$hits" -lt $((mib << 14)) ]; then
		result fail "$name" "control: the pattern is in kcore RAM $hits times, want at least $((mib << 14))"
	elif [ $need -gt 0 ] && { [ "$(pool $kb free_hugepages)" != "$free0" ] ||
				[ "$(pool $kb resv_hugepages)" != "$rsvd0" ]; }; then
		result fail "$name" "the $page pool did not come back"
	elif [ "$ACCEL" = kvm ] && [ "$GUEST" = linux ] && [ -n "$kvm_guest" ] && [ "$cs" != kvm-clock ]; then
		result fail "$name" "the Linux guest runs on clocksource $cs, not kvm-clock"
	elif [ "$ACCEL" = kvm ] && [ "$page" = 2M ] && ! [ "$m2" -gt 0 ] 2>/dev/null; then
		result fail "$name" "KVM mapped no 2M page of a 2M backing (pages_2m: $m2)"
	elif [ "$kind" = secret ]; then
		result ok "$name: nested guest ran, its RAM is nowhere in /proc/kcore$( [ $need -gt 0 ] && echo ', direct map not split')"
	else
		result ok "$name: nested guest ran, its RAM is in /proc/kcore $hits times (control)"
	fi
}

command -v "$QEMU" >/dev/null || { echo "1..0 # SKIP $QEMU is not installed"; exit 4; }
# A nested kernel built with KVM guest support must keep time on kvm-clock;
# one without it keeps time on the TSC.
kvm_guest=
if [ "$GUEST" = linux ]; then
	[ -s "$D/guest-kernel/vmlinuz" ] && [ -s "$D/linux-guest.cpio" ] || {
		echo "1..0 # SKIP no nested kernel and initramfs in $D (demo.sh builds them)"
		exit 4
	}
	grep -qs '^CONFIG_KVM_GUEST=y' "$D/guest-kernel/config" && kvm_guest=1
fi
if [ "$ACCEL" = kvm ]; then
	nx_huge_pages_off
	trap nx_huge_pages_restore EXIT
fi
echo "1..$((2 * $#))"
for page in "$@"; do
	one_case secret "$page"
	one_case plain "$page"
done
echo "# $((n - failed - skipped)) passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
