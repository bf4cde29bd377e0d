#!/bin/bash
# htmldocs-check.sh: the admin guide's mm pages, the directory the series
# adds to, built with the kernel's own documentation tooling (make htmldocs
# SPHINXDIRS=admin-guide/mm, Sphinx from Debian) on the base tree and on
# the patched one. Fails on a warning or error the base build does not
# have; the base's own (references to labels outside the directory) are
# counted, not fatal.
. "$(dirname "$0")/lib.sh"

command -v sphinx-build >/dev/null || die "sphinx-build is missing (make -f Makefile.patches deps)"
dir=admin-guide/mm
# warnings TREE NAME: the build's warnings and errors, without the tree's
# path; the output in $B/htmldocs-NAME
warnings() {
	local out=$B/htmldocs-$2
	# from nothing: Sphinx warns only about the pages it rebuilds
	rm -rf "$out"
	make -C "$1" O="$out" htmldocs SPHINXDIRS=$dir >"$out.log" 2>&1 ||
		{ tail -n 20 "$out.log" >&2; die "make htmldocs SPHINXDIRS=$dir failed in $1 (log: $out.log)"; }
	sed -nE "/WARNING|ERROR|CRITICAL/ { /dot\(1\) not found/d; s|$1/||g; p }" "$out.log" |
		LC_ALL=C sort -u
}
base=$(base_tree)
old=$(warnings "$base" base)
new=$(warnings "$KSRC" series)
added=$(LC_ALL=C comm -13 <(printf '%s\n' "$old") <(printf '%s\n' "$new") | sed '/^$/d')
page=$(find "$B/htmldocs-series" -name secretmem.html | head -n 1)
if [ -n "$added" ]; then
	printf '%s\n' "$added" >&2
	die "make htmldocs SPHINXDIRS=$dir: $(printf '%s\n' "$added" | wc -l) warnings the base tree does not have"
fi
[ -n "$page" ] || [ ! -f "$KSRC/Documentation/$dir/secretmem.rst" ] ||
	die "make htmldocs SPHINXDIRS=$dir made no secretmem.html"
info "make htmldocs SPHINXDIRS=$dir: no new warning ($(printf '%s\n' "$old" | sed '/^$/d' | wc -l) in the base tree, outside the series' pages)${page:+; ${page#"$B"/}}"
