import { describe, it, expect } from 'vitest';
import { ADX } from 'technicalindicators';
import { WilderAdx } from '../../../../core/src/analytics/indicators/wilder-adx.ts';
import { loadBtc15m, maxRelativeError } from './fixtures.ts';

describe('WilderAdx', () => {
  it('matches technicalindicators ADX(14), +DI and -DI on 19 days of real BTCUSD 15m candles', () => {
    const bars = loadBtc15m();
    const adx = new WilderAdx(14);
    const ours = { adx: [] as number[], pdi: [] as number[], mdi: [] as number[] };
    for (const b of bars) {
      adx.update(b);
      if (adx.adx === undefined) continue;
      ours.adx.push(adx.adx);
      ours.pdi.push(adx.plusDi!);
      ours.mdi.push(adx.minusDi!);
    }
    const oracle = ADX.calculate({
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
      period: 14,
    });

    expect(ours.adx.length).toBe(bars.length - 27);
    expect(oracle.length).toBe(ours.adx.length);
    expect(
      maxRelativeError(
        ours.adx,
        oracle.map((o) => o.adx),
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxRelativeError(
        ours.pdi,
        oracle.map((o) => o.pdi),
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxRelativeError(
        ours.mdi,
        oracle.map((o) => o.mdi),
      ),
    ).toBeLessThan(1e-6);
  });

  it('reports the DIs from candle period + 1 and ADX from candle 2 * period', () => {
    const adx = new WilderAdx(3);
    const seenDi: boolean[] = [];
    const seenAdx: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      adx.update({ high: 101 + (i % 2), low: 99 - (i % 3), close: 100 });
      seenDi.push(adx.plusDi !== undefined);
      seenAdx.push(adx.adx !== undefined);
    }
    expect(seenDi).toEqual([false, false, false, true, true, true, true]);
    expect(seenAdx).toEqual([false, false, false, false, false, true, true]);
  });

  it('gives ADX 100 and -DI 0 for a staircase where every candle makes a higher high and higher low', () => {
    // Each candle: high and low one point higher, range 2, close mid-range -> +DM 1, -DM 0, TR 2.
    const adx = new WilderAdx(5);
    for (let i = 0; i < 20; i++) adx.update({ high: 101 + i, low: 99 + i, close: 100 + i });
    expect(adx.adx).toBeCloseTo(100, 12);
    expect(adx.plusDi).toBeCloseTo(50, 12);
    expect(adx.minusDi).toBe(0);
  });

  it('reads 0 instead of NaN on perfectly flat candles', () => {
    const adx = new WilderAdx(3);
    for (let i = 0; i < 10; i++) adx.update({ high: 100, low: 100, close: 100 });
    expect(adx.adx).toBe(0);
    expect(adx.plusDi).toBe(0);
    expect(adx.minusDi).toBe(0);
  });
});
