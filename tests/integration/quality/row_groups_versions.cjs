// Two versions of a table written by DuckDB (npm @duckdb/node-api) as
// Parquet in row groups of ROW_GROUP_SIZE rows and as CSV (for pandas):
// v2 removes about 2% of v1's rows, changes cells in about 6% (to and from
// null too) and adds ROWS/30 rows. Values come from hash(), so they are the
// same on every run.
// usage: node row_groups_versions.cjs OUT_DIR NODE_MODULES ROWS ROW_GROUP_SIZE
'use strict';
const path = require('path');
const [dir, modules, rows, rowGroup] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(modules, '@duckdb/node-api'));
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
const n = Number(rows);
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const v1 = `SELECT i AS id, (hash(i) % 100000) / 100.0 AS score,
                     'customer-' || (hash(i * 7) % 1000000)::VARCHAR || '-name' AS name,
                     ['north', 'south', 'east', 'west'][1 + (i % 4)::INT] AS region,
                     CASE WHEN i % 50 = 0 THEN NULL ELSE (i % 97)::DOUBLE END AS visits
              FROM range(${n}) t(i)`;
  await con.run(`CREATE TABLE v1 AS ${v1}`);
  await con.run(`CREATE TABLE v2 AS
    SELECT id,
           CASE WHEN hash(id + 2) % 25 = 0 THEN score + 1 ELSE score END AS score,
           CASE WHEN hash(id + 3) % 60 = 0 THEN name || '!' ELSE name END AS name,
           region,
           CASE WHEN hash(id + 4) % 80 = 0 THEN NULL WHEN visits IS NULL AND id % 100 = 0 THEN 1 ELSE visits END AS visits
    FROM v1 WHERE hash(id + 1) % 50 != 0
    UNION ALL
    SELECT i, (hash(i) % 100000) / 100.0, 'new-' || i::VARCHAR, 'north', 3
    FROM range(${n}, ${n + Math.floor(n / 30)}) t(i)
    ORDER BY id`);
  for (const v of ['v1', 'v2']) {
    await con.run(`COPY (SELECT * FROM ${v} ORDER BY id) TO ${lit(path.join(dir, v + '.parquet'))}
                   (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${rowGroup})`);
    await con.run(`COPY (SELECT * FROM ${v} ORDER BY id) TO ${lit(path.join(dir, v + '.csv'))} (HEADER)`);
  }
  const r = await con.runAndReadAll(`SELECT count(*) FROM parquet_metadata(${lit(path.join(dir, 'v1.parquet'))})
                                     WHERE column_id = 0`);
  console.log(String(r.getRows()[0][0]));  // row groups of v1
})().catch((e) => { console.error(e.message || e); process.exit(1); });
