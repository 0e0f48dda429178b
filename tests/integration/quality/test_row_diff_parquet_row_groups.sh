#!/usr/bin/env bash
# diff --rows in spill mode streams a Parquet file one row group at a time:
# two DuckDB-written versions of 500,000 rows in row groups of 10,000 (rows
# removed, added, cells changed to and from null), diffed with a --memory
# far below the data. The counts and samples equal pandas' on the same data
# written by DuckDB as CSV (row_diff_oracle.py), the report equals the
# in-memory one, and the peak RSS (GNU time) stays below 3/4 of what reading
# one version whole takes (git dvx table's peak), which the old whole-file
# read in spill mode exceeded.
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
MODULES="$DVX_SOURCE_DIR/.node-tools/node_modules"
[ -d "$MODULES/@duckdb/node-api" ] || { echo "FAIL: DuckDB missing: $MODULES/@duckdb/node-api" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "FAIL: GNU time missing (/usr/bin/time)" >&2; exit 1; }

groups=$(node "$HERE/row_groups_versions.cjs" "$TEST_ROOT" "$MODULES" 500000 10000)
# DuckDB rounds a row group to whole vectors of 2,048 rows: about 49 groups.
[ "$groups" -ge 40 ] && pass || fail "DuckDB wrote row groups of about 10,000 rows (got $groups groups)"

new_repo "$TEST_ROOT/repo"
git dvx track '*.parquet' >/dev/null
cp "$TEST_ROOT/v1.parquet" data.parquet
git add .gitattributes data.parquet && git commit -qm v1 && git tag v1
cp "$TEST_ROOT/v2.parquet" data.parquet
git add data.parquet && git commit -qm v2 && git tag v2

peak_kb() {  # runs git dvx ARGS..., its stdout in $OUT, its peak RSS in KB in $PEAK
  RC=0
  # Under AddressSanitizer (the sanitizer tier), freed memory waits in a
  # 256 MB quarantine before reuse, which made the many freed chunks of a
  # spilled diff look resident; without it both runs are measured alike.
  # A binary built without ASan ignores the variable.
  OUT=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" \
    /usr/bin/time -f %M -o "$TEST_ROOT/peak" git dvx "$@" 2>"$TEST_ROOT/err") || RC=$?
  PEAK=$(tail -1 "$TEST_ROOT/peak")
}

peak_kb diff data.parquet --rows --key id v1 v2 --json --memory 16MiB
assert_eq 0 "$RC" "spilled diff exits 0: $(cat "$TEST_ROOT/err")"
spilled=$OUT spilled_peak=$PEAK
parts=$(echo "$OUT" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["spill_partitions"])')
[ "$parts" -gt 1 ] && pass || fail "--memory 16MiB spilled ($parts partitions)"
echo "$OUT" >"$TEST_ROOT/ours.json"
run_capture "$PY" "$HERE/row_diff_oracle.py" "$TEST_ROOT/v1.csv" "$TEST_ROOT/v2.csv" "$TEST_ROOT/ours.json" id
echo "pandas: $OUT"
assert_eq 0 "$RC" "spilled diff of row groups equals pandas"

run_capture git dvx diff data.parquet --rows --key id v1 v2 --json --memory 4GiB
assert_eq 0 "$RC" "in-memory diff exits 0"
strip() { "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); d.pop("spill_partitions", None); print(json.dumps(d, sort_keys=True))' "$1"; }
assert_eq "$(strip "$OUT")" "$(strip "$spilled")" "spilled report equals the in-memory one"

peak_kb table data.parquet
assert_eq 0 "$RC" "git dvx table reads the file whole"
whole_peak=$PEAK
echo "peak RSS: spilled diff ${spilled_peak} KB, one version read whole ${whole_peak} KB"
[ "$spilled_peak" -lt $((whole_peak * 3 / 4)) ] && pass ||
  fail "spilled diff peak ${spilled_peak} KB is not below 3/4 of a whole read (${whole_peak} KB)"
ls "$(git rev-parse --git-common-dir)/dvx/tmp" 2>/dev/null | grep -q rowdiff && fail "spill files left behind" || pass
finish
