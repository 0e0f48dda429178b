// Writes Parquet files with DuckDB covering the types, codecs and page
// versions git-dvx's reader supports, for test_parquet_duckdb.sh to compare.
// Usage: node parquet_duckdb_write.cjs OUT_DIR NODE_MODULES_DIR
'use strict';
const path = require('path');
const [outDir, modules] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(modules, '@duckdb/node-api'));

const select = `
  SELECT
    CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 200 - 100)::TINYINT END AS t8,
    (i * 37 % 60000 - 30000)::SMALLINT AS t16,
    CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 7919 - 1000000)::INTEGER END AS t32,
    (i::BIGINT * 1000000007 - 4000000000000)::BIGINT AS t64,
    (i % 250)::UTINYINT AS u8, (i * 3 % 65000)::USMALLINT AS u16,
    (4000000000 - i)::UINTEGER AS u32, (18446744073709551615 - i * 1000)::UBIGINT AS u64,
    (i / 7.0)::FLOAT AS f32, CASE WHEN i % 13 = 0 THEN NULL ELSE sin(i) * 1e6 END AS f64,
    (i % 9999 / 100.0)::DECIMAL(4,2) AS dec4, (i * 1.000001)::DECIMAL(18,6) AS dec18,
    (i * 123456789.0123456789)::DECIMAL(38,10) AS dec38,
    DATE '1969-12-25' + (i % 4000)::INTEGER AS day,
    TIME '00:00:01' + INTERVAL (i * 1001) MILLISECOND AS tod,
    TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (i * 3600007) MICROSECOND AS ts,
    (TIMESTAMP '1960-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS ts_ns,
    (TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_MS AS ts_ms,
    (TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND)::TIMESTAMPTZ AS ts_tz,
    CASE WHEN i % 3 = 0 THEN NULL ELSE 'name_' || (i % 97)::VARCHAR END AS str,
    repeat('é', (i % 5)::INTEGER) || 'ünï' || (i % 4)::VARCHAR AS utf,
    ('\\x' || lpad(to_hex(i % 256), 2, '0') || 'ab')::BLOB AS bin,
    CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,
    ('00000000-0000-0000-0000-' || lpad(to_hex(i), 12, '0'))::UUID AS id,
    (['red', 'green', 'blue'])[i % 3 + 1]::ENUM ('red', 'green', 'blue') AS colour,
    {'x': i, 'y': CASE WHEN i % 2 = 0 THEN NULL ELSE 'odd' END} AS point,
    [i, i + 1] AS pair,
    MAP {'k': i} AS kv
  FROM range(25000) t(i)`;

(async () => {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const variants = [
    ['snappy_v1', "COMPRESSION snappy"],
    ['gzip_v1', "COMPRESSION gzip, ROW_GROUP_SIZE 4000"],
    ['zstd_v2', "COMPRESSION zstd, PARQUET_VERSION v2"],
    ['lz4raw_v2', "COMPRESSION lz4_raw, PARQUET_VERSION v2, ROW_GROUP_SIZE 3000"],
    ['plain_v2', "COMPRESSION uncompressed, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 1"],
  ];
  for (const [name, opts] of variants)
    await con.run(`COPY (${select}) TO '${path.join(outDir, 'duckdb_' + name + '.parquet')}' (FORMAT parquet, ${opts})`);
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
