#!/usr/bin/env bash
# Drift that fits real data: identifier columns reported and not tested
# (unless named in --columns), --exclude, a revision where the file was a
# plain git blob, DATE / TIMESTAMP / DECIMAL columns (written by DuckDB) in
# their own units, every method checked against pandas + SciPy.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib_drift.sh"

new_repo "$TEST_ROOT/repo"
$PY "$HERE/gen_data.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" 3000 2500 21

# v1 committed as a plain git blob (before anyone tracked it), v2 tracked.
cp "$TEST_ROOT/v1.csv" data.csv
git add data.csv && git commit -qm "plain v1" && git tag plain
assert_not_contains "$(git cat-file -p plain:data.csv | head -c 200)" "git-lfs" "v1 is a plain blob"
git dvx track '*.csv' >/dev/null
cp "$TEST_ROOT/v2.csv" data.csv
git add .gitattributes data.csv && git commit -qm "tracked v2" && git tag tracked
assert_contains "$(git cat-file -p tracked:data.csv)" "oid sha256:" "v2 is a pointer"

run_capture git dvx drift data.csv --from plain --to tracked --format json
assert_eq 0 "$RC" "a plain-blob revision is read as the file it is: $OUT"
echo "$OUT" >"$TEST_ROOT/plain.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" "$TEST_ROOT/plain.json" \
  --expect-drift y,cat --expect-stable x,flag,note
echo "$OUT"
assert_eq 0 "$RC" "plain -> tracked equals pandas+scipy (auto rule, identifiers)"
assert_eq "identifier" "$($PY -c 'import json,sys; print([c for c in json.load(open(sys.argv[1]))["columns"] if c["name"]=="id"][0]["status"])' "$TEST_ROOT/plain.json")" "id is an identifier"
leftover=$(find "$(git rev-parse --git-dir)/dvx" -name '*.tmp' 2>/dev/null | wc -l)
assert_eq 0 "$leftover" "the plain blob's temporary copy is removed"

# The table says so in words; naming the column tests it.
run_capture git dvx drift data.csv --from plain --to tracked
assert_contains "$OUT" "every value distinct (an identifier); not tested unless named in --columns" "table explains id"
run_capture git dvx drift data.csv --from plain --to tracked --columns id,y --format json
echo "$OUT" >"$TEST_ROOT/named.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" "$TEST_ROOT/named.json" --columns id,y
assert_eq 0 "$RC" "--columns id tests the identifier, equal to scipy: $OUT"
assert_contains "$(cat "$TEST_ROOT/named.json")" '"status": "compared"' "named id compared"

# --exclude drops columns; an unknown one is an error naming it.
run_capture git dvx drift data.csv --from plain --to tracked --exclude y,cat --format json
assert_eq 0 "$RC" "--exclude runs"
assert_not_contains "$OUT" '"name": "y"' "--exclude y"
assert_not_contains "$OUT" '"name": "cat"' "--exclude cat"
assert_contains "$OUT" '"name": "x"' "others kept"
assert_contains "$OUT" '"drift": false' "no drift once y and cat are excluded"
run_capture git dvx drift data.csv --from plain --to tracked --exclude nope
assert_eq 2 "$RC" "unknown --exclude exits 2"
assert_contains "$OUT" "git-dvx: --exclude: column 'nope' is in neither version" "unknown --exclude message"

# DATE, TIMESTAMP and DECIMAL(10,2) columns written by DuckDB.
$PY - "$TEST_ROOT/u1.csv" "$TEST_ROOT/u2.csv" <<'PY'
import sys
import numpy as np
import pandas as pd
rng = np.random.default_rng(5)
for out, shift in ((sys.argv[1], 0), (sys.argv[2], 30)):
    n = 1500
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n) + shift, unit="D")
    at = pd.Timestamp("2024-03-01 08:00:00") + pd.to_timedelta(rng.integers(0, 86400 * 20, n), unit="s")
    amount = np.round(rng.normal(120, 30, n), 2)
    pd.DataFrame({"day": day.strftime("%Y-%m-%d"), "at": at.strftime("%Y-%m-%d %H:%M:%S"),
                  "amount": [f"{v:.2f}" for v in amount]}).to_csv(out, index=False)
PY
select='"day"::DATE AS "day", "at"::TIMESTAMP AS "at", "amount"::DECIMAL(10,2) AS "amount"'
node "$HERE/sql_to_parquet.cjs" "$TEST_ROOT/u1.csv" "$TEST_ROOT/repo/units.parquet" "$MODULES" "$select" >/dev/null
git dvx track '*.parquet' >/dev/null
git add .gitattributes units.parquet && git commit -qm u1 && git tag u1
node "$HERE/sql_to_parquet.cjs" "$TEST_ROOT/u2.csv" "$TEST_ROOT/repo/units.parquet" "$MODULES" "$select" >/dev/null
git add units.parquet && git commit -qm u2 && git tag u2
run_capture git dvx drift units.parquet --from u1 --to u2 --format json
assert_eq 0 "$RC" "units drift runs"
echo "$OUT" >"$TEST_ROOT/units.json"
run_capture $PY "$HERE/units_oracle.py" "$TEST_ROOT/u1.csv" "$TEST_ROOT/u2.csv" "$TEST_ROOT/units.json"
echo "$OUT"
assert_eq 0 "$RC" "dates, timestamps and decimals in their units equal pandas"
run_capture git dvx drift units.parquet --from u1 --to u2
assert_contains "$OUT" "day     date" "table: the kind of day is date"
assert_not_contains "$OUT" "e+04" "no day counts in the table"
assert_contains "$OUT" "amount  decimal(2)" "table: the kind of amount is decimal(2)"
med=$($PY -c 'import pandas as pd,sys; s=str(pd.to_datetime(pd.read_csv(sys.argv[1])["day"]).median()); print(s[:-9] if s.endswith(" 00:00:00") else s)' "$TEST_ROOT/u1.csv")
assert_contains "$OUT" "median $med -> " "table shows the ISO median date of v1 ($med)"

finish
