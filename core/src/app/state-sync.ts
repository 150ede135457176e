import type { Fill, Order, Position } from '../domain/trading.ts';
import type { EventEmitter, InProcessEventBus } from '../events/event-bus.ts';
import type { PayloadOf } from '../events/events.ts';
import type { Clock } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { StateStore, StoredPosition, TradeHistoryRecord, VenueKey } from '../ports/state-store.ts';
import { belongsTo, venueKeyOf } from './reconciliation/compare.ts';
import {
  DEFAULT_RETRY,
  KeyedWriteQueue,
  timerSleep,
  type RetryPolicy,
  type Sleep,
  type WriteQueueStats,
} from './reconciliation/write-queue.ts';

export interface StateSyncOptions {
  readonly retry: RetryPolicy;
  /** Consecutive failed attempts of one write before a SystemErrorRaised (retries go on). */
  readonly alertAfterFailures: number;
  /** Event-time cadence of the open-position refresh (stop level, quantity) per instrument. */
  readonly positionSyncIntervalMs: number;
}

export const DEFAULT_STATE_SYNC_OPTIONS: StateSyncOptions = {
  retry: DEFAULT_RETRY,
  alertAfterFailures: 3,
  positionSyncIntervalMs: 5_000,
};

/** Live views of the running engine (the trading session's execution engine and position monitor). */
export interface LiveState {
  positions(): readonly Position[];
  stopOf(positionId: string): number | undefined;
  lastPrice(instrumentId: string): number | undefined;
}

export interface StateSyncDeps {
  readonly bus: InProcessEventBus;
  readonly emitter: EventEmitter;
  readonly store: StateStore;
  readonly key: VenueKey;
  readonly live: LiveState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: Partial<StateSyncOptions>;
  readonly sleep?: Sleep;
}

/**
 * Writes the engine's durable state through the StateStore as events happen: orders on placement, fill
 * and rejection; positions on open and, every `positionSyncIntervalMs` of event time (on analytics
 * updates, never per tick), when their trailing stop or quantity moved; closes as a trade record plus
 * the position's removal. Handlers only enqueue; the writes run behind, in order per document.
 */
export class StateSync {
  private readonly options: StateSyncOptions;
  private readonly queue: KeyedWriteQueue;
  private readonly orders = new Map<string, Order>();
  private readonly written = new Map<string, string>();
  private readonly closed = new Set<string>();
  private readonly lastSync = new Map<string, number>();
  private readonly unsubscribe: (() => void)[] = [];
  private unknownFills = 0;

  constructor(private readonly deps: StateSyncDeps) {
    this.options = { ...DEFAULT_STATE_SYNC_OPTIONS, ...deps.options };
    this.queue = new KeyedWriteQueue(this.options.retry, deps.sleep ?? timerSleep, (key, attempt, error) =>
      this.onWriteFailure(key, attempt, error),
    );
    const { bus } = deps;
    const ours = (instrumentId: string) => belongsTo(instrumentId, deps.key);
    this.unsubscribe.push(
      bus.subscribe('OrderPlaced', 'state-sync', ({ payload }) => {
        if (ours(payload.instrumentId)) this.onOrder(payload);
      }),
      bus.subscribe('OrderFilled', 'state-sync', ({ payload }) => {
        if (ours(payload.instrumentId)) this.onFill(payload);
      }),
      bus.subscribe('OrderRejected', 'state-sync', ({ payload }) => this.onRejected(payload.clientOrderId)),
      bus.subscribe('PositionOpened', 'state-sync', ({ payload }) => {
        if (ours(payload.instrumentId)) this.writePosition(payload.positionId, payload);
      }),
      bus.subscribe('PositionClosed', 'state-sync', ({ payload }) => {
        if (ours(payload.position.instrumentId)) this.onClosed(payload);
      }),
      bus.subscribe('AnalyticsUpdated', 'state-sync', ({ payload }) => {
        const last = this.lastSync.get(payload.instrumentId);
        if (last !== undefined && payload.ts - last < this.options.positionSyncIntervalMs) return;
        this.lastSync.set(payload.instrumentId, payload.ts);
        this.syncPositions(payload.instrumentId);
      }),
    );
  }

  /**
   * Writes every open position (of one instrument, or all) whose stop, quantity or entry changed since
   * its last write. Also called by `flush` so a graceful stop saves the latest stops.
   */
  syncPositions(instrumentId?: string): number {
    let queued = 0;
    for (const position of this.deps.live.positions()) {
      if (instrumentId !== undefined && position.instrumentId !== instrumentId) continue;
      if (!belongsTo(position.instrumentId, this.deps.key) || this.closed.has(position.positionId)) continue;
      if (this.written.get(position.positionId) === this.signature(position)) continue;
      this.writePosition(position.positionId, position);
      queued++;
    }
    return queued;
  }

  /** Resolves when every write so far has landed (SIGTERM: sync the stops, then wait). */
  async flush(): Promise<void> {
    this.syncPositions();
    await this.queue.idle();
  }

  stats(): WriteQueueStats & { readonly unknownFills: number } {
    return { ...this.queue.stats(), unknownFills: this.unknownFills };
  }

  /** Stops listening; writes already queued still complete (await `flush`). */
  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private onOrder(order: Order): void {
    this.orders.set(order.clientOrderId, order);
    this.writeOrder(order);
  }

  private onFill(fill: Fill): void {
    const order = this.orders.get(fill.clientOrderId);
    if (!order) {
      this.unknownFills += 1;
      return;
    }
    const filledQuantity = order.filledQuantity + fill.quantity;
    const updated: Order = {
      ...order,
      filledQuantity,
      status: fill.orderComplete ? 'filled' : 'partially_filled',
    };
    if (fill.orderComplete) this.orders.delete(order.clientOrderId);
    else this.orders.set(order.clientOrderId, updated);
    this.writeOrder(updated);
  }

  /** A refusal at submission has no order to write (the venue never took it); only placed ones update. */
  private onRejected(clientOrderId: string): void {
    const order = this.orders.get(clientOrderId);
    if (!order) return;
    this.orders.delete(clientOrderId);
    this.writeOrder({ ...order, status: 'rejected' });
  }

  private writeOrder(order: Order): void {
    const { store, key, clock } = this.deps;
    const record = { ...order, ...key, updatedAt: clock.now() };
    this.queue.enqueue(`order:${order.clientOrderId}`, () => store.upsertOrder(record));
  }

  /**
   * The record is built when the write runs, not when it is queued: the monitor takes a position up just
   * after PositionOpened, and a later partial fill may have grown it; the freshest state is the one to keep.
   */
  private writePosition(positionId: string, fallback: Position): void {
    this.written.set(positionId, this.signature(fallback));
    this.queue.enqueue(`position:${positionId}`, async () => {
      if (this.closed.has(positionId)) return;
      const current = this.deps.live.positions().find((p) => p.positionId === positionId) ?? fallback;
      const record = this.recordOf(current);
      this.written.set(positionId, this.signature(current));
      await this.deps.store.upsertPosition(record);
    });
  }

  /** Idempotent by position id: a repeated close neither appends twice nor re-removes. */
  private onClosed(closed: PayloadOf<'PositionClosed'>): void {
    const { positionId } = closed.position;
    if (this.closed.has(positionId)) return;
    this.closed.add(positionId);
    this.written.delete(positionId);
    const trade = this.tradeOf(closed);
    const { store } = this.deps;
    // Trade first: a crash between the two leaves the position for reconciliation, which sees the trade.
    this.queue.enqueue(`position:${positionId}`, () => store.appendTrade(trade));
    this.queue.enqueue(`position:${positionId}`, () => store.removePosition(positionId));
  }

  private recordOf(p: Position): StoredPosition {
    const { key, live, clock } = this.deps;
    const last = live.lastPrice(p.instrumentId) ?? p.entryPrice;
    const sign = p.direction === 'long' ? 1 : -1;
    return {
      ...key,
      ...p,
      symbol: venueKeyOf(p.instrumentId)?.symbol ?? p.instrumentId,
      stopPrice: live.stopOf(p.positionId) ?? p.initialStop,
      unrealizedPnl: (last - p.entryPrice) * p.quantity * sign,
      updatedAt: clock.now(),
    };
  }

  private signature(p: Position): string {
    const stop = this.deps.live.stopOf(p.positionId) ?? p.initialStop;
    return `${p.quantity}|${p.entryPrice}|${p.entryFees}|${stop}`;
  }

  private tradeOf(closed: PayloadOf<'PositionClosed'>): TradeHistoryRecord {
    const p = closed.position;
    return {
      ...this.deps.key,
      positionId: p.positionId,
      instrumentId: p.instrumentId,
      symbol: venueKeyOf(p.instrumentId)?.symbol ?? p.instrumentId,
      direction: p.direction,
      signalId: p.signalId,
      entryTime: p.entryTime,
      entryPrice: p.entryPrice,
      exitTime: closed.exitTime,
      exitPrice: closed.exitPrice,
      quantity: p.quantity,
      pnl: closed.pnl,
      fees: closed.fees,
      pnlPercent: closed.pnlPercent,
      reason: closed.reason,
    };
  }

  private onWriteFailure(key: string, attempt: number, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.logger.log('warn', 'state write failed, retrying', { key, attempt, error: message });
    if (attempt !== this.options.alertAfterFailures) return;
    this.deps.emitter.emit('SystemErrorRaised', this.deps.clock.now(), {
      component: 'state-sync',
      error: `${key}: ${attempt} failed attempts, still retrying: ${message}`,
      critical: true,
      failedEventId: undefined,
    });
  }
}
