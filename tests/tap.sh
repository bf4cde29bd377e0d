# TAP helpers for the guest suites (bash); sourced by tests/guest-run.sh.
# Each test is one program run. A program that prints TAP results of its
# own (kselftest) is counted per result; any other by its exit status
# (0 pass, 4 skip, else fail). Its output is kept as "# " diagnostics.

# FULL=1 (make check-full): the long forms of the bounded runs.
: "${FULL:=0}"
[ "$FULL" = 1 ] && : "${TEST_TIMEOUT:=3600}"
: "${TEST_TIMEOUT:=900}"

# run_test NAME COMMAND...
run_test() {
	local name=$1 log rc results fails
	shift
	log=$(mktemp)
	echo "# --- $name: $*"
	# shell functions of the suite run too, through an exported copy
	for f in $(compgen -A function); do export -f "$f"; done
	# line-buffered, so the output of a program that aborts is not lost
	timeout -k 10 "$TEST_TIMEOUT" stdbuf -oL -eL bash -c '"$@"' bash "$@" >"$log" 2>&1 </dev/null
	rc=$?
	# Results of the program's own TAP, renamed under NAME.
	results=$(sed -nE 's/^(not )?ok [0-9]+ (- )?/&/p' "$log" | grep -c . || true)
	sed -E 's/^/# /' "$log"
	if [ "$results" -gt 0 ]; then
		sed -nE "s/^(not )?ok [0-9]+ (- )?(.*)$/\1ok - $(printf '%s' "$name" | sed 's/[\/&]/\\&/g'): \3/p" "$log"
		fails=$(grep -cE '^not ok [0-9]+' "$log" || true)
		if [ "$rc" != 0 ] && [ "$rc" != 4 ] && [ "$fails" = 0 ]; then
			echo "not ok - $name: exited with status $rc after its results"
		fi
	elif [ "$rc" = 0 ]; then
		echo "ok - $name"
	elif [ "$rc" = 4 ]; then
		echo "ok - $name # SKIP $(grep -v '^$' "$log" | tail -n 1)"
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "not ok - $name # timed out after ${TEST_TIMEOUT}s"
	else
		echo "not ok - $name # exit status $rc"
	fi
	rm -f "$log"
}

# skip_test NAME REASON
skip_test() {
	echo "ok - $1 # SKIP $2"
}

# bounded SECONDS FULL_SECONDS COMMAND...: run a long stress program for
# at most SECONDS (FULL_SECONDS with FULL=1); reaching the limit without a
# failure is a pass.
bounded() {
	local secs=$1 rc
	[ "$FULL" = 1 ] && secs=$2
	shift 2
	timeout "$secs" "$@"
	rc=$?
	if [ $rc = 124 ]; then
		echo "stopped after ${secs}s without a failure"
		return 0
	fi
	return $rc
}
