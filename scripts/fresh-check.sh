#!/bin/bash
# fresh-check.sh [COMMAND]: run a README command the way a new machine does.
#
# A Debian 12 root made by debootstrap with only what a new machine of this
# project has (minbase, gcc, libc6-dev, make, perl, python3, git; no git
# identity, no ccache, no packages of the harness), kept in $FRESH_DIR/root
# and reused while its package list is the same. Each run copies it, clones
# this repository's committed HEAD into the copy and runs COMMAND there as CI
# runs .ci/run: CI=true, no standard input, an empty environment but PATH,
# HOME and LANG. Default COMMAND: make -f Makefile.patches check.
#
# Prints the log's closing lines and what the log shows the machine lacked
# (commands not found, missing files or identity); exits with COMMAND's
# status, 124 at the time limit.
#
# FRESH_DIR (default $B/fresh), FRESH_TIMEOUT (seconds, default 7200: with a
# cold ccache the test command takes longer than a CI run). Needs root.
. "$(dirname "$0")/lib.sh"

cmd=${1:-make -f Makefile.patches check}
dir=${FRESH_DIR:-$B/fresh}
root=$dir/root
run=$dir/run
log=$dir/run.log
pkgs=ca-certificates,gcc,libc6-dev,make,perl,python3,git

[ "$(id -u)" -eq 0 ] || die "fresh-check needs root (debootstrap, chroot, mounts)"
git -C "$TOP" diff --quiet HEAD -- 2>/dev/null ||
	warn "uncommitted changes are not part of the check: it clones HEAD"

undo_mounts() {
	local p m
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$run" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	sleep 1
	for m in dev sys proc; do
		mountpoint -q "$run/$m" && umount -R -l "$run/$m"
	done
	return 0
}

phase "fresh-check: a new Debian 12 machine in $dir"
mkdir -p "$dir"
if [ "$(cat "$root/.fresh-check" 2>/dev/null)" != "$pkgs" ]; then
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || die "no Debian mirror in this machine's apt configuration"
	command -v debootstrap >/dev/null || {
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
	} || die "cannot install debootstrap"
	need_disk 4 "a Debian root"
	info "debootstrap (once; log: $dir/debootstrap.log)"
	rm -rf "$root"
	debootstrap --variant=minbase --include="$pkgs" bookworm "$root" "$mirror" \
		>"$dir/debootstrap.log" 2>&1 || {
		tail -n 20 "$dir/debootstrap.log" >&2
		die "debootstrap failed"
	}
	# The same archive as this machine: its sources and apt settings.
	rm -f "$root/etc/apt/sources.list"
	cp /etc/apt/sources.list "$root/etc/apt/" 2>/dev/null || true
	cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
		"$root/etc/apt/sources.list.d/" 2>/dev/null || true
	cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
	echo "$pkgs" >"$root/.fresh-check"
fi

[ -d "$run" ] && undo_mounts
rm -rf "$run"
need_disk 30 "a fresh root with a kernel tree and its builds"
cp -a "$root" "$run"
git clone -q "$TOP" "$run/project"
# The repository's sibling shared/ (as CI has it), where there is one.
[ -d "$TOP/../shared" ] && cp -a "$TOP/../shared" "$run/shared"
cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true
trap undo_mounts EXIT
mount --bind /proc "$run/proc"
mount --bind /sys "$run/sys"
mount --rbind /dev "$run/dev" && mount --make-rslave "$run/dev"

info "running '$cmd' at $(git -C "$TOP" log -1 --format='%h %s')"
info "log: $log"
start=$(date +%s)
set +e
timeout -k 30 "${FRESH_TIMEOUT:-7200}" env -i \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
	chroot "$run" /bin/bash -c "cd /project && $cmd" </dev/null >"$log" 2>&1
rc=$?
set -e
secs=$(($(date +%s) - start))

phase "fresh-check: result"
tail -n 8 "$log" | sed 's/^/    /'
lacks=$(grep -E 'command not found|: not found$|No such file or directory|identity unknown|cannot find -l|fatal error: .*\.h: No such file' "$log" |
	sort | uniq -c | sort -rn | head -n 15 || true)
if [ -n "$lacks" ]; then
	info "what the log shows missing (look before trusting a pass):"
	printf '%s\n' "$lacks" | sed 's/^/      /'
fi
[ $rc = 124 ] && warn "stopped at the time limit (FRESH_TIMEOUT=${FRESH_TIMEOUT:-7200})"
closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
info "closing line: ${closing:-none}"
info "exit status $rc after $((secs / 60)) min $((secs % 60)) s"
exit $rc
