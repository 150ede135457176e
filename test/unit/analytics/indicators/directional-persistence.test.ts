import { describe, it, expect } from 'vitest';
import {
  DirectionalPersistence,
  logReturns,
  rescaledRangeHurst,
} from '../../../../core/src/analytics/indicators/directional-persistence.ts';
import { NumberRing } from '../../../../core/src/analytics/indicators/number-ring.ts';
import { closesFromLogReturns, gaussian, mulberry32 } from './fixtures.ts';

/** AR(1) log returns r_t = phi r_{t-1} + sigma e_t; the price is their cumulative sum in log space. */
function ar1Returns(seed: number, phi: number, count: number, sigma = 0.002): number[] {
  const noise = gaussian(mulberry32(seed));
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < count; i++) {
    prev = phi * prev + sigma * noise();
    out.push(prev);
  }
  return out;
}

function persistenceOf(closes: readonly number[]): number | undefined {
  const p = new DirectionalPersistence({ minCandles: 50, maxCandles: 100 });
  for (const c of closes) p.update(c);
  return p.value;
}

describe('DirectionalPersistence', () => {
  it('is undefined before minCandles closes and defined from then on', () => {
    const closes = closesFromLogReturns(ar1Returns(11, 0, 60));
    const p = new DirectionalPersistence({ minCandles: 50, maxCandles: 100 });
    closes.slice(0, 49).forEach((c) => expect(p.update(c)).toBeUndefined());
    expect(p.update(closes[49]!)).toBeDefined();
  });

  it('reads clearly above 0.55 for a price built from positively autocorrelated AR(1) returns', () => {
    const h = persistenceOf(closesFromLogReturns(ar1Returns(1, 0.6, 99)));
    expect(h).toBeGreaterThan(0.6);
    // And on average over many seeds, not just a lucky one.
    const hs = Array.from({ length: 40 }, (_, s) =>
      persistenceOf(closesFromLogReturns(ar1Returns(100 + s, 0.6, 99)))!,
    );
    expect(hs.reduce((a, b) => a + b, 0) / hs.length).toBeGreaterThan(0.62);
  });

  it('reads below 0.45 for returns that alternate in sign (anti-persistent chop)', () => {
    const noise = gaussian(mulberry32(3));
    const returns = Array.from({ length: 99 }, (_, i) => (i % 2 ? -0.003 : 0.003) + 0.0005 * noise());
    expect(persistenceOf(closesFromLogReturns(returns))).toBeLessThan(0.45);
    const pure = Array.from({ length: 99 }, (_, i) => (i % 2 ? -0.003 : 0.003));
    expect(persistenceOf(closesFromLogReturns(pure))).toBeLessThan(0.1);
  });

  it('lands near 0.5 for i.i.d. gaussian returns, biased upward to about 0.57 as R/S is on short samples', () => {
    // Uncorrected R/S over 8..96-return windows averages ~0.57 on 99 i.i.d. returns (sd ~0.09 per series).
    const hs = Array.from({ length: 200 }, (_, s) =>
      persistenceOf(closesFromLogReturns(ar1Returns(1000 + s, 0, 99)))!,
    );
    const mean = hs.reduce((a, b) => a + b, 0) / hs.length;
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(0.64);
  });

  it('estimates only from the last maxCandles closes', () => {
    const closes = closesFromLogReturns(ar1Returns(5, 0.3, 299));
    const ring = new NumberRing(100);
    closes.slice(-100).forEach((c) => ring.push(c));
    expect(persistenceOf(closes)).toBe(rescaledRangeHurst(logReturns(ring)));
  });

  it('needs at least three window sizes (8, 12, 16 returns) to fit a slope', () => {
    expect(rescaledRangeHurst(ar1Returns(9, 0, 15))).toBeUndefined();
    expect(rescaledRangeHurst(ar1Returns(9, 0, 16))).toBeDefined();
    expect(() => new DirectionalPersistence({ minCandles: 10 })).toThrow(RangeError);
    expect(() => new DirectionalPersistence({ minCandles: 60, maxCandles: 50 })).toThrow(RangeError);
  });

  it('clamps to [0, 1] and ignores constant returns that have no range to rescale', () => {
    expect(rescaledRangeHurst(new Array<number>(99).fill(0.001))).toBeUndefined();
    const trend = Array.from({ length: 99 }, (_, i) => 0.0001 * i);
    const h = rescaledRangeHurst(trend)!;
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThanOrEqual(1);
  });
});
