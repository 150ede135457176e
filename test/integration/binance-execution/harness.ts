import {
  createBinanceVenue,
  type BinanceVenue,
  type BinanceVenueConfig,
} from '../../../core/src/adapters/binance/execution/index.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import type { ExecutionReport, OrderRequest } from '../../../core/src/ports/venue.ts';
import {
  FakeBinanceTradingServer,
  TEST_API_KEY,
  TEST_SECRET,
} from '../../support/fake-binance/trading-server.ts';
import type { FakeMarket } from '../../support/fake-binance/trading-exchange-info.ts';

export interface Harness {
  readonly server: FakeBinanceTradingServer;
  readonly venue: BinanceVenue;
  readonly reports: ExecutionReport[];
  readonly events: EngineEvent[];
  readonly logger: MemoryLogger;
  stop(): Promise<void>;
}

/** A fake server of one market type and a started venue wired to it (real wall clock: latency is real). */
export async function startHarness(
  market: FakeMarket,
  overrides: Partial<BinanceVenueConfig> = {},
): Promise<Harness> {
  const server = await FakeBinanceTradingServer.start(market);
  server.setPrice('BTCUSDT', 60_000);
  server.setPrice('ETHUSDT', 3_000);
  if (market === 'spot') {
    server.book.balance('USDT').free = 100_000;
    server.book.balance('BTC').free = 0;
  } else {
    server.book.balance('USDT').free = 50_000;
  }
  const reports: ExecutionReport[] = [];
  const events: EngineEvent[] = [];
  const logger = new MemoryLogger();
  const venue = createBinanceVenue({
    venue: market === 'spot' ? 'binance-spot' : 'binance-usdm',
    live: true,
    apiKey: TEST_API_KEY,
    secret: TEST_SECRET,
    restBaseUrl: server.restBaseUrl,
    wsBaseUrl: server.wsBaseUrl,
    clock: { now: () => Date.now() },
    ids: new SequentialIds(),
    logger,
    publish: (event) => events.push(event),
    symbols: ['BTCUSDT', 'ETHUSDT'],
    requestTimeoutMs: 1_000,
    retryBackoffMs: 20,
    pollIntervalMs: 0,
    ...overrides,
  });
  venue.onExecution((report) => reports.push(report));
  await venue.start();
  return {
    server,
    venue,
    reports,
    events,
    logger,
    stop: async () => {
      await venue.stop();
      await server.stop();
    },
  };
}

export function request(instrumentId: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: `cl-${Math.random().toString(36).slice(2, 10)}`,
    instrumentId,
    side: 'buy',
    type: 'market',
    quantity: 0.01,
    limitPrice: undefined,
    timeInForce: 'gtc',
    reduceOnly: false,
    ts: Date.now(),
    purpose: 'test',
    ...overrides,
  };
}

export { waitFor } from '../../support/wait.ts';

export function fills(reports: readonly ExecutionReport[], clientOrderId: string) {
  return reports.flatMap((r) =>
    r.kind === 'fill' && r.fill.clientOrderId === clientOrderId ? [r.fill] : [],
  );
}

export function ends(reports: readonly ExecutionReport[], clientOrderId: string) {
  return reports.flatMap((r) =>
    r.kind === 'cancelled' && r.order.clientOrderId === clientOrderId ? [r] : [],
  );
}
