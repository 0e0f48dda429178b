#!/usr/bin/env bash
# Drift benchmark: `git dvx drift` against pandas.read_csv + scipy.stats.ks_2samp
# doing the same work (read both versions, one KS test per numeric column) on
# the same two CSV files, side by side under hyperfine; prints the wall-time
# ratio and checks that both give the same statistics and p-values.
# Also times drift on the same data as Parquet (written by DuckDB).
#
# The high-cardinality case (`--high-cardinality`): a text column of about
# DISTINCT distinct values (default 1,000,000) in ROWS rows (default
# 3,000,000) plus one numeric column, against pandas.read_csv +
# value_counts + scipy.stats.chi2_contingency (and ks_2samp for the
# number); prints the time ratio and both peak resident sizes.
#
# usage: bench/drift_bench.sh [ROWS]   (default 5,000,000 rows x 4 numeric columns)
#        bench/drift_bench.sh --high-cardinality [ROWS [DISTINCT]]
# env:   DVX_BIN (default build/git-dvx), RUNS (default 3), BENCH_DIR (default a temp dir)
set -euo pipefail
HIGHCARD=
if [ "${1:-}" = --high-cardinality ]; then
  HIGHCARD=1
  shift
fi
ROWS=${1:-$([ -n "$HIGHCARD" ] && echo 3000000 || echo 5000000)}
DISTINCT=${2:-1000000}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DVX_BIN=${DVX_BIN:-$HERE/build/git-dvx}
PY=/usr/bin/python3
MODULES="$HERE/.node-tools/node_modules"
[ -x "$DVX_BIN" ] || { echo "git-dvx not found at $DVX_BIN (set DVX_BIN)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is required (install/deps.sh)" >&2; exit 2; }

WORK=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dvx-drift-bench.XXXXXX")}
mkdir -p "$WORK/bin"
ln -sf "$DVX_BIN" "$WORK/bin/git-dvx"
export PATH="$WORK/bin:$PATH"
cd "$WORK"

if [ -n "$HIGHCARD" ]; then
  exec bash "$HERE/bench/drift_bench_highcard.sh" "$WORK" "$ROWS" "$DISTINCT" "$RUNS"
fi

if [ ! -f "v1_$ROWS.csv" ]; then
  echo "generating 2 x $ROWS rows x 4 numeric columns ..." >&2
  $PY - "$ROWS" <<'PY'
import sys
import numpy as np, pandas as pd
n = int(sys.argv[1])
rng = np.random.default_rng(2024)
for v in (1, 2):
    df = pd.DataFrame({
        "a": rng.normal(0, 1, n),
        "b": rng.normal(10, 3, n) + (0.01 if v == 2 else 0.0),   # a small shift
        "c": rng.exponential(2, n),
        "d": rng.integers(0, 1000, n),
    })
    df.to_csv(f"v{v}_{n}.csv", index=False)
PY
fi

cat >pandas_scipy.py <<'PY'
import sys
import pandas as pd
from scipy import stats
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
for c in a.columns:
    r = stats.ks_2samp(a[c].dropna(), b[c].dropna())
    print(c, repr(float(r.statistic)), repr(float(r.pvalue)))
PY

rm -rf repo && mkdir repo && cd repo
git init -q && git config user.email bench@example.com && git config user.name bench
git dvx install --local >/dev/null
git dvx track '*.csv' '*.parquet' >/dev/null
cp "../v1_$ROWS.csv" data.csv
git add .gitattributes data.csv && git commit -qm v1
cp "../v2_$ROWS.csv" data.csv

# Same results?
git dvx drift data.csv --method ks --format json >../ours.json
$PY ../pandas_scipy.py "../v1_$ROWS.csv" "../v2_$ROWS.csv" >../theirs.txt
$PY - ../ours.json ../theirs.txt <<'PY'
import json, sys
ours = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}
ok = True
for line in open(sys.argv[2]):
    name, d, p = line.split(); d = float(d); p = float(p)
    c = ours[name]
    same = abs(c["statistic"] - d) <= 1e-12 and (abs(c["p_value"] - p) <= 1e-12 or abs(c["p_value"] - p) <= 1e-6 * abs(p))
    ok &= same
    print(f"  {name}: D {c['statistic']:.6g} vs {d:.6g}, p {c['p_value']:.6g} vs {p:.6g} -> {'equal' if same else 'DIFFERENT'}")
print("results equal" if ok else "RESULTS DIFFER")
sys.exit(0 if ok else 1)
PY

hyperfine --warmup 1 --runs "$RUNS" --export-json ../csv.json \
  -n "git dvx drift (CSV)" "git dvx drift data.csv --method ks --format json" \
  -n "pandas+scipy (CSV)" "$PY ../pandas_scipy.py ../v1_$ROWS.csv ../v2_$ROWS.csv"

$PY - ../csv.json <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, theirs = r["git dvx drift (CSV)"], r["pandas+scipy (CSV)"]
print(f"CSV: git dvx drift {ours['mean']:.2f} s, pandas+scipy {theirs['mean']:.2f} s, "
      f"ratio {ours['mean'] / theirs['mean']:.3f} (goal <= 0.2)")
PY

if [ -d "$MODULES/@duckdb/node-api" ]; then
  node "$HERE/tests/integration/drift/csv_to_parquet.cjs" "$WORK/v1_$ROWS.csv" "$WORK/repo/data.parquet" "$MODULES" snappy 1000000 >/dev/null
  git add data.parquet && git commit -qm "v1 parquet"
  node "$HERE/tests/integration/drift/csv_to_parquet.cjs" "$WORK/v2_$ROWS.csv" "$WORK/repo/data.parquet" "$MODULES" snappy 1000000 >/dev/null
  hyperfine --warmup 1 --runs "$RUNS" --export-json ../parquet.json \
    -n "git dvx drift (Parquet)" "git dvx drift data.parquet --format json"
fi
echo "work folder: $WORK" >&2
