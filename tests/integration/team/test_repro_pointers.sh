#!/usr/bin/env bash
# `git dvx repro` never runs a stage on pointer text. In a clone made with
# GIT_DVX_SKIP_SMUDGE=1 (deps and outs are pointer text): an up-to-date
# pipeline stays up to date (the pointer's oid is the content's SHA-256),
# nothing runs and dvx.lock is byte-identical; stages that run get their
# deps fetched first (files and files of a dep folder) and write the same
# bytes as a full clone; a dep whose object is in no store stops repro
# before anything runs, naming the file, with every out and dvx.lock intact.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"
. "$(dirname "$0")/lib_repro.sh"

team_pipeline_setup
skip_smudge_clone ci
lock_v1=$(as alice cat dvx.lock)
alice_outs=$(outs_sha alice)
ci_before=$(outs_sha ci)
for f in data/a.bin data/b.bin more/c.bin features/a.rot model.txt; do
  as ci is_pointer "$f" && pass || fail "ci's $f should hold pointer text after a skip-smudge clone"
done
ok "a skip-smudge clone holds pointer text for deps and outs"

# Nothing changed: every stage is up to date, nothing runs, nothing is fetched or removed.
out=$(as ci git dvx repro 2>&1)
assert_contains "$out" "0 stages ran, 0 restored from run cache, 4 up to date" "repro in the skip-smudge clone"
assert_not_contains "$out" "fetching" "nothing needs fetching"
assert_eq "" "$(cat "$SIDE")" "stages executed in the skip-smudge clone"
assert_eq "$lock_v1" "$(as ci cat dvx.lock)" "dvx.lock after a no-op repro"
assert_eq "$ci_before" "$(outs_sha ci)" "outs (pointer text) after a no-op repro"
as ci is_pointer data/a.bin && pass || fail "an up-to-date stage's dep should not be fetched"
status=$(as ci git dvx status 2>&1 || true)
assert_not_contains "$status" "prepare" "git dvx status lists no stale stage"
assert_not_contains "$status" "deps changed" "git dvx status lists no stale stage"
dry=$(as ci git dvx repro --dry-run)
assert_contains "$dry" "prepare  up to date  (pointer text, oid as in dvx.lock: data/a.bin, data/b.bin)" "dry run"
assert_contains "$dry" "sizes    up to date  (pointer text, oid as in dvx.lock: data/a.bin, data/b.bin)" "dry run of a folder dep"
assert_contains "$dry" "extra    up to date  (pointer text, oid as in dvx.lock: more/c.bin)" "dry run"
assert_contains "$dry" "0 stages would run (dry run" "dry run"
ok "pointer-text deps and outs whose oids match dvx.lock are up to date"

# Forced: the deps are fetched first (a file dep and a folder dep's files),
# the outs are the same bytes as alice's, dvx.lock is unchanged.
dry=$(as ci git dvx repro -f prepare --dry-run)
assert_contains "$dry" "prepare  would run  (forced; fetches first: data/a.bin, data/b.bin)" "dry run -f"
assert_contains "$dry" "1 stage would run, 2 dep files holding pointer text would be fetched first" "dry run -f"
as ci is_pointer data/a.bin && pass || fail "a dry run fetches nothing"
run_capture as ci git dvx repro -f
assert_eq 0 "$RC" "repro -f in the skip-smudge clone: $OUT"
assert_contains "$OUT" "3 dep files hold pointer text; fetching them before running (store 'store')" "fetch notice"
assert_eq "prepare train extra sizes" "$(tr '\n' ' ' <"$SIDE" | sed 's/ $//')" "stages executed"
assert_eq "$alice_outs" "$(outs_sha ci)" "outs and dvx.lock of the skip-smudge clone vs the full clone (sha256)"
assert_eq "$(as alice cat sizes.txt)" "$(as ci cat sizes.txt)" "the folder dep's files were fetched"
for f in data/a.bin data/b.bin more/c.bin; do
  assert_eq "$(as alice sha_of $f)" "$(as ci sha_of $f)" "$f fetched"
done
# The regenerated outs are the committed bytes: once added, nothing is left to commit.
as ci git add dvx.lock features model.txt extra.txt sizes.txt
assert_eq "" "$(as ci git status --porcelain)" "git status after the fetch and git add"
ok "repro -f fetches the deps and writes the same bytes as a full clone"

# A dep whose object is in no store: alice changes data/a.bin and pushes
# without the hook (--no-verify), so only she has it.
: >"$SIDE"
as alice team_data data/a.bin 300000 a2
as alice git commit -qam "data a v2, never uploaded"
as alice git push -q --no-verify origin main
skip_smudge_clone ci2
before=$(outs_sha ci2)
as ci2 is_pointer features/a.rot && pass || fail "ci2's outs are pointer text"
run_capture as ci2 git dvx repro
[ "$RC" -ne 0 ] && pass || fail "repro with an unfetchable dep should fail: $OUT"
assert_contains "$OUT" "data/a.bin" "the message names the file"
assert_contains "$OUT" "the object is not in the store; was it pushed?" "the message says why"
assert_contains "$OUT" "1 dep file still holds pointer text and could not be fetched: data/a.bin; no stage was run and no out was removed" "summary"
assert_eq "" "$(cat "$SIDE")" "no stage ran"
assert_eq "$before" "$(outs_sha ci2)" "outs and dvx.lock untouched (sha256)"
as ci2 is_pointer data/a.bin && pass || fail "data/a.bin keeps its pointer text"
assert_eq "$(git -C "$TEAM/ci2" show HEAD:dvx.lock)" "$(as ci2 cat dvx.lock)" "dvx.lock is HEAD's"
ok "a dep in no store stops repro before anything runs or is removed"

# The same with a full clone whose pull could not fetch it: same refusal.
as bob git pull -q 2>/dev/null || true
if as bob is_pointer data/a.bin; then
  bob_before=$(outs_sha bob)
  run_capture as bob git dvx repro
  [ "$RC" -ne 0 ] && pass || fail "bob's repro should fail: $OUT"
  assert_contains "$OUT" "could not be fetched: data/a.bin" "bob's message"
  assert_eq "" "$(cat "$SIDE")" "no stage ran in bob's clone"
  assert_eq "$bob_before" "$(outs_sha bob)" "bob's outs untouched"
fi
ok "a full clone left with a pointer refuses the same way"

# Once alice uploads it, the same repro succeeds and matches hers.
as alice git dvx push >/dev/null 2>&1
as alice git dvx repro >/dev/null
run_capture as ci2 git dvx repro
assert_eq 0 "$RC" "repro once the object is in the store: $OUT"
assert_contains "$OUT" "prepare  running    (deps changed: data/a.bin)" "prepare reruns for the new data"
assert_contains "$OUT" "extra    up to date" "extra does not"
assert_eq "$(outs_sha alice | grep -v extra.txt)" "$(outs_sha ci2 | grep -v extra.txt)" "outs vs the full clone"
ok "after the upload, repro fetches and matches the full clone"
finish
