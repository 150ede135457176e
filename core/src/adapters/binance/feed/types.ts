import type { PayloadOf } from '../../../events/events.ts';

export type BinanceMarketVenue = 'binance-spot' | 'binance-usdm';
/** `trade` streams every print; `aggTrade` merges prints of one taker order at one price. */
export type TradeStreamKind = 'trade' | 'aggTrade';

/** Timer functions, injectable so tests can drive reconnects and stale checks deterministically. */
export interface FeedTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: FeedTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The feed's events, stamped by the caller's emitter (`feedEventsTo` wires them to the bus). */
export type FeedEvent =
  | {
      readonly type: 'MarketDataConnectionLost';
      readonly eventTime: number;
      readonly payload: PayloadOf<'MarketDataConnectionLost'>;
    }
  | {
      readonly type: 'MarketDataConnectionRecovered';
      readonly eventTime: number;
      readonly payload: PayloadOf<'MarketDataConnectionRecovered'>;
    }
  | {
      readonly type: 'MarketDataGapDetected';
      readonly eventTime: number;
      readonly payload: PayloadOf<'MarketDataGapDetected'>;
    };

/** Jittered exponential backoff: half the capped exponential plus a random half (never zero). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Binance limits per venue: streams per connection and control messages per second. */
export const VENUE_LIMITS: Readonly<
  Record<BinanceMarketVenue, { maxStreams: number; messagesPerSecond: number; marketType: string }>
> = {
  'binance-spot': { maxStreams: 1024, messagesPerSecond: 5, marketType: 'spot' },
  'binance-usdm': { maxStreams: 200, messagesPerSecond: 10, marketType: 'usdm' },
};
