import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../core/src/app/metrics/compute-metrics.ts';
import { equityCsv, tradesCsv } from '../../../core/src/app/metrics/csv.ts';
import { equityCurveFromTrades } from '../../../core/src/app/metrics/equity-curve.ts';
import { FOUR_TRADES, closed } from './fixtures.ts';

describe('equityCurveFromTrades', () => {
  it('starts at the earliest entry and steps at each exit in exit order', () => {
    const shuffled = [FOUR_TRADES[2]!, FOUR_TRADES[0]!, FOUR_TRADES[3]!, FOUR_TRADES[1]!];
    const points = equityCurveFromTrades(1_000, shuffled);
    expect(points.map((p) => p.ts_ms)).toEqual([0, 60_000, 150_000, 290_000, 330_000]);
    const equities = points.map((p) => p.equity);
    expect(equities[0]).toBe(1_000);
    expect(equities[1]).toBeCloseTo(1_009.8, 9);
    expect(equities[2]).toBeCloseTo(1_004.7, 9);
    expect(equities[3]).toBeCloseTo(1_008.0, 9);
    expect(equities[4]).toBeCloseTo(1_008.0, 9);
  });

  it('adds marks (run start and end) and merges exits at the same time into one point', () => {
    const trades = [
      closed({ entry_time_ms: 5_000, exit_time_ms: 9_000, pnl: 1 }),
      closed({ entry_time_ms: 6_000, exit_time_ms: 9_000, pnl: 2 }),
    ];
    expect(equityCurveFromTrades(50, trades, [1_000, 20_000])).toEqual([
      { ts_ms: 1_000, equity: 50 },
      { ts_ms: 9_000, equity: 53 },
      { ts_ms: 20_000, equity: 53 },
    ]);
    expect(equityCurveFromTrades(50, [], [1_000, 2_000])).toEqual([
      { ts_ms: 1_000, equity: 50 },
      { ts_ms: 2_000, equity: 50 },
    ]);
    expect(equityCurveFromTrades(50, [])).toEqual([]);
  });

  it('ends at exactly starting equity + net_pnl, even with inexact decimals', () => {
    const trades = [0.1, 0.2, -0.3, 0.7, 1e-9].map((pnl, i) =>
      closed({ pnl, entry_time_ms: i * 1_000, exit_time_ms: i * 1_000 + 500 }),
    );
    const points = equityCurveFromTrades(10_000.01, trades);
    const metrics = computeMetrics(trades, points, 10_000.01);
    expect(points.at(-1)?.equity).toBe(10_000.01 + metrics.net_pnl);
  });
});

describe('CSV writers', () => {
  it('writes trades.csv with the report header and one exact row per trade', () => {
    expect(tradesCsv(FOUR_TRADES.slice(0, 2))).toBe(
      'symbol,side,entry_time_ms,entry_price,exit_time_ms,exit_price,qty,pnl,fees,exit_reason\n' +
        'BTCUSDT,long,0,100,60000,110,1,9.8,0.2,trailing_stop\n' +
        'ETHUSDT,short,30000,200,150000,205,1,-5.1,0.1,consecutive_adverse_moves\n',
    );
  });

  it('quotes a text field that contains a comma or a quote', () => {
    const csv = tradesCsv([closed({ symbol: 'A,"B"' })]);
    expect(csv.split('\n')[1]).toBe('"A,""B""",long,0,100,60000,101,1,0,0,trailing_stop');
  });

  it('writes equity.csv, and only the header for no points', () => {
    expect(
      equityCsv([
        { ts_ms: 1_000, equity: 10_000 },
        { ts_ms: 2_000, equity: 10_009.8 },
      ]),
    ).toBe('ts_ms,equity\n1000,10000\n2000,10009.8\n');
    expect(equityCsv([])).toBe('ts_ms,equity\n');
  });
});
