#!/usr/bin/env bash
# add/commit/delete/checkout of tracked files of every awkward kind restores
# identical bytes, and the blobs git stores are the pointers git-lfs writes.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.bin' 'data/**' >/dev/null
mkdir -p data/nested/deeper
: > empty.bin
printf 'x' > one.bin
head -c 1023 /dev/urandom > 1023.bin
head -c 1024 /dev/urandom > 1024.bin
head -c $((100 * 1024 * 1024)) /dev/urandom > big.bin
echo "spaces" > "data/with space.csv"
echo "unicode" > "data/naïve-日本.csv"
printf '#!/bin/sh\necho hi\n' > data/run.bin && chmod +x data/run.bin
head -c 5000 /dev/urandom > data/nested/deeper/model.bin
files=(empty.bin one.bin 1023.bin 1024.bin big.bin "data/with space.csv" "data/naïve-日本.csv" data/run.bin
  data/nested/deeper/model.bin)
declare -A sha
for f in "${files[@]}"; do sha[$f]=$(sha256sum "$f" | cut -d' ' -f1); done

git add .gitattributes "${files[@]}"
git commit -qm "add data"

for f in "${files[@]}"; do
  blob=$(git cat-file -p "HEAD:$f" | od -An -c | tr -s ' ')
  oracle=$(git lfs pointer --file="$f" 2>/dev/null | od -An -c | tr -s ' ')
  if [ "$f" = empty.bin ]; then
    assert_eq 0 "$(git cat-file -s "HEAD:$f")" "the empty file stays an empty blob"
  else
    assert_eq "$oracle" "$blob" "pointer blob of $f equals git lfs pointer --file"
  fi
done
assert_eq 100755 "$(git ls-tree HEAD data/run.bin | cut -d' ' -f1)" "executable bit kept on the pointer blob"

# Objects sit in the LFS-style fan-out, read-only.
oid=${sha[big.bin]}
obj=".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid"
assert_file_sha "$obj" "$oid" "cache object named by its hash"
assert_eq "444" "$(stat -c %a "$obj")" "cache objects are read-only"

rm -f "${files[@]}"
git checkout -- .
for f in "${files[@]}"; do assert_file_sha "$f" "${sha[$f]}" "checkout restores $f"; done
[ -x data/run.bin ] && pass || fail "executable bit restored"
assert_eq "" "$(git status --porcelain)" "worktree clean after checkout"

# Editing a materialised file must not touch the cache (no hardlinks).
echo "edit" >> data/nested/deeper/model.bin
assert_file_sha ".git/dvx/objects/${sha[data/nested/deeper/model.bin]:0:2}/${sha[data/nested/deeper/model.bin]:2:2}/${sha[data/nested/deeper/model.bin]}" \
  "${sha[data/nested/deeper/model.bin]}" "editing the worktree file leaves the cache object intact"
finish
