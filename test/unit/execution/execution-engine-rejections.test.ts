import { describe, expect, it } from 'vitest';
import { BTC, ETH, signal, trade } from './fixtures.ts';
import { paperEngine } from './engine-harness.ts';

function openLong(h: ReturnType<typeof paperEngine>) {
  h.engine.onSignal(signal(), 50_000);
  h.engine.onTrade(trade(1_050, 50_000, 2));
}

describe('ExecutionEngine rejections', () => {
  it('rejects a second signal in the same direction with position_exists', () => {
    const h = paperEngine();
    openLong(h);
    const again = h.engine.onSignal(signal({ signalId: 'sig-2', ts: 9_000 }), 50_000);
    expect(again).toMatchObject({ ok: false, handler: 'existing_position', reasonCode: 'position_exists' });
    expect(h.events.at(-1)).toMatchObject({
      type: 'SignalRejected',
      payload: { handler: 'existing_position', reasonCode: 'position_exists', signal: { signalId: 'sig-2' } },
    });
  });

  it('rejects a re-entry in the same direction within the duplicate window, not after it', () => {
    const h = paperEngine();
    openLong(h);
    h.engine.requestExit(BTC, 'trailing_stop', 1_100);
    h.engine.onTrade(trade(1_150, 50_000, 4));
    expect(h.engine.onSignal(signal({ signalId: 'sig-2', ts: 5_999 }), 50_000)).toMatchObject({
      reasonCode: 'duplicate_order',
    });
    expect(h.engine.onSignal(signal({ signalId: 'sig-1', ts: 6_000 }), 50_000)).toMatchObject({
      reasonCode: 'duplicate_order',
    });
    expect(h.engine.onSignal(signal({ signalId: 'sig-3', ts: 6_000 }), 50_000).ok).toBe(true);
  });

  it('rejects a new instrument at the position limit', () => {
    const h = paperEngine({ maxOpenPositions: 1 });
    openLong(h);
    const eth = signal({
      signalId: 'sig-2',
      instrumentId: ETH,
      entryPrice: 3_000,
      stopPrice: 2_985,
      ts: 2_000,
    });
    expect(h.engine.onSignal(eth, 3_000)).toMatchObject({
      handler: 'position_limit',
      reasonCode: 'max_positions',
    });
  });

  it('counts the working entry of a reversal against the position limit', () => {
    const h = paperEngine({ maxOpenPositions: 1 });
    openLong(h);
    const short = signal({ signalId: 'sig-2', direction: 'short', stopPrice: 50_250, ts: 2_000 });
    expect(h.engine.onSignal(short, 50_000).ok).toBe(true);
    const eth = signal({
      signalId: 'sig-3',
      instrumentId: ETH,
      entryPrice: 3_000,
      stopPrice: 2_985,
      ts: 2_010,
    });
    expect(h.engine.onSignal(eth, 3_000)).toMatchObject({ reasonCode: 'max_positions' });
  });

  it('rejects a second 40,000 position past five times equity', () => {
    const h = paperEngine();
    openLong(h);
    const eth = signal({
      signalId: 'sig-2',
      instrumentId: ETH,
      entryPrice: 3_000,
      stopPrice: 2_985,
      ts: 2_000,
    });
    expect(h.engine.onSignal(eth, 3_000)).toMatchObject({
      handler: 'exposure_limit',
      reasonCode: 'exposure_limit',
    });
  });

  it('rejects an entry whose margin does not fit the equity left free', () => {
    const h = paperEngine({ maxExposure: 10 });
    openLong(h);
    const eth = signal({
      signalId: 'sig-2',
      instrumentId: ETH,
      entryPrice: 3_000,
      stopPrice: 2_985,
      ts: 2_000,
    });
    expect(h.engine.onSignal(eth, 3_000)).toMatchObject({
      handler: 'balance_check',
      reasonCode: 'insufficient_balance',
    });
  });

  it('rejects fat-finger prices and wide stops before anything reaches the venue', () => {
    const h = paperEngine();
    expect(h.engine.onSignal(signal(), 50_600)).toMatchObject({ reasonCode: 'price_band' });
    expect(h.engine.onSignal(signal({ stopPrice: 49_700 }), 50_000)).toMatchObject({
      reasonCode: 'stop_too_wide',
    });
    expect(h.engine.onSignal(signal({ stopPrice: 50_100 }), 50_000)).toMatchObject({
      reasonCode: 'invalid_stop',
    });
    expect(h.types()).toEqual(['SignalRejected', 'SignalRejected', 'SignalRejected']);
    expect(h.engine.counters()).toMatchObject({
      signals: 3,
      ordersPlaced: 0,
      rejections: { price_band: 1, stop_too_wide: 1, invalid_stop: 1 },
    });
  });

  it('publishes the venue refusal as OrderRejected and SignalRejected with the venue code', () => {
    const h = paperEngine();
    const outcome = h.engine.onSignal(signal({ instrumentId: 'nowhere:XYZ' }), 50_000);
    expect(outcome).toMatchObject({
      ok: false,
      handler: 'order_placement',
      reasonCode: 'unknown_instrument',
    });
    expect(h.types()).toEqual(['OrderRejected', 'SignalRejected']);
    expect(h.events[0]).toMatchObject({
      payload: { clientOrderId: 'cl-1', reasonCode: 'unknown_instrument' },
    });
    expect(h.engine.counters()).toMatchObject({ ordersRejected: 1, rejections: { unknown_instrument: 1 } });
  });
});
