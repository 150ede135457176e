import { describe, expect, it } from 'vitest';
import { SymbolAnalytics } from '../../../core/src/analytics/symbol-analytics.ts';
import { defaultAnalyticsConfig } from '../../../core/src/config/analytics-config.ts';
import type { Candle } from '../../../core/src/domain/candle.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { tick } from '../../support/tape.ts';

function setup() {
  const factory = new EventFactory(new ManualClock(0), new SequentialIds());
  const bus = new InProcessEventBus(factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const analytics = new SymbolAnalytics(
    'test-spot:TEST',
    defaultAnalyticsConfig,
    new BusEmitter(bus, factory),
  );
  const ofType = (type: EngineEvent['type']) => events.filter((e) => e.type === type);
  return { analytics, events, ofType };
}

describe('SymbolAnalytics', () => {
  it('publishes a snapshot at most every 2 s of event time and at every 1m candle close', () => {
    const { analytics, ofType } = setup();
    for (let ts = 0; ts < 130_000; ts += 250) analytics.onTick(tick(ts, 100, 1, 'buy'));
    const updates = ofType('AnalyticsUpdated');
    const times = updates.map((e) => e.eventTime);
    const intervalTimes = updates
      .filter((e) => e.type === 'AnalyticsUpdated' && e.payload.trigger === 'interval')
      .map((e) => e.eventTime);
    for (let i = 1; i < intervalTimes.length; i++)
      expect(intervalTimes[i]! - intervalTimes[i - 1]!).toBeGreaterThanOrEqual(2_000);
    expect(
      updates
        .filter((e) => e.type === 'AnalyticsUpdated' && e.payload.trigger === 'candle_close')
        .map((e) => e.eventTime),
    ).toEqual([60_000, 120_000]);
    expect(times.length).toBeGreaterThan(60);
    expect(times.length).toBeLessThan(70);
    expect(ofType('CandleCompleted').map((e) => (e.payload as Candle).openTime)).toEqual([0, 60_000]);
  });

  it('announces a bullish imbalance once when the 30 s ratio crosses 2.5:1, not on every update', () => {
    const { analytics, ofType } = setup();
    let ts = 0;
    for (let i = 0; i < 20; i++, ts += 1_000) analytics.onTick(tick(ts, 100, 1, i % 2 ? 'buy' : 'sell'));
    expect(ofType('OrderFlowImbalanceDetected')).toHaveLength(0);
    for (let i = 0; i < 60; i++, ts += 500) analytics.onTick(tick(ts, 100, 1, 'buy'));
    const signals = ofType('OrderFlowImbalanceDetected');
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ payload: { direction: 'bullish', windowMs: 30_000 } });
    expect((signals[0]!.payload as { ratio: number }).ratio).toBeGreaterThanOrEqual(2.5);
  });

  it('reports every large trade with its multiple of the 5-minute average size', () => {
    const { analytics, ofType } = setup();
    for (let i = 0; i < 10; i++) analytics.onTick(tick(i * 100, 100, 1, 'buy'));
    analytics.onTick(tick(2_000, 100, 25, 'sell'));
    expect(ofType('LargeTradeDetected')).toMatchObject([
      { payload: { qty: 25, averageQty: 1, multiple: 25, side: 'sell' } },
    ]);
  });

  it('warms candle analytics from history without publishing anything', () => {
    const { analytics, events } = setup();
    for (let m = 0; m < 20; m++) {
      const close = 100 + (m % 3);
      analytics.warmUp({
        instrumentId: 'test-spot:TEST',
        timeframe: '1m',
        openTime: m * 60_000,
        closeTime: (m + 1) * 60_000,
        open: 100,
        high: 103,
        low: 99,
        close,
        volume: 10,
        buyVolume: 5,
        sellVolume: 5,
        trades: 4,
        buyTrades: 2,
        sellTrades: 2,
      });
    }
    expect(events).toHaveLength(0);
    analytics.onTick(tick(20 * 60_000, 101, 1, 'buy'));
    const snapshot = analytics.snapshot();
    expect(snapshot.meanReversion.rsi14).not.toBeNull();
    expect(snapshot.live1m?.averageVolume20).toBe(10);
  });

  it('closes open candles on a final flush and reports the counts', () => {
    const { analytics } = setup();
    analytics.onTick(tick(1_000, 100, 1, 'buy'));
    analytics.flush(Number.POSITIVE_INFINITY);
    expect(analytics.counts()).toEqual({ ticks: 1, candles: { '1m': 1, '5m': 1, '15m': 1 } });
  });
});
