import type { EngineEvent } from '../../../events/events.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { IdGenerator } from '../../../ports/ids.ts';
import type { Logger } from '../../../ports/logger.ts';
import type { VenuePort } from '../../../ports/venue.ts';
import { createBinanceClient, type BinanceExchange, type BinanceExecutionVenue } from './binance-client.ts';
import { BinanceLiveVenue } from './binance-live-venue.ts';
import { UserDataStream } from './user-data-stream.ts';

export interface FuturesSymbolSettings {
  readonly leverage?: number;
  readonly marginMode?: 'isolated' | 'cross';
}

export interface BinanceVenueConfig {
  readonly venue: BinanceExecutionVenue;
  readonly live: boolean;
  readonly sandbox?: boolean;
  readonly apiKey?: string;
  readonly secret?: string;
  readonly restBaseUrl?: string;
  readonly wsBaseUrl?: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly publish: (event: EngineEvent) => void;
  /** Native symbols traded here (spot positions; futures leverage/margin settings apply to these). */
  readonly symbols?: readonly string[];
  /** Futures only: per native symbol, applied at start. */
  readonly futuresSettings?: Readonly<Record<string, FuturesSymbolSettings>>;
  readonly referencePrice?: (instrumentId: string) => number | undefined;
  readonly requestTimeoutMs?: number;
  readonly circuitThreshold?: number;
  readonly circuitHalfOpenAfterMs?: number;
  readonly maxPlacementAttempts?: number;
  readonly retryBackoffMs?: number;
  /** Status polling of uncertain orders; 0 turns the timer off (tests call pollUncertain). */
  readonly pollIntervalMs?: number;
  readonly listenKeyKeepAliveMs?: number;
  readonly streamReconnectDelayMs?: number;
  /** How long a fill known only from an order answer waits for the stream's trade-level fill (ms). */
  readonly queryFillGraceMs?: number;
}

export type BinanceVenue = VenuePort & {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly live: BinanceLiveVenue;
  readonly exchange: BinanceExchange;
};

const WS_BASES: Readonly<Record<BinanceExecutionVenue, { main: string; test: string }>> = {
  'binance-spot': { main: 'wss://stream.binance.com:9443', test: 'wss://stream.testnet.binance.vision' },
  'binance-usdm': { main: 'wss://fstream.binance.com', test: 'wss://stream.binancefuture.com' },
};

/**
 * A live Binance venue: the ccxt client (guarded: `live: true` and credentials), the VenuePort, the
 * user-data stream feeding it fills, and a poller for orders whose state is uncertain. start() loads
 * exchangeInfo, applies futures leverage and margin mode, and opens the stream before any order.
 */
export function createBinanceVenue(config: BinanceVenueConfig): BinanceVenue {
  const exchange = createBinanceClient(config);
  let streamUp = (): boolean => false;
  const live = new BinanceLiveVenue({ ...config, exchange, streamConnected: () => streamUp() });
  const futures = config.venue === 'binance-usdm';
  const stream = new UserDataStream({
    wsBaseUrl: config.wsBaseUrl ?? WS_BASES[config.venue][config.sandbox ? 'test' : 'main'],
    createListenKey: async () => {
      const response = futures
        ? await exchange.fapiPrivatePostListenKey()
        : await exchange.publicPostUserDataStream();
      const key = (response as { listenKey?: unknown }).listenKey;
      if (typeof key !== 'string') throw new Error('listen key missing from Binance response');
      return key;
    },
    keepAlive: async (listenKey) => {
      if (futures) await exchange.fapiPrivatePutListenKey({ listenKey });
      else await exchange.publicPutUserDataStream({ listenKey });
    },
    keepAliveMs: config.listenKeyKeepAliveMs ?? 30 * 60_000,
    reconnectDelayMs: config.streamReconnectDelayMs ?? 1_000,
    logger: config.logger,
    onUpdate: (update) => live.onOrderUpdate(update),
    onGap: () => void live.pollUncertain(true).catch(() => undefined),
  });
  streamUp = () => stream.connected;
  let poller: NodeJS.Timeout | undefined;
  return Object.assign(live, {
    live,
    exchange,
    start: async () => {
      await live.loadRules();
      if (futures) await applyFuturesSettings(live, exchange, config);
      await stream.start();
      const interval = config.pollIntervalMs ?? 5_000;
      if (interval > 0) {
        poller = setInterval(() => void live.pollUncertain().catch(() => undefined), interval);
        poller.unref();
      }
    },
    stop: async () => {
      if (poller) clearInterval(poller);
      await stream.stop();
      await live.settled();
    },
  });
}

async function applyFuturesSettings(
  live: BinanceLiveVenue,
  exchange: BinanceExchange,
  config: BinanceVenueConfig,
): Promise<void> {
  for (const [nativeSymbol, settings] of Object.entries(config.futuresSettings ?? {})) {
    const rules = live.rulesFor(nativeSymbol);
    if (!rules) throw new Error(`futures settings for unknown symbol ${nativeSymbol}`);
    if (settings.marginMode !== undefined) {
      const mode = settings.marginMode;
      await live.caller.call(() =>
        exchange.setMarginMode(mode, rules.symbol).catch((error: unknown) => {
          // -4046 "No need to change margin type": already in that mode.
          if (/-4046|MarginModeAlreadySet/.test(String(error))) return undefined;
          throw error;
        }),
      );
    }
    const leverage = settings.leverage;
    if (leverage !== undefined) await live.caller.call(() => exchange.setLeverage(leverage, rules.symbol));
  }
}
