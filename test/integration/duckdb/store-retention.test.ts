import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION,
  DuckDbMarketStore,
  KEEP_EVERYTHING,
} from '../../../core/src/adapters/duckdb/index.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import { makeCandles } from './fixtures.ts';

const BTC = makeInstrument('binance', 'spot', 'BTCUSDT');
const ETH = makeInstrument('binance', 'spot', 'ETHUSDT');
const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** One tick per second for `minutes` minutes starting at T0. */
function secondTicks(instrumentId: string, minutes: number): TradeTick[] {
  return Array.from({ length: minutes * 60 }, (_, i) => ({
    instrumentId,
    ts: T0 + i * 1000,
    localTs: T0 + i * 1000,
    price: 100 + i / 7,
    qty: 1 + i / 11,
    side: i % 2 === 0 ? 'buy' : 'sell',
    tradeId: i,
  }));
}

async function filledStore(retention = DEFAULT_RETENTION) {
  const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention });
  await store.register(BTC);
  await store.register(ETH);
  for (const instrument of [BTC, ETH]) {
    for (const tick of secondTicks(instrument.id, 120)) store.appendTick(tick);
    for (const candle of makeCandles(instrument.id, '1m', 120, T0, 100, 1)) store.appendCandle(candle);
    for (const candle of makeCandles(instrument.id, '5m', 24, T0, 100, 2)) store.appendCandle(candle);
    for (const candle of makeCandles(instrument.id, '15m', 8, T0, 100, 3)) store.appendCandle(candle);
  }
  await store.flush();
  return store;
}

describe('DuckDbMarketStore retention', () => {
  it('deletes exactly the rows older than each window and keeps the rest', async () => {
    const store = await filledStore();
    const now = T0 + 120 * MIN; // two hours after the first row
    // Kept: ticks with ts >= now - 15 min (900 s of one-per-second ticks), 1m candles opening in the last
    // 15 min, 5m and 15m candles opening in the last hour. Boundary rows (ts == cutoff) stay.
    const kept = { ticks: 900, candles_1m: 15, candles_5m: 12, candles_15m: 4 };
    const before = { ticks: 7200, candles_1m: 120, candles_5m: 24, candles_15m: 8 };
    const perInstrument = Object.keys(kept).reduce(
      (sum, t) => sum + before[t as keyof typeof before] - kept[t as keyof typeof kept],
      0,
    );

    expect(await store.applyRetention(now)).toBe(2 * perInstrument);
    for (const instrument of [BTC, ETH]) {
      for (const [table, rows] of Object.entries(kept)) {
        expect(await store.countRows(instrument.id, table as keyof typeof kept)).toBe(rows);
      }
      const ticks = await store.readTicks(instrument.id);
      expect(ticks[0]?.timestamp).toBe(now - 15 * MIN);
      expect(ticks.at(-1)?.timestamp).toBe(T0 + 7199 * 1000);
      expect((await store.readCandles(instrument.id, '5m'))[0]?.timestamp).toBe(now - 60 * MIN);
    }
    expect(store.stats().rowsDeleted).toBe(2 * perInstrument);
    expect(await store.applyRetention(now)).toBe(0);
    await store.close();
  });

  it('flushes buffered rows before deleting, so old buffered rows go too', async () => {
    const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention: DEFAULT_RETENTION });
    await store.register(BTC);
    const ticks = secondTicks(BTC.id, 30);
    for (const tick of ticks) store.appendTick(tick); // never flushed explicitly
    expect(await store.countRows(BTC.id, 'ticks')).toBe(0);
    expect(await store.applyRetention(T0 + 30 * MIN)).toBe(900);
    expect(await store.countRows(BTC.id, 'ticks')).toBe(900);
    await store.close();
  });

  it('keeps every row when the policy says keepEverything', async () => {
    const store = await filledStore(KEEP_EVERYTHING);
    expect(await store.applyRetention(T0 + 10_000 * MIN)).toBe(0);
    expect(await store.countRows(BTC.id, 'ticks')).toBe(7200);
    expect(await store.countRows(ETH.id, 'candles_1m')).toBe(120);
    expect(await store.countRows(ETH.id, 'candles_15m')).toBe(8);
    expect(store.stats().rowsDeleted).toBe(0);
    await store.close();
  });
});
