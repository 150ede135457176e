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
}

const STEP_MS = 100;

interface SymbolRun {
  readonly session: TradingSession;
  readonly items: Iterator<ReaderItem>;
  readonly timer: NodeJS.Timeout;
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
    const ids = new SequentialIds(symbol);
    const factory = new EventFactory(clock, ids);
    const bus = new InProcessEventBus(factory);
    const emitter = new BusEmitter(bus, factory);
    bus.subscribe('DecisionEvaluated', 'runner-metrics', () => void this.counts.decisions++);
    bus.subscribe('OrderPlaced', 'runner-metrics', () => void this.counts.orders++);
    bus.subscribe('SystemErrorRaised', 'runner-metrics', () => void this.counts.errors++);
    bus.subscribe('MarketDataRejected', 'runner-metrics', () => void this.counts.rejects++);
    bus.subscribe('CandleCompleted', 'runner-store', ({ payload }) => this.store?.appendCandle(payload));
    const session = new TradingSession({
      config,
      bus,
      emitter,
      ids,
      venue: new PaperVenue(paperVenueOptions(config.execution), ids),
      records: this.store,
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
    this.runs.set(symbol, { session, items, timer, done: false });
    this.options.logger.log('info', 'paper replay started', { symbol, tape: path });
  }

  removeSymbol(symbol: string): void {
    const run = this.runs.get(symbol);
    if (!run) return;
    clearInterval(run.timer);
    this.runs.delete(symbol);
  }

  async flush(): Promise<void> {
    await this.store?.flush();
  }

  async stop(): Promise<void> {
    for (const symbol of [...this.runs.keys()]) this.removeSymbol(symbol);
    await this.store?.close();
    this.store = undefined;
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
    const match = readdirSync(tapeDir)
      .filter((name) => {
        const info = parseInputFileName(name);
        return info?.kind === 'trades' && info.venueKey === venue && info.symbol === symbol;
      })
      .sort()
      .at(-1);
    if (match === undefined) throw new Error(`no ${venue} trade tape for ${symbol} in ${tapeDir}`);
    return join(tapeDir, match);
  }
}
