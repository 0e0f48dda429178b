#!/usr/bin/env bash
# The long-running filter: one process serves a whole `git add` of 1,000
# files; protocol details (unknown keys, full-size packets); a failing
# request answers status=error and the process keeps serving.
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track 'many/**' >/dev/null
mkdir many
for i in $(seq 1 1000); do echo "file $i $RANDOM" > "many/f$i.txt"; done
GIT_TRACE="$TEST_ROOT/trace" git add many .gitattributes
assert_eq 1 "$(grep -c "run_command: 'git-dvx filter-process'" "$TEST_ROOT/trace")" \
  "one filter process for 1,000 files"
assert_eq 1000 "$(git dvx ls-files | wc -l)" "every file became a pointer"
git commit -qm many
rm -rf many && git checkout -- many
assert_eq "file 500" "$(cut -d' ' -f1-2 many/f500.txt)" "content back after checkout"

# Direct protocol session.
head -c 200000 /dev/urandom > "$TEST_ROOT/big.dat"   # > 3 packets of 65516 bytes
big_sha=$(sha256sum "$TEST_ROOT/big.dat" | cut -d' ' -f1)
git lfs pointer --file="$TEST_ROOT/big.dat" > "$TEST_ROOT/big.ptr" 2>/dev/null
head -c 65516 /dev/urandom > "$TEST_ROOT/exact.dat"  # exactly one full packet
exact_sha=$(sha256sum "$TEST_ROOT/exact.dat" | cut -d' ' -f1)
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%064d\nsize 12\n' 0 > "$TEST_ROOT/missing.ptr"
missing_ptr=$(cat "$TEST_ROOT/missing.ptr")
cat > "$TEST_ROOT/requests.json" <<JSON
[
 {"command": "clean", "path": "big.dat", "file": "$TEST_ROOT/big.dat", "extra": ["treeish=abc", "blob=def", "ref=refs/heads/main", "future-key=1"]},
 {"command": "smudge", "path": "big.dat", "file": "$TEST_ROOT/big.ptr", "extra": ["treeish=abc", "blob=def"]},
 {"command": "clean", "path": "exact.dat", "file": "$TEST_ROOT/exact.dat"},
 {"command": "frobnicate", "path": "x"},
 {"command": "smudge", "path": "corrupt.dat", "file": "$TEST_ROOT/corrupt.ptr"},
 {"command": "smudge", "path": "missing.dat", "file": "$TEST_ROOT/missing.ptr"},
 {"command": "smudge", "path": "plain.txt", "text": "just text, not a pointer\n"},
 {"command": "smudge", "path": "big-again.dat", "file": "$TEST_ROOT/big.ptr"}
]
JSON
# A corrupt object for the corrupt.dat request.
head -c 3000 /dev/urandom > "$TEST_ROOT/c.dat"
git lfs pointer --file="$TEST_ROOT/c.dat" > "$TEST_ROOT/corrupt.ptr" 2>/dev/null
c_oid=$(sha256sum "$TEST_ROOT/c.dat" | cut -d' ' -f1)
mkdir -p ".git/dvx/objects/${c_oid:0:2}/${c_oid:2:2}"
head -c 3000 /dev/urandom > ".git/dvx/objects/${c_oid:0:2}/${c_oid:2:2}/$c_oid"

$PY "$DVX_SOURCE_DIR/tests/integration/core/filter_client.py" "$DVX_BIN" "$TEST_ROOT/requests.json" \
  > "$TEST_ROOT/session.jsonl" 2> "$TEST_ROOT/session.err"
field() { sed -n "$1p" "$TEST_ROOT/session.jsonl" | $PY -c "import json,sys; print(json.load(sys.stdin)$2)"; }
assert_eq "git-filter-server version=2" "$(field 1 "['hello']" | tr -d "[]',")" "handshake"
assert_eq "capability=clean capability=smudge capability=delay" "$(field 1 "['caps']" | tr -d "[]',")" \
  "capabilities"
assert_eq "$(cat "$TEST_ROOT/big.ptr")" "$(field 2 "['text']")" "clean of a 3-packet file gives the git-lfs pointer"
assert_eq "$big_sha" "$(field 3 "['content_sha256']")" "smudge streams the bytes back"
assert_eq "$exact_sha" "$(sha256sum ".git/dvx/objects/${exact_sha:0:2}/${exact_sha:2:2}/$exact_sha" | cut -d' ' -f1)" \
  "a 65516-byte payload is stored whole"
assert_eq "['status=error']" "$(field 5 "['status']")" "unknown command answers status=error"
assert_eq "['status=error']" "$(field 6 "['trailer']")" "corrupt object: error in the trailer, after streaming"
assert_eq "['status=error']" "$(field 7 "['status']")" "missing object (no remote): status=error for that file"
assert_eq "just text, not a pointer" "$(field 8 "['text']")" "non-pointer passes through"
assert_eq "$big_sha" "$(field 9 "['content_sha256']")" "the process keeps serving after errors"
assert_eq "0" "$(field 10 "['exit']")" "exits 0 when git closes the pipe"
err=$(cat "$TEST_ROOT/session.err")
assert_contains "$err" "corrupt.dat" "the corrupt object's error names the file"
assert_contains "$err" "missing.dat: object 000000000000… is not in the cache and no git-dvx remote is configured" \
  "the missing object's error names the file and the object, and says no remote is configured"
assert_eq 1 "$(grep -c "missing.dat" <<<"$err")" "one line for the missing object"

# GIT_DVX_SKIP_DOWNLOAD_ERRORS=1: the pointer text comes back, with a warning.
cat > "$TEST_ROOT/requests2.json" <<JSON
[
 {"command": "smudge", "path": "missing.dat", "file": "$TEST_ROOT/missing.ptr"},
 {"command": "smudge", "path": "big.dat", "file": "$TEST_ROOT/big.ptr"}
]
JSON
GIT_DVX_SKIP_DOWNLOAD_ERRORS=1 $PY "$DVX_SOURCE_DIR/tests/integration/core/filter_client.py" "$DVX_BIN" \
  "$TEST_ROOT/requests2.json" > "$TEST_ROOT/session.jsonl" 2> "$TEST_ROOT/session.err"
assert_eq "['status=success']" "$(field 2 "['status']")" "skip download errors: the missing object succeeds"
assert_eq "$missing_ptr" "$(field 2 "['text']")" "skip download errors: the pointer text is returned"
assert_contains "$(cat "$TEST_ROOT/session.err")" "missing.dat: object 000000000000" "skip download errors: a warning names the file"
assert_eq "$big_sha" "$(field 3 "['content_sha256']")" "skip download errors: other files are unaffected"
finish
