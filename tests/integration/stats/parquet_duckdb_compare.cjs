// Compares `git dvx table FILE --format json` (argv[3], a JSON file) with
// DuckDB reading the same Parquet file (argv[2]), column by column, using the
// value mapping documented in docs/parquet.md:
//   numbers within 1e-9 relative (DuckDB NaN counts as null, as in the Table),
//   strings exactly, nulls as nulls; DuckDB list/map columns must be reported
//   by us as skipped; struct fields are compared as "struct.field".
// Usage: node parquet_duckdb_compare.cjs FILE OURS.json NODE_MODULES_DIR [ORACLE_FILE]
// ORACLE_FILE: a file with the same table that DuckDB can read, for files in
// a codec DuckDB lacks (Parquet's deprecated LZ4 codec).
'use strict';
const fs = require('fs');
const path = require('path');
const [file, oursPath, modules, oracleFile] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(modules, '@duckdb/node-api'));

const q = (s) => '"' + s.replace(/"/g, '""') + '"';
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";

// Flattens DuckDB columns into leaves: {name, expr, type} or {name, nested:true}.
function leaves(name, expr, type, out) {
  const id = type.typeId;
  const t = type.toString();
  if (t.startsWith('STRUCT')) {
    for (let i = 0; i < type.entryNames.length; ++i)
      leaves(name + '.' + type.entryNames[i], `struct_extract(${expr}, ${lit(type.entryNames[i])})`,
             type.entryTypes[i], out);
    return;
  }
  if (t.endsWith('[]') || t.startsWith('MAP') || t.includes('[')) { out.push({ name, nested: true }); return; }
  out.push({ name, expr, t });
}

function select(leaf) {
  const t = leaf.t, e = leaf.expr;
  if (t === 'BOOLEAN') return `CASE WHEN ${e} THEN 'true' WHEN NOT ${e} THEN 'false' END`;
  if (t === 'VARCHAR') return e;
  if (t === 'BLOB') return e;
  if (t === 'UUID' || t.startsWith('ENUM')) return `CAST(${e} AS VARCHAR)`;
  if (t === 'DATE') return `CAST(${e} - DATE '1970-01-01' AS DOUBLE)`;
  if (t === 'TIMESTAMP_NS') return `epoch_ns(${e}) / 1000.0`;
  if (t.startsWith('TIMESTAMP')) return `CAST(epoch_us(${e}) AS DOUBLE)`;
  if (t.startsWith('TIME')) return `CAST(epoch_us(DATE '1970-01-01' + ${e}) AS DOUBLE)`;
  return `CAST(${e} AS DOUBLE)`;
}

function isUtf8(bytes) {
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true; } catch { return false; }
}

(async () => {
  const ours = JSON.parse(fs.readFileSync(oursPath, 'utf8'));
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  const src = `read_parquet(${lit(oracleFile || file)})`;
  const probe = await con.runAndReadAll(`SELECT * FROM ${src} LIMIT 0`);
  const names = probe.columnNames(), types = probe.columnTypes();
  const flat = [];
  for (let i = 0; i < names.length; ++i) leaves(names[i], q(names[i]), types[i], flat);
  const errors = [];
  const byName = new Map(ours.columns.map((c) => [c.name, c]));
  const count = Number((await con.runAndReadAll(`SELECT count(*) FROM ${src}`)).getRows()[0][0]);
  if (ours.rows !== count) errors.push(`row count: ours ${ours.rows}, DuckDB ${count}`);
  let compared = 0, skipped = 0;
  const used = new Set();
  for (const leaf of flat) {
    if (leaf.nested) {
      const mine = ours.columns.filter((c) => c.name === leaf.name || c.name.startsWith(leaf.name + '.'));
      if (mine.length === 0) errors.push(`${leaf.name}: nested column missing from our output`);
      for (const c of mine) {
        used.add(c.name);
        if (c.kind !== 'skipped' || !c.skip_reason) errors.push(`${c.name}: nested column not reported as skipped`);
      }
      ++skipped;
      continue;
    }
    const mine = byName.get(leaf.name);
    if (!mine) { errors.push(`${leaf.name}: column missing from our output`); continue; }
    used.add(leaf.name);
    const isText = ['BOOLEAN', 'VARCHAR', 'BLOB', 'UUID'].includes(leaf.t) || leaf.t.startsWith('ENUM');
    const wantKind = isText ? 'categorical' : 'numeric';
    if (mine.kind !== wantKind) { errors.push(`${leaf.name}: kind ${mine.kind}, DuckDB type ${leaf.t} means ${wantKind}`); continue; }
    const sql = leaf.t === 'BLOB'
      ? `SELECT ${leaf.expr}, CAST(${leaf.expr} AS VARCHAR) FROM ${src}`
      : `SELECT ${select(leaf)} FROM ${src}`;
    const rows = (await con.runAndReadAll(sql)).getRows();
    let bad = 0;
    for (let r = 0; r < rows.length; ++r) {
      let want = rows[r][0];
      const got = mine.values[r];
      if (leaf.t === 'BLOB' && want !== null) want = isUtf8(want.bytes) ? Buffer.from(want.bytes).toString('utf8') : rows[r][1];
      let ok;
      if (wantKind === 'numeric') {
        if (typeof want === 'bigint') want = Number(want);
        if (want !== null && Number.isNaN(want)) want = null;
        if (want === null || got === null) ok = want === got;
        else ok = want === got || Math.abs(want - got) <= 1e-9 * Math.max(Math.abs(want), Math.abs(got));
      } else {
        ok = want === got;
      }
      if (!ok && bad++ < 3) errors.push(`${leaf.name} row ${r}: ours ${JSON.stringify(got)}, DuckDB ${String(want)}`);
    }
    if (bad > 3) errors.push(`${leaf.name}: ${bad} mismatching rows in all`);
    ++compared;
  }
  for (const c of ours.columns) if (!used.has(c.name)) errors.push(`${c.name}: column not in DuckDB's output`);
  if (errors.length) {
    console.error(`${path.basename(file)}: ${errors.length} differences from DuckDB:\n  ` + errors.join('\n  '));
    process.exit(1);
  }
  const via = oracleFile ? ` (DuckDB reading ${path.basename(oracleFile)})` : '';
  console.log(`${path.basename(file)}: ${compared} columns x ${count} rows equal to DuckDB${via}; ${skipped} nested columns skipped`);
})().catch((e) => { console.error(`${path.basename(file)}: ${String(e.message || e).split('\n')[0]}`); process.exit(2); });
