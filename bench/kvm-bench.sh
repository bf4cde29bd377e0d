#!/bin/bash
# kvm-bench.sh DIR [REPS]: the benchmark's KVM case, in the bench VM.
#
# Debian's qemu-system-x86_64 with -accel kvm boots a Linux guest (Debian's
# kernel and vmm/linux-guest.c as init, from DIR, built by demo.sh) whose
# 128 MiB of RAM is secret 2M hugetlb memory (MFD_SECRET | MFD_HUGETLB,
# vmm/secret-vm), or the same memfd without MFD_SECRET, REPS times each
# (default 5), alternating so that neither backing gains from the order.
# Measured: the time from QEMU's start to the guest's first console line
# (boot to first output) and to READY (its init has filled 48 MiB), and the
# guest's own first-touch throughput of those 48 MiB (guest page faults and
# KVM's stage-2 faults). Prints medians with min and max, the ratios of
# secret to plain, and "csv,..." lines in bench.sh's format. Skips (exit 0,
# a line saying why) where the VM has no /dev/kvm.
D=${1:?usage: kvm-bench.sh DIR [REPS]}
REPS=${2:-5}
QEMU=${QEMU:-qemu-system-x86_64}
MIB=48
. "$(dirname "$0")/../vmm/qemu-guest.sh"

if [ ! -c /dev/kvm ]; then
	echo "kvm: skipped, no /dev/kvm (the VM has no nested virtualization)"
	exit 0
fi
if [ ! -s "$D/guest-kernel/vmlinuz" ] || [ ! -s "$D/linux-guest.cpio" ]; then
	echo "kvm: skipped, no nested kernel and initramfs in $D (demo.sh builds them)"
	exit 0
fi
nx_huge_pages_off
qemu_guest 128M
linux_guest "$D" 1 $MIB

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# one_run secret|plain: prints "first_ms ready_ms touch_mibs", or fails
one_run() {
	local kind=$1 t0 line first= ready= touch= rc
	local -a opt=()

	[ "$kind" = plain ] && opt=(--plain)
	t0=$(now_ms)
	coproc VMM {
		exec "$D/secret-vm" "${opt[@]}" --size 128M --page 2M -- \
			"$QEMU" "${LINUX_GUEST_KVM[@]}" "${QEMU_GUEST[@]}" \
			"${LINUX_GUEST[@]}" 2>&1
	}
	while IFS= read -r -t 300 line <&"${VMM[0]}"; do
		line=${line%$'\r'}
		case $line in
		"["*) [ -z "$first" ] && first=$(($(now_ms) - t0)) ;;
		"linux-guest: seed "*)
			[ -z "$first" ] && first=$(($(now_ms) - t0))
			# "first touch of M MiB in U us"
			set -- $line
			touch=$(awk -v m="${7}" -v u="${10}" 'BEGIN { printf "%.1f", m * 1e6 / u }') ;;
		READY) ready=$(($(now_ms) - t0)); break ;;
		esac
	done
	[ -n "$ready" ] && echo g >&"${VMM[1]}"
	while IFS= read -r -t 120 line <&"${VMM[0]}"; do :; done
	wait "$VMM_PID"
	rc=$?
	[ -n "$ready" ] && [ -n "$touch" ] && [ "$rc" = 33 ] || return 1
	echo "$first $ready $touch"
}

# stats FILE COLUMN: "median min max" of a column
stats() {
	cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%g %g %g", m, v[1], v[NR] }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; nx_huge_pages_restore' EXIT
fail=0
for i in $(seq 1 "$REPS"); do
	# alternate the order: secret first on odd repetitions
	order="secret plain"
	[ $((i % 2)) = 0 ] && order="plain secret"
	for kind in $order; do
		if r=$(one_run "$kind"); then
			echo "$r" >>"$tmp/$kind"
		else
			echo "kvm: $kind run $i failed"
			fail=1
		fi
	done
done
[ -s "$tmp/secret" ] && [ -s "$tmp/plain" ] || { echo "kvm: no complete run"; exit 1; }

echo
echo "KVM guest (Debian's kernel, 128 MiB on 2M pages, $REPS runs each, medians [min-max])"
printf "%-30s %22s %22s %8s\n" metric "secret 2M" "plain 2M" ratio
col=1
for metric in "guest boot to first output ms" "guest boot to READY ms" "guest first touch MiB/s"; do
	read -r sm smin smax < <(stats "$tmp/secret" $col)
	read -r pm pmin pmax < <(stats "$tmp/plain" $col)
	ratio=$(awk -v s="$sm" -v p="$pm" 'BEGIN { printf "%.2f", s / p }')
	printf "%-30s %22s %22s %7sx\n" "$metric" "$sm [$smin-$smax]" "$pm [$pmin-$pmax]" "$ratio"
	echo "csv,KVM guest secret-hugetlb-2M,$metric,$sm,$smin,$smax,$ratio,,"
	echo "csv,KVM guest hugetlb-2M,$metric,$pm,$pmin,$pmax,1.00,,"
	col=$((col + 1))
done
exit $fail
