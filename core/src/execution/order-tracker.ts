import type { Direction, ExitReason, Fill, Order } from '../domain/trading.ts';
import type { EntryIntent } from './position-book.ts';

export type OrderRole =
  | {
      readonly kind: 'entry';
      readonly intent: EntryIntent;
      /** Expected fill price (the signal's entry), for exposure while working. */
      readonly price: number;
      monitor: boolean;
    }
  | { readonly kind: 'exit'; readonly positionId: string; readonly reason: ExitReason };

export interface TrackedOrder {
  readonly order: Order;
  readonly role: OrderRole;
  readonly correlationId: string;
  remaining: number;
}

interface LastEntry {
  readonly ts: number;
  readonly signalId: string;
}

/**
 * Working orders of the engine, by id and by instrument (at most one entry and one exit working per
 * instrument), plus the last entry per instrument and direction for the duplicate guard. Memory is bounded
 * by the number of instruments: finished orders are dropped.
 */
export class OrderTracker {
  private readonly byId = new Map<string, TrackedOrder>();
  private readonly entries = new Map<string, TrackedOrder>();
  private readonly exits = new Map<string, TrackedOrder>();
  private readonly lastEntries = new Map<string, LastEntry>();

  addEntry(order: Order, role: Extract<OrderRole, { kind: 'entry' }>, correlationId: string): void {
    const tracked: TrackedOrder = { order, role, correlationId, remaining: order.quantity };
    this.byId.set(order.orderId, tracked);
    this.entries.set(order.instrumentId, tracked);
    this.lastEntries.set(key(order.instrumentId, role.intent.direction), {
      ts: order.createdAt,
      signalId: role.intent.signalId,
    });
  }

  addExit(order: Order, role: Extract<OrderRole, { kind: 'exit' }>, correlationId: string): void {
    const tracked: TrackedOrder = { order, role, correlationId, remaining: order.quantity };
    this.byId.set(order.orderId, tracked);
    this.exits.set(order.instrumentId, tracked);
  }

  get(orderId: string): TrackedOrder | undefined {
    return this.byId.get(orderId);
  }

  /** Books the fill against its order; the order is dropped once the venue says it is complete. */
  onFill(fill: Fill): TrackedOrder | undefined {
    const tracked = this.byId.get(fill.orderId);
    if (!tracked) return undefined;
    tracked.remaining = Math.max(0, tracked.remaining - fill.quantity);
    if (fill.orderComplete) this.remove(fill.orderId);
    return tracked;
  }

  remove(orderId: string): void {
    const tracked = this.byId.get(orderId);
    if (!tracked) return;
    this.byId.delete(orderId);
    const index = tracked.role.kind === 'entry' ? this.entries : this.exits;
    if (index.get(tracked.order.instrumentId) === tracked) index.delete(tracked.order.instrumentId);
  }

  workingEntry(instrumentId: string): TrackedOrder | undefined {
    return this.entries.get(instrumentId);
  }

  workingExit(instrumentId: string): TrackedOrder | undefined {
    return this.exits.get(instrumentId);
  }

  workingEntries(): IterableIterator<TrackedOrder> {
    return this.entries.values();
  }

  lastEntry(instrumentId: string, direction: Direction): LastEntry | undefined {
    return this.lastEntries.get(key(instrumentId, direction));
  }

  workingCount(): number {
    return this.byId.size;
  }
}

function key(instrumentId: string, direction: Direction): string {
  return `${instrumentId}|${direction}`;
}
