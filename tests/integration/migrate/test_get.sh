#!/usr/bin/env bash
# `git dvx get URL PATH [--rev REV] [-o OUT]`: a file or folder of another
# git-dvx repository at a revision, from the store its .dvxconfig names,
# without cloning it (one commit fetched into a temporary bare repository).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
git dvx install --global --skip-repo >/dev/null
STORE="$TEST_ROOT/store"
ORIGIN="$TEST_ROOT/origin.git"
git init -q --bare "$ORIGIN"
git -C "$ORIGIN" config uploadpack.allowFilter true

mkdir -p "$TEST_ROOT/src" && cd "$TEST_ROOT/src"
git init -q
git dvx remote add --default store "$STORE" >/dev/null
git dvx track 'data/**' '*.bin' >/dev/null
mkdir -p data/sub
head -c 5000 /dev/urandom > data/a.csv
head -c 300 /dev/urandom > data/sub/b.csv
printf '#!/bin/sh\necho run\n' > data/run.bin && chmod +x data/run.bin
head -c 20000 /dev/urandom > model.bin
head -c 4000 /dev/urandom | base64 > notes.txt   # a plain git file over 1 KiB
git add -A && git commit -qm v1 && git tag v1
declare -A v1
for f in data/a.csv data/sub/b.csv data/run.bin model.bin notes.txt; do v1[$f]=$(sha_of "$f"); done
head -c 7000 /dev/urandom > model.bin
git add -A && git commit -qm v2
v2_model=$(sha_of model.bin)
git remote add origin "$ORIGIN"
git push -q origin HEAD:main --tags
git dvx push -q --all

mkdir -p "$TEST_ROOT/elsewhere" && cd "$TEST_ROOT/elsewhere"
# A folder at a tag.
run_capture git dvx get "$ORIGIN" data --rev v1 -o got-data
assert_eq 0 "$RC" "get a folder: $OUT"
assert_contains "$OUT" "3 files" "says how many files"
assert_contains "$OUT" "from store 'store'" "says where the data came from"
for f in a.csv sub/b.csv run.bin; do assert_file_sha "got-data/$f" "${v1[data/$f]}" "data/$f at v1"; done
[ -x got-data/run.bin ] && pass || fail "the executable bit is kept"
# One file, default revision and name.
run_capture git dvx get "$ORIGIN" model.bin
assert_eq 0 "$RC" "get a file: $OUT"
assert_file_sha model.bin "$v2_model" "model.bin at HEAD is v2"
run_capture git dvx get "file://$ORIGIN" model.bin --rev v1 -o m1.bin
assert_file_sha m1.bin "${v1[model.bin]}" "model.bin at v1 (file:// URL)"
# A plain git file (not a pointer) over the filter's limit.
run_capture git dvx get "$ORIGIN" notes.txt --rev v1
assert_file_sha notes.txt "${v1[notes.txt]}" "a plain file comes from git"
# By commit id.
c=$(git -C "$ORIGIN" rev-parse v1)
run_capture git dvx get "$ORIGIN" data/sub/b.csv --rev "$c" -o b.csv
assert_file_sha b.csv "${v1[data/sub/b.csv]}" "a file at a commit id"
# Errors: clear, non-zero, nothing written.
expect_failure git dvx get "$ORIGIN" model.bin
assert_contains "$OUT" "'model.bin' exists" "an existing OUT is not overwritten"
assert_file_sha model.bin "$v2_model" "and is left as it was"
expect_failure git dvx get "$ORIGIN" nope.csv
assert_contains "$OUT" "'nope.csv' is not in" "a missing path is named"
expect_failure git dvx get "$ORIGIN" model.bin --rev no-such-tag -o x
assert_contains "$OUT" "no-such-tag" "a missing revision is named"
# A corrupt object in the store is refused.
oid=$(git -C "$TEST_ROOT/src" cat-file -p v1:data/sub/b.csv | sed -n 's/^oid sha256://p')
obj="$STORE/${oid:0:2}/${oid:2:2}/$oid"
chmod u+w "$obj" && printf 'garbage' > "$obj"
expect_failure git dvx get "$ORIGIN" data --rev v1 -o bad
assert_contains "$OUT" "$oid" "the corrupt object is named"
[ -e bad ] && fail "nothing written for a failed get" || pass
finish
