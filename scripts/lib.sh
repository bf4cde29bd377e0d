# Shared helpers for the harness scripts; sourced, never run.
# Paths: TOP is the repository, B the build directory, KSRC the kernel git tree.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${B:-$TOP/build}
KSRC=${KSRC:-$B/linux}
mkdir -p "$B"
ARCH=x86_64
export ARCH

# The ref the series is applied on, in any tree (ours or the user's KSRC).
BASE_REF=refs/mfd-secret/base
SERIES_BRANCH=mfd-secret

# The Debian kernel the series is made on: linux-source-$BASE, fetched from
# the trixie-backports suite (fetch-source.sh, without touching the
# machine's apt configuration). The series for Linux 6.12 is in this
# repository's history (README.md).
BASE=${BASE:-7.3}
SRCPKG=${SRCPKG:-linux-source-$BASE}
PATCHES=${PATCHES:-$TOP/patches}
export BASE SRCPKG PATCHES

# harness_git_identity DIR: the commits the harness makes in its own tree
# (git am's committer) need an identity. Where git has none configured
# for DIR (a new machine), give this process one through git's own
# environment variables; nothing is written to any git configuration, and
# a configured identity, the user's, is always the one used.
harness_git_identity() {
	git -C "$1" var GIT_COMMITTER_IDENT >/dev/null 2>&1 && return 0
	export GIT_COMMITTER_NAME="mfd-secret harness"
	export GIT_COMMITTER_EMAIL="mfd-secret-harness@localhost"
	info "no git identity configured: committing as $GIT_COMMITTER_NAME <$GIT_COMMITTER_EMAIL>"
}

# debian_mirror: the URI of the Debian archive that this machine's apt
# configuration names (deb822 .sources first, then sources.list), or
# nothing. Read at run time, so that no mirror's host is in any file.
debian_mirror() {
	local f
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk '/^URIs:/ {u = $2}
			     /^Suites:/ && /[ \t](bookworm|trixie|forky|sid)( |$)/ && u {print u; exit}' "$f"
		done
		if [ -f /etc/apt/sources.list ]; then
			sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) \(bookworm\|trixie\|forky\|sid\)[ -].*/\2/p' \
				/etc/apt/sources.list
		fi
	} | head -n 1
	return 0
}

phase() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The patch files of the series, cover letter excluded, in order; only the
# first $UPTO of them when UPTO is set (UPTO=0: the base kernel alone).
series_patches() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' 2>/dev/null | LC_ALL=C sort | head -n "${UPTO:--0}"
}

# make for the kernel tree, with ccache when it is there. Paths under $B
# are hashed relative to it, so a fresh clone elsewhere hits the cache.
export CCACHE_BASEDIR=$B CCACHE_NOHASHDIR=1
kmake() {
	local cc=gcc
	command -v ccache >/dev/null && cc="ccache gcc"
	make -C "$KSRC" ARCH=$ARCH CC="$cc" HOSTCC="$cc" "$@"
}

# need_disk GIB WHAT: fail early, with a clear message, when the file
# system of $B has less than GIB GiB free.
need_disk() {
	local free
	free=$(df -Pk "$B" | awk 'NR == 2 {print int($4 / 1048576)}')
	[ "$free" -ge "$1" ] ||
		die "$2 needs about $1 GiB free in $B, there are $free GiB"
}

# base_tree: a worktree of $KSRC at the base commit, $B/pristine/linux,
# made when missing (the pristine kernel of baseline.sh, the base docs of
# htmldocs-check.sh); prints its path.
base_tree() {
	local t=$B/pristine/linux
	if [ ! -d "$t" ]; then
		mkdir -p "$B/pristine"
		git -C "$KSRC" worktree prune
		git -C "$KSRC" worktree add -q --detach "$t" $BASE_REF >&2 ||
			die "cannot make a worktree of the base commit in $t"
	fi
	[ "$(git -C "$t" rev-parse HEAD)" = "$(git -C "$KSRC" rev-parse $BASE_REF)" ] ||
		git -C "$t" checkout -q --detach $BASE_REF
	echo "$t"
}
