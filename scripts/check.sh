#!/bin/bash
# The test command: checkpatch on every patch, every patch built on its
# own (debug config), then the debug kernel booted to run the suites in
# tests/. TAP throughout, closing with "N passed, N failed, N skipped".
. "$(dirname "$0")/lib.sh"

SUITES=${SUITES:-upstream series}
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

phase "check: checkpatch --strict on ${#patches[@]} patches"
for p in "${patches[@]}"; do
	# The tree holds no upstream history, so checkpatch cannot look up
	# the ids of Fixes: tags (UNKNOWN_COMMIT_ID); they are checked by
	# hand against the upstream archives when a tag is written.
	if out=$(cd "$KSRC" && perl scripts/checkpatch.pl --strict --color=never -q \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$p" 2>&1) && [ -z "$out" ]; then
		tap_line ok "checkpatch $(basename "$p")"
	else
		printf '%s\n' "$out" | sed 's/^/# /'
		tap_line fail "checkpatch $(basename "$p")"
	fi
done

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
if "$TOP/scripts/selftests.sh" debug; then
	tap_line ok "build selftests"
else
	tap_line fail "build selftests"
	finish
fi

suites=()
for s in $SUITES; do
	[ -f "$TOP/tests/$s.sh" ] && suites+=("$s")
done
phase "check: booting the debug kernel for suites: ${suites[*]}"
rcfile=$B/check-vm.rc
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
done < <(FLAVOUR=debug "$TOP/scripts/vm-run.sh" -- \
		ST="$B/selftests" "$TOP/tests/guest-run.sh" "${suites[@]}"; echo $? >"$rcfile")
wait $! || true
rc=$(cat "$rcfile" 2>/dev/null || echo 125)
if [ "$rc" = 0 ]; then
	tap_line ok "guest ran the suites to the end"
else
	tap_line fail "guest ran the suites to the end" "vm-run exit status $rc"
fi
if "$TOP/scripts/console-check.sh" "$B/vm/last/console.log" | sed 's/^/# /'; then
	tap_line ok "kernel console clean (no WARN, BUG, KASAN, lockdep report)"
else
	tap_line fail "kernel console clean (no WARN, BUG, KASAN, lockdep report)"
fi
finish
