#!/bin/bash
# console-check.sh LOG: fail, printing each report, when the kernel log has
# a warning, a bug, an oops, a KASAN, UBSAN or lockdep report, or an
# atomic-sleep complaint. These all open with one of the lines below
# (lockdep's with "WARNING:" or "BUG:", KASAN's with "BUG: KASAN:").
log=${1:?usage: console-check.sh console.log}
pattern='-----------\[ cut here \]|WARNING:|BUG:|Oops|kernel BUG at|'
pattern+='general protection fault|Kernel panic|UBSAN:|KASAN:|INFO: |'
pattern+='sleeping function called from invalid context|'
pattern+='inconsistent lock state|possible (circular|recursive) locking|'
pattern+='list_(add|del) corruption|Bad page (state|map)'
hits=$(grep -nE -- "$pattern" "$log" || true)
[ -z "$hits" ] && exit 0
echo "kernel reports in $log:"
for n in $(printf '%s\n' "$hits" | cut -d: -f1 | head -n 5); do
	echo "--- line $n ---"
	sed -n "${n},$((n + 40))p" "$log"
done
exit 1
