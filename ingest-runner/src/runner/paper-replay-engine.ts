import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETENTION, DuckDbMarketStore } from '@engine/core/adapters/duckdb/index';
import { openTickSource, parseInputFileName } from '@engine/core/adapters/files/index';
import { PaperVenue, paperVenueOptions } from '@engine/core/adapters/paper/paper-venue';
import { MarketDataPipeline } from '@engine/core/app/market-data-pipeline';
import { TradingSession } from '@engine/core/app/trading-session';
import type { EngineConfig } from '@engine/core/config/engine-config';
import { EventFactory } from '@engine/core/events/event-factory';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import type { ReaderItem } from '@engine/core/marketdata/types';
import type { Order } from '@engine/core/domain/trading';
import type { VenuePort, VenuePosition } from '@engine/core/ports/venue';
import { ManualClock } from '@engine/core/ports/clock';
import { SequentialIds } from '@engine/core/ports/ids';
import type { Logger } from '@engine/core/ports/logger';
import type { EngineHandle, EngineStats, TickObserver } from './engine-handle.ts';

export interface PaperReplayOptions {
  readonly venue: string;
  readonly tapeDir: string;
  /** DuckDB root for ticks, candles and trading records; undefined keeps nothing on disk. */
  readonly dataDir: string | undefined;
  readonly ticksPerSecond: number;
  readonly config: EngineConfig;
  readonly logger: Logger;
  readonly onTick?: TickObserver;
  readonly wallClock?: () => number;
  /** Hooks durable state and event forwarding onto each symbol's bus (runner wiring.ts). */
  readonly attach?: SymbolAttach;
  /**
   * Prefix of every id (events, orders, positions): a run's ids must not repeat an earlier run's, or
   * consumers that deduplicate by event id would drop the new run's events. Default: the symbol alone.
   */
  readonly idNamespace?: string;
}

/** One symbol's engine, as the wiring sees it when the symbol starts. */
export interface SymbolWiringContext {
  readonly symbol: string;
  readonly instrumentId: string;
  readonly bus: InProcessEventBus;
  readonly emitter: BusEmitter;
  readonly factory: EventFactory;
  readonly session: TradingSession;
}

/** Called when a symbol starts; `detach` when it stops (queued writes may still be flushed later). */
export type SymbolAttach = (context: SymbolWiringContext) => { detach(): void };

/** What reconciliation reads from the paper venues (a union over the running symbols). */
export type ReconcileVenue = Pick<VenuePort, 'positions' | 'openOrders' | 'cancel'>;

const STEP_MS = 100;

interface SymbolRun {
  readonly session: TradingSession;
  readonly items: Iterator<ReaderItem>;
  readonly timer: NodeJS.Timeout;
  readonly venue: PaperVenue;
  readonly detach: () => void;
  done: boolean;
}

/**
 * Paper trading on a recorded tape per owned symbol, paced in wall time: each symbol gets its own bus,
 * pipeline, trading session and paper venue, the same code the replay uses, so the runner is runnable
 * end to end before the live feed exists. A tape that ends leaves the symbol idle, books closed.
 */
export class PaperReplayEngineHandle implements EngineHandle {
  private readonly runs = new Map<string, SymbolRun>();
  private store: DuckDbMarketStore | undefined;
  private counts = { ticks: 0, decisions: 0, orders: 0, errors: 0, rejects: 0 };

  constructor(private readonly options: PaperReplayOptions) {}

  /** Checks every configured symbol has a tape (fail at start, not on a lease), then opens the store. */
  async start(symbols: readonly string[]): Promise<void> {
    for (const symbol of symbols) this.tapeFor(symbol);
    if (this.options.dataDir !== undefined) {
      this.store = await DuckDbMarketStore.open({
        rootDir: this.options.dataDir,
        retention: DEFAULT_RETENTION,
      });
    }
  }

  async addSymbol(symbol: string): Promise<void> {
    if (this.runs.has(symbol)) return;
    const path = this.tapeFor(symbol);
    const source = openTickSource(path);
    await this.store?.register(source.instrument);
    const { config } = this.options;
    const clock = new ManualClock(0);
    const ids = new SequentialIds(
      this.options.idNamespace === undefined ? symbol : `${this.options.idNamespace}-${symbol}`,
    );
    const factory = new EventFactory(clock, ids);
    const bus = new InProcessEventBus(factory);
    const emitter = new BusEmitter(bus, factory);
    bus.subscribe('DecisionEvaluated', 'runner-metrics', () => void this.counts.decisions++);
    bus.subscribe('OrderPlaced', 'runner-metrics', () => void this.counts.orders++);
    bus.subscribe('SystemErrorRaised', 'runner-metrics', () => void this.counts.errors++);
    bus.subscribe('MarketDataRejected', 'runner-metrics', () => void this.counts.rejects++);
    bus.subscribe('CandleCompleted', 'runner-store', ({ payload }) => this.store?.appendCandle(payload));
    const venue = new PaperVenue(paperVenueOptions(config.execution), ids);
    const session = new TradingSession({ config, bus, emitter, ids, venue, records: this.store });
    const attached = this.options.attach?.({
      symbol,
      instrumentId: source.instrument.id,
      bus,
      emitter,
      factory,
      session,
    });
    const pipeline = new MarketDataPipeline({
      config: config.analytics,
      emitter,
      clock,
      logger: this.options.logger,
      store: this.store,
      beforeAnalytics: (tick) => session.onTrade(tick),
    });
    const perStep = Math.max(1, Math.ceil((this.options.ticksPerSecond * STEP_MS) / 1000));
    const items = source.items()[Symbol.iterator]();
    const timer = setInterval(() => this.step(symbol, pipeline, perStep), STEP_MS);
    const detach = () => attached?.detach();
    this.runs.set(symbol, { session, items, timer, venue, detach, done: false });
    this.options.logger.log('info', 'paper replay started', { symbol, tape: path });
  }

  removeSymbol(symbol: string): void {
    const run = this.runs.get(symbol);
    if (!run) return;
    clearInterval(run.timer);
    this.runs.delete(symbol);
    run.detach();
  }

  async flush(): Promise<void> {
    await this.store?.flush();
  }

  async stop(): Promise<void> {
    for (const symbol of [...this.runs.keys()]) this.removeSymbol(symbol);
    await this.store?.close();
    this.store = undefined;
  }

  /**
   * The paper venues of the running symbols as one venue. Paper venues live in memory, so at startup
   * (before any symbol runs) it holds nothing: stored positions of an earlier run are then reconciled as
   * closed, which is the truth for a paper account that did not survive the restart.
   */
  reconcileVenue(): ReconcileVenue {
    const venues = () => [...this.runs.values()].map((run) => run.venue);
    return {
      positions: async (): Promise<readonly VenuePosition[]> =>
        (await Promise.all(venues().map((v) => v.positions()))).flat(),
      openOrders: async (): Promise<readonly Order[]> =>
        (await Promise.all(venues().map((v) => v.openOrders()))).flat(),
      cancel: (orderId, ts) => venues().some((v) => v.cancel(orderId, ts)),
    };
  }

  stats(): EngineStats {
    let openPositions = 0;
    for (const run of this.runs.values()) openPositions += run.session.execution.positions().length;
    return {
      venue: this.options.venue,
      symbols: [...this.runs.keys()].sort(),
      ticks: this.counts.ticks,
      decisions: this.counts.decisions,
      orders: this.counts.orders,
      openPositions,
      reconnects: 0,
      errors: { engine: this.counts.errors, market_data: this.counts.rejects },
      feedLagMs: null,
    };
  }

  private step(symbol: string, pipeline: MarketDataPipeline, perStep: number): void {
    const run = this.runs.get(symbol);
    if (!run || run.done) return;
    for (let i = 0; i < perStep; i++) {
      const next = run.items.next();
      if (next.done === true) {
        run.done = true;
        pipeline.flush(Number.POSITIVE_INFINITY);
        run.session.finish();
        this.options.logger.log('info', 'tape finished', { symbol });
        return;
      }
      pipeline.onItem(next.value);
      if (next.value.kind === 'trade') this.counts.ticks++;
    }
    this.options.onTick?.(symbol, (this.options.wallClock ?? Date.now)());
  }

  private tapeFor(symbol: string): string {
    const { tapeDir, venue } = this.options;
    const candidates = readdirSync(tapeDir).flatMap((name) => {
      const info = parseInputFileName(name);
      const replayable = info?.kind === 'trades' || info?.kind === 'candles';
      return replayable && info.venueKey === venue && info.symbol === symbol
        ? [{ name, rank: info.kind === 'trades' ? 1 : 0 }]
        : [];
    });
    // A trade tape beats a candle file (whose ticks are modelled); among equals the latest name wins.
    const match = candidates.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name)).at(-1);
    if (match === undefined) {
      throw new Error(`no ${venue} trade tape or candle file for ${symbol} in ${tapeDir}`);
    }
    return join(tapeDir, match.name);
  }
}
