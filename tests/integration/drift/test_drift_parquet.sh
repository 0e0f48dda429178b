#!/usr/bin/env bash
# git dvx drift on two committed versions of a tracked Parquet file written
# by DuckDB (npm @duckdb/node-api) from generated CSV data; the report is
# checked against pandas + SciPy on that same data. A malformed Parquet
# version (parquet-testing bad_data) is a clean error, exit 2.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib_drift.sh"

new_repo "$TEST_ROOT/repo"
git dvx track '*.parquet' >/dev/null
git add .gitattributes && git commit -qm attributes

$PY "$HERE/gen_data.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" 4000 15000 21
rows=$(node "$HERE/csv_to_parquet.cjs" "$TEST_ROOT/v1.csv" "$TEST_ROOT/repo/data.parquet" "$MODULES" snappy 100000)
assert_eq 4000 "$rows" "DuckDB wrote v1"
assert_eq "PAR1" "$(head -c 4 data.parquet)" "v1 is Parquet"
git add data.parquet && git commit -qm v1 && git tag v1
# v2: another codec and several row groups.
rows=$(node "$HERE/csv_to_parquet.cjs" "$TEST_ROOT/v2.csv" "$TEST_ROOT/repo/data.parquet" "$MODULES" zstd 2048)
assert_eq 15000 "$rows" "DuckDB wrote v2"
git add data.parquet && git commit -qm v2 && git tag v2

run_capture git dvx drift data.parquet --from v1 --to v2 --format json
assert_eq 0 "$RC" "drift exits 0 without --fail-on-drift"
echo "$OUT" >"$TEST_ROOT/ours.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" "$TEST_ROOT/ours.json" \
  --expect-drift y,cat --expect-stable x,flag,note
echo "$OUT"
assert_eq 0 "$RC" "Parquet report equals pandas+scipy"

run_capture git dvx drift data.parquet --from v1 --to v2 --fail-on-drift
assert_eq 1 "$RC" "--fail-on-drift exits 1"
run_capture git dvx drift data.parquet --from v1 --to v2 --columns x,note --fail-on-drift
assert_eq 0 "$RC" "--fail-on-drift exits 0 on stable columns: $OUT"

# Worktree (default --to) against HEAD, and a file named without extension:
# the reader is chosen by the PAR1 magic.
node "$HERE/csv_to_parquet.cjs" "$TEST_ROOT/v1.csv" "$TEST_ROOT/repo/data.parquet" "$MODULES" gzip 1000 >/dev/null
run_capture git dvx drift data.parquet --format json
assert_eq 0 "$RC" "HEAD -> worktree"
echo "$OUT" >"$TEST_ROOT/wt.json"
run_capture $PY "$HERE/drift_oracle.py" "$TEST_ROOT/v2.csv" "$TEST_ROOT/v1.csv" "$TEST_ROOT/wt.json" --expect-drift y,cat
assert_eq 0 "$RC" "HEAD -> worktree equals scipy: $OUT"
git dvx track 'blob' >/dev/null
cp data.parquet blob && git add .gitattributes blob && git commit -qm blob
cp "$TEST_ROOT/repo/data.parquet" blob
run_capture git dvx drift blob --format json
assert_eq 0 "$RC" "magic sniffing picks the Parquet reader: $OUT"
assert_contains "$OUT" '"name": "cat"' "columns read from an extension-less Parquet file"

# Malformed Parquet versions: clean error naming the version, exit 2.
# (The reader's own suite covers every bad_data file; here the drift path.)
BAD="$DVX_TESTDATA_DIR/parquet-testing/bad_data"
head -c 3000 "$TEST_ROOT/repo/blob" >"$TEST_ROOT/truncated.parquet"
for f in "$BAD/PARQUET-1481.parquet" "$BAD/ARROW-RS-GH-6229-DICTHEADER.parquet" "$BAD/ARROW-GH-41321.parquet" \
  "$TEST_ROOT/truncated.parquet"; do
  cp "$f" data.parquet
  run_capture git dvx drift data.parquet --from v1
  assert_eq 2 "$RC" "$(basename "$f"): exit 2"
  assert_contains "$OUT" "git-dvx: " "$(basename "$f"): message"
  assert_contains "$OUT" "data.parquet" "$(basename "$f"): names the file"
  assert_not_contains "$OUT" "internal error" "$(basename "$f"): no internal error"
done

finish
