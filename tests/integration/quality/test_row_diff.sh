#!/usr/bin/env bash
# git dvx diff PATH --rows against pandas (merge with indicator=True, and
# DataFrame.compare for changed cells) on two committed versions of a
# tracked CSV and of the same data written as Parquet by DuckDB: nulls,
# repeated keys, quoted fields with newlines, a dropped and an added column.
# The spilled path (--memory far below the data) must give the same report.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
MODULES="$DVX_SOURCE_DIR/.node-tools/node_modules"
[ -d "$MODULES/@duckdb/node-api" ] || { echo "FAIL: DuckDB missing: $MODULES/@duckdb/node-api" >&2; exit 1; }

new_repo "$TEST_ROOT/repo"
git dvx track '*.csv' '*.parquet' >/dev/null
"$PY" "$HERE/gen_rows.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" 6000 5
cp "$TEST_ROOT/v1.csv" data.csv
node "$DVX_SOURCE_DIR/tests/integration/drift/csv_to_parquet.cjs" "$TEST_ROOT/v1.csv" data.parquet "$MODULES" snappy 100000 >/dev/null
git add .gitattributes data.csv data.parquet && git commit -qm v1 && git tag v1
cp "$TEST_ROOT/v2.csv" data.csv
node "$DVX_SOURCE_DIR/tests/integration/drift/csv_to_parquet.cjs" "$TEST_ROOT/v2.csv" data.parquet "$MODULES" zstd 1000 >/dev/null
git add data.csv data.parquet && git commit -qm v2 && git tag v2
assert_eq "PAR1" "$(head -c 4 data.parquet)" "DuckDB wrote Parquet"

oracle() {  # LABEL KEY... (reads $OUT, leaves it as it was)
  local label=$1 ours=$OUT
  shift
  echo "$OUT" >"$TEST_ROOT/ours.json"
  run_capture "$PY" "$HERE/row_diff_oracle.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" "$TEST_ROOT/ours.json" "$@"
  echo "$label: $OUT"
  assert_eq 0 "$RC" "$label equals pandas"
  OUT=$ours
}
schema_of() {  # the schema changes in $OUT as "change:column" lines
  echo "$OUT" | "$PY" -c 'import json,sys; print(" ".join("%s:%s" % (s["change"], s["column"]) for s in json.load(sys.stdin)["schema"]))'
}

for f in data.csv data.parquet; do
  run_capture git dvx diff "$f" --rows --key id v1 v2 --json
  assert_eq 0 "$RC" "$f keyed diff exits 0"
  oracle "$f by key" id
  assert_eq "removed:flag added:extra" "$(schema_of)" "$f schema changes"
  keyed=$OUT
  run_capture git dvx diff --rows v1 v2 "$f" --json
  assert_eq 0 "$RC" "$f whole-row diff exits 0"
  oracle "$f whole rows"
  # Spilled: 64 KiB of memory makes chunks and many partitions; same report.
  run_capture git dvx diff "$f" --rows --key id v1 v2 --json --memory 64KiB
  assert_eq 0 "$RC" "$f spilled diff exits 0"
  oracle "$f by key, spilled" id
  parts=$(echo "$OUT" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["spill_partitions"])')
  [ "$parts" -gt 1 ] && pass || fail "$f: --memory 64KiB spilled ($parts partitions)"
  strip() { "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); d.pop("spill_partitions"); print(json.dumps(d, sort_keys=True))' "$1"; }
  assert_eq "$(strip "$keyed")" "$(strip "$OUT")" "$f: spilled report equals the in-memory one"
done
ls "$(git rev-parse --git-common-dir)/dvx/tmp" 2>/dev/null | grep -q rowdiff && fail "spill files left behind" || pass

# Text output, and the worktree against HEAD by default.
"$PY" - <<'PY'
import csv
rows = list(csv.DictReader(open("data.csv", newline="")))
rows[0]["score"] = "999.5"
with open("data.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
PY
first_id=$("$PY" -c 'import csv; print(next(csv.DictReader(open("data.csv")))["id"])')
run_capture git dvx diff data.csv --rows --key id
assert_eq 0 "$RC" "worktree diff exits 0"
assert_contains "$OUT" "data.csv: HEAD -> worktree (key id)" "text header"
assert_contains "$OUT" "0 added, 0 removed, 1 modified" "one modified row"
assert_contains "$OUT" "changed cells: score 1" "changed cell count"
assert_contains "$OUT" "~ id=$first_id (row 0 -> 0): score: " "modified sample"
assert_contains "$OUT" "-> 999.5" "new value shown"

# Errors: a key that one version lacks, two paths, a non-data file.
expect_failure git dvx diff data.csv --rows --key flag v1 v2
assert_contains "$OUT" "key column 'flag' is not in both versions" "missing key named"
expect_failure git dvx diff data.csv data.parquet --rows
assert_contains "$OUT" "diff --rows compares one file" "one file only"
finish
