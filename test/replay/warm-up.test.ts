import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/tape.ts';
import { runEngine, tempDir } from '../support/run-cli.ts';

const CANDLES = join(REPO, 'data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv');
const QUOTES = join(REPO, 'data/quotes/dukascopy_BTCUSD_2023-02-20T1200Z_1400Z_quotes.csv');

describe('warm-up from candles that precede a tape', () => {
  const out = tempDir('warm');
  const run = runEngine([
    'replay',
    '--warmup',
    CANDLES,
    '--input',
    QUOTES,
    '--out',
    out,
    '--quiet',
    '--no-store',
  ]);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));

  it('feeds 19 days of 1m history so the 15m regime inputs are warm from the first quote', () => {
    expect(run.status).toBe(0);
    const warm = report.warmup['dukascopy-forex:BTCUSD'];
    expect(warm.candles_1m_used).toBeGreaterThan(19 * 1_400);
    const last = report.symbols.BTCUSD.last;
    expect(last.adx_15m).toBeGreaterThan(0);
    expect(last.atr_15m).toBeGreaterThan(0);
    expect(last.persistence_15m).not.toBeNull();
    expect(last.rsi_14).not.toBeNull();
  });

  it('turns quotes into mid-price ticks with tick volume', () => {
    expect(report.ticks_processed).toBeGreaterThan(14_000);
    expect(report.symbols.BTCUSD.candles['1m']).toBe(120);
  });
});

describe('replay of candles expanded into ticks', () => {
  const out = tempDir('expand');
  const run = runEngine(['replay', '--input', CANDLES, '--out', out, '--quiet', '--no-store', '--seed', '7']);

  it('reproduces every non-empty source candle exactly through the tick pipeline', () => {
    expect(run.status).toBe(0);
    const source = readFileSync(CANDLES, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const nonEmpty = source.filter((r) => r[5]! > 0);
    const rows = readFileSync(join(out, 'candles_1m.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows).toHaveLength(nonEmpty.length);
    rows.forEach((row, i) => {
      const src = nonEmpty[i]!;
      expect(row.slice(1, 6).map(Number)).toEqual(src.slice(0, 5));
      expect(Math.abs(Number(row[6]) - src[5]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, src[5]!));
    });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.symbols.BTCUSD.last.adx_15m).toBeGreaterThan(0);
  });
});
