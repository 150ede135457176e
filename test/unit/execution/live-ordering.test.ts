import { describe, expect, it } from 'vitest';
import type { Fill, Order } from '../../../core/src/domain/trading.ts';
import { ExecutionEngine } from '../../../core/src/execution/execution-engine.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { BTC, config, recordingBus, signal } from './fixtures.ts';
import { ScriptedVenue } from './scripted-venue.ts';

function setup() {
  const venue = new ScriptedVenue();
  const bus = recordingBus();
  const engine = new ExecutionEngine(
    config({ fatFingerBand: 0.05 }),
    venue,
    new SequentialIds(),
    bus.emitter,
  );
  return { venue, engine, ...bus };
}

function fillOf(orderId: string, side: 'buy' | 'sell', price: number, quantity: number, ts: number): Fill {
  return {
    fillId: `f-${orderId}-${ts}`,
    orderId,
    clientOrderId: '',
    instrumentId: BTC,
    side,
    price,
    quantity,
    fee: 0,
    liquidity: 'taker',
    ts,
    orderComplete: true,
  };
}

describe('ExecutionEngine with a venue that reports in its own order', () => {
  it('holds a reversal entry fill that beats the close, and applies it once the old position is closed', () => {
    const h = setup();
    h.engine.onSignal(signal(), 50_000);
    h.venue.report({ kind: 'fill', fill: fillOf('v-1', 'buy', 50_000, 0.8, 1_050) });
    const short = signal({
      signalId: 'sig-2',
      direction: 'short',
      entryPrice: 50_100,
      stopPrice: 50_350,
      ts: 9_000,
    });
    expect(h.engine.onSignal(short, 50_100).ok).toBe(true);
    expect(h.venue.submitted.map((r) => [r.side, r.reduceOnly])).toEqual([
      ['buy', false],
      ['sell', true],
      ['sell', false],
    ]);
    h.events.length = 0;
    h.venue.report({ kind: 'fill', fill: fillOf('v-3', 'sell', 50_100, 0.5, 9_050) });
    expect(h.engine.positions().map((p) => p.direction)).toEqual(['long']);
    h.venue.report({ kind: 'fill', fill: fillOf('v-2', 'sell', 50_100, 0.8, 9_051) });
    expect(h.types()).toEqual(['OrderFilled', 'OrderFilled', 'PositionClosed', 'PositionOpened']);
    expect(h.engine.closedTrades()[0]?.pnl).toBeCloseTo(80, 9);
    expect(h.engine.positions()).toMatchObject([{ direction: 'short', quantity: 0.5, entryPrice: 50_100 }]);
  });

  it('frees the instrument when the venue cancels a working entry', () => {
    const h = setup();
    const placed = h.engine.onSignal(signal(), 50_000);
    const order = (placed.ok ? placed.order : undefined) as Order;
    expect(h.engine.onSignal(signal({ signalId: 'sig-2', ts: 7_000 }), 50_000)).toMatchObject({
      reasonCode: 'position_exists',
    });
    h.venue.report({ kind: 'cancelled', order, reasonCode: 'expired' });
    expect(h.engine.onSignal(signal({ signalId: 'sig-3', ts: 7_000 }), 50_000).ok).toBe(true);
  });

  it('cancels what an exit order still holds once the position is flat', () => {
    const h = setup();
    h.engine.onSignal(signal(), 50_000);
    h.venue.report({ kind: 'fill', fill: fillOf('v-1', 'buy', 50_000, 0.8, 1_050) });
    h.engine.requestExit(BTC, 'initial_stop', 2_000);
    h.venue.report({
      kind: 'fill',
      fill: { ...fillOf('v-2', 'sell', 49_750, 0.8, 2_050), orderComplete: false },
    });
    expect(h.venue.cancelled).toEqual(['v-2']);
    expect(h.engine.closedTrades()[0]?.pnl).toBeCloseTo(-200, 9);
    expect(h.engine.counters().workingOrders).toBe(0);
  });

  it('ignores fills of orders it did not place', () => {
    const h = setup();
    h.venue.report({ kind: 'fill', fill: fillOf('manual-1', 'buy', 50_000, 1, 10) });
    expect(h.events).toEqual([]);
    expect(h.engine.positions()).toEqual([]);
  });
});
