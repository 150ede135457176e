import { describe, expect, it } from 'vitest';
import { warmUpCandles } from '../../../core/src/app/warm-up.ts';
import type { SourceCandle } from '../../../core/src/marketdata/types.ts';

function minutes(count: number): SourceCandle[] {
  return Array.from({ length: count }, (_, m) => ({
    openTime: m * 60_000,
    open: 100 + m,
    high: 101 + m,
    low: 99 + m,
    close: 100.5 + m,
    volume: 1 + m,
    takerBuyVolume: undefined,
    trades: undefined,
  }));
}

describe('warmUpCandles', () => {
  it('emits every 5m and 15m bucket that ended by the first trade, including the last one', () => {
    const out = warmUpCandles('x', minutes(30), 30 * 60_000);
    expect(out.filter((c) => c.timeframe === '15m').map((c) => c.openTime)).toEqual([0, 900_000]);
    expect(out.filter((c) => c.timeframe === '5m').map((c) => c.openTime)).toEqual([
      0, 300_000, 600_000, 900_000, 1_200_000, 1_500_000,
    ]);
    expect(out.filter((c) => c.timeframe === '1m')).toHaveLength(30);
  });

  it('never uses a minute or a bucket that ends after the first trade', () => {
    const out = warmUpCandles('x', minutes(30), 22 * 60_000 + 5_000);
    expect(out.filter((c) => c.timeframe === '1m')).toHaveLength(22);
    expect(out.filter((c) => c.timeframe === '15m').map((c) => c.openTime)).toEqual([0]);
    expect(out.filter((c) => c.timeframe === '5m').map((c) => c.openTime)).toEqual([
      0, 300_000, 600_000, 900_000,
    ]);
    expect(Math.max(...out.map((c) => c.closeTime))).toBeLessThanOrEqual(22 * 60_000 + 5_000);
  });

  it('folds the minutes of a bucket into its OHLCV exactly and orders a bucket before the next minute', () => {
    const out = warmUpCandles('x', minutes(16), 16 * 60_000);
    const first15 = out.find((c) => c.timeframe === '15m')!;
    expect(first15).toMatchObject({
      open: 100,
      high: 115,
      low: 99,
      close: 114.5,
      volume: 120,
      closeTime: 900_000,
    });
    const index15 = out.indexOf(first15);
    expect(out[index15 + 1]).toMatchObject({ timeframe: '1m', openTime: 900_000 });
  });
});
