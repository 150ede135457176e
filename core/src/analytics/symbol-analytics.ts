import type { AnalyticsConfig } from '../config/analytics-config.ts';
import { TIMEFRAMES, type Candle } from '../domain/candle.ts';
import type { TradeTick } from '../domain/ticks.ts';
import type { AnalyticsSnapshot, ClosedCandleView, ProfileView } from '../events/analytics-snapshot.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import { CandleBuilder } from './candles/candle-builder.ts';
import { CandleAnalytics } from './candle-analytics.ts';
import { OrderFlowAnalyzer } from './orderflow/order-flow.ts';
import { PriceStats } from './orderflow/price-stats.ts';
import { TickRing } from './orderflow/tick-ring.ts';
import { TrailingWindow } from './orderflow/trailing-window.ts';
import { MarketProfile } from './profile/market-profile.ts';
import { FlowSignals } from './flow-signals.ts';

/**
 * All streaming analytics of one instrument. Per trade: candles, order-flow windows, profile buckets and
 * price statistics, each O(1) amortized. Candle-driven analytics run on closes. A snapshot is published at
 * most every `publish.minIntervalMs` of event time and at every 1m close (decisions.md #10).
 */
export class SymbolAnalytics {
  private readonly ring = new TickRing(4096);
  private readonly builders: readonly CandleBuilder[];
  private readonly orderFlow: OrderFlowAnalyzer;
  private readonly profile: MarketProfile;
  private readonly stats = new PriceStats();
  private readonly slowWindows: readonly TrailingWindow[];
  private readonly candles: CandleAnalytics;
  private readonly signals: FlowSignals;
  private cachedProfile: ProfileView | null = null;
  private lastPrice = 0;
  private lastTs = Number.NEGATIVE_INFINITY;
  private lastPublishTs = Number.NEGATIVE_INFINITY;
  private firstTs: number | undefined;
  private last1m: ClosedCandleView | null = null;
  private readonly candleCounts = { '1m': 0, '5m': 0, '15m': 0 };
  private tickCount = 0;

  constructor(
    readonly instrumentId: string,
    private readonly config: AnalyticsConfig,
    private readonly emitter: EventEmitter,
  ) {
    this.builders = TIMEFRAMES.map((tf) => new CandleBuilder(instrumentId, tf));
    this.orderFlow = new OrderFlowAnalyzer(this.ring, config.orderFlow);
    this.profile = new MarketProfile(config.profile.bucketBps, config.profile.valueAreaShare);
    this.slowWindows = [
      new TrailingWindow(this.ring, config.profile.windowMs, [this.profile]),
      new TrailingWindow(this.ring, config.meanReversion.windowMs, [this.stats]),
    ];
    this.candles = new CandleAnalytics(instrumentId, config);
    this.signals = new FlowSignals(instrumentId, config.orderFlow, emitter);
  }

  /** Seeds candle-driven analytics from history that precedes the live or replayed trades. */
  warmUp(closed: Candle): void {
    this.candles.onCandle(closed, undefined, closed.closeTime);
  }

  onTick(tick: TradeTick): void {
    this.tickCount++;
    this.firstTs ??= tick.ts;
    this.lastPrice = tick.price;
    this.lastTs = tick.ts;
    const seq = this.ring.push(tick.ts, tick.price, tick.qty, tick.side);
    const large = this.orderFlow.onTrade(seq, tick.ts, tick.qty);
    for (const window of this.slowWindows) {
      window.onPushed(seq);
      window.advanceTo(tick.ts);
    }
    this.ring.releaseBefore(this.oldestNeededSeq());
    if (large) this.signals.largeTrade(tick, large);
    let closed1m = false;
    for (const builder of this.builders) {
      const closed = builder.onTick(tick);
      if (closed) closed1m = this.onCandleClosed(closed, tick.ts) || closed1m;
    }
    if (closed1m) this.publish(tick.ts, 'candle_close');
    else if (tick.ts - this.lastPublishTs >= this.config.publish.minIntervalMs)
      this.publish(tick.ts, 'interval');
  }

  /** Closes bars whose end is at or before `nowMs`; `Infinity` closes every open bar (end of input). */
  flush(nowMs: number): void {
    let closed1m = false;
    const eventTime = Number.isFinite(nowMs) ? nowMs : this.lastTs;
    if (eventTime > this.lastTs) {
      // A live timer moves time on without trades: quiet windows must empty too.
      this.lastTs = eventTime;
      this.orderFlow.advanceTo(eventTime);
      for (const window of this.slowWindows) window.advanceTo(eventTime);
    }
    for (const builder of this.builders) {
      const closed = builder.flush(nowMs);
      if (closed) closed1m = this.onCandleClosed(closed, eventTime) || closed1m;
    }
    if (closed1m) this.publish(eventTime, 'candle_close');
  }

  counts(): { ticks: number; candles: { '1m': number; '5m': number; '15m': number } } {
    return { ticks: this.tickCount, candles: { ...this.candleCounts } };
  }

  /** Ring slots allocated: a proxy for the memory this instrument holds. */
  bufferedTrades(): number {
    return this.ring.size;
  }

  snapshot(trigger: AnalyticsSnapshot['trigger'] = 'interval'): AnalyticsSnapshot {
    const now = this.lastTs;
    const price = this.lastPrice;
    const live = this.builders[0]?.live();
    const demand = this.candles.zones.nearest('demand', price);
    const supply = this.candles.zones.nearest('supply', price);
    return {
      instrumentId: this.instrumentId,
      ts: now,
      lastPrice: price,
      trigger,
      orderFlow: this.orderFlow.view(now),
      profile: this.profileView(now),
      meanReversion: {
        mean: this.stats.mean(),
        std: this.stats.std(),
        zScore: this.stats.zScore(price),
        rsi14: this.candles.rsi.value ?? null,
      },
      autocorrelation: this.candles.autocorrelation.value ?? null,
      regime: this.candles.regimeView(),
      nearestDemand: demand ? zoneView(demand.zone, demand.distance) : null,
      nearestSupply: supply ? zoneView(supply.zone, supply.distance) : null,
      zoneCount: this.candles.zones.zones().length,
      openFvgs: this.candles.gaps.open().map((g) => ({
        fvgId: g.fvgId,
        gapType: g.type,
        timeframe: g.timeframe,
        gapLow: g.gapLow,
        gapHigh: g.gapHigh,
        fillFraction: g.fillFraction,
      })),
      live1m: live
        ? {
            openTime: live.openTime,
            open: live.open,
            high: live.high,
            low: live.low,
            close: live.close,
            volume: live.volume,
            averageVolume20: this.candles.averageVolume20(),
          }
        : null,
      last1m: this.last1m,
    };
  }

  private onCandleClosed(candle: Candle, eventTime: number): boolean {
    this.candleCounts[candle.timeframe]++;
    if (candle.timeframe === '1m') {
      const { openTime, open, high, low, close, volume } = candle;
      this.last1m = { openTime, open, high, low, close, volume };
    }
    this.emitter.emit('CandleCompleted', eventTime, candle);
    this.candles.onCandle(candle, this.emitter, eventTime);
    return candle.timeframe === '1m';
  }

  private publish(ts: number, trigger: AnalyticsSnapshot['trigger']): void {
    this.lastPublishTs = ts;
    const snapshot = this.snapshot(trigger);
    this.signals.onSnapshot(snapshot);
    if (this.emitter.wants('AnalyticsUpdated')) this.emitter.emit('AnalyticsUpdated', ts, snapshot);
  }

  /**
   * Recomputed on its own cadence (decisions.md #10) and cached in between. While the data behind the
   * cached profile spans less than one cadence (just after start), it is refreshed at every snapshot so an
   * early profile of a handful of trades is not kept for five minutes.
   */
  private profileView(now: number): ProfileView | null {
    const cached = this.cachedProfile;
    const every = this.config.profile.recomputeEveryMs;
    const young = cached !== null && cached.computedAt - (this.firstTs ?? now) < every;
    if (cached === null || young || now - cached.computedAt >= every) {
      this.cachedProfile = this.profile.compute(now);
    }
    return this.cachedProfile;
  }

  private oldestNeededSeq(): number {
    let oldest = this.ring.next;
    for (const w of this.orderFlow.windows) if (w.startSeq < oldest) oldest = w.startSeq;
    for (const w of this.slowWindows) if (w.startSeq < oldest) oldest = w.startSeq;
    return oldest;
  }
}

function zoneView(
  zone: {
    zoneId: string;
    type: 'demand' | 'supply';
    priceLow: number;
    priceHigh: number;
    status: string;
    touches: number;
    strength: number;
  },
  distance: number,
) {
  return {
    zoneId: zone.zoneId,
    zoneType: zone.type,
    priceLow: zone.priceLow,
    priceHigh: zone.priceHigh,
    status: zone.status,
    touches: zone.touches,
    strength: zone.strength,
    distance,
  };
}
