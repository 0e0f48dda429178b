#!/usr/bin/env bash
# git dvx repro against a three-stage pipeline plus an independent stage:
# what runs when, dvx.lock contents (checked with sha256sum and python's toml),
# params, the run cache, failures, dry runs.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

cd "$TEST_ROOT" && git init -q repo && cd repo
mkdir -p data src
printf 'b,2\na,1\nc,3\n' >data/raw.csv
cat >params.toml <<'P'
# training parameters
[train]
epochs = 20   # passes
lr = 0.5
[other]
x = "hello"
P
cat >dvx.toml <<'T'
[stages.prepare]
cmd = "echo prepare >>\"$COUNT\" && sort data/raw.csv > data/prepared.csv"
deps = ["data/raw.csv"]
outs = ["data/prepared.csv"]

[stages.train]
cmd = "echo train >>\"$COUNT\" && mkdir -p models && { cat data/prepared.csv; grep epochs params.toml; } > models/model.txt"
deps = ["data/prepared.csv"]
outs = ["models/model.txt"]
params = ["train.epochs"]

[stages.evaluate]
cmd = "echo evaluate >>\"$COUNT\" && printf '{\"lines\": %s, \"acc\": 0.%s}\\n' $(wc -l < models/model.txt) $(wc -c < models/model.txt) > metrics.json"
deps = ["models/model.txt"]
metrics = ["metrics.json"]

[stages.other]
cmd = "echo other >>\"$COUNT\" && echo other > other.txt"
params = ["other.x"]
outs = ["other.txt"]
T

# 1. First run executes every stage, in order.
out=$(git dvx repro)
for s in prepare train evaluate other; do expect_count $s 1; done
[ "$(head -3 "$COUNT" | tr '\n' ' ')" = "prepare train evaluate " ] && pass || fail "order: $(cat "$COUNT")"
assert_contains "$out" "4 stages ran, 0 restored from run cache, 0 up to date" "output"
assert_contains "$out" "prepare" "output"
ok "first run executes every stage"

# dvx.lock oids and sizes equal sha256sum / stat of the outs and deps.
[ "$(lock_field prepare outs data/prepared.csv oid)" = "$(sha_of data/prepared.csv)" ] && pass || fail "prepare out oid"
[ "$(lock_field prepare deps data/raw.csv oid)" = "$(sha_of data/raw.csv)" ] && pass || fail "prepare dep oid"
[ "$(lock_field train outs models/model.txt oid)" = "$(sha_of models/model.txt)" ] && pass || fail "train out oid"
[ "$(lock_field train outs models/model.txt size)" = "$(stat -c %s models/model.txt)" ] && pass || fail "train out size"
[ "$(lock_field evaluate metrics metrics.json oid)" = "$(sha_of metrics.json)" ] && pass || fail "metrics oid"
$PY -c "
import tomllib; l = tomllib.load(open('dvx.lock', 'rb'))
assert l['schema'] == 1
assert l['stages']['train']['params']['params.toml'] == {'train.epochs': 20}, l['stages']['train']
assert l['stages']['other']['params']['params.toml'] == {'other.x': 'hello'}
assert l['stages']['prepare']['cmd'].startswith('echo prepare')
" && pass || fail "lock params"
# the outs are stored in the object cache under their oid
oid=$(sha_of models/model.txt)
cmp models/model.txt ".git/dvx/objects/${oid:0:2}/${oid:2:2}/$oid" && pass || fail "out not in the cache"
# outs are made trackable; metrics are not
grep -qx 'models/model.txt filter=dvx -text' .gitattributes && pass || fail ".gitattributes: $(cat .gitattributes)"
if grep -q metrics.json .gitattributes; then fail "metrics must stay plain git files"; else pass; fi
ok "dvx.lock oids equal sha256sum; outs cached and tracked"

# 2. A second run executes nothing.
cp dvx.lock "$TEST_ROOT/lock.before"
out=$(git dvx repro)
assert_contains "$out" "0 stages ran, 0 restored from run cache, 4 up to date" "output"
for s in prepare train evaluate other; do expect_count $s 1; done
cmp dvx.lock "$TEST_ROOT/lock.before" && pass || fail "no-op run changed dvx.lock"
ok "second run executes nothing"

# Dry run after editing a dep names the stages and reasons, runs nothing.
printf 'd,4\n' >>data/raw.csv
out=$(git dvx repro --dry-run)
assert_contains "$out" "would run  (deps changed: data/raw.csv)" "output"
assert_contains "$out" "upstream stage 'prepare' would run" "output"
expect_count prepare 1
ok "dry run"
out=$(git dvx status)
assert_contains "$out" "prepare: deps changed: data/raw.csv" "output"
assert_contains "$out" "train: upstream stage 'prepare' is stale" "output"
assert_not_contains "$out" "other:" "output"
out=$(git dvx status --json)
$PY -c "
import json,sys; d=json.loads(sys.argv[1])['stale_stages']
assert [s['stage'] for s in d] == ['prepare', 'train', 'evaluate'], d
assert d[0]['reasons'] == ['deps changed: data/raw.csv'], d
" "$out" && pass || fail "status --json: $out"
ok "git dvx status lists stale stages with reasons"

# 3. Editing one dep re-runs exactly that stage and its downstream.
out=$(git dvx repro)
assert_contains "$out" "deps changed: data/raw.csv" "output"
expect_count prepare 2; expect_count train 2; expect_count evaluate 2; expect_count other 1
assert_contains "$out" "3 stages ran, 0 restored from run cache, 1 up to date" "output"
[ "$(lock_field prepare deps data/raw.csv oid)" = "$(sha_of data/raw.csv)" ] && pass || fail "dep oid not updated"
ok "editing a dep re-runs the stage and its downstream only"

# 4. Changing a param re-runs only the stages that use it (and their downstream).
sed -i 's/^epochs = 20/epochs = 30/' params.toml
out=$(git dvx repro)
assert_contains "$out" "params changed: train.epochs" "output"
expect_count prepare 2; expect_count train 3; expect_count evaluate 3; expect_count other 1
grep -q 'epochs = 30' models/model.txt && pass || fail "model not retrained"
$PY -c "import tomllib; assert tomllib.load(open('dvx.lock', 'rb'))['stages']['train']['params']['params.toml']['train.epochs'] == 30"
ok "param change re-runs only stages using it"

# 5. Reverting the param restores outs from the run cache without executing.
sed -i 's/^epochs = 30/epochs = 20/' params.toml
out=$(git dvx repro)
expect_count train 3; expect_count evaluate 3
assert_contains "$out" "restored" "output"
assert_contains "$out" "0 stages ran, 2 restored from run cache" "output"
grep -q 'epochs = 20' models/model.txt && pass || fail "model not restored"
[ "$(lock_field train outs models/model.txt oid)" = "$(sha_of models/model.txt)" ] && pass || fail "restored oid"
# --no-run-cache executes instead
sed -i 's/^epochs = 20/epochs = 30/' params.toml; git dvx repro >/dev/null
sed -i 's/^epochs = 30/epochs = 20/' params.toml
git dvx repro --no-run-cache >/dev/null
expect_count train 4
ok "reverting a param restores from the run cache; --no-run-cache executes"

# -S writes the param to params.toml (keeping comments) and runs what uses it.
out=$(git dvx repro -S train.epochs=7)
grep -q '^epochs = 7   # passes' params.toml && pass || fail "-S did not rewrite params.toml: $(cat params.toml)"
grep -q '^# training parameters' params.toml && pass || fail "-S lost a comment"
expect_count train 5
grep -q 'epochs = 7' models/model.txt && pass || fail "-S value not used"
ok "-S key=value"

# 6. A failing stage keeps the lock of the stages that succeeded, stops its dependents.
sed -i 's|^cmd = "echo train >>|cmd = "test ! -e fail-train \&\& echo train >>|' dvx.toml
touch fail-train
printf 'e,5\n' >>data/raw.csv
run_capture git dvx repro
[ $RC -ne 0 ] && pass || fail "failing stage exited 0"
assert_contains "$OUT" "stage 'train' failed with exit code 1" "output"
assert_contains "$OUT" "evaluate" "output"
assert_contains "$OUT" "not run" "output"
expect_count prepare 3; expect_count evaluate 5
[ "$(lock_field prepare outs data/prepared.csv oid)" = "$(sha_of data/prepared.csv)" ] && pass || fail "prepare lock not kept"
[ "$(lock_field prepare deps data/raw.csv oid)" = "$(sha_of data/raw.csv)" ] && pass || fail "prepare dep lock not kept"
rm fail-train
out=$(git dvx repro)
assert_contains "$out" "2 stages ran" "output"
expect_count prepare 3
ok "failing stage: earlier locks kept, dependents not run, non-zero exit"

# 7. Targets and --downstream.
git dvx repro -f other >/dev/null
expect_count other 2; expect_count prepare 3
git dvx repro -f --downstream train >/dev/null
expect_count train 7; expect_count evaluate 7; expect_count prepare 3
ok "targets, -f, --downstream"

# 8. Removing an out is noticed.
rm other.txt
out=$(git dvx repro --dry-run other)
assert_contains "$out" "outs missing: other.txt" "output"
git dvx repro other | grep -q restored && pass || fail "missing out not restored from run cache"
[ "$(cat other.txt)" = other ] && pass || fail "other.txt content"
ok "missing out restored"
finish
