import { describe, it, expect } from 'vitest';
import {
  MeanReversionStrength,
  meanReversionStrength,
} from '../../../../core/src/analytics/indicators/mean-reversion-strength.ts';
import { gaussian, mulberry32 } from './fixtures.ts';

/** Small hand-checkable setup: band of 6 closes, lookback 6, horizon 2. */
const small = (closes: number[]) => meanReversionStrength(closes, 6, 6, 2);
// Band [10 x5, 16]: mean 11, sigma sqrt(30 / 6) = 2.236; 16 is 5 above the mean > 2 sigma (4.472): an event.
const DISPLACED = [10, 10, 10, 10, 10, 16];

describe('MeanReversionStrength', () => {
  it('scores a hand-worked event 1 - (k - 1) / H when price gets back within 1 sigma on candle k', () => {
    // 14 is still 3 > 2.236 above the frozen mean 11; 13 is 2 above it -> back on k = 2 -> 1 - 1/2.
    expect(small([...DISPLACED, 14, 13])).toEqual({ strength: 0.5, events: 1 });
  });

  it('scores 1 when the next candle crosses the mean', () => {
    expect(small([...DISPLACED, 5])).toEqual({ strength: 1, events: 1 });
  });

  it('scores 0 when price stays displaced for the whole horizon', () => {
    expect(small([...DISPLACED, 15, 15])).toEqual({ strength: 0, events: 1 });
  });

  it('leaves out an event whose horizon is still running', () => {
    expect(small(DISPLACED)).toEqual({ strength: 0, events: 0 });
    expect(small([...DISPLACED, 14])).toEqual({ strength: 0, events: 0 });
  });

  it('reads 0 when there are no displacement events at all', () => {
    expect(small([10, 11, 10, 11, 10, 11, 10, 11])).toEqual({ strength: 0, events: 0 });
  });

  it('is near 1 for a ranging series whose spikes revert on the next candle', () => {
    const noise = gaussian(mulberry32(7));
    const m = new MeanReversionStrength({ lookback: 100, bandPeriod: 20, horizon: 5 });
    for (let i = 0; i < 140; i++) {
      const spike = i % 15 === 7 ? (i % 30 === 7 ? 3 : -3) : 0;
      m.update(100 + 0.1 * noise() + spike);
    }
    expect(m.events).toBeGreaterThanOrEqual(5);
    expect(m.value).toBeGreaterThan(0.9);
  });

  it('is near 0 for a trending staircase whose displacements persist', () => {
    const noise = gaussian(mulberry32(7));
    const m = new MeanReversionStrength({ lookback: 100, bandPeriod: 20, horizon: 5 });
    for (let i = 0; i < 140; i++) m.update(100 + 3 * Math.floor(i / 10) + 0.1 * noise());
    expect(m.events).toBeGreaterThanOrEqual(5);
    expect(m.value).toBeLessThan(0.1);
  });

  it('is undefined until lookback closes have been seen', () => {
    const m = new MeanReversionStrength({ lookback: 30, bandPeriod: 10, horizon: 3 });
    for (let i = 0; i < 29; i++) expect(m.update(100 + (i % 4))).toBeUndefined();
    expect(m.update(100)).toBeDefined();
  });

  it('rejects a band too short to ever contain a 2 sigma close', () => {
    expect(() => new MeanReversionStrength({ bandPeriod: 5 })).toThrow(RangeError);
  });
});
