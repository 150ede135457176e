import {
  watchlistId,
  type StateStore,
  type StoredPosition,
  type SystemStateRecord,
  type TradeHistoryRecord,
  type VenueKey,
  type WatchlistEntry,
} from '../../../../core/src/ports/state-store.ts';

const notUsed = (): never => {
  throw new Error('not used by the functions tests');
};

/** Minimal in-memory StateStore double for the functions' handler tests (only the parts they use). */
export class MemoryStateStore implements StateStore {
  readonly watchlist = new Map<string, WatchlistEntry>();
  readonly positions = new Map<string, StoredPosition>();
  readonly trades = new Map<string, TradeHistoryRecord>();
  readonly system = new Map<string, SystemStateRecord>();

  upsertPosition(position: StoredPosition): Promise<void> {
    this.positions.set(position.positionId, position);
    return Promise.resolve();
  }
  removePosition = notUsed;
  getPosition = notUsed;
  listPositions(filter?: Partial<VenueKey>): Promise<readonly StoredPosition[]> {
    return Promise.resolve(
      [...this.positions.values()].filter(
        (p) =>
          (filter?.exchange === undefined || p.exchange === filter.exchange) &&
          (filter?.marketType === undefined || p.marketType === filter.marketType),
      ),
    );
  }
  upsertOrder = notUsed;
  getOrder = notUsed;
  listOpenOrders = notUsed;
  appendTrade(trade: TradeHistoryRecord): Promise<void> {
    this.trades.set(trade.positionId, trade);
    return Promise.resolve();
  }
  listTrades(query: { since: number; until: number }): Promise<readonly TradeHistoryRecord[]> {
    return Promise.resolve(
      [...this.trades.values()]
        .filter((t) => t.exitTime >= query.since && t.exitTime < query.until)
        .sort((a, b) => a.exitTime - b.exitTime),
    );
  }
  deleteTradesBefore(before: number): Promise<number> {
    let count = 0;
    for (const [id, trade] of this.trades) {
      if (trade.exitTime < before) {
        this.trades.delete(id);
        count += 1;
      }
    }
    return Promise.resolve(count);
  }
  upsertWatchlistEntry(entry: WatchlistEntry): Promise<void> {
    this.watchlist.set(watchlistId(entry), entry);
    return Promise.resolve();
  }
  getWatchlistEntry(id: string): Promise<WatchlistEntry | null> {
    return Promise.resolve(this.watchlist.get(id) ?? null);
  }
  removeWatchlistEntry(id: string): Promise<boolean> {
    return Promise.resolve(this.watchlist.delete(id));
  }
  listActiveWatchlist(venue: VenueKey, now: number): Promise<readonly WatchlistEntry[]> {
    return Promise.resolve(
      [...this.watchlist.values()]
        .filter((e) => e.exchange === venue.exchange && e.marketType === venue.marketType)
        .filter((e) => e.enabled && (e.expiresAt === null || e.expiresAt > now))
        .sort((a, b) => a.priority - b.priority || a.symbol.localeCompare(b.symbol)),
    );
  }
  removeExpiredWatchlist(now: number): Promise<readonly string[]> {
    const removed: string[] = [];
    for (const [id, entry] of this.watchlist) {
      if (entry.kind === 'manual' && entry.expiresAt !== null && entry.expiresAt <= now) {
        this.watchlist.delete(id);
        removed.push(id);
      }
    }
    return Promise.resolve(removed);
  }
  replaceTopLiquid(venue: VenueKey, entries: readonly WatchlistEntry[]): Promise<void> {
    for (const [id, entry] of this.watchlist) {
      const sameVenue = entry.exchange === venue.exchange && entry.marketType === venue.marketType;
      if (sameVenue && entry.kind === 'top_liquid') this.watchlist.delete(id);
    }
    for (const entry of entries) this.watchlist.set(watchlistId(entry), entry);
    return Promise.resolve();
  }
  putMarketConfig = notUsed;
  getMarketConfig = notUsed;
  putStrategyConfig = notUsed;
  listStrategyConfigs = notUsed;
  putForexAccount = notUsed;
  getForexAccount = notUsed;
  listForexAccounts = notUsed;
  putSystemState(record: SystemStateRecord): Promise<void> {
    this.system.set(record.key, record);
    return Promise.resolve();
  }
  getSystemState(key: string): Promise<SystemStateRecord | null> {
    return Promise.resolve(this.system.get(key) ?? null);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
