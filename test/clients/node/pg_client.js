// node-postgres driving a timescaledb_dist access node (run by test/cluster/clients.sh).
//
// Usage: node pg_client.js TABLE. TABLE is a distributed hypertable and TABLE_ref a
// plain table with the same columns (time, location, temperature, humidity), both
// empty. Every row is written to both through the same driver call, and every read
// of TABLE is compared with the same read of TABLE_ref. Connects with the libpq
// environment (PGHOST, PGPORT, PGUSER, PGDATABASE). Prints "ok - ..." /
// "not ok - ..." lines and exits 1 when any check failed.
'use strict';

const assert = require('node:assert');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { Client } = require('pg');
const Cursor = require('pg-cursor');
const { from: copyFrom } = require('pg-copy-streams');

const BASE = Date.UTC(2024, 0, 1);
const LOCATIONS = ['office', 'garage', 'attic', 'cellar'];
let failed = false;

function check(desc, expected, actual) {
  try {
    assert.deepStrictEqual(actual, expected);
    console.log(`ok - node-postgres: ${desc}`);
  } catch (e) {
    failed = true;
    console.log(`not ok - node-postgres: ${desc}`);
    console.log(`  expected: ${JSON.stringify(expected)}`.slice(0, 2000));
    console.log(`  actual:   ${JSON.stringify(actual)}`.slice(0, 2000));
  }
}

// Rows first..first+n-1, one per 20 s over four locations; temperatures are
// multiples of 0.25 so sums and averages are exact whatever the order.
function makeRows(first, n) {
  const rows = [];
  for (let i = first; i < first + n; i++) {
    rows.push([new Date(BASE + 20000 * i), LOCATIONS[i % 4], ((i * 37) % 400) * 0.25, i % 100]);
  }
  return rows;
}

const at = (minutes) => new Date(BASE + minutes * 60000);

class Tables {
  constructor(name) {
    this.dist = name;
    this.ref = `${name}_ref`;
  }
  both() {
    return [this.dist, this.ref];
  }
}

async function bothRows(client, tables, text, values = [], name = undefined) {
  const out = [];
  for (const t of tables.both()) {
    const q = { text: text.replaceAll('{t}', t), values };
    if (name) q.name = `${name}_${t}`;
    out.push((await client.query(q)).rows);
  }
  return out;
}

async function totals(client, tables) {
  return bothRows(
    client,
    tables,
    'SELECT count(*)::int AS n, sum(temperature) AS t, sum(humidity) AS h, min(time) AS lo, max(time) AS hi FROM {t}',
  );
}

const INSERT = 'INSERT INTO {t} (time, location, temperature, humidity) VALUES ($1, $2, $3, $4)';

async function testPrepared(client, tables) {
  const rows = makeRows(0, 24);
  for (const t of tables.both()) {
    for (const r of rows) {
      await client.query({ name: `ins_${t}`, text: INSERT.replaceAll('{t}', t), values: r });
    }
  }
  const [dist, ref] = await totals(client, tables);
  check('named prepared INSERT x24 stores the rows', ref, dist);
  check('named prepared INSERT: 24 rows', 24, dist[0].n);
  const prepared = await client.query(
    "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'ins_%' AND NOT from_sql",
  );
  check('INSERTs ran as protocol-level prepared statements', 2, prepared.rows[0].n);

  const sel =
    'SELECT count(*)::int AS n, sum(temperature) AS t, max(humidity) AS h FROM {t} ' +
    'WHERE location = $1 AND time >= $2 AND time < $3';
  const mismatches = [];
  for (const mode of ['auto', 'force_generic_plan']) {
    await client.query(`SET plan_cache_mode = ${mode}`);
    for (let k = 0; k < 8; k++) {
      const values = [LOCATIONS[k % 4], new Date(BASE + 40000 * k), new Date(BASE + 40000 * k + 300000)];
      const [d, r] = await bothRows(client, tables, sel, values, 'sel');
      if (JSON.stringify(d) !== JSON.stringify(r)) mismatches.push({ mode, values, d, r });
    }
  }
  await client.query('RESET plan_cache_mode');
  check('named prepared SELECT x16 with parameters (auto and generic plans) matches the plain table', [], mismatches);
}

async function testBatches(client, tables) {
  const before = (await totals(client, tables))[0][0].n;
  const rows = makeRows(100, 200);
  const placeholders = rows.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`);
  for (const t of tables.both()) {
    const res = await client.query(
      `INSERT INTO ${t} (time, location, temperature, humidity) VALUES ${placeholders.join(', ')}`,
      rows.flat(),
    );
    check(`multi-row INSERT of 200 rows x 4 parameters reports 200 (${t})`, 200, res.rowCount);
  }
  let [dist, ref] = await totals(client, tables);
  check('multi-row INSERT with 800 parameters', ref, dist);

  // The usual node-postgres batch: one parameter per column, each an array.
  const batch = makeRows(300, 100);
  const columns = [0, 1, 2, 3].map((c) => batch.map((r) => r[c]));
  for (const t of tables.both()) {
    const res = await client.query(
      `INSERT INTO ${t} (time, location, temperature, humidity) ` +
        'SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::float8[], $4::float8[])',
      columns,
    );
    check(`INSERT ... SELECT FROM unnest(array parameters) reports 100 (${t})`, 100, res.rowCount);
  }
  [dist, ref] = await totals(client, tables);
  check('INSERT ... SELECT FROM unnest(array parameters)', ref, dist);
  check('batches: row count', before + 300, dist[0].n);
}

async function testCopy(client, tables) {
  const before = (await totals(client, tables))[0][0].n;
  const lines = makeRows(1000, 2000).map((r) => `${r[0].toISOString()}\t${r[1]}\t${r[2]}\t${r[3]}\n`);
  for (const t of tables.both()) {
    const stream = client.query(copyFrom(`COPY ${t} (time, location, temperature, humidity) FROM STDIN`));
    await pipeline(Readable.from(lines), stream);
    check(`pg-copy-streams COPY FROM STDIN reports 2000 rows (${t})`, 2000, stream.rowCount);
  }
  const [dist, ref] = await totals(client, tables);
  check('COPY FROM STDIN through pg-copy-streams', ref, dist);
  check('COPY: row count', before + 2000, dist[0].n);
}

async function readCursor(cursor, batch) {
  const all = [];
  for (;;) {
    const rows = await cursor.read(batch);
    if (rows.length === 0) break;
    all.push(...rows);
  }
  await cursor.close();
  return all;
}

async function testCursors(client, tables) {
  const q = 'SELECT time, location, temperature, humidity FROM {t} WHERE time >= $1 ORDER BY time, location';
  const expected = (await client.query(q.replaceAll('{t}', tables.ref), [at(30)])).rows;
  // pg-cursor reads a portal of the extended protocol, 101 rows at a time.
  const got = await readCursor(client.query(new Cursor(q.replaceAll('{t}', tables.dist), [at(30)])), 101);
  check(`pg-cursor (portal) read 101 rows at a time (${expected.length} rows)`, expected, got);

  await client.query('BEGIN');
  await client.query({
    text: `DECLARE c SCROLL CURSOR FOR ${q.replaceAll('{t}', tables.dist)}`,
    values: [at(30)],
  });
  const first = (await client.query('FETCH 10 FROM c')).rows;
  const back = (await client.query('FETCH BACKWARD 3 FROM c')).rows;
  const rest = [];
  for (;;) {
    const r = (await client.query('FETCH 500 FROM c')).rows;
    if (r.length === 0) break;
    rest.push(...r);
  }
  await client.query('COMMIT');
  check('DECLARE SCROLL CURSOR with a parameter: FETCH 10', expected.slice(0, 10), first);
  check('FETCH BACKWARD 3', expected.slice(6, 9).reverse(), back);
  check('FETCH 500 until the end', expected.slice(7), rest);
}

async function testTransactions(client, tables) {
  const before = await totals(client, tables);
  await client.query('BEGIN');
  for (const t of tables.both()) {
    for (const r of makeRows(5000, 10)) await client.query(INSERT.replaceAll('{t}', t), r);
  }
  await client.query('ROLLBACK');
  check('ROLLBACK leaves nothing', before, await totals(client, tables));

  await client.query('BEGIN');
  for (const t of tables.both()) await client.query(INSERT.replaceAll('{t}', t), makeRows(6000, 1)[0]);
  await client.query('SAVEPOINT sp');
  for (const t of tables.both()) await client.query(INSERT.replaceAll('{t}', t), makeRows(6001, 1)[0]);
  await client.query('ROLLBACK TO SAVEPOINT sp');
  await client.query('COMMIT');
  const [dist, ref] = await totals(client, tables);
  check('ROLLBACK TO SAVEPOINT, then COMMIT', ref, dist);
  check('savepoint: only the outer row was added', before[0][0].n + 1, dist[0].n);

  await client.query('BEGIN');
  let code = 'no error';
  try {
    await client.query(INSERT.replaceAll('{t}', tables.dist), makeRows(7000, 1)[0]);
    await client.query(INSERT.replaceAll('{t}', tables.dist), [null, 'office', 1, 1]);
  } catch (e) {
    code = e.code;
  }
  await client.query('ROLLBACK');
  check('NULL time is refused with 23502', '23502', code);
  const after = await totals(client, tables);
  check('failed transaction rolled back its earlier row; the connection works on', after[1], after[0]);
}

const GRAFANA = {
  'time_bucket ($__timeGroup with TimescaleDB)':
    "SELECT time_bucket('5 minutes', time) AS time, location, avg(temperature), max(humidity), count(*)::int " +
    'FROM {t} WHERE time BETWEEN $1 AND $2 GROUP BY 1, 2 ORDER BY 1, 2',
  date_trunc:
    "SELECT date_trunc('hour', time) AS time, location AS metric, avg(temperature) " +
    'FROM {t} WHERE time >= $1 AND time <= $2 GROUP BY 1, 2 ORDER BY 1, 2',
  'epoch floor ($__timeGroup without TimescaleDB)':
    'SELECT floor(extract(epoch from "time")/300)*300 AS "time", avg(temperature) AS value ' +
    'FROM {t} WHERE time BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1',
};

async function testGrafana(client, tables) {
  for (const [i, [name, q]] of Object.entries(GRAFANA).entries()) {
    const mismatches = [];
    let nonempty = 0;
    for (let k = 0; k < 8; k++) {
      const [d, r] = await bothRows(client, tables, q, [at(10 * k), at(10 * k + 180)], `grafana${i}`);
      if (r.length > 0) nonempty++;
      if (JSON.stringify(d) !== JSON.stringify(r)) mismatches.push({ k, d: d.slice(0, 3), r: r.slice(0, 3) });
    }
    check(`Grafana ${name}: 8 prepared time windows match the plain table`, [], mismatches);
    check(`Grafana ${name}: windows hold data`, 8, nonempty);
  }
}

async function main() {
  const tables = new Tables(process.argv[2]);
  const client = new Client();
  await client.connect();
  for (const step of [testPrepared, testBatches, testCopy, testCursors, testTransactions, testGrafana]) {
    try {
      await step(client, tables);
    } catch (e) {
      check(`${step.name} ran without error`, null, `${e.code || ''} ${e.message}`);
      await client.query('ROLLBACK').catch(() => {});
    }
  }
  const [dist, ref] = await totals(client, tables);
  check('final totals of the hypertable and the plain table', ref, dist);
  await client.end();
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`not ok - node-postgres: unexpected error: ${e.stack}`);
  process.exit(1);
});
