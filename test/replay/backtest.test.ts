import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/tape.ts';
import { runEngine, tempDir } from '../support/run-cli.ts';
import { queryFile } from '../integration/duckdb/fixtures.ts';

const CANDLES = join(REPO, 'data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv');
const EXPLORATORY = join(REPO, 'config/exploratory.json');
const EXIT_REASONS = [
  'circuit_breaker',
  'correlated_dump',
  'dump_detected',
  'prop_firm_breach',
  'max_hold',
  'session_close',
  'health_critical',
  'leverage_reduction',
  'cascade_reversal',
  'consecutive_adverse_moves',
  'trailing_stop',
  'initial_stop',
  'reversal_signal',
  'end_of_data',
];

function backtest(out: string, extra: string[]) {
  const args = [
    'replay',
    '--input',
    CANDLES,
    '--venue',
    'dukascopy-cfd',
    '--config',
    EXPLORATORY,
    '--out',
    out,
    '--quiet',
  ];
  const run = runEngine([...args, ...extra]);
  expect(run.stderr).not.toMatch(/"level":"error"|^error/m);
  expect(run.status).toBe(0);
  return {
    report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')),
    tradesCsv: readFileSync(join(out, 'trades.csv'), 'utf8'),
    equityCsv: readFileSync(join(out, 'equity.csv'), 'utf8'),
  };
}

describe('backtest on 19 days of real BTCUSD candles expanded to ticks', () => {
  const outA = tempDir('bt-a');
  const a = backtest(outA, []);

  it('produces signals and paper trades, with a funnel where each level is at most the one before', () => {
    const f = a.report.funnel;
    const chain = [
      f.evaluations,
      f.level1_passed,
      f.level2_passed,
      f.level3_passed,
      f.level4_passed,
      f.primary_passed,
      f.signals,
    ];
    for (let i = 1; i < chain.length; i++) expect(chain[i]).toBeLessThanOrEqual(chain[i - 1]);
    expect(f.signals).toBeGreaterThan(0);
    expect(a.report.metrics.trades).toBe(a.report.trades.length);
    expect(a.report.trades.length).toBeGreaterThan(0);
  });

  it('gives every trade an exit reason and keeps P&L, fees and the equity curve consistent', () => {
    const { trades, metrics } = a.report;
    for (const t of trades) {
      expect(EXIT_REASONS).toContain(t.exit_reason);
      expect(t.exit_time_ms).toBeGreaterThanOrEqual(t.entry_time_ms);
      expect(t.qty).toBeGreaterThan(0);
    }
    const sum = (k: 'pnl' | 'fees') => trades.reduce((s: number, t: Record<string, number>) => s + t[k]!, 0);
    expect(metrics.net_pnl).toBeCloseTo(sum('pnl'), 9);
    expect(metrics.fees).toBeCloseTo(sum('fees'), 9);
    const equity = a.equityCsv.trim().split('\n');
    expect(equity[0]).toBe('ts_ms,equity');
    expect(Number(equity.at(-1)!.split(',')[1])).toBeCloseTo(10_000 + metrics.net_pnl, 6);
    expect(a.report.execution.final_equity).toBeCloseTo(10_000 + metrics.net_pnl, 6);
  });

  it('reports what portfolio risk did, consistent with the exit reasons of the trades', () => {
    const { risk, trades } = a.report;
    const count = (reason: string) =>
      trades.filter((t: { exit_reason: string }) => t.exit_reason === reason).length;
    expect(risk.dump_exits).toBe(count('dump_detected'));
    expect(risk.correlation_exits).toBe(count('correlated_dump'));
    expect(risk.max_hold_exits).toBe(count('max_hold'));
    // Positions were open, so the health score was computed; nothing in this run came near a breaker.
    expect(risk.health_min).toBeGreaterThan(0);
    expect(risk.health_min).toBeLessThanOrEqual(100);
    expect(risk.circuit_breaker_trips).toBe(0);
  });

  it('writes one trades.csv row per reported trade', () => {
    const rows = a.tradesCsv.trim().split('\n');
    expect(rows[0]).toBe(
      'symbol,side,entry_time_ms,entry_price,exit_time_ms,exit_price,qty,pnl,fees,exit_reason',
    );
    expect(rows).toHaveLength(a.report.trades.length + 1);
    expect(rows[1]!.split(',')[9]).toBe(a.report.trades[0].exit_reason);
  });

  it('stores every decision record and every finished trade in the symbol DuckDB file', async () => {
    const file = join(outA, 'duckdb/dukascopy/cfd/BTCUSD/trading.duckdb');
    const [row] = await queryFile(
      file,
      'SELECT (SELECT count(*) FROM decisions), (SELECT count(*) FROM trade_executions), (SELECT count(*) FROM decisions WHERE signal_id IS NOT NULL)',
    );
    expect(row!.map(Number)).toEqual([
      a.report.funnel.evaluations,
      a.report.trades.length,
      a.report.funnel.signals,
    ]);
  });

  it('keeps health snapshots and dump detections in the portfolio risk database', async () => {
    const file = join(outA, 'duckdb/portfolio/risk.duckdb');
    const [row] = await queryFile(
      file,
      'SELECT (SELECT count(*) FROM portfolio_health_snapshots), (SELECT count(*) FROM dump_detections)',
    );
    const [health, dumps] = row!.map(Number);
    expect(health).toBeGreaterThan(0);
    expect(dumps).toBe(a.report.risk.dump_exits);
  });

  it('repeats itself exactly: a second run writes the same trades.csv and the same metrics', () => {
    const b = backtest(tempDir('bt-b'), ['--no-store']);
    expect(b.tradesCsv).toBe(a.tradesCsv);
    expect(b.report.metrics).toEqual(a.report.metrics);
    expect(b.report.funnel).toEqual(a.report.funnel);
  });
});

describe('backtest that pays fees (the same candles traded as Binance USD-M)', () => {
  it('books every fee once: final equity is the start plus gross P&L minus fees', () => {
    const { report } = backtest(tempDir('bt-fees'), ['--no-store', '--venue', 'binance-usdm']);
    const trades = report.trades as {
      side: string;
      entry_price: number;
      exit_price: number;
      qty: number;
      pnl: number;
      fees: number;
    }[];
    expect(trades.length).toBeGreaterThan(0);
    const fees = trades.reduce((s, t) => s + t.fees, 0);
    expect(fees).toBeGreaterThan(0);
    const gross = trades.reduce(
      (s, t) => s + (t.side === 'long' ? 1 : -1) * (t.exit_price - t.entry_price) * t.qty,
      0,
    );
    for (const t of trades) {
      const g = (t.side === 'long' ? 1 : -1) * (t.exit_price - t.entry_price) * t.qty;
      expect(t.pnl).toBeCloseTo(g - t.fees, 9);
    }
    expect(report.metrics.fees).toBeCloseTo(fees, 9);
    expect(report.execution.final_equity).toBeCloseTo(10_000 + gross - fees, 6);
  });
});

describe('backtest with the design defaults on the short bundled tapes', () => {
  it('shows the funnel even though nothing trades', () => {
    const out = tempDir('bt-default');
    const run = runEngine(['replay', '--default-data', '--out', out, '--quiet', '--no-store']);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.funnel.evaluations).toBeGreaterThan(1_000);
    expect(report.funnel.level1_passed).toBeLessThanOrEqual(report.funnel.evaluations);
    expect(report.warmup['dukascopy-forex:BTCUSD'].candles_1m_used).toBeGreaterThan(20_000);
    expect(report.metrics.trades).toBe(report.trades.length);
    expect(run.stdout).toMatch(/funnel: \d+ evaluations/);
  });
});
