#!/bin/bash
# Regenerate patches/ from the commits on the series branch, the same
# commits giving the same files: zero commit ids, no signature, and the
# cover letter's subject, text and date carried over from the old one.
. "$(dirname "$0")/lib.sh"

cd "$KSRC"
[ "$(git symbolic-ref -q --short HEAD)" = "$SERIES_BRANCH" ] ||
	die "$KSRC is not on branch $SERIES_BRANCH"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$KSRC has uncommitted changes: commit them first"
count=$(git rev-list --count $BASE_REF..HEAD)
phase "export: $count commits of $KSRC to patches/"

P=$PATCHES
mkdir -p "$P"
old_cover=$(mktemp)
trap 'rm -f "$old_cover"' EXIT
cp "$P/0000-cover-letter.patch" "$old_cover" 2>/dev/null || : >"$old_cover"
rm -f "$P"/[0-9][0-9][0-9][0-9]-*.patch
[ "$count" -gt 0 ] || { info "no commits: patches/ is empty"; exit 0; }

# The 7.3 series is the second version sent; the 6.12 one was the first.
prefix="PATCH v2"
git format-patch -q -o "$P" --cover-letter --zero-commit --no-signature \
	--subject-prefix="$prefix" --base="$(git rev-parse $BASE_REF)" $BASE_REF..HEAD
python3 "$TOP/scripts/cover-letter.py" "$old_cover" "$P/0000-cover-letter.patch" \
	"$(git log -1 --format=%aD HEAD)"

mapfile -t patches < <(series_patches)
hash=$(cat /dev/null "${patches[@]}" | sha1sum | cut -c1-12)
echo "$hash $(git rev-parse HEAD)" >"$(git rev-parse --absolute-git-dir)/mfd-secret-applied"
ls "$P" | sed 's/^/    /'
git -C "$TOP" status --short -- patches | sed 's/^/    /'
