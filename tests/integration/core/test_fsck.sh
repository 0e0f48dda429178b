#!/usr/bin/env bash
# fsck re-hashes the cache and checks every pointer; a corrupt object is
# reported by name and never copied into the worktree.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.bin' >/dev/null
head -c 50000 /dev/urandom > good.bin
head -c 60000 /dev/urandom > bad.bin
head -c 70000 /dev/urandom > gone.bin
git add . && git commit -qm data
out=$(git dvx fsck)
assert_contains "$out" "ok: 3 objects verified" "fsck of a healthy cache"

bad_oid=$(sha256sum bad.bin | cut -d' ' -f1)
gone_oid=$(sha256sum gone.bin | cut -d' ' -f1)
bad_obj=".git/dvx/objects/${bad_oid:0:2}/${bad_oid:2:2}/$bad_oid"
chmod u+w "$bad_obj" && printf 'X' | dd of="$bad_obj" bs=1 seek=100 conv=notrunc 2>/dev/null
rm -f ".git/dvx/objects/${gone_oid:0:2}/${gone_oid:2:2}/$gone_oid"

# Checkout with the corrupt object: the file is not written with bad bytes.
rm bad.bin
run_capture git checkout -- bad.bin
assert_contains "$OUT" "bad.bin" "the failure names the file"
assert_contains "$OUT" "corrupt" "the failure says the object is corrupt"
if [ -f bad.bin ]; then
  assert_eq "" "$(cmp -s bad.bin "$bad_obj" && echo copied)" "corrupt bytes never reach the worktree"
else
  pass
fi

expect_failure git dvx fsck --dry-run
assert_contains "$OUT" "corrupt object: $PWD/$bad_obj" "dry run names the corrupt object"
assert_contains "$OUT" "missing object: gone.bin ($gone_oid" "names the pointer without an object"
[ -f "$bad_obj" ] && pass || fail "--dry-run leaves the object"
expect_failure git dvx fsck
assert_contains "$OUT" "moved to" "fsck moves the corrupt object aside"
[ -f ".git/dvx/bad/$bad_oid" ] && pass || fail "corrupt object kept in .git/dvx/bad"
assert_contains "$OUT" "missing object: bad.bin" "after moving it aside, bad.bin's object is missing"
finish
