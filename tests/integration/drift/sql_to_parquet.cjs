// Writes a Parquet file with DuckDB (npm @duckdb/node-api) from a CSV file
// through a SELECT list, so a test gets DuckDB's own DATE, TIMESTAMP and
// DECIMAL columns: usage: node sql_to_parquet.cjs IN.csv OUT.parquet NODE_MODULES "SELECT-LIST"
'use strict';
const path = require('path');
const [input, output, modules, select] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(modules, '@duckdb/node-api'));
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT ${select} FROM read_csv(${lit(input)}, header = true, all_varchar = true))
                 TO ${lit(output)} (FORMAT parquet)`);
  const r = await con.runAndReadAll(`SELECT count(*) FROM read_parquet(${lit(output)})`);
  console.log(String(r.getRows()[0][0]));
})().catch((e) => { console.error(e.message || e); process.exit(1); });
