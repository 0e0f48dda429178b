#!/usr/bin/env bash
# The sync flow with a local-directory store: `git push` uploads through the
# pre-push hook, a fresh `git clone` gets every file's bytes through the
# smudge filter, re-push uploads nothing, fetch --include, pull of one path,
# GIT_DVX_SKIP_SMUDGE + pull, a corrupted object in the store, post-checkout,
# and everything without a remote configured.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_remote.sh"

git dvx install >/dev/null  # global: clones use the filter too
STORE="$TEST_ROOT/store"
git init -q --bare "$TEST_ROOT/origin.git"

new_repo "$TEST_ROOT/work"
git dvx track 'data/**' '*.bin' >/dev/null
mkdir -p data/raw data/models
random_file data/raw/a.csv 300000 1
random_file data/raw/b.csv 200000 2
random_file data/models/m.bin 1500000 3
random_file top.bin 5000 4
printf '#!/bin/sh\necho hi\n' > data/run.sh && chmod +x data/run.sh
echo "plain text, not tracked" > README.txt
files=(data/raw/a.csv data/raw/b.csv data/models/m.bin top.bin data/run.sh)
declare -A sha
for f in "${files[@]}"; do sha[$f]=$(sha_of "$f"); done

# --- No remote configured: pre-push warns loudly and lets the push through.
git add .gitattributes README.txt "${files[@]}"
git commit -qm "data"
git remote add origin "$TEST_ROOT/origin.git"
run_capture git push -q origin main
assert_eq 0 "$RC" "git push without a dvx remote is allowed"
assert_contains "$OUT" "NOT uploaded" "pre-push warns that data was not uploaded"
assert_contains "$OUT" "git dvx remote add" "the warning says how to add a remote"
expect_failure git dvx push
assert_contains "$OUT" "no git-dvx remote is configured" "git dvx push without a remote: clear message"
expect_failure git dvx fetch
assert_contains "$OUT" "no git-dvx remote is configured" "git dvx fetch without a remote: clear message"
# Without a remote, pull still writes files from the local cache (like
# `git lfs checkout`) and refreshes their index stat data...
rm top.bin data/raw/a.csv
GIT_DVX_SKIP_SMUDGE=1 git checkout -- top.bin data/raw/a.csv
assert_contains "$(cat top.bin)" "oid sha256:" "GIT_DVX_SKIP_SMUDGE leaves the pointer text"
run_capture git dvx pull
assert_eq 0 "$RC" "git dvx pull without a remote writes what the cache has"
assert_eq "${sha[top.bin]}" "$(sha_of top.bin)" "pull without a remote: top.bin has its bytes"
assert_eq "${sha[data/raw/a.csv]}" "$(sha_of data/raw/a.csv)" "pull without a remote: a.csv has its bytes"
assert_eq "" "$(git status --porcelain)" "git status is clean after pull"
assert_eq "$(stat -c %s top.bin)" "$(git ls-files --debug top.bin | sed -n 's/.*size: \([0-9]*\).*/\1/p')" \
  "the index records the written file's size (no re-clean needed)"
# ...and names the files it cannot write.
mv .git/dvx/objects .git/dvx/objects.aside
rm top.bin && GIT_DVX_SKIP_SMUDGE=1 git checkout -- top.bin
expect_failure git dvx pull
assert_contains "$OUT" "no git-dvx remote is configured" "git dvx pull without a remote: clear message"
assert_contains "$OUT" "1 file still holds pointer text" "pull says how many files stay pointers"
rm -rf .git/dvx/objects && mv .git/dvx/objects.aside .git/dvx/objects
git dvx pull >/dev/null

# --- Configure the store (committed .dvxconfig) and push through git.
git dvx remote add --default store "$STORE"
git add .dvxconfig
git commit -qm "remote"
random_file data/raw/c.csv 100000 5
sha[data/raw/c.csv]=$(sha_of data/raw/c.csv)
files+=(data/raw/c.csv)
git add data/raw/c.csv
git commit -qm "more data"
OUT=$(DVX_REMOTE_LOG=1 git push origin main 2>&1) || fail "git push with a store: $OUT"
# Only the new commit's object: the first commit went out before the store existed.
assert_eq 1 "$(count_puts "$OUT")" "git push uploads the objects of the pushed commits only"
c_oid=${sha[data/raw/c.csv]}
assert_file_sha "$STORE/${c_oid:0:2}/${c_oid:2:2}/$c_oid" "$c_oid" "store holds the pushed commit's object"
OUT=$(DVX_REMOTE_LOG=1 git dvx push --all 2>&1)
assert_eq 5 "$(count_puts "$OUT")" "git dvx push --all uploads the 5 objects the earlier push skipped"
for f in "${files[@]}"; do
  oid=${sha[$f]}
  assert_file_sha "$STORE/${oid:0:2}/${oid:2:2}/$oid" "$oid" "store holds $f under aa/bb/<oid>"
done
assert_eq "$(git rev-parse HEAD)" "$(git --git-dir="$TEST_ROOT/origin.git" rev-parse main)" "bare repo got the commits"

# Idempotent: a second push uploads nothing (the logging wrapper shows every PUT).
git commit -q --allow-empty -m "empty"
OUT=$(DVX_REMOTE_LOG=1 git push origin main 2>&1)
assert_eq 0 "$(count_puts "$OUT")" "re-push uploads 0 objects"
OUT=$(DVX_REMOTE_LOG=1 git dvx push --all 2>&1)
assert_eq 0 "$(count_puts "$OUT")" "git dvx push --all uploads 0 objects when the store is complete"

# --- A fresh clone materialises every file through the smudge filter.
cd "$TEST_ROOT"
run_capture git clone -q "$TEST_ROOT/origin.git" clone1
assert_eq 0 "$RC" "git clone: $OUT"
cd clone1
for f in "${files[@]}"; do assert_file_sha "$f" "${sha[$f]}" "clone materialised $f"; done
[ -x data/run.sh ] && pass || fail "clone kept the executable bit"
assert_eq "" "$(git status --porcelain)" "clone worktree is clean"

# --- GIT_DVX_SKIP_SMUDGE leaves pointers; pull of one path materialises only it.
cd "$TEST_ROOT"
GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEST_ROOT/origin.git" clone2
cd clone2
git dvx install --local >/dev/null
assert_eq "$(git lfs pointer --file="$TEST_ROOT/work/data/raw/a.csv" 2>/dev/null)" "$(cat data/raw/a.csv)" \
  "skip-smudge clone holds the pointer (as git lfs pointer writes it)"
git dvx pull data/raw/a.csv
assert_file_sha data/raw/a.csv "${sha[data/raw/a.csv]}" "pull of one path materialised it"
assert_contains "$(head -c 200 data/raw/b.csv)" "git-lfs.github.com/spec/v1" "pull of one path left the others as pointers"
assert_eq "" "$(git status --porcelain)" "git status clean after pull"
# fetch --include fills the cache only (no worktree change).
git dvx fetch --include 'data/models/*'
oid=${sha[data/models/m.bin]}
assert_file_sha ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" "$oid" "fetch --include fetched the matching object"
oid=${sha[data/raw/b.csv]}
[ ! -e ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" ] && pass || fail "fetch --include skipped the others"
assert_contains "$(head -c 200 data/models/m.bin)" "spec/v1" "fetch does not touch the worktree"
git dvx fetch --exclude 'data/raw/**' --exclude 'data/run.sh'
oid=${sha[top.bin]}
[ -e ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" ] && pass || fail "fetch --exclude fetched the rest"
oid=${sha[data/raw/b.csv]}
[ ! -e ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" ] && pass || fail "fetch --exclude skipped data/raw"
git dvx pull
for f in "${files[@]}"; do assert_file_sha "$f" "${sha[$f]}" "full pull materialised $f"; done
[ -x data/run.sh ] && pass || fail "pull kept the executable bit"
assert_eq "" "$(git status --porcelain)" "git status clean after full pull"

# --- post-checkout: switching to a branch whose objects are not cached.
cd "$TEST_ROOT/work"
git checkout -q -b feature
random_file data/raw/feature.csv 70000 6
fsha=$(sha_of data/raw/feature.csv)
git add data/raw/feature.csv && git commit -qm feature
git push -q origin feature
cd "$TEST_ROOT/clone2"
git fetch -q origin
GIT_DVX_SKIP_SMUDGE=1 git checkout -q -b feature origin/feature  # pointers only...
assert_contains "$(head -c 200 data/raw/feature.csv)" "spec/v1" "skip-smudge checkout leaves the pointer"
git checkout -q main
git checkout -q feature  # ...then a normal checkout: filter + post-checkout bring the data
assert_file_sha data/raw/feature.csv "$fsha" "checkout of a branch fetched its new object"
assert_eq "" "$(git status --porcelain)" "clean after checkout"

# --- A corrupted object in the store is detected and never reaches the worktree.
cd "$TEST_ROOT/work"
git checkout -q main
random_file data/raw/victim.csv 40000 7
vsha=$(sha_of data/raw/victim.csv)
git add data/raw/victim.csv && git commit -qm victim
git push -q origin main
vobj="$STORE/${vsha:0:2}/${vsha:2:2}/$vsha"
chmod u+w "$vobj" 2>/dev/null || true
printf 'garbage' | dd of="$vobj" bs=1 seek=100 conv=notrunc status=none
cd "$TEST_ROOT"
expect_failure git clone -q "$TEST_ROOT/origin.git" clone3
cd clone3
assert_contains "$OUT" "${vsha:0:12}" "clone names the corrupted object"
assert_contains "$OUT" "corrupt" "clone says the object is corrupt"
[ ! -e data/raw/victim.csv ] && pass || fail "corrupted object (nor its pointer) not written to the worktree"
assert_file_sha data/raw/a.csv "${sha[data/raw/a.csv]}" "the other files still arrived"
[ ! -e ".git/dvx/objects/${vsha:0:2}/${vsha:2:2}/$vsha" ] && pass || fail "corrupted object not in the cache"
# Asked to tolerate it, the checkout leaves the pointer, which pull cannot fill either.
run_capture env GIT_DVX_SKIP_DOWNLOAD_ERRORS=1 git checkout -f HEAD
assert_eq 0 "$RC" "GIT_DVX_SKIP_DOWNLOAD_ERRORS=1 git checkout -f HEAD tolerates the corrupt object: $OUT"
assert_contains "$(head -c 200 data/raw/victim.csv)" "spec/v1" "corrupted object not written to the worktree"
expect_failure git dvx pull data/raw/victim.csv
assert_contains "$OUT" "${vsha:0:12}" "pull names the corrupted object"
assert_contains "$(head -c 200 data/raw/victim.csv)" "spec/v1" "pull left the pointer in place"

# --- An object missing from the store (pushed without the hook).
cd "$TEST_ROOT/work"
rm -f "$vobj"
OUT=$(DVX_REMOTE_LOG=1 git dvx push 2>&1)
assert_eq 1 "$(count_puts "$OUT")" "git dvx push re-uploads exactly the missing object"
assert_file_sha "$vobj" "$vsha" "store repaired by git dvx push"

finish
