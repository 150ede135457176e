import { describe, it, expect } from 'vitest';
import { ATR } from 'technicalindicators';
import { WilderAtr } from '../../../../core/src/analytics/indicators/wilder-atr.ts';
import { loadBtc15m, maxRelativeError } from './fixtures.ts';

describe('WilderAtr', () => {
  it('matches technicalindicators ATR(14) on 19 days of real BTCUSD 15m candles', () => {
    const bars = loadBtc15m();
    const atr = new WilderAtr(14);
    const ours: number[] = [];
    for (const b of bars) {
      const v = atr.update(b);
      if (v !== undefined) ours.push(v);
    }
    const oracle = ATR.calculate({
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
      period: 14,
    });

    expect(bars.length).toBe(19 * 96);
    expect(ours.length).toBe(bars.length - 14);
    expect(oracle.length).toBe(ours.length);
    expect(maxRelativeError(ours, oracle)).toBeLessThan(1e-6);
  });

  it('stays undefined until period + 1 candles, because the first candle only supplies a previous close', () => {
    const atr = new WilderAtr(3);
    for (let i = 0; i < 3; i++) expect(atr.update({ high: 11, low: 9, close: 10 })).toBeUndefined();
    expect(atr.update({ high: 11, low: 9, close: 10 })).toBe(2);
  });

  it('uses the previous close in the true range and seeds with the mean of the first true ranges', () => {
    const atr = new WilderAtr(2);
    atr.update({ high: 10, low: 9, close: 9.5 });
    atr.update({ high: 10.5, low: 9.8, close: 10.2 }); // TR = |10.5 - 9.5| = 1.0
    expect(atr.update({ high: 10.4, low: 9.0, close: 9.2 })).toBeCloseTo(1.2, 12); // TR 1.4, seed (1.0 + 1.4) / 2
    expect(atr.update({ high: 12, low: 11, close: 11.5 })).toBeCloseTo(2.0, 12); // gap: TR = 12 - 9.2 = 2.8
  });
});
