import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../core/src/app/metrics/compute-metrics.ts';
import { periodReturns, sampleEquity, sharpeRatio } from '../../../core/src/app/metrics/sharpe.ts';
import { HOURLY_SHARPE, type EquityPoint } from '../../../core/src/app/metrics/types.ts';

const H = 3_600_000;
const M = 60_000;

/** Realised equity changing between the hours: the hourly samples are 10,000, 10,100, 9,999, 10,198.98. */
const CURVE: EquityPoint[] = [
  { ts_ms: 0, equity: 10_000 },
  { ts_ms: 40 * M, equity: 10_100 },
  { ts_ms: H + 10 * M, equity: 9_999 },
  { ts_ms: 2 * H + 59 * M, equity: 10_198.98 },
  { ts_ms: 3 * H + 30 * M, equity: 10_198.98 },
];

describe('Sharpe on hourly equity returns', () => {
  it('samples the last equity at or before each hour and drops the trailing partial hour', () => {
    expect(sampleEquity(CURVE, H)).toEqual([10_000, 10_100, 9_999, 10_198.98]);
  });

  it('turns the samples into +1%, -1%, +2% returns', () => {
    const returns = periodReturns([10_000, 10_100, 9_999, 10_198.98]) ?? [];
    expect(returns).toHaveLength(3);
    expect(returns[0]).toBeCloseTo(0.01, 12);
    expect(returns[1]).toBeCloseTo(-0.01, 12);
    expect(returns[2]).toBeCloseTo(0.02, 12);
  });

  it('computes the hand value: mean 1/150, sample variance 7/30000, x sqrt(8760) = sqrt(35040/21) = 40.848', () => {
    // deviations 1/300, -1/60, 1/75; squares sum to 42/90000; / (n-1) = 7/30000.
    // (1/150) / sqrt(7/30000) = sqrt(4/21); times sqrt(8760) = sqrt(35040/21).
    const sharpe = sharpeRatio(CURVE, HOURLY_SHARPE);
    expect(sharpe).toBeCloseTo(Math.sqrt(35_040 / 21), 9);
    expect(sharpe).toBeCloseTo(40.84815, 4);
    expect(computeMetrics([], CURVE, 10_000).sharpe).toBeCloseTo(40.84815, 4);
  });

  it('annualises with the given number of periods per year', () => {
    expect(sharpeRatio(CURVE, { intervalMs: H, periodsPerYear: 365 })).toBeCloseTo(
      Math.sqrt((4 / 21) * 365),
      9,
    );
  });

  it('is null with fewer than two returns', () => {
    expect(sharpeRatio(CURVE.slice(0, 3), HOURLY_SHARPE)).toBeNull(); // 1 h 10 min: one return
    expect(sharpeRatio([], HOURLY_SHARPE)).toBeNull();
  });

  it('is null when the returns do not vary', () => {
    const flat = [0, 1, 2, 3].map((k) => ({ ts_ms: k * H, equity: 5_000 }));
    expect(sharpeRatio(flat, HOURLY_SHARPE)).toBeNull();
    const steady = [0, 1, 2, 3].map((k) => ({ ts_ms: k * H, equity: 1_000 * 1.1 ** k }));
    expect(sharpeRatio(steady, HOURLY_SHARPE)).toBeNull();
  });

  it('is null when equity is not positive, where a return means nothing', () => {
    const bust = [10, 0, 5, 6].map((equity, k) => ({ ts_ms: k * H, equity }));
    expect(sharpeRatio(bust, HOURLY_SHARPE)).toBeNull();
  });
});
