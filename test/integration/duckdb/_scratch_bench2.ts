import { DuckDBInstance, DuckDBDataChunk, BIGINT, DOUBLE, VARCHAR, DuckDBEnumType, TIMESTAMP_MS, DuckDBTimestampMillisecondsValue, type DuckDBVector, type DuckDBType } from '@duckdb/node-api';
const N = 500_000;
const ts = new Float64Array(N), px = new Float64Array(N), qty = new Float64Array(N); const side = new Uint8Array(N);
for (let i = 0; i < N; i++) { ts[i] = 1_700_000_000_000 + i; px[i] = 50000 + Math.random(); qty[i] = Math.random(); side[i] = i & 1; }
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`ATTACH ':memory:' AS a1`);
const SIDE = new DuckDBEnumType(['buy', 'sell'], 'UTINYINT');
const variants: Record<string, { ddl: string; types: DuckDBType[]; set: (vs: DuckDBVector<unknown>[], i: number, j: number) => void }> = {
  enum_varexch: { ddl: `timestamp BIGINT, price DOUBLE, volume DOUBLE, side ENUM('buy','sell'), exchange VARCHAR`, types: [BIGINT, DOUBLE, DOUBLE, SIDE, VARCHAR],
    set: (vs, i, j) => { vs[0]!.setItem(i, BigInt(ts[j]!)); vs[1]!.setItem(i, px[j]!); vs[2]!.setItem(i, qty[j]!); vs[3]!.setItem(i, side[j] ? 'sell' : 'buy'); vs[4]!.setItem(i, 'binance'); } },
  enum_noexch: { ddl: `timestamp BIGINT, price DOUBLE, volume DOUBLE, side ENUM('buy','sell')`, types: [BIGINT, DOUBLE, DOUBLE, SIDE],
    set: (vs, i, j) => { vs[0]!.setItem(i, BigInt(ts[j]!)); vs[1]!.setItem(i, px[j]!); vs[2]!.setItem(i, qty[j]!); vs[3]!.setItem(i, side[j] ? 'sell' : 'buy'); } },
  enum_enumexch: { ddl: `timestamp BIGINT, price DOUBLE, volume DOUBLE, side ENUM('buy','sell'), exchange ENUM('binance')`, types: [BIGINT, DOUBLE, DOUBLE, SIDE, new DuckDBEnumType(['binance'], 'UTINYINT')],
    set: (vs, i, j) => { vs[0]!.setItem(i, BigInt(ts[j]!)); vs[1]!.setItem(i, px[j]!); vs[2]!.setItem(i, qty[j]!); vs[3]!.setItem(i, side[j] ? 'sell' : 'buy'); vs[4]!.setItem(i, 'binance'); } },
  tsms_enum_varexch: { ddl: `timestamp TIMESTAMP_MS, price DOUBLE, volume DOUBLE, side ENUM('buy','sell'), exchange VARCHAR`, types: [TIMESTAMP_MS, DOUBLE, DOUBLE, SIDE, VARCHAR],
    set: (vs, i, j) => { vs[0]!.setItem(i, new DuckDBTimestampMillisecondsValue(BigInt(ts[j]!))); vs[1]!.setItem(i, px[j]!); vs[2]!.setItem(i, qty[j]!); vs[3]!.setItem(i, side[j] ? 'sell' : 'buy'); vs[4]!.setItem(i, 'binance'); } },
  doublesonly: { ddl: `timestamp DOUBLE, price DOUBLE, volume DOUBLE`, types: [DOUBLE, DOUBLE, DOUBLE],
    set: (vs, i, j) => { vs[0]!.setItem(i, ts[j]!); vs[1]!.setItem(i, px[j]!); vs[2]!.setItem(i, qty[j]!); } },
};
for (const [name, v] of Object.entries(variants)) await con.run(`CREATE TABLE a1.${name} (${v.ddl})`);
for (let rep = 0; rep < 3; rep++) for (const [name, v] of Object.entries(variants)) {
  const app = await con.createAppender(name, 'main', 'a1');
  const chunk = DuckDBDataChunk.create(v.types);
  const t0 = performance.now();
  let tFill = 0;
  for (let off = 0; off < N; off += 2048) {
    const n = Math.min(2048, N - off);
    chunk.reset(); chunk.rowCount = n;
    const vs = v.types.map((_, c) => chunk.getColumnVector(c) as DuckDBVector<unknown>);
    const f0 = performance.now();
    for (let i = 0; i < n; i++) v.set(vs, i, off + i);
    for (const x of vs) x.flush();
    tFill += performance.now() - f0;
    app.appendDataChunk(chunk);
  }
  const tf = performance.now();
  app.flushSync();
  const dt = performance.now() - t0; app.closeSync();
  console.log(name.padEnd(20), Math.round(N / dt * 1000), 'fill ms', tFill.toFixed(0), 'flushSync ms', (performance.now() - tf).toFixed(0), 'total', dt.toFixed(0));
}
