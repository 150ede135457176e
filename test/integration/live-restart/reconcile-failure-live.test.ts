import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceVenue } from '../../../core/src/adapters/binance/execution/index.ts';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/embedded-state-store.ts';
import { LiveTrading } from '../../../core/src/app/live/index.ts';
import { restoreOpenPositions } from '../../../core/src/app/restore.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import type { StoredPosition } from '../../../core/src/ports/state-store.ts';
import type { FakeBinanceTradingServer } from '../../support/fake-binance/trading-server.ts';
import { TEST_API_KEY, TEST_SECRET, type TradingFault } from '../../support/fake-binance/trading-server.ts';
import { snapshot } from '../../unit/decision/fixtures.ts';
import {
  KEY,
  USDM,
  bootProcess,
  config,
  freshIds,
  startFakeExchange,
  startLiveVenue,
  until,
} from './world.ts';

const ALL_TIME = { since: 0, until: Number.MAX_SAFE_INTEGER };
const ORDER_POST = ['POST', '/fapi/v1/order'] as const;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function exchange(): Promise<FakeBinanceTradingServer> {
  const server = await startFakeExchange();
  cleanups.push(() => server.stop());
  return server;
}

function memoryStore(): EmbeddedStateStore {
  const store = EmbeddedStateStore.inMemory();
  cleanups.push(() => store.close());
  return store;
}

/** LiveTrading on a live USD-M venue against the fake, with its bus and every event it published. */
function liveTrading(
  server: FakeBinanceTradingServer,
  stateStore: EmbeddedStateStore,
  options: { reconcileRetryMs: number; onReady: () => void },
): { trading: LiveTrading; emitter: BusEmitter; events: EngineEvent[] } {
  const ids = freshIds();
  const factory = new EventFactory({ now: () => Date.now() }, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const venue = createBinanceVenue({
    venue: 'binance-usdm',
    live: true,
    apiKey: TEST_API_KEY,
    secret: TEST_SECRET,
    restBaseUrl: server.restBaseUrl,
    wsBaseUrl: server.wsBaseUrl,
    clock: { now: () => Date.now() },
    ids,
    logger: new MemoryLogger(),
    publish: () => undefined,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    requestTimeoutMs: 500,
    retryBackoffMs: 20,
    pollIntervalMs: 0,
  });
  const trading = new LiveTrading({
    config,
    bus,
    emitter,
    ids,
    wallClock: { now: () => Date.now() },
    logger: new MemoryLogger(),
    venue,
    key: KEY,
    stateStore,
    records: undefined,
    riskRecords: undefined,
    reconcileRetryMs: options.reconcileRetryMs,
    reconcileEveryMs: 0,
    onReady: options.onReady,
  });
  cleanups.push(() => trading.stop());
  return { trading, emitter, events };
}

/** A long the store holds from an earlier life; the flat exchange would make it `missing_on_venue`. */
const held: StoredPosition = {
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
};

interface FaultCase {
  readonly fault: TradingFault;
  readonly path: string;
  /** The VenuePort query the failing read belongs to, as VenueQueryFailed names it. */
  readonly query: 'positions' | 'openOrders';
}

const FAULTS: Record<string, FaultCase> = {
  'answers 503 to positionRisk': {
    fault: { kind: 'server_error', status: 503, created: false },
    path: '/fapi/v3/positionRisk',
    query: 'positions',
  },
  'never answers positionRisk (client timeout)': {
    fault: { kind: 'hang', created: false },
    path: '/fapi/v3/positionRisk',
    query: 'positions',
  },
  'answers 500 to openOrders': {
    fault: { kind: 'server_error', status: 500, created: false },
    path: '/fapi/v1/openOrders',
    query: 'openOrders',
  },
  'never answers openOrders (client timeout)': {
    fault: { kind: 'hang', created: false },
    path: '/fapi/v1/openOrders',
    query: 'openOrders',
  },
};

describe('a startup reconciliation whose venue query fails, on the live Binance venue (fake exchange)', () => {
  it.each(Object.keys(FAULTS))(
    'fails closed when the exchange %s: nothing changes, trading stays blocked',
    async (name) => {
      const { fault, path, query } = FAULTS[name]!;
      const server = await exchange();
      const store = memoryStore();
      await store.upsertPosition(held);
      const ids = freshIds();
      const venue = await startLiveVenue(server, ids);
      cleanups.push(() => venue.stop());
      server.arm(fault, { target: 'any_signed', path });
      const engine = bootProcess(server, venue, store, ids);

      const outcome = await engine.reconciler.reconcile('startup');
      expect(outcome).toMatchObject({ status: 'failed', resolutions: [], positionsChecked: 0 });
      expect(outcome.error).toMatch(new RegExp(`^${query} failed: `));
      const types = engine.events.map((e) => e.type);
      expect(types).not.toContain('ReconciliationDiscrepancyFound');
      expect(engine.events.filter((e) => e.type === 'ReconciliationCompleted')).toEqual([
        expect.objectContaining({ payload: expect.objectContaining({ status: 'failed', discrepancies: 0 }) }),
      ]);
      expect(engine.reconciler.isTradingAllowed()).toBe(false);
      // The store is exactly as the earlier life left it: no removal, no estimated trade.
      expect(await store.listPositions(KEY)).toEqual([held]);
      expect(await store.listTrades(ALL_TIME)).toEqual([]);
      const restored = await restoreOpenPositions(store, engine.session, {
        key: KEY,
        now: engine.now(),
        gate: engine.reconciler,
      });
      expect(restored).toMatchObject({ ok: false, reasonCode: 'not_reconciled' });
      expect(engine.session.execution.positions()).toEqual([]);
    },
  );

  it('places no order for a signal while the failed reconciliation blocks trading, and trades once a retry succeeds', async () => {
    const server = await exchange();
    const store = memoryStore();
    let ready = 0;
    const { trading, emitter, events } = liveTrading(server, store, {
      reconcileRetryMs: 300,
      onReady: () => (ready += 1),
    });
    // Starting the venue sends no signed request; the first signed ones are reconciliation's reads.
    server.arm({ kind: 'server_error', status: 502, created: false }, { target: 'any_signed' });
    await trading.start();
    expect(trading.reconciliation()).toMatchObject({ status: 'failed' });
    expect(trading.ready()).toBe(false);

    const signal = () => {
      const ts = Date.now();
      emitter.emit('AnalyticsUpdated', ts, snapshot({ instrumentId: USDM, ts }));
    };
    signal();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.filter((e) => e.type === 'TradingSignalGenerated')).toEqual([]);
    expect(server.countRequests(...ORDER_POST)).toBe(0);
    expect(server.book.orders.size).toBe(0);

    // The timer retries; the exchange answers now, so trading starts and the same setup trades.
    await until(() => trading.ready(), 'the retried reconciliation', 20_000);
    expect(trading.reconciliation()).toMatchObject({ status: 'clean' });
    expect(ready).toBe(1);
    signal();
    await until(() => events.some((e) => e.type === 'PositionOpened'), 'the entry fill');
    expect(server.countRequests(...ORDER_POST)).toBe(1);
    expect(server.book.positions.get('BTCUSDT')?.amt).toBeGreaterThan(0);
  });
  it('blocks new entries after a scheduled reconciliation fails and lifts the block after a clean one', async () => {
    const server = await exchange();
    const { trading, emitter, events } = liveTrading(server, memoryStore(), {
      reconcileRetryMs: 0,
      onReady: () => undefined,
    });
    await trading.start();
    expect(trading.ready()).toBe(true);

    server.arm({ kind: 'server_error', status: 502, created: false }, { target: 'any_signed' });
    await trading.scheduled();
    expect(trading.reconciliation()).toMatchObject({ status: 'failed' });
    const first = Date.now();
    emitter.emit('AnalyticsUpdated', first, snapshot({ instrumentId: USDM, ts: first }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rejected = events.filter((e) => e.type === 'SignalRejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.payload).toMatchObject({ reasonCode: 'reconciliation_failed' });
    expect(server.countRequests(...ORDER_POST)).toBe(0);

    await trading.scheduled();
    expect(trading.reconciliation()).toMatchObject({ status: 'clean' });
    // Past the signal cooldown (event time), the same setup trades again.
    const later = first + 120_000;
    emitter.emit('AnalyticsUpdated', later, snapshot({ instrumentId: USDM, ts: later }));
    await until(() => events.some((e) => e.type === 'PositionOpened'), 'the entry fill');
    expect(server.countRequests(...ORDER_POST)).toBe(1);
  });
});
