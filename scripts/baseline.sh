#!/bin/bash
# baseline.sh: the series against the kernel it is made on. Boots the
# pristine base kernel and the patched one, each running the upstream
# suites (the selftests of its own tree) and tests/baseline.sh (the tests
# of the series' fixes, built from the patched tree), and lists every
# result that differs. The differences the fixes cause are named below,
# with the patch that explains each: they must be there (a fix's test
# fails without the fix), and any other difference is a regression of the
# series. TAP, closing with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# name of the result (as guest-run.sh prints it) | the patch that explains it
explained=(
	"memfd/memfd_test-hugetlbfs|patch 1: hugetlbfs honours F_SEAL_EXEC (upstream's own test, its EXEC-SEAL step)"
	"baseline/memfd_test-hugetlbfs-seal-steps|patch 3: F_SEAL_GROW holds against a writable mapping (patch 4's steps)"
	"baseline/reserve-inject: reserve.noreserve.failed_insertion_keeps_count|patch 2: the reserve count survives a failed restore"
	"baseline/memfd_secret: O_PATH handle: the pages it keeps are not charged any more|patch 5: the memlock charge lasts as long as the inode (patch 6's case)"
	"baseline/memfd_secret: O_PATH setattr: chmod Success, truncate Invalid argument (want EACCES), utimensat Success|patch 32: truncate(2) of a secret file's /proc link by a task that does not hold it gives EACCES, where it gave EINVAL (a change in behaviour; patch 33's expectation)"
	"baseline/hugetlb_truncate_vs_fault: truncate.last_of_two.reserve_count_holds|patch 7: a truncation waits for the faults that saw the old size (patch 8's test)"
	"baseline/hugetlb_truncate_vs_fault: truncate.all_of_four.reserve_count_holds|patch 7: a truncation waits for the faults that saw the old size (patch 8's test)"
)

# the base kernel, in a worktree of the series' tree (lib.sh's base_tree),
# built as the patched one is (same config); its selftests against its own
# headers
P=$B/pristine
PK=$(base_tree)
B=$P KSRC=$PK "$TOP/scripts/build.sh" debug
B=$P KSRC=$PK "$TOP/scripts/selftests.sh" debug
# the patched kernel, its selftests and the harness's programs
"$TOP/scripts/build.sh" debug
"$TOP/scripts/selftests.sh" debug
FLAVOUR=debug "$TOP/scripts/demo.sh" --build-only

# memfd_test without its F_SEAL_EXEC steps: on the base kernel the first
# of them aborts the hugetlbfs run (patch 1's bug) before the F_SEAL_GROW
# steps that test patch 3 are reached
src=$KSRC/tools/testing/selftests/memfd
sed '/^\ttest_exec_seal();$/d; /^\ttest_exec_no_seal();$/d; /^\ttest_noexec_seal();$/d' \
	"$src/memfd_test.c" >"$B/demo/memfd_test-seal-steps.c"
gcc -Wall -Wno-unused-function -D_FILE_OFFSET_BITS=64 -isystem "$B/out-debug/usr/include" \
	-I "$src" -o "$B/demo/memfd_test-seal-steps" "$B/demo/memfd_test-seal-steps.c" "$src/common.c" ||
	die "building memfd_test without its F_SEAL_EXEC steps failed"

# boot NAME KERNEL ST: the upstream suites (the selftests in ST) and
# tests/baseline.sh, on the main boot's machine; $B/baseline-NAME.{tap,console}
boot() {
	local log=$B/baseline-$1.tap
	phase "baseline: booting the $1 kernel (log: $log)"
	if VM_TIMEOUT=2400 FLAVOUR=debug "$TOP/scripts/vm-run.sh" -k "$2" -- \
		ST="$3" SERIES_ST="$B/selftests" DEMO="$B/demo" \
		"$TOP/tests/guest-run.sh" upstream baseline >"$log" 2>&1; then
		info "the guest ran to the end"
	else
		echo "not ok - $1 kernel: the guest ran to the end" >>"$log"
		info "the guest did not run to the end"
	fi
	cp "$B/vm/last/console.log" "$B/baseline-$1.console"
}
# the results of a boot, a SKIP kept apart from a pass
results() {
	tr -d '\r' <"$B/baseline-$1.tap" | grep -E '^(not )?ok - ' |
		sed -E 's/^ok - (.*) # SKIP .*/skip - \1/; s/ # (timed out|exit status).*//' || true
}
boot pristine "$P/out-debug/arch/x86/boot/bzImage" "$P/selftests"
boot patched "$B/out-debug/arch/x86/boot/bzImage" "$B/selftests"
pristine=$(results pristine)
patched=$(results patched)

phase "baseline: the base kernel against the series"
echo "TAP version 13"
n=0 pass=0 fail=0
result() {	# STATUS TEXT
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "ok $n - $2"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
	fi
}
status() {	# RESULTS NAME: ok, not ok, skip, or missing
	local line
	line=$(printf '%s\n' "$1" | grep -Fx -e "ok - $2" -e "not ok - $2" -e "skip - $2" |
		head -n 1)
	if [ -n "$line" ]; then
		echo "${line% - "$2"}"
	else
		echo missing
	fi
}
for k in pristine patched; do
	if "$TOP/scripts/console-check.sh" "$B/baseline-$k.console" | sed 's/^/# /'; then
		result 0 "$k kernel's console clean"
	else
		result 1 "$k kernel's console clean"
	fi
done
names=$(printf '%s\n%s\n' "$pristine" "$patched" | sed -E 's/^(not ok|ok|skip) - //' | LC_ALL=C sort -u)
same=0
while IFS= read -r name; do
	[ -n "$name" ] || continue
	a=$(status "$pristine" "$name")
	b=$(status "$patched" "$name")
	why=
	for e in "${explained[@]}"; do
		[ "${e%%|*}" = "$name" ] && why=${e#*|}
	done
	if [ "$a" = "$b" ]; then
		same=$((same + 1))
		[ -z "$why" ] && continue
		result 1 "$name: $a on both kernels, but $why should make it differ"
	elif [ -n "$why" ] && [ "$a" = "not ok" ] && [ "$b" = ok ]; then
		result 0 "$name: not ok on pristine, ok with the series: $why"
	elif [ -n "$why" ] && [ "$a" = "not ok" ] && [ "$b" = missing ]; then
		# memfd_secret names a case by its outcome: passing, it has
		# another name, which is a case the series adds (below)
		result 0 "$name: not ok on pristine, passing under its other name with the series: $why"
	elif [ "$a" = missing ] && [ "$b" = ok ]; then
		result 0 "$name: a case the series adds, ok with the series"
	elif [ "$a" = missing ] || [ "$b" = missing ]; then
		case $name in
		mm/uffd-unit-tests:*)
			# a run stopped at its bound: the cases it reached vary
			echo "# $name: $a on pristine, $b with the series (a bounded run: not compared)"
			continue ;;
		esac
		result 1 "$name: $a on pristine, $b with the series, which nothing explains"
	else
		result 1 "$name: $a on pristine, $b with the series, which nothing explains"
	fi
done <<<"$names"
echo "# $same results the same on both kernels"
echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
