import type {
  ForexAccountRecord,
  MarketConfigRecord,
  StateStore,
  StoredOrder,
  StoredPosition,
  StrategyConfigRecord,
  SystemStateRecord,
  TradeHistoryRecord,
  VenueKey,
  WatchlistEntry,
} from '../../../core/src/ports/state-store.ts';

const WORKING = new Set(['pending', 'open', 'partially_filled']);

function matches(record: VenueKey, filter: Partial<VenueKey> | undefined): boolean {
  if (!filter) return true;
  return (
    (filter.exchange === undefined || filter.exchange === record.exchange) &&
    (filter.marketType === undefined || filter.marketType === record.marketType)
  );
}

/**
 * Test double of the StateStore port (positions, orders, trades, system state are real; the rest is a
 * plain map). `failNext(method, n)` makes the next n calls of a method reject; `calls` logs every write.
 */
export class MemoryStateStore implements StateStore {
  readonly positions = new Map<string, StoredPosition>();
  readonly orders = new Map<string, StoredOrder>();
  readonly trades = new Map<string, TradeHistoryRecord>();
  readonly system = new Map<string, SystemStateRecord>();
  readonly calls: string[] = [];
  private readonly failures = new Map<string, number>();
  private readonly watchlist = new Map<string, WatchlistEntry>();

  failNext(method: keyof StateStore, times = 1): void {
    this.failures.set(method, times);
  }

  private async gate(method: keyof StateStore, detail = ''): Promise<void> {
    await Promise.resolve();
    const left = this.failures.get(method) ?? 0;
    if (left > 0) {
      this.failures.set(method, left - 1);
      throw new Error(`${method} unavailable`);
    }
    this.calls.push(detail ? `${method}:${detail}` : method);
  }

  async upsertPosition(position: StoredPosition): Promise<void> {
    await this.gate('upsertPosition', position.positionId);
    this.positions.set(position.positionId, position);
  }
  async removePosition(positionId: string): Promise<void> {
    await this.gate('removePosition', positionId);
    this.positions.delete(positionId);
  }
  async getPosition(positionId: string): Promise<StoredPosition | null> {
    return this.positions.get(positionId) ?? null;
  }
  async listPositions(filter?: Partial<VenueKey>): Promise<readonly StoredPosition[]> {
    await this.gate('listPositions');
    return [...this.positions.values()].filter((p) => matches(p, filter));
  }
  async upsertOrder(order: StoredOrder): Promise<void> {
    await this.gate('upsertOrder', `${order.clientOrderId}=${order.status}`);
    this.orders.set(order.clientOrderId, order);
  }
  async getOrder(clientOrderId: string): Promise<StoredOrder | null> {
    return this.orders.get(clientOrderId) ?? null;
  }
  async listOpenOrders(filter?: Partial<VenueKey>): Promise<readonly StoredOrder[]> {
    await this.gate('listOpenOrders');
    return [...this.orders.values()].filter((o) => WORKING.has(o.status) && matches(o, filter));
  }
  async appendTrade(trade: TradeHistoryRecord): Promise<void> {
    await this.gate('appendTrade', trade.positionId);
    if (!this.trades.has(trade.positionId)) this.trades.set(trade.positionId, trade);
  }
  async listTrades(query: { since: number; until: number; limit?: number }) {
    await this.gate('listTrades');
    return [...this.trades.values()]
      .filter((t) => t.exitTime >= query.since && t.exitTime < query.until)
      .sort((a, b) => a.exitTime - b.exitTime)
      .slice(0, query.limit);
  }
  async deleteTradesBefore(before: number): Promise<number> {
    const old = [...this.trades.values()].filter((t) => t.exitTime < before);
    for (const t of old) this.trades.delete(t.positionId);
    return old.length;
  }
  async upsertWatchlistEntry(entry: WatchlistEntry): Promise<void> {
    this.watchlist.set(`${entry.exchange}:${entry.marketType}:${entry.symbol}`, entry);
  }
  async getWatchlistEntry(id: string): Promise<WatchlistEntry | null> {
    return this.watchlist.get(id) ?? null;
  }
  async removeWatchlistEntry(id: string): Promise<boolean> {
    return this.watchlist.delete(id);
  }
  async listActiveWatchlist(): Promise<readonly WatchlistEntry[]> {
    return [...this.watchlist.values()];
  }
  async removeExpiredWatchlist(): Promise<readonly string[]> {
    return [];
  }
  async replaceTopLiquid(): Promise<void> {}
  async putMarketConfig(_config: MarketConfigRecord): Promise<void> {}
  async getMarketConfig(): Promise<MarketConfigRecord | null> {
    return null;
  }
  async putStrategyConfig(_config: StrategyConfigRecord): Promise<void> {}
  async listStrategyConfigs(): Promise<readonly StrategyConfigRecord[]> {
    return [];
  }
  async putForexAccount(_account: ForexAccountRecord): Promise<void> {}
  async getForexAccount(): Promise<ForexAccountRecord | null> {
    return null;
  }
  async listForexAccounts(): Promise<readonly ForexAccountRecord[]> {
    return [];
  }
  async putSystemState(record: SystemStateRecord): Promise<void> {
    await this.gate('putSystemState', record.key);
    this.system.set(record.key, record);
  }
  async getSystemState(key: string): Promise<SystemStateRecord | null> {
    return this.system.get(key) ?? null;
  }
  async close(): Promise<void> {}
}
