"""Oracle for the drift integration tests: pandas + SciPy (Debian's 1.10.1)
recompute what `git dvx drift --format json` reported for two CSV versions.

usage: drift_oracle.py BEFORE.csv AFTER.csv OURS.json [--sep C] [--method M]
         [--expect-drift a,b] [--expect-stable c,d] [--columns a,b]
Every method is checked on every column: ks_2samp / chi2_contingency,
wasserstein_distance / np.std(before) (at least 0.001, as Evidently),
jensenshannon (categories; numbers on np.histogram_bin_edges(..., "sturges")),
PSI on the before version's deciles (numpy, docs/drift.md's binning). The
deciding method follows --method (auto: docs/drift.md's rule) and integer
columns whose values are all distinct are identifiers (not tested) unless
named in --columns.
Prints one line per mismatch and exits 1 if there is any.
"""
import argparse
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

ap = argparse.ArgumentParser()
ap.add_argument("before")
ap.add_argument("after")
ap.add_argument("ours")
ap.add_argument("--sep", default=",")
ap.add_argument("--expect-drift", default="")
ap.add_argument("--expect-stable", default="")
ap.add_argument("--threshold", type=float, default=0.05)
ap.add_argument("--distance-threshold", type=float, default=0.1)
ap.add_argument("--method", default="auto")
ap.add_argument("--columns", default="")
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

COUNTERPART = {"ks": "chi2", "chi2": "ks", "wasserstein": "jensenshannon", "jensenshannon": "wasserstein",
               "psi": "psi"}
NUMERIC = {"ks", "wasserstein", "jensenshannon", "psi"}
CATEGORICAL = {"chi2", "jensenshannon", "psi"}
named = set(filter(None, args.columns.split(",")))


def psi_shares(pb, pa):
    pb, pa = np.where(pb == 0, 1e-4, pb), np.where(pa == 0, 1e-4, pa)
    return float(np.sum((pa - pb) * np.log(pa / pb)))


def numeric_methods(x, y):
    r = stats.ks_2samp(x, y)
    edges = np.histogram_bin_edges(np.concatenate([x, y]), bins="sturges")
    q = np.unique(np.quantile(x, np.arange(1, 10) / 10))
    bx = np.bincount(np.searchsorted(q, x, side="right"), minlength=len(q) + 1) / len(x)
    by = np.bincount(np.searchsorted(q, y, side="right"), minlength=len(q) + 1) / len(y)
    return {"ks": (float(r.statistic), float(r.pvalue)),
            "wasserstein": (stats.wasserstein_distance(x, y) / max(np.std(x), 0.001), None),
            "jensenshannon": (float(jensenshannon(np.histogram(x, edges)[0], np.histogram(y, edges)[0])), None),
            "psi": (psi_shares(bx, by), None)}


def categorical_methods(sb, sa):
    table = pd.concat([sb.value_counts().rename("b"), sa.value_counts().rename("a")], axis=1).fillna(0)
    t = table.T.to_numpy()
    r = stats.chi2_contingency(t)
    return {"chi2": (float(r[0]), float(r[1])),
            "jensenshannon": (float(jensenshannon(t[0], t[1])), None),
            "psi": (psi_shares(t[0] / t[0].sum(), t[1] / t[1].sum()), None)}


def decider(kind, ref_count, ref_distinct):
    if args.method != "auto":
        m = args.method
        ok = NUMERIC if kind == "numeric" else CATEGORICAL
        return kind, m if m in ok else COUNTERPART[m]
    if kind == "numeric" and ref_distinct <= 5:
        kind = "categorical"
    small = ref_count <= 1000
    if kind == "numeric":
        return kind, "ks" if small else "wasserstein"
    return kind, "chi2" if small else "jensenshannon"


any_drift = False
for name in b.columns:
    if name not in a.columns:
        if named and name not in named:
            continue
        if cols.get(name, {}).get("status") != "removed":
            bad.append(f"{name}: expected status removed")
        continue
    c = cols.get(name)
    if named and name not in named:
        if c is not None:
            bad.append(f"{name}: reported though not in --columns")
        continue
    if c is None:
        bad.append(f"{name}: missing from our report")
        continue
    numeric = pd.api.types.is_numeric_dtype(b[name]) and pd.api.types.is_numeric_dtype(a[name])
    if numeric:
        x, y = b[name].dropna().to_numpy(float), a[name].dropna().to_numpy(float)
        if c["kind"] != "numeric":
            bad.append(f"{name}: kind {c['kind']}, expected numeric")
        for side, s in (("before", b[name]), ("after", a[name])):
            summ = c[side]
            exp = {"count": s.count(), "nulls": int(s.isna().sum()), "mean": s.mean(), "std": s.std(),
                   "min": s.min(), "median": s.median(), "max": s.max(), "null_rate": s.isna().mean()}
            for k, v in exp.items():
                if not close(summ[k], float(v), 1e-9):
                    bad.append(f"{name}.{side}.{k}: ours {summ[k]} pandas {v}")
        identifier = (len(x) > 1 and len(y) > 1 and len(np.unique(x)) == len(x) and len(np.unique(y)) == len(y)
                      and np.all(np.floor(x) == x) and np.all(np.floor(y) == y))
        kind, method = decider("numeric", len(x), len(np.unique(x)))
        if kind == "numeric":
            expected = numeric_methods(x, y)
        else:
            fmt = lambda v: np.array([repr(float(t)) for t in v])
            expected = categorical_methods(pd.Series(fmt(x)), pd.Series(fmt(y)))
    else:
        sb, sa = b[name].dropna().astype(str), a[name].dropna().astype(str)
        if c["kind"] != "categorical":
            bad.append(f"{name}: kind {c['kind']}, expected categorical")
        for side, s in (("before", b[name]), ("after", a[name])):
            if c[side]["count"] != s.count() or c[side]["nulls"] != int(s.isna().sum()):
                bad.append(f"{name}.{side}: count/nulls differ")
        identifier = len(sb) > 1 and len(sa) > 1 and sb.nunique() == len(sb) and sa.nunique() == len(sa)
        kind, method = decider("categorical", len(sb), sb.nunique())
        expected = categorical_methods(sb, sa)
    if identifier and name not in named:
        if c["status"] != "identifier" or c["drift"] or c["test"] is not None:
            bad.append(f"{name}: expected an untested identifier, got {c['status']} {c['test']}")
        print(f"{name}: identifier")
        continue
    if c["test"] != method:
        bad.append(f"{name}: deciding test {c['test']}, expected {method}")
    ours_methods = c.get("methods", {})
    if set(ours_methods) != set(expected):
        bad.append(f"{name}: methods {sorted(ours_methods)} expected {sorted(expected)}")
    for m, (stat, p) in expected.items():
        om = ours_methods.get(m, {})
        # Our JSON prints 15 significant digits (docs/json.md).
        if not close(om.get("statistic"), stat, 1e-9, 1e-12):
            bad.append(f"{name}.{m}: statistic ours {om.get('statistic')!r} scipy {stat!r}")
        if p is not None and not close(om.get("p_value"), p, 1e-6):
            bad.append(f"{name}.{m}: p-value ours {om.get('p_value')!r} scipy {p!r}")
        m_drift = p < args.threshold if p is not None else stat >= args.distance_threshold
        if om.get("drift") != m_drift:
            bad.append(f"{name}.{m}: drift ours {om.get('drift')} expected {m_drift}")
    stat, p = expected[method]
    if not close(c["statistic"], stat, 1e-9, 1e-12):
        bad.append(f"{name}: statistic ours {c['statistic']!r} scipy {stat!r}")
    if not close(c["p_value"], p if p is not None else float("nan"), 1e-6):
        bad.append(f"{name}: p-value ours {c['p_value']!r} scipy {p!r}")
    drift = p < args.threshold if p is not None else stat >= args.distance_threshold
    any_drift |= drift
    if c["drift"] != drift:
        bad.append(f"{name}: drift ours {c['drift']} expected {drift}")
    print(f"{name}: {method} statistic {stat:.6g} p {p} drift {drift}")

for name in a.columns:
    if named and name not in named:
        continue
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
