#!/usr/bin/env bash
# install/uninstall (config scopes, hooks never overwritten silently),
# track/untrack, ls-files, status, version and --help of every command.
. "$(dirname "$0")/../lib.sh"

out=$(git dvx install)
assert_contains "$out" "filter \"dvx\" (process mode) in ~/.gitconfig" "global install"
assert_eq "git-dvx filter-process" "$(git config --global filter.dvx.process)" "process filter configured"
assert_eq "true" "$(git config --global filter.dvx.required)" "filter required"
assert_eq "git-dvx smudge -- %f" "$(git config --global filter.dvx.smudge)" "single-shot smudge configured"

mkdir -p "$TEST_ROOT/repo" && cd "$TEST_ROOT/repo" && git init -q
printf '#!/bin/sh\necho "user hook ran: $*" >> "%s/user-hook.log"\n' "$TEST_ROOT" > .git/hooks/post-checkout
chmod +x .git/hooks/post-checkout
expect_failure git dvx install --local
assert_contains "$OUT" "post-checkout already exists and is not git-dvx's" "refuses to overwrite a user hook"
assert_contains "$(cat .git/hooks/post-checkout)" "user hook ran" "user hook untouched after refusal"
[ -f .git/hooks/pre-push ] && fail "refusal wrote nothing" || pass
out=$(git dvx install --local --chain)
assert_contains "$out" "hooks installed: pre-commit, pre-push, post-checkout, post-merge" "install --chain"
assert_contains "$(cat .git/hooks/post-checkout.pre-dvx)" "user hook ran" "user hook kept as .pre-dvx"
git commit -q --allow-empty -m one && git checkout -q -b other
assert_contains "$(cat "$TEST_ROOT/user-hook.log")" "user hook ran:" "the chained user hook still runs"
out=$(git dvx uninstall --local)
assert_contains "$out" "hooks removed: pre-commit, pre-push, post-checkout, post-merge" "uninstall removes git-dvx hooks"
assert_contains "$(cat .git/hooks/post-checkout)" "user hook ran" "uninstall restores the chained hook"
[ -f .git/hooks/pre-push ] && fail "pre-push removed" || pass
git dvx install --local --force >/dev/null

# track / untrack / list
assert_contains "$(git dvx track)" "nothing is tracked" "track lists nothing at first"
assert_eq 'tracking "*.csv", "data/my[[:space:]]file.bin" (.gitattributes updated)' \
  "$(git dvx track '*.csv' 'data/my file.bin')" "track escapes spaces like git-lfs"
assert_contains "$(git dvx track '*.csv')" "already tracked" "tracking twice is a no-op"
assert_eq $'*.csv filter=dvx -text\ndata/my[[:space:]]file.bin filter=dvx -text' "$(cat .gitattributes)" \
  ".gitattributes content"
assert_eq "filter: dvx" "$(git check-attr filter -- 'data/my file.bin' | sed 's/.*: filter: /filter: /')" \
  "git itself matches the escaped pattern"
assert_eq $'*.csv\ndata/my[[:space:]]file.bin' "$(git dvx track)" "track lists patterns"
expect_failure git dvx track 'data/'
assert_contains "$OUT" "names a folder" "a folder pattern is refused with a hint"
expect_failure git dvx track '!*.csv'
assert_contains "$OUT" "negative patterns" "a negative pattern is refused"
assert_eq 'untracked "*.csv" (.gitattributes updated)' "$(git dvx untrack '*.csv')" "untrack"
expect_failure git dvx untrack '*.csv'
assert_contains "$OUT" 'not tracked: "*.csv"' "untrack of an unknown pattern"

# ls-files and status
git dvx track '*.bin' >/dev/null
head -c 123456 /dev/urandom > a.bin
oid=$(sha256sum a.bin | cut -d' ' -f1)
git add .gitattributes a.bin
git commit -qm data
assert_eq "${oid:0:10}    123 kB  *  a.bin" "$(git dvx ls-files)" "ls-files lists HEAD's pointers"
assert_contains "$(git dvx ls-files --json)" "\"oid\": \"$oid\"" "ls-files --json"
assert_contains "$(git dvx status)" "1 tracked file, all up to date" "status of a clean tree"
echo more >> a.bin
assert_contains "$(git dvx status)" "modified   a.bin" "status sees a modified file"
rm a.bin
assert_contains "$(git dvx status)" "deleted    a.bin" "status sees a deleted file"
git checkout -- a.bin
rm -rf .git/dvx/objects
assert_contains "$(git dvx status)" "${oid:0:10}" "status lists objects missing from the cache"
expect_failure git dvx ls-files no-such-rev
assert_contains "$OUT" "unknown revision 'no-such-rev'" "ls-files of an unknown revision"

# version and help
assert_contains "$(git dvx version)" "git-dvx 0." "version"
assert_contains "$(git dvx --version)" "git-dvx 0." "--version"
# (`git dvx --help` is git's: it opens the man page; the binary lists the verbs.)
verbs=$(git-dvx --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}')
[ "$(echo "$verbs" | wc -w)" -gt 15 ] && pass || fail "git-dvx --help lists the commands: [$verbs]"
for verb in $verbs; do
  run_capture git dvx "$verb" --help
  assert_eq 0 "$RC" "git dvx $verb --help exits 0"
  assert_contains "$OUT" "usage: git dvx $verb" "git dvx $verb --help prints its usage"
done
expect_failure git dvx no-such-verb
assert_contains "$OUT" "'no-such-verb' is not a git-dvx command" "unknown verb"
expect_failure git dvx ls-files --bogus
assert_contains "$OUT" "usage: git dvx ls-files" "unknown option shows the usage"
finish
