// Writes a Parquet file with DuckDB (npm @duckdb/node-api) from a CSV file:
// the third-party writer for the drift Parquet tests.
// usage: node csv_to_parquet.cjs IN.csv OUT.parquet NODE_MODULES COMPRESSION ROW_GROUP_SIZE
'use strict';
const path = require('path');
const [input, output, modules, compression, rowGroup] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(modules, '@duckdb/node-api'));
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT * FROM read_csv(${lit(input)}, header = true, quote = '"', escape = '"'))
                 TO ${lit(output)} (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroup})`);
  const r = await con.runAndReadAll(`SELECT count(*) FROM read_parquet(${lit(output)})`);
  console.log(String(r.getRows()[0][0]));
})().catch((e) => { console.error(e.message || e); process.exit(1); });
