#!/usr/bin/env bash
# fsck hashes only the cache objects written since their last check
# (<cache>/verified records size, mtime, ctime, inode), on all cores;
# --full hashes everything. An object changed in place, size and mtime
# kept, is caught by its ctime; bit rot that leaves the stat data alone is
# caught by --full only.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.bin' >/dev/null
for f in a b c; do head -c 20000 /dev/urandom >"$f.bin"; done
git add . && git commit -qm data
obj() { local oid; oid=$(sha_of "$1"); echo ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid"; }
a_obj=$(obj a.bin) b_obj=$(obj b.bin)
counts() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["ok"], d["objects_checked"], d["objects_hashed"])'; }
flip_byte() {  # FILE: one byte inverted in place, size and mtime kept
  touch -r "$1" "$TEST_ROOT/ref"
  chmod u+w "$1"
  "$PY" -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(500); b = f.read(1); f.seek(500); f.write(bytes([b[0] ^ 0xFF]))' "$1"
  chmod a-w "$1"
  touch -r "$TEST_ROOT/ref" "$1"
}

assert_eq "True 3 3" "$(git dvx fsck --json | counts)" "the first fsck hashes every object"
[ -s .git/dvx/objects/verified ] && pass || fail "fsck records what it verified"
assert_eq "True 3 0" "$(git dvx fsck --json | counts)" "the second hashes none: nothing was written since"
assert_eq "ok: 3 objects verified, every pointer has its object" "$(git dvx fsck)" "the text output is unchanged"
assert_eq "True 3 3" "$(git dvx fsck --full --json | counts)" "--full hashes every object"

# Changed in place, size and mtime kept: the ctime differs, so it is hashed.
flip_byte "$a_obj"
assert_eq "20000" "$(stat -c %s "$a_obj")" "the size is kept"
expect_failure git dvx fsck --dry-run
assert_contains "$OUT" "corrupt object: $PWD/$a_obj (content hashes to $(sha256sum "$a_obj" | cut -d' ' -f1))" \
  "fsck without --full finds the object changed in place"
assert_eq "False 3 1" "$( (git dvx fsck --dry-run --json 2>/dev/null || true) | counts)" "only the changed object was hashed"

# Bit rot: the content changes, the stat data the record holds do not
# (simulated by recording the rotten object's new stat data).
flip_byte "$b_obj"
"$PY" - "$b_obj" <<'PY'
import os, struct, sys
path = sys.argv[1]; oid = bytes.fromhex(os.path.basename(path)); st = os.lstat(path)
rec = bytearray(open(".git/dvx/objects/verified", "rb").read())
for at in range(8, len(rec), 64):
    if rec[at:at + 32] == oid:
        rec[at + 32:at + 64] = struct.pack("<QQQQ", st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        break
else:
    sys.exit("b.bin's object is not in the record")
open(".git/dvx/objects/verified", "wb").write(rec)
PY
expect_failure git dvx fsck --dry-run
assert_not_contains "$OUT" "$b_obj" "without --full, an object whose stat data did not change is trusted"
expect_failure git dvx fsck --full --dry-run
assert_contains "$OUT" "corrupt object: $PWD/$b_obj" "--full finds the rotten object"
assert_contains "$OUT" "corrupt object: $PWD/$a_obj" "--full finds the changed object"
expect_failure git dvx fsck --full
assert_contains "$OUT" "moved to $PWD/.git/dvx/bad/$(basename "$b_obj")" "the rotten object is moved aside"
[ -f "$b_obj" ] && fail "the rotten object left the cache" || pass
finish
