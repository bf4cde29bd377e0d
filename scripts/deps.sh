#!/bin/bash
# Install the Debian packages the harness needs, only those missing.
. "$(dirname "$0")/lib.sh"

PKGS=(
	# kernel build (the source: below)
	ccache flex bison bc libelf-dev libssl-dev cpio xz-utils rsync
	# checkpatch (spdxcheck.py)
	python3-ply python3-git
	# documentation checks (docutils; the kernel's make htmldocs)
	python3-docutils python3-sphinx python3-yaml
	# the man page patch (man-check.sh)
	manpages-dev man-db groff-base
	# the guest
	qemu-system-x86
	# libraries and tools of the selftests
	libcap-dev libfuse-dev fuse libseccomp-dev pkgconf
	# gup_longterm's io_uring cases
	liburing-dev
	# the benchmark's chart (bench.sh)
	gnuplot-nox
	# container runtimes and the containers' root file system (runtimes.sh)
	crun runc busybox-static
)

phase "deps: checking ${#PKGS[@]} Debian packages"
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	info "all present"
	exit 0
fi

info "missing: ${missing[*]}"
[ "$(id -u)" -eq 0 ] || die "installing packages needs root: apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || die "apt-get update failed"
for p in "${missing[@]}"; do
	apt-cache show "$p" >/dev/null 2>&1 ||
		die "package $p is not in the configured Debian archive"
done
apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$B/apt.log" 2>&1 || {
	tail -n 20 "$B/apt.log" >&2
	die "apt-get install ${missing[*]} failed (log: $B/apt.log)"
}
info "installed: ${missing[*]}"
