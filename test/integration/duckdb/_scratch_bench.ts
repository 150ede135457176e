import { DuckDBInstance, DuckDBDataChunk, BIGINT, DOUBLE, VARCHAR, BOOLEAN, DuckDBEnumType, type DuckDBVector } from '@duckdb/node-api';

const N = Number(process.argv[2] ?? 500_000);
const ts = new Float64Array(N), px = new Float64Array(N), qty = new Float64Array(N); const side = new Uint8Array(N);
for (let i = 0; i < N; i++) { ts[i] = 1_700_000_000_000 + i; px[i] = 50000 + Math.random(); qty[i] = Math.random(); side[i] = i & 1; }

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`ATTACH ':memory:' AS a1`);
for (const [name, sideType] of [['t_var', 'VARCHAR'], ['t_enum', "ENUM('buy','sell')"], ['t_bool', 'BOOLEAN']] as const) {
  await con.run(`CREATE TABLE a1.main.${name} (timestamp BIGINT, price DOUBLE, volume DOUBLE, side ${sideType}, exchange VARCHAR)`);
}
async function rowwise(table: string, mode: 'var' | 'bool') {
  const app = await con.createAppender(table, 'main', 'a1');
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    app.appendBigInt(BigInt(ts[i]!)); app.appendDouble(px[i]!); app.appendDouble(qty[i]!);
    if (mode === 'var') app.appendVarchar(side[i] ? 'sell' : 'buy'); else app.appendBoolean(side[i] === 1);
    app.appendVarchar('binance'); app.endRow();
  }
  app.flushSync();
  const dt = performance.now() - t0; app.closeSync();
  console.log(table, 'rowwise', mode, Math.round(N / dt * 1000));
}
async function chunked(table: string, sideKind: 'var' | 'enum' | 'bool') {
  const app = await con.createAppender(table, 'main', 'a1');
  const types = [BIGINT, DOUBLE, DOUBLE, sideKind === 'var' ? VARCHAR : sideKind === 'enum' ? new DuckDBEnumType(['buy', 'sell'], 'UTINYINT') : BOOLEAN, VARCHAR];
  const t0 = performance.now();
  const chunk = DuckDBDataChunk.create(types);
  for (let off = 0; off < N; off += 2048) {
    const n = Math.min(2048, N - off);
    chunk.reset();
    chunk.rowCount = n;
    const v0 = chunk.getColumnVector(0) as DuckDBVector<bigint>;
    const v1 = chunk.getColumnVector(1) as DuckDBVector<number>;
    const v2 = chunk.getColumnVector(2) as DuckDBVector<number>;
    const v3 = chunk.getColumnVector(3) as DuckDBVector<string | boolean>;
    const v4 = chunk.getColumnVector(4) as DuckDBVector<string>;
    for (let i = 0; i < n; i++) {
      const j = off + i;
      v0.setItem(i, BigInt(ts[j]!)); v1.setItem(i, px[j]!); v2.setItem(i, qty[j]!);
      v3.setItem(i, sideKind === 'bool' ? side[j] === 1 : side[j] ? 'sell' : 'buy'); v4.setItem(i, 'binance');
    }
    v0.flush(); v1.flush(); v2.flush(); v3.flush(); v4.flush();
    app.appendDataChunk(chunk);
  }
  app.flushSync();
  const dt = performance.now() - t0; app.closeSync();
  console.log(table, 'chunk', sideKind, Math.round(N / dt * 1000));
}
for (let rep = 0; rep < 2; rep++) {
  await rowwise('t_var', 'var'); await rowwise('t_enum', 'var'); await rowwise('t_bool', 'bool');
  await chunked('t_var', 'var'); await chunked('t_enum', 'enum'); await chunked('t_bool', 'bool');
}
const r = await con.runAndReadAll(`SELECT count(*)::INTEGER, sum(price), min(side::VARCHAR), max(side::VARCHAR) FROM a1.t_enum`);
console.log(r.getRows());
const r2 = await con.runAndReadAll(`SELECT timestamp, price, side, exchange FROM a1.t_enum ORDER BY rowid LIMIT 3`);
console.log(r2.getRows(), ts[0], px[0], side[0]);
con.closeSync(); inst.closeSync();
