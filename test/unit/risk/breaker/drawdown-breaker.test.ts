import { describe, expect, it } from 'vitest';
import { defaultBreakerConfig, parseBreakerConfig } from '../../../../core/src/config/risk/breaker-config.ts';
import {
  BREAKER_BLOCK_REASON,
  DrawdownBreaker,
} from '../../../../core/src/risk/portfolio/drawdown-breaker.ts';
import type { RiskAction } from '../../../../core/src/risk/portfolio/types.ts';
import { DAY, HOUR, MINUTE, T0, pos } from '../health/fixtures.ts';

const closedIds = (actions: readonly RiskAction[]) =>
  actions.flatMap((a) => (a.kind === 'close' ? [a.positionId] : []));

/** Five positions at -3%, -1%, +2%, -2%, +1% of their entry notional. */
const FIVE = [
  pos('a', { unrealizedPnl: -300 }),
  pos('b', { unrealizedPnl: -100 }),
  pos('c', { unrealizedPnl: 200 }),
  pos('d', { unrealizedPnl: -200 }),
  pos('e', { unrealizedPnl: 100 }),
];

describe('daily drawdown breaker on the design example', () => {
  it('closes all and blocks entries until the next 00:00 UTC at -4.2% of 100,000', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0 + HOUR, 100_000, FIVE);
    const result = breaker.onEquity(T0 + 9 * HOUR, 95_800, FIVE);
    expect(result.level).toBe(4);
    expect(result.drawdownPercent).toBeCloseTo(4.2, 10);
    expect(closedIds(result.actions)).toEqual(['a', 'd', 'b', 'e', 'c']);
    expect(result.actions.every((a) => a.kind !== 'close' || a.reason === 'circuit_breaker')).toBe(true);
    expect(result.actions).toContainEqual({
      kind: 'block_entries',
      scope: 'all',
      until: T0 + DAY,
      reason: BREAKER_BLOCK_REASON,
    });
    expect(result.actions.at(-1)).toMatchObject({
      kind: 'alert',
      severity: 'critical',
      code: 'drawdown_critical',
    });
    expect(result.blockedUntil).toBe(T0 + DAY);
    expect(breaker.trips()).toBe(1);
  });

  it('with the table reading (block from 5%) closes all at -4.2% without blocking, and blocks at -5%', () => {
    const breaker = new DrawdownBreaker(parseBreakerConfig({ blockEntriesFrom: 'circuit_breaker' }));
    breaker.onEquity(T0, 100_000, FIVE);
    const at42 = breaker.onEquity(T0 + HOUR, 95_800, FIVE);
    expect(closedIds(at42.actions)).toHaveLength(5);
    expect(at42.actions.some((a) => a.kind === 'block_entries')).toBe(false);
    expect(breaker.trips()).toBe(0);
    const at5 = breaker.onEquity(T0 + 2 * HOUR, 95_000, [FIVE[0] ?? pos('x')]);
    expect(at5.level).toBe(5);
    expect(closedIds(at5.actions)).toEqual(['a']);
    expect(at5.actions).toContainEqual(expect.objectContaining({ kind: 'block_entries', until: T0 + DAY }));
    expect(at5.actions.at(-1)).toMatchObject({ kind: 'alert', code: 'drawdown_circuit_breaker' });
    expect(breaker.trips()).toBe(1);
  });
});

describe('drawdown levels', () => {
  it('walks 2% alert, 3% worst half, 4% close all, 5% circuit breaker, each once', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0, 100_000, FIVE);
    const at2 = breaker.onEquity(T0 + MINUTE, 98_000, FIVE);
    expect(at2.level).toBe(2);
    expect(at2.actions).toEqual([
      { kind: 'alert', severity: 'warning', code: 'drawdown_alert', message: 'daily drawdown 2.00% >= 2%' },
    ]);
    expect(breaker.onEquity(T0 + 2 * MINUTE, 97_500, FIVE).actions).toEqual([]);
    const at3 = breaker.onEquity(T0 + 3 * MINUTE, 96_900, FIVE);
    expect(at3.level).toBe(3);
    expect(closedIds(at3.actions)).toEqual(['a', 'd', 'b']);
    expect(at3.actions.some((a) => a.kind === 'block_entries')).toBe(false);
    const rest = [FIVE[2] ?? pos('x'), FIVE[4] ?? pos('y')];
    const at4 = breaker.onEquity(T0 + 4 * MINUTE, 96_000, rest);
    expect(at4.level).toBe(4);
    expect(closedIds(at4.actions)).toEqual(['e', 'c']);
    const at5 = breaker.onEquity(T0 + 5 * MINUTE, 94_900, []);
    expect(at5.level).toBe(5);
    expect(at5.actions).toEqual([
      {
        kind: 'alert',
        severity: 'critical',
        code: 'drawdown_circuit_breaker',
        message: 'daily drawdown 5.10% >= 5%',
      },
    ]);
    expect(breaker.trips()).toBe(1);
  });

  it('does not fire a level again after a recovery the same day', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0, 100_000, FIVE);
    expect(breaker.onEquity(T0 + HOUR, 97_900, FIVE).level).toBe(2);
    expect(breaker.onEquity(T0 + 2 * HOUR, 99_500, FIVE).activeLevel).toBe(2);
    const again = breaker.onEquity(T0 + 3 * HOUR, 97_800, FIVE);
    expect(again.level).toBeNull();
    expect(again.activeLevel).toBe(2);
    expect(again.actions).toEqual([]);
  });

  it('fires only the highest level on a jump, which closes everything', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0, 100_000, FIVE);
    const jump = breaker.onEquity(T0 + HOUR, 94_500, FIVE);
    expect(jump.level).toBe(5);
    expect(closedIds(jump.actions)).toHaveLength(5);
    expect(jump.actions.filter((a) => a.kind === 'alert')).toHaveLength(1);
    expect(breaker.onEquity(T0 + 2 * HOUR, 93_000, []).actions).toEqual([]);
  });

  it('closes 3 of 5 positions at the warning level (half, rounded up) and 1 of 1', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0, 100_000, FIVE);
    expect(closedIds(breaker.onEquity(T0 + HOUR, 97_000, FIVE).actions)).toHaveLength(3);
    const single = new DrawdownBreaker(defaultBreakerConfig);
    single.onEquity(T0, 100_000, FIVE);
    expect(closedIds(single.onEquity(T0 + HOUR, 97_000, [pos('z', { unrealizedPnl: 50 })]).actions)).toEqual([
      'z',
    ]);
  });

  it('reports no drawdown on a winning day', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0, 100_000, FIVE);
    const up = breaker.onEquity(T0 + HOUR, 103_000, FIVE);
    expect(up.drawdownPercent).toBe(0);
    expect(up.activeLevel).toBeNull();
    expect(up.actions).toEqual([]);
  });
});

describe('midnight reset', () => {
  it('starts the next day from the equity standing at 00:00 UTC and re-arms every level', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    breaker.onEquity(T0 + HOUR, 100_000, FIVE);
    breaker.onEquity(T0 + 20 * HOUR, 95_800, FIVE);
    // One ms before midnight is still the first day: the block stands (and 5% fires on it).
    const lastMs = breaker.onEquity(T0 + DAY - 1, 95_000, []);
    expect(lastMs.level).toBe(5);
    expect(lastMs.blockedUntil).toBe(T0 + DAY);
    const next = breaker.onEquity(T0 + DAY + 5 * MINUTE, 94_000, FIVE);
    expect(next.startEquity).toBe(95_000);
    expect(next.drawdownPercent).toBeCloseTo((1_000 / 95_000) * 100, 10);
    expect(next.blockedUntil).toBeNull();
    expect(next.activeLevel).toBeNull();
    const alert = breaker.onEquity(T0 + DAY + HOUR, 93_100, FIVE);
    expect(alert.level).toBe(2);
    const critical = breaker.onEquity(T0 + DAY + 2 * HOUR, 91_000, FIVE);
    expect(critical.level).toBe(4);
    expect(critical.blockedUntil).toBe(T0 + 2 * DAY);
    expect(breaker.trips()).toBe(2);
  });

  it('takes the first equity seen as the start when it begins mid-day', () => {
    const breaker = new DrawdownBreaker(defaultBreakerConfig);
    expect(breaker.onEquity(T0 + 15 * HOUR, 50_000, []).startEquity).toBe(50_000);
    expect(breaker.onEquity(T0 + 16 * HOUR, 48_500, []).level).toBe(3);
  });
});

describe('breaker config', () => {
  it('defaults to the design levels 2/3/4/5% and blocks from the critical level', () => {
    expect(defaultBreakerConfig.levels).toEqual({
      alert: 0.02,
      warning: 0.03,
      critical: 0.04,
      circuitBreaker: 0.05,
    });
    expect(defaultBreakerConfig.blockEntriesFrom).toBe('critical');
    expect(defaultBreakerConfig.closeShareAtWarning).toBe(0.5);
  });

  it('names the field when the levels are out of order', () => {
    expect(() => parseBreakerConfig({ levels: { critical: 0.025 } })).toThrow(/levels\.critical/);
  });

  it('names an unknown field', () => {
    expect(() => parseBreakerConfig({ levels: { panic: 0.1 } })).toThrow(/levels/);
  });
});
