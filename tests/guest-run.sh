#!/bin/bash
# Runs inside the guest: the suites named on the command line (files in
# tests/, e.g. upstream), as TAP. ST names the built selftests.
TESTS=$(cd "$(dirname "$0")" && pwd)
. "$TESTS/tap.sh"
export ST=${ST:?ST must name the built selftests}

echo "# guest: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
echo "# huge pages: $(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages) x 2M," \
	"$(cat /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages 2>/dev/null || echo 0) x 1G"
for suite in "$@"; do
	echo "# === suite $suite"
	( . "$TESTS/$suite.sh" )
done
exit 0
