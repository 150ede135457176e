import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/tape.ts';
import { runEngine, tempDir } from '../../support/run-cli.ts';
import { queryFile } from './fixtures.ts';

const QUOTES = join(REPO, 'data/quotes/dukascopy_BTCUSD_2023-02-20T1200Z_1400Z_quotes.csv');

async function query(file: string, sql: string): Promise<bigint[]> {
  return (await queryFile(file, sql))[0] as bigint[];
}

describe('replay into the DuckDB store', () => {
  it('keeps every tick and candle of a replay by default, in the per-symbol file of design 2.2.7', async () => {
    const out = tempDir('store-keep');
    expect(runEngine(['replay', '--input', QUOTES, '--out', out, '--quiet']).status).toBe(0);
    const file = join(out, 'duckdb/dukascopy/forex/BTCUSD/trading.duckdb');
    const [ticks, candles1m, candles15m] = await query(
      file,
      'SELECT (SELECT count(*) FROM ticks), (SELECT count(*) FROM candles_1m), (SELECT count(*) FROM candles_15m)',
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(Number(ticks)).toBe(report.ticks_processed);
    expect(Number(candles1m)).toBe(report.symbols.BTCUSD.candles['1m']);
    expect(Number(candles15m)).toBe(report.symbols.BTCUSD.candles['15m']);
  });

  it('applies the live retention every five minutes of event time when asked', async () => {
    const out = tempDir('store-design');
    expect(
      runEngine(['replay', '--input', QUOTES, '--out', out, '--quiet', '--retention', 'design']).status,
    ).toBe(0);
    const file = join(out, 'duckdb/dukascopy/forex/BTCUSD/trading.duckdb');
    const [ticks, oldestTick, newestTick, candles1m, candles15m] = await query(
      file,
      'SELECT (SELECT count(*) FROM ticks), (SELECT min(timestamp) FROM ticks), (SELECT max(timestamp) FROM ticks), (SELECT count(*) FROM candles_1m), (SELECT count(*) FROM candles_15m)',
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.store.rowsDeleted).toBeGreaterThan(0);
    expect(Number(ticks)).toBeLessThan(report.ticks_processed);
    // The last cleanup ran at most 5 minutes before the end and kept 15 minutes: at most 20 minutes remain.
    const spanMs = Number(newestTick) - Number(oldestTick);
    expect(spanMs).toBeLessThanOrEqual(20 * 60_000);
    expect(spanMs).toBeGreaterThanOrEqual(15 * 60_000 - 60_000);
    expect(Number(candles1m)).toBeLessThanOrEqual(21);
    expect(Number(candles15m)).toBeLessThanOrEqual(6);
  });
});
