#!/bin/bash
# bench.sh: build the run kernel, boot it under QEMU and run
# bench/secret-bench.c in the guest; print its table and keep the results
# in $B/bench (results.csv, table.txt, chart.png). BENCH_ARGS go to the
# program (default: 6 repetitions of 256 MiB per backing, the first
# reported apart, then the scaling phase; secret-bench.c). Then the KVM
# case (bench/kvm-bench.sh): a Linux guest under nested KVM on secret and
# plain 2M memory, KVM_REPS (5) boots of each.
. "$(dirname "$0")/lib.sh"

FLAVOUR=run
export FLAVOUR
"$TOP/scripts/build.sh" run
FLAVOUR=run "$TOP/scripts/demo.sh" --build-only
out=$B/bench
mkdir -p "$out"
phase "bench: run kernel under QEMU, bench/secret-bench.c ${BENCH_ARGS:-}"
# The pools: 4 GiB of 2M pages and four 1G pages, for the scaling phase
# (256 MiB and one page for the others); the guest is allocated lazily by
# TCG, and touches at most 4 GiB of each. BENCH_CPUS: the guest's vCPUs
# (2), for the IPI counts.
HUGE_2M=${HUGE_2M:-2080} HUGE_1G=${HUGE_1G:-4} VM_MEM=${VM_MEM:-12G} \
VM_CPUS=${BENCH_CPUS:-2} VM_TIMEOUT=${VM_TIMEOUT:-3600} \
	"$TOP/scripts/vm-run.sh" -- "$B/demo/secret-bench" ${BENCH_ARGS:-} "&&" \
		"$TOP/bench/kvm-bench.sh" "$B/demo" "${KVM_REPS:-5}" | tee "$out/run.log"
rc=${PIPESTATUS[0]}
grep -v '^csv,' "$out/run.log" >"$out/table.txt"
{
	echo "backing,metric,median,min,max,ratio_to_hugetlb_2M,ratio_to_memfd_secret,first"
	sed -n 's/^csv,//p' "$out/run.log"
} >"$out/results.csv"
[ "$rc" = 0 ] || die "the benchmark failed (exit status $rc); see $out/run.log"

# The chart: first-touch throughput per backing, log scale.
grep ',first touch MiB/s,' "$out/results.csv" |
	awk -F, '{print NR-1, $1, $3, $4, $5}' >"$out/fault.dat"
if command -v gnuplot >/dev/null; then
	gnuplot <<GP || warn "gnuplot failed; the table and CSV are there"
set terminal pngcairo size 900,480 noenhanced
set output "$out/chart.png"
set title "first-touch throughput (MiB/s, median, min-max bars; QEMU TCG)"
set logscale y
set style fill solid 0.6
set boxwidth 0.6
set xtics rotate by -30
set ylabel "MiB/s"
unset key
plot "$out/fault.dat" using 1:3:xtic(2) with boxes, \
     "" using 1:3:4:5 with yerrorbars lc rgb "black"
GP
fi
info "results: $out/table.txt, $out/results.csv, $out/chart.png"
