import type { BinanceFeedOptions, BinanceMarketVenue } from '../../adapters/binance/feed/index.ts';
import type { EngineConfig } from '../../config/engine-config.ts';
import type { EngineEvent } from '../../events/events.ts';
import type { Clock } from '../../ports/clock.ts';
import type { EventTransport } from '../../ports/event-transport.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { Logger } from '../../ports/logger.ts';
import type { MarketDataStore } from '../../ports/market-store.ts';
import type { RiskRecordStore } from '../../ports/risk-store.ts';
import type { StateStore } from '../../ports/state-store.ts';
import type { TradingRecordStore } from '../../ports/trading-store.ts';
import type { MaintenancePolicy } from '../store-maintenance.ts';
import type { LiveVenuePort } from './live-trading.ts';

/** Feed settings the caller may set (URLs for tests and testnets, stream kind, timings). */
export type LiveFeedSettings = Omit<
  Partial<BinanceFeedOptions>,
  'venue' | 'symbols' | 'clock' | 'logger' | 'onTick' | 'onEvent'
>;

/** What a live venue factory gets: the engine's ids, wall clock and bus, and its latest prices. */
export interface VenuePortDeps {
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publish: (event: EngineEvent) => void;
  readonly lastPrice: (instrumentId: string) => number | undefined;
}

export interface LiveEngineOptions {
  readonly config: EngineConfig;
  readonly venue: BinanceMarketVenue;
  readonly feed?: LiveFeedSettings;
  readonly logger: Logger;
  /** The machine's clock: receive times, event local times, feed lag (never engine decisions). */
  readonly wallClock: Clock;
  /** Default: RunScopedIds, so client order ids never repeat across restarts. */
  readonly ids?: IdGenerator;
  /** Real orders; default the paper venue filling on live trades. */
  readonly venuePort?: (deps: VenuePortDeps) => LiveVenuePort;
  /** false: analytics only (default true). */
  readonly trading?: boolean;
  readonly store?: MarketDataStore;
  readonly records?: TradingRecordStore;
  readonly riskRecords?: RiskRecordStore;
  /** With a state store: reconcile and restore before trading, and sync orders and positions. */
  readonly stateStore?: StateStore;
  readonly transport?: EventTransport;
  readonly eventLogSink?: (line: string) => void;
  readonly logTicks?: boolean;
  readonly logDecisions?: boolean;
  /** Minutes of 1m klines loaded before a symbol's first trade (default 1440). */
  readonly warmUpMinutes?: number;
  readonly reconcileRetryMs?: number;
  /** Scheduled reconciliation while trading (default 5 min; 0: startup only). */
  readonly reconcileEveryMs?: number;
  readonly maintenance?: MaintenancePolicy;
}

/** Same shape as the runner's EngineStats (core cannot import ingest-runner; the match is structural). */
export interface LiveEngineStats {
  readonly venue: string;
  readonly symbols: readonly string[];
  readonly ticks: number;
  readonly decisions: number;
  readonly orders: number;
  readonly openPositions: number;
  readonly reconnects: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly feedLagMs: number | null;
}
