"""Oracle for the drift integration tests: pandas + SciPy (Debian's 1.10.1)
recompute what `git dvx drift --format json` reported for two CSV versions.

usage: drift_oracle.py BEFORE.csv AFTER.csv OURS.json [--sep C]
         [--expect-drift a,b] [--expect-stable c,d]
Prints one line per mismatch and exits 1 if there is any.
"""
import argparse
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats

ap = argparse.ArgumentParser()
ap.add_argument("before")
ap.add_argument("after")
ap.add_argument("ours")
ap.add_argument("--sep", default=",")
ap.add_argument("--expect-drift", default="")
ap.add_argument("--expect-stable", default="")
ap.add_argument("--threshold", type=float, default=0.05)
args = ap.parse_args()

b = pd.read_csv(args.before, sep=args.sep)
a = pd.read_csv(args.after, sep=args.sep)
ours = json.load(open(args.ours))
cols = {c["name"]: c for c in ours["columns"]}
bad = []


def close(x, y, rel, absol=1e-12):
    if x is None or y is None or (isinstance(y, float) and np.isnan(y)):
        return (x is None) == (y is None or np.isnan(y))
    return abs(x - y) <= absol or abs(x - y) <= rel * abs(y)


for key in ("path", "from", "to", "threshold", "drift", "columns"):
    if key not in ours:
        bad.append(f"JSON field {key!r} missing")

any_drift = False
for name in b.columns:
    if name not in a.columns:
        if cols.get(name, {}).get("status") != "removed":
            bad.append(f"{name}: expected status removed")
        continue
    c = cols.get(name)
    if c is None:
        bad.append(f"{name}: missing from our report")
        continue
    numeric = pd.api.types.is_numeric_dtype(b[name]) and pd.api.types.is_numeric_dtype(a[name])
    if numeric:
        x, y = b[name].dropna().to_numpy(float), a[name].dropna().to_numpy(float)
        r = stats.ks_2samp(x, y)
        stat, p = float(r.statistic), float(r.pvalue)
        if c["kind"] != "numeric" or c["test"] != "ks":
            bad.append(f"{name}: kind/test {c['kind']}/{c['test']}, expected numeric/ks")
        for side, s in (("before", b[name]), ("after", a[name])):
            summ = c[side]
            exp = {"count": s.count(), "nulls": int(s.isna().sum()), "mean": s.mean(), "std": s.std(),
                   "min": s.min(), "median": s.median(), "max": s.max(), "null_rate": s.isna().mean()}
            for k, v in exp.items():
                if not close(summ[k], float(v), 1e-9):
                    bad.append(f"{name}.{side}.{k}: ours {summ[k]} pandas {v}")
    else:
        table = pd.concat([b[name].dropna().astype(str).value_counts().rename("b"),
                           a[name].dropna().astype(str).value_counts().rename("a")], axis=1).fillna(0)
        r = stats.chi2_contingency(table.T.to_numpy())
        stat, p = float(r[0]), float(r[1])
        if c["kind"] != "categorical" or c["test"] != "chi2":
            bad.append(f"{name}: kind/test {c['kind']}/{c['test']}, expected categorical/chi2")
        if "psi" not in c:
            bad.append(f"{name}: no psi")
        for side, s in (("before", b[name]), ("after", a[name])):
            if c[side]["count"] != s.count() or c[side]["nulls"] != int(s.isna().sum()):
                bad.append(f"{name}.{side}: count/nulls differ")
    # Our JSON prints 15 significant digits (docs/json.md): equal to 1e-13.
    if not close(c["statistic"], stat, 1e-13, 1e-12):
        bad.append(f"{name}: statistic ours {c['statistic']!r} scipy {stat!r}")
    if not close(c["p_value"], p, 1e-6):
        bad.append(f"{name}: p-value ours {c['p_value']!r} scipy {p!r}")
    drift = p < args.threshold
    any_drift |= drift
    if c["drift"] != drift:
        bad.append(f"{name}: drift ours {c['drift']} scipy {drift}")
    print(f"{name}: statistic {stat:.6g} p {p:.6g} drift {drift}")

for name in a.columns:
    if name not in b.columns and cols.get(name, {}).get("status") != "added":
        bad.append(f"{name}: expected status added")
if ours.get("drift") != any_drift:
    bad.append(f"report drift {ours.get('drift')} expected {any_drift}")
for name in filter(None, args.expect_drift.split(",")):
    if not cols.get(name, {}).get("drift"):
        bad.append(f"{name}: drift expected")
for name in filter(None, args.expect_stable.split(",")):
    if cols.get(name, {}).get("drift", True):
        bad.append(f"{name}: no drift expected")
for line in bad:
    print("MISMATCH:", line)
sys.exit(1 if bad else 0)
