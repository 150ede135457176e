import { describe, expect, it } from 'vitest';
import { computeMetrics, maxDrawdownPct } from '../../../core/src/app/metrics/compute-metrics.ts';
import { equityCurveFromTrades } from '../../../core/src/app/metrics/equity-curve.ts';
import type { EquityPoint } from '../../../core/src/app/metrics/types.ts';
import { FOUR_TRADES, closed } from './fixtures.ts';

const curve = (...equities: number[]): EquityPoint[] =>
  equities.map((equity, i) => ({ ts_ms: i * 1_000, equity }));

describe('computeMetrics', () => {
  it('computes every metric of four hand-checked trades', () => {
    const equity = equityCurveFromTrades(1_000, FOUR_TRADES);
    const m = computeMetrics(FOUR_TRADES, equity, 1_000);
    expect(m.trades).toBe(4);
    expect(m.win_rate).toBe(0.5);
    expect(m.net_pnl).toBeCloseTo(8.0, 12);
    expect(m.fees).toBeCloseTo(0.7, 12);
    expect(m.profit_factor).toBeCloseTo(13.1 / 5.1, 12); // 2.5686...
    expect(m.avg_hold_s).toBe(75);
    // Peak 1,009.8 after the first exit, trough 1,004.7 after the second: 5.1 / 1,009.8 = 0.50505%.
    expect(m.max_drawdown_pct).toBeCloseTo(0.50505050505, 9);
    // The run lasts 5.5 minutes: not even one hourly return.
    expect(m.sharpe).toBeNull();
    expect(Object.keys(m)).toEqual([
      'trades',
      'win_rate',
      'net_pnl',
      'fees',
      'max_drawdown_pct',
      'sharpe',
      'profit_factor',
      'avg_hold_s',
    ]);
  });

  it('reports zeros and nulls with no trades and a flat curve', () => {
    expect(computeMetrics([], curve(1_000, 1_000), 1_000)).toEqual({
      trades: 0,
      win_rate: null,
      net_pnl: 0,
      fees: 0,
      max_drawdown_pct: 0,
      sharpe: null,
      profit_factor: null,
      avg_hold_s: null,
    });
    expect(computeMetrics([], [], 1_000).max_drawdown_pct).toBe(0);
  });

  it('gives a null profit factor and a win rate of 1 when every trade wins', () => {
    const trades = [closed({ pnl: 2 }), closed({ pnl: 3, entry_time_ms: 0, exit_time_ms: 120_000 })];
    const m = computeMetrics(trades, equityCurveFromTrades(100, trades), 100);
    expect(m.win_rate).toBe(1);
    expect(m.profit_factor).toBeNull();
    expect(m.net_pnl).toBe(5);
    expect(m.avg_hold_s).toBe(90);
    expect(m.max_drawdown_pct).toBe(0);
  });

  it('gives a profit factor of 0 and a win rate of 0 when every trade loses', () => {
    const trades = [closed({ pnl: -2 }), closed({ pnl: -3 })];
    const m = computeMetrics(trades, equityCurveFromTrades(100, trades), 100);
    expect(m.win_rate).toBe(0);
    expect(m.profit_factor).toBe(0);
    expect(m.net_pnl).toBe(-5);
    // 100 -> 95 at the shared exit time: 5%.
    expect(m.max_drawdown_pct).toBeCloseTo(5, 12);
  });

  it('counts a breakeven trade as neither a win nor a loss', () => {
    const m = computeMetrics([closed({ pnl: 0 }), closed({ pnl: 4 }), closed({ pnl: -1 })], [], 100);
    expect(m.win_rate).toBeCloseTo(1 / 3, 12);
    expect(m.profit_factor).toBe(4);
  });
});

describe('maxDrawdownPct', () => {
  it('takes the deepest fall after a peak, not the last one', () => {
    // 1,200 -> 900 is 25%; the later 1,300 -> 1,170 is only 10%.
    expect(maxDrawdownPct(curve(1_000, 1_200, 900, 1_100, 1_300, 1_170), 1_000)).toBeCloseTo(25, 12);
  });

  it('uses the starting equity as the first peak', () => {
    expect(maxDrawdownPct(curve(950, 1_050), 1_000)).toBeCloseTo(5, 12);
  });

  it('is 0 on a curve that only rises', () => {
    expect(maxDrawdownPct(curve(1_000, 1_010, 1_020), 1_000)).toBe(0);
  });
});
