#!/usr/bin/env bash
# Templating in dvx.toml as in DVC's dvc.yaml: top-level and stage-level
# vars (params.yaml, file:keys, inline tables), ${a.b} in cmd/deps/outs,
# foreach over a table var and a list, matrix; the generated stages run end
# to end (the files their commands write are checked), are named as DVC
# names them in dvx.lock, `stage list`, `dag` and `repro NAME@KEY` / `repro
# NAME`, and a param change re-runs exactly the expanded stages that depend
# on it. Errors name the file, line and the undefined key.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

cd "$TEST_ROOT" && git init -q repo && cd repo
git config user.email t@example.com && git config user.name t
cat >params.yaml <<'P'
data:
  rows: 6
models:
  small:
    size: 2
  large:
    size: 5
lrs: [0.1, 0.01]
P
cat >report.yaml <<'P'
report:
  title: hello
ignored: 1
P
cat >dvx.toml <<'T'
vars = ["params.yaml", { out = "out" }]

[stages.gen]
cmd = "echo gen >>\"$COUNT\" && mkdir -p ${out} && seq 1 ${data.rows} > ${out}/data.txt"
outs = ["${out}/data.txt"]

[stages.train]
foreach = "${models}"
[stages.train.do]
cmd = "echo train@${key} >>\"$COUNT\" && head -n ${item.size} ${out}/data.txt > ${out}/model-${key}.txt"
deps = ["${out}/data.txt"]
outs = ["${out}/model-${key}.txt"]

[stages.tune]
matrix = { model = ["small", "large"], lr = "${lrs}" }
cmd = "echo tune@${key} >>\"$COUNT\" && { echo ${item.model} ${item.lr}; wc -l < ${out}/model-${item.model}.txt; } > ${out}/tune-${key}.txt"
deps = ["${out}/model-${item.model}.txt"]
outs = ["${out}/tune-${key}.txt"]

[stages.report]
foreach = ["x", "y"]
do = { vars = ["report.yaml:report"], cmd = "echo report@${item} >>\"$COUNT\" && echo ${report.title} ${item} > ${out}/report-${item}.txt", outs = ["${out}/report-${item}.txt"] }
T

expanded="gen train@large train@small tune@small-0.1 tune@small-0.01 tune@large-0.1 tune@large-0.01 report@x report@y"

# 1. stage list and dag use the expanded names.
list=$(git dvx stage list)
for s in $expanded; do assert_contains "$list" "$s" "stage list"; done
assert_not_contains "$list" '${' "stage list shows expanded values"
dag=$(git dvx dag)
assert_contains "$dag" "tune@small-0.1  <- train@small" "dag edge from a matrix stage to a foreach stage"
assert_contains "$dag" "train@large  <- gen" "dag edge"
ok "stage list and dag"

# 2. Everything runs, each generated command with its own values.
out=$(git dvx repro 2>&1) || fail "repro failed: $out"
assert_contains "$out" "9 stages ran" "first repro"
for s in $expanded; do expect_count "$s" 1; done
assert_eq "$(seq 1 6)" "$(cat out/data.txt)" "gen"
assert_eq "$(seq 1 2)" "$(cat out/model-small.txt)" "train@small"
assert_eq "$(seq 1 5)" "$(cat out/model-large.txt)" "train@large"
assert_eq "$(printf 'large 0.01\n5')" "$(cat out/tune-large-0.01.txt)" "tune@large-0.01"
assert_eq "$(printf 'small 0.1\n2')" "$(cat out/tune-small-0.1.txt)" "tune@small-0.1"
assert_eq "hello y" "$(cat out/report-y.txt)" "report@y (stage vars file:key)"
$PY - "$expanded" <<'PY' && pass || fail "dvx.lock stages: $(grep '^\[stages' dvx.lock)"
import sys, tomllib
l = tomllib.load(open("dvx.lock", "rb"))["stages"]
assert sorted(l) == sorted(sys.argv[1].split()), sorted(l)
assert l["train@small"]["cmd"] == 'echo train@small >>"$COUNT" && head -n 2 out/data.txt > out/model-small.txt', l["train@small"]
assert l["gen"]["params"]["params.yaml"] == {"data.rows": 6}, l["gen"]
assert l["report@x"]["params"]["report.yaml"] == {"report.title": "hello"}, l["report@x"]
assert [o["path"] for o in l["tune@large-0.1"]["outs"]] == ["out/tune-large-0.1.txt"]
PY
git add -A >/dev/null && git commit -qm base
assert_eq "" "$(git dvx status 2>&1 | grep -E '@|gen' || true)" "nothing stale after repro"
ok "foreach, matrix and vars run end to end"

# 3. A param change re-runs exactly the expanded stages that depend on it.
out=$(git dvx repro -S models.small.size=3 2>&1) || fail "repro -S failed: $out"
assert_contains "$out" "3 stages ran" "models.small.size: train@small and its two tune stages"
for s in train@small tune@small-0.1 tune@small-0.01; do expect_count "$s" 2; done
for s in gen train@large tune@large-0.1 tune@large-0.01 report@x report@y; do expect_count "$s" 1; done
assert_eq "$(printf 'small 0.01\n3')" "$(cat out/tune-small-0.01.txt)" "tune@small-0.01 after the change"
ok "a param change re-runs exactly the dependent expanded stages"

# 4. repro NAME@KEY runs that stage (and its upstream), repro NAME the whole group.
rm out/report-x.txt out/model-large.txt
out=$(git dvx repro --no-run-cache report@x)
assert_contains "$out" "1 stage ran, 0 restored from run cache, 0 up to date" "repro report@x"
expect_count report@x 2
expect_count report@y 1
out=$(git dvx repro --no-run-cache train)
assert_contains "$out" "1 stage ran, 0 restored from run cache, 2 up to date" "repro train (the group and gen)"
expect_count train@large 2
expect_count train@small 2
expect_failure git dvx repro train@medium
assert_contains "$OUT" "no stage 'train@medium' in dvx.toml" "unknown generated stage"
ok "repro NAME@KEY and repro NAME"

# 5. Errors name the file, line, stage and the undefined key.
cp dvx.toml dvx.toml.good
sed -i 's/head -n ${item.size}/head -n ${item.rows}/' dvx.toml
expect_failure git dvx repro
assert_contains "$OUT" "dvx.toml:10: stage 'train@large': cmd: '\${item.rows}': 'item.rows' is not defined (vars from: params.yaml, vars[1], item, key)" "undefined key"
cp dvx.toml.good dvx.toml
sed -i 's/^vars = .*/vars = ["params.yaml", "nothere.yaml"]/' dvx.toml
expect_failure git dvx stage list
assert_contains "$OUT" "dvx.toml:1: vars: vars file 'nothere.yaml' does not exist" "missing vars file"
cp dvx.toml.good dvx.toml
ok "templating errors"

finish
