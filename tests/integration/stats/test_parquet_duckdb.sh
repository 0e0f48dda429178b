#!/usr/bin/env bash
# The project's Parquet reader against DuckDB (npm @duckdb/node-api) over the
# whole parquet-testing corpus: every readable file's values equal DuckDB's
# (through `git dvx table FILE --format json`), nested columns are reported
# as skipped, and every malformed file (bad_data/, corrupt page checksums)
# fails cleanly: exit 1, a message naming the file, no crash.
. "$(dirname "$0")/../lib.sh"

CORPUS="${DVX_TESTDATA_DIR:?}/parquet-testing"
MODULES="$DVX_SOURCE_DIR/.node-tools/node_modules"
COMPARE="$(cd "$(dirname "$0")" && pwd)/parquet_duckdb_compare.cjs"
if [ ! -d "$MODULES/@duckdb/node-api" ]; then
  echo "FAIL: DuckDB oracle missing: $MODULES/@duckdb/node-api (run install/deps.sh)" >&2
  exit 1
fi
[ -d "$CORPUS" ] || { echo "FAIL: corpus missing: $CORPUS" >&2; exit 1; }

# Files that must be rejected: everything in bad_data/ except
# ARROW-GH-43605 (a valid file whose dictionary indices use bit width 0: it
# crashed a Go reader; DuckDB and Arrow read it, so it is compared below),
# plus the files whose page CRCs do not match (DuckDB does not check CRCs).
is_bad() {
  case "$1" in
    */bad_data/ARROW-GH-43605.parquet) return 1 ;;
    */bad_data/*) return 0 ;;
    *corrupt-checksum*) return 0 ;;
  esac
  return 1
}

n_good=0
n_bad=0
for f in "$CORPUS"/*.parquet "$CORPUS"/bad_data/*.parquet; do
  name=$(basename "$f")
  if is_bad "$f"; then
    run_capture timeout 60 "$DVX_BIN" table "$f" --format json
    assert_eq 1 "$RC" "$name: exit code of a malformed file"
    assert_contains "$OUT" "$name" "$name: error names the file"
    assert_not_contains "$OUT" "internal error" "$name: error is a clean dvx::Error"
    case "$name" in *checksum*) assert_contains "$OUT" "CRC" "$name: error says the checksum is wrong" ;; esac
    n_bad=$((n_bad + 1))
    continue
  fi
  ours="$TEST_ROOT/$name.json"
  if ! timeout 60 "$DVX_BIN" table "$f" --format json >"$ours" 2>"$ours.err"; then
    fail "$name: git dvx table failed: $(cat "$ours.err")"
    continue
  fi
  # DuckDB lacks Parquet's deprecated LZ4 codec (Hadoop framing or bare
  # blocks). parquet-testing writes the same 4-row table in hadoop_lz4_,
  # non_hadoop_lz4_ and lz4_raw_compressed.parquet (Arrow's tests expect the
  # same values for all three): DuckDB reads the LZ4_RAW one as the oracle.
  oracle=()
  case "$name" in
    hadoop_lz4_compressed.parquet | non_hadoop_lz4_compressed.parquet) oracle=("$CORPUS/lz4_raw_compressed.parquet") ;;
  esac
  run_capture timeout 120 node "$COMPARE" "$f" "$ours" "$MODULES" "${oracle[@]}"
  if [ "$RC" -eq 0 ]; then pass; echo "$OUT"; else fail "$OUT"; fi
  n_good=$((n_good + 1))
done

# Files written by DuckDB in this run: every type the reader maps (signed and
# unsigned integers, decimals up to 38 digits, dates, times, timestamps in
# ms/us/ns and with time zone, strings, blobs, booleans, UUIDs, enums,
# structs, lists, maps, nulls), with each codec DuckDB writes, data pages v1
# and v2 (v2 brings the DELTA encodings), several row groups.
GEN="$TEST_ROOT/generated"
mkdir -p "$GEN"
node "$(dirname "$COMPARE")/parquet_duckdb_write.cjs" "$GEN" "$MODULES"
n_gen=0
for f in "$GEN"/*.parquet; do
  name=$(basename "$f")
  ours="$TEST_ROOT/$name.json"
  if ! timeout 60 "$DVX_BIN" table "$f" --format json >"$ours" 2>"$ours.err"; then
    fail "$name: git dvx table failed: $(cat "$ours.err")"
    continue
  fi
  run_capture timeout 120 node "$COMPARE" "$f" "$ours" "$MODULES"
  if [ "$RC" -eq 0 ]; then pass; echo "$OUT"; else fail "$OUT"; fi
  n_gen=$((n_gen + 1))
done
assert_eq 5 "$n_gen" "DuckDB-written files compared"

# The corpus must actually have been exercised.
[ "$n_good" -ge 25 ] || fail "only $n_good readable corpus files compared"
[ "$n_bad" -ge 9 ] || fail "only $n_bad malformed corpus files checked"

# CSV output and --limit: header plus N rows, values as in the JSON.
csv=$("$DVX_BIN" table "$CORPUS/alltypes_plain.parquet" --format csv --limit 2)
assert_eq 3 "$(printf '%s\n' "$csv" | wc -l | tr -d ' ')" "csv --limit 2 prints a header and 2 rows"
assert_eq "id,bool_col,tinyint_col,smallint_col,int_col,bigint_col,float_col,double_col,date_string_col,string_col,timestamp_col" \
  "$(printf '%s\n' "$csv" | head -1)" "csv header lists the columns"

# A missing file and a non-Parquet file are clean errors too.
expect_failure "$DVX_BIN" table "$TEST_ROOT/missing.parquet"
assert_contains "$OUT" "missing.parquet" "missing file is named"
printf 'PAR1 but not really' >"$TEST_ROOT/fake.parquet"
expect_failure "$DVX_BIN" table "$TEST_ROOT/fake.parquet"
assert_contains "$OUT" "fake.parquet" "truncated file is named"

echo "compared $n_good corpus files and $n_gen DuckDB-written files with DuckDB, rejected $n_bad malformed files"
finish
