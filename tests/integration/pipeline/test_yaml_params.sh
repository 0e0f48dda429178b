#!/usr/bin/env bash
# params.yaml as DVC users write it (block lists, anchors and merge keys,
# block scalars, comments): repro, status and params diff read it right
# (python's yaml is the oracle of its values); `-S` edits it in place (or
# rewrites it, with a note, for a block list) and re-runs exactly the stages
# that use the key; `--dry-run -S` shows the change and the stages without
# writing; bad keys and bad YAML are refused naming the file.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pipeline_lib.sh"

cd "$TEST_ROOT" && git init -q repo && cd repo
git config user.email t@example.com && git config user.name t
mkdir -p src
cat >params.yaml <<'P'
# model settings
base: &base
  lr: 0.1
  batch: 32
train:
  <<: *base
  epochs: 20   # passes
  layers:
    - 64
    - 32
unused:        # no stage reads this
  - a
  - {b: 1}
note: |
  two
  lines
P
# The train stage reads its params with python's yaml (not git-dvx's parser).
cat >src/train.py <<'PY'
import yaml
p = yaml.safe_load(open("params.yaml"))["train"]
print(p["layers"], p["lr"], p["batch"])
PY
cat >dvx.toml <<'T'
[stages.train]
cmd = "echo train >>\"$COUNT\" && /usr/bin/python3 src/train.py > model.txt"
deps = ["src/train.py"]
params = ["train.layers", "train.lr", "train.batch"]
outs = ["model.txt"]

[stages.eval]
cmd = "echo eval >>\"$COUNT\" && echo epochs=${train.epochs} > eval.txt"
outs = ["eval.txt"]

[stages.other]
cmd = "echo other >>\"$COUNT\" && echo other > other.txt"
outs = ["other.txt"]
T

# 1. Every stage runs with the values python's yaml reads.
out=$(git dvx repro 2>&1) || fail "first repro failed: $out"
assert_contains "$out" "3 stages ran" "first repro"
assert_eq "[64, 32] 0.1 32" "$(cat model.txt)" "model.txt from params.yaml"
assert_eq "epochs=20" "$(cat eval.txt)" "\${train.epochs} interpolated"
$PY -c "
import tomllib; l = tomllib.load(open('dvx.lock', 'rb'))['stages']
assert l['train']['params']['params.yaml'] == {'train.batch': 32, 'train.layers': [64, 32], 'train.lr': 0.1}, l['train']
assert l['eval']['params']['params.yaml'] == {'train.epochs': 20}, l['eval']
assert l['eval']['cmd'] == 'echo eval >>\"\$COUNT\" && echo epochs=20 > eval.txt', l['eval']['cmd']
" && pass || fail "dvx.lock params from params.yaml"
st=$(git dvx status 2>&1)
assert_not_contains "$st" "train" "status after repro"
assert_not_contains "$st" "eval" "status after repro"
git add -A >/dev/null && git commit -qm base
ok "params.yaml with block lists, anchors and merge keys"

# 2. A change to a key no stage uses changes nothing.
sed -i 's/^  - a$/  - a2/' params.yaml
st=$(git dvx status 2>&1)
assert_not_contains "$st" "train" "status after editing an unused block list"
out=$(git dvx repro)
assert_contains "$out" "0 stages ran, 0 restored from run cache, 3 up to date" "repro after editing an unused key"
git checkout -q params.yaml
ok "unused block list"

# 3. --dry-run -S: what would change and run; nothing written or run.
before=$(sha_of params.yaml)
out=$(git dvx repro --dry-run -S train.epochs=30)
assert_contains "$out" "would set  params.yaml  train.epochs  20 -> 30" "dry run names the change"
assert_eq "would run" "$(echo "$out" | grep '^eval ' | sed 's/^eval *//; s/  (.*//')" "dry run: eval"
assert_contains "$(echo "$out" | grep '^eval ')" "params changed: train.epochs" "dry run reason"
assert_eq "up to date" "$(echo "$out" | grep '^train ' | sed 's/^train *//')" "dry run: train"
assert_contains "$out" "1 stage would run" "dry run count"
assert_file_sha params.yaml "$before" "dry run leaves params.yaml"
for s in train eval other; do expect_count $s 1; done
ok "repro --dry-run -S"

# 4. -S on a one-line value: in place, comments kept, exactly eval re-runs.
out=$(git dvx repro -S train.epochs=30 2>&1) || fail "repro -S failed: $out"
assert_eq "  epochs: 30   # passes" "$(sed -n 7p params.yaml)" "-S edits the value in place"
assert_eq "$(git show HEAD:params.yaml | sed 7d)" "$(sed 7d params.yaml)" "-S leaves the other lines"
assert_eq "30" "$($PY -c "import yaml; print(yaml.safe_load(open('params.yaml'))['train']['epochs'])")" "python reads 30"
assert_eq "epochs=30" "$(cat eval.txt)" "eval re-ran with 30"
expect_count eval 2
expect_count train 1
expect_count other 1
diff=$(git dvx params diff)
assert_contains "$diff" "params.yaml" "params diff"
assert_eq "train.epochs 20 30 10" "$(echo "$diff" | grep 'train.epochs' | awk '{print $2, $3, $4, $5}' | sed 's/+//')" "params diff row"
ok "repro -S on params.yaml"

# 5. -S on a block list: the file is written anew (with a note), values as before.
out=$(git dvx repro -S 'train.layers=[128, 64]' 2>&1) || fail "repro -S list failed: $out"
assert_contains "$out" "params.yaml: 'train.layers' is not a one-line value: the whole file is written anew" "note"
$PY -c "
import yaml
p = yaml.safe_load(open('params.yaml'))
assert p['train'] == {'lr': 0.1, 'batch': 32, 'epochs': 30, 'layers': [128, 64]}, p
assert p['base'] == {'lr': 0.1, 'batch': 32} and p['unused'] == ['a', {'b': 1}] and p['note'] == 'two\nlines\n', p
" && pass || fail "params.yaml after -S on a list: $(cat params.yaml)"
assert_eq "[128, 64] 0.1 32" "$(cat model.txt)" "train re-ran with the new list"
expect_count train 2
expect_count eval 2
diff=$(git dvx params diff)
assert_contains "$(echo "$diff" | grep train.layers)" "[64,32]" "params diff shows the old list"
assert_contains "$(echo "$diff" | grep train.layers)" "[128,64]" "params diff shows the new list"
ok "repro -S on a block list"

# 6. Bad keys and bad values are refused before anything is written or run.
before=$(sha_of params.yaml)
expect_failure git dvx repro -S train.nope=1
assert_contains "$OUT" "param 'train.nope' not found in 'params.yaml' (-S changes existing keys only)" "bad key"
expect_failure git dvx repro --dry-run -S train.epochs=5 -S nope=1
assert_contains "$OUT" "param 'nope' not found in 'params.yaml'" "bad key in a dry run"
expect_failure git dvx repro -S train.epochs
assert_contains "$OUT" "-S expects [file:]key=value" "no value"
expect_failure git dvx repro -S missing.yaml:a=1
assert_contains "$OUT" "params file 'missing.yaml' does not exist" "missing file"
assert_file_sha params.yaml "$before" "refused -S leaves params.yaml"
expect_count train 2
expect_count eval 2
expect_count other 1
ok "bad -S refused"

# 7. Invalid YAML names the file and line.
printf 'train:\n  epochs: 1\n  lr: [1, 2\n' >params.yaml
expect_failure git dvx repro
assert_contains "$OUT" "params.yaml:" "invalid YAML names the file"
assert_contains "$OUT" "invalid YAML" "invalid YAML message"
ok "invalid params.yaml"

finish
