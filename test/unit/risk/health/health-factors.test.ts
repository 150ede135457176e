import { describe, expect, it } from 'vitest';
import { defaultHealthConfig } from '../../../../core/src/config/risk/health-config.ts';
import { defaultHoldConfig } from '../../../../core/src/config/risk/hold-config.ts';
import {
  concentrationPoints,
  holdShare,
  holdTimePoints,
  marketConditionPoints,
  positionHealth,
  positionQualityPoints,
  unrealizedPnlPoints,
  type PositionQualityInput,
} from '../../../../core/src/risk/portfolio/health-factors.ts';
import { maxHoldTable } from '../../../../core/src/risk/portfolio/hold-limits.ts';
import { HOUR, MINUTE, T0, pos } from './fixtures.ts';

const cfg = defaultHealthConfig;
const limits = maxHoldTable(defaultHoldConfig);

describe('unrealized P&L factor (0 at -5%, 30 from break-even up)', () => {
  it('gives the design example of -2.5% of equity 15 of 30 points', () => {
    expect(unrealizedPnlPoints(-2_500, 100_000, 30, cfg.unrealizedPnl)).toBe(15);
  });

  it('gives 0 at -5% and below, and 30 at 0% and above including +5%', () => {
    expect(unrealizedPnlPoints(-5_000, 100_000, 30, cfg.unrealizedPnl)).toBe(0);
    expect(unrealizedPnlPoints(-7_000, 100_000, 30, cfg.unrealizedPnl)).toBe(0);
    expect(unrealizedPnlPoints(0, 100_000, 30, cfg.unrealizedPnl)).toBe(30);
    expect(unrealizedPnlPoints(5_000, 100_000, 30, cfg.unrealizedPnl)).toBe(30);
  });

  it('is linear between: -1% gives 24 points', () => {
    expect(unrealizedPnlPoints(-1_000, 100_000, 30, cfg.unrealizedPnl)).toBeCloseTo(24, 10);
  });

  it('gives 0 when there is no equity to measure against', () => {
    expect(unrealizedPnlPoints(100, 0, 30, cfg.unrealizedPnl)).toBe(0);
  });
});

describe('position health (flow 0.3, volume 0.3, liquidity 0.4)', () => {
  const q = cfg.quality;

  it('scores a long with sellers in control, falling volume and stable liquidity 0.4', () => {
    expect(
      positionHealth('long', { imbalance: 0.4, volumeTrend: -0.08, liquidityStable: true }, q),
    ).toBeCloseTo(0.4, 12);
  });

  it('scores a long with buyers in control, rising volume and stable liquidity 1', () => {
    expect(positionHealth('long', { imbalance: 2, volumeTrend: 0.05, liquidityStable: true }, q)).toBeCloseTo(
      1,
      12,
    );
  });

  it('reads the imbalance in the short direction: 0.5 favours a short', () => {
    const input: PositionQualityInput = { imbalance: 0.5, volumeTrend: 0, liquidityStable: null };
    // flow 1 * 0.3 + flat volume 0.5 * 0.3 + unknown liquidity 0.5 * 0.4
    expect(positionHealth('short', input, q)).toBeCloseTo(0.65, 12);
    expect(positionHealth('long', input, q)).toBeCloseTo(0.35, 12);
  });

  it('treats an imbalance inside the 1.2 band, and missing data, as neutral', () => {
    expect(
      positionHealth('long', { imbalance: 1.1, volumeTrend: 0.005, liquidityStable: null }, q),
    ).toBeCloseTo(0.5, 12);
    expect(positionHealth('long', undefined, q)).toBeCloseTo(0.5, 12);
  });

  it('treats a sellers-only imbalance of 0 as the worst flow for a long and the best for a short', () => {
    const input: PositionQualityInput = { imbalance: 0, volumeTrend: null, liquidityStable: false };
    expect(positionHealth('long', input, q)).toBeCloseTo(0.15, 12);
    expect(positionHealth('short', input, q)).toBeCloseTo(0.45, 12);
  });
});

describe('position quality factor', () => {
  const declining: PositionQualityInput = { imbalance: 0.4, volumeTrend: -0.08, liquidityStable: true };

  it('gives five declining positions 10 of 25 points', () => {
    const positions = ['a', 'b', 'c', 'd', 'e'].map((id) => pos(id));
    const quality = new Map(positions.map((p) => [p.positionId, declining]));
    expect(positionQualityPoints(positions, quality, 25, cfg.quality)).toBeCloseTo(10, 10);
  });

  it('averages positions: one perfect and one declining give 17.5', () => {
    const quality = new Map<string, PositionQualityInput>([
      ['a', { imbalance: 3, volumeTrend: 0.1, liquidityStable: true }],
      ['b', declining],
    ]);
    expect(positionQualityPoints([pos('a'), pos('b')], quality, 25, cfg.quality)).toBeCloseTo(17.5, 10);
  });

  it('gives an empty book full points', () => {
    expect(positionQualityPoints([], new Map(), 25, cfg.quality)).toBe(25);
  });
});

describe('concentration factor (3 allowed, 15 points per extra correlated position)', () => {
  it('maps 0-3 correlated to 20, 4 to 5 and 5 or more to 0', () => {
    const points = [0, 1, 2, 3, 4, 5, 7].map((n) => concentrationPoints(n, 20, cfg.concentration));
    expect(points).toEqual([20, 20, 20, 20, 5, 0, 0]);
  });
});

describe('hold time factor (fresh 1.0, within limit 0.8, over 0.2, meme over 0)', () => {
  const now = T0 + 10 * HOUR;
  const ageMin = (m: number) => now - m * MINUTE;

  it('gives five scalps aged 10-26 min (average 18) 12 of 15 points', () => {
    const positions = [10, 14, 18, 22, 26].map((m, i) => pos(`p${i}`, { entryTime: ageMin(m) }));
    expect(holdTimePoints(positions, now, limits, 15, cfg.holdTimes)).toBeCloseTo(12, 10);
  });

  it('scores each band of a scalp at its boundaries', () => {
    const share = (m: number) => holdShare(pos('a', { entryTime: ageMin(m) }), now, limits, cfg.holdTimes);
    expect([share(0), share(4.99), share(5), share(29.99), share(30), share(45)]).toEqual([
      1, 1, 0.8, 0.8, 0.2, 0.2,
    ]);
  });

  it('penalises a meme coin over 24 h to 0 but an arbitrage over 4 h only to 0.2', () => {
    const meme = (h: number) =>
      holdShare(pos('m', { strategy: 'meme', entryTime: now - h * HOUR }), now, limits, cfg.holdTimes);
    const arb = (h: number) =>
      holdShare(pos('x', { strategy: 'arbitrage', entryTime: now - h * HOUR }), now, limits, cfg.holdTimes);
    expect([meme(2), meme(23.9), meme(24)]).toEqual([0.8, 0.8, 0]);
    expect([arb(3.9), arb(4)]).toEqual([0.8, 0.2]);
  });

  it('averages a fresh scalp and a 40-minute scalp to 9 points', () => {
    const positions = [pos('a', { entryTime: ageMin(2) }), pos('b', { entryTime: ageMin(40) })];
    expect(holdTimePoints(positions, now, limits, 15, cfg.holdTimes)).toBeCloseTo(9, 10);
  });
});

describe('market conditions factor (10 at 1x average volatility, 0 at 3x)', () => {
  it('gives volatility at twice its average 5 of 10 points', () => {
    expect(marketConditionPoints(2, 10, cfg.market)).toBe(5);
  });

  it('is full when calm or unknown, 0 from 3x, linear between', () => {
    const points = [0.8, 1, 2.5, 3, 4].map((r) => marketConditionPoints(r, 10, cfg.market));
    expect(points).toEqual([10, 10, 2.5, 0, 0]);
    expect(marketConditionPoints(null, 10, cfg.market)).toBe(10);
  });
});
