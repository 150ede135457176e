import { DuckDBInstance, DuckDBDataChunk, BIGINT, DOUBLE, DuckDBEnumType, type DuckDBVector } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`ATTACH ':memory:' AS a1`);
await con.run(`CREATE TABLE a1.ticks (timestamp BIGINT, price DOUBLE, volume DOUBLE, side ENUM('buy','sell'), exchange VARCHAR GENERATED ALWAYS AS ('binance') VIRTUAL)`);
const app = await con.createAppender('ticks', 'main', 'a1');
console.log('appender columns', app.columnCount);
const SIDE = new DuckDBEnumType(['buy', 'sell'], 'UTINYINT');
const types = [BIGINT, DOUBLE, DOUBLE, SIDE];
const chunk = DuckDBDataChunk.create(types);
const N = 500_000;
for (let rep = 0; rep < 3; rep++) {
let tGet = 0, tFill = 0, tApp = 0; const t0 = performance.now();
for (let off = 0; off < N; off += 2048) {
  const n = Math.min(2048, N - off);
  let a = performance.now();
  chunk.reset(); chunk.rowCount = n;
  const vs = types.map((_, c) => chunk.getColumnVector(c) as DuckDBVector<unknown>);
  let b = performance.now(); tGet += b - a;
  for (let i = 0; i < n; i++) { vs[0]!.setItem(i, BigInt(1_700_000_000_000 + off + i)); vs[1]!.setItem(i, 1.5); vs[2]!.setItem(i, 0.25); vs[3]!.setItem(i, (i & 1) ? 'sell' : 'buy'); }
  for (const x of vs) x.flush();
  a = performance.now(); tFill += a - b;
  app.appendDataChunk(chunk);
  tApp += performance.now() - a;
}
const f = performance.now(); app.flushSync();
console.log({ tGet, tFill, tApp, flush: performance.now() - f, rate: Math.round(N / (performance.now() - t0) * 1000) });
}
const r = await con.runAndReadAll(`SELECT count(*)::INTEGER, min(exchange), max(side::VARCHAR), count(*) FILTER (WHERE side = 'buy')::INTEGER FROM a1.ticks`);
console.log(r.getRows());
// row-wise appender with generated column
app.appendBigInt(5n); app.appendDouble(1); app.appendDouble(2); app.appendVarchar('buy'); app.endRow(); app.flushSync();
console.log((await con.runAndReadAll(`SELECT * FROM a1.ticks WHERE timestamp = 5`)).getRows());
// error cases
try { app.appendBigInt(6n); app.appendDouble(1); app.appendDouble(2); app.appendVarchar('bogus'); app.endRow(); app.flushSync(); } catch (e) { console.log('bad enum err:', (e as Error).message); }
