# Container runtimes (containers/): Debian's crun and runc, unmodified, run
# a container for each seccomp profile of the admin guide's Seccomp section,
# made as the page says (containers/bundle.py --list), with Podman's default
# profile as shipped, with the page's entries appended (which the page says
# refuses nothing) and with the page's recipe for such lists; and one
# without a profile (the control). In each, secret-calls makes the calls of
# the selftest's table and checks them against the page. The runtimes want
# cgroup v2 at /sys/fs/cgroup.
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
R=$TESTS/../containers
for rt in crun runc; do
	if ! command -v "$rt" >/dev/null; then
		# the harness installs both (scripts/deps.sh): a gap there must not pass
		echo "not ok - containers/$rt # $rt is not installed (scripts/deps.sh installs it)"
		continue
	fi
	echo "# $rt: $("$rt" --version | head -n 1)"
	while read -r profile expect; do
		run_test "containers/$rt/$profile" "$R/run.sh" "$rt" "$profile"
	done < <("$R/bundle.py" --list)
done
