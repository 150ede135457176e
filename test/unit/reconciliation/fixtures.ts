import type { Order } from '../../../core/src/domain/trading.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import type { StoredOrder, StoredPosition, VenueKey } from '../../../core/src/ports/state-store.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';

export const KEY: VenueKey = { exchange: 'binance', marketType: 'usdm' };
export const BTC = 'binance-usdm:BTCUSDT';
export const ETH = 'binance-usdm:ETHUSDT';
export const T0 = 1_700_000_000_000;

export function storedPosition(overrides: Partial<StoredPosition> = {}): StoredPosition {
  return {
    ...KEY,
    positionId: 'pos-1',
    instrumentId: BTC,
    symbol: 'BTCUSDT',
    direction: 'long',
    quantity: 0.5,
    entryPrice: 50_000,
    entryTime: T0,
    initialStop: 49_750,
    stopPrice: 49_800,
    entryFees: 10,
    signalId: 'sig-1',
    unrealizedPnl: 0,
    updatedAt: T0,
    ...overrides,
  };
}

export function order(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'o-1',
    clientOrderId: 'cl-1',
    instrumentId: BTC,
    side: 'buy',
    type: 'limit',
    quantity: 0.2,
    limitPrice: 49_000,
    timeInForce: 'gtc',
    reduceOnly: false,
    status: 'open',
    filledQuantity: 0,
    createdAt: T0,
    purpose: 'sig-1',
    ...overrides,
  };
}

export function storedOrder(overrides: Partial<Order> = {}): StoredOrder {
  return { ...order(overrides), ...KEY, updatedAt: T0 };
}

/** A bus with an emitter, a manual clock at T0 and a capture of everything published. */
export function busHarness() {
  const clock = new ManualClock(T0);
  const ids = new SequentialIds();
  const factory = new EventFactory(clock, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const ofType = <T extends EngineEvent['type']>(type: T) =>
    events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  return { clock, ids, bus, emitter, events, ofType };
}
