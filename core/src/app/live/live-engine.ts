import { createBinanceFeed, feedEventsTo, type BinanceFeed } from '../../adapters/binance/feed/index.ts';
import { PaperVenue, paperVenueOptions } from '../../adapters/paper/paper-venue.ts';
import type { Candle } from '../../domain/candle.ts';
import { makeInstrument, type MarketType } from '../../domain/instrument.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import { BusEmitter, InProcessEventBus } from '../../events/event-bus.ts';
import { EventFactory } from '../../events/event-factory.ts';
import type { EventType, PayloadOf } from '../../events/events.ts';
import { ManualClock, type Clock } from '../../ports/clock.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import { EventForwarder } from '../event-forwarder.ts';
import { EventLogRecorder } from '../event-log.ts';
import { MarketDataPipeline } from '../market-data-pipeline.ts';
import { LIVE_MAINTENANCE, StoreMaintenance } from '../store-maintenance.ts';
import type { LiveEngineOptions, LiveEngineStats, VenuePortDeps } from './live-options.ts';
import { buildLiveReport, feedReport, type FeedReport, type LiveReport } from './live-report.ts';
import { LiveSymbols } from './live-symbols.ts';
import { LiveTrading } from './live-trading.ts';
import { RunScopedIds } from './run-ids.ts';

/**
 * The whole pipeline on a live Binance feed: trades → validation → store → analytics → decisions →
 * execution, exactly the replay wiring. Engine time is the trades' event time (a ManualClock the pipeline
 * stamps); envelopes carry wall-clock local time. Satisfies the runner's EngineHandle.
 */
export class LiveEngine {
  private readonly wallClock: Clock;
  private readonly ids: IdGenerator;
  private readonly bus: InProcessEventBus;
  private readonly emitter: BusEmitter;
  private readonly factory: EventFactory;
  private readonly recorder: EventLogRecorder;
  private readonly pipeline: MarketDataPipeline;
  private readonly feed: BinanceFeed;
  private readonly symbolSet: LiveSymbols;
  private readonly trading: LiveTrading | undefined;
  private readonly forwarder: EventForwarder | undefined;
  private readonly maintenance: StoreMaintenance | undefined;
  private readonly candles: Candle[] = [];
  private readonly marketType: MarketType;
  private readonly instanceId: string;
  private maintaining: Promise<void> | undefined;
  private maintenanceFailures = 0;
  private lastTickTs: number | undefined;
  private lastTickWall = 0;
  private startedAt = 0;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  /** Set once start() connected the feed: readiness reached later (a reconciliation retry) is announced. */
  private connected = false;

  constructor(private readonly options: LiveEngineOptions) {
    this.wallClock = options.wallClock;
    const runIds = new RunScopedIds(this.wallClock.now());
    this.instanceId = `live-${runIds.run}`;
    this.ids = options.ids ?? runIds;
    this.marketType = options.venue === 'binance-spot' ? 'spot' : 'usdm';
    this.factory = new EventFactory(this.wallClock, this.ids);
    this.bus = new InProcessEventBus(this.factory);
    this.emitter = new BusEmitter(this.bus, this.factory);
    const include = (type: EventType): boolean =>
      type === 'TradeTickReceived'
        ? options.logTicks === true
        : type === 'DecisionEvaluated'
          ? options.logDecisions === true
          : true;
    this.recorder = new EventLogRecorder(include, options.eventLogSink);
    this.bus.subscribeAll('event-log', (event) => this.recorder.record(event), include);
    this.bus.subscribe('CandleCompleted', 'live-candles', ({ payload }) => {
      if (payload.timeframe === '1m') this.candles.push(payload);
      options.store?.appendCandle(payload);
    });
    this.trading = options.trading === false ? undefined : this.createTrading();
    this.pipeline = new MarketDataPipeline({
      config: options.config.analytics,
      emitter: this.emitter,
      clock: new ManualClock(0),
      logger: options.logger,
      store: options.store,
      beforeAnalytics: (tick) => this.trading?.onTrade(tick),
    });
    this.maintenance = options.store
      ? new StoreMaintenance(options.store, options.maintenance ?? LIVE_MAINTENANCE, options.logger)
      : undefined;
    this.feed = createBinanceFeed({
      ...options.feed,
      venue: options.venue,
      symbols: [],
      clock: this.wallClock,
      logger: options.logger,
      onTick: (tick) => this.symbolSet.onTick(tick),
      onEvent: feedEventsTo(this.emitter),
    });
    this.symbolSet = new LiveSymbols({
      instrumentIdOf: (symbol) => this.instrumentIdOf(symbol),
      fetchWarmUp: (symbol, untilMs) =>
        this.feed.fetchWarmUpCandles(symbol, untilMs, options.warmUpMinutes ?? 1440),
      warmUp: (instrumentId, candle) => this.pipeline.warmUp(instrumentId, candle),
      process: (tick) => this.process(tick),
      logger: options.logger,
    });
    this.forwarder = options.transport
      ? new EventForwarder({
          bus: this.bus,
          transport: options.transport,
          factory: this.factory,
          logger: options.logger,
        })
      : undefined;
  }

  /** Opens the symbols' stores, reconciles and restores (with a state store), then connects the feed. */
  async start(symbols: readonly string[]): Promise<void> {
    if (this.state !== 'idle') throw new Error(`live engine already ${this.state}`);
    this.state = 'running';
    this.startedAt = this.wallClock.now();
    this.lifecycle('starting', `${this.options.venue} ${symbols.join(',')}`);
    const wanted = symbols.map((s) => s.toUpperCase());
    if (this.options.store) {
      for (const symbol of wanted) await this.options.store.register(this.instrumentOf(symbol));
    }
    this.forwarder?.start();
    if (this.trading) {
      this.lifecycle('reconciling', this.options.stateStore ? 'venue against state store' : 'paper');
      await this.trading.start();
    }
    for (const symbol of wanted) this.symbolSet.add(symbol, true);
    this.feed.subscribe(wanted);
    this.feed.start();
    this.connected = true;
    if (this.ready()) this.lifecycle('ready', 'trading');
    else this.lifecycle('warming_up', 'collecting data; trading blocked until reconciliation succeeds');
  }

  async addSymbol(symbol: string): Promise<void> {
    const upper = symbol.toUpperCase();
    if (this.symbolSet.list().includes(upper)) return;
    await this.options.store?.register(this.instrumentOf(upper));
    const known = this.pipeline.symbols().has(this.instrumentIdOf(upper));
    this.symbolSet.add(upper, !known);
    this.feed.subscribe([upper]);
  }

  /** Synchronous: no trade of the symbol is processed after this returns. */
  removeSymbol(symbol: string): void {
    const upper = symbol.toUpperCase();
    this.symbolSet.remove(upper);
    this.feed.unsubscribe([upper]);
  }

  /** Writes what is buffered: market store, state store, event transport. */
  async flush(): Promise<void> {
    await this.maintaining;
    await this.options.store?.flush();
    await this.trading?.flush();
    await this.forwarder?.flush();
  }

  /**
   * Disconnects, closes the bars that ended by the venue's estimated now (an unfinished bar is not a
   * candle), and flushes. Stores stay open: whoever opened them closes them.
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopped';
    this.lifecycle('draining', 'stop requested');
    this.feed.stop();
    await this.symbolSet.settled();
    const venueNow = this.venueNow();
    if (venueNow !== undefined) this.pipeline.flush(venueNow);
    await this.trading?.stop();
    await this.flush();
    this.forwarder?.stop();
    this.lifecycle('stopped', `${this.pipeline.ticksAccepted} ticks`);
  }

  ready(): boolean {
    return this.state === 'running' && (this.trading === undefined || this.trading.ready());
  }

  stats(): LiveEngineStats {
    const session = this.trading?.session;
    const feed = this.feed.stats();
    return {
      venue: this.options.venue,
      symbols: this.symbolSet.list(),
      ticks: this.pipeline.ticksAccepted,
      decisions: session?.decisions.funnel().evaluations ?? 0,
      orders: session?.execution.counters().ordersPlaced ?? 0,
      openPositions: session?.execution.positions().length ?? 0,
      reconnects: feed.streams.reconnects,
      errors: this.errors(),
      feedLagMs: this.lastTickTs === undefined ? null : this.wallClock.now() - this.lastTickTs,
    };
  }

  report(): LiveReport {
    return buildLiveReport({
      mode: this.options.venuePort ? 'live' : 'paper',
      venue: this.options.venue,
      startedAtMs: this.startedAt,
      nowMs: this.wallClock.now(),
      // Whether trading was enabled (reconciled), also after stop().
      ready: this.trading === undefined || this.trading.ready(),
      pipeline: this.pipeline,
      recorder: this.recorder,
      busFailures: this.bus.failures(),
      storeStats: this.options.store?.stats(),
      session: this.trading?.session,
      warmUps: this.symbolSet.warmUps(),
      feed: this.feed.stats(),
      droppedTicks: this.symbolSet.droppedTicks(),
      reconciliation: this.trading?.reconciliation(),
      restoredPositions: this.trading?.restored() ?? 0,
    });
  }

  /** Feed health now (cheaper than a full report, for status lines). */
  feedStats(): FeedReport {
    return feedReport(this.feed.stats());
  }

  /** Closed 1m candles so far, in close order. */
  candles1m(): readonly Candle[] {
    return this.candles;
  }

  /** The trading session once trading started (undefined while blocked or analytics-only). */
  session() {
    return this.trading?.session;
  }

  private process(tick: TradeTick): void {
    this.lastTickTs = tick.ts;
    this.lastTickWall = this.wallClock.now();
    this.pipeline.onTrade(tick);
    const maintenance = this.maintenance;
    if (maintenance && this.maintaining === undefined && maintenance.due(tick.ts)) {
      this.maintaining = maintenance
        .run(tick.ts)
        .catch((error: unknown) => {
          this.maintenanceFailures++;
          this.options.logger.log('error', 'store maintenance failed', { error: String(error) });
        })
        .finally(() => {
          this.maintaining = undefined;
        });
    }
  }

  /** Venue time now: the latest trade's event time plus the wall time since it arrived. */
  private venueNow(): number | undefined {
    if (this.lastTickTs === undefined) return undefined;
    return this.lastTickTs + Math.max(0, this.wallClock.now() - this.lastTickWall);
  }

  private errors(): Record<string, number> {
    const out: Record<string, number> = { ...this.pipeline.rejects.snapshot() };
    const add = (key: string, n: number): void => {
      if (n > 0) out[key] = n;
    };
    add('handler_failures', this.bus.failures());
    add('warm_up_failures', this.symbolSet.warmUpFailures());
    add('store_maintenance_failures', this.maintenanceFailures);
    add('forward_failures', this.forwarder?.stats().failed ?? 0);
    return out;
  }

  private createTrading(): LiveTrading {
    const o = this.options;
    const deps: VenuePortDeps = {
      ids: this.ids,
      clock: this.wallClock,
      logger: o.logger,
      publish: (event) => this.bus.publish(event),
      lastPrice: (id) => this.trading?.session?.execution.lastPrice(id),
    };
    const venue = o.venuePort?.(deps) ?? new PaperVenue(paperVenueOptions(o.config.execution), this.ids);
    return new LiveTrading({
      config: o.config,
      bus: this.bus,
      emitter: this.emitter,
      ids: this.ids,
      wallClock: this.wallClock,
      logger: o.logger,
      venue,
      key: { exchange: 'binance', marketType: this.marketType },
      stateStore: o.stateStore,
      records: o.records,
      riskRecords: o.riskRecords,
      reconcileRetryMs: o.reconcileRetryMs ?? 60_000,
      reconcileEveryMs: o.reconcileEveryMs ?? 300_000,
      onReady: () => {
        if (this.state === 'running' && this.connected) this.lifecycle('ready', 'trading');
      },
    });
  }

  private instrumentOf(symbol: string) {
    return makeInstrument('binance', this.marketType, symbol);
  }

  private instrumentIdOf(symbol: string): string {
    return this.instrumentOf(symbol).id;
  }

  private lifecycle(state: PayloadOf<'EngineLifecycleChanged'>['state'], detail: string): void {
    this.emitter.emit('EngineLifecycleChanged', this.wallClock.now(), {
      instanceId: this.instanceId,
      state,
      detail,
    });
  }
}
