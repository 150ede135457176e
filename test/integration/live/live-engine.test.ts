import { afterEach, describe, expect, it } from 'vitest';
import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/index.ts';
import { LiveEngine, RunScopedIds, type LiveEngineOptions } from '../../../core/src/app/live/index.ts';
import { defaultEngineConfig } from '../../../core/src/config/engine-config.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import type { OrderRequest } from '../../../core/src/ports/venue.ts';
import type { EngineHandle } from '../../../ingest-runner/src/runner/engine-handle.ts';
import type { FakeBinanceMarketServer } from '../../support/fake-binance/market-server.ts';
import { seeded } from '../binance-feed/feed-harness.ts';
import {
  cleanCandleLines,
  csvLines,
  expectSameCandles,
  startMarket,
  SYMBOLS,
  TRADES,
  waitFor,
} from './live-harness.ts';

const wallClock = { now: (): number => Date.now() };

interface Harness {
  readonly engine: LiveEngine;
  readonly market: FakeBinanceMarketServer;
  readonly events: EngineEvent[];
  readonly logger: MemoryLogger;
}

let running: Harness | undefined;
afterEach(async () => {
  await running?.engine.stop();
  await running?.market.close();
  running = undefined;
});

async function startEngine(options: Partial<LiveEngineOptions> = {}, speed = 100): Promise<Harness> {
  const market = await startMarket(speed);
  const events: EngineEvent[] = [];
  const logger = new MemoryLogger();
  const engine = new LiveEngine({
    config: defaultEngineConfig,
    venue: 'binance-spot',
    logger,
    wallClock,
    feed: {
      baseWsUrl: market.wsUrl,
      baseRestUrl: market.restUrl,
      random: seeded(),
      backoffBaseMs: 40,
      backoffMaxMs: 400,
      gapGraceMs: 100,
      restBaseDelayMs: 20,
    },
    eventLogSink: (line) => events.push(JSON.parse(line) as EngineEvent),
    reconcileRetryMs: 0,
    ...options,
  });
  running = { engine, market, events, logger };
  return running;
}

function ticksOf(engine: LiveEngine, symbol: string): number {
  return engine.report().symbols[symbol]?.ticks ?? 0;
}

describe('LiveEngine on a fake Binance market', () => {
  it('stops processing a removed symbol as soon as removeSymbol returns', async () => {
    const { engine, market } = await startEngine();
    await engine.start(SYMBOLS);
    await waitFor(() => market.openConnections > 0, 10_000, 'connection');
    market.play();
    await waitFor(() => ticksOf(engine, 'ETHUSDT') > 500, 10_000, 'ETH ticks');
    engine.removeSymbol('ETHUSDT');
    const atRemoval = ticksOf(engine, 'ETHUSDT');
    expect(engine.stats().symbols).toEqual(['BTCUSDT']);
    await market.finished;
    await waitFor(() => ticksOf(engine, 'BTCUSDT') === TRADES.length, 10_000, 'all BTC ticks');
    expect(ticksOf(engine, 'ETHUSDT')).toBe(atRemoval);
    expect(atRemoval).toBeLessThan(TRADES.length);
    expect(market.control.some((c) => c.method === 'UNSUBSCRIBE' && c.params.includes('ethusdt@trade'))).toBe(
      true,
    );
  }, 30_000);

  it('keeps collecting data but never trades when reconciliation cannot read the venue', async () => {
    const ids = new RunScopedIds(1);
    const paper = new PaperVenue(paperVenueOptions(defaultEngineConfig.execution), ids);
    const submitted: OrderRequest[] = [];
    const broken = Object.assign(Object.create(paper) as PaperVenue, {
      positions: () => Promise.reject(new Error('venue unreachable')),
      submit: (request: OrderRequest) => {
        submitted.push(request);
        return paper.submit(request);
      },
    });
    const { engine, market, events } = await startEngine({
      ids,
      stateStore: EmbeddedStateStore.inMemory(),
      venuePort: () => broken,
    });
    await engine.start(['BTCUSDT']);
    expect(engine.ready()).toBe(false);
    expect(engine.session()).toBeUndefined();
    await waitFor(() => market.openConnections > 0, 10_000, 'connection');
    market.play();
    await market.finished;
    await waitFor(() => engine.stats().ticks === TRADES.length, 10_000, 'all ticks');
    expect(engine.ready()).toBe(false);
    expect(engine.stats()).toMatchObject({ orders: 0, decisions: 0, openPositions: 0 });
    expect(submitted).toEqual([]);
    expect(engine.report().reconciliation).toMatchObject({ status: 'failed', error: 'venue unreachable' });
    expect(events.some((e) => e.type === 'RiskAlertRaised')).toBe(true);
    expect(events.some((e) => e.type === 'TradingSignalGenerated')).toBe(false);
  }, 30_000);

  it('serves as the runner engine handle (same stats shape, lag from the wall clock)', async () => {
    const { engine, market } = await startEngine();
    const handle: EngineHandle = engine;
    await handle.start(['BTCUSDT']);
    await waitFor(() => market.openConnections > 0, 10_000, 'connection');
    market.play();
    await market.finished;
    await waitFor(() => handle.stats().ticks === TRADES.length, 10_000, 'all ticks');
    const stats = handle.stats();
    expect(stats).toMatchObject({ venue: 'binance-spot', symbols: ['BTCUSDT'], reconnects: 0, errors: {} });
    // The tape is from 2024: lag is wall now minus the last trade's event time.
    expect(stats.feedLagMs).toBeGreaterThan(Date.now() - (TRADES.at(-1)?.time ?? 0) - 60_000);
    await handle.flush();
  }, 30_000);

  it('trades once reconciliation of the same venue succeeds', async () => {
    const { engine } = await startEngine({ stateStore: EmbeddedStateStore.inMemory() });
    await engine.start(['BTCUSDT']);
    expect(engine.ready()).toBe(true);
    expect(engine.session()).toBeDefined();
    expect(engine.report().reconciliation).toMatchObject({ status: 'clean' });
  }, 30_000);

  it('restores a stored open position with its stop after a clean reconciliation', async () => {
    const store = EmbeddedStateStore.inMemory();
    const instrumentId = 'binance-spot:BTCUSDT';
    await store.upsertPosition({
      exchange: 'binance',
      marketType: 'spot',
      positionId: 'pos-before-restart',
      instrumentId,
      symbol: 'BTCUSDT',
      direction: 'long',
      quantity: 0.01,
      entryPrice: 60_000,
      entryTime: 1,
      initialStop: 59_700,
      stopPrice: 59_850,
      entryFees: 0.6,
      signalId: 'signal-before-restart',
      unrealizedPnl: 0,
      updatedAt: 1,
    });
    const ids = new RunScopedIds(2);
    const paper = new PaperVenue(paperVenueOptions(defaultEngineConfig.execution), ids);
    const holding = Object.assign(Object.create(paper) as PaperVenue, {
      positions: () => Promise.resolve([{ instrumentId, quantity: 0.01, entryPrice: 60_000 }]),
    });
    const { engine } = await startEngine({ ids, stateStore: store, venuePort: () => holding });
    await engine.start(['BTCUSDT']);
    expect(engine.ready()).toBe(true);
    expect(engine.report().reconciliation).toMatchObject({ status: 'clean', restored_positions: 1 });
    const session = engine.session();
    expect(session?.execution.positions().map((p) => p.positionId)).toEqual(['pos-before-restart']);
    expect(session?.monitor.stopOf('pos-before-restart')).toBe(59_850);
    expect(engine.stats().openPositions).toBe(1);
  }, 30_000);

  it('reports a lost and recovered connection, backfills the hole, and keeps candles exact', async () => {
    const { engine, market, events } = await startEngine({}, 60);
    market.faults.dropAt.add(1200);
    await engine.start(SYMBOLS);
    await waitFor(() => market.openConnections > 0, 10_000, 'connection');
    market.play();
    await market.finished;
    await waitFor(
      () => SYMBOLS.every((s) => ticksOf(engine, s) === TRADES.length),
      15_000,
      'every trade after the reconnect',
    );
    await engine.stop();
    const types = events.map((e) => e.type);
    expect(types).toContain('MarketDataConnectionLost');
    expect(types).toContain('MarketDataConnectionRecovered');
    expect(engine.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(engine.report().feed.gaps).toBeGreaterThanOrEqual(1);
    expect(engine.report().feed.backfilled).toBeGreaterThan(0);
    const lines = csvLines(engine.candles1m());
    for (const symbol of SYMBOLS) {
      const live = lines.filter((l) => l.startsWith(`${symbol},`));
      expectSameCandles(live, cleanCandleLines(symbol, market.released(symbol)));
    }
  }, 40_000);

  it('warms a symbol up from klines before its first trade, and starts cold when they fail', async () => {
    const { engine, market, logger } = await startEngine();
    market.restFaults.serverErrors = 100;
    await engine.start(['BTCUSDT']);
    await waitFor(() => market.openConnections > 0, 10_000, 'connection');
    market.play();
    await market.finished;
    await waitFor(() => engine.stats().ticks === TRADES.length, 15_000, 'all ticks');
    const warm = engine.report().warmup['binance-spot:BTCUSDT'];
    expect(warm).toMatchObject({ ok: false, candles_1m_used: 0 });
    expect(engine.stats().errors.warm_up_failures).toBe(1);
    expect(logger.entries.some((e) => e.message === 'warm-up failed, symbol starts cold')).toBe(true);
  }, 30_000);
});
