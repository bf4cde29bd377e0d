#!/bin/bash
# run.sh RUNTIME PROFILE: one container under RUNTIME (crun or runc, as
# installed) with seccomp profile PROFILE (containers/bundle.py --list),
# running secret-calls; its TAP on stdout, its exit status as ours.
# Environment: DEMO (what scripts/demo.sh built: secret-calls, the admin
# guide page secretmem.rst, podman-seccomp.json), ST (the built selftests).
set -eu
rt=$1 profile=$2
here=$(cd "$(dirname "$0")" && pwd)
work=${OCI_DIR:-/tmp/oci}
bundle=$work/bundle-$rt-$profile
mkdir -p "$work"
"$here/bundle.py" "$profile" "$rt" "$bundle" \
	--page "$DEMO/secretmem.rst" \
	--test "$ST/memfd/memfd_secret_seccomp_test" \
	--podman "$DEMO/podman-seccomp.json" \
	--program "$DEMO/secret-calls"
rc=0
"$rt" --root "$work/state-$rt" run --bundle "$bundle" "mfd-$profile" </dev/null || rc=$?
"$rt" --root "$work/state-$rt" delete -f "mfd-$profile" >/dev/null 2>&1 || true
rm -rf "$bundle"
exit $rc
