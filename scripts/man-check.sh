#!/bin/bash
# man-check.sh [--show]: apply man/memfd_create.2.patch to the page Debian's
# manpages-dev ships, render it with man(1), warnings fatal, and check that
# MFD_SECRET and its errors are in the text. --show pages the result.
. "$(dirname "$0")/lib.sh"

page=/usr/share/man/man2/memfd_create.2.gz
[ -f "$page" ] || die "$page is missing (manpages-dev)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zcat "$page" >"$tmp/memfd_create.2"
(cd "$tmp" && git apply "$TOP/man/memfd_create.2.patch") ||
	die "man/memfd_create.2.patch does not apply to $page ($(dpkg-query -W -f='${Version}' manpages-dev))"
if [ "${1:-}" = --show ]; then
	man -l "$tmp/memfd_create.2"
	exit 0
fi
MANWIDTH=80 man --warnings -E UTF-8 -l "$tmp/memfd_create.2" >"$tmp/out" 2>"$tmp/warn"
if [ -s "$tmp/warn" ]; then
	cat "$tmp/warn" >&2
	die "groff warns on the patched memfd_create(2)"
fi
for want in 'MFD_SECRET (patched kernels' 'EOPNOTSUPP' 'memfd_secret(2)'; do
	grep -qF "$want" "$tmp/out" || die "the rendered page lacks '$want'"
done
info "memfd_create(2) with MFD_SECRET renders cleanly ($(wc -l <"$tmp/out") lines)"
