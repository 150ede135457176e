import { expect } from 'vitest';
import {
  createBinanceFeed,
  type BinanceFeed,
  type BinanceFeedOptions,
  type FeedEvent,
} from '../../../core/src/adapters/binance/feed/index.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import {
  captureTick,
  loadCaptureTrades,
  oneMinuteCandles,
  SPOT_BTC_CAPTURE,
  type CaptureTrade,
} from '../../support/fake-binance/market-capture.ts';
import {
  FakeBinanceMarketServer,
  type MarketServerOptions,
} from '../../support/fake-binance/market-server.ts';
import { waitFor as pollUntil } from '../../support/wait.ts';

export const wallClock = { now: (): number => Date.now() };
export const SPOT_TRADES: readonly CaptureTrade[] = loadCaptureTrades(SPOT_BTC_CAPTURE, 3000);
export const FIRST_ID = (SPOT_TRADES[0] as CaptureTrade).id;

/** A seeded generator so backoff jitter repeats run to run. */
export function seeded(seed = 1): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Run {
  readonly server: FakeBinanceMarketServer;
  readonly feed: BinanceFeed;
  readonly ticks: TradeTick[];
  readonly events: FeedEvent[];
  readonly logger: MemoryLogger;
  close(): Promise<void>;
}

export async function startRun(
  serverOptions: Partial<MarketServerOptions> = {},
  feedOptions: Partial<BinanceFeedOptions> = {},
): Promise<Run> {
  const server = await FakeBinanceMarketServer.start({
    venue: 'spot',
    tapes: new Map([['BTCUSDT', SPOT_TRADES]]),
    speed: 150,
    ...serverOptions,
  });
  const ticks: TradeTick[] = [];
  const events: FeedEvent[] = [];
  const logger = new MemoryLogger();
  const feed = createBinanceFeed({
    venue: 'binance-spot',
    symbols: [...(serverOptions.tapes ?? new Map([['BTCUSDT', []]])).keys()],
    clock: wallClock,
    logger,
    onTick: (t) => ticks.push(t),
    onEvent: (e) => events.push(e),
    baseWsUrl: server.wsUrl,
    baseRestUrl: server.restUrl,
    random: seeded(),
    backoffBaseMs: 40,
    backoffMaxMs: 400,
    gapGraceMs: 100,
    restBaseDelayMs: 20,
    ...feedOptions,
  });
  return {
    server,
    feed,
    ticks,
    events,
    logger,
    close: async () => {
      feed.stop();
      await server.close();
    },
  };
}

export function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  return pollUntil(condition, timeoutMs, 'the feed', 10);
}

/** Starts the feed, waits for its connection, plays the whole tape and waits until the feed caught up. */
export async function playToEnd(run: Run, symbols = ['BTCUSDT']): Promise<void> {
  run.feed.start();
  await waitFor(() => run.server.openConnections > 0 && run.feed.stats().connected > 0);
  run.server.play();
  await run.server.finished;
  await waitFor(() => {
    const stats = run.feed.stats();
    if (stats.busySymbols > 0 || stats.connected === 0) return false;
    return symbols.every((s) => {
      const released = run.server.released(s);
      const lastId = released[released.length - 1]?.id;
      const mine = run.ticks.filter((t) => t.instrumentId.endsWith(`:${s}`));
      return mine[mine.length - 1]?.tradeId === lastId;
    });
  });
}

export function eventsOf(run: Run, type: FeedEvent['type']): FeedEvent[] {
  return run.events.filter((e) => e.type === type);
}

/** Every released trade exactly once, in id order, and the same 1m candles as a clean replay. */
export function expectExactTape(run: Run, symbol = 'BTCUSDT', instrumentId = `binance-spot:${symbol}`): void {
  const received = run.ticks.filter((t) => t.instrumentId === instrumentId);
  const released = run.server.released(symbol);
  expect(received.map((t) => t.tradeId)).toEqual(released.map((t) => t.id));
  const clean = released.map((t) => captureTick(instrumentId, t));
  const candles = oneMinuteCandles(received);
  expect(candles.length).toBeGreaterThan(0);
  expect(candles).toEqual(oneMinuteCandles(clean));
}
