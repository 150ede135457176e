import { describe, expect, it } from 'vitest';
import { defaultHealthConfig, parseHealthConfig } from '../../../../core/src/config/risk/health-config.ts';
import { defaultHoldConfig } from '../../../../core/src/config/risk/hold-config.ts';
import type { PositionQualityInput } from '../../../../core/src/risk/portfolio/health-factors.ts';
import {
  HEALTH_BLOCK_REASON,
  HealthMonitor,
  computeHealthScore,
  type HealthInputs,
} from '../../../../core/src/risk/portfolio/health-score.ts';
import { maxHoldTable } from '../../../../core/src/risk/portfolio/hold-limits.ts';
import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';
import { MINUTE, T0, pos } from './fixtures.ts';

const limits = maxHoldTable(defaultHoldConfig);
const NOW = T0 + 12 * 60 * MINUTE;
const DECLINING: PositionQualityInput = { imbalance: 0.4, volumeTrend: -0.08, liquidityStable: true };
const STRONG: PositionQualityInput = { imbalance: 3, volumeTrend: 0.1, liquidityStable: true };

/**
 * The design's example: 5 longs, -2.5% unrealized in total on 100,000 equity (BTC dumping), sellers in
 * control with falling volume, 4 of them correlated with BTC above 0.7, held 10-26 min (average 18),
 * volatility at twice its average.
 */
function designExample(): HealthInputs {
  const pnl = [-900, -700, -500, -300, -100];
  const ages = [10, 14, 18, 22, 26];
  const positions = pnl.map((p, i) =>
    pos(`p${i}`, { unrealizedPnl: p, entryTime: NOW - (ages[i] ?? 0) * MINUTE }),
  );
  return state(positions, { equity: 100_000, correlatedCount: 4, volatilityRatio: 2 });
}

function state(
  positions: PortfolioPosition[],
  over: Partial<HealthInputs> = {},
  q = DECLINING,
): HealthInputs {
  return {
    positions,
    equity: 100_000,
    quality: new Map(positions.map((p) => [p.positionId, q])),
    correlatedCount: 0,
    volatilityRatio: 1,
    now: NOW,
    ...over,
  };
}

/** A book that scores exactly 100: break-even, strong flow, uncorrelated, fresh, calm. */
function healthy(): HealthInputs {
  const positions = ['a', 'b'].map((id) => pos(id, { entryTime: NOW - MINUTE }));
  return state(positions, {}, STRONG);
}

/** -5% unrealized, declining, 5 correlated, 18 min average, volatility 3x: 0 + 10 + 0 + 12 + 0 = 22. */
function critical(): HealthInputs {
  const pnl = [-1_000, -2_500, -400, -900, -200];
  const ages = [10, 14, 18, 22, 26];
  const positions = pnl.map((p, i) =>
    pos(`c${i}`, { unrealizedPnl: p, entryTime: NOW - (ages[i] ?? 0) * MINUTE }),
  );
  return state(positions, { equity: 100_000, correlatedCount: 5, volatilityRatio: 3 });
}

describe('health score on the design example', () => {
  it('scores 15 + 10 + 5 + 12 + 5 = 47', () => {
    const result = computeHealthScore(designExample(), defaultHealthConfig, limits);
    expect(result.factors).toEqual({
      unrealizedPnl: 15,
      positionQuality: 10,
      concentration: 5,
      holdTimes: 12,
      marketConditions: 5,
    });
    expect(result.score).toBe(47);
  });

  it('blocks entries and tightens every trailing stop to 0.3%, closing nothing', () => {
    const result = new HealthMonitor(defaultHealthConfig, limits).evaluate(designExample());
    expect(result.band).toBe('warning');
    expect(result.actions).toHaveLength(2);
    expect(result.actions[0]).toEqual({
      kind: 'block_entries',
      scope: 'all',
      until: null,
      reason: HEALTH_BLOCK_REASON,
    });
    expect(result.actions[1]).toMatchObject({ kind: 'tighten_stops', trailingDistance: 0.003 });
    expect(result.actions[1]).not.toHaveProperty('positionIds');
  });
});

describe('health monitor actions', () => {
  it('takes no action on a book scoring 100', () => {
    const result = new HealthMonitor(defaultHealthConfig, limits).evaluate(healthy());
    expect(result.score).toBe(100);
    expect(result.band).toBe('healthy');
    expect(result.actions).toEqual([]);
  });

  it('fires each action once while the score stays in its band', () => {
    const monitor = new HealthMonitor(defaultHealthConfig, limits);
    expect(monitor.evaluate(designExample()).actions).toHaveLength(2);
    expect(monitor.evaluate(designExample()).actions).toEqual([]);
    expect(monitor.entriesBlocked).toBe(true);
  });

  it('allows entries again when the score is back at 70 or more', () => {
    const monitor = new HealthMonitor(defaultHealthConfig, limits);
    monitor.evaluate(designExample());
    const back = monitor.evaluate(healthy());
    expect(back.actions).toEqual([{ kind: 'allow_entries', scope: 'all', reason: HEALTH_BLOCK_REASON }]);
    expect(monitor.entriesBlocked).toBe(false);
  });

  it('blocks at 69.99 but not at 70', () => {
    // A 100-point book whose unrealized loss is -5% of equity loses all 30 P&L points: exactly 70.
    const positions = [
      pos('a', { unrealizedPnl: -500, entryTime: NOW }),
      pos('b', { unrealizedPnl: -500, entryTime: NOW }),
    ];
    const at70 = { ...healthy(), positions, equity: 20_000 };
    const r70 = new HealthMonitor(defaultHealthConfig, limits).evaluate(at70);
    expect(r70.score).toBe(70);
    expect(r70.actions).toEqual([]);
    // Volatility at 1.002x its average costs 10 * 0.002 / 2 = 0.01 points.
    const r6999 = new HealthMonitor(defaultHealthConfig, limits).evaluate({
      ...at70,
      volatilityRatio: 1.002,
    });
    expect(r6999.score).toBe(69.99);
    expect(r6999.band).toBe('caution');
    expect(r6999.actions.map((a) => a.kind)).toEqual(['block_entries']);
  });

  it('closes the two positions with the worst unrealized P&L % below 30, once', () => {
    const monitor = new HealthMonitor(defaultHealthConfig, limits);
    const result = monitor.evaluate(critical());
    expect(result.score).toBe(22);
    expect(result.band).toBe('critical');
    const closes = result.actions.filter((a) => a.kind === 'close');
    expect(closes.map((a) => a.kind === 'close' && a.positionId)).toEqual(['c1', 'c0']);
    expect(closes.every((a) => a.kind === 'close' && a.reason === 'health_critical')).toBe(true);
    expect(result.actions.map((a) => a.kind)).toEqual(['block_entries', 'tighten_stops', 'close', 'close']);
    expect(monitor.evaluate(critical()).actions).toEqual([]);
  });

  it('ranks by P&L % of the entry notional, not by money', () => {
    const big = pos('big', { quantity: 1_000, notional: 100_000, unrealizedPnl: -2_000 }); // -2%
    const small = pos('small', { unrealizedPnl: -300 }); // -3%
    const mid = pos('mid', { unrealizedPnl: -250 }); // -2.5%
    const input = { ...critical(), positions: [big, small, mid], equity: 50_000 };
    const closes = new HealthMonitor(defaultHealthConfig, limits)
      .evaluate(input)
      .actions.filter((a) => a.kind === 'close');
    expect(closes.map((a) => a.kind === 'close' && a.positionId)).toEqual(['small', 'mid']);
  });

  it('re-arms the close after the score leaves the critical band', () => {
    const monitor = new HealthMonitor(defaultHealthConfig, limits);
    monitor.evaluate(critical());
    expect(monitor.evaluate(designExample()).actions).toEqual([]);
    const again = monitor.evaluate(critical()).actions.map((a) => a.kind);
    expect(again).toEqual(['close', 'close']);
  });

  it('records the lowest score for the report', () => {
    const monitor = new HealthMonitor(defaultHealthConfig, limits);
    expect(monitor.minScore()).toBeNull();
    monitor.evaluate(designExample());
    monitor.evaluate(critical());
    monitor.evaluate(healthy());
    expect(monitor.minScore()).toBe(22);
  });
});

describe('health config', () => {
  it('defaults to the design weights and thresholds', () => {
    expect(defaultHealthConfig.points).toEqual({
      unrealizedPnl: 30,
      positionQuality: 25,
      concentration: 20,
      holdTimes: 15,
      marketConditions: 10,
    });
    expect(defaultHealthConfig.actions).toMatchObject({
      blockEntriesBelow: 70,
      tightenStopsBelow: 50,
      closeWorstBelow: 30,
      tightenTrailingDistance: 0.003,
      closeWorstCount: 2,
    });
  });

  it('names the field when the points do not add up to 100', () => {
    expect(() => parseHealthConfig({ points: { unrealizedPnl: 40 } })).toThrow(/"points".*100/);
  });

  it('names the field when the action thresholds are out of order', () => {
    expect(() => parseHealthConfig({ actions: { tightenStopsBelow: 80 } })).toThrow(
      /actions\.tightenStopsBelow/,
    );
  });

  it('names the field when the quality weights do not add up to 1', () => {
    expect(() => parseHealthConfig({ quality: { flowWeight: 0.5 } })).toThrow(/"quality"/);
  });
});
