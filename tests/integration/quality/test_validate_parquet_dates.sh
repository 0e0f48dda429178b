#!/usr/bin/env bash
# git dvx validate on Parquet written by DuckDB: a DATE column satisfies the
# "date" type (it is stored as days since the epoch, not as text); a
# TIMESTAMP column does not, nor does a text column holding a non-date; the
# CSV the Parquet was made from gives the same verdicts.
. "$(dirname "$0")/../lib.sh"
MODULES="$DVX_SOURCE_DIR/.node-tools/node_modules"
[ -d "$MODULES/@duckdb/node-api" ] || { echo "FAIL: DuckDB missing: $MODULES/@duckdb/node-api" >&2; exit 1; }

new_repo "$TEST_ROOT/repo"
git dvx track 'data/*' >/dev/null
mkdir -p data
cat >"$TEST_ROOT/src.csv" <<'CSV'
day,ts,label
2024-02-29,2024-02-29 10:00:00,2024-01-01
2024-03-01,2024-03-01 11:30:00,2024-13-01
,2024-03-02 00:00:00,2024-03-02
2023-12-31,2023-12-31 23:59:59,soon
CSV
cp "$TEST_ROOT/src.csv" data/events.csv
n=$(node "$DVX_SOURCE_DIR/tests/integration/drift/sql_to_parquet.cjs" "$TEST_ROOT/src.csv" data/events.parquet "$MODULES" \
  "CAST(NULLIF(day, '') AS DATE) AS day, CAST(ts AS TIMESTAMP) AS ts, label")
assert_eq 4 "$n" "DuckDB wrote the 4 rows"
cat >dvx.toml <<'TOML'
[checks."data/events.*"]
columns = { day = "date", label = "date" }
TOML
git add -A && git commit -q --no-verify -m events  # the pre-commit check would block it: it fails

for f in data/events.parquet data/events.csv; do
  run_capture git dvx validate "$f" --json
  assert_eq 1 "$RC" "$f: validate fails (label): $OUT"
  got=$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
doc = json.load(sys.stdin)
print(sorted((v["column"], v["rule"], v["count"], [o["row"] for o in v["offenders"]])
             for f in doc["files"] for v in f["violations"]))')
  # day: every non-null value a real date (row 2 is null: not a type violation);
  # label: rows 1 (month 13) and 3 ("soon") are not dates.
  assert_eq "[('label', 'type', 2, [1, 3])]" "$got" "$f: only label's two non-dates"
done

# A TIMESTAMP is not a date.
printf '[checks."data/events.parquet"]\ncolumns = { ts = "date" }\n' >dvx.toml
run_capture git dvx validate data/events.parquet --json
assert_eq 1 "$RC" "a timestamp column fails the date type: $OUT"
assert_contains "$OUT" '"column": "ts"' "names the timestamp column"
finish
