# Two versions of a table for the row-diff tests: v2 drops rows, adds rows,
# changes cells (to and from null too), repeats some keys, drops column
# `flag` and adds column `extra`. Names hold commas, quotes and newlines.
# usage: gen_rows.py V1.csv V2.csv ROWS SEED
import csv
import random
import sys

out1, out2, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = random.Random(seed)
words = ["alpha", "beta", "gamma, delta", 'say "hi"', "multi\nline", "zeta"]


def row(i):
    return {
        "id": i,
        "name": f"{r.choice(words)} {r.randrange(1000)}",
        "score": "" if r.random() < 0.05 else f"{r.gauss(50, 10):.3f}",
        "grp": r.choice(["a", "b", "c"]),
        "flag": r.choice(["true", "false"]),
    }


v1 = [row(i) for i in range(n)]
for i in r.sample(range(n), max(1, n // 1000)):  # repeated keys
    dup = dict(v1[i])
    dup["score"] = f"{r.gauss(50, 10):.3f}"
    v1.append(dup)
v2 = []
for rec in v1:
    if r.random() < 0.02:
        continue  # removed
    rec = dict(rec)
    p = r.random()
    if p < 0.04:
        rec["score"] = f"{float(rec['score'] or 0) + 1:.3f}"
    elif p < 0.05:
        rec["score"] = ""  # to null
    elif p < 0.07:
        rec["name"] = rec["name"] + "!"
    elif p < 0.08:
        rec["grp"] = "z"
        rec["score"] = f"{r.gauss(0, 1):.3f}"
    rec["extra"] = r.randrange(10)
    v2.append(rec)
for i in range(n, n + n // 30):  # added
    rec = row(i)
    rec["extra"] = r.randrange(10)
    v2.append(rec)
for i in r.sample(range(len(v2)), max(1, n // 800)):  # more repeated keys in v2
    v2.append(dict(v2[i]))
r.shuffle(v2)
with open(out1, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["id", "name", "score", "grp", "flag"])
    w.writeheader()
    w.writerows(v1)
with open(out2, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["id", "name", "score", "grp", "extra"], extrasaction="ignore")
    w.writeheader()
    w.writerows(v2)
