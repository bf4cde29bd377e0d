#!/bin/bash
# console-check.sh LOG: fail, printing each report, when the kernel log has
# a warning, a bug, an oops, a KASAN or lockdep report or an atomic-sleep
# complaint.
log=${1:?usage: console-check.sh console.log}
pattern='WARNING:|BUG:|Oops|KASAN|UBSAN|kernel BUG at|general protection fault|Kernel panic|'
pattern+='possible (circular|recursive) locking|inconsistent lock state|lockdep|'
pattern+='sleeping function called from invalid context|list_(add|del) corruption|'
pattern+='Bad page (state|map)|INFO: task .* blocked'
# KASAN announces itself at boot; that line is no report.
hits=$(grep -nE "$pattern" "$log" | grep -v 'KernelAddressSanitizer initialized' || true)
[ -z "$hits" ] && exit 0
echo "kernel reports in $log:"
for n in $(printf '%s\n' "$hits" | cut -d: -f1 | head -n 5); do
	echo "--- line $n ---"
	sed -n "${n},$((n + 40))p" "$log"
done
exit 1
