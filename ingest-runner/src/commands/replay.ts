import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openTickSource, parseInputFileName, readCandleFile } from '@engine/core/adapters/files/index';
import {
  DEFAULT_RETENTION,
  DuckDbMarketStore,
  DuckDbRiskStore,
  KEEP_EVERYTHING,
} from '@engine/core/adapters/duckdb/index';
import { candlesToCsv, symbolLabeller } from '@engine/core/app/candles-csv';
import { runReplay } from '@engine/core/app/replay';
import type { WarmUpInput } from '@engine/core/app/warm-up';
import type { ReplayReport } from '@engine/core/app/replay-report';
import { equityCsv, tradesCsv } from '@engine/core/app/metrics/csv';
import type { TickSource } from '@engine/core/marketdata/types';
import type { Logger } from '@engine/core/ports/logger';
import { REPO_ROOT } from '../default-data.ts';
import { ProgressBar } from '../progress-bar.ts';
import { parseReplayArgs } from './replay-args.ts';

/** `engine replay`: recorded data through the live pipeline; writes report.json, candles_1m.csv, events.jsonl. */
export async function replayCommand(argv: readonly string[], logger: Logger): Promise<ReplayReport> {
  const args = parseReplayArgs(argv);
  const overrides = { venue: args.venue, symbol: args.symbol, seed: args.seed };
  const sources: TickSource[] = args.inputs.map((path) => openTickSource(path, overrides));
  const warmUps = args.warmups.map((path) => warmUpFor(path, sources));
  mkdirSync(args.outDir, { recursive: true });
  const store = args.store
    ? await DuckDbMarketStore.open({
        rootDir: join(args.outDir, 'duckdb'),
        retention: args.retention === 'design' ? DEFAULT_RETENTION : KEEP_EVERYTHING,
      })
    : undefined;
  const riskStore = store ? new DuckDbRiskStore(store, join(args.outDir, 'duckdb')) : undefined;
  const eventLog = createWriteStream(join(args.outDir, 'events.jsonl'));
  const progress = new ProgressBar(args.quiet || !process.stderr.isTTY, 'replay');
  try {
    const { report, candles1m, equity } = await runReplay({
      sources,
      inputPaths: args.inputs.map(displayPath),
      warmUps,
      config: args.config,
      trading: args.trading,
      records: store,
      riskRecords: riskStore,
      logger,
      store,
      eventLogSink: (line) => eventLog.write(line),
      logTicks: args.logTicks,
      logDecisions: args.logDecisions,
      stopwatch: () => performance.now(),
      onProgress: (n) => progress.update(n),
    });
    progress.done();
    const label = symbolLabeller(sources.map((s) => s.instrument.id));
    writeFileSync(join(args.outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(args.outDir, 'candles_1m.csv'), candlesToCsv(candles1m, label));
    writeFileSync(join(args.outDir, 'trades.csv'), tradesCsv(report.trades));
    writeFileSync(join(args.outDir, 'equity.csv'), equityCsv(equity));
    return report;
  } finally {
    await new Promise<void>((done) => eventLog.end(done));
    await riskStore?.close();
    await store?.close();
  }
}

/**
 * Warm-up candles go to the input of the same venue and symbol; failing that, to the only input with the
 * symbol. Two candidates and no venue match is an error, never a guess.
 */
function warmUpFor(path: string, sources: readonly TickSource[]): WarmUpInput {
  const info = parseInputFileName(path);
  if (!info) throw new Error(`warm-up file ${path}: cannot tell venue and symbol from its name`);
  const sameSymbol = sources.filter((s) => s.instrument.symbol === info.symbol);
  const venueKeyOf = (s: TickSource): string => `${s.instrument.venue}-${s.instrument.marketType}`;
  const sameVenue = sameSymbol.filter(
    (s) => venueKeyOf(s) === info.venueKey || s.instrument.venue === info.venueKey,
  );
  const target = sameVenue.length === 1 ? sameVenue[0] : sameSymbol.length === 1 ? sameSymbol[0] : undefined;
  if (!target) {
    throw new Error(
      `warm-up file ${path} matches ${sameSymbol.length === 0 ? 'no' : 'several'} inputs for ${info.symbol}; name the venue in its file name`,
    );
  }
  const { candles, rejected } = readCandleFile(path);
  if (rejected.length > 0)
    throw new Error(
      `warm-up file ${path}: ${rejected.length} unreadable rows, first at line ${rejected[0]?.line}`,
    );
  return { instrument: target.instrument, path: displayPath(path), candles };
}

function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}
