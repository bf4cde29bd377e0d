#!/bin/bash
# The test command: checkpatch on every patch, every patch built on its
# own (debug config), then the debug kernel booted to run the suites in
# tests/. TAP throughout, closing with "N passed, N failed, N skipped".
# CHECK_FULL=1 (make check-full): the suites' long forms (FULL=1 in the
# guest, tests/tap.sh), every boot given up to 7200 s.
. "$(dirname "$0")/lib.sh"

full=${CHECK_FULL:-0}
full_vm=
[ "$full" = 1 ] && full_vm=VM_TIMEOUT=7200

SUITES=${SUITES:-upstream series series-kcore series-disabled series-numa series-cma vmm stress runtimes}
n=0 pass=0 fail=0 skip=0
tap_line() { # STATUS NAME [DIRECTIVE]: STATUS is ok, fail or skip
	n=$((n + 1))
	case $1 in
	ok) pass=$((pass + 1)); echo "ok $n - $2" ;;
	skip) skip=$((skip + 1)); echo "ok $n - $2 # SKIP $3" ;;
	*) fail=$((fail + 1)); echo "not ok $n - $2${3:+ # $3}" ;;
	esac
}
finish() {
	echo "1..$n"
	echo "$pass passed, $fail failed, $skip skipped"
	[ $fail = 0 ]
	exit
}

echo "TAP version 13"
mapfile -t patches < <(series_patches)

# checkpatch's report without its closing count: anything else is a
# failure.
checkpatch_rest() {
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
	     /^total: / { next }
	     { print }'
}

phase "check: checkpatch --strict on ${#patches[@]} patches"
for p in "${patches[@]}"; do
	# The tree holds no upstream history, so checkpatch cannot look up
	# the ids of Fixes: tags (UNKNOWN_COMMIT_ID); they are checked by
	# hand against the upstream archives when a tag is written.
	# spdxcheck.py wants Debian's python3, with ply and git modules.
	out=$(cd "$KSRC" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --color=never -q \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$p" 2>&1) || true
	rest=$(printf '%s\n' "$out" | checkpatch_rest)
	printf '%s\n' "$out" | sed '/^$/d; s/^/# /'
	if [ -z "$rest" ]; then
		tap_line ok "checkpatch $(basename "$p")"
	else
		tap_line fail "checkpatch $(basename "$p")"
	fi
done

phase "check: documentation (pages the series adds, the man page patch)"
mapfile -t pages < <(git -C "$KSRC" diff --name-only --diff-filter=A $BASE_REF..HEAD -- 'Documentation/*.rst')
for f in "${pages[@]}"; do
	if out=$("$TOP/scripts/rst-check.py" "$KSRC/$f" 2>&1); then
		tap_line ok "docs $f is valid reStructuredText"
	else
		printf '%s\n' "$out" | sed 's/^/# /'
		tap_line fail "docs $f is valid reStructuredText"
	fi
done

if out=$("$TOP/scripts/htmldocs-check.sh" 2>&1); then
	tap_line ok "docs: make htmldocs SPHINXDIRS=admin-guide/mm gives no new warning"
else
	tap_line fail "docs: make htmldocs SPHINXDIRS=admin-guide/mm gives no new warning"
fi
printf '%s\n' "$out" | sed 's/^/# /'

if out=$("$TOP/scripts/man-check.sh" 2>&1); then
	tap_line ok "man memfd_create(2) with MFD_SECRET renders cleanly"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	tap_line fail "man memfd_create(2) with MFD_SECRET renders cleanly"
fi

phase "check: every patch builds (debug config, incremental)"
branch=$(git -C "$KSRC" symbolic-ref -q --short HEAD || true)
[ "$branch" = "$SERIES_BRANCH" ] || die "$KSRC is not on branch $SERIES_BRANCH (run make -f Makefile.patches apply)"
trap 'git -C "$KSRC" checkout -q $SERIES_BRANCH' EXIT
mapfile -t commits < <(git -C "$KSRC" rev-list --reverse $BASE_REF..HEAD)
[ ${#commits[@]} -gt 0 ] || commits=("$(git -C "$KSRC" rev-parse HEAD)")
for c in "${commits[@]}"; do
	git -C "$KSRC" checkout -q "$c"
	name="build $(git -C "$KSRC" log -1 --format=%s "$c")"
	if "$TOP/scripts/build.sh" debug bzImage; then
		tap_line ok "$name"
	else
		tap_line fail "$name"
	fi
done
git -C "$KSRC" checkout -q $SERIES_BRANCH
trap - EXIT
if ! "$TOP/scripts/build.sh" debug; then
	tap_line fail "build debug kernel and headers"
	finish
fi
if "$TOP/scripts/selftests.sh" debug && FLAVOUR=debug "$TOP/scripts/demo.sh" --build-only; then
	tap_line ok "build selftests and demo"
else
	tap_line fail "build selftests and demo"
	finish
fi
if out=$("$TOP/scripts/build32-check.sh" 2>&1); then
	tap_line ok "build i386 with highmem: secret huge pages configured off"
else
	tap_line fail "build i386 with highmem: secret huge pages configured off"
fi
printf '%s\n' "$out" | sed '/^$/d; s/^/# /'
rst=$KSRC/Documentation/admin-guide/mm/secretmem.rst
if [ -f "$rst" ]; then
	if out=$("$TOP/scripts/oci-check.py" "$rst" "$B/selftests/memfd/memfd_secret_seccomp_test" 2>&1); then
		tap_line ok "docs: the OCI profiles in secretmem.rst are the tested ones"
	else
		tap_line fail "docs: the OCI profiles in secretmem.rst are the tested ones"
	fi
	printf '%s\n' "$out" | sed 's/^/# /'
fi

# Suites are grouped by the machine they need, named on their first line
# as "# vm: VAR=value ..." (vm-run.sh's variables: VM_MEM, HUGE_2M,
# HUGE_1G, VM_APPEND, VM_TIMEOUT); one boot per group. The main group
# (upstream and series) takes about 20 minutes under TCG: 2400 s unless
# the suite's line says otherwise.
declare -A groups=()
for s in $SUITES; do
	f=$TOP/tests/$s.sh
	[ -f "$f" ] || continue
	vm=$(sed -n '1s/^# vm: //p' "$f")
	groups["k$vm"]+=" $s"	# bash keys cannot be empty
done
rcfile=$B/check-vm.rc
for key in "${!groups[@]}"; do
	vm=${key#k}
	suites=(${groups[$key]})
	phase "check: booting the debug kernel${vm:+ ($vm)} for: ${suites[*]}"
	while IFS= read -r line; do
		case $line in
		"ok - "*" # SKIP "*)
			r=${line#ok - }
			tap_line skip "${r%% # SKIP *}" "${r#* # SKIP }" ;;
		"ok - "*) tap_line ok "${line#ok - }" ;;
		"not ok - "*)
			r=${line#not ok - }
			tap_line fail "${r%% # *}" "$([ "$r" != "${r#* # }" ] && echo "${r#* # }")" ;;
		*) echo "$line" ;;
		esac
	done < <(env VM_TIMEOUT=2400 $vm $full_vm FLAVOUR=debug "$TOP/scripts/vm-run.sh" -- \
			ST="$B/selftests" DEMO="$B/demo" FULL="$full" "$TOP/tests/guest-run.sh" \
			"${suites[@]}"; echo $? >"$rcfile")
	wait $! || true
	rc=$(cat "$rcfile" 2>/dev/null || echo 125)
	what="${suites[*]}${vm:+ ($vm)}"
	if [ "$rc" = 0 ]; then
		tap_line ok "guest ran to the end: $what"
	else
		tap_line fail "guest ran to the end: $what" "vm-run exit status $rc"
	fi
	if "$TOP/scripts/console-check.sh" "$B/vm/last/console.log" | sed 's/^/# /'; then
		tap_line ok "kernel console clean: $what"
	else
		tap_line fail "kernel console clean: $what"
	fi
done
finish
