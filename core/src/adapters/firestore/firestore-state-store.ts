/**
 * StateStore on Firestore (design 2.2.7; layout in ARCHITECTURE / the cross-helper contract).
 *
 * QUERIES (the source for firestore.indexes.json; all ascending):
 *   REQUIRES A COMPOSITE INDEX
 *   - watchlists        where kind == 'manual', expiresAt <= now            → (kind ASC, expiresAt ASC)
 *   EQUALITY-ONLY (served by merging automatic single-field indexes; a composite index is optional)
 *   - watchlists        where exchange ==, marketType ==, enabled == true   → (exchange, marketType, enabled)
 *   - watchlists        where exchange ==, marketType ==, kind == 'top_liquid' → (exchange, marketType, kind)
 *   - orders            where status in [pending, open, partially_filled] [, exchange ==] [, marketType ==]
 *                                                                          → (status, exchange, marketType)
 *   - active_positions  where [exchange ==] [, marketType ==]               → (exchange, marketType)
 *   - strategy_configs  where exchange ==, marketType ==                    → (exchange, marketType)
 *   - forex_accounts    where ownerUid ==                                   → single field
 *   SINGLE-FIELD RANGE (automatic index)
 *   - trade_history     where exitTime >= since, exitTime < until, orderBy exitTime [, limit]
 *   - trade_history     where exitTime < before, orderBy exitTime, limit 500 (deletion pages)
 *
 * Semantics shared with the embedded store live in ../embedded/state-rules.ts (sort orders, expiry, ids).
 * Small result sets (one venue's watchlist, open orders) are filtered and sorted in memory, which avoids
 * Firestore's limits on null-or-range filters and keeps the orders identical to the embedded store's.
 */
import type { DocumentReference, Firestore, Query } from 'firebase-admin/firestore';
import {
  watchlistId,
  type ForexAccountRecord,
  type MarketConfigRecord,
  type StateStore,
  type StoredOrder,
  type StoredPosition,
  type StrategyConfigRecord,
  type SystemStateRecord,
  type TradeHistoryRecord,
  type VenueKey,
  type WatchlistEntry,
} from '../../ports/state-store.ts';
import {
  MAX_WRITES_PER_BATCH,
  OPEN_ORDER_STATUSES,
  STATE_COLLECTIONS as C,
  assertDocumentId,
  assertStorable,
  assertTopLiquidEntries,
  byClientOrderId,
  byStrategyId,
  byWatchlistPriority,
  compareText,
  isActiveWatchlistEntry,
  marketConfigId,
  strategyConfigId,
} from '../embedded/state-rules.ts';
import { joinForexAccount, publicForexFields, CREDENTIALS_DOC, PRIVATE_COLLECTION } from './state-forex.ts';
import {
  parseMarketConfig,
  parseOrder,
  parsePosition,
  parseStrategyConfig,
  parseSystemState,
  parseTrade,
  parseWatchlistEntry,
} from './state-schemas.ts';

type Parse<T> = (data: unknown, path: string) => T;

export class FirestoreStateStore implements StateStore {
  /** The store does not own the client: whoever opened it (openFirestore) terminates it. */
  constructor(private readonly db: Firestore) {}

  upsertPosition(position: StoredPosition): Promise<void> {
    return this.put(C.positions, position.positionId, position);
  }

  async removePosition(positionId: string): Promise<void> {
    await this.doc(C.positions, positionId).delete();
  }

  getPosition(positionId: string): Promise<StoredPosition | null> {
    return this.read(C.positions, positionId, parsePosition);
  }

  async listPositions(filter?: Partial<VenueKey>): Promise<readonly StoredPosition[]> {
    const positions = await this.list(venueFilter(this.db.collection(C.positions), filter), parsePosition);
    return positions.sort((a, b) => compareText(a.positionId, b.positionId));
  }

  upsertOrder(order: StoredOrder): Promise<void> {
    return this.put(C.orders, order.clientOrderId, order);
  }

  getOrder(clientOrderId: string): Promise<StoredOrder | null> {
    return this.read(C.orders, clientOrderId, parseOrder);
  }

  async listOpenOrders(filter?: Partial<VenueKey>): Promise<readonly StoredOrder[]> {
    const query = this.db.collection(C.orders).where('status', 'in', OPEN_ORDER_STATUSES);
    return (await this.list(venueFilter(query, filter), parseOrder)).sort(byClientOrderId);
  }

  /** `set` on the position id: a retried append rewrites the same document. */
  appendTrade(trade: TradeHistoryRecord): Promise<void> {
    return this.put(C.trades, trade.positionId, trade);
  }

  listTrades(query: {
    since: number;
    until: number;
    limit?: number;
  }): Promise<readonly TradeHistoryRecord[]> {
    if (query.limit !== undefined && query.limit <= 0) return Promise.resolve([]);
    let q = this.db
      .collection(C.trades)
      .where('exitTime', '>=', query.since)
      .where('exitTime', '<', query.until)
      .orderBy('exitTime');
    if (query.limit !== undefined) q = q.limit(query.limit);
    return this.list(q, parseTrade);
  }

  /** Pages of at most 500; a concurrent cleaner may make the count include documents it also deleted. */
  async deleteTradesBefore(before: number): Promise<number> {
    const page = this.db
      .collection(C.trades)
      .where('exitTime', '<', before)
      .orderBy('exitTime')
      .limit(MAX_WRITES_PER_BATCH)
      .select();
    let deleted = 0;
    for (;;) {
      const snapshot = await page.get();
      if (snapshot.empty) return deleted;
      const batch = this.db.batch();
      snapshot.docs.forEach((doc) => batch.delete(doc.ref));
      await batch.commit();
      deleted += snapshot.size;
      if (snapshot.size < MAX_WRITES_PER_BATCH) return deleted;
    }
  }

  upsertWatchlistEntry(entry: WatchlistEntry): Promise<void> {
    return this.put(C.watchlists, watchlistId(entry), entry);
  }

  getWatchlistEntry(id: string): Promise<WatchlistEntry | null> {
    return this.read(C.watchlists, id, parseWatchlistEntry);
  }

  removeWatchlistEntry(id: string): Promise<boolean> {
    const ref = this.doc(C.watchlists, id);
    return this.db.runTransaction(async (tx) => {
      if (!(await tx.get(ref)).exists) return false;
      tx.delete(ref);
      return true;
    });
  }

  async listActiveWatchlist(venue: VenueKey, now: number): Promise<readonly WatchlistEntry[]> {
    const query = venueFilter(this.db.collection(C.watchlists), venue).where('enabled', '==', true);
    const entries = await this.list(query, parseWatchlistEntry);
    return entries.filter((entry) => isActiveWatchlistEntry(entry, venue, now)).sort(byWatchlistPriority);
  }

  /** Each page is a transaction, so an entry renewed meanwhile conflicts and is re-read, not deleted. */
  async removeExpiredWatchlist(now: number): Promise<readonly string[]> {
    const page = this.db
      .collection(C.watchlists)
      .where('kind', '==', 'manual')
      .where('expiresAt', '<=', now)
      .limit(MAX_WRITES_PER_BATCH);
    const removed: string[] = [];
    for (;;) {
      const ids = await this.db.runTransaction(async (tx) => {
        const snapshot = await tx.get(page);
        snapshot.docs.forEach((doc) => tx.delete(doc.ref));
        return snapshot.docs.map((doc) => doc.id);
      });
      removed.push(...ids);
      if (ids.length < MAX_WRITES_PER_BATCH) return removed.sort(compareText);
    }
  }

  /** One transaction: the venue never shows a half-replaced list. Manual entries for a symbol win. */
  async replaceTopLiquid(venue: VenueKey, entries: readonly WatchlistEntry[]): Promise<void> {
    assertTopLiquidEntries(venue, entries);
    const writes = new Map(
      entries.map((entry) => [watchlistId(entry), storable(entry, C.watchlists)] as const),
    );
    const current = venueFilter(this.db.collection(C.watchlists), venue).where('kind', '==', 'top_liquid');
    await this.db.runTransaction(async (tx) => {
      const stale = (await tx.get(current)).docs.filter((doc) => !writes.has(doc.id));
      const targets = [...writes.keys()].map((id) => this.doc(C.watchlists, id));
      const existing = targets.length === 0 ? [] : await tx.getAll(...targets);
      if (stale.length + targets.length > MAX_WRITES_PER_BATCH) {
        throw new RangeError(
          `replaceTopLiquid(${marketConfigId(venue)}) exceeds ${MAX_WRITES_PER_BATCH} writes`,
        );
      }
      stale.forEach((doc) => tx.delete(doc.ref));
      for (const snapshot of existing) {
        const entry = writes.get(snapshot.id);
        if (entry !== undefined && snapshot.get('kind') !== 'manual') tx.set(snapshot.ref, entry);
      }
    });
  }

  putMarketConfig(config: MarketConfigRecord): Promise<void> {
    return this.put(C.marketConfigs, marketConfigId(config), config);
  }

  getMarketConfig(venue: VenueKey): Promise<MarketConfigRecord | null> {
    return this.read(C.marketConfigs, marketConfigId(venue), parseMarketConfig);
  }

  putStrategyConfig(config: StrategyConfigRecord): Promise<void> {
    return this.put(C.strategyConfigs, strategyConfigId(config), config);
  }

  async listStrategyConfigs(venue: VenueKey): Promise<readonly StrategyConfigRecord[]> {
    const query = venueFilter(this.db.collection(C.strategyConfigs), venue);
    return (await this.list(query, parseStrategyConfig)).sort(byStrategyId);
  }

  /** Public fields and sealed credentials commit in one batch; the credentials never enter the public doc. */
  async putForexAccount(account: ForexAccountRecord): Promise<void> {
    const ref = this.doc(C.forexAccounts, account.accountId);
    const record = storable(account, C.forexAccounts);
    const batch = this.db.batch();
    batch.set(ref, publicForexFields(record));
    batch.set(ref.collection(PRIVATE_COLLECTION).doc(CREDENTIALS_DOC), {
      ...account.credentials,
      updatedAt: account.updatedAt,
    });
    await batch.commit();
  }

  async getForexAccount(accountId: string): Promise<ForexAccountRecord | null> {
    const ref = this.doc(C.forexAccounts, accountId);
    const [account, secret] = await this.db.getAll(
      ref,
      ref.collection(PRIVATE_COLLECTION).doc(CREDENTIALS_DOC),
    );
    if (account === undefined || secret === undefined || !account.exists) return null;
    return joinForexAccount(account, secret);
  }

  async listForexAccounts(ownerUid: string): Promise<readonly ForexAccountRecord[]> {
    const accounts = await this.db.collection(C.forexAccounts).where('ownerUid', '==', ownerUid).get();
    if (accounts.empty) return [];
    const secrets = await this.db.getAll(
      ...accounts.docs.map((doc) => doc.ref.collection(PRIVATE_COLLECTION).doc(CREDENTIALS_DOC)),
    );
    return accounts.docs
      .map((doc, index) => joinForexAccount(doc, secrets[index]))
      .sort((a, b) => compareText(a.accountId, b.accountId));
  }

  putSystemState(record: SystemStateRecord): Promise<void> {
    return this.put(C.systemState, record.key, record);
  }

  getSystemState(key: string): Promise<SystemStateRecord | null> {
    return this.read(C.systemState, key, parseSystemState);
  }

  async close(): Promise<void> {}

  private doc(collection: string, id: string): DocumentReference {
    return this.db.collection(collection).doc(assertDocumentId(id, collection));
  }

  private async put(collection: string, id: string, record: object): Promise<void> {
    await this.doc(collection, id).set(storable(record, `${collection}/${id}`));
  }

  private async read<T>(collection: string, id: string, parse: Parse<T>): Promise<T | null> {
    const snapshot = await this.doc(collection, id).get();
    return snapshot.exists ? parse(snapshot.data(), snapshot.ref.path) : null;
  }

  private async list<T>(query: Query, parse: Parse<T>): Promise<T[]> {
    const snapshot = await query.get();
    return snapshot.docs.map((doc) => parse(doc.data(), doc.ref.path));
  }
}

function venueFilter(query: Query, filter: Partial<VenueKey> | undefined): Query {
  let q = query;
  if (filter?.exchange !== undefined) q = q.where('exchange', '==', filter.exchange);
  if (filter?.marketType !== undefined) q = q.where('marketType', '==', filter.marketType);
  return q;
}

/**
 * Checked like the embedded store's writes, then copied through JSON: undefined fields vanish whatever
 * the client's `ignoreUndefinedProperties`, and finite doubles survive JSON exactly.
 */
function storable(record: object, path: string): Record<string, unknown> {
  assertStorable(record, path);
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}
