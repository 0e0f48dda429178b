#!/usr/bin/env bash
# git dvx validate: every rule of [checks."GLOB"] on a small tracked CSV
# whose violations were counted by hand (rows are 0-based data rows), the
# three output forms, --rev on a committed version, a plain git blob at a
# revision, the drift rule against a tag (scipy's ks_2samp says which column
# drifts), and bad checks (exit 2, naming file and line).
. "$(dirname "$0")/../lib.sh"

new_repo "$TEST_ROOT/repo"
git dvx track 'data/*.csv' >/dev/null
mkdir -p data
cat >data/customers.csv <<'CSV'
id,age,city,email,score,grade,code
1,34,Paris,a@x.org,0.5,1,A1
2,,Berlin,b@x.org,1.5,2,7
3,130,Rome,c-at-x,2.5,3,B2
3,-1,Madrid,d@x.org,,4,9
5,40.5,Paris,e@x.org,3.5,1,10
6,,Berlin,bad,4.5,2,x
CSV
cat >dvx.toml <<'TOML'
[checks."data/*.csv"]
columns = { id = "int", age = "float", city = "string", code = "int" }
not_null = ["id", "age"]
unique = ["id", ["city", "grade"]]
range = { age = [0, 120] }
allowed = { city = ["Paris", "Berlin", "Rome"], grade = [1, 2, 3] }
pattern = { email = '^[^@]+@[^@]+$' }
rows = { min = 100 }
max_null_rate = { age = 0.1, score = 0.5 }
TOML

# Hand-counted: (column, rule) -> count and the offending rows.
expected='{
 "code/type": [3, [0, 2, 5]],
 "age/not_null": [2, [1, 5]],
 "id/unique": [1, [3]],
 "(city, grade)/unique": [2, [4, 5]],
 "age/range": [2, [2, 3]],
 "city/allowed": [1, [3]],
 "grade/allowed": [1, [3]],
 "email/pattern": [2, [2, 5]],
 "-/rows": [6, []],
 "age/max_null_rate": [2, []]
}'
check_json() {  # JSON-FILE EXPECTED LABEL
  run_capture "$PY" - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
want = json.loads(sys.argv[2])
got = {}
for f in doc["files"]:
    for v in f["violations"]:
        got[f'{v["column"] or "-"}/{v["rule"]}'] = [v["count"], [o["row"] for o in v["offenders"]]]
bad = [f"{k}: want {want.get(k)} got {got.get(k)}" for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
  assert_eq 0 "$RC" "$3: $OUT"
}

run_capture git dvx validate --json
assert_eq 1 "$RC" "violations exit 1"
echo "$OUT" >"$TEST_ROOT/v.json"
check_json "$TEST_ROOT/v.json" "$expected" "worktree counts"
assert_contains "$(cat "$TEST_ROOT/v.json")" '"value": "130"' "offending values shown"

run_capture git dvx validate data/customers.csv
assert_eq 1 "$RC" "text: exit 1"
assert_contains "$OUT" "data/customers.csv: 10 violations (6 rows" "text summary line"
assert_contains "$OUT" "2 values outside [0, 120]; rows 2 (130), 3 (-1)" "text names rows and values"
assert_contains "$OUT" "validation failed" "text verdict"
run_capture git dvx validate --format md
assert_eq 1 "$RC" "markdown: exit 1"
assert_contains "$OUT" "| age | range | 2 | 2 values outside [0, 120] | rows 2 (130), 3 (-1) |" "markdown row"

# A file that passes: exit 0, and a path no check applies to is said so.
cat >data/good.csv <<'CSV'
id,age,city,email,score,grade,code
1,30,Rome,r@x.org,1,1,1
CSV
sed -i 's/^rows = { min = 100 }$/rows = { min = 1 }/' dvx.toml
echo "x" >notes.txt
run_capture git dvx validate data/good.csv notes.txt
assert_eq 0 "$RC" "a clean file passes: $OUT"
assert_contains "$OUT" "data/good.csv: ok (1 rows" "ok line"
assert_contains "$OUT" "notes.txt: no check applies" "unmatched path named"

# --rev: the committed version and the committed checks, not the worktree's.
git add .gitattributes dvx.toml data/customers.csv && git commit -q --no-verify -m v1 && git tag v1
[ "$(git cat-file -p HEAD:data/customers.csv | head -1)" = "version https://git-lfs.github.com/spec/v1" ] && pass ||
  fail "customers.csv is committed as a pointer"
printf 'id,age,city,email,score,grade,code\n1,30,Rome,r@x.org,1,1,1\n' >data/customers.csv
run_capture git dvx validate data/customers.csv
assert_eq 0 "$RC" "the fixed worktree file passes: $OUT"
run_capture git dvx validate --rev v1 --json
assert_eq 1 "$RC" "--rev v1 fails"
echo "$OUT" >"$TEST_ROOT/rev.json"
# (v1's checks have rows.min = 1: no rows violation there.)
check_json "$TEST_ROOT/rev.json" "$(echo "$expected" | grep -v '"-/rows"')" "--rev counts"
assert_contains "$(cat "$TEST_ROOT/rev.json")" '"source": "v1"' "--rev source"

# A plain git blob (not tracked by git-dvx) at a revision is read as it is.
printf 'id\n1\n1\n' >plain.csv
cat >>dvx.toml <<'TOML'

[checks."plain.csv"]
unique = ["id"]
TOML
git add dvx.toml plain.csv && git commit -q --no-verify -m plain
run_capture git dvx validate --rev HEAD plain.csv --json
assert_eq 1 "$RC" "plain blob validated: $OUT"
echo "$OUT" >"$TEST_ROOT/plain.json"
check_json "$TEST_ROOT/plain.json" '{"id/unique": [1, [1]]}' "plain blob counts"

# The drift rule: x shifts by one standard deviation from data-v1, y does not.
git dvx track 'drift/*.csv' >/dev/null
mkdir -p drift
"$PY" - drift/d.csv 0 <<'PY'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    f.write("x,y\n")
    for _ in range(400):
        f.write(f"{r.gauss(float(sys.argv[2]), 1):.6f},{r.gauss(0, 1):.6f}\n")
PY
git add .gitattributes drift/d.csv && git commit -qm d1 && git tag data-v1
cp drift/d.csv "$TEST_ROOT/d1.csv"
# v2: every x one higher, y unchanged.
"$PY" - drift/d.csv <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
with open(sys.argv[1], "w") as f:
    f.write(lines[0] + "\n")
    for line in lines[1:]:
        x, y = line.split(",")
        f.write(f"{float(x) + 1:.6f},{y}\n")
PY
run_capture "$PY" -c '
import pandas as pd, scipy.stats as st, sys
a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
print(",".join(c for c in ["x", "y"] if st.ks_2samp(a[c], b[c]).pvalue < 0.05))' "$TEST_ROOT/d1.csv" drift/d.csv
assert_eq "x" "$OUT" "scipy: only x drifts"
cat >>dvx.toml <<'TOML'

[checks."drift/*.csv"]
drift = { rev = "data-v1", threshold = 0.05 }
TOML
run_capture git dvx validate drift/d.csv --json
assert_eq 1 "$RC" "drift rule fails"
echo "$OUT" >"$TEST_ROOT/drift.json"
check_json "$TEST_ROOT/drift.json" '{"x/drift": [1, []]}' "drift rule flags x only"
run_capture git dvx validate drift/d.csv
assert_contains "$OUT" "drifted from data-v1 (ks p = " "drift message"

# Bad checks: exit 2, naming the file and line; nothing validated.
cp dvx.toml "$TEST_ROOT/good.toml"
printf '[checks."data/*.csv"]\nnot_nul = ["id"]\n' >dvx.toml
run_capture git dvx validate
assert_eq 2 "$RC" "unknown key exits 2"
assert_contains "$OUT" "dvx.toml:2: checks \"data/*.csv\": unknown key 'not_nul'" "unknown key named with line"
printf '[checks."data/*.csv"]\n\npattern = { email = "([a-z" }\n' >dvx.toml
run_capture git dvx validate
assert_eq 2 "$RC" "bad regex exits 2"
assert_contains "$OUT" "dvx.toml:3: checks \"data/*.csv\": the pattern of column 'email' is not a valid regex" "bad regex named"
printf '[checks."data/*.csv"]\nrange = { age = [5, 1] }\n' >dvx.toml
run_capture git dvx validate
assert_eq 2 "$RC" "min above max exits 2"
assert_contains "$OUT" "dvx.toml:2" "min above max: line"
# The pipeline reader accepts the [checks] tables beside stages.
cp "$TEST_ROOT/good.toml" dvx.toml
printf '\n[stages.s]\ncmd = "true"\n' >>dvx.toml
run_capture git dvx stage list
assert_eq 0 "$RC" "dvx.toml with [checks] is a valid pipeline: $OUT"
finish
