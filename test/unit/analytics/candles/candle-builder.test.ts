import { describe, expect, it } from 'vitest';
import { CandleBuilder } from '../../../../core/src/analytics/candles/candle-builder.ts';
import { CandleResampler } from '../../../../core/src/analytics/candles/candle-resampler.ts';
import type { Candle } from '../../../../core/src/domain/candle.ts';
import { BTC_TAPE, loadTape, tick } from '../../../support/tape.ts';

function build(ticks: ReturnType<typeof loadTape>, builder: CandleBuilder): Candle[] {
  const out: Candle[] = [];
  for (const t of ticks) {
    const closed = builder.onTick(t);
    if (closed) out.push(closed);
  }
  const last = builder.flush(Number.POSITIVE_INFINITY);
  if (last) out.push(last);
  return out;
}

/** Independent recomputation: group the tape by minute with a Map, nothing shared with the engine. */
function recompute(ticks: ReturnType<typeof loadTape>, ms: number) {
  const groups = new Map<number, typeof ticks>();
  for (const t of ticks) {
    const key = Math.floor(t.ts / ms) * ms;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.entries()].map(([openTime, g]) => ({
    openTime,
    open: g[0]!.price,
    high: Math.max(...g.map((t) => t.price)),
    low: Math.min(...g.map((t) => t.price)),
    close: g[g.length - 1]!.price,
    volume: g.reduce((s, t) => s + t.qty, 0),
    buyVolume: g.filter((t) => t.side === 'buy').reduce((s, t) => s + t.qty, 0),
    sellVolume: g.filter((t) => t.side === 'sell').reduce((s, t) => s + t.qty, 0),
    trades: g.length,
    buyTrades: g.filter((t) => t.side === 'buy').length,
  }));
}

describe('CandleBuilder', () => {
  it.each([
    ['1m', 60_000],
    ['5m', 300_000],
    ['15m', 900_000],
  ] as const)(
    'builds %s candles from the real BTCUSDT tape identical to a direct recomputation',
    (tf, ms) => {
      const ticks = loadTape(BTC_TAPE, 'binance-spot:BTCUSDT');
      const candles = build(ticks, new CandleBuilder('binance-spot:BTCUSDT', tf));
      const expected = recompute(ticks, ms);
      expect(candles).toHaveLength(expected.length);
      candles.forEach((c, i) => {
        const e = expected[i]!;
        expect([c.openTime, c.open, c.high, c.low, c.close, c.trades, c.buyTrades]).toEqual([
          e.openTime,
          e.open,
          e.high,
          e.low,
          e.close,
          e.trades,
          e.buyTrades,
        ]);
        expect(Math.abs(c.volume - e.volume)).toBeLessThan(1e-9);
        expect(Math.abs(c.buyVolume - e.buyVolume)).toBeLessThan(1e-9);
        expect(Math.abs(c.sellVolume - e.sellVolume)).toBeLessThan(1e-9);
        expect(c.closeTime).toBe(c.openTime + ms);
      });
    },
  );

  it('closes a bar on the first tick at or past its end and not before', () => {
    const builder = new CandleBuilder('x', '1m');
    expect(builder.onTick(tick(60_000, 10, 1, 'buy'))).toBeUndefined();
    expect(builder.onTick(tick(119_999, 11, 2, 'sell'))).toBeUndefined();
    const closed = builder.onTick(tick(120_000, 12, 1, 'buy'));
    expect(closed).toMatchObject({
      openTime: 60_000,
      closeTime: 120_000,
      open: 10,
      high: 11,
      low: 10,
      close: 11,
      volume: 3,
      buyVolume: 1,
      sellVolume: 2,
      trades: 2,
      buyTrades: 1,
      sellTrades: 1,
    });
  });

  it('produces no candles for minutes without trades', () => {
    const builder = new CandleBuilder('x', '1m');
    builder.onTick(tick(0, 10, 1, 'buy'));
    const closed = builder.onTick(tick(5 * 60_000 + 1, 12, 1, 'buy'));
    expect(closed?.openTime).toBe(0);
    expect(builder.live()?.openTime).toBe(300_000);
  });

  it('closes the open bar on a clock flush past its end but not before', () => {
    const builder = new CandleBuilder('x', '1m');
    builder.onTick(tick(1_000, 10, 1, 'buy'));
    expect(builder.flush(59_999)).toBeUndefined();
    expect(builder.flush(60_000)?.openTime).toBe(0);
    expect(builder.flush(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('CandleResampler', () => {
  it('folds 1m candles into 15m candles equal to building 15m directly from the tape', () => {
    const ticks = loadTape(BTC_TAPE, 'binance-spot:BTCUSDT');
    const minutes = build(ticks, new CandleBuilder('binance-spot:BTCUSDT', '1m'));
    const direct = build(ticks, new CandleBuilder('binance-spot:BTCUSDT', '15m'));
    const resampler = new CandleResampler('15m');
    const folded = minutes.map((m) => resampler.onCandle(m)).filter((c): c is Candle => c !== undefined);
    const last = resampler.flush();
    if (last) folded.push(last);
    expect(folded.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.trades])).toEqual(
      direct.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.trades]),
    );
    folded.forEach((c, i) => expect(Math.abs(c.volume - direct[i]!.volume)).toBeLessThan(1e-9));
  });
});
