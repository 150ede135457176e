import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/embedded-state-store.ts';
import { ADOPTED_SIGNAL_ID } from '../../../core/src/app/reconciliation/resolve.ts';
import { restoreOpenPositions } from '../../../core/src/app/restore.ts';
import type { PayloadOf } from '../../../core/src/events/events.ts';
import type { StoredPosition } from '../../../core/src/ports/state-store.ts';
import type { FakeBinanceTradingServer } from '../../support/fake-binance/trading-server.ts';
import {
  KEY,
  USDM,
  bootProcess,
  startFakeExchange,
  startLiveVenue,
  freshIds,
  type EngineProcess,
} from './world.ts';

const ETH = 'binance-usdm:ETHUSDT';
const ALL_TIME = { since: 0, until: Number.MAX_SAFE_INTEGER };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

interface World {
  readonly server: FakeBinanceTradingServer;
  readonly store: EmbeddedStateStore;
  readonly engine: EngineProcess;
}

/** A restarted engine: an empty-or-seeded store, a fresh live venue, and an exchange holding `setup`. */
async function restartedEngine(setup: (server: FakeBinanceTradingServer) => void): Promise<World> {
  const server = await startFakeExchange();
  cleanups.push(() => server.stop());
  // What the exchange holds was done before this process started (another life, or a person).
  setup(server);
  const store = EmbeddedStateStore.inMemory();
  cleanups.push(() => store.close());
  const ids = freshIds();
  const venue = await startLiveVenue(server, ids);
  cleanups.push(() => venue.stop());
  return { server, store, engine: bootProcess(server, venue, store, ids) };
}

/** An order placed on the exchange outside this process (signed REST is the venue's job; this is the book). */
function placeOnExchange(server: FakeBinanceTradingServer, fields: Record<string, string>): void {
  server.book.place(new URLSearchParams({ symbol: 'BTCUSDT', type: 'MARKET', ...fields }));
}

function storedPosition(overrides: Partial<StoredPosition>): StoredPosition {
  return {
    ...KEY,
    positionId: 'pos-earlier-1',
    instrumentId: USDM,
    symbol: 'BTCUSDT',
    direction: 'long',
    quantity: 0.02,
    entryPrice: 50_000,
    entryTime: Date.now() - 60_000,
    initialStop: 49_750,
    stopPrice: 49_900,
    entryFees: 0.4,
    signalId: 'sig-earlier-1',
    unrealizedPnl: 0,
    updatedAt: Date.now() - 1_000,
    ...overrides,
  };
}

function discrepancies(engine: EngineProcess): PayloadOf<'ReconciliationDiscrepancyFound'>[] {
  return engine.events.flatMap((e) => (e.type === 'ReconciliationDiscrepancyFound' ? [e.payload] : []));
}

function completions(engine: EngineProcess): PayloadOf<'ReconciliationCompleted'>[] {
  return engine.events.flatMap((e) => (e.type === 'ReconciliationCompleted' ? [e.payload] : []));
}

/** The discrepancy events come first, then exactly one completion closes the run. */
function expectOneResolvedRun(engine: EngineProcess, kinds: readonly string[]): void {
  const types = engine.events
    .map((e) => e.type)
    .filter((t) => t === 'ReconciliationDiscrepancyFound' || t === 'ReconciliationCompleted');
  expect(types).toEqual([...kinds.map(() => 'ReconciliationDiscrepancyFound'), 'ReconciliationCompleted']);
  expect(discrepancies(engine).map((d) => d.kind)).toEqual(kinds);
  expect(completions(engine)).toEqual([
    expect.objectContaining({
      venue: 'binance:usdm',
      trigger: 'startup',
      status: 'resolved',
      discrepancies: kinds.length,
      error: null,
    }),
  ]);
}

describe('startup reconciliation against the live Binance USD-M venue (fake exchange)', () => {
  it('adopts a position held on the exchange but not in the store, with a protective stop the monitor enforces', async () => {
    const { store, engine } = await restartedEngine((server) =>
      placeOnExchange(server, { side: 'BUY', quantity: '0.010' }),
    );
    const outcome = await engine.reconciler.reconcile('startup');
    expect(outcome.status).toBe('resolved');
    expectOneResolvedRun(engine, ['missing_locally']);
    expect(discrepancies(engine)[0]).toMatchObject({
      instrumentId: USDM,
      localQuantity: 0,
      venueQuantity: 0.01,
      action: 'adopted_with_protective_stop',
    });
    const [adopted] = await store.listPositions(KEY);
    expect(adopted).toMatchObject({
      instrumentId: USDM,
      direction: 'long',
      quantity: 0.01,
      entryPrice: 50_260,
      stopPrice: 50_260 * (1 - 0.005),
      signalId: ADOPTED_SIGNAL_ID,
    });
    const restored = await restoreOpenPositions(store, engine.session, {
      key: KEY,
      now: engine.now(),
      gate: engine.reconciler,
    });
    expect(restored.ok).toBe(true);
    expect(engine.session.monitor.stopOf(adopted!.positionId)).toBe(50_260 * (1 - 0.005));
  });

  it('removes a stored position the exchange no longer holds and records its trade once', async () => {
    const { store, engine } = await restartedEngine(() => undefined);
    const gone = storedPosition({
      positionId: 'pos-eth-1',
      instrumentId: ETH,
      symbol: 'ETHUSDT',
      quantity: 1,
      entryPrice: 3_000,
    });
    await store.upsertPosition(gone);
    expect((await engine.reconciler.reconcile('startup')).status).toBe('resolved');
    expectOneResolvedRun(engine, ['missing_on_venue']);
    expect(discrepancies(engine)[0]).toMatchObject({
      instrumentId: ETH,
      localQuantity: 1,
      venueQuantity: 0,
      action: 'removed_locally_trade_recorded',
    });
    expect(await store.listPositions(KEY)).toEqual([]);
    const trades = await store.listTrades(ALL_TIME);
    expect(trades.map((t) => [t.positionId, t.reason, t.quantity])).toEqual([
      ['pos-eth-1', 'reconciled_closed', 1],
    ]);
    // The next run finds nothing left to do and appends nothing.
    expect((await engine.reconciler.reconcile('schedule')).status).toBe('clean');
    expect(await store.listTrades(ALL_TIME)).toHaveLength(1);
  });

  it("fixes a stored quantity to the exchange's when they differ", async () => {
    const { store, engine } = await restartedEngine((server) =>
      placeOnExchange(server, { side: 'BUY', quantity: '0.030' }),
    );
    await store.upsertPosition(storedPosition({ quantity: 0.02 }));
    expect((await engine.reconciler.reconcile('startup')).status).toBe('resolved');
    expectOneResolvedRun(engine, ['quantity_mismatch']);
    expect(discrepancies(engine)[0]).toMatchObject({
      localQuantity: 0.02,
      venueQuantity: 0.03,
      action: 'local_quantity_updated',
    });
    expect(await store.listPositions(KEY)).toEqual([
      expect.objectContaining({ positionId: 'pos-earlier-1', quantity: 0.03, stopPrice: 49_900 }),
    ]);
    expect((await engine.reconciler.reconcile('schedule')).status).toBe('clean');
  });

  it('cancels on the exchange a working order with our client-id prefix that the store does not know, and leaves a foreign one', async () => {
    const { server, store, engine } = await restartedEngine((s) => {
      const resting = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.010' };
      placeOnExchange(s, { ...resting, price: '40000', newClientOrderId: 'cl-lost-before-crash-1' });
      placeOnExchange(s, { ...resting, price: '39000', newClientOrderId: 'manual-by-a-person' });
    });
    expect((await engine.reconciler.reconcile('startup')).status).toBe('resolved');
    expectOneResolvedRun(engine, ['unknown_open_order', 'unknown_open_order']);
    const byDetail = (fragment: string) => discrepancies(engine).find((d) => d.detail.includes(fragment));
    expect(byDetail('cl-lost-before-crash-1')).toMatchObject({
      action: 'cancelled_on_venue',
      venueQuantity: 0.01,
    });
    expect(byDetail('manual-by-a-person')).toMatchObject({ action: 'left_working' });
    await expect.poll(() => server.order('cl-lost-before-crash-1')?.status).toBe('CANCELED');
    expect(server.order('manual-by-a-person')?.status).toBe('NEW');
    expect(await store.listOpenOrders(KEY)).toEqual([]);
  });
});
