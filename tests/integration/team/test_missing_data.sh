#!/usr/bin/env bash
# Data that can be had neither from the cache nor from the store fails the
# git command that needed it (clone, checkout, pull, and the post-checkout
# hook), with one line naming the file, the object and the store. The
# pointer text never sits behind a zero exit, unless asked for
# (dvx.skipdownloaderrors, GIT_DVX_SKIP_DOWNLOAD_ERRORS, GIT_DVX_SKIP_SMUDGE).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"

team_setup
# alice commits new data and pushes without the hook: the object never reaches the store.
as alice team_data data/a.bin 200000 a2
as alice git commit -qam "data v2, pushed without its data"
as alice git tag v2
as alice git push -q --no-verify origin main v2
oid=$(sha256sum "$TEAM/alice/data/a.bin" | cut -d' ' -f1)
v1_sha=$(sha_of "$TEAM/bob/data/a.bin")
assert_not_contains "$(store_oids)" "$oid" "the v2 object is not in the store"

# expect_missing_message WHAT: the one line names file, object, store and the next step.
expect_missing_message() {
  local line
  line=$(grep "data/a.bin" <<<"$OUT" | grep "${oid:0:12}" || true)
  assert_contains "$line" "$TEAM_STORE" "$1: one line names the file, the object and the store"
  assert_contains "$line" "git dvx push' on the machine that has it" "$1: the line says what to do next"
}
# no_pointer_behind_zero FILE WHAT
is_pointer() { head -c 200 "$1" 2>/dev/null | grep -q "^version https://git-lfs.github.com/spec/v1"; }

# --- plain git pull
expect_failure as bob git pull -q
expect_missing_message "git pull"
assert_contains "$OUT" "smudge filter dvx failed" "git names the failing filter"
# --- git checkout <tag>
as carol git fetch -q
expect_failure as carol git checkout -q v2
expect_missing_message "git checkout v2"
# --- git clone: fails, but the repository stays and can be retried.
expect_failure as carol git clone -q "$TEAM_ORIGIN" "$TEAM/carol2"
expect_missing_message "git clone"
assert_eq 1 "$(grep -c "${oid:0:12}" <<<"$OUT")" "git clone: one line for the missing object"
[ -d "$TEAM/carol2/.git" ] && pass || fail "the failed clone keeps its repository"
for dir in bob carol carol2; do
  if is_pointer "$TEAM/$dir/data/a.bin"; then fail "$dir: pointer text in data/a.bin after a failed command"; else pass; fi
done

# --- Asked for: pointers with a warning, exit 0.
run_capture as carol env GIT_DVX_SKIP_DOWNLOAD_ERRORS=1 git clone -q "$TEAM_ORIGIN" "$TEAM/carol3"
assert_eq 0 "$RC" "GIT_DVX_SKIP_DOWNLOAD_ERRORS=1 git clone exits 0"
assert_contains "$OUT" "left the pointer in the working tree" "the skipped object is a warning"
assert_contains "$OUT" "${oid:0:12}" "the warning names the object"
assert_eq "$(cd "$TEAM/carol3" && git cat-file -p HEAD:data/a.bin)" "$(cat "$TEAM/carol3/data/a.bin")" \
  "the pointer text is in the worktree"
assert_file_sha "$TEAM/carol3/data/b.bin" "$(sha_of "$TEAM/alice/data/b.bin")" "the other file arrived"
# post-checkout: pointer text left in the worktree fails the hook, so git checkout fails...
cd "$TEAM/carol3"
expect_failure as carol git -C "$TEAM/carol3" checkout -q -b topic
assert_contains "$OUT" "${oid:0:12}" "post-checkout names the object it could not get"
assert_contains "$OUT" "1 file still holds pointer text" "post-checkout says a file stays a pointer"
# ...unless skipdownloaderrors is set (in git config this time).
git config dvx.skipdownloaderrors true
run_capture as carol git -C "$TEAM/carol3" checkout -q -b topic2
assert_eq 0 "$RC" "dvx.skipdownloaderrors=true: post-checkout tolerates the pointer"
assert_contains "$OUT" "warning:" "...with a warning"
run_capture as carol git -C "$TEAM/carol3" checkout -q v1 2>/dev/null || true
git config --unset dvx.skipdownloaderrors
# git dvx pull fails on the file it cannot write.
expect_failure as carol git -C "$TEAM/carol3" dvx pull
assert_contains "$OUT" "${oid:0:12}" "git dvx pull names the missing object"
assert_contains "$OUT" "still holds pointer text" "git dvx pull says a file stays a pointer"
cd "$TEAM"

# GIT_DVX_SKIP_SMUDGE=1 still means pointers on purpose: exit 0, no message.
run_capture as carol env GIT_DVX_SKIP_SMUDGE=1 git clone -q "$TEAM_ORIGIN" "$TEAM/carol4"
assert_eq 0 "$RC" "GIT_DVX_SKIP_SMUDGE=1 git clone exits 0"
assert_eq "" "$OUT" "GIT_DVX_SKIP_SMUDGE=1 git clone is silent"
is_pointer "$TEAM/carol4/data/b.bin" && pass || fail "GIT_DVX_SKIP_SMUDGE=1 leaves pointers"

# --- The next step works: alice pushes the data, then the retries succeed.
as alice git dvx push >/dev/null 2>&1
assert_contains "$(store_oids)" "$oid" "git dvx push put the object in the store"
run_capture as bob git checkout -f HEAD
assert_eq 0 "$RC" "bob: git checkout -f HEAD after the data was pushed: $OUT"
as bob git pull -q
assert_file_sha "$TEAM/bob/data/a.bin" "$oid" "bob has v2 after retrying"
run_capture as carol git checkout -q v2
assert_eq 0 "$RC" "carol: git checkout v2 after the data was pushed: $OUT"
assert_file_sha "$TEAM/carol/data/a.bin" "$oid" "carol has v2"
run_capture as carol git -C "$TEAM/carol2" checkout -f HEAD
assert_eq 0 "$RC" "the failed clone: git checkout -f HEAD retries: $OUT"
assert_file_sha "$TEAM/carol2/data/a.bin" "$oid" "the failed clone has v2 after the retry"
assert_eq "" "$(as carol git -C "$TEAM/carol2" status --porcelain)" "the failed clone is clean after the retry"
run_capture as carol git -C "$TEAM/carol3" dvx pull
assert_eq 0 "$RC" "git dvx pull writes the pointer left by skipdownloaderrors: $OUT"
assert_file_sha "$TEAM/carol3/data/a.bin" "$oid" "carol3 has v2 after git dvx pull"

# --- No remote configured at all: same failure, with a hint to configure one.
export HOME
HOME=$(_team_home alice)
mkdir -p "$TEAM/solo"
cd "$TEAM/solo"
git init -q && git dvx track '*.bin' >/dev/null
team_data x.bin 4000 x1
git add . && git commit -qm solo
xoid=$(sha_of x.bin)
cd "$TEAM"
expect_failure git clone -q "$TEAM/solo" "$TEAM/solo2"
line=$(grep "x.bin" <<<"$OUT" | grep "${xoid:0:12}" || true)
assert_contains "$line" "no git-dvx remote is configured" "no remote: the line says so"
assert_contains "$line" "git dvx remote add" "no remote: the line says how to add one"
if is_pointer "$TEAM/solo2/x.bin"; then fail "no remote: pointer text behind the failed clone"; else pass; fi
finish
