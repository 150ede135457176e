import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import { buildChannels } from '../../../functions/src/notifications/channel-config.ts';
import { DEFAULT_RETRY } from '../../../functions/src/notifications/delivery.ts';
import {
  DEFAULT_BATCH_THRESHOLD,
  DEFAULT_DEDUP_TTL_MS,
  type NotificationDeps,
} from '../../../functions/src/notifications/handlers.ts';
import type { NotificationStore } from '../../../functions/src/notifications/store.ts';
import { InMemoryNotificationStore } from '../../../functions/src/notifications/store.ts';
import {
  TokenBucketLimiter,
  type TokenBucketConfig,
} from '../../../functions/src/notifications/rate-limiter.ts';
import { DISCORD_PATH, WEBHOOK_PATH, type FakeNotify } from './fake-notify.ts';

export const NOV_25_2026_NOON = Date.UTC(2026, 10, 25, 12);
export const BOT_TOKEN = 'fake-telegram-bot-token';
export const CHAT_ID = '-100777';
export const SENDGRID_KEY = 'fake-sendgrid-key';
export const SIGNING_SECRET = 'fake-webhook-signing-secret';

export type TestDeps = NotificationDeps & {
  readonly clock: ManualClock;
  readonly logger: MemoryLogger;
  /** Every wait the retry loop asked for (the test sleep returns at once and moves the clock). */
  readonly sleeps: number[];
};

/** All four channels against the fake; the store defaults to memory (the emulator tests pass Firestore). */
export function testDeps(
  fake: FakeNotify,
  options: { store?: NotificationStore; rateLimit?: TokenBucketConfig; random?: () => number } = {},
): TestDeps {
  const clock = new ManualClock(NOV_25_2026_NOON);
  const sleeps: number[] = [];
  const channels = buildChannels(
    {
      email: {
        baseUrl: fake.baseUrl,
        apiKey: SENDGRID_KEY,
        from: 'engine@example.com',
        to: ['ops@example.com', 'trader@example.com'],
      },
      telegram: { baseUrl: fake.baseUrl, botToken: BOT_TOKEN, chatId: CHAT_ID },
      discord: { webhookUrl: `${fake.baseUrl}${DISCORD_PATH}` },
      webhook: { url: `${fake.baseUrl}${WEBHOOK_PATH}`, signingSecret: SIGNING_SECRET },
    },
    clock,
  );
  return {
    store: options.store ?? new InMemoryNotificationStore(),
    channels,
    limiter: new TokenBucketLimiter(options.rateLimit ?? { capacity: 100, perMinute: 100 }, clock),
    retry: {
      ...DEFAULT_RETRY,
      sleep: (ms) => {
        sleeps.push(ms);
        clock.set(clock.now() + ms);
        return Promise.resolve();
      },
      random: options.random ?? (() => 0.5),
    },
    clock,
    logger: new MemoryLogger(),
    batchThreshold: DEFAULT_BATCH_THRESHOLD,
    dedupTtlMs: DEFAULT_DEDUP_TTL_MS,
    sleeps,
  };
}

/** Engine events as the engine would publish them (factory ids `evt-<n>`, or a namespace per test). */
export function eventMaker(namespace = '') {
  const factory = new EventFactory(new ManualClock(NOV_25_2026_NOON), new SequentialIds(namespace));
  const at = NOV_25_2026_NOON - 1_000;
  return {
    fill: (): EngineEvent =>
      factory.create('OrderFilled', at, {
        fillId: 'fill-1',
        orderId: 'venue-1',
        clientOrderId: 'co-1',
        instrumentId: 'binance-usdm:BTCUSDT',
        side: 'buy',
        price: 97_250.5,
        quantity: 0.01,
        fee: 0.39,
        liquidity: 'taker',
        ts: at,
        orderComplete: true,
      }),
    connectionLost: (): EngineEvent =>
      factory.create('MarketDataConnectionLost', at, {
        venue: 'binance',
        marketType: 'usdm',
        connectionId: 'ws-1',
        reason: 'socket closed <1006>',
        streams: 12,
      }),
    dump: (positionId = 'pos-1'): EngineEvent =>
      factory.create('DumpDetected', at, {
        positionId,
        instrumentId: 'binance-usdm:PEPEUSDT',
        trigger: 'volume_spike',
        detail: 'volume 6x with -1.2% move',
        price: 0.0000123,
      }),
    recovered: (): EngineEvent =>
      factory.create('MarketDataConnectionRecovered', at, {
        venue: 'binance',
        marketType: 'usdm',
        connectionId: 'ws-1',
        downtimeMs: 4_200,
        attempts: 2,
      }),
    candle: (): EngineEvent =>
      factory.create('CandleCompleted', at, {
        instrumentId: 'binance-usdm:BTCUSDT',
        timeframe: '1m',
        openTime: at - 60_000,
        closeTime: at,
        open: 1,
        high: 1,
        low: 1,
        close: 1,
        volume: 1,
        buyVolume: 1,
        sellVolume: 0,
        trades: 1,
        buyTrades: 1,
        sellTrades: 0,
      }),
  };
}
