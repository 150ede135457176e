import { effectiveLeverage, type ExecutionConfig } from '../config/execution-config.ts';
import type { Direction, Position } from '../domain/trading.ts';
import type { ExecutionView, WorkingEntry } from './execution-types.ts';
import type { OrderTracker } from './order-tracker.ts';
import type { PositionBook } from './position-book.ts';

/** The read side handlers see, computed from the book and the working orders. O(open positions). */
export class EngineView implements ExecutionView {
  constructor(
    private readonly config: ExecutionConfig,
    private readonly book: PositionBook,
    private readonly tracker: OrderTracker,
  ) {}

  position(instrumentId: string): Position | undefined {
    return this.book.position(instrumentId);
  }

  isExiting(instrumentId: string): boolean {
    return this.tracker.workingExit(instrumentId) !== undefined;
  }

  workingEntry(instrumentId: string): WorkingEntry | undefined {
    const tracked = this.tracker.workingEntry(instrumentId);
    if (!tracked || tracked.role.kind !== 'entry') return undefined;
    return {
      orderId: tracked.order.orderId,
      direction: tracked.role.intent.direction,
      remainingQuantity: tracked.remaining,
      price: tracked.role.price,
    };
  }

  /** Instruments that will hold a position: open and not closing, or with an entry working. */
  committedSlots(): number {
    const held = new Set<string>();
    for (const p of this.book.positions()) if (!this.isExiting(p.instrumentId)) held.add(p.instrumentId);
    for (const tracked of this.tracker.workingEntries()) held.add(tracked.order.instrumentId);
    return held.size;
  }

  committedExposure(): number {
    return this.sumCommitted(() => 1);
  }

  committedMargin(): number {
    return this.sumCommitted((instrumentId) => 1 / effectiveLeverage(this.config, instrumentId));
  }

  equity(): number {
    return this.book.equity();
  }

  lastEntry(instrumentId: string, direction: Direction) {
    return this.tracker.lastEntry(instrumentId, direction);
  }

  /** Notional of positions not being closed plus working entries, each scaled by `factor`. */
  private sumCommitted(factor: (instrumentId: string) => number): number {
    let total = 0;
    for (const p of this.book.positions()) {
      if (this.isExiting(p.instrumentId)) continue;
      const mark = this.book.lastPrice(p.instrumentId) ?? p.entryPrice;
      total += p.quantity * mark * factor(p.instrumentId);
    }
    for (const tracked of this.tracker.workingEntries()) {
      if (tracked.role.kind !== 'entry') continue;
      total += tracked.remaining * tracked.role.price * factor(tracked.order.instrumentId);
    }
    return total;
  }
}
