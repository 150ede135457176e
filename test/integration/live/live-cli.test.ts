import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveReport } from '../../../core/src/app/live/index.ts';
import type { FakeBinanceMarketServer } from '../../support/fake-binance/market-server.ts';
import { tempDir } from '../../support/run-cli.ts';
import {
  cleanCandleLines,
  expectSameCandles,
  spawnEngine,
  startMarket,
  SYMBOLS,
  TRADES,
  waitFor,
  WARM_UP_MINUTES,
} from './live-harness.ts';

describe('engine live (paper trading on a fake Binance market)', () => {
  let server: FakeBinanceMarketServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('runs two symbols for the given duration and writes the report, candles and event log', async () => {
    const market = await startMarket();
    server = market;
    const out = tempDir('engine-live');
    const run = spawnEngine([
      'live',
      '--venue',
      'binance-spot',
      '--symbols',
      SYMBOLS.join(','),
      '--venue-url',
      market.wsUrl,
      '--duration',
      '6',
      '--status-every',
      '1',
      '--out',
      out,
    ]);
    await waitFor(() => market.openConnections > 0, 20_000, 'the CLI to connect');
    market.play();
    await market.finished;
    const result = await run.done;
    expect(result.stderr).toContain('paper trading on live binance-spot data');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/\[live\] ticks \d+ \(\d+\/s\) lag/);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as LiveReport;
    expect(report.mode).toBe('paper');
    expect(report.ticks_processed).toBe(TRADES.length * SYMBOLS.length);
    const csv = readFileSync(join(out, 'candles_1m.csv'), 'utf8').trim().split('\n').slice(1);
    for (const symbol of SYMBOLS) {
      expect(report.symbols[symbol]?.ticks).toBe(market.releasedCount(symbol));
      expect(market.releasedCount(symbol)).toBe(TRADES.length);
      const warm = report.warmup[`binance-spot:${symbol}`];
      expect(warm).toMatchObject({ ok: true, candles_1m_used: WARM_UP_MINUTES, until_ms: TRADES[0]?.time });
      const live = csv.filter((line) => line.startsWith(`${symbol},`));
      expectSameCandles(live, cleanCandleLines(symbol, market.released(symbol)));
    }
    expect(market.restStats.paths.filter((p) => p === '/api/v3/klines').length).toBeGreaterThanOrEqual(2);
    expect(report.feed).toMatchObject({ connections: 1, reconnects: 0, gaps: 0, duplicates: 0 });
    expect(report.funnel).not.toBeNull();
    expect(report.reconciliation).toMatchObject({ status: 'clean', error: null });
    expect(report.ready).toBe(true);

    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n');
    const lifecycle = events
      .map((l) => JSON.parse(l) as { type: string; payload: { state?: string } })
      .filter((e) => e.type === 'EngineLifecycleChanged')
      .map((e) => e.payload.state);
    expect(lifecycle).toEqual(['starting', 'reconciling', 'ready', 'draining', 'stopped']);
    for (const file of ['trades.csv', 'duckdb', 'state.duckdb'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(result.stdout).toContain(`BTCUSDT: ${TRADES.length} ticks`);
  }, 40_000);

  it('stops gracefully on SIGTERM and still writes its outputs', async () => {
    const market = await startMarket();
    server = market;
    const out = tempDir('engine-live-sigterm');
    const run = spawnEngine([
      'live',
      '--venue',
      'binance-spot',
      '--symbols',
      'BTCUSDT',
      '--venue-url',
      market.wsUrl,
      '--out',
      out,
    ]);
    await waitFor(() => market.openConnections > 0, 20_000, 'the CLI to connect');
    market.play();
    await market.finished;
    await new Promise((r) => setTimeout(r, 500));
    run.kill('SIGTERM');
    const result = await run.done;
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('stopping (SIGTERM)');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as LiveReport;
    expect(report.symbols.BTCUSDT?.ticks).toBe(TRADES.length);
  }, 40_000);

  it('refuses --live without Binance credentials: exit 2, nothing started', async () => {
    const out = join(tempDir('engine-live-refused'), 'out');
    const result = await spawnEngine([
      'live',
      '--venue',
      'binance-spot',
      '--symbols',
      'BTCUSDT',
      '--venue-url',
      'ws://127.0.0.1:9',
      '--live',
      '--out',
      out,
    ]).done;
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('BINANCE_API_KEY and BINANCE_API_SECRET');
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('refuses a run without a venue', async () => {
    const result = await spawnEngine(['live', '--symbols', 'BTCUSDT']).done;
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--venue must be binance-spot or binance-usdm');
  }, 30_000);
});
