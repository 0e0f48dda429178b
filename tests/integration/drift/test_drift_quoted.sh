#!/usr/bin/env bash
# git dvx drift on fully quoted CSVs (Python's csv.QUOTE_ALL, as Excel
# exports): the column names come out whole (a use-after-free in the CSV
# tokenizer once gave empty names and "column removed" for columns that
# exist) and every statistic equals pandas + SciPy on the same bytes.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' >/dev/null
git add .gitattributes && git commit -qm attributes

# The issue's minimal input, in both versions.
printf '"alpha","beta","gamma"\n"1","x","y"\n' >tiny.csv
git add tiny.csv && git commit -qm tiny1
printf '"alpha","beta","gamma"\n"2","x","z"\n"3","y","z"\n' >tiny.csv
run_capture git dvx drift tiny.csv --format json
assert_eq 0 "$RC" "drift on the minimal QUOTE_ALL file exits 0"
names=$(echo "$OUT" | $PY -c 'import json,sys; print(" ".join(c["name"] + ":" + c["status"] for c in json.load(sys.stdin)["columns"]))')
assert_eq "alpha:compared beta:compared gamma:compared" "$names" "minimal file: names and statuses"
run_capture git dvx drift tiny.csv
assert_not_contains "$OUT" "column removed" "table: no column reported removed"
assert_not_contains "$OUT" "column added" "table: no column reported added"

# Realistic versions written by csv.writer(quoting=csv.QUOTE_ALL).
$PY "$HERE/gen_data.py" "$TEST_ROOT/q1.csv" "$TEST_ROOT/q2.csv" 2000 2600 21 --quote-all
assert_eq '"id","x","y","cat","flag","note","old"' "$(head -1 "$TEST_ROOT/q1.csv" | tr -d "\r")" "v1 header is fully quoted (csv.writer ends lines with CRLF)"
assert_contains "$(sed -n 2p "$TEST_ROOT/q1.csv")" '"0","' "v1 values are quoted"
cp "$TEST_ROOT/q1.csv" quoted.csv
git add quoted.csv && git commit -qm v1 && git tag v1
cp "$TEST_ROOT/q2.csv" quoted.csv
git add quoted.csv && git commit -qm v2 && git tag v2

run_capture git dvx drift quoted.csv --from v1 --to v2 --format json
assert_eq 0 "$RC" "drift exits 0"
echo "$OUT" >"$TEST_ROOT/quoted.json"
names=$($PY -c 'import json,sys; print(" ".join(sorted(c["name"] + ":" + c["status"] for c in json.load(open(sys.argv[1]))["columns"])))' "$TEST_ROOT/quoted.json")
assert_eq "cat:compared flag:compared id:identifier new:added note:compared old:removed x:compared y:compared" \
  "$names" "every column name whole, only old/new added or removed"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/q1.csv" "$TEST_ROOT/q2.csv" "$TEST_ROOT/quoted.json" \
  --expect-drift y,cat --expect-stable x,flag,note
echo "$OUT"
assert_eq 0 "$RC" "QUOTE_ALL report equals pandas+scipy"

finish
