import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DuckDbMarketStore, KEEP_EVERYTHING } from '../../../core/src/adapters/duckdb/index.ts';
import { TIMEFRAMES, type Candle } from '../../../core/src/domain/candle.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import {
  AWKWARD_DOUBLES,
  listFiles,
  makeCandles,
  makeTicks,
  queryFile,
  storedCandle,
  storedTick,
  tempRoot,
} from './fixtures.ts';

const BTC = makeInstrument('binance', 'spot', 'BTCUSDT');
const ETH = makeInstrument('kraken', 'usdm', 'ETHUSDT');
const T0 = 1_700_000_000_000;
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function dataset() {
  const ticks = {
    btc: makeTicks(BTC.id, 10_000, T0, 60_000, 1),
    eth: makeTicks(ETH.id, 10_000, T0, 3_000, 2),
  };
  const candles = new Map<string, Candle[]>();
  for (const [i, tf] of TIMEFRAMES.entries()) {
    candles.set(`btc-${tf}`, makeCandles(BTC.id, tf, 40 + i, T0, 60_000, 10 + i));
    candles.set(`eth-${tf}`, makeCandles(ETH.id, tf, 30 + i, T0, 3_000, 20 + i));
  }
  return { ticks, candles };
}

function appendInterleaved(store: DuckDbMarketStore, a: readonly TradeTick[], b: readonly TradeTick[]): void {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x) store.appendTick(x);
    if (y) store.appendTick(y);
  }
}

async function writeDataset(root: string) {
  const data = dataset();
  const store = await DuckDbMarketStore.open({ rootDir: root, retention: KEEP_EVERYTHING });
  await Promise.all([store.register(BTC), store.register(ETH)]);
  appendInterleaved(store, data.ticks.btc, data.ticks.eth);
  for (const list of data.candles.values()) for (const candle of list) store.appendCandle(candle);
  await store.flush();
  return { store, data };
}

describe('DuckDbMarketStore files', () => {
  it('writes ticks and candles of two instruments and reads every value back bit-exactly', async () => {
    const root = tempRoot();
    roots.push(root);
    const { store, data } = await writeDataset(root);

    expect(await store.countRows(BTC.id, 'ticks')).toBe(10_000);
    expect(await store.countRows(ETH.id, 'ticks')).toBe(10_000);
    expect(await store.readTicks(BTC.id)).toEqual(data.ticks.btc.map((t) => storedTick(t, 'binance')));
    expect(await store.readTicks(ETH.id)).toEqual(data.ticks.eth.map((t) => storedTick(t, 'kraken')));
    for (const tf of TIMEFRAMES) {
      const table = `candles_${tf}` as const;
      expect(await store.countRows(BTC.id, table)).toBe(data.candles.get(`btc-${tf}`)?.length);
      expect(await store.readCandles(BTC.id, tf)).toEqual(data.candles.get(`btc-${tf}`)?.map(storedCandle));
      expect(await store.readCandles(ETH.id, tf)).toEqual(data.candles.get(`eth-${tf}`)?.map(storedCandle));
    }
    const prices = (await store.readTicks(BTC.id)).map((t) => t.price);
    for (const awkward of AWKWARD_DOUBLES) expect(prices.some((p) => Object.is(p, awkward))).toBe(true);
    expect(store.stats()).toMatchObject({ ticksAppended: 20_000, bufferedRows: 0, rowsDeleted: 0 });
    await store.close();
  });

  it('puts each instrument in its own file at <root>/<venue>/<marketType>/<SYMBOL>/trading.duckdb', async () => {
    const root = tempRoot();
    roots.push(root);
    const { store } = await writeDataset(root);
    const btcFile = path.join(root, 'binance', 'spot', 'BTCUSDT', 'trading.duckdb');
    const ethFile = path.join(root, 'kraken', 'usdm', 'ETHUSDT', 'trading.duckdb');
    expect(store.locationOf(BTC.id)).toBe(btcFile);
    expect(store.locationOf(ETH.id)).toBe(ethFile);
    expect(fs.existsSync(btcFile)).toBe(true);
    expect(fs.existsSync(ethFile)).toBe(true);
    await store.close();
    expect(listFiles(root)).toEqual([
      path.join('binance', 'spot', 'BTCUSDT', 'trading.duckdb'),
      path.join('kraken', 'usdm', 'ETHUSDT', 'trading.duckdb'),
    ]);
  });

  it('keeps each symbol rows only in its own file, readable after close by a fresh DuckDB instance', async () => {
    const root = tempRoot();
    roots.push(root);
    const { store, data } = await writeDataset(root);
    await store.close();
    await store.close(); // idempotent

    const btcFile = path.join(root, 'binance', 'spot', 'BTCUSDT', 'trading.duckdb');
    const ethFile = path.join(root, 'kraken', 'usdm', 'ETHUSDT', 'trading.duckdb');
    const tables = await queryFile(btcFile, `SELECT table_name FROM duckdb_tables() ORDER BY table_name`);
    expect(tables.map((r) => r[0])).toEqual([
      'candles_15m',
      'candles_1m',
      'candles_5m',
      'decisions',
      'ticks',
      'trade_executions',
    ]);
    const columns = await queryFile(
      btcFile,
      `SELECT column_name FROM duckdb_columns() WHERE table_name = 'ticks'`,
    );
    expect(columns.map((r) => r[0])).toEqual(['timestamp', 'price', 'volume', 'side', 'exchange']);

    for (const [file, ticks, venue] of [
      [btcFile, data.ticks.btc, 'binance'],
      [ethFile, data.ticks.eth, 'kraken'],
    ] as const) {
      const rows = await queryFile(
        file,
        `SELECT timestamp, price, volume, side, exchange FROM ticks ORDER BY rowid`,
      );
      expect(
        rows.map(([ts, price, volume, side, exchange]) => ({
          timestamp: Number(ts),
          price,
          volume,
          side,
          exchange,
        })),
      ).toEqual(ticks.map((t) => storedTick(t, venue)));
      const [summary] = await queryFile(
        file,
        `SELECT count(DISTINCT exchange), (SELECT count(*) FROM candles_1m) FROM ticks`,
      );
      expect(summary?.map(Number)).toEqual([1, venue === 'binance' ? 40 : 30]);
    }
    // ETH prices are 3000-3100 (or awkward constants): none of them in the BTC file's 60000+ range and vice versa.
    const [[ethInBtc]] = (await queryFile(
      btcFile,
      `SELECT count(*) FROM ticks WHERE price BETWEEN 3000 AND 3100`,
    )) as [[bigint]];
    expect(ethInBtc).toBe(0n);
    const [[btcInEth]] = (await queryFile(
      ethFile,
      `SELECT count(*) FROM ticks WHERE price BETWEEN 60000 AND 60100`,
    )) as [[bigint]];
    expect(btcInEth).toBe(0n);
  });

  it('reopening a root keeps the earlier rows and appends after them', async () => {
    const root = tempRoot();
    roots.push(root);
    const first = makeTicks(BTC.id, 500, T0, 60_000, 5);
    const second = makeTicks(BTC.id, 300, T0 + 10_000_000, 60_000, 6);
    for (const batch of [first, second]) {
      const store = await DuckDbMarketStore.open({ rootDir: root, retention: KEEP_EVERYTHING });
      await store.register(BTC);
      for (const tick of batch) store.appendTick(tick);
      await store.close();
    }
    const store = await DuckDbMarketStore.open({ rootDir: root, retention: KEEP_EVERYTHING });
    await store.register(BTC);
    expect(await store.readTicks(BTC.id)).toEqual([...first, ...second].map((t) => storedTick(t, 'binance')));
    await store.close();
  });

  it('refuses instruments whose names would escape the root directory', async () => {
    const root = tempRoot();
    roots.push(root);
    const store = await DuckDbMarketStore.open({ rootDir: root, retention: KEEP_EVERYTHING });
    await expect(store.register({ id: 'x', venue: '..', marketType: 'spot', symbol: 'BTC' })).rejects.toThrow(
      /unsafe path/,
    );
    await expect(
      store.register({ id: 'y', venue: 'a/b', marketType: 'spot', symbol: 'BTC' }),
    ).rejects.toThrow(/unsafe path/);
    expect(() =>
      store.appendTick({ instrumentId: 'x', ts: 1, localTs: 1, price: 1, qty: 1, side: 'buy', tradeId: 1 }),
    ).toThrow(/not registered/);
    await store.close();
    expect(listFiles(root)).toEqual([]);
  });

  it('reports a file with a foreign ticks schema on flush, drops those rows and keeps writing the rest', async () => {
    const root = tempRoot();
    roots.push(root);
    const btcFile = path.join(root, 'binance', 'spot', 'BTCUSDT', 'trading.duckdb');
    fs.mkdirSync(path.dirname(btcFile), { recursive: true });
    const foreign = await DuckDBInstance.create(btcFile);
    const connection = await foreign.connect();
    await connection.run('CREATE TABLE ticks (timestamp BIGINT, price DOUBLE)');
    connection.closeSync();
    foreign.closeSync();

    const onFlushError = vi.fn();
    const store = await DuckDbMarketStore.open({
      rootDir: root,
      retention: KEEP_EVERYTHING,
      maxBufferedRows: 100,
      onFlushError,
    });
    await store.register(BTC);
    await store.register(ETH);
    for (const tick of makeTicks(BTC.id, 150, T0, 60_000, 8)) store.appendTick(tick);
    for (const tick of makeTicks(ETH.id, 20, T0, 3_000, 9)) store.appendTick(tick);
    await vi.waitFor(() => expect(onFlushError).toHaveBeenCalledTimes(1));
    expect(String((onFlushError.mock.calls[0]?.[0] as Error).cause)).toMatch(/writable columns/);
    await expect(store.flush()).rejects.toThrow(/binance-spot:BTCUSDT: writing ticks failed/);
    await store.flush(); // reported once; later flushes succeed
    expect(await store.countRows(ETH.id, 'ticks')).toBe(20);
    expect(store.stats()).toMatchObject({ bufferedRows: 0, writeErrors: 1, rowsWritten: 20 });
    await store.close();
  });
});
