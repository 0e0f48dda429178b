# Shared by the drift tests that write Parquet with DuckDB (source it after
# lib.sh): MODULES is .node-tools' node_modules, or the test fails with the fix.
MODULES="$DVX_SOURCE_DIR/.node-tools/node_modules"
if [ ! -d "$MODULES/@duckdb/node-api" ]; then
  echo "FAIL: DuckDB missing: $MODULES/@duckdb/node-api (run install/deps.sh)" >&2
  exit 1
fi
