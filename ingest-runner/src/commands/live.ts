import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETENTION, DuckDbMarketStore, DuckDbRiskStore } from '@engine/core/adapters/duckdb/index';
import { EmbeddedStateStore } from '@engine/core/adapters/embedded/index';
import { candlesToCsv, symbolLabeller } from '@engine/core/app/candles-csv';
import { binanceVenueFactory, LiveEngine, type LiveEngineOptions } from '@engine/core/app/live/index';
import type { LiveReport } from '@engine/core/app/live/index';
import { tradesCsv } from '@engine/core/app/metrics/csv';
import type { Logger } from '@engine/core/ports/logger';
import { LIVE_USAGE, parseLiveArgs, type LiveArgs } from './live-args.ts';

/** Exit code of a refused command line or missing credentials (as for usage errors). */
export const USAGE_EXIT = 2;

const TESTNET_MARKET_DATA = {
  'binance-spot': { ws: 'wss://stream.testnet.binance.vision', rest: 'https://testnet.binance.vision' },
  'binance-usdm': { ws: 'wss://stream.binancefuture.com', rest: 'https://testnet.binancefuture.com' },
} as const;

export interface LiveCommandIo {
  readonly env: NodeJS.ProcessEnv;
  /** Human lines (startup banner, status, summary); the logger keeps the structured ones. */
  readonly status: (line: string) => void;
  readonly stdout: (line: string) => void;
}

const processIo: LiveCommandIo = {
  env: process.env,
  status: (line) => process.stderr.write(line + '\n'),
  stdout: (line) => process.stdout.write(line + '\n'),
};

/**
 * `engine live`: the full pipeline on live Binance data until --duration or SIGINT/SIGTERM, then a graceful
 * stop that writes the outputs. Paper trading unless --live (which needs credentials: exit 2 without).
 */
export async function liveCommand(
  argv: readonly string[],
  logger: Logger,
  io: LiveCommandIo = processIo,
): Promise<number> {
  if (argv.includes('--help')) {
    io.stdout(LIVE_USAGE);
    return 0;
  }
  const args = parseLiveArgs(argv);
  const apiKey = io.env.BINANCE_API_KEY;
  const secret = io.env.BINANCE_API_SECRET;
  if (args.live && (!apiKey || !secret)) {
    io.status(
      'error: --live places REAL orders and needs BINANCE_API_KEY and BINANCE_API_SECRET in the environment; ' +
        'nothing was started. Drop --live for paper trading on live data.',
    );
    return USAGE_EXIT;
  }
  io.status(
    args.live
      ? `LIVE TRADING: real orders on ${args.venue}${args.sandbox ? ' (testnet)' : ''} for ${args.symbols.join(',')}`
      : `paper trading on live ${args.venue} data for ${args.symbols.join(',')} (no real orders; --live to trade)`,
  );
  const venuePort =
    args.live && apiKey && secret
      ? await binanceVenueFactory({
          venue: args.venue,
          apiKey,
          secret,
          sandbox: args.sandbox,
          symbols: args.symbols,
        })
      : undefined;
  mkdirSync(args.outDir, { recursive: true });
  const store = await DuckDbMarketStore.open({
    rootDir: join(args.outDir, 'duckdb'),
    retention: DEFAULT_RETENTION,
  });
  const riskStore = new DuckDbRiskStore(store, join(args.outDir, 'duckdb'));
  const stateStore = await EmbeddedStateStore.openFile(join(args.outDir, 'state.duckdb'));
  const eventLog = createWriteStream(join(args.outDir, 'events.jsonl'));
  try {
    const engine = new LiveEngine({
      ...engineOptions(args, logger, venuePort),
      store,
      records: store,
      riskRecords: riskStore,
      stateStore,
      eventLogSink: (line) => eventLog.write(line),
    });
    await engine.start(args.symbols);
    const status = startStatus(engine, args, io);
    const reason = await untilStopped(args.durationSec);
    clearInterval(status);
    io.status(`stopping (${reason})…`);
    await engine.stop();
    const report = engine.report();
    writeOutputs(args.outDir, engine, report);
    printSummary(report, args.outDir, io);
    return 0;
  } finally {
    await new Promise<void>((done) => eventLog.end(done));
    await stateStore.close();
    await riskStore.close();
    await store.close();
  }
}

function engineOptions(
  args: LiveArgs,
  logger: Logger,
  venuePort: LiveEngineOptions['venuePort'],
): LiveEngineOptions {
  const testnet = args.sandbox ? TESTNET_MARKET_DATA[args.venue] : undefined;
  return {
    config: args.config,
    venue: args.venue,
    logger,
    wallClock: { now: () => Date.now() },
    trading: args.trading,
    logTicks: args.logTicks,
    feed: {
      baseWsUrl: args.wsUrl ?? testnet?.ws,
      baseRestUrl: args.restUrl ?? testnet?.rest,
      streamKind: args.streamKind,
    },
    venuePort,
  };
}

/** Resolves with why the run ends: the duration elapsed, or a signal arrived. */
function untilStopped(durationSec: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const timer =
      durationSec === undefined ? undefined : setTimeout(() => finish('duration'), durationSec * 1000);
    const onSignal = (signal: NodeJS.Signals): void => finish(signal);
    function finish(reason: string): void {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(reason);
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

function startStatus(engine: LiveEngine, args: LiveArgs, io: LiveCommandIo): ReturnType<typeof setInterval> {
  let lastTicks = 0;
  let lastAt = Date.now();
  const timer = setInterval(
    () => {
      const s = engine.stats();
      const feed = engine.feedStats();
      const now = Date.now();
      const rate = Math.round(((s.ticks - lastTicks) * 1000) / Math.max(1, now - lastAt));
      lastTicks = s.ticks;
      lastAt = now;
      io.status(
        `[live] ticks ${s.ticks} (${rate}/s) lag ${s.feedLagMs ?? '-'} ms connections ${feed.connected}/${feed.connections}` +
          ` reconnects ${s.reconnects} gaps ${feed.gaps} positions ${s.openPositions} orders ${s.orders}` +
          ` ${engine.ready() ? 'trading' : 'NOT TRADING (not reconciled)'}`,
      );
    },
    Math.max(1, args.statusEverySec) * 1000,
  );
  if (args.statusEverySec === 0) clearInterval(timer);
  return timer;
}

function writeOutputs(outDir: string, engine: LiveEngine, report: LiveReport): void {
  const label = symbolLabeller(Object.values(report.symbols).map((s) => s.instrument));
  writeFileSync(join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(outDir, 'candles_1m.csv'), candlesToCsv(engine.candles1m(), label));
  writeFileSync(join(outDir, 'trades.csv'), tradesCsv(report.trades));
}

function printSummary(report: LiveReport, outDir: string, io: LiveCommandIo): void {
  const seconds = Math.round(report.elapsed_ms / 1000);
  io.stdout(`\n${report.mode} run on ${report.venue}: ${report.ticks_processed} ticks in ${seconds} s`);
  for (const [symbol, s] of Object.entries(report.symbols)) {
    const warm = report.warmup[s.instrument];
    io.stdout(
      `  ${symbol}: ${s.ticks} ticks, candles 1m ${s.candles['1m']} / 5m ${s.candles['5m']} / 15m ${s.candles['15m']}, ` +
        `warm-up ${warm ? (warm.ok ? `${warm.candles_1m_used} candles` : `failed (${warm.error})`) : 'none'}, last ${s.last.last_price}`,
    );
  }
  const f = report.feed;
  io.stdout(
    `feed: ${f.connections} connections, ${f.reconnects} reconnects, ${f.gaps} gaps, ${f.backfilled} backfilled, ${f.duplicates} duplicates`,
  );
  if (report.funnel) {
    io.stdout(
      `funnel: ${report.funnel.evaluations} evaluations → ${report.funnel.signals} signals, ${report.trades.length} closed trades`,
    );
  }
  io.stdout(`wrote ${outDir}/report.json, candles_1m.csv, trades.csv, events.jsonl, duckdb/, state.duckdb`);
}
