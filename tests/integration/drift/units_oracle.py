"""Oracle for DATE / TIMESTAMP / DECIMAL columns in `git dvx drift --format json`:
pandas computes min, median, max (and mean, to the millisecond) of the
same CSV values and writes them as ISO dates / timestamps / fixed decimals;
our `before.text` / `after.text` must say the same.
usage: units_oracle.py BEFORE.csv AFTER.csv OURS.json
"""
import json
import sys

import pandas as pd

b, a, ours = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2]), json.load(open(sys.argv[3]))
cols = {c["name"]: c for c in ours["columns"]}
bad = []


def iso(ts):
    s = str(pd.Timestamp(ts))
    return s[:-9] if s.endswith(" 00:00:00") else s


for name, unit in (("day", "date"), ("at", "timestamp"), ("amount", "decimal(2)")):
    c = cols[name]
    if c.get("unit") != unit:
        bad.append(f"{name}: unit {c.get('unit')} expected {unit}")
    for side, df in (("before", b), ("after", a)):
        text = c[side].get("text", {})
        if unit == "decimal(2)":
            s = df[name].dropna()
            exp = {"min": f"{s.min():.2f}", "median": f"{s.median():.2f}", "max": f"{s.max():.2f}"}
        else:
            s = pd.to_datetime(df[name]).dropna()
            exp = {"min": iso(s.min()), "max": iso(s.max())}
            # Mean and median may fall between values: equal as instants (to 1 ms).
            for k, v in (("mean", s.mean()), ("median", s.median())):
                try:
                    if abs((pd.Timestamp(text.get(k)) - v).total_seconds()) > 0.001:
                        bad.append(f"{name}.{side}.{k}: ours {text.get(k)} pandas {v}")
                except (TypeError, ValueError):
                    bad.append(f"{name}.{side}.{k}: ours {text.get(k)!r} is not a timestamp")
        for k, v in exp.items():
            if text.get(k) != v:
                bad.append(f"{name}.{side}.{k}: ours {text.get(k)!r} pandas {v!r}")
        print(name, side, text)
for line in bad:
    print("MISMATCH:", line)
sys.exit(1 if bad else 0)
