#!/usr/bin/env bash
# Pipeline part of the git-dvx demo: a prepare -> train -> evaluate pipeline
# in Python, run with `git dvx repro`, a param change that re-runs only what
# it affects, and commits of dvx.lock, params and metrics (the outs go
# through the dvx filter as pointers).
#
# usage: install/demo_pipeline.sh REPO   (a git repository; `git dvx install`
#        is run in it with --local if the dvx filter is not configured yet)
set -euo pipefail
repo=${1:?usage: demo_pipeline.sh REPO}
cd "$repo"
git rev-parse --git-dir >/dev/null
if [ -z "$(git config filter.dvx.process || true)" ]; then git dvx install --local; fi
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

mkdir -p src data
python3 - <<'PY'
import random
random.seed(7)
with open("data/raw.csv", "w") as f:
    f.write("x,y\n")
    for _ in range(500):
        x = random.uniform(0, 10)
        f.write(f"{x:.4f},{3 * x + 2 + random.gauss(0, 1):.4f}\n")
PY
cat >src/prepare.py <<'PY'
import csv, sys, tomllib
split = tomllib.load(open("params.toml", "rb"))["prepare"]["split"]
rows = list(csv.reader(open("data/raw.csv")))[1:]
cut = int(len(rows) * split)
for name, part in (("train", rows[:cut]), ("test", rows[cut:])):
    with open(f"data/{name}.csv", "w") as f:
        f.write("x,y\n" + "".join(f"{x},{y}\n" for x, y in part))
PY
cat >src/train.py <<'PY'
import csv, json, tomllib
p = tomllib.load(open("params.toml", "rb"))["train"]
rows = [(float(x), float(y)) for x, y in list(csv.reader(open("data/train.csv")))[1:]]
a, b = 0.0, 0.0
for _ in range(p["epochs"]):  # plain gradient descent on y = a*x + b
    ga = sum((a * x + b - y) * x for x, y in rows) * 2 / len(rows)
    gb = sum((a * x + b - y) for x, y in rows) * 2 / len(rows)
    a, b = a - p["lr"] * ga, b - p["lr"] * gb
json.dump({"a": a, "b": b}, open("model.json", "w"))
PY
cat >src/evaluate.py <<'PY'
import csv, json
m = json.load(open("model.json"))
rows = [(float(x), float(y)) for x, y in list(csv.reader(open("data/test.csv")))[1:]]
mse = sum((m["a"] * x + m["b"] - y) ** 2 for x, y in rows) / len(rows)
json.dump({"mse": round(mse, 4), "n": len(rows)}, open("metrics.json", "w"), indent=2)
PY
cat >params.toml <<'T'
[prepare]
split = 0.8

[train]
epochs = 20
lr = 0.01
T
cat >dvx.toml <<'T'
[stages.prepare]
cmd = "python3 src/prepare.py"
deps = ["src/prepare.py", "data/raw.csv"]
outs = ["data/train.csv", "data/test.csv"]
params = ["prepare.split"]

[stages.train]
cmd = "python3 src/train.py"
deps = ["src/train.py", "data/train.csv"]
outs = ["model.json"]
params = ["train.epochs", "train.lr"]

[stages.evaluate]
cmd = "python3 src/evaluate.py"
deps = ["src/evaluate.py", "model.json", "data/test.csv"]
metrics = ["metrics.json"]
T
git dvx track data/raw.csv >/dev/null 2>&1 || echo 'data/raw.csv filter=dvx -text' >>.gitattributes

say git dvx dag
git dvx dag
say git dvx repro
git dvx repro
git add .gitattributes dvx.toml dvx.lock params.toml metrics.json src data model.json
git commit -qm "pipeline: prepare -> train -> evaluate"
say git dvx metrics show
git dvx metrics show

say git dvx repro -S train.epochs=200 "   # only train and evaluate re-run"
git dvx repro -S train.epochs=200
say git dvx params diff
git dvx params diff
say git dvx metrics diff
git dvx metrics diff
git add dvx.lock params.toml metrics.json model.json
git commit -qm "train longer: epochs 20 -> 200"
say git show --stat HEAD
git show --stat --format='%h %s' HEAD
say "git show HEAD:model.json   # committed as a pointer through the dvx filter"
git show HEAD:model.json
