#!/usr/bin/env bash
# dvc.yaml's templating (vars, foreach, matrix), wdir, frozen and a
# params.yaml with nested lists are written to dvx.toml in its templating
# syntax, not expanded (checked with Python's tomllib). The last part (repro
# up to date on the expanded stages train@small/train@large) needs the
# templating of dvx.toml (issue 16, the `yaml` branch).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
git dvx install --global --skip-repo >/dev/null

mkdir -p "$TEST_ROOT/proj/.dvc" "$TEST_ROOT/proj/reports" && cd "$TEST_ROOT/proj"
git init -q
printf '[core]\n' > .dvc/config
cat > params.yaml <<'YAML'
train:
  layers:
    - 64
    - 32
  opt: &opt
    name: sgd
    momentum: 0.9
lrs: [0.1, 0.01]
tune: *opt
YAML
cat > dvc.yaml <<'YAML'
vars:
  - params.yaml
  - seed: 7
    label: "007"
stages:
  train:
    foreach:
      - small
      - large
    do:
      cmd: echo ${item} ${seed} > model-${item}.txt
      params:
        - train.layers
      outs:
        - model-${item}.txt
  tune:
    matrix:
      opt: [sgd, adam]
      lr: ${lrs}
    cmd: echo ${item.opt} ${item.lr} > tune-${item.opt}-${item.lr}.txt
    outs:
      - tune-${item.opt}-${item.lr}.txt:
          cache: false
          persist: true
  report:
    wdir: reports
    cmd: cat ../model-small.txt > report.txt
    deps:
      - ../model-small.txt
    outs:
      - report.txt
    frozen: true
    meta:
      owner: me
YAML
for s in small large; do echo "$s 7" > "model-$s.txt"; done
md5() { md5sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
{
  echo "schema: '2.0'"
  echo "stages:"
  for s in small large; do
    echo "  train@$s:"
    echo "    cmd: echo $s 7 > model-$s.txt"
    echo "    params:"
    echo "      params.yaml:"
    echo "        train.layers:"
    echo "        - 64"
    echo "        - 32"
    echo "    outs:"
    echo "    - path: model-$s.txt"
    echo "      hash: md5"
    echo "      md5: $(md5 "model-$s.txt")"
    echo "      size: $(size "model-$s.txt")"
  done
} > dvc.lock
printf '/model-small.txt\n/model-large.txt\n' > .gitignore
git add -A && git commit -qm "DVC pipeline with templating"

run_capture git dvx migrate dvc --no-push
assert_eq 0 "$RC" "migrate exits 0: $OUT"
assert_contains "$OUT" "stage 'tune': out 'tune-\${item.opt}-\${item.lr}.txt': persist" "persist is listed as not converted"
assert_contains "$OUT" "stage 'report': meta" "meta is listed as not converted"
$PY - <<'PY' > "$TEST_ROOT/toml.txt"
import json, tomllib
t = tomllib.load(open("dvx.toml", "rb"))
print(json.dumps(t, sort_keys=True))
PY
expected='{"stages": {"report": {"cmd": "cat ../model-small.txt > report.txt", "deps": ["../model-small.txt"], "frozen": true, "outs": ["report.txt"], "wdir": "reports"}, "train": {"do": {"cmd": "echo ${item} ${seed} > model-${item}.txt", "outs": ["model-${item}.txt"], "params": [{"file": "params.yaml", "keys": ["train.layers"]}]}, "foreach": ["small", "large"]}, "tune": {"cmd": "echo ${item.opt} ${item.lr} > tune-${item.opt}-${item.lr}.txt", "matrix": {"lr": "${lrs}", "opt": ["sgd", "adam"]}, "outs": [{"cache": false, "path": "tune-${item.opt}-${item.lr}.txt"}]}}, "vars": ["params.yaml", {"label": "007", "seed": 7}]}'
assert_eq "$expected" "$(cat "$TEST_ROOT/toml.txt")" "dvx.toml keeps vars, foreach, matrix, wdir and frozen, unexpanded"
for s in small large; do
  assert_eq "$(git lfs pointer --file="model-$s.txt" 2>/dev/null)" "$(git cat-file -p "HEAD:model-$s.txt")" "model-$s.txt tracked"
done

# The expanded stages: those dvc.lock recorded are up to date; the matrix
# stages, which the DVC project never ran (not in its dvc.lock), are new and
# named as DVC names them, axes in dvc.yaml's order (opt, then lr).
run_capture git dvx repro --dry-run
assert_eq 0 "$RC" "repro --dry-run: $OUT"
for s in small large; do
  assert_eq "up to date" "$(echo "$OUT" | awk -v s="train@$s" '$1 == s {print $2, $3, $4}')" "train@$s up to date: $OUT"
done
assert_eq "frozen" "$(echo "$OUT" | awk '$1 == "report" {print $2}')" "report frozen"
assert_eq "tune@adam-0.01 tune@adam-0.1 tune@sgd-0.01 tune@sgd-0.1" \
  "$(echo "$OUT" | awk '$2 == "would" {print $1}' | sort | xargs)" "only the matrix stages would run, named as DVC names them"
finish
