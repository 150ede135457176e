import { createBinanceVenue, type BinanceVenue } from '../../../core/src/adapters/binance/execution/index.ts';
import { asSessionVenue, RunScopedIds } from '../../../core/src/app/live/index.ts';
import { Reconciler } from '../../../core/src/app/reconciliation/index.ts';
import { StateSync } from '../../../core/src/app/state-sync.ts';
import { TradingSession } from '../../../core/src/app/trading-session.ts';
import { parseEngineConfig } from '../../../core/src/config/engine-config.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import type { IdGenerator } from '../../../core/src/ports/ids.ts';
import { MemoryLogger, silentLogger } from '../../../core/src/ports/logger.ts';
import type { StateStore } from '../../../core/src/ports/state-store.ts';
import {
  FakeBinanceTradingServer,
  TEST_API_KEY,
  TEST_SECRET,
} from '../../support/fake-binance/trading-server.ts';
import { tick } from '../../support/tape.ts';
import { snapshot } from '../../unit/decision/fixtures.ts';
import { waitFor } from '../../support/wait.ts';

export const USDM = 'binance-usdm:BTCUSDT';
export const KEY = { exchange: 'binance', marketType: 'usdm' };
export const config = parseEngineConfig({});

/** Run-scoped ids as the live engine uses them: `cl-<run>-<n>`, never reused by a restarted process. */
let runs = Date.now();
export function freshIds(): RunScopedIds {
  runs += 1_000;
  return new RunScopedIds(runs);
}

/** The exchange: outlives every engine process of a test. */
export async function startFakeExchange(): Promise<FakeBinanceTradingServer> {
  const server = await FakeBinanceTradingServer.start('usdm');
  server.setPrice('BTCUSDT', 50_260);
  server.setPrice('ETHUSDT', 3_000);
  server.book.balance('USDT').free = 50_000;
  return server;
}

/** A started live USD-M venue on the fake (real wall clock: fills carry the venue's times). */
export async function startLiveVenue(
  server: FakeBinanceTradingServer,
  ids: IdGenerator,
  publish: (event: EngineEvent) => void = () => undefined,
): Promise<BinanceVenue> {
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
    publish,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    requestTimeoutMs: 500,
    retryBackoffMs: 20,
    pollIntervalMs: 0,
    queryFillGraceMs: 50,
  });
  await venue.start();
  return venue;
}

/**
 * One engine process as H3's paper crash test wires it, on the live venue: its own bus, ids, session,
 * state sync and reconciler. Event time is the wall clock, because the venue's fills carry wall-clock
 * times and the monitor ignores trades older than a position's entry.
 */
export function bootProcess(
  server: FakeBinanceTradingServer,
  venue: BinanceVenue,
  store: StateStore,
  ids: IdGenerator = freshIds(),
) {
  const clock = new ManualClock(Date.now());
  const factory = new EventFactory(clock, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const session = new TradingSession({
    config,
    bus,
    emitter,
    ids,
    venue: asSessionVenue(venue),
    records: undefined,
  });
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
  let last = 0;
  const now = () => {
    // Strictly increasing event times, never behind the wall clock the venue stamps fills with.
    last = Math.max(Date.now(), last + 1);
    clock.set(last);
    return last;
  };
  /** A market trade at `price`: the exchange's price moves first, then the engine sees the trade. */
  const trade = (price: number, side: 'buy' | 'sell' = 'buy') => {
    server.setPrice('BTCUSDT', price);
    const ts = now();
    session.onTrade(tick(ts, price, 5, side, USDM));
  };
  /** The fixture's long setup at 50,260 (the decision engine's entry signal). */
  const analytics = () => {
    const ts = now();
    emitter.emit('AnalyticsUpdated', ts, snapshot({ instrumentId: USDM, ts }));
  };
  const count = (type: EngineEvent['type']) => events.filter((e) => e.type === type).length;
  return { ids, clock, emitter, events, session, sync, reconciler, trade, analytics, count, now };
}

export type EngineProcess = ReturnType<typeof bootProcess>;

/** Polls until `predicate` holds (the venue reports asynchronously). */
export function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return waitFor(predicate, timeoutMs, what);
}
