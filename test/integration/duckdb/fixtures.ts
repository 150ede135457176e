import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../core/src/domain/candle.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import type { StoredCandle, StoredTick } from '../../../core/src/adapters/duckdb/index.ts';

import { mulberry32 as rng } from '../../../core/src/marketdata/candle-expander.ts';

export { rng };

/** Doubles that a lossy path (float32, decimal text, rounding) would change. */
export const AWKWARD_DOUBLES = [
  0.1 + 0.2,
  1 / 3,
  Math.PI * 1e4,
  5e-324,
  1.7976931348623157e308,
  123456.78901234567,
];

export function makeTicks(
  instrumentId: string,
  count: number,
  startTs: number,
  basePrice: number,
  seed: number,
): TradeTick[] {
  const next = rng(seed);
  const ticks: TradeTick[] = [];
  let ts = startTs;
  for (let i = 0; i < count; i++) {
    ts += Math.floor(next() * 50);
    const awkward = AWKWARD_DOUBLES[i % 97];
    ticks.push({
      instrumentId,
      ts,
      localTs: ts + 2,
      price: awkward ?? basePrice + next() * 100,
      qty: next() * 3,
      side: next() < 0.5 ? 'buy' : 'sell',
      tradeId: i,
    });
  }
  return ticks;
}

export function makeCandles(
  instrumentId: string,
  timeframe: Timeframe,
  count: number,
  startTs: number,
  basePrice: number,
  seed: number,
): Candle[] {
  const next = rng(seed);
  const step = TIMEFRAME_MS[timeframe];
  return Array.from({ length: count }, (_, i) => {
    const open = basePrice + next() * 10;
    const buyVolume = next() * 50;
    const sellVolume = next() * 50;
    const buyTrades = Math.floor(next() * 500);
    const sellTrades = Math.floor(next() * 500);
    return {
      instrumentId,
      timeframe,
      openTime: startTs + i * step,
      closeTime: startTs + (i + 1) * step,
      open,
      high: open + next(),
      low: open - next(),
      close: open + next() - 0.5,
      volume: buyVolume + sellVolume,
      buyVolume,
      sellVolume,
      trades: buyTrades + sellTrades,
      buyTrades,
      sellTrades,
    };
  });
}

export function storedTick(tick: TradeTick, exchange: string): StoredTick {
  return { timestamp: tick.ts, price: tick.price, volume: tick.qty, side: tick.side, exchange };
}

export function storedCandle(c: Candle): StoredCandle {
  const { openTime, open, high, low, close, volume, buyVolume, sellVolume, trades, buyTrades, sellTrades } =
    c;
  return {
    timestamp: openTime,
    open,
    high,
    low,
    close,
    volume,
    buyVolume,
    sellVolume,
    trades,
    buyTrades,
    sellTrades,
  };
}

export function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-store-'));
}

/** Opens one database file read-only with a fresh instance, runs `sql`, closes everything. */
export async function queryFile(file: string, sql: string): Promise<DuckDBValue[][]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** All files under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else found.push(rel);
    }
  };
  walk('');
  return found.sort();
}
