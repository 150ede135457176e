import type { Direction, ExitReason, Order } from '../domain/trading.ts';

/**
 * Durable engine state (design 2.2.7 Firestore collections). Two implementations share one contract
 * suite: Firestore (production) and the embedded default used by `npm start`. Every write is idempotent
 * by its key, so a retried write never doubles a record. Times are epoch ms.
 */
export interface VenueKey {
  /** e.g. `binance` */
  readonly exchange: string;
  /** e.g. `spot`, `usdm` */
  readonly marketType: string;
}

/** Collection `active_positions`: one document per open position. */
export interface StoredPosition extends VenueKey {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  readonly initialStop: number;
  /** Current protective stop (trailing), so a restart resumes it. */
  readonly stopPrice: number;
  readonly entryFees: number;
  readonly signalId: string;
  readonly unrealizedPnl: number;
  readonly updatedAt: number;
}

/** Collection `orders`: every order the engine sent, keyed by client order id. */
export interface StoredOrder extends VenueKey, Order {
  readonly updatedAt: number;
}

/** Collection `trade_history`: finished round trips, keyed by position id (idempotent append). */
export interface TradeHistoryRecord extends VenueKey {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly signalId: string;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly fees: number;
  readonly pnlPercent: number;
  readonly reason: ExitReason;
}

export type WatchlistKind = 'manual' | 'top_liquid';

/** Collection `watchlists`: id is `${exchange}:${marketType}:${symbol}`. */
export interface WatchlistEntry extends VenueKey {
  readonly symbol: string;
  readonly kind: WatchlistKind;
  readonly addedAt: number;
  /** null for permanent top-liquid entries. */
  readonly expiresAt: number | null;
  readonly addedBy: string;
  /** 1 (highest) .. 5 */
  readonly priority: number;
  readonly enabled: boolean;
  /** Rank by 24h quote volume for top-liquid entries, null for manual ones. */
  readonly rank: number | null;
}

/** Collection `market_configs`: id is `${exchange}:${marketType}`. */
export interface MarketConfigRecord extends VenueKey {
  readonly feeMaker: number;
  readonly feeTaker: number;
  readonly maxLeverage: number;
  readonly updatedAt: number;
}

/** Collection `strategy_configs`. */
export interface StrategyConfigRecord extends VenueKey {
  readonly strategyId: string;
  readonly enabled: boolean;
  readonly params: Readonly<Record<string, unknown>>;
  readonly updatedAt: number;
}

/** Envelope-encrypted secret: a data key wrapped by a key-encryption key, the payload AES-GCM sealed. */
export interface EncryptedSecret {
  readonly keyId: string;
  readonly wrappedKey: string;
  readonly iv: string;
  readonly authTag: string;
  readonly ciphertext: string;
}

/** Collection `forex_accounts` (design 9.4). Credentials are never stored or returned in clear. */
export interface ForexAccountRecord {
  readonly accountId: string;
  readonly ownerUid: string;
  readonly platform: string;
  readonly brokerName: string;
  readonly brokerType: 'broker' | 'prop_firm';
  readonly server: string;
  readonly accountNumber: string;
  readonly credentials: EncryptedSecret;
  readonly rules: Readonly<Record<string, number | boolean>>;
  readonly status: string;
  readonly enabled: boolean;
  readonly updatedAt: number;
}

/** Collection `system_state`: small named documents (last reconciliation, engine status...). */
export interface SystemStateRecord {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly updatedAt: number;
}

export function watchlistId(entry: VenueKey & { readonly symbol: string }): string {
  return `${entry.exchange}:${entry.marketType}:${entry.symbol}`;
}

export interface StateStore {
  upsertPosition(position: StoredPosition): Promise<void>;
  removePosition(positionId: string): Promise<void>;
  getPosition(positionId: string): Promise<StoredPosition | null>;
  listPositions(filter?: Partial<VenueKey>): Promise<readonly StoredPosition[]>;

  upsertOrder(order: StoredOrder): Promise<void>;
  getOrder(clientOrderId: string): Promise<StoredOrder | null>;
  /** Orders still working (pending, open, partially filled). */
  listOpenOrders(filter?: Partial<VenueKey>): Promise<readonly StoredOrder[]>;

  /** Idempotent by position id: appending the same trade twice keeps one record. */
  appendTrade(trade: TradeHistoryRecord): Promise<void>;
  /** Trades with `since <= exitTime < until`, oldest first. */
  listTrades(query: { since: number; until: number; limit?: number }): Promise<readonly TradeHistoryRecord[]>;
  /** Deletes trades that exited before `before`; returns how many. */
  deleteTradesBefore(before: number): Promise<number>;

  upsertWatchlistEntry(entry: WatchlistEntry): Promise<void>;
  getWatchlistEntry(id: string): Promise<WatchlistEntry | null>;
  removeWatchlistEntry(id: string): Promise<boolean>;
  /** Enabled entries of a venue not expired at `now`, by priority then symbol. */
  listActiveWatchlist(venue: VenueKey, now: number): Promise<readonly WatchlistEntry[]>;
  /** Removes manual entries with `expiresAt <= now`; returns their ids. */
  removeExpiredWatchlist(now: number): Promise<readonly string[]>;
  /** Replaces a venue's top-liquid entries atomically. */
  replaceTopLiquid(venue: VenueKey, entries: readonly WatchlistEntry[]): Promise<void>;

  putMarketConfig(config: MarketConfigRecord): Promise<void>;
  getMarketConfig(venue: VenueKey): Promise<MarketConfigRecord | null>;
  putStrategyConfig(config: StrategyConfigRecord): Promise<void>;
  listStrategyConfigs(venue: VenueKey): Promise<readonly StrategyConfigRecord[]>;

  putForexAccount(account: ForexAccountRecord): Promise<void>;
  getForexAccount(accountId: string): Promise<ForexAccountRecord | null>;
  listForexAccounts(ownerUid: string): Promise<readonly ForexAccountRecord[]>;

  putSystemState(record: SystemStateRecord): Promise<void>;
  getSystemState(key: string): Promise<SystemStateRecord | null>;

  close(): Promise<void>;
}
