#!/usr/bin/env bash
# Blobs that look almost like pointers are not pointers: checkout leaves
# them byte for byte (as git-lfs does); GIT_DVX_SKIP_SMUDGE leaves real
# pointers in place; a missing object fails the checkout (one line naming
# the file and object), or with dvx.skipdownloaderrors leaves the pointer
# with a warning.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.dat' >/dev/null
good_oid=$(printf 'a%.0s' $(seq 64))
variants=(
  "version https://git-lfs.github.com/spec/v1\noid sha256:${good_oid:0:63}\nsize 12\n"      # short oid
  "version https://git-lfs.github.com/spec/v1\noid sha256:${good_oid^^}\nsize 12\n"          # upper-case oid
  "version https://git-lfs.github.com/spec/v2\noid sha256:$good_oid\nsize 12\n"              # wrong version
  "version https://git-lfs.github.com/spec/v1\nsize 12\noid sha256:$good_oid\n"              # keys out of order
  "version https://git-lfs.github.com/spec/v1\noid sha256:$good_oid\nsize -1\n"              # negative size
  "version https://git-lfs.github.com/spec/v1\noid sha256:$good_oid\nsize 12\nx-extra y\n"   # unknown key
  "version https://git-lfs.github.com/spec/v1\r\noid sha256:$good_oid\r\nsize 12\r\n"        # CRLF
)
i=0
for v in "${variants[@]}"; do printf "$v" > "v$i.dat"; i=$((i + 1)); done
{ printf "version https://git-lfs.github.com/spec/v1\noid sha256:$good_oid\nsize 12\n"; head -c 1100 /dev/zero | tr '\0' '#'; } > long.dat
# Store the raw bytes as blobs, bypassing the clean filter (as a repository
# written without git-dvx would have them).
for f in v*.dat long.dat; do
  id=$(git hash-object -w --no-filters "$f")
  git update-index --add --cacheinfo "100644,$id,$f"
done
git add .gitattributes && git commit -qm "near-pointers"
declare -A sha
for f in v*.dat long.dat; do sha[$f]=$(sha256sum "$f" | cut -d' ' -f1); rm "$f"; done
git checkout -- .
for f in v*.dat long.dat; do assert_file_sha "$f" "${sha[$f]}" "$f checks out unchanged"; done

# A real pointer whose object is nowhere: the checkout fails, naming it.
head -c 4000 /dev/urandom > real.dat
git add real.dat && git commit -qm real
ptr=$(git cat-file -p HEAD:real.dat)
oid=$(sha256sum real.dat | cut -d' ' -f1)
rm -rf .git/dvx/objects real.dat
expect_failure git checkout -- real.dat
assert_contains "$OUT" "real.dat: object ${oid:0:12}" "the error names the file and object"
assert_eq 1 "$(grep -c 'real.dat: object' <<<"$OUT")" "one line for the file"
[ ! -e real.dat ] && pass || fail "no pointer text written behind the failure"
# dvx.skipdownloaderrors: the pointer text stays, one warning, exit 0.
git config dvx.skipdownloaderrors true
run_capture git checkout -- real.dat
git config --unset dvx.skipdownloaderrors
assert_eq 0 "$RC" "skipdownloaderrors: checkout succeeds without the object"
assert_eq "$ptr" "$(cat real.dat)" "skipdownloaderrors: the pointer is left in the worktree"
assert_contains "$OUT" "warning: real.dat: object ${oid:0:12}" "skipdownloaderrors: the warning names the file and object"
assert_eq 1 "$(grep -c 'real.dat: object' <<<"$OUT")" "skipdownloaderrors: one warning line for the file"
assert_contains "$(git dvx status)" "not materialised" "status reports the pointer-only file"

# GIT_DVX_SKIP_SMUDGE=1 leaves pointers on purpose even when the object is there.
git clone -q "$TEST_ROOT/repo" "$TEST_ROOT/clone" 2>/dev/null || true
cd "$TEST_ROOT/repo"
head -c 3000 /dev/urandom > skip.dat
git add skip.dat && git commit -qm skip
rm skip.dat
GIT_DVX_SKIP_SMUDGE=1 git checkout -- skip.dat
assert_eq "$(git cat-file -p HEAD:skip.dat)" "$(cat skip.dat)" "GIT_DVX_SKIP_SMUDGE leaves the pointer"
git checkout -- skip.dat 2>/dev/null || true
finish
