import { PaperVenue, paperVenueOptions } from '../adapters/paper/paper-venue.ts';
import type { EngineConfig } from '../config/engine-config.ts';
import type { Candle } from '../domain/candle.ts';
import { EventFactory } from '../events/event-factory.ts';
import { BusEmitter, InProcessEventBus } from '../events/event-bus.ts';
import type { EventType } from '../events/events.ts';
import { ManualClock } from '../ports/clock.ts';
import { SequentialIds } from '../ports/ids.ts';
import type { Logger } from '../ports/logger.ts';
import type { MarketDataStore } from '../ports/market-store.ts';
import type { TradingRecordStore } from '../ports/trading-store.ts';
import type { RiskRecordStore } from '../ports/risk-store.ts';
import { mergeSources } from '../marketdata/merge-sources.ts';
import type { TickSource } from '../marketdata/types.ts';
import { EventLogRecorder } from './event-log.ts';
import type { EquityPoint } from './metrics/types.ts';
import { MarketDataPipeline } from './market-data-pipeline.ts';
import { buildReport, type ReplayReport } from './replay-report.ts';
import { TradingSession } from './trading-session.ts';
import { REPLAY_MAINTENANCE, StoreMaintenance, type MaintenancePolicy } from './store-maintenance.ts';
import { warmUpCandles, type WarmUpInput } from './warm-up.ts';

export interface ReplayRequest {
  readonly sources: readonly TickSource[];
  readonly inputPaths: readonly string[];
  readonly warmUps: readonly WarmUpInput[];
  readonly config: EngineConfig;
  /** Paper-trade the decisions (default) or only compute analytics. */
  readonly trading: boolean;
  readonly records: TradingRecordStore | undefined;
  readonly riskRecords?: RiskRecordStore;
  readonly logger: Logger;
  readonly store: MarketDataStore | undefined;
  /** Receives each event-log line (JSON); undefined: hash only. */
  readonly eventLogSink: ((line: string) => void) | undefined;
  /** Whether TradeTickReceived events go into the log (they are the input, so off by default). */
  readonly logTicks: boolean;
  /** Whether every DecisionEvaluated goes into the log (one per analytics update; the store keeps them). */
  readonly logDecisions?: boolean;
  /** When to flush and clean the store, on event time (default: REPLAY_MAINTENANCE). */
  readonly maintenance?: MaintenancePolicy;
  /** Wall-clock milliseconds, used for throughput figures only (never for engine time). */
  readonly stopwatch: () => number;
  readonly onProgress: ((ticksSeen: number) => void) | undefined;
}

export interface ReplayResult {
  readonly report: ReplayReport;
  readonly candles1m: readonly Candle[];
  readonly equity: readonly EquityPoint[];
}

const PROGRESS_EVERY = 16_384;

/** Replays recorded trades through the same pipeline live trading uses, deterministically. */
export async function runReplay(request: ReplayRequest): Promise<ReplayResult> {
  const clock = new ManualClock(0);
  const ids = new SequentialIds();
  const factory = new EventFactory(clock, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const include = (type: EventType): boolean =>
    type === 'TradeTickReceived'
      ? request.logTicks
      : type === 'DecisionEvaluated'
        ? request.logDecisions === true
        : true;
  const recorder = new EventLogRecorder(include, request.eventLogSink);
  bus.subscribeAll('event-log', (event) => recorder.record(event), include);
  const candles1m: Candle[] = [];
  bus.subscribe('CandleCompleted', 'replay-candles', ({ payload }) => {
    if (payload.timeframe === '1m') candles1m.push(payload);
    request.store?.appendCandle(payload);
  });

  const { store } = request;
  if (store) for (const source of request.sources) await store.register(source.instrument);
  const session = request.trading
    ? new TradingSession({
        config: request.config,
        bus,
        emitter,
        ids,
        venue: new PaperVenue(paperVenueOptions(request.config.execution), ids),
        records: request.records,
        riskRecords: request.riskRecords,
      })
    : undefined;
  const pipeline = new MarketDataPipeline({
    config: request.config.analytics,
    emitter,
    clock,
    logger: request.logger,
    store,
    beforeAnalytics: session ? (tick) => session.onTrade(tick) : undefined,
  });
  const maintenance = store
    ? new StoreMaintenance(store, request.maintenance ?? REPLAY_MAINTENANCE, request.logger)
    : undefined;
  const warmed = new Map<string, number>();
  const pendingWarmUps = new Map(request.warmUps.map((w) => [w.instrument.id, w]));

  const started = request.stopwatch();
  let seen = 0;
  for (const item of mergeSources(request.sources)) {
    if (item.kind === 'trade' && pendingWarmUps.has(item.tick.instrumentId)) {
      const warmUp = pendingWarmUps.get(item.tick.instrumentId) as WarmUpInput;
      pendingWarmUps.delete(warmUp.instrument.id);
      const candles = warmUpCandles(warmUp.instrument.id, warmUp.candles, item.tick.ts);
      for (const candle of candles) pipeline.warmUp(warmUp.instrument.id, candle);
      warmed.set(warmUp.instrument.id, candles.filter((c) => c.timeframe === '1m').length);
    }
    pipeline.onItem(item);
    if (++seen % PROGRESS_EVERY === 0) request.onProgress?.(seen);
    if (maintenance && item.kind === 'trade' && maintenance.due(item.tick.ts))
      await maintenance.run(item.tick.ts);
  }
  pipeline.flush(Number.POSITIVE_INFINITY);
  session?.finish();
  if (store) await store.flush();
  const elapsedMs = request.stopwatch() - started;
  request.onProgress?.(seen);

  const report = buildReport({
    inputPaths: request.inputPaths,
    sources: request.sources,
    warmUps: request.warmUps,
    warmedCandles: warmed,
    pipeline,
    recorder,
    elapsedMs,
    busFailures: bus.failures(),
    storeStats: store?.stats(),
    session,
  });
  return { report, candles1m, equity: session?.equity.curve() ?? [] };
}
