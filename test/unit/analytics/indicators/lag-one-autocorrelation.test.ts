import { describe, it, expect } from 'vitest';
import { LagOneAutocorrelation } from '../../../../core/src/analytics/indicators/lag-one-autocorrelation.ts';
import { closesFromLogReturns } from './fixtures.ts';

function feed(returns: number[], candles: number): LagOneAutocorrelation {
  const ac = new LagOneAutocorrelation(candles);
  for (const c of closesFromLogReturns(returns)) ac.update(c);
  return ac;
}

describe('LagOneAutocorrelation', () => {
  it('needs N + 1 closes (N returns) before reporting', () => {
    const ac = new LagOneAutocorrelation(4);
    const closes = closesFromLogReturns([0.01, 0.02, 0.04, 0.03]);
    closes.slice(0, 4).forEach((c) => expect(ac.update(c)).toBeUndefined());
    expect(ac.update(closes[4]!)).toBeDefined();
  });

  it('gives exactly -1 for returns alternating +a, -a', () => {
    expect(feed([0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01], 10).value).toBeCloseTo(
      -1,
      9,
    );
  });

  it('gives +1 for returns that grow linearly', () => {
    const returns = Array.from({ length: 10 }, (_, i) => 0.001 * (i + 1));
    expect(feed(returns, 10).value).toBeCloseTo(1, 9);
  });

  it('matches a hand-worked Pearson r for returns 1, 2, 4, 3 (in %)', () => {
    // x = (1, 2, 4), y = (2, 4, 3): dx = (-4/3, -1/3, 5/3), dy = (-1, 1, 0);
    // sum dx dy = 1, sum dx^2 = 14/3, sum dy^2 = 2 -> r = 1 / sqrt(28/3) = sqrt(3/28).
    expect(feed([0.01, 0.02, 0.04, 0.03], 4).value).toBeCloseTo(Math.sqrt(3 / 28), 9);
  });

  it('uses only the last N returns', () => {
    // An old alternating stretch, then 1, 2, 4, 3 again: only the latter counts.
    expect(feed([0.05, -0.05, 0.05, 0.01, 0.02, 0.04, 0.03], 4).value).toBeCloseTo(Math.sqrt(3 / 28), 9);
  });

  it('is undefined when the returns have no variance (flat prices or a constant growth rate)', () => {
    const flat = new LagOneAutocorrelation(4);
    for (let i = 0; i < 6; i++) flat.update(100);
    expect(flat.value).toBeUndefined();
    // Constant 1% growth: log returns equal up to rounding, which must not read as a correlation.
    expect(feed(new Array<number>(10).fill(0.01), 10).value).toBeUndefined();
  });
});
