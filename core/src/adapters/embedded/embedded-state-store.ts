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
import { StateDocuments, type Plan } from './state-documents.ts';
import { StateFile, type StateChange } from './state-duckdb-file.ts';
import {
  OPEN_ORDER_STATUSES,
  STATE_COLLECTIONS as C,
  assertDocumentId,
  assertStorable,
  assertTopLiquidEntries,
  byClientOrderId,
  byExitTime,
  byStrategyId,
  byWatchlistPriority,
  compareText,
  isActiveWatchlistEntry,
  isExpiredManualEntry,
  marketConfigId,
  matchesVenue,
  strategyConfigId,
  type StateCollection,
} from './state-rules.ts';

/**
 * The StateStore for `npm start` without a cloud: every document in memory, optionally persisted to one
 * DuckDB file (see state-duckdb-file.ts for why DuckDB). Mutations are serialised and group-committed by
 * StateDocuments: each computes its changes from the state left by the ones before it, and memory changes
 * only after the file has kept them. Records are copied in and out, as a remote store would, so callers
 * cannot change stored state by mutating an object.
 */
export class EmbeddedStateStore implements StateStore {
  private readonly documents: StateDocuments;
  private closed: Promise<void> | undefined;

  private constructor(private readonly file: StateFile | null) {
    this.documents = new StateDocuments(file);
  }

  static inMemory(): EmbeddedStateStore {
    return new EmbeddedStateStore(null);
  }

  /** Opens (creating if absent) the state file; another process holding it makes this reject. */
  static async openFile(filePath: string): Promise<EmbeddedStateStore> {
    const file = await StateFile.open(filePath);
    const store = new EmbeddedStateStore(file);
    try {
      store.documents.load(await file.load());
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  upsertPosition(position: StoredPosition): Promise<void> {
    return this.put(C.positions, position.positionId, position);
  }

  async removePosition(positionId: string): Promise<void> {
    await this.remove(C.positions, positionId);
  }

  async getPosition(positionId: string): Promise<StoredPosition | null> {
    return this.get<StoredPosition>(C.positions, positionId);
  }

  async listPositions(filter?: Partial<VenueKey>): Promise<readonly StoredPosition[]> {
    return this.all<StoredPosition>(C.positions)
      .filter((position) => matchesVenue(position, filter))
      .sort((a, b) => compareText(a.positionId, b.positionId));
  }

  upsertOrder(order: StoredOrder): Promise<void> {
    return this.put(C.orders, order.clientOrderId, order);
  }

  async getOrder(clientOrderId: string): Promise<StoredOrder | null> {
    const order = this.get<StoredOrder>(C.orders, clientOrderId);
    return order === null ? null : withLimitPrice(order);
  }

  async listOpenOrders(filter?: Partial<VenueKey>): Promise<readonly StoredOrder[]> {
    return this.all<StoredOrder>(C.orders)
      .filter((order) => OPEN_ORDER_STATUSES.includes(order.status) && matchesVenue(order, filter))
      .map(withLimitPrice)
      .sort(byClientOrderId);
  }

  appendTrade(trade: TradeHistoryRecord): Promise<void> {
    return this.put(C.trades, trade.positionId, trade);
  }

  async listTrades(query: {
    since: number;
    until: number;
    limit?: number;
  }): Promise<readonly TradeHistoryRecord[]> {
    const trades = this.all<TradeHistoryRecord>(C.trades)
      .filter((trade) => trade.exitTime >= query.since && trade.exitTime < query.until)
      .sort(byExitTime);
    return query.limit === undefined ? trades : trades.slice(0, Math.max(0, query.limit));
  }

  deleteTradesBefore(before: number): Promise<number> {
    return this.mutate((tables) => {
      const ids = [...tables(C.trades)]
        .filter(([, trade]) => (trade as TradeHistoryRecord).exitTime < before)
        .map(([id]) => id);
      return { changes: ids.map((id) => deletion(C.trades, id)), result: ids.length };
    });
  }

  upsertWatchlistEntry(entry: WatchlistEntry): Promise<void> {
    return this.put(C.watchlists, watchlistId(entry), entry);
  }

  async getWatchlistEntry(id: string): Promise<WatchlistEntry | null> {
    return this.get<WatchlistEntry>(C.watchlists, id);
  }

  removeWatchlistEntry(id: string): Promise<boolean> {
    return this.remove(C.watchlists, id);
  }

  async listActiveWatchlist(venue: VenueKey, now: number): Promise<readonly WatchlistEntry[]> {
    return this.all<WatchlistEntry>(C.watchlists)
      .filter((entry) => isActiveWatchlistEntry(entry, venue, now))
      .sort(byWatchlistPriority);
  }

  removeExpiredWatchlist(now: number): Promise<readonly string[]> {
    return this.mutate((tables) => {
      const ids = [...tables(C.watchlists)]
        .filter(([, entry]) => isExpiredManualEntry(entry as WatchlistEntry, now))
        .map(([id]) => id)
        .sort(compareText);
      return { changes: ids.map((id) => deletion(C.watchlists, id)), result: ids };
    });
  }

  async replaceTopLiquid(venue: VenueKey, entries: readonly WatchlistEntry[]): Promise<void> {
    assertTopLiquidEntries(venue, entries);
    entries.forEach((entry) => assertStorable(entry, `watchlists/${watchlistId(entry)}`));
    return this.mutate((tables) => {
      const table = tables(C.watchlists);
      const writes = new Map<string, WatchlistEntry>();
      for (const entry of entries) {
        const id = watchlistId(entry);
        // A manual entry for the same symbol wins: the user's expiry and priority stay as they set them.
        if ((table.get(id) as WatchlistEntry | undefined)?.kind !== 'manual') writes.set(id, entry);
      }
      const changes: StateChange[] = [];
      for (const [id, stored] of table) {
        const entry = stored as WatchlistEntry;
        const stale = entry.kind === 'top_liquid' && matchesVenue(entry, venue) && !writes.has(id);
        if (stale) changes.push(deletion(C.watchlists, id));
      }
      for (const [id, entry] of writes)
        changes.push({ collection: C.watchlists, id, record: structuredClone(entry) });
      return { changes, result: undefined };
    });
  }

  putMarketConfig(config: MarketConfigRecord): Promise<void> {
    return this.put(C.marketConfigs, marketConfigId(config), config);
  }

  async getMarketConfig(venue: VenueKey): Promise<MarketConfigRecord | null> {
    return this.get<MarketConfigRecord>(C.marketConfigs, marketConfigId(venue));
  }

  putStrategyConfig(config: StrategyConfigRecord): Promise<void> {
    return this.put(C.strategyConfigs, strategyConfigId(config), config);
  }

  async listStrategyConfigs(venue: VenueKey): Promise<readonly StrategyConfigRecord[]> {
    return this.all<StrategyConfigRecord>(C.strategyConfigs)
      .filter((config) => matchesVenue(config, venue))
      .sort(byStrategyId);
  }

  putForexAccount(account: ForexAccountRecord): Promise<void> {
    return this.put(C.forexAccounts, account.accountId, account);
  }

  async getForexAccount(accountId: string): Promise<ForexAccountRecord | null> {
    return this.get<ForexAccountRecord>(C.forexAccounts, accountId);
  }

  async listForexAccounts(ownerUid: string): Promise<readonly ForexAccountRecord[]> {
    return this.all<ForexAccountRecord>(C.forexAccounts)
      .filter((account) => account.ownerUid === ownerUid)
      .sort((a, b) => compareText(a.accountId, b.accountId));
  }

  putSystemState(record: SystemStateRecord): Promise<void> {
    return this.put(C.systemState, record.key, record);
  }

  async getSystemState(key: string): Promise<SystemStateRecord | null> {
    return this.get<SystemStateRecord>(C.systemState, key);
  }

  /** Waits for queued writes, then closes the file. Idempotent; later writes reject. */
  close(): Promise<void> {
    this.closed ??= this.documents.idle().then(() => this.file?.close());
    return this.closed;
  }

  private async put(collection: StateCollection, id: string, record: object): Promise<void> {
    assertDocumentId(id, collection);
    assertStorable(record, `${collection}/${id}`);
    const copy = structuredClone(record);
    await this.mutate(() => ({ changes: [{ collection, id, record: copy }], result: undefined }));
  }

  private remove(collection: StateCollection, id: string): Promise<boolean> {
    return this.mutate((tables) => {
      const exists = tables(collection).has(id);
      return { changes: exists ? [deletion(collection, id)] : [], result: exists };
    });
  }

  private get<T>(collection: StateCollection, id: string): T | null {
    const record = this.documents.table(collection).get(id);
    return record === undefined ? null : (structuredClone(record) as T);
  }

  private all<T>(collection: StateCollection): T[] {
    return [...this.documents.table(collection).values()].map((record) => structuredClone(record) as T);
  }

  private mutate<T>(plan: Plan<T>): Promise<T> {
    if (this.closed !== undefined) return Promise.reject(new Error('the embedded state store is closed'));
    return this.documents.submit(plan);
  }
}

function deletion(collection: StateCollection, id: string): StateChange {
  return { collection, id, record: null };
}

/** A market order has no limit price; JSON and Firestore both drop the undefined field, so restore it. */
function withLimitPrice(order: StoredOrder): StoredOrder {
  return { ...order, limitPrice: order.limitPrice ?? undefined };
}
