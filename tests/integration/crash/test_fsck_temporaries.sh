#!/usr/bin/env bash
# fsck reports what killed processes leave: partial downloads in the cache,
# partial objects in a directory store, temporaries in .git/dvx/tmp, each with
# its size; --repair removes the stale ones (older than an hour, writer gone)
# and never a young one or one whose writer is alive. And a pointer whose
# size is wrong is named as such by checkout and by fsck.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../remote/lib_remote.sh"

STORE="$TEST_ROOT/store"
new_repo "$TEST_ROOT/work"
git dvx track '*.bin' >/dev/null
git dvx remote add --default store "$STORE" >/dev/null
random_file data.bin 100000 1
oid=$(sha_of data.bin)
git add -A && git commit -qm data
git dvx push >/dev/null

sleep 0 & gone=$!  # a pid whose process has exited
wait "$gone"
old() { touch -d '2 hours ago' "$1"; }
dir=".git/dvx/objects/${oid:0:2}/${oid:2:2}"
head -c 104857 /dev/zero > "$dir/.${oid:0:16}.$gone.0.download" && old "$dir/.${oid:0:16}.$gone.0.download"
head -c 2000 /dev/zero > "$dir/.${oid:0:16}.$gone.1.download"                       # young
head -c 3000 /dev/zero > "$dir/.${oid:0:16}.$$.2.download" && old "$dir/.${oid:0:16}.$$.2.download"  # writer alive
sdir="$STORE/${oid:0:2}/${oid:2:2}"
head -c 50000 /dev/zero > "$sdir/.dvx-$oid.$gone.0.ab12.tmp" && old "$sdir/.dvx-$oid.$gone.0.ab12.tmp"
mkdir -p .git/dvx/tmp
head -c 700 /dev/zero > ".git/dvx/tmp/.dvx-data.bin.$gone.0.cd34.tmp" && old ".git/dvx/tmp/.dvx-data.bin.$gone.0.cd34.tmp"

expect_failure git dvx fsck
assert_contains "$OUT" "stale temporary file: $PWD/$dir/.${oid:0:16}.$gone.0.download (105 kB, 120 min old)" \
  "fsck reports a partial download with its size"
assert_contains "$OUT" "stale temporary file: $sdir/.dvx-$oid.$gone.0.ab12.tmp (50.0 kB" "and a partial store object"
assert_contains "$OUT" "stale temporary file: $PWD/.git/dvx/tmp/.dvx-data.bin.$gone.0.cd34.tmp (700 B" \
  "and a worktree temporary"
assert_contains "$OUT" "note: temporary file $PWD/$dir/.${oid:0:16}.$gone.1.download (2.00 kB, 0 min old) is recent" \
  "a young temporary is only noted"
assert_contains "$OUT" "fsck found 3 problems" "three stale temporaries are problems"

run_capture git dvx fsck --repair
assert_eq 0 "$RC" "fsck --repair fixes every problem"
assert_contains "$OUT" "removed stale temporary file: $sdir/.dvx-$oid.$gone.0.ab12.tmp" "repair names what it removed"
left=$( (find .git/dvx -name '.*.download' -o -name '.dvx-*'; find "$STORE" -name '.dvx-*') | sort)
assert_eq "$PWD/$dir/.${oid:0:16}.$$.2.download" "$PWD/$(echo "$left" | grep "$$.2.download")" "the live writer's file stays"
assert_eq 2 "$(echo "$left" | wc -l)" "only the young and the live one are left"
assert_eq "$(sha_of "$STORE/${oid:0:2}/${oid:2:2}/$oid")" "$oid" "the store object is untouched"
assert_eq "$(sha_of "$dir/$oid")" "$oid" "the cache object is untouched"

# --- A pointer whose size is wrong (its oid is cached and sound).
size=$(stat -c %s data.bin)
blob=$(printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %s\n' "$oid" $((size + 5)) |
  git hash-object -w --stdin)
git update-index --add --cacheinfo "100644,$blob,wrong.bin"
git commit -qm "hand-made pointer"
run_capture git checkout -- wrong.bin
assert_contains "$OUT" "wrong.bin: the pointer says object $oid has $((size + 5)) bytes, but the object (whose content matches its oid) has $size" \
  "checkout names the file, the oid and both sizes"
assert_not_contains "$OUT" "is corrupt" "the cache is not blamed"
expect_failure git dvx fsck
assert_contains "$OUT" "wrong pointer size: wrong.bin (HEAD) says $((size + 5)) bytes, but object $oid has $size bytes" \
  "fsck reports the pointer"
finish
