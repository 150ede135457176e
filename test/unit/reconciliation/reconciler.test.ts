import { describe, expect, it } from 'vitest';
import {
  ADOPTED_SIGNAL_ID,
  Reconciler,
  reconciliationStateKey,
} from '../../../core/src/app/reconciliation/index.ts';
import type { Order } from '../../../core/src/domain/trading.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import type { VenuePosition } from '../../../core/src/ports/venue.ts';
import { BTC, ETH, KEY, T0, busHarness, order, storedOrder, storedPosition } from './fixtures.ts';
import { MemoryStateStore } from './memory-state-store.ts';

class FakeVenue {
  held: VenuePosition[] = [];
  working: Order[] = [];
  cancelled: string[] = [];
  failPositions = false;
  async positions(): Promise<readonly VenuePosition[]> {
    if (this.failPositions) throw new Error('venue timeout');
    return this.held;
  }
  async openOrders(): Promise<readonly Order[]> {
    return this.working;
  }
  cancel(orderId: string): boolean {
    this.cancelled.push(orderId);
    return true;
  }
}

function setup(options = {}) {
  const h = busHarness();
  const store = new MemoryStateStore();
  const venue = new FakeVenue();
  const reconciler = new Reconciler({
    key: KEY,
    venue,
    store,
    emitter: h.emitter,
    clock: h.clock,
    ids: h.ids,
    logger: silentLogger,
    markPrice: (id) => (id === BTC ? 50_400 : undefined),
    options,
  });
  return { ...h, store, venue, reconciler };
}

describe('Reconciler', () => {
  it('blocks trading until the first successful run and reports a clean one', async () => {
    const { reconciler, ofType, store } = setup();
    expect(reconciler.isTradingAllowed()).toBe(false);
    const outcome = await reconciler.reconcile('startup');
    expect(outcome.status).toBe('clean');
    expect(reconciler.isTradingAllowed()).toBe(true);
    expect(ofType('ReconciliationCompleted')[0]?.payload).toMatchObject({
      venue: 'binance:usdm',
      trigger: 'startup',
      status: 'clean',
      discrepancies: 0,
    });
    expect(ofType('RiskAlertRaised')).toEqual([]);
    expect(store.system.get(reconciliationStateKey(KEY))?.value).toMatchObject({ status: 'clean' });
  });

  it('removes a vanished position of ours and records one estimated trade at the last price', async () => {
    const { reconciler, store, ofType } = setup();
    await store.upsertPosition(storedPosition());
    const outcome = await reconciler.reconcile('startup');
    expect(outcome.status).toBe('resolved');
    expect(store.positions.size).toBe(0);
    const trade = store.trades.get('pos-1');
    expect(trade).toMatchObject({ reason: 'reconciled_closed', exitPrice: 50_400, quantity: 0.5 });
    expect(trade?.pnl).toBeCloseTo((50_400 - 50_000) * 0.5 - 10, 9);
    expect(ofType('ReconciliationDiscrepancyFound')[0]?.payload).toMatchObject({
      kind: 'missing_on_venue',
      instrumentId: BTC,
      localQuantity: 0.5,
      venueQuantity: 0,
      action: 'removed_locally_trade_recorded',
    });
    expect(ofType('RiskAlertRaised')[0]?.payload).toMatchObject({
      severity: 'critical',
      code: 'reconciliation_discrepancies',
    });
  });

  it('keeps the trade StateSync already wrote instead of adding an estimate', async () => {
    const { reconciler, store } = setup();
    await store.upsertPosition(storedPosition());
    await store.appendTrade({
      ...KEY,
      positionId: 'pos-1',
      instrumentId: BTC,
      symbol: 'BTCUSDT',
      direction: 'long',
      signalId: 'sig-1',
      entryTime: T0,
      entryPrice: 50_000,
      exitTime: T0 + 5,
      exitPrice: 51_000,
      quantity: 0.5,
      pnl: 480,
      fees: 20,
      pnlPercent: 1.92,
      reason: 'trailing_stop',
    });
    expect((await reconciler.reconcile('startup')).status).toBe('resolved');
    expect(store.trades.size).toBe(1);
    expect(store.trades.get('pos-1')?.reason).toBe('trailing_stop');
    expect(store.positions.size).toBe(0);
  });

  it('drops an adopted position that vanished without inventing a trade', async () => {
    const { reconciler, store } = setup();
    await store.upsertPosition(storedPosition({ signalId: ADOPTED_SIGNAL_ID }));
    await reconciler.reconcile('schedule');
    expect(store.positions.size).toBe(0);
    expect(store.trades.size).toBe(0);
  });

  it('adopts an unknown venue position with a protective stop at the max stop distance', async () => {
    const { reconciler, store, venue, ofType } = setup({ maxStopDistance: 0.01 });
    venue.held = [{ instrumentId: ETH, quantity: -2, entryPrice: 3_000 }];
    await reconciler.reconcile('startup');
    const [adopted] = [...store.positions.values()];
    expect(adopted).toMatchObject({
      instrumentId: ETH,
      symbol: 'ETHUSDT',
      direction: 'short',
      quantity: 2,
      entryPrice: 3_000,
      initialStop: 3_030,
      stopPrice: 3_030,
      signalId: ADOPTED_SIGNAL_ID,
    });
    expect(ofType('ReconciliationDiscrepancyFound')[0]?.payload.action).toBe('adopted_with_protective_stop');
  });

  it('prices the protective stop of an adopted position without entry price (spot) from the last price', async () => {
    const { reconciler, store, venue } = setup({ maxStopDistance: 0.01 });
    venue.held = [{ instrumentId: BTC, quantity: 0.2, entryPrice: 0 }];
    await reconciler.reconcile('startup');
    const [adopted] = [...store.positions.values()];
    expect(adopted).toMatchObject({ direction: 'long', entryPrice: 50_400, initialStop: 49_896 });
  });

  it('sets the local quantity to the venue quantity on a mismatch', async () => {
    const { reconciler, store, venue } = setup();
    await store.upsertPosition(storedPosition({ quantity: 0.5 }));
    venue.held = [{ instrumentId: BTC, quantity: 0.3, entryPrice: 50_000 }];
    await reconciler.reconcile('startup');
    expect(store.positions.get('pos-1')).toMatchObject({ quantity: 0.3, stopPrice: 49_800 });
  });

  it('cancels our orphaned orders, leaves foreign ones, and closes stale stored orders', async () => {
    const { reconciler, store, venue, ofType } = setup();
    await store.upsertOrder(storedOrder({ clientOrderId: 'cl-3', orderId: 'o-3' }));
    venue.working = [
      order({ clientOrderId: 'cl-7', orderId: 'o-7' }),
      order({ clientOrderId: 'manual-1', orderId: 'o-8' }),
    ];
    const outcome = await reconciler.reconcile('startup');
    expect(venue.cancelled).toEqual(['o-7']);
    expect(ofType('ReconciliationDiscrepancyFound').map((e) => e.payload.action)).toEqual([
      'cancelled_on_venue',
      'left_working',
    ]);
    expect(store.orders.get('cl-3')?.status).toBe('cancelled');
    expect(outcome.staleOrdersClosed).toBe(1);
  });

  it('adopts unknown orders into the store when configured to', async () => {
    const { reconciler, store, venue } = setup({ foreignUnknownOrders: 'adopt' });
    venue.working = [order({ clientOrderId: 'manual-1', orderId: 'o-8' })];
    await reconciler.reconcile('startup');
    expect(store.orders.get('manual-1')).toMatchObject({ exchange: 'binance', status: 'open' });
    expect(venue.cancelled).toEqual([]);
  });

  it('changes nothing and keeps trading blocked when the venue cannot be read', async () => {
    const { reconciler, store, venue, ofType } = setup();
    await store.upsertPosition(storedPosition());
    venue.failPositions = true;
    const outcome = await reconciler.reconcile('startup');
    expect(outcome).toMatchObject({ status: 'failed', error: 'venue timeout' });
    expect(reconciler.isTradingAllowed()).toBe(false);
    expect(store.positions.has('pos-1')).toBe(true);
    expect(store.trades.size).toBe(0);
    expect(ofType('ReconciliationDiscrepancyFound')).toEqual([]);
    expect(ofType('ReconciliationCompleted')[0]?.payload).toMatchObject({ status: 'failed' });
    expect(ofType('RiskAlertRaised')[0]?.payload.code).toBe('reconciliation_failed');
  });

  it('blocks new entries after a failed scheduled run until the next success', async () => {
    const { reconciler, venue } = setup();
    await reconciler.reconcile('startup');
    venue.failPositions = true;
    await reconciler.reconcile('schedule');
    expect(reconciler.isTradingAllowed()).toBe(false);
    venue.failPositions = false;
    await reconciler.reconcile('schedule');
    expect(reconciler.isTradingAllowed()).toBe(true);
  });

  it('fails without changes when the store cannot be read', async () => {
    const { reconciler, store, venue } = setup();
    venue.held = [{ instrumentId: ETH, quantity: 1, entryPrice: 3_000 }];
    store.failNext('listOpenOrders');
    const outcome = await reconciler.reconcile('startup');
    expect(outcome.status).toBe('failed');
    expect(store.positions.size).toBe(0);
  });

  it('waits for pending state writes before reading the store', async () => {
    const h = busHarness();
    const store = new MemoryStateStore();
    const venue = new FakeVenue();
    venue.held = [{ instrumentId: BTC, quantity: 0.5, entryPrice: 50_000 }];
    const reconciler = new Reconciler({
      key: KEY,
      venue,
      store,
      emitter: h.emitter,
      clock: h.clock,
      ids: h.ids,
      logger: silentLogger,
      // A position write still in flight when reconciliation starts.
      settle: () => store.upsertPosition(storedPosition()),
    });
    const outcome = await reconciler.reconcile('schedule');
    expect(outcome.status).toBe('clean');
  });

  it('runs overlapping calls once', async () => {
    const { reconciler, ofType } = setup();
    const [a, b] = await Promise.all([reconciler.reconcile('startup'), reconciler.reconcile('startup')]);
    expect(a).toBe(b);
    expect(ofType('ReconciliationCompleted')).toHaveLength(1);
  });
});
