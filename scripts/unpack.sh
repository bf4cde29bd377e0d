#!/bin/bash
# Unpack Debian's linux-source-$BASE into a git tree whose first commit is
# the pristine source. A user's own tree (KSRC=...) is left as it is.
. "$(dirname "$0")/lib.sh"

PKG=$SRCPKG
if [ "$KSRC" != "$B/linux" ]; then
	phase "unpack: using your kernel tree $KSRC"
	git -C "$KSRC" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KSRC=$KSRC is not a git tree"
	[ -f "$KSRC/Makefile" ] || die "KSRC=$KSRC has no kernel Makefile"
	if ! git -C "$KSRC" rev-parse -q --verify $BASE_REF >/dev/null; then
		base=$(git -C "$KSRC" rev-parse "${KBASE:-HEAD}") ||
			die "KBASE=${KBASE:-HEAD} is not a commit in $KSRC"
		git -C "$KSRC" update-ref $BASE_REF "$base"
		info "the series will be applied on ${KBASE:-HEAD} ($base)"
	fi
	exit 0
fi

# The package as installed (apt-get install, where a suite the machine
# uses has it), or else fetched into $B/src from the suite that has it
# (fetch-source.sh).
if ver=$(dpkg-query -W -f='${Version}' $PKG 2>/dev/null) && [ -n "$ver" ] &&
   [ -f /usr/src/$PKG.tar.xz ]; then
	TARBALL=/usr/src/$PKG.tar.xz
else
	read -r TARBALL ver < <("$TOP/scripts/fetch-source.sh") || true
	[ -f "${TARBALL:-}" ] || die "cannot fetch $PKG (see above)"
fi
phase "unpack: Debian $PKG $ver"
# The version the series was made on, as its cover letter says it.
made=$(sed -n "s/.*linux-source-$BASE, \([^ (]*\).*/\1/p" "$PATCHES/0000-cover-letter.patch" 2>/dev/null |
	head -n 1 || true)
if [ -n "$made" ] && [ "$made" != "$ver" ]; then
	warn "the series was made on $PKG $made; Debian now has $ver, which is used.
  If a patch no longer applies, apply names it."
fi

subject="Linux $PKG $ver (Debian, pristine)"
if [ -d "$KSRC/.git" ] &&
   [ "$(git -C "$KSRC" log -1 --format=%s $BASE_REF 2>/dev/null)" = "$subject" ]; then
	info "$KSRC already holds it"
	exit 0
fi

rm -rf "$KSRC" "$KSRC.tmp"
# the tree and its git objects, two kernel builds and their selftests
need_disk 12 "unpacking and building the kernel"
mkdir -p "$KSRC.tmp"
info "extracting $TARBALL"
tar -xf "$TARBALL" -C "$KSRC.tmp" --strip-components=1 ||
	die "cannot extract $TARBALL (disk full?)"
cd "$KSRC.tmp"
info "making the base commit"
git init -q -b $SERIES_BRANCH
# Debian's tarball ignores everything at its top level: add by force.
git add -A -f .
# Fixed identity and dates: the same package gives the same base commit,
# so the base-commit: trailer of an exported series is stable.
GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
	git commit -q --no-verify -m "$subject"
git update-ref $BASE_REF HEAD
cd "$TOP"
mv "$KSRC.tmp" "$KSRC"
info "base commit $(git -C "$KSRC" rev-parse --short HEAD): $subject"
