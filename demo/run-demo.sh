#!/bin/sh
# Runs in the guest: the demo programs built into $1, and the seccomp
# policies of the selftests built into $2.
D=${1:?usage: run-demo.sh DEMO_DIR SELFTESTS_DIR}
ST=${2:?usage: run-demo.sh DEMO_DIR SELFTESTS_DIR}
"$D/memfd-flags" || exit 1
echo
"$D/mfd-secret-demo" || exit 1
echo
echo "seccomp: what each policy of the selftest lets through"
"$ST/memfd/memfd_secret_seccomp_test" --show
