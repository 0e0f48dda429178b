# The row diff that pandas computes on the same two CSV files, compared with
# git dvx diff --rows --json. Cells are normalised as docs/quality.md says
# (null; a number, text that reads as one included; else text), rows with a
# repeated key matched by occurrence (groupby(key).cumcount()), then
# merge(indicator=True) counts added/removed/matched rows and, with a key,
# DataFrame.compare on the matched rows counts changed cells per column.
# usage: row_diff_oracle.py V1.csv V2.csv OURS.json [KEY...]
import json
import sys

import pandas as pd

before_csv, after_csv, ours_json, keys = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ours = json.load(open(ours_json))
b = pd.read_csv(before_csv, dtype=str, keep_default_na=True)
a = pd.read_csv(after_csv, dtype=str, keep_default_na=True)


def norm(v):
    if pd.isna(v):
        return "<null>"
    try:
        x = float(v)
        return "n:" + repr(x + 0.0)  # -0.0 -> 0.0
    except ValueError:
        return "s:" + v


common = [c for c in b.columns if c in a.columns]
b = b[common].apply(lambda col: col.map(norm))
a = a[common].apply(lambda col: col.map(norm))
b["_row"], a["_row"] = range(len(b)), range(len(a))
on = keys or common
b["_n"] = b.groupby(on, dropna=False).cumcount()
a["_n"] = a.groupby(on, dropna=False).cumcount()
m = b.merge(a, on=on + ["_n"], how="outer", indicator=True, suffixes=("_b", "_a"))
want = {
    "rows_before": len(b),
    "rows_after": len(a),
    "removed": int((m["_merge"] == "left_only").sum()),
    "added": int((m["_merge"] == "right_only").sum()),
    "duplicate_keys_before": int((b["_n"] > 0).sum()) if keys else 0,
    "duplicate_keys_after": int((a["_n"] > 0).sum()) if keys else 0,
    "compared_columns": common,
}
both = m[m["_merge"] == "both"]
if keys:
    values = [c for c in common if c not in keys]
    left = both[[c + "_b" for c in values]].set_axis(values, axis=1)
    right = both[[c + "_a" for c in values]].set_axis(values, axis=1)
    diff = left.compare(right, keep_shape=True)
    changed = {c: int(diff[c]["self"].notna().sum()) for c in values}
    want["changed_cells"] = changed
    modified = diff.notna().any(axis=1)
    want["modified"] = int(modified.sum())
    want["unchanged"] = int(len(both) - modified.sum())
    first_modified = sorted(int(x) for x in both[modified.values]["_row_a"])[:10]
else:
    want["modified"] = 0
    want["unchanged"] = len(both)
    want["changed_cells"] = {}
    first_modified = []
first_added = sorted(int(x) for x in m[m["_merge"] == "right_only"]["_row_a"])[:10]
first_removed = sorted(int(x) for x in m[m["_merge"] == "left_only"]["_row_b"])[:10]

bad = []
for k, v in want.items():
    if ours.get(k) != v:
        bad.append(f"{k}: pandas {v!r}, ours {ours.get(k)!r}")
for kind, rows, field in [("added", first_added, "row_after"), ("removed", first_removed, "row_before"),
                          ("modified", first_modified, "row_after")]:
    got = [s[field] for s in ours["sample"][kind]]
    if got != rows:
        bad.append(f"sample {kind}: pandas rows {rows}, ours {got}")
print("\n".join(bad) if bad else
      f"equal: {want['added']} added, {want['removed']} removed, {want['modified']} modified, {want['unchanged']} unchanged")
sys.exit(1 if bad else 0)
