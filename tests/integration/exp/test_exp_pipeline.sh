#!/usr/bin/env bash
# git dvx exp on a real pipeline (numpy fits a ridge regression to a CSV),
# as a team: alice queues 6 variants and a failing one, runs them 2 at a
# time in temporary worktrees (her worktree and index byte-identical before
# and after), exp show --json matches values recomputed here with numpy,
# exp apply writes the outs byte for byte, a repeated variant comes from
# the run cache without running, and after exp push a fresh clone (its own
# HOME and cache) sees the experiments and applies one with its data.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../team/lib_team.sh"
. "$(dirname "$0")/exp_lib.sh"

export EXP_COUNTER=$TEST_ROOT/executions
: >"$EXP_COUNTER"
executions() { wc -l <"$EXP_COUNTER" | tr -d ' '; }

team_setup
A=$TEAM/alice
as alice exp_project
as alice git dvx repro >/dev/null
as alice git add -A
as alice git commit -qm "pipeline"
as alice git push -q origin main
base=$(as alice git rev-parse HEAD)
assert_eq 1 "$(executions)" "the baseline ran once"

# --- queue 6 variants and a failing one; run them 2 at a time ---------------------
variants=("v-l2-0:0.0:true" "v-l2-1:1.0:true" "v-l2-10:10.0:true" "v-l2-0-noint:0.0:false"
  "v-l2-1-noint:1.0:false" "v-l2-10-noint:10.0:false")
for v in "${variants[@]}"; do
  IFS=: read -r name l2 icpt <<<"$v"
  out=$(as alice git dvx exp run --queue --name "$name" -S "train.l2=$l2" -S "train.intercept=$icpt")
  assert_contains "$out" "queued experiment '$name'" "queue $name"
done
as alice git dvx exp run --queue --name bad -S train.l2=-1.0 >/dev/null
queue=$(as alice git dvx exp queue)
assert_eq 7 "$(printf '%s\n' "$queue" | wc -l | tr -d ' ')" "7 queued: $queue"
before=$(snapshot "$A")
run_capture as alice git dvx exp run --run-all -j 2
assert_eq 1 "$RC" "run-all exits 1 when a variant failed: $OUT"
assert_contains "$OUT" "1 of 7 experiments failed: bad" "failure summary"
assert_contains "$OUT" "v-l2-1: train  running" "progress stage by stage, prefixed by the variant"
assert_contains "$OUT" "v-l2-1: succeeded, recorded as refs/dvx/exps/v-l2-1" "outcome line"
assert_contains "$OUT" "bad: failed (stage 'train' failed with exit code 3), recorded as refs/dvx/exps-failed/bad" "failed line"
after=$(snapshot "$A")
[ "$before" = "$after" ] && pass || fail "worktree or index changed: $(diff <(echo "$before") <(echo "$after"))"
assert_eq "$base" "$(as alice git rev-parse HEAD)" "HEAD unchanged"
assert_eq 1 "$(as alice git worktree list | wc -l | tr -d ' ')" "temporary worktrees removed"
assert_eq "" "$(as alice git dvx exp queue)" "queue emptied"
assert_eq 8 "$(executions)" "6 variants + bad ran once each"
ok "7 queued variants run -j 2 in temporary worktrees; worktree and index untouched"

# Refs: one commit per experiment, parent = baseline; the failure keeps its log.
for v in "${variants[@]}"; do
  name=${v%%:*}
  assert_eq "$base" "$(as alice git rev-parse "refs/dvx/exps/$name^")" "$name's parent is the baseline"
done
msg=$(as alice git log -1 --format=%B refs/dvx/exps-failed/bad)
assert_contains "$msg" "l2 must be >= 0, got -1.0" "the failed experiment's commit keeps the log"
assert_contains "$msg" "dvx exp bad: failed" "failed subject"
as alice git cat-file -e refs/dvx/exps/bad 2>/dev/null && fail "bad recorded as succeeded" || pass
# outs are committed as pointers whose oid is the sha256 of the expected bytes
exp1=$(cd "$A" && expected 1.0 true)
want_w=$(printf '%s' "$exp1" | $PY -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["weights"])' | sha256sum | cut -d' ' -f1)
as alice git cat-file -p refs/dvx/exps/v-l2-1:model/weights.txt | grep -qx "oid sha256:$want_w" && pass ||
  fail "model/weights.txt of v-l2-1 is not a pointer to the expected bytes"
ok "experiments are commits on refs/dvx/exps/*, the failure on refs/dvx/exps-failed/bad with its log"

# --- exp show --json: exactly the expected params and metrics -----------------------
json=$(as alice git dvx exp show --json)
(cd "$A" && for v in "${variants[@]}" "base:0.5:true"; do
  IFS=: read -r name l2 icpt <<<"$v"
  echo "$name $l2 $icpt $(expected "$l2" "$icpt")"
done) >"$TEST_ROOT/expected.txt"
$PY - "$json" "$TEST_ROOT/expected.txt" "$base" <<'PY' && pass || fail "exp show --json: $json"
import json, sys
doc = json.loads(sys.argv[1]); base = sys.argv[3]
rows = {r["name"]: r for r in doc["rows"]}
exp = {}
for line in open(sys.argv[2]):
    name, l2, icpt, rest = line.split(" ", 3)
    exp[name] = (float(l2), icpt == "true", json.loads(rest)["metrics"])
baseline = [r for r in doc["rows"] if r["kind"] == "baseline"]
assert len(baseline) == 1 and baseline[0]["commit"] == base and baseline[0]["name"] == "main", baseline
names = sorted(r["name"] for r in doc["rows"] if r["kind"] == "experiment")
assert names == sorted([n for n in exp if n != "base"] + ["bad"]), names
bl2, bicpt, bmetrics = exp["base"]
assert baseline[0]["params"] == {"params.toml": {"train.l2": bl2, "train.intercept": bicpt}}, baseline[0]
assert baseline[0]["metrics"] == {"metrics.json": bmetrics}, baseline[0]
for name, (l2, icpt, metrics) in exp.items():
    if name == "base":
        continue
    r = rows[name]
    assert r["status"] == "succeeded" and r["baseline"] == base, r
    assert r["params"] == {"params.toml": {"train.l2": l2, "train.intercept": icpt}}, r
    assert r["metrics"] == {"metrics.json": metrics}, (r["metrics"], metrics)
    for k in ("mse", "r2"):
        assert abs(r["deltas"]["metrics.json"][k] - (metrics[k] - bmetrics[k])) < 1e-12, r["deltas"]
    assert set(r["deps"]) == {"train.py", "data/train.csv"}, r["deps"]
assert rows["bad"]["status"] == "failed" and rows["bad"]["params"]["params.toml"]["train.l2"] == -1.0, rows["bad"]
labels = [c["label"] for c in doc["columns"]["params"]] + [c["label"] for c in doc["columns"]["metrics"]]
assert labels == ["train.intercept", "train.l2", "mse", "r2"], labels
PY
# The table: every row, deltas, sorted by mse
table=$(as alice git dvx exp show --sort-by mse)
assert_contains "$table" "├── v-l2-0 " "tree row"
assert_contains "$table" "bad" "failed row"
order=$(printf '%s\n' "$table" | grep -o 'v-l2-[0-9a-z-]*' | tr '\n' ' ')
sorted=$($PY - "$json" <<'PY'
import json, sys
rows = [r for r in json.loads(sys.argv[1])["rows"] if r["kind"] == "experiment" and r["status"] == "succeeded"]
print(" ".join(r["name"] for r in sorted(rows, key=lambda r: r["metrics"]["metrics.json"]["mse"])) + " ")
PY
)
assert_eq "$sorted" "$order" "--sort-by mse orders the experiments"
csv=$(as alice git dvx exp show --csv --metrics mse --params train.l2)
assert_eq "name,kind,commit,baseline,status,created,train.l2,mse,delta mse" "$(printf '%s\n' "$csv" | head -1)" "csv header"
assert_eq 9 "$(printf '%s\n' "$csv" | wc -l | tr -d ' ')" "csv: header + baseline + 7 experiments"
md=$(as alice git dvx exp show --md --exps-only)
assert_contains "$md" "| Experiment | Created | State |" "markdown header"
assert_not_contains "$md" "| main |" "--exps-only leaves the commit out"
ok "exp show --json/--csv/--md/table with the values numpy computes"

# --- exp diff ---------------------------------------------------------------------------
d=$(as alice git dvx exp diff v-l2-0 v-l2-10 --json)
$PY - "$d" <<'PY' && pass || fail "exp diff: $d"
import json, sys
d = json.loads(sys.argv[1])
assert d["params"] == {"params.toml": {"train.l2": {"old": 0.0, "new": 10.0, "diff": 10.0}}}, d
assert set(d["metrics"]["metrics.json"]) == {"mse", "r2"}, d
PY
ok "exp diff compares params and metrics"

# --- exp apply: outs, params, lock and metrics into the worktree -----------------------
exp10=$(cd "$A" && expected 10.0 false)
as alice git dvx exp apply v-l2-10-noint >/dev/null
printf '%s' "$exp10" | $PY -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["weights"])' >"$TEST_ROOT/w10"
assert_file_sha "$A/model/weights.txt" "$(sha_of "$TEST_ROOT/w10")" "applied weights = numpy's"
assert_eq "$(printf '%s' "$exp10" | $PY -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["metrics"], sort_keys=True))')" \
  "$(cat "$A/metrics.json")" "applied metrics.json"
assert_contains "$(cat "$A/params.toml")" "l2 = 10.0" "applied params"
assert_contains "$(cat "$A/params.toml")" "intercept = false" "applied params"
[ "$(as alice git show refs/dvx/exps/v-l2-10-noint:dvx.lock)" = "$(cat "$A/dvx.lock")" ] && pass || fail "applied dvx.lock"
assert_eq "$base" "$(as alice git rev-parse HEAD)" "apply keeps HEAD"
# the applied state is up to date for repro: nothing runs
out=$(as alice git dvx repro)
assert_contains "$out" "train  up to date" "repro after apply"
# local changes are not overwritten without --force
echo "# mine" >>"$A/params.toml"
expect_failure as alice git dvx exp apply v-l2-0
assert_contains "$OUT" "would overwrite local changes to" "apply refuses over local changes"
assert_contains "$OUT" "params.toml" "names the file"
as alice git checkout -q -- .
ok "exp apply writes the experiment's outs byte for byte"

# --- the run cache: a repeated variant is restored, not run ---------------------------
n=$(executions)
out=$(as alice git dvx exp run --name again -S train.l2=1.0)
assert_contains "$out" "again: train  restored   from run cache, not executed" "restored line"
assert_eq "$n" "$(executions)" "the repeated variant did not execute"
assert_eq "$(as alice git rev-parse refs/dvx/exps/v-l2-1^{tree})" "$(as alice git rev-parse refs/dvx/exps/again^{tree})" \
  "same tree as the first run of that variant"
expect_failure as alice git dvx exp run --name again -S train.l2=2.0
assert_contains "$OUT" "an experiment named 'again' exists already" "names are unique"
ok "a repeated variant comes from the shared run cache"

# --- exp push; a fresh clone with its own HOME and cache ---------------------------------
out=$(as alice git dvx exp push origin)
assert_contains "$out" "pushed 8 experiment refs to 'origin'" "push summary"
assert_contains "$out" "uploaded to store 'store'" "data uploaded"
# every out of every experiment is in the store
for v in "${variants[@]}"; do
  name=${v%%:*}
  oid=$(as alice git cat-file -p "refs/dvx/exps/$name:model/weights.txt" | sed -n 's/^oid sha256://p')
  store_oids | grep -qx "$oid" && pass || fail "$name's weights ($oid) not in the store"
done
rm -rf "$TEAM/carol"
(HOME=$(_team_home carol) git clone -q "$TEAM_ORIGIN" "$TEAM/carol")
oid0=$(as alice git cat-file -p refs/dvx/exps/v-l2-0-noint:model/weights.txt | sed -n 's/^oid sha256://p')
[ ! -e "$TEAM/carol/.git/dvx/objects/${oid0:0:2}/${oid0:2:2}/$oid0" ] && pass || fail "carol's cache should not hold $oid0 yet"
assert_eq 0 "$(as carol git dvx exp show --json | $PY -c 'import json,sys; print(sum(r["kind"] == "experiment" for r in json.load(sys.stdin)["rows"]))')" \
  "no experiments before exp pull"
out=$(as carol git dvx exp pull origin)
assert_contains "$out" "8 experiments after fetching from 'origin'" "pull summary"
json_c=$(as carol git dvx exp show --json)
$PY - "$json" "$json_c" <<'PY' && pass || fail "carol's exp show differs from alice's"
import json, sys
a, c = (json.loads(x) for x in sys.argv[1:3])
strip = lambda d: {r["name"]: (r["params"], r["metrics"], r["commit"]) for r in d["rows"]}
sa, sc = strip(a), strip(c)
sc.pop("again")
assert sa == sc, (sa, sc)
PY
exp0=$(cd "$A" && expected 0.0 false)
printf '%s' "$exp0" | $PY -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["weights"])' >"$TEST_ROOT/w0"
as carol git dvx exp apply v-l2-0-noint >/dev/null
assert_file_sha "$TEAM/carol/model/weights.txt" "$(sha_of "$TEST_ROOT/w0")" "carol's applied weights = numpy's"
assert_contains "$(cat "$TEAM/carol/params.toml")" "intercept = false" "carol's applied params"
ok "after exp push, a fresh clone pulls the experiments and applies one with its data"

# --- concurrent exp run processes; a killed run's worktree -------------------------------
# Two `exp run` processes at once: their `git worktree add/remove` take turns.
as alice git dvx exp run --name par-a -S train.l2=2.0 >"$TEST_ROOT/par-a.out" 2>&1 &
pa=$!
as alice git dvx exp run --name par-b -S train.l2=3.0 >"$TEST_ROOT/par-b.out" 2>&1 &
pb=$!
wait "$pa" && pass || fail "exp run par-a failed: $(cat "$TEST_ROOT/par-a.out")"
wait "$pb" && pass || fail "exp run par-b failed: $(cat "$TEST_ROOT/par-b.out")"
for n in par-a par-b; do
  as alice git cat-file -e "refs/dvx/exps/$n" 2>/dev/null && pass || fail "no ref for $n"
done
worktrees() { as alice git worktree list --porcelain | grep -c '^worktree '; }
assert_eq 1 "$(worktrees)" "only the main worktree after concurrent runs"
# A run killed mid-stage (train.py blocks opening a FIFO as its counter)
# leaves its worktree; the next run removes it.
mkfifo "$TEST_ROOT/block"
(cd "$A" && HOME=$(_team_home alice) EXP_COUNTER=$TEST_ROOT/block exec setsid git dvx exp run --name killed -S train.l2=4.0) \
  >/dev/null 2>&1 &
killed=$!
blocked() {  # this run's train.py has started (its folder is the run's worktree)
  local p
  for p in $(pgrep -f "python3 train.py"); do
    [[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" == "$A"/.git/dvx/exp-worktrees/killed-* ]] && return 0
  done
  return 1
}
for _ in $(seq 1 500); do
  blocked && break
  sleep 0.02
done
kill -9 -- "-$killed" 2>/dev/null || true
wait "$killed" 2>/dev/null || true  # SIGKILLed: 137
left=$(ls -d "$A"/.git/dvx/exp-worktrees/killed-* 2>/dev/null | wc -l)
assert_eq 1 "$left" "the killed run left its worktree (precondition)"
assert_eq 2 "$(worktrees)" "git lists the killed run's worktree (precondition)"
as alice git dvx exp run --name after-kill -S train.l2=6.0 >/dev/null
assert_eq 0 "$(ls -d "$A"/.git/dvx/exp-worktrees/killed-* 2>/dev/null | wc -l)" "the next run removed the killed run's worktree"
assert_eq 1 "$(worktrees)" "git lists only the main worktree again"
as alice git dvx exp remove par-a par-b after-kill >/dev/null
ok "concurrent exp run processes; a killed run's worktree is removed by the next run"

# --- uncommitted changes are part of the experiment (as with dvc exp run) ---------------
sed -i 's/^l2 = 0.5$/l2 = 7.0/' "$A/params.toml"
before=$(snapshot "$A")
out=$(as alice git dvx exp run --name workspace)
assert_contains "$out" "workspace: running from ${base:0:7} with the uncommitted changes (baseline params)" "says so"
assert_eq "$before" "$(snapshot "$A")" "worktree (with the edit) and index untouched"
assert_eq "$base" "$(as alice git rev-parse refs/dvx/exps/workspace^)" "parent: the baseline"
exp7=$(cd "$A" && expected 7.0 true)
want7=$(printf '%s' "$exp7" | $PY -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["weights"])' | sha256sum | cut -d' ' -f1)
as alice git cat-file -p refs/dvx/exps/workspace:model/weights.txt | grep -qx "oid sha256:$want7" && pass ||
  fail "the experiment did not run with the worktree's l2 = 7.0"
row=$(as alice git dvx exp show --json | $PY -c '
import json, sys
r = [r for r in json.load(sys.stdin)["rows"] if r["name"] == "workspace"][0]
print(r["params"]["params.toml"]["train.l2"], r["metrics"]["metrics.json"]["mse"])')
assert_eq "7.0 $(printf '%s' "$exp7" | $PY -c 'import json,sys; print(json.load(sys.stdin)["metrics"]["mse"])')" "$row" \
  "exp show: the worktree's param and numpy's mse"
as alice git checkout -q -- params.toml
as alice git dvx exp remove workspace >/dev/null
ok "uncommitted changes to tracked files run in the experiment; the worktree keeps them"

# --- remove, branch, bad input --------------------------------------------------------------
out=$(as alice git dvx exp branch v-l2-1 tuned)
assert_contains "$out" "branch 'tuned' created at experiment 'v-l2-1'" "branch"
assert_eq "$(as alice git rev-parse refs/dvx/exps/v-l2-1)" "$(as alice git rev-parse tuned)" "branch at the experiment"
expect_failure as alice git dvx exp branch v-l2-1 tuned
assert_contains "$OUT" "a branch named 'tuned' exists already" "branch exists"
as alice git dvx exp remove again bad >/dev/null
as alice git cat-file -e refs/dvx/exps/again 2>/dev/null && fail "again not removed" || pass
as alice git cat-file -e refs/dvx/exps-failed/bad 2>/dev/null && fail "bad not removed" || pass
expect_failure as alice git dvx exp remove nothing-here
assert_contains "$OUT" "no experiment 'nothing-here'" "remove unknown"
expect_failure as alice git dvx exp apply nothing-here
assert_contains "$OUT" "no experiment 'nothing-here' (git dvx exp show lists them)" "apply unknown"
expect_failure as alice git dvx exp run --name "../x" -S train.l2=1.0
assert_contains "$OUT" "bad experiment name '../x'" "bad name"
expect_failure as alice git dvx exp run -S train.l2
assert_contains "$OUT" "-S expects [file:]key=value, got 'train.l2'" "bad -S"
expect_failure as alice git dvx exp show --sort-by nope
assert_contains "$OUT" "--sort-by nope: no param or metric of that name" "bad sort"
ok "exp branch, remove and errors"
finish
