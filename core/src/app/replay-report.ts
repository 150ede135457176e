import type { StoreStats } from '../ports/market-store.ts';
import type { TickSource } from '../marketdata/types.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import { symbolLabeller } from './candles-csv.ts';
import { computeMetrics } from './metrics/compute-metrics.ts';
import type { BacktestMetrics, ClosedTrade as ReportTrade } from './metrics/types.ts';
import type { TradingSession } from './trading-session.ts';
import type { RiskReport } from '../risk/portfolio/risk-stats.ts';
import type { EventLogRecorder } from './event-log.ts';
import type { MarketDataPipeline } from './market-data-pipeline.ts';
import type { WarmUpInput } from './warm-up.ts';

export interface SymbolReport {
  readonly instrument: string;
  readonly ticks: number;
  readonly candles: { readonly '1m': number; readonly '5m': number; readonly '15m': number };
  readonly last: Readonly<Record<string, number | string | null>>;
}

/** report.json: the stable contract later issues extend (field names are snake_case by decision). */
export interface ReplayReport {
  readonly inputs: readonly { path: string; instrument: string; ignored_frames: number }[];
  readonly warmup: Readonly<Record<string, { path: string; candles_1m_used: number }>>;
  readonly ticks_processed: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly symbols: Readonly<Record<string, SymbolReport>>;
  readonly events: {
    readonly logged: number;
    readonly sha256: string;
    readonly by_type: Record<string, number>;
  };
  readonly handler_failures: number;
  readonly store: StoreStats | null;
  readonly elapsed_ms: number;
  readonly ticks_per_second: number;
  readonly funnel: Readonly<Record<string, number>> | null;
  readonly trades: readonly ReportTrade[];
  readonly metrics: BacktestMetrics | null;
  readonly execution: Readonly<Record<string, unknown>> | null;
  readonly risk: RiskReport | null;
}

interface ReportParts {
  readonly inputPaths: readonly string[];
  readonly sources: readonly TickSource[];
  readonly warmUps: readonly WarmUpInput[];
  readonly warmedCandles: ReadonlyMap<string, number>;
  readonly pipeline: MarketDataPipeline;
  readonly recorder: EventLogRecorder;
  readonly elapsedMs: number;
  readonly busFailures: number;
  readonly storeStats: StoreStats | undefined;
  readonly session: TradingSession | undefined;
}

export function buildReport(parts: ReportParts): ReplayReport {
  const { pipeline, recorder } = parts;
  const symbols: Record<string, SymbolReport> = {};
  const label = symbolLabeller(pipeline.symbols().keys());
  for (const [id, analytics] of [...pipeline.symbols().entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // Keyed by symbol; when two venues share one (spot and futures ETHUSDT) the full instrument id is used.
    const counts = analytics.counts();
    symbols[label(id)] = {
      instrument: id,
      ticks: counts.ticks,
      candles: counts.candles,
      last: lastValues(analytics.snapshot()),
    };
  }
  const ticks = pipeline.ticksAccepted;
  const seconds = parts.elapsedMs / 1000;
  return {
    inputs: parts.sources.map((s, i) => ({
      path: parts.inputPaths[i] ?? s.name,
      instrument: s.instrument.id,
      ignored_frames: s.ignored(),
    })),
    warmup: Object.fromEntries(
      parts.warmUps.map((w) => [
        w.instrument.id,
        { path: w.path, candles_1m_used: parts.warmedCandles.get(w.instrument.id) ?? 0 },
      ]),
    ),
    ticks_processed: ticks,
    rejected: pipeline.rejects.snapshot(),
    symbols,
    events: { logged: recorder.logged, sha256: recorder.digest(), by_type: recorder.countsByType() },
    handler_failures: parts.busFailures,
    store: parts.storeStats ?? null,
    elapsed_ms: Math.round(parts.elapsedMs),
    ticks_per_second: seconds > 0 ? Math.round(ticks / seconds) : 0,
    ...tradingSection(parts.session, label),
  };
}

function tradingSection(session: TradingSession | undefined, label: (id: string) => string) {
  if (!session) return { funnel: null, trades: [], metrics: null, execution: null, risk: null };
  const trades = reportTrades(session, label);
  const startingEquity = session.equity.curve()[0]?.equity ?? 0;
  return {
    funnel: { ...session.decisions.funnel() },
    trades,
    metrics: computeMetrics(trades, session.equity.curve(), startingEquity),
    execution: { ...session.execution.counters(), final_equity: session.execution.equity() },
    risk: session.risk.report(),
  };
}

/** Closed trades in the report's snake_case shape, in exit order. */
export function reportTrades(session: TradingSession, label: (id: string) => string): ReportTrade[] {
  return session.closedTrades().map((t) => ({
    symbol: label(t.instrumentId),
    side: t.direction,
    entry_time_ms: t.entryTime,
    entry_price: t.entryPrice,
    exit_time_ms: t.exitTime,
    exit_price: t.exitPrice,
    qty: t.quantity,
    pnl: t.pnl,
    fees: t.fees,
    exit_reason: t.reason,
  }));
}

function lastValues(s: AnalyticsSnapshot): Record<string, number | string | null> {
  return {
    last_price: s.lastPrice,
    imbalance_30s: s.orderFlow.imbalance30s,
    cvd_15m: s.orderFlow.cvd15m,
    poc: s.profile?.poc ?? null,
    value_area_low: s.profile?.valueAreaLow ?? null,
    value_area_high: s.profile?.valueAreaHigh ?? null,
    z_score: s.meanReversion.zScore,
    rsi_14: s.meanReversion.rsi14,
    autocorrelation: s.autocorrelation,
    adx_15m: s.regime.adx,
    atr_15m: s.regime.atr,
    structure_15m: s.regime.structure,
    persistence_15m: s.regime.persistence,
    zones: s.zoneCount,
    open_fvgs: s.openFvgs.length,
  };
}
