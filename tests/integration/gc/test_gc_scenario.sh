#!/usr/bin/env bash
# The scenario of issue 13: a repository with three branches, tags, stash
# entries, a staged-only file, a second worktree with its own staged file,
# a commit reachable only from the reflog, an abandoned commit older than the
# reflog window and run-cache records. `git dvx gc --force --grace 0`
# removes exactly the unreachable objects (oids computed with sha256sum),
# and every branch, tag, stash entry and worktree checks out byte-identical
# with no store configured at all (so nothing could have been downloaded).
# A writer's pid that is surely gone: a stale temporary's name carries it
# (a live writer's file is never swept).
DEAD_PID=$(sh -c 'echo $$')
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_gc.sh"

new_repo "$TEST_ROOT/repo"
CACHE=$PWD/.git/dvx/objects
git dvx track 'data/**' >/dev/null
git add .gitattributes && git commit -qm init

# main: two versions of one file (the first reachable through history).
put data/main.txt main-1 && git add data && git commit -qm m1
put data/main.txt main-2 && git add data && git commit -qm m2

# An abandoned commit, older than the reflog window: expired by git itself.
put data/abandoned.txt abandoned-1 && git add data && git commit -qm abandoned
git reset -q --hard HEAD~1
git config gc.reflogExpireUnreachable now
git reflog expire --expire-unreachable=now --all
git config --unset gc.reflogExpireUnreachable

# Two more branches.
git checkout -q -b b1 && put data/b1.txt branch-1 && git add data && git commit -qm b1
git checkout -q main && git checkout -q -b b2 && put data/b2.txt branch-2 && git add data && git commit -qm b2
git checkout -q main

# A lightweight and an annotated tag on commits no branch contains.
git checkout -q --detach && put data/tag.txt tag-1 && git add data && git commit -qm t1 && git tag v1
put data/tag.txt tag-2 && git add data && git commit -qm t2 && git tag -a v2 -m "annotated"
git checkout -q main

# A commit reachable only from the reflog (HEAD's and main's).
put data/reflog.txt reflog-1 && git add data && git commit -qm r1
REFLOG_COMMIT=$(git rev-parse HEAD)
git reset -q --hard HEAD~1

# Pipeline: gen.txt is recorded in dvx.lock but never committed as a file;
# an experiment (n = 2) left a run-cache record that no commit refers to.
cat >params.toml <<'P'
[gen]
n = 1
P
cat >dvx.toml <<'T'
[stages.gen]
cmd = "printf 'generated %s\\n' $(sed -n 's/^n = //p' params.toml) > gen.txt"
params = ["gen.n"]
outs = ["gen.txt"]
T
git dvx repro >/dev/null
OID[generated-1]=$(printf 'generated 1\n' | sha256sum | cut -d' ' -f1)
assert_file_sha gen.txt "${OID[generated-1]}" "repro wrote gen.txt"
git add .gitattributes params.toml dvx.toml dvx.lock && git commit -qm "pipeline (gen.txt itself not committed)"
git dvx repro -S gen.n=2 >/dev/null
OID[generated-2]=$(printf 'generated 2\n' | sha256sum | cut -d' ' -f1)
git checkout -q -- params.toml dvx.lock && rm gen.txt
[ -n "$(find .git/dvx/runs -type f)" ] && pass || fail "run-cache records exist"

# Stash entries: two changes to a tracked file, and one with an untracked file.
put data/main.txt stash-1 && git stash -q
put data/main.txt stash-2 && git stash -q
put data/untracked.txt stash-untracked && git stash -q -u

# A file staged and never committed; before it, a version staged then replaced.
put data/staged.txt staged-0 && git add data/staged.txt
put data/staged.txt staged-1 && git add data/staged.txt
# A file added, then unstaged and deleted: its object is in the cache only.
put data/gone.txt unstaged-1 && git add data/gone.txt && git rm -q --cached data/gone.txt && rm data/gone.txt

# A second worktree on b2 with its own staged file.
git worktree add -q "$TEST_ROOT/wt2" b2
(cd "$TEST_ROOT/wt2" && put data/wt.txt worktree-staged && git add data/wt.txt)
OID[worktree-staged]=$(printf 'worktree-staged\n' | sha256sum | cut -d' ' -f1)

# Stale temporaries of interrupted writes, and a fresh one (kept).
mkdir -p "$CACHE/tmp" "$CACHE/ab/cd"
echo x >"$CACHE/tmp/.dvx-unnamed.$DEAD_PID.2.abc.tmp"
echo x >"$CACHE/ab/cd/.abcd000000000000.$DEAD_PID.2.download"
age_cache "$CACHE" 30
echo x >"$CACHE/tmp/.dvx-unnamed.3.4.def.tmp"

KEEP=(main-1 main-2 branch-1 branch-2 tag-1 tag-2 reflog-1 stash-1 stash-2 stash-untracked staged-1
  worktree-staged generated-1)
GONE=(abandoned-1 staged-0 unstaged-1 generated-2)
before=$(cache_oids "$CACHE")
for t in "${KEEP[@]}" "${GONE[@]}"; do
  [[ "$before" == *"${OID[$t]}"* ]] && pass || fail "$t is in the cache before gc"
done

# A young run-cache record keeps its objects; an old one does not.
out=$(git dvx gc --dry-run --grace 1w)
assert_not_contains "$out" "${OID[generated-2]}" "a run-cache record younger than the grace period keeps its outs"
find .git/dvx/runs -type f -exec touch -d "30 days ago" {} +

# Not on a terminal and no --force: refuse, delete nothing.
listing=$(cache_listing "$CACHE")
expect_failure git dvx gc --grace 0 </dev/null
assert_contains "$OUT" "not on a terminal" "gc without --force off a terminal refuses"
assert_eq 2 "$RC" "exit code of the refusal"
assert_eq "$listing" "$(cache_listing "$CACHE")" "the refusal deleted nothing"

# --dry-run lists exactly the unreachable objects and deletes nothing.
out=$(git dvx gc --dry-run --grace 0)
listed=$(grep -oE '^  [0-9a-f]{64}' <<<"$out" | tr -d ' ' | sort)
assert_eq "$(oids_of "${GONE[@]}")" "$listed" "dry run lists exactly the unreachable objects"
assert_contains "$out" "4 objects" "dry run counts them"
assert_contains "$(grep "${OID[abandoned-1]}" <<<"$out")" "data/abandoned.txt at" "where the abandoned object was last seen"
assert_contains "$(grep "${OID[staged-0]}" <<<"$out")" "staged once" "the replaced staged version is named as such"
assert_contains "$out" "would be removed" "dry run says so"
assert_contains "$out" "2 stale temporaries" "dry run counts the stale temporaries"
assert_eq "$listing" "$(cache_listing "$CACHE")" "--dry-run deleted nothing (listing identical)"
json=$(git dvx gc --dry-run --grace 0 --json)
assert_eq "$(oids_of "${GONE[@]}" | tr '\n' ' ')" \
  "$($PY -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(o["oid"] for o in d["remove"])), end=" "); assert d["remove_count"]==4 and d["dry_run"]' <<<"$json")" \
  "--json lists the same objects"

# The real thing.
out=$(git dvx gc --force --grace 0)
assert_contains "$out" "gc: 4 objects" "summary line"
assert_contains "$out" "removed, ${#KEEP[@]} kept" "summary counts what was kept"
after=$(cache_oids "$CACHE")
assert_eq "$(oids_of "${GONE[@]}")" "$(comm -23 <(echo "$before") <(echo "$after"))" \
  "exactly the unreachable objects are gone"
assert_eq "$(oids_of "${KEEP[@]}")" "$after" "everything reachable is still cached"
[ ! -e "$CACHE/tmp/.dvx-unnamed.$DEAD_PID.2.abc.tmp" ] && pass || fail "stale tmp swept"
[ ! -e "$CACHE/ab/cd/.abcd000000000000.$DEAD_PID.2.download" ] && pass || fail "stale download swept"
[ -e "$CACHE/tmp/.dvx-unnamed.3.4.def.tmp" ] && pass || fail "fresh temporary kept"

# Everything checks out byte-identical from the cache alone (no store is configured).
assert_eq "" "$(git dvx remote list 2>/dev/null)" "no store to download from"
fresh() { rm -rf data && git checkout -q -- data 2>"$TEST_ROOT/smudge.err"; assert_eq "" "$(cat "$TEST_ROOT/smudge.err")" "no smudge warning"; }
# staged-only file (index)
fresh && assert_file_sha data/staged.txt "${OID[staged-1]}" "staged-only file"
git reset -q --hard
git checkout -q main && fresh && assert_file_sha data/main.txt "${OID[main-2]}" "main"
git checkout -q main~2 && fresh && assert_file_sha data/main.txt "${OID[main-1]}" "main's history"
git checkout -q b1 && fresh && assert_file_sha data/b1.txt "${OID[branch-1]}" "branch b1"
git checkout -q v1 && fresh && assert_file_sha data/tag.txt "${OID[tag-1]}" "tag v1"
git checkout -q v2 && fresh && assert_file_sha data/tag.txt "${OID[tag-2]}" "annotated tag v2"
git checkout -q "$REFLOG_COMMIT" && fresh && assert_file_sha data/reflog.txt "${OID[reflog-1]}" "reflog-only commit"
git checkout -q main && fresh
git stash pop -q && assert_file_sha data/untracked.txt "${OID[stash-untracked]}" "stash with untracked file"
rm data/untracked.txt && git reset -q --hard
git stash pop -q && assert_file_sha data/main.txt "${OID[stash-2]}" "stash@{1}"
git reset -q --hard
git stash pop -q && assert_file_sha data/main.txt "${OID[stash-1]}" "stash@{2}"
git reset -q --hard
pushd "$TEST_ROOT/wt2" >/dev/null
fresh && assert_file_sha data/b2.txt "${OID[branch-2]}" "worktree's branch b2"
assert_file_sha data/wt.txt "${OID[worktree-staged]}" "worktree's staged file"
popd >/dev/null
out=$(git dvx repro)
assert_contains "$out" "restored" "gen.txt comes back from the run cache"
assert_file_sha gen.txt "${OID[generated-1]}" "gen.txt restored from the cache (dvx.lock out)"

# Popping the stashes and resetting the index made their objects unreachable:
# the next gc takes exactly those.
out=$(git dvx gc --dry-run --grace 0)
listed=$(grep -oE '^  [0-9a-f]{64}' <<<"$out" | tr -d ' ' | sort)
assert_eq "$(oids_of stash-1 stash-2 stash-untracked staged-1)" "$listed" "after stash pop and reset, their objects go"
finish
