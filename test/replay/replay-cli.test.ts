import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANDLES_CSV_HEADER } from '../../core/src/app/candles-csv.ts';
import { BTC_TAPE, loadTape } from '../support/tape.ts';
import { runEngine, tempDir } from '../support/run-cli.ts';

/** Independent 1m recomputation straight from the CSV text. */
function recompute1m(path: string) {
  const bars = new Map<
    number,
    { o: number; h: number; l: number; c: number; v: number; b: number; s: number; n: number }
  >();
  for (const t of loadTape(path, 'x')) {
    const key = t.ts - (t.ts % 60_000);
    const bar = bars.get(key);
    if (!bar)
      bars.set(key, {
        o: t.price,
        h: t.price,
        l: t.price,
        c: t.price,
        v: t.qty,
        b: t.side === 'buy' ? t.qty : 0,
        s: t.side === 'sell' ? t.qty : 0,
        n: 1,
      });
    else {
      bar.h = Math.max(bar.h, t.price);
      bar.l = Math.min(bar.l, t.price);
      bar.c = t.price;
      bar.v += t.qty;
      if (t.side === 'buy') bar.b += t.qty;
      else bar.s += t.qty;
      bar.n++;
    }
  }
  return [...bars.entries()];
}

describe('engine replay (CLI)', () => {
  const out = tempDir('replay-btc');
  const run = runEngine(['replay', '--input', BTC_TAPE, '--out', out, '--quiet']);

  it('exits cleanly and prints a summary', () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/replayed 19,904 ticks/);
  });

  it('writes 1m candles identical to a direct recomputation from the BTCUSDT tape', () => {
    const lines = readFileSync(join(out, 'candles_1m.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(CANDLES_CSV_HEADER);
    const expected = recompute1m(BTC_TAPE);
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach(([openTime, e], i) => {
      const f = lines[i + 1]!.split(',');
      expect(f[0]).toBe('BTCUSDT');
      expect(f.slice(1, 6).map(Number)).toEqual([openTime, e.o, e.h, e.l, e.c]);
      expect(Math.abs(Number(f[6]) - e.v)).toBeLessThan(1e-9);
      expect(Math.abs(Number(f[7]) - e.b)).toBeLessThan(1e-9);
      expect(Math.abs(Number(f[8]) - e.s)).toBeLessThan(1e-9);
      expect(Number(f[9])).toBe(e.n);
    });
  });

  it('writes a report with the agreed fields and counts', () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.inputs[0].instrument).toBe('binance-spot:BTCUSDT');
    expect(report.ticks_processed).toBe(19_904);
    expect(report.rejected).toEqual({});
    expect(report.symbols.BTCUSDT).toMatchObject({ ticks: 19_904, candles: { '1m': 12, '5m': 4, '15m': 2 } });
    expect(report.elapsed_ms).toBeGreaterThanOrEqual(0);
    expect(report.ticks_per_second).toBeGreaterThan(0);
    expect(report.store.ticksAppended).toBe(19_904);
  });

  it('refuses a bad config at start with the path of the offending field', () => {
    const dir = tempDir('bad-config');
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ risk: { breaker: { levels: { alert: 'two' } } } }));
    const bad = runEngine(['replay', '--input', BTC_TAPE, '--config', file, '--out', dir, '--quiet']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/invalid engine config at "risk\.breaker\.levels\.alert"/);
  });

  it('refuses an unknown option with a clear message and a non-zero exit', () => {
    const bad = runEngine(['replay', '--inptu', BTC_TAPE]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Unknown option '--inptu'/);
  });
});
