#!/usr/bin/env bash
# The CI recipe of docs/sync.md, run for real: alice pushes new data and a
# new param without running the pipeline; a CI job clones without data
# (GIT_DVX_SKIP_SMUDGE=1), runs `git dvx repro` (which fetches only the
# deps of the stages that run), commits and pushes the results with plain
# git. Its outs and dvx.lock are the bytes carol's full clone computes, the
# pushed outs are in the store, and bob gets them with a plain `git pull`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_team.sh"
. "$(dirname "$0")/lib_repro.sh"

team_pipeline_setup
as alice team_data data/b.bin 6000 b2
as alice sed -i 's/^factor = 3/factor = 4/' params.toml
as alice git commit -qam "new b.bin and factor 4; the pipeline is CI's job"
as alice git push -q origin main

# Reference: carol's full clone runs the pipeline itself (and keeps it to herself).
as carol git pull -q
for f in data/a.bin data/b.bin more/c.bin; do
  as carol is_pointer "$f" && fail "carol's $f should hold data" || pass
done
as carol git dvx repro >/dev/null
expected=$(outs_sha carol)
: >"$SIDE"

# The CI job, as docs/sync.md gives it.
skip_smudge_clone ci
for f in data/a.bin data/b.bin more/c.bin model.txt extra.txt; do
  as ci is_pointer "$f" && pass || fail "ci's $f should hold pointer text"
done
run_capture as ci git dvx repro
assert_eq 0 "$RC" "git dvx repro in the CI clone: $OUT"
assert_contains "$OUT" "git-dvx: 2 dep files hold pointer text; fetching them before running (store 'store')" "fetch notice"
assert_contains "$OUT" "prepare  running    (deps changed: data/b.bin)" "prepare"
assert_contains "$OUT" "train    running    (deps changed: features; params changed: train.factor)" "train"
assert_contains "$OUT" "extra    up to date" "extra"
assert_contains "$OUT" "3 stages ran, 0 restored from run cache, 1 up to date" "summary"
assert_eq "prepare sizes train" "$(sort "$SIDE" | tr '\n' ' ' | sed 's/ $//')" "stages executed in CI"
for f in more/c.bin extra.txt; do
  as ci is_pointer "$f" && pass || fail "ci's $f is read by no stage that ran: it should still be pointer text"
done
assert_eq "$(echo "$expected" | grep -v extra.txt)" "$(outs_sha ci | grep -v extra.txt)" \
  "CI's outs and dvx.lock vs carol's full clone (sha256)"
assert_eq "$(as carol cat dvx.lock)" "$(as ci cat dvx.lock)" "dvx.lock byte for byte"
ok "the CI clone reproduces the full clone's outs without fetching what it does not read"

as ci git add dvx.lock features model.txt sizes.txt
as ci git commit -qm "CI: repro"
as ci git push -q origin main
stored=$(store_oids)
for f in features/a.rot features/ck.txt model.txt sizes.txt; do
  assert_contains "$stored" "$(as ci sha_of "$f")" "$f in the store after CI's git push"
done
ok "CI's plain git push uploads the new outs"

: >"$SIDE"
as bob git pull -q
assert_eq "$expected" "$(outs_sha bob)" "bob's outs after git pull vs carol's (sha256)"
out=$(as bob git dvx repro)
assert_contains "$out" "0 stages ran, 0 restored from run cache, 4 up to date" "bob's repro"
assert_eq "" "$(cat "$SIDE")" "nothing ran in bob's clone"
assert_eq "" "$(as bob git status --porcelain)" "bob's git status"
ok "bob gets CI's results through git pull"
finish
