#!/bin/bash
# nested-test.sh DIR PAGE...: inside the test VM, run Debian's unmodified
# qemu-system-x86_64 (TCG) with guest RAM from secret-vm, once on
# MFD_SECRET | MFD_HUGETLB memory and once on plain MFD_HUGETLB memory (the
# control), for each huge page size given (2M, 1G). The nested guest
# (guest.c) fills its RAM with a pattern from a fresh seed and waits; then
# /proc/kcore's RAM is scanned for the pattern: nowhere with the secret
# backend, in every block the guest wrote with the plain one. DIR holds
# secret-vm, ram-scan and vmm-guest.elf. Prints TAP; needs root.
D=${1:?usage: nested-test.sh DIR PAGE...}
shift
QEMU=${QEMU:-qemu-system-x86_64}
READY_TIMEOUT=${READY_TIMEOUT:-300}
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

# one_case secret|plain 2M|1G
one_case() {
	local kind=$1 page=$2 kb ram mib need seed start line ready= intact= rc
	local s0 s1 s2 k0 k1 hits after=- free0 rsvd0 name="$kind guest RAM, $page pages"
	local -a opt=()

	case $page in
	2M) kb=2048 ram=64M mib=48 need=32 ;;
	1G) kb=1048576 ram=1G mib=64 need=1 ;;
	esac
	[ "$kind" = plain ] && opt=(--plain)
	free0=$(pool $kb free_hugepages)
	rsvd0=$(pool $kb resv_hugepages)
	if [ $((free0 - rsvd0)) -lt $need ]; then
		result skip "$name" "needs $need free $page huge pages, the pool has $((free0 - rsvd0))"
		return
	fi
	seed=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	s0=$(vmstat direct_map_level2_splits)
	k0=$(meminfo DirectMap4k)
	start=$(date +%s)

	coproc VMM {
		exec "$D/secret-vm" "${opt[@]}" --size $ram --page $page -- \
			"$QEMU" -accel tcg,tb-size=32 -nodefaults -display none \
			-monitor none -serial stdio -m $ram \
			-object memory-backend-file,id=ram,size=$ram,share=on,mem-path=/proc/self/fd/{fd} \
			-machine pc,memory-backend=ram \
			-device isa-debug-exit,iobase=0xf4,iosize=4 \
			-kernel "$D/vmm-guest.elf" -append "seed=$seed mib=$mib" 2>&1
	}
	while IFS= read -r -t "$READY_TIMEOUT" line <&"${VMM[0]}"; do
		echo "# $line"
		[ "$line" = READY ] && { ready=1; break; }
	done
	if [ -n "$ready" ]; then
		hits=$("$D/ram-scan" "$seed")
		s1=$(vmstat direct_map_level2_splits)
		k1=$(meminfo DirectMap4k)
		echo g >&"${VMM[1]}"
	fi
	while IFS= read -r -t 120 line <&"${VMM[0]}"; do
		echo "# $line"
		[ "$line" = INTACT ] && intact=1
	done
	wait "$VMM_PID"
	rc=$?
	s2=$(vmstat direct_map_level2_splits)
	[ "$kind" = secret ] && after=$("$D/ram-scan" "$seed")
	echo "# $name: $(($(date +%s) - start)) s; pattern blocks in kcore RAM while running: ${hits:-?}," \
		"after exit: $after; direct_map_level2_splits $s0 -> ${s1:-?} -> $s2;" \
		"DirectMap4k $k0 -> ${k1:-?} kB; pool free $free0 -> $(pool $kb free_hugepages)," \
		"reserved $rsvd0 -> $(pool $kb resv_hugepages)"

	if [ -z "$ready" ]; then
		result fail "$name" "the nested guest never said READY (QEMU status $rc)"
	elif [ "$rc" != 33 ] || [ -z "$intact" ]; then
		result fail "$name" "the nested guest did not end well (QEMU status $rc, want 33 and INTACT)"
	elif [ "$kind" = secret ] && [ "$hits" != 0 ]; then
		result fail "$name" "the guest's pattern is in the host's direct map $hits times"
	elif [ "$kind" = secret ] && [ "$after" != 0 ]; then
		result fail "$name" "the guest's pattern is in RAM $after times after it exited"
	elif [ "$kind" = secret ] && { [ "$s1" != "$s0" ] || [ "$s2" != "$s0" ] || [ "$k1" -gt "$k0" ]; }; then
		result fail "$name" "the direct map was split to 4K ($s0 -> $s1 -> $s2, DirectMap4k $k0 -> $k1 kB)"
	elif [ "$kind" = plain ] && [ "$hits" -lt $((mib << 14)) ]; then
		result fail "$name" "control: the pattern is in kcore RAM $hits times, want at least $((mib << 14))"
	elif [ "$(pool $kb free_hugepages)" != "$free0" ] || [ "$(pool $kb resv_hugepages)" != "$rsvd0" ]; then
		result fail "$name" "the $page pool did not come back"
	elif [ "$kind" = secret ]; then
		result ok "$name: nested guest ran, its RAM is nowhere in /proc/kcore, direct map not split"
	else
		result ok "$name: nested guest ran, its RAM is in /proc/kcore $hits times (control)"
	fi
}

command -v "$QEMU" >/dev/null || { echo "1..0 # SKIP $QEMU is not installed"; exit 4; }
echo "1..$((2 * $#))"
for page in "$@"; do
	one_case secret "$page"
	one_case plain "$page"
done
echo "# $((n - failed - skipped)) passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
