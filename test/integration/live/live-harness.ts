import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Candle } from '../../../core/src/domain/candle.ts';
import { candlesToCsv } from '../../../core/src/app/candles-csv.ts';
import {
  captureTick,
  loadCaptureTrades,
  oneMinuteCandles,
  relabel,
  SPOT_BTC_CAPTURE,
  type CaptureTrade,
  type KlineRow,
} from '../../support/fake-binance/market-capture.ts';
import { FakeBinanceMarketServer } from '../../support/fake-binance/market-server.ts';
import { REPO } from '../../support/tape.ts';
import { waitFor as pollUntil } from '../../support/wait.ts';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
export const TRADES: readonly CaptureTrade[] = loadCaptureTrades(SPOT_BTC_CAPTURE, 3000);
export const WARM_UP_MINUTES = 120;

/** `minutes` synthetic 1m klines ending at the minute of the tape's first trade (Binance REST shape). */
export function klinesBefore(trades: readonly CaptureTrade[], minutes: number): KlineRow[] {
  const first = (trades[0] as CaptureTrade).time;
  const end = first - (first % 60_000);
  const price = Number((trades[0] as CaptureTrade).price);
  const rows: KlineRow[] = [];
  for (let i = minutes; i > 0; i--) {
    const open = end - i * 60_000;
    const drift = Math.sin(i / 7) * 20;
    const o = (price + drift).toFixed(2);
    const c = (price + drift + 3).toFixed(2);
    const h = (price + drift + 8).toFixed(2);
    const l = (price + drift - 6).toFixed(2);
    rows.push([open, o, h, l, c, '12.5', open + 59_999, '0', 40, '7.5', '0', '0']);
  }
  return rows;
}

/** The fake market with the same tape under both symbols, and warm-up klines for each. */
export function startMarket(speed = 100): Promise<FakeBinanceMarketServer> {
  const klines = klinesBefore(TRADES, WARM_UP_MINUTES);
  return FakeBinanceMarketServer.start({
    venue: 'spot',
    tapes: relabel(TRADES, [...SYMBOLS]),
    klines: new Map(SYMBOLS.map((s) => [s, klines])),
    speed,
  });
}

export function waitFor(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  return pollUntil(condition, timeoutMs, what, 10);
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns the engine CLI (the entry point `npm run engine` runs) without blocking this process, where the
 * fake market lives. Node runs it with the tsx loader directly, so a signal reaches the engine itself
 * rather than a wrapper process that relays it.
 */
export function spawnEngine(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { readonly done: Promise<CliRun>; kill(signal: NodeJS.Signals): void } {
  const base = { ...process.env };
  delete base.BINANCE_API_KEY;
  delete base.BINANCE_API_SECRET;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'ingest-runner/src/cli.ts'), ...args],
    {
      cwd: REPO,
      env: { ...base, METADATA_SERVER_DETECTION: 'none', ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
  return { done, kill: (signal) => child.kill(signal) };
}

/** A clean replay's 1m candles of the released trades, as CSV lines per symbol (last one may be open). */
export function cleanCandleLines(symbol: string, released: readonly CaptureTrade[]): string[] {
  const id = `binance-spot:${symbol}`;
  const candles = oneMinuteCandles(released.map((t) => captureTick(id, t)));
  return csvLines(candles);
}

export function csvLines(candles: readonly Candle[]): string[] {
  return candlesToCsv(candles, (id) => id.split(':')[1] ?? id)
    .trim()
    .split('\n')
    .slice(1);
}

/**
 * Live candles equal the clean replay's, bar for bar; only the last bar may be missing (a live stop never
 * closes a bar the venue has not finished).
 */
export function expectSameCandles(live: readonly string[], clean: readonly string[]): void {
  expect(clean.length).toBeGreaterThan(1);
  expect(live.length === clean.length || live.length === clean.length - 1).toBe(true);
  expect(live).toEqual(clean.slice(0, live.length));
}
