#!/bin/bash
# Apply patches/ with git am on the base, on branch mfd-secret. Nothing is
# redone when the tree already holds exactly this series; commits made in
# the tree since then are never thrown away unless FORCE=1.
. "$(dirname "$0")/lib.sh"

cd "$KSRC"
gitdir=$(git rev-parse --absolute-git-dir)
stamp=$gitdir/mfd-secret-applied
mapfile -t patches < <(series_patches)
hash=$(cat /dev/null "${patches[@]}" | sha1sum | cut -c1-12)
head=$(git rev-parse HEAD)

phase "apply: ${#patches[@]} patches on $(git log -1 --format='%h %s' $BASE_REF)"
if [ -f "$stamp" ]; then
	read -r shash shead <"$stamp"
	if [ "$shash" = "$hash" ] && [ "$shead" = "$head" ]; then
		info "already applied (HEAD $(git rev-parse --short HEAD))"
		exit 0
	fi
	if [ "$shead" != "$head" ] && [ "${FORCE:-0}" != 1 ]; then
		die "$KSRC has moved since the series was applied (HEAD ${head:0:12}, applied ${shead:0:12}).
Save your work with 'make -f Makefile.patches export', or discard it with FORCE=1."
	fi
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	git status --short --untracked-files=no | head -n 20 >&2
	die "$KSRC has uncommitted changes: commit and export them, or FORCE=1 to discard them"
fi

git am --abort >/dev/null 2>&1 || true
git checkout -q -f -B $SERIES_BRANCH $BASE_REF
harness_git_identity .
for p in "${patches[@]}"; do
	if ! out=$(git am -q --3way "$p" 2>&1); then
		git am --abort >/dev/null 2>&1 || true
		files=$(git apply --numstat "$p" 2>/dev/null | cut -f3 | tr '\n' ' ' || true)
		# Say why, in git's words: an identity or a corrupt patch is not a conflict.
		case $out in
		*"identity unknown"* | *"unable to auto-detect email"* | *"empty ident name"*)
			why="git has no committer identity (set user.name and user.email, or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" ;;
		*"corrupt patch"* | *"Patch format detection failed"* | *"patch fragment without header"* | *"does not have a valid"*)
			why="it is not a valid patch (corrupt or truncated)" ;;
		*"CONFLICT"* | *"patch does not apply"* | *"Patch failed"* | *"sha1 information is lacking"*)
			why="it does not apply (conflict) on $(git log -1 --format=%s $BASE_REF)" ;;
		*)
			why="git am failed" ;;
		esac
		printf '%s\n' "$out" | grep -Ev '^(hint:|When you have resolved|If you prefer to skip|To restore the original)' |
			head -n 20 | sed 's/^/    git: /' >&2
		die "patch $(basename "$p"): $why${files:+
  (it changes: $files)}"
	fi
	info "applied $(basename "$p")"
done

# Debian's tarball ignores every top-level path; hide that rule locally so
# that new files in the series show up in git status and can be added.
if git cat-file -e HEAD:.gitignore 2>/dev/null && grep -qx '/\*' .gitignore; then
	git update-index --skip-worktree .gitignore
	sed -i '/^\/\*$/d;/^!\/debian\/$/d' .gitignore
fi
echo "$hash $(git rev-parse HEAD)" >"$stamp"
info "HEAD $(git log -1 --format='%h %s')"
