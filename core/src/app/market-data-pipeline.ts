import type { AnalyticsConfig } from '../config/analytics-config.ts';
import type { Candle } from '../domain/candle.ts';
import type { TradeTick } from '../domain/ticks.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import type { ManualClock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { MarketDataStore } from '../ports/market-store.ts';
import { SymbolAnalytics } from '../analytics/symbol-analytics.ts';
import { TickValidator } from '../marketdata/tick-validator.ts';
import type { ReaderItem } from '../marketdata/types.ts';
import { RejectCounter } from './reject-counter.ts';

export interface PipelineDeps {
  readonly config: AnalyticsConfig;
  readonly emitter: EventEmitter;
  readonly clock: ManualClock;
  readonly logger: Logger;
  readonly store: MarketDataStore | undefined;
  /** Hears every accepted trade before analytics (venue simulation, marks, forced exits, stops). */
  readonly beforeAnalytics?: (tick: TradeTick) => void;
}

/**
 * The one path every trade takes, in replay and live alike: validate, stamp the clock, store, analyse.
 * Bad records are counted and reported, never thrown; the stream goes on.
 */
export class MarketDataPipeline {
  private readonly validator = new TickValidator();
  readonly rejects: RejectCounter;
  private readonly analytics = new Map<string, SymbolAnalytics>();
  private accepted = 0;
  /** Latest accepted event time: the best time to stamp a refused row that has no trusted time of its own. */
  private lastEventTime = 0;

  constructor(private readonly deps: PipelineDeps) {
    this.rejects = new RejectCounter(deps.logger);
  }

  get ticksAccepted(): number {
    return this.accepted;
  }

  onItem(item: ReaderItem): void {
    if (item.kind === 'trade') {
      this.onTrade(item.tick);
      return;
    }
    const { reason, instrumentId, source, line, detail } = item;
    this.rejects.count(reason, instrumentId, { source, line, detail });
    this.deps.emitter.emit('MarketDataRejected', this.deps.clock.now(), {
      instrumentId,
      reason,
      source,
      line,
      detail,
    });
  }

  onTrade(tick: TradeTick): void {
    const reason = this.validator.check(tick);
    if (reason !== undefined) {
      const context = { ts: tick.ts, price: tick.price, qty: tick.qty, tradeId: tick.tradeId ?? null };
      this.rejects.count(reason, tick.instrumentId, context);
      const detail = JSON.stringify(context);
      this.deps.emitter.emit('MarketDataRejected', tick.ts, {
        instrumentId: tick.instrumentId,
        reason,
        source: 'validator',
        line: 0,
        detail,
      });
      return;
    }
    this.accepted++;
    this.lastEventTime = tick.ts;
    this.deps.clock.set(tick.localTs);
    if (this.deps.emitter.wants('TradeTickReceived'))
      this.deps.emitter.emit('TradeTickReceived', tick.ts, tick);
    this.deps.store?.appendTick(tick);
    this.deps.beforeAnalytics?.(tick);
    this.symbol(tick.instrumentId).onTick(tick);
  }

  /** Candle history that precedes the trades; only feeds candle-driven analytics, publishes nothing. */
  warmUp(instrumentId: string, closed: Candle): void {
    this.symbol(instrumentId).warmUp(closed);
  }

  /** Closes every bar ending at or before `nowMs` (Infinity at end of input). */
  flush(nowMs: number): void {
    for (const analytics of this.analytics.values()) analytics.flush(nowMs);
  }

  symbols(): ReadonlyMap<string, SymbolAnalytics> {
    return this.analytics;
  }

  private symbol(instrumentId: string): SymbolAnalytics {
    let analytics = this.analytics.get(instrumentId);
    if (!analytics) {
      analytics = new SymbolAnalytics(instrumentId, this.deps.config, this.deps.emitter);
      this.analytics.set(instrumentId, analytics);
    }
    return analytics;
  }
}
