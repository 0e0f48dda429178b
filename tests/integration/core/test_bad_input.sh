#!/usr/bin/env bash
# Outside a repository, an unwritable cache, a disk that fills up, broken
# .gitattributes: clear messages, non-zero exits, no partial cache objects.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$TEST_ROOT/norepo" && cd "$TEST_ROOT/norepo"
for cmd in "ls-files" "status" "fsck" "track x" "install --local"; do
  expect_failure git dvx $cmd
  assert_contains "$OUT" "git-dvx: " "$cmd outside a repo: message prefix"
  assert_contains "$OUT" "git" "$cmd outside a repo names the problem"
done
expect_failure git dvx ls-files
assert_contains "$OUT" "not in a git repository" "outside a repository"

new_repo "$TEST_ROOT/repo"
git dvx track '*.bin' >/dev/null
git add .gitattributes && git commit -qm attrs

# Unwritable cache: dvx.cachedir under a regular file (unwritable even for root).
touch "$TEST_ROOT/not-a-dir"
git config dvx.cachedir "$TEST_ROOT/not-a-dir/cache"
head -c 10000 /dev/urandom > a.bin
expect_failure git add a.bin
assert_contains "$OUT" "$TEST_ROOT/not-a-dir/cache" "the message names the cache folder"
assert_eq "" "$(git diff --cached --name-only)" "nothing staged"
git config --unset dvx.cachedir

# Disk full: a file-size limit makes the cache write fail part-way.
head -c $((3 * 1024 * 1024)) /dev/urandom > big.bin
set +e
OUT=$( (ulimit -f 1024; git add big.bin) 2>&1)
RC=$?
set -e
[ "$RC" -ne 0 ] && pass || fail "git add fails when the disk is full"
assert_contains "$OUT" "big.bin" "the failure names the file"
assert_contains "$OUT" "File too large" "the failure says why"
leftovers=$(find .git/dvx -type f | wc -l)
assert_eq 0 "$leftovers" "no partial object or temporary file left in the cache"
git add big.bin
assert_file_sha ".git/dvx/objects/$(sha256sum big.bin | cut -c1-2)/$(sha256sum big.bin | cut -c3-4)/$(sha256sum big.bin | cut -d' ' -f1)" \
  "$(sha256sum big.bin | cut -d' ' -f1)" "the same add succeeds once there is room"

# A killed clean: git-dvx dies (SIGKILL, no cleanup runs) with 4 MiB of a
# file already written to the cache; nothing of it is left behind.
rm -rf .git/dvx/objects
mkfifo "$TEST_ROOT/feed"
"$DVX_BIN" clean killed.bin < "$TEST_ROOT/feed" > /dev/null 2>&1 &
cleaner=$!
exec 7>"$TEST_ROOT/feed"
head -c $((4 * 1024 * 1024)) /dev/urandom >&7
consumed=0
for _ in $(seq 100); do  # until the cleaner has consumed what was fed
  consumed=$(awk '/^rchar/ {print $2}' "/proc/$cleaner/io" 2>/dev/null || echo 0)
  [ "$consumed" -ge $((4 * 1024 * 1024)) ] && break
  sleep 0.1
done
[ "$consumed" -ge $((4 * 1024 * 1024)) ] && pass || fail "the cleaner read the 4 MiB before it was killed ($consumed bytes)"
kill -9 "$cleaner"
wait "$cleaner" 2>/dev/null || true
exec 7>&-
assert_eq "" "$(find .git/dvx/objects -type f)" "a killed clean leaves no partial object or temporary file"

# A broken .gitattributes line does not break git-dvx: the pattern is listed
# as written, and files it doesn't match are left alone.
printf '"unterminated filter=dvx -text\n' >> .gitattributes
out=$(git dvx track)
assert_contains "$out" '"unterminated' "a malformed pattern is listed as written"
echo plain > notes.txt
git add notes.txt
assert_eq "plain" "$(git cat-file -p :notes.txt)" "untracked files are not filtered"
finish
