import type {
  StoredOrder,
  StrategyConfigRecord,
  VenueKey,
  WatchlistEntry,
  TradeHistoryRecord,
} from '../../ports/state-store.ts';
import type { OrderStatus } from '../../domain/trading.ts';

/**
 * The semantics both StateStore implementations share (embedded and Firestore), written once so the
 * contract suite checks one definition: document keys, which orders count as working, when a watchlist
 * entry is active, and every sort order a list method promises.
 */

/** Collection names (the Firestore layout; the embedded store files its documents under the same names). */
export const STATE_COLLECTIONS = {
  positions: 'active_positions',
  orders: 'orders',
  trades: 'trade_history',
  watchlists: 'watchlists',
  marketConfigs: 'market_configs',
  strategyConfigs: 'strategy_configs',
  forexAccounts: 'forex_accounts',
  systemState: 'system_state',
} as const;

export type StateCollection = (typeof STATE_COLLECTIONS)[keyof typeof STATE_COLLECTIONS];

export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'open', 'partially_filled'];

/** Firestore's batch and transaction write limit; the embedded store deletes in the same chunks. */
export const MAX_WRITES_PER_BATCH = 500;

export function marketConfigId(venue: VenueKey): string {
  return `${venue.exchange}:${venue.marketType}`;
}

export function strategyConfigId(config: VenueKey & { readonly strategyId: string }): string {
  return `${config.exchange}:${config.marketType}:${config.strategyId}`;
}

/**
 * Firestore's document id rules (no '/', not '.' or '..', not `__x__`, at most 1,500 bytes), enforced by
 * both stores so an id that works in tests also works in production. A bad id is a bug: it throws.
 */
export function assertDocumentId(id: string, what: string): string {
  const bad =
    id.length === 0 ||
    id.includes('/') ||
    id === '.' ||
    id === '..' ||
    /^__.*__$/.test(id) ||
    Buffer.byteLength(id, 'utf8') > 1500;
  if (bad) throw new TypeError(`invalid ${what} id ${JSON.stringify(id)}`);
  return id;
}

/** Active at `now`: enabled, and permanent (null) or expiring strictly after `now`. */
export function isActiveWatchlistEntry(entry: WatchlistEntry, venue: VenueKey, now: number): boolean {
  return (
    entry.exchange === venue.exchange &&
    entry.marketType === venue.marketType &&
    entry.enabled &&
    (entry.expiresAt === null || entry.expiresAt > now)
  );
}

export function isExpiredManualEntry(entry: WatchlistEntry, now: number): boolean {
  return entry.kind === 'manual' && entry.expiresAt !== null && entry.expiresAt <= now;
}

export function matchesVenue(record: VenueKey, filter: Partial<VenueKey> | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.exchange !== undefined && record.exchange !== filter.exchange) return false;
  return filter.marketType === undefined || record.marketType === filter.marketType;
}

/** Plain code-unit order: the ids are ASCII, where it equals Firestore's UTF-8 byte order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byWatchlistPriority(a: WatchlistEntry, b: WatchlistEntry): number {
  return a.priority - b.priority || compareText(a.symbol, b.symbol);
}

/** Oldest exit first; position id breaks ties (Firestore's implicit document-name order). */
export function byExitTime(a: TradeHistoryRecord, b: TradeHistoryRecord): number {
  return a.exitTime - b.exitTime || compareText(a.positionId, b.positionId);
}

export function byClientOrderId(a: StoredOrder, b: StoredOrder): number {
  return compareText(a.clientOrderId, b.clientOrderId);
}

export function byStrategyId(a: StrategyConfigRecord, b: StrategyConfigRecord): number {
  return compareText(a.strategyId, b.strategyId);
}

/** A replacement's entries must all be top-liquid entries of that venue; anything else is a caller bug. */
export function assertTopLiquidEntries(venue: VenueKey, entries: readonly WatchlistEntry[]): void {
  for (const entry of entries) {
    if (
      entry.kind !== 'top_liquid' ||
      entry.exchange !== venue.exchange ||
      entry.marketType !== venue.marketType
    ) {
      throw new TypeError(
        `replaceTopLiquid(${marketConfigId(venue)}) got ${entry.kind} entry ${entry.exchange}:${entry.marketType}:${entry.symbol}`,
      );
    }
  }
}

/**
 * Both stores accept only what both can hold exactly: null, strings, booleans, finite numbers, arrays and
 * plain objects (undefined object fields are dropped, as Firestore's `ignoreUndefinedProperties` does).
 * NaN, Infinity, Dates, class instances or undefined array items in durable state are bugs, so they throw
 * here rather than turn into null in one store and something else in the other.
 */
export function assertStorable(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number: ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      if (item === undefined) throw new TypeError(`${path}[${index}] is undefined`);
      assertStorable(item, `${path}[${index}]`);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) assertStorable(item, `${path}.${key}`);
    }
    return;
  }
  throw new TypeError(`${path} cannot be stored: ${typeof value}`);
}
