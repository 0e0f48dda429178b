# Checks the distribution charts of a validate HTML page (as Chromium
# rendered it, --dump-dom) against pandas and numpy on the CSV it validated:
# exactly one chart per column, a histogram for each column pandas reads as
# numeric whose drawn (non-empty) bins are numpy.histogram's non-empty bins
# of 30, and for each text column a bar chart of min(10, distinct values)
# categories led by pandas' most frequent value (when it has no tie).
# usage: html_charts_oracle.py DOM.html DATA.csv
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd

dom, data = sys.argv[1], sys.argv[2]


class Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts = []  # dicts: column, kind, rects, categories
        self.depth = 0  # inside a chart <svg>
        self.in_tick = False
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in (a.get("class") or "").split():
            self.charts.append({"column": a.get("data-column"), "kind": a.get("data-kind"), "rects": 0,
                                "categories": []})
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "svg":
            self.depth += 1
        elif tag == "rect":
            self.charts[-1]["rects"] += 1
        elif tag == "text" and "tick" in (a.get("class") or ""):
            self.in_tick = True
        elif tag == "title" and self.in_tick:
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "svg" and self.depth:
            self.depth -= 1
        elif tag == "text":
            self.in_tick = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, text):
        if self.depth and self.in_title and self.charts[-1]["kind"] == "bars":
            self.charts[-1]["categories"].append(text)  # a category's full name


p = Charts()
p.feed(open(dom, encoding="utf-8").read())
df = pd.read_csv(data)
bad = []
for col in df.columns:
    mine = [c for c in p.charts if c["column"] == col]
    if len(mine) != 1:
        bad.append(f"{col}: {len(mine)} charts, want 1")
        continue
    c, values = mine[0], df[col].dropna()
    if pd.api.types.is_numeric_dtype(df[col]):
        nonempty = int((np.histogram(values.to_numpy(dtype=float), bins=30)[0] > 0).sum())
        if c["kind"] != "histogram" or c["rects"] != nonempty:
            bad.append(f"{col}: {c['kind']} with {c['rects']} bins drawn; numpy: histogram, {nonempty} non-empty bins")
    else:
        counts = values.astype(str).value_counts()
        want = min(10, len(counts))
        if c["kind"] != "bars" or len(c["categories"]) != want:
            bad.append(f"{col}: {c['kind']} of {len(c['categories'])} categories; pandas: bars of {want}")
        elif len(counts) > 1 and counts.iloc[0] > counts.iloc[1] and c["categories"][0] != counts.index[0]:
            bad.append(f"{col}: first bar {c['categories'][0]!r}; pandas' most frequent {counts.index[0]!r}")
print("\n".join(bad) if bad else f"equal: {len(df.columns)} columns, one chart each ({len(p.charts)} charts)")
sys.exit(1 if bad else 0)
