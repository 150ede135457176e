import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/embedded-state-store.ts';
import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import { Reconciler } from '../../../core/src/app/reconciliation/index.ts';
import { restoreOpenPositions } from '../../../core/src/app/restore.ts';
import { StateSync } from '../../../core/src/app/state-sync.ts';
import { TradingSession } from '../../../core/src/app/trading-session.ts';
import { parseEngineConfig } from '../../../core/src/config/engine-config.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import type { StateStore } from '../../../core/src/ports/state-store.ts';
import { T0, snapshot } from '../../unit/decision/fixtures.ts';
import { MemoryStateStore } from '../../unit/reconciliation/memory-state-store.ts';
import { tick } from '../../support/tape.ts';

const USDM = 'binance-usdm:BTCUSDT';
const KEY = { exchange: 'binance', marketType: 'usdm' };
const config = parseEngineConfig({});

/** One engine process: its own bus, ids and session, on the venue and store that outlive it. */
function boot(namespace: string, venue: PaperVenue, store: StateStore, clock: ManualClock) {
  const ids = new SequentialIds(namespace);
  const factory = new EventFactory(clock, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const session = new TradingSession({ config, bus, emitter, ids, venue, records: undefined });
  const sync = new StateSync({
    bus,
    emitter,
    store,
    key: KEY,
    clock,
    logger: silentLogger,
    live: {
      positions: () => session.execution.positions(),
      stopOf: (id) => session.monitor.stopOf(id),
      lastPrice: (id) => session.execution.lastPrice(id),
    },
  });
  const reconciler = new Reconciler({
    key: KEY,
    venue,
    store,
    emitter,
    clock,
    ids,
    logger: silentLogger,
    markPrice: (id) => session.execution.lastPrice(id),
    settle: () => sync.flush(),
  });
  const trade = (ts: number, price: number, side: 'buy' | 'sell' = 'buy') => {
    clock.set(ts);
    session.onTrade(tick(ts, price, 5, side, USDM));
  };
  return { ids, emitter, events, session, sync, reconciler, trade };
}

function sharedWorld() {
  const clock = new ManualClock(T0);
  // The venue outlives the engine process, as an exchange does.
  const venue = new PaperVenue(paperVenueOptions(config.execution), new SequentialIds('venue'));
  return { clock, venue };
}

/** First life: a long opens at 50,260 × 1.0001, runs to 50,800 (stop 50,546), and the process dies. */
async function firstLife(store: StateStore) {
  const { clock, venue } = sharedWorld();
  const first = boot('a', venue, store, clock);
  first.emitter.emit('AnalyticsUpdated', T0, snapshot({ instrumentId: USDM }));
  first.trade(T0 + 10, 50_260);
  first.trade(T0 + 60, 50_260);
  first.trade(T0 + 500, 50_800);
  const [open] = first.session.execution.positions();
  if (!open) throw new Error('the first life opened no position');
  expect(first.session.monitor.stopOf(open.positionId)).toBe(50_546);
  // The cadence write (analytics updates every 2 s, synced every 5 s) lands; then the crash: no flush.
  first.sync.syncPositions();
  await vi.waitFor(() =>
    expect(store.getPosition(open.positionId)).resolves.toMatchObject({ stopPrice: 50_546 }),
  );
  first.sync.stop();
  return { clock, venue, open };
}

interface StoreLife {
  readonly first: StateStore;
  /** The store the restarted process opens (the same data). */
  reopen(): Promise<StateStore>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

const STORES: Record<string, () => Promise<StoreLife>> = {
  'the in-memory test double': async () => {
    const store = new MemoryStateStore();
    return { first: store, reopen: async () => store };
  },
  'the embedded store on a file, reopened': async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crash-restart-'));
    const file = join(dir, 'state.duckdb');
    const first = await EmbeddedStateStore.openFile(file);
    const opened: StateStore[] = [first];
    cleanups.push(async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
    return {
      first,
      reopen: async () => {
        // The dead process's handle goes away; what it wrote is on disk.
        await first.close();
        const second = await EmbeddedStateStore.openFile(file);
        opened.push(second);
        return second;
      },
    };
  },
};

describe.each(Object.keys(STORES))('crash and restart with durable state in %s', (name) => {
  it('resumes the open position with its stop, keeps trailing from it, and records one trade on close', async () => {
    const life = await STORES[name]!();
    const { clock, venue, open } = await firstLife(life.first);
    const store = await life.reopen();
    expect(await venue.positions()).toEqual([
      { instrumentId: USDM, quantity: open.quantity, entryPrice: open.entryPrice },
    ]);

    clock.set(T0 + 1_000);
    const second = boot('b', venue, store, clock);
    expect(second.reconciler.isTradingAllowed()).toBe(false);
    const outcome = await second.reconciler.reconcile('startup');
    expect(outcome).toMatchObject({ status: 'clean', positionsChecked: 1 });
    const restored = await restoreOpenPositions(store, second.session, {
      key: KEY,
      now: clock.now(),
      gate: second.reconciler,
    });
    expect(restored.ok).toBe(true);
    const [resumed] = second.session.execution.positions();
    expect(resumed).toMatchObject({
      positionId: open.positionId,
      quantity: open.quantity,
      entryPrice: open.entryPrice,
    });
    expect(second.session.monitor.stopOf(open.positionId)).toBe(50_546);

    // The tape goes on: a new high tightens from the stored level, a dip does not loosen it.
    second.trade(T0 + 1_200, 51_000);
    expect(second.session.monitor.stopOf(open.positionId)).toBe(51_000 - 51_000 * 0.005);
    second.trade(T0 + 1_300, 50_900, 'sell');
    expect(second.session.monitor.stopOf(open.positionId)).toBe(50_745);
    expect(second.events.some((e) => e.type === 'ExitTriggered')).toBe(false);
    second.trade(T0 + 1_400, 50_740, 'sell');
    second.trade(T0 + 1_500, 50_730, 'sell');
    const closed = second.events.find((e) => e.type === 'PositionClosed');
    expect(closed?.payload).toMatchObject({ reason: 'trailing_stop', exitPrice: 50_730 * 0.9999 });
    expect(await venue.positions()).toEqual([]);

    await second.sync.flush();
    const trades = await store.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER });
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      positionId: open.positionId,
      quantity: open.quantity,
      entryPrice: open.entryPrice,
      reason: 'trailing_stop',
    });
    const gross = (50_730 * 0.9999 - open.entryPrice) * open.quantity;
    expect(trades[0]!.pnl).toBeCloseTo(gross - trades[0]!.fees, 6);
    expect(await store.listPositions(KEY)).toEqual([]);
    // A later reconciliation agrees with the venue and appends nothing more.
    expect((await second.reconciler.reconcile('schedule')).status).toBe('clean');
    expect(await store.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER })).toHaveLength(1);
  });

  it('records the position as closed by reconciliation when the venue closed it during the downtime', async () => {
    const life = await STORES[name]!();
    const { clock, venue, open } = await firstLife(life.first);
    const store = await life.reopen();
    // Someone flattens the account by hand while the engine is down.
    venue.submit({
      clientOrderId: 'manual-1',
      instrumentId: USDM,
      side: 'sell',
      type: 'market',
      quantity: open.quantity,
      limitPrice: undefined,
      timeInForce: 'gtc',
      reduceOnly: true,
      ts: T0 + 600,
      purpose: 'manual',
    });
    venue.onTrade(tick(T0 + 700, 50_700, 5, 'sell', USDM));
    expect(await venue.positions()).toEqual([]);

    clock.set(T0 + 1_000);
    const second = boot('b', venue, store, clock);
    const outcome = await second.reconciler.reconcile('startup');
    expect(outcome.status).toBe('resolved');
    expect(outcome.resolutions.map((r) => r.kind)).toEqual(['missing_on_venue']);
    const restored = await restoreOpenPositions(store, second.session, { key: KEY, now: clock.now() });
    expect(restored).toMatchObject({ ok: true, restored: [] });
    const trades = await store.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER });
    expect(trades.map((t) => [t.positionId, t.reason])).toEqual([[open.positionId, 'reconciled_closed']]);
  });
});
