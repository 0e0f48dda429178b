"""Writes two versions of a dataset as CSV for the drift tests.
usage: gen_data.py OUT_V1 OUT_V2 ROWS1 ROWS2 SEED [--sep C] [--quote-all]
Columns: id (int), x (same distribution), y (shifted by +0.25 sd in v2),
cat (a/b/c/d, proportions changed in v2), flag (yes/no, unchanged),
note (text with commas, quotes and newlines, unchanged distribution),
v1 only: old; v2 only: new. Some NaNs in x and y, some empty cat.
--quote-all writes every field quoted with Python's csv module
(csv.QUOTE_ALL, as Excel exports do; missing values as "")."""
import csv
import sys

import numpy as np
import pandas as pd

out1, out2, n1, n2, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
flags = sys.argv[6:]
sep = flags[flags.index("--sep") + 1] if "--sep" in flags else ","
quote_all = "--quote-all" in flags
rng = np.random.default_rng(seed)


def frame(n, version):
    x = rng.normal(10, 2, n)
    y = rng.normal(100, 15, n) + (3.75 if version == 2 else 0)
    x[rng.random(n) < 0.02] = np.nan
    y[rng.random(n) < 0.01] = np.nan
    p = [0.4, 0.3, 0.2, 0.1] if version == 1 else [0.25, 0.25, 0.25, 0.25]
    cat = rng.choice(list("abcd"), n, p=p).astype(object)
    cat[rng.random(n) < 0.01] = None
    flag = rng.choice(["yes", "no"], n, p=[0.7, 0.3])
    note = rng.choice(["plain", "with, comma", 'say "hi"', "two\nlines"], n)
    df = pd.DataFrame({"id": np.arange(n), "x": x, "y": y, "cat": cat, "flag": flag, "note": note})
    if version == 1:
        df["old"] = rng.integers(0, 5, n)
    else:
        df["new"] = rng.normal(0, 1, n)
    return df


def write(df, out):
    if not quote_all:
        df.to_csv(out, index=False, sep=sep)
        return
    with open(out, "w", newline="") as f:
        w = csv.writer(f, delimiter=sep, quoting=csv.QUOTE_ALL)
        w.writerow(df.columns)
        for row in df.itertuples(index=False):
            w.writerow(["" if pd.isna(v) else repr(float(v)) if isinstance(v, float) else v for v in row])


write(frame(n1, 1), out1)
write(frame(n2, 2), out2)
