#!/bin/bash
# fetch-source.sh: Debian's $SRCPKG (linux-source-7.3 by default) as a
# tarball in $B/src/, fetched with the machine's own apt from the Debian
# mirror its apt configuration names, without changing that configuration:
# a private sources list, lists and cache under $B/apt, then apt-get
# download and dpkg -x. Prints "TARBALL VERSION" on stdout, all else on
# stderr.
#
# SRCSUITE (default trixie-backports) is the suite asked; the archive keeps
# only the newest version of a package in a suite.
. "$(dirname "$0")/lib.sh"
# Progress on stderr, the result alone on stdout.
exec 3>&1 1>&2

suite=${SRCSUITE:-trixie-backports}
A=$B/apt
mkdir -p "$A/sources" "$A/lists/partial" "$A/cache/archives/partial" "$B/src"
: >>"$A/status"

mirror=$(debian_mirror)
[ -n "$mirror" ] || die "no Debian archive in this machine's apt configuration (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list);
  unpack a tree yourself and use KSRC=/path/to/linux"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
	"$mirror" "$suite" "$keyring" >"$A/sources/debian.sources"
opts=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$A/sources"
      -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache"
      -o "Dir::State::status=$A/status" -o Acquire::Languages=none
      -o APT::Sandbox::User=root -qq)

phase "fetch: $SRCPKG from Debian's $suite (private apt state in $A)"
apt-get "${opts[@]}" update >"$A/update.log" 2>&1 || {
	tail -n 10 "$A/update.log" >&2
	die "apt-get update of $suite failed (log: $A/update.log)"
}
# the newest version the suite has, compared as dpkg compares them
ver=
for v in $(apt-cache "${opts[@]}" show "$SRCPKG" 2>/dev/null | sed -n "s/^Version: //p" || true); do
	if [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; then
		ver=$v
	fi
done
[ -n "$ver" ] || die "$SRCPKG is not in Debian's $suite any more (the suite moved on?).
  Point the harness at another source package or suite (SRCPKG=linux-source-X.Y SRCSUITE=...),
  or at your own tree (KSRC=/path/to/linux KBASE=<commit>)"
deb=$B/src/${SRCPKG}_${ver//:/%3a}_all.deb
tarball=$B/src/$SRCPKG-$ver/usr/src/$SRCPKG.tar.xz
if [ ! -f "$tarball" ]; then
	need_disk 2 "fetching $SRCPKG"
	(cd "$B/src" && apt-get "${opts[@]}" download "$SRCPKG=$ver") >"$A/download.log" 2>&1 || {
		tail -n 10 "$A/download.log" >&2
		die "apt-get download $SRCPKG=$ver failed (log: $A/download.log)"
	}
	rm -rf "$B/src/$SRCPKG-$ver"
	dpkg -x "$deb" "$B/src/$SRCPKG-$ver" || die "dpkg -x $deb failed"
	rm -f "$deb"
	[ -f "$tarball" ] || die "$deb holds no $SRCPKG.tar.xz"
fi
info "$SRCPKG $ver"
echo "$tarball $ver" >&3
