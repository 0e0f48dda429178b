#!/usr/bin/env bash
# The high-cardinality case of bench/drift_bench.sh (run through it:
# bench/drift_bench.sh --high-cardinality [ROWS [DISTINCT]]).
# usage: drift_bench_highcard.sh WORK ROWS DISTINCT RUNS; PATH holds git-dvx.
set -euo pipefail
WORK=$1 ROWS=$2 DISTINCT=$3 RUNS=$4
PY=/usr/bin/python3
cd "$WORK"
if [ ! -f "hc1_${ROWS}_$DISTINCT.csv" ]; then
  echo "generating 2 x $ROWS rows: a text column of ~$DISTINCT distinct values + a number ..." >&2
  $PY - "$ROWS" "$DISTINCT" <<'PY'
import sys
import numpy as np, pandas as pd
n, k = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(7)
# Draws from a range R give R (1 - exp(-n/R)) distinct values: solve for ~k.
r = k
for _ in range(50):
    r = k / (1 - np.exp(-n / r))
r = int(r)
for v in (1, 2):
    ids = rng.integers(0, r, n) + (r // 50 if v == 2 else 0)   # v2: 2% of the range shifted
    df = pd.DataFrame({"user": np.char.add("user-", ids.astype(str)), "amount": rng.normal(50, 10, n)})
    df.to_csv(f"hc{v}_{n}_{k}.csv", index=False)
    if v == 1:
        print(f"  distinct in v1: {df['user'].nunique()}", file=sys.stderr)
PY
fi
V1=$WORK/hc1_${ROWS}_$DISTINCT.csv
V2=$WORK/hc2_${ROWS}_$DISTINCT.csv
cat >pandas_highcard.py <<'PY'
import sys
import pandas as pd
from scipy import stats
a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
t = pd.concat([a["user"].value_counts().rename("a"), b["user"].value_counts().rename("b")], axis=1).fillna(0)
r = stats.chi2_contingency(t.T.to_numpy())
k = stats.ks_2samp(a["amount"].dropna(), b["amount"].dropna())
print("user", repr(float(r[0])), repr(float(r[1])), len(t))
print("amount", repr(float(k.statistic)), repr(float(k.pvalue)))
PY
rm -rf hcrepo && mkdir hcrepo && cd hcrepo
git init -q && git config user.email bench@example.com && git config user.name bench
git dvx install --local >/dev/null
git dvx track '*.csv' >/dev/null
cp "$V1" data.csv && git add .gitattributes data.csv && git commit -qm v1
cp "$V2" data.csv
CMD_OURS="git dvx drift data.csv --method ks --columns user,amount --format json"
CMD_THEIRS="$PY ../pandas_highcard.py $V1 $V2"

# Same results, and peak memory of each (GNU time).
/usr/bin/time -f "%M" -o ../ours.rss $CMD_OURS >../hc_ours.json
/usr/bin/time -f "%M" -o ../theirs.rss $CMD_THEIRS >../hc_theirs.txt
$PY - ../hc_ours.json ../hc_theirs.txt <<'PY'
import json, sys
ours = {c["name"]: c for c in json.load(open(sys.argv[1]))["columns"]}
ok = True
for line in open(sys.argv[2]):
    name, stat, p, *rest = line.split(); stat, p = float(stat), float(p)
    c = ours[name]
    same = abs(c["statistic"] - stat) <= 1e-9 * max(1, abs(stat)) and \
        (abs(c["p_value"] - p) <= 1e-12 or abs(c["p_value"] - p) <= 1e-6 * abs(p))
    if rest:
        print(f"  {name}: categories in either version {rest[0]}, ours before {c['before']['unique']} after {c['after']['unique']}")
    ok &= same
    print(f"  {name}: statistic {c['statistic']:.10g} vs {stat:.10g}, p {c['p_value']:.6g} vs {p:.6g} -> {'equal' if same else 'DIFFERENT'}")
print("results equal" if ok else "RESULTS DIFFER")
sys.exit(0 if ok else 1)
PY
echo "peak RSS: git dvx drift $(( $(cat ../ours.rss) / 1024 )) MiB, pandas+scipy $(( $(cat ../theirs.rss) / 1024 )) MiB"
echo "floor: reading both files once: $( { /usr/bin/time -f %e cat "$V1" "$V2" >/dev/null; } 2>&1 ) s (cat)"

hyperfine --warmup 1 --runs "$RUNS" --export-json ../highcard.json \
  -n "git dvx drift (high cardinality)" "$CMD_OURS" \
  -n "pandas+scipy (high cardinality)" "$CMD_THEIRS"
$PY - ../highcard.json <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, theirs = r["git dvx drift (high cardinality)"], r["pandas+scipy (high cardinality)"]
print(f"high cardinality: git dvx drift {ours['mean']:.2f} s, pandas+scipy {theirs['mean']:.2f} s, "
      f"pandas/ours {theirs['mean'] / ours['mean']:.2f}x (goal >= 3x)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
