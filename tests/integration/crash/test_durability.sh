#!/usr/bin/env bash
# Objects are flushed to disk in batches (git's core.fsyncMethod=batch idea):
# one syncfs per filesystem when a command that stored objects ends: the
# filter process of `git add` (before git, which waits for it, returns), the
# pre-push hook (before git sends the commits), fetch and pull. No
# fsync per file. `git config dvx.fsync false` turns it off. Seen with strace.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../remote/lib_remote.sh"

STORE="$TEST_ROOT/store"
git init -q --bare "$TEST_ROOT/origin.git"
new_repo "$TEST_ROOT/work"
git config --global core.fsync none  # git's own flushes (also receive-pack's) would blur the count
git dvx track '*.bin' >/dev/null
git dvx remote add --default store "$STORE" >/dev/null
git remote add origin "$TEST_ROOT/origin.git"
git add .gitattributes .dvxconfig && git commit -qm attrs

# traced LABEL CMD...: runs CMD under strace; prints "<syncfs> <fsync+fdatasync>" calls.
traced() {
  local log="$TEST_ROOT/$1.trace"
  shift
  strace -f -qq -e trace=fsync,fdatasync,syncfs -o "$log" "$@" >/dev/null 2>&1
  echo "$(grep -c 'syncfs(' "$log" || true) $(grep -cE '(^|[^s])f(data)?sync\(' "$log" || true)"
}

for i in $(seq 1 20); do random_file "f$i.bin" 4000 "$i"; done
assert_eq "1 0" "$(traced add git add f*.bin)" "git add of 20 files: one syncfs, no fsync"
git commit -qm data
assert_eq "1 0" "$(traced push git push -q origin main)" "pre-push to a directory store: one syncfs"
rm -rf .git/dvx/objects
assert_eq "1 0" "$(traced fetch git dvx fetch)" "fetch: one syncfs"
assert_eq "0 0" "$(traced status git dvx status)" "a command that stores nothing flushes nothing"

git config dvx.fsync false
for i in $(seq 21 30); do random_file "f$i.bin" 4000 "$i"; done
assert_eq "0 0" "$(traced add-off git add f2*.bin f30.bin)" "dvx.fsync=false: no flush on add"
git commit -qm more
assert_eq "0 0" "$(traced push-off git push -q origin main)" "dvx.fsync=false: no flush on push"
# What was stored is complete either way.
for i in $(seq 1 30); do
  o=$(sha_of "f$i.bin")
  assert_eq "$o" "$(sha_of "$STORE/${o:0:2}/${o:2:2}/$o")" "f$i.bin is in the store"
done
finish
