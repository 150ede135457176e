import type { AnalyticsConfig } from '../config/analytics-config.ts';
import type { TradeTick } from '../domain/ticks.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import type { LargeTrade } from './orderflow/order-flow.ts';

type FlowState = 'bullish' | 'bearish' | 'neutral';

/**
 * Turns order-flow readings into discrete events: an imbalance event when the 30 s ratio enters the
 * bullish (>= signalRatio) or bearish (<= 1/signalRatio) state, exhaustion when it starts, and every large
 * trade. State changes, not levels, are published, so a long imbalance is one event.
 */
export class FlowSignals {
  private state: FlowState = 'neutral';
  private exhausted = false;

  constructor(
    private readonly instrumentId: string,
    private readonly config: AnalyticsConfig['orderFlow'],
    private readonly emitter: EventEmitter,
  ) {}

  largeTrade(tick: TradeTick, large: LargeTrade): void {
    this.emitter.emit('LargeTradeDetected', tick.ts, {
      instrumentId: this.instrumentId,
      price: tick.price,
      qty: large.qty,
      side: tick.side,
      averageQty: large.averageQty,
      multiple: large.multiple,
    });
  }

  onSnapshot(snapshot: AnalyticsSnapshot): void {
    const flow = snapshot.orderFlow;
    const ratio = flow.imbalance30s;
    const next: FlowState =
      ratio === null
        ? 'neutral'
        : ratio >= this.config.signalRatio
          ? 'bullish'
          : ratio <= 1 / this.config.signalRatio
            ? 'bearish'
            : 'neutral';
    if (next !== this.state && next !== 'neutral' && ratio !== null) {
      this.emitter.emit('OrderFlowImbalanceDetected', snapshot.ts, {
        instrumentId: this.instrumentId,
        ratio,
        direction: next,
        trades: flow.trades30s,
        windowMs: this.config.imbalanceWindowMs,
      });
    }
    this.state = next;
    if (
      flow.exhausted &&
      !this.exhausted &&
      flow.aggressiveVolumeRatio !== null &&
      flow.averageVolumePerWindow !== null
    ) {
      this.emitter.emit('ExhaustionDetected', snapshot.ts, {
        instrumentId: this.instrumentId,
        recentVolume: flow.buyVolume30s + flow.sellVolume30s,
        averageVolume: flow.averageVolumePerWindow,
        ratio: flow.aggressiveVolumeRatio,
      });
    }
    this.exhausted = flow.exhausted;
  }
}
