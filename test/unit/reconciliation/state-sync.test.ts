import { describe, expect, it } from 'vitest';
import { StateSync, type LiveState } from '../../../core/src/app/state-sync.ts';
import type { Position } from '../../../core/src/domain/trading.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { snapshot } from '../decision/fixtures.ts';
import { BTC, KEY, T0, busHarness, order } from './fixtures.ts';
import { MemoryStateStore } from './memory-state-store.ts';

const POSITION: Position = {
  positionId: 'pos-1',
  instrumentId: BTC,
  direction: 'long',
  quantity: 0.5,
  entryPrice: 50_000,
  entryTime: T0,
  initialStop: 49_700,
  entryFees: 10,
  signalId: 'sig-1',
};

class FakeLive implements LiveState {
  open: Position[] = [];
  stops = new Map<string, number>();
  positions(): readonly Position[] {
    return this.open;
  }
  stopOf(positionId: string): number | undefined {
    return this.stops.get(positionId);
  }
  lastPrice(): number | undefined {
    return 50_100;
  }
}

/** Retry sleeps resolve only when the test says so, so a test can hold a write in its backoff. */
class HeldSleep {
  private waiting: (() => void)[] = [];
  readonly delays: number[] = [];
  sleep = (ms: number): Promise<void> => {
    this.delays.push(ms);
    return new Promise((resolve) => this.waiting.push(resolve));
  };
  release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

function setup(sleep?: (ms: number) => Promise<void>) {
  const h = busHarness();
  const store = new MemoryStateStore();
  const live = new FakeLive();
  const sync = new StateSync({
    bus: h.bus,
    emitter: h.emitter,
    store,
    key: KEY,
    live,
    clock: h.clock,
    logger: silentLogger,
    options: { positionSyncIntervalMs: 5_000 },
    ...(sleep ? { sleep } : { sleep: async () => undefined }),
  });
  return { ...h, store, live, sync };
}

function closedPayload(position: Position = POSITION) {
  return {
    position,
    exitPrice: 50_500,
    exitTime: T0 + 60_000,
    pnl: 230,
    fees: 20,
    pnlPercent: 0.92,
    reason: 'trailing_stop' as const,
  };
}

describe('StateSync', () => {
  it('returns from the event before the write lands and writes order updates in order', async () => {
    const { emitter, store, sync } = setup();
    const placed = order({ status: 'pending', type: 'market', limitPrice: undefined });
    emitter.emit('OrderPlaced', T0, placed);
    emitter.emit('OrderFilled', T0 + 50, {
      fillId: 'f-1',
      orderId: placed.orderId,
      clientOrderId: placed.clientOrderId,
      instrumentId: BTC,
      side: 'buy',
      price: 50_000,
      quantity: 0.1,
      fee: 2,
      liquidity: 'taker',
      ts: T0 + 50,
      orderComplete: false,
    });
    emitter.emit('OrderFilled', T0 + 60, {
      fillId: 'f-2',
      orderId: placed.orderId,
      clientOrderId: placed.clientOrderId,
      instrumentId: BTC,
      side: 'buy',
      price: 50_000,
      quantity: 0.1,
      fee: 2,
      liquidity: 'taker',
      ts: T0 + 60,
      orderComplete: true,
    });
    expect(store.orders.size).toBe(0);
    await sync.flush();
    expect(store.calls).toEqual([
      'upsertOrder:cl-1=pending',
      'upsertOrder:cl-1=partially_filled',
      'upsertOrder:cl-1=filled',
    ]);
    expect(store.orders.get('cl-1')).toMatchObject({ filledQuantity: 0.2, exchange: 'binance' });
  });

  it('marks a placed order rejected and ignores events of other venues', async () => {
    const { emitter, store, sync } = setup();
    emitter.emit('OrderPlaced', T0, order());
    emitter.emit('OrderRejected', T0, {
      instrumentId: BTC,
      clientOrderId: 'cl-1',
      reasonCode: 'x',
      message: 'x',
    });
    emitter.emit('OrderPlaced', T0, order({ clientOrderId: 'cl-2', instrumentId: 'binance-spot:BTCUSDT' }));
    await sync.flush();
    expect(store.orders.get('cl-1')?.status).toBe('rejected');
    expect(store.orders.has('cl-2')).toBe(false);
  });

  it('stores an opened position with the stop the monitor holds when the write runs', async () => {
    const { emitter, store, live, sync } = setup();
    emitter.emit('PositionOpened', T0, POSITION);
    // The monitor takes the position up right after the event; the write sees its stop.
    live.open = [POSITION];
    live.stops.set('pos-1', 49_750);
    await sync.flush();
    expect(store.positions.get('pos-1')).toMatchObject({
      symbol: 'BTCUSDT',
      stopPrice: 49_750,
      quantity: 0.5,
      unrealizedPnl: 50,
    });
  });

  it('writes trailing stop changes on the analytics cadence and skips unchanged positions', async () => {
    const { emitter, store, live, sync } = setup();
    live.open = [POSITION];
    live.stops.set('pos-1', 49_750);
    emitter.emit('PositionOpened', T0, POSITION);
    await sync.flush();
    const writes = () => store.calls.filter((c) => c.startsWith('upsertPosition')).length;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const analytics = (ts: number) =>
      emitter.emit('AnalyticsUpdated', ts, snapshot({ instrumentId: BTC, ts }));
    expect(writes()).toBe(1);
    live.stops.set('pos-1', 49_900);
    analytics(T0 + 2_000);
    await settle();
    expect(writes()).toBe(2);
    expect(store.positions.get('pos-1')?.stopPrice).toBe(49_900);
    live.stops.set('pos-1', 49_950);
    analytics(T0 + 4_000); // inside the 5 s cadence: not checked
    await settle();
    expect(writes()).toBe(2);
    analytics(T0 + 7_000);
    await settle();
    expect(writes()).toBe(3);
    expect(store.positions.get('pos-1')?.stopPrice).toBe(49_950);
    analytics(T0 + 12_000); // due, but nothing moved
    await settle();
    expect(writes()).toBe(3);
  });

  it('appends the trade and removes the position once, even when the close is seen twice', async () => {
    const { emitter, store, sync } = setup();
    emitter.emit('PositionOpened', T0, POSITION);
    emitter.emit('PositionClosed', T0 + 60_000, closedPayload());
    emitter.emit('PositionClosed', T0 + 60_000, closedPayload());
    await sync.flush();
    expect(store.calls.filter((c) => c.startsWith('appendTrade'))).toEqual(['appendTrade:pos-1']);
    expect(store.positions.size).toBe(0);
    expect(store.trades.get('pos-1')).toMatchObject({ reason: 'trailing_stop', exitPrice: 50_500, pnl: 230 });
  });

  it('retries a failing write with backoff, keeps later writes of the key behind it, and alerts once', async () => {
    const held = new HeldSleep();
    const { emitter, store, sync, ofType } = setup(held.sleep);
    store.failNext('upsertOrder', 3);
    emitter.emit('OrderPlaced', T0, order({ status: 'pending' }));
    emitter.emit('OrderRejected', T0, {
      instrumentId: BTC,
      clientOrderId: 'cl-1',
      reasonCode: 'x',
      message: 'x',
    });
    let flushed = false;
    const flushing = sync.flush().then(() => (flushed = true));
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(flushed).toBe(false);
      expect(store.calls).toEqual([]);
      held.release();
    }
    await flushing;
    expect(held.delays).toEqual([100, 200, 400]);
    expect(store.calls).toEqual(['upsertOrder:cl-1=pending', 'upsertOrder:cl-1=rejected']);
    expect(sync.stats()).toMatchObject({ failedAttempts: 3, pending: 0, written: 2 });
    const alerts = ofType('SystemErrorRaised');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.payload).toMatchObject({ component: 'state-sync', critical: true });
  });

  it('does not resurrect a position whose open write was still retrying when it closed', async () => {
    const held = new HeldSleep();
    const { emitter, store, live, sync } = setup(held.sleep);
    live.open = [POSITION];
    store.failNext('upsertPosition', 1);
    emitter.emit('PositionOpened', T0, POSITION);
    await new Promise((resolve) => setTimeout(resolve, 0));
    live.open = [];
    emitter.emit('PositionClosed', T0 + 60_000, closedPayload());
    held.release();
    await sync.flush();
    expect(store.calls).toEqual(['appendTrade:pos-1', 'removePosition:pos-1']);
    expect(store.positions.size).toBe(0);
    expect(store.trades.size).toBe(1);
  });

  it('saves the latest stops on flush', async () => {
    const { store, live, sync } = setup();
    live.open = [POSITION];
    live.stops.set('pos-1', 49_950);
    await sync.flush();
    expect(store.positions.get('pos-1')?.stopPrice).toBe(49_950);
  });

  it('stops listening after stop()', async () => {
    const { emitter, store, sync } = setup();
    sync.stop();
    emitter.emit('OrderPlaced', T0, order());
    await sync.flush();
    expect(store.orders.size).toBe(0);
  });
});
