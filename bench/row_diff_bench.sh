#!/usr/bin/env bash
# Row-diff benchmark: `git dvx diff PATH --rows --key id v1 v2` against
# pandas doing the same work (read both CSV versions, merge on the key with
# indicator=True, count added/removed and, on matched rows, modified rows and
# changed cells per column) on the same two files, under hyperfine; checks
# that both give the same counts. Also times git dvx alone with --memory far
# below the data (the spilling path).
#
# usage: bench/row_diff_bench.sh [ROWS]   (default 1,000,000 rows x 10 columns)
# env:   DVX_BIN (default build/git-dvx), RUNS (default 3)
set -euo pipefail
ROWS=${1:-1000000}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$HERE/build/git-dvx}
PY=/usr/bin/python3
[ -x "$DVX_BIN" ] || { echo "git-dvx not found at $DVX_BIN (set DVX_BIN)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is required (install/deps.sh)" >&2; exit 2; }
. "$HERE/bench/lib_bench.sh"
bench_workdir row-diff-bench
bench_home "$work" "$DVX_BIN"
cd "$work"

echo "generating 2 x $ROWS rows x 10 columns ..." >&2
$PY - "$ROWS" <<'PY'
import sys
import numpy as np, pandas as pd
n = int(sys.argv[1])
rng = np.random.default_rng(17)
cities = np.array(["Paris", "Berlin", "Rome", "Madrid", "Lisbon", "Vienna", "Prague", "Oslo"])
df = pd.DataFrame({
    "id": np.arange(n),
    "a": rng.normal(0, 1, n).round(6), "b": rng.normal(10, 3, n).round(4), "c": rng.exponential(2, n).round(5),
    "d": rng.integers(0, 1000, n), "e": rng.integers(0, 10**9, n),
    "city": cities[rng.integers(0, len(cities), n)],
    "code": np.char.add("C", rng.integers(0, 100000, n).astype(str)),
    "flag": rng.integers(0, 2, n).astype(bool),
    "f": rng.uniform(0, 1, n).round(6),
})
df.to_csv("v1.csv", index=False)
keep = rng.random(n) > 0.01                      # 1% removed
v2 = df[keep].copy()
mod = rng.random(len(v2)) < 0.05                 # 5% modified
v2.loc[mod, "b"] = (v2.loc[mod, "b"] + 1).round(4)
v2.loc[mod & (rng.random(len(v2)) < 0.3), "city"] = "Athens"
added = df.sample(n // 50, random_state=1).copy()  # 2% added
added["id"] = np.arange(n, n + len(added))
v2 = pd.concat([v2, added]).sample(frac=1, random_state=2)
v2.to_csv("v2.csv", index=False)
PY

git init -q repo && cd repo
git dvx install --local >/dev/null
git dvx track '*.csv' >/dev/null
cp ../v1.csv data.csv && git add .gitattributes data.csv && git commit -qm v1 && git tag v1
cp ../v2.csv data.csv && git add data.csv && git commit -qm v2 && git tag v2

cat >../pandas_diff.py <<'PY'
import json, sys
import pandas as pd
b, a = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
m = b.merge(a, on="id", how="outer", indicator=True, suffixes=("_b", "_a"))
both = m[m["_merge"] == "both"]
cols = [c for c in b.columns if c != "id"]
changed = {c: int((both[c + "_b"] != both[c + "_a"]).sum()) for c in cols}
modified = int(pd.concat([both[c + "_b"] != both[c + "_a"] for c in cols], axis=1).any(axis=1).sum())
print(json.dumps({"added": int((m["_merge"] == "right_only").sum()), "removed": int((m["_merge"] == "left_only").sum()),
                  "modified": modified, "changed_cells": changed}, sort_keys=True))
PY
ours=$(git dvx diff data.csv --rows --key id v1 v2 --json | $PY -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({k: d[k] for k in ("added", "removed", "modified", "changed_cells")}, sort_keys=True))')
theirs=$($PY ../pandas_diff.py ../v1.csv ../v2.csv)
echo "git dvx: $ours"
echo "pandas:  $theirs"
[ "$ours" = "$theirs" ] || { echo "COUNTS DIFFER" >&2; exit 1; }
echo "counts equal"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -w 1 -r "$RUNS" --export-json ../hf.json \
  -n "git dvx diff --rows" "git dvx diff data.csv --rows --key id v1 v2 --json >/dev/null" \
  -n "pandas merge" "$PY ../pandas_diff.py ../v1.csv ../v2.csv >/dev/null" \
  -n "git dvx diff --rows --memory 64MiB (spill)" "git dvx diff data.csv --rows --key id v1 v2 --json --memory 64MiB >/dev/null" \
  -n "floor: cat both files" "cat ../v1.csv ../v2.csv >/dev/null"
$PY - ../hf.json <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, pandas = r["git dvx diff --rows"]["mean"], r["pandas merge"]["mean"]
print(f"ratio git dvx / pandas: {ours / pandas:.3f} (goal <= 0.2)")
for name, x in r.items():
    print(f"  {name}: mean {x['mean']:.3f} s, user {x['user']:.3f} s, system {x['system']:.3f} s")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
