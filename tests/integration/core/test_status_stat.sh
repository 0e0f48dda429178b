#!/usr/bin/env bash
# `git dvx status` and `ls-files` trust git's index the way `git status`
# does (stat data, staged blob ids remembered in .git/dvx/blob-pointers,
# cache presence by folder listings), yet notice every change: content
# changed with size and mtime kept, mtime alone touched, a cache object
# removed, a new version staged, small data files, a damaged memo.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.bin' >/dev/null
mkdir -p d1 d2
for f in d1/a.bin d1/b.bin d2/c.bin; do head -c 3000 /dev/urandom >"$f"; done
head -c 600 /dev/urandom >d2/small.bin  # data small enough to be pointer text
git add . && git commit -qm data

# Prints "path oid worktree in_cache" per file of `git dvx status --json`.
status_rows() {
  git dvx status --json | "$PY" -c '
import json, sys
for f in json.load(sys.stdin)["files"]:
    print(f["path"], f["oid"], f["worktree"], f["in_cache"])'
}
expected_rows() {  # worktree state for every file; oids from sha256sum of the files
  local f
  for f in d1/a.bin d1/b.bin d2/c.bin d2/small.bin; do
    echo "$f $(git show ":$f" | sed -n 's/^oid sha256://p') ${state[$f]:-unchanged} ${cached[$f]:-True}"
  done
}
declare -A state=() cached=()

clean=$(git dvx status)
assert_eq "4 tracked files, all up to date and cached" "$clean" "a fresh commit is clean"
[ -s .git/dvx/blob-pointers ] && pass || fail "status remembers the staged blobs in .git/dvx/blob-pointers"
assert_eq "$clean" "$(git dvx status)" "the second run (from the memo) says the same"
for f in d1/a.bin d2/small.bin; do
  assert_eq "$(sha_of "$f")" "$(git show ":$f" | sed -n 's/^oid sha256://p')" "the staged pointer of $f has its sha256"
done
assert_eq "$(expected_rows)" "$(status_rows)" "status --json of the clean tree"

# 1. Content changed, size kept, mtime set back: only ctime tells (as git).
for f in d1/a.bin d2/small.bin; do
  touch -r "$f" "$TEST_ROOT/ref"
  "$PY" -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(100); b = f.read(1); f.seek(100); f.write(bytes([b[0] ^ 0xFF]))' "$f"
  touch -r "$TEST_ROOT/ref" "$f"
  state[$f]=modified
done
assert_contains "$(git status --porcelain)" " M d1/a.bin" "git status sees the change (oracle)"
run_capture git dvx status --exit-code
assert_eq 1 "$RC" "status --exit-code after an in-place change"
assert_contains "$OUT" "  modified   d1/a.bin" "same size, same mtime: modified"
assert_contains "$OUT" "  modified   d2/small.bin" "small data, same size, same mtime: modified"
assert_eq "$(expected_rows)" "$(status_rows)" "status --json after the in-place changes"
git checkout -- d1/a.bin d2/small.bin
state=()
assert_eq "$clean" "$(git dvx status)" "restored by git checkout: clean again"

# 2. mtime alone touched: the file is hashed, found equal, still unchanged.
touch -d '2001-02-03 04:05:06' d1/b.bin
assert_eq "$clean" "$(git dvx status)" "a touched file is unchanged"
assert_eq "$(expected_rows)" "$(status_rows)" "status --json after a touch"

# 3. A cache object removed after status has run (and remembered the pointers).
c_oid=$(sha_of d2/c.bin)
rm -f ".git/dvx/objects/${c_oid:0:2}/${c_oid:2:2}/$c_oid"
out=$(git dvx status)
assert_contains "$out" "Objects not in the local cache" "a removed object is noticed"
assert_contains "$out" "  ${c_oid:0:10}  " "the missing object is named"
assert_contains "$out" "d2/c.bin" "the missing object's file is named"
assert_contains "$(git dvx ls-files)" "$(printf '%s  %8s  -  d2/c.bin' "${c_oid:0:10}" "3.00 kB")" "ls-files marks it absent"
assert_contains "$(git dvx ls-files)" "$(printf '%s  %8s  *  d1/a.bin' "$(sha_of d1/a.bin | cut -c1-10)" "3.00 kB")" "others present"
cached[d2/c.bin]=False
assert_eq "$(expected_rows)" "$(status_rows)" "status --json without the object"

# 4. A new version staged, then committed: the new blob is read and remembered.
head -c 4000 /dev/urandom >d1/b.bin
git add d1/b.bin
new_oid=$(sha_of d1/b.bin)
assert_contains "$(status_rows)" "d1/b.bin $new_oid unchanged True" "status follows the staged version"
git commit -qm "new b"
# git may run the clean filter over d2/c.bin again while refreshing a racily
# clean index entry, which puts its object back: the file system says.
[ -f ".git/dvx/objects/${c_oid:0:2}/${c_oid:2:2}/$c_oid" ] && cached[d2/c.bin]=True
assert_contains "$(git dvx ls-files --long)" "$(printf '%s  %8s  *  d1/b.bin' "$new_oid" "4.00 kB")" "ls-files follows the commit"
assert_eq "$(expected_rows)" "$(status_rows)" "status --json after the new version"

# 5. A damaged memo is ignored and rebuilt; a wrong-sized one too.
printf 'garbage' >.git/dvx/blob-pointers
assert_eq "$(expected_rows)" "$(status_rows)" "status with a damaged memo"
head -c 8 .git/dvx/blob-pointers | grep -q DVXBLOB1 && pass || fail "the memo is rebuilt"
{ head -c 8 .git/dvx/blob-pointers; head -c 100 /dev/urandom; } >"$TEST_ROOT/memo" && mv "$TEST_ROOT/memo" .git/dvx/blob-pointers
assert_eq "$(expected_rows)" "$(status_rows)" "status with a truncated memo"
finish
