import type { BinanceFeedStats } from '../../adapters/binance/feed/index.ts';
import type { StoreStats } from '../../ports/market-store.ts';
import type { EventLogRecorder } from '../event-log.ts';
import type { MarketDataPipeline } from '../market-data-pipeline.ts';
import type { ReconciliationOutcome } from '../reconciliation/reconciler.ts';
import { buildReport, type ReplayReport } from '../replay-report.ts';
import type { TradingSession } from '../trading-session.ts';
import type { WarmUpOutcome } from './live-symbols.ts';

/** Feed health over the run (report.json `feed`). */
export interface FeedReport {
  readonly connections: number;
  readonly connected: number;
  readonly reconnects: number;
  readonly disconnects: number;
  readonly gaps: number;
  readonly backfilled: number;
  readonly unrecovered: number;
  readonly duplicates: number;
  readonly reordered: number;
  readonly frames: number;
  readonly frame_issues: Readonly<Record<string, number>>;
  readonly rest_requests: number;
}

/** report.json of `engine live`: the replay report's fields (no input files) plus live-only sections. */
export type LiveReport = Omit<ReplayReport, 'inputs' | 'warmup'> & {
  readonly mode: 'paper' | 'live';
  readonly venue: string;
  readonly started_at_ms: number;
  readonly stopped_at_ms: number;
  /** Trading was enabled (reconciliation succeeded, or no state store). */
  readonly ready: boolean;
  readonly warmup: Readonly<Record<string, WarmUpOutcome>>;
  readonly feed: FeedReport;
  readonly dropped_ticks: number;
  readonly reconciliation: {
    readonly status: string;
    readonly error: string | null;
    readonly discrepancies: number;
    readonly restored_positions: number;
  } | null;
};

export interface LiveReportParts {
  readonly mode: 'paper' | 'live';
  readonly venue: string;
  readonly startedAtMs: number;
  readonly nowMs: number;
  readonly ready: boolean;
  readonly pipeline: MarketDataPipeline;
  readonly recorder: EventLogRecorder;
  readonly busFailures: number;
  readonly storeStats: StoreStats | undefined;
  readonly session: TradingSession | undefined;
  readonly warmUps: Readonly<Record<string, WarmUpOutcome>>;
  readonly feed: BinanceFeedStats;
  readonly droppedTicks: number;
  readonly reconciliation: ReconciliationOutcome | undefined;
  readonly restoredPositions: number;
}

export function buildLiveReport(parts: LiveReportParts): LiveReport {
  const {
    inputs: _inputs,
    warmup: _warmup,
    ...base
  } = buildReport({
    inputPaths: [],
    sources: [],
    warmUps: [],
    warmedCandles: new Map(),
    pipeline: parts.pipeline,
    recorder: parts.recorder,
    elapsedMs: parts.nowMs - parts.startedAtMs,
    busFailures: parts.busFailures,
    storeStats: parts.storeStats,
    session: parts.session,
  });
  const recon = parts.reconciliation;
  return {
    mode: parts.mode,
    venue: parts.venue,
    started_at_ms: parts.startedAtMs,
    stopped_at_ms: parts.nowMs,
    ready: parts.ready,
    ...base,
    warmup: parts.warmUps,
    feed: feedReport(parts.feed),
    dropped_ticks: parts.droppedTicks,
    reconciliation: recon
      ? {
          status: recon.status,
          error: recon.error,
          discrepancies: recon.resolutions.length,
          restored_positions: parts.restoredPositions,
        }
      : null,
  };
}

export function feedReport(s: BinanceFeedStats): FeedReport {
  return {
    connections: s.connections,
    connected: s.connected,
    reconnects: s.streams.reconnects,
    disconnects: s.streams.disconnects,
    gaps: s.gaps,
    backfilled: s.backfilledTrades,
    unrecovered: s.unrecoveredTrades,
    duplicates: s.duplicates,
    reordered: s.reordered,
    frames: s.streams.frames,
    frame_issues: { ...s.frameIssues },
    rest_requests: s.restRequests,
  };
}
