import type { Fill, Order, Position } from '../domain/trading.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import type { ExecutionReport, VenuePort } from '../ports/venue.ts';
import type { ExecutionCounters } from './execution-counters.ts';
import type { OrderTracker, TrackedOrder } from './order-tracker.ts';
import type { PositionBook } from './position-book.ts';

/**
 * Venue reports into the book and events: OrderFilled per fill, PositionOpened on an entry's first fill,
 * PositionClosed when exits bring a position to zero.
 */
export class FillApplier {
  /** Entry fills that arrived while the opposite position was still closing (possible on live venues). */
  private readonly deferred = new Map<string, { fill: Fill; tracked: TrackedOrder }[]>();

  constructor(
    private readonly book: PositionBook,
    private readonly tracker: OrderTracker,
    private readonly stats: ExecutionCounters,
    private readonly emitter: EventEmitter,
    private readonly venue: VenuePort,
    private readonly onPositionActivated: ((position: Position) => void) | undefined,
  ) {}

  onReport(report: ExecutionReport): void {
    if (report.kind === 'cancelled') {
      this.tracker.remove(report.order.orderId);
      // A live venue refuses some orders after accepting them for sending: that refusal is an execution
      // record too, so it is published like a synchronous rejection.
      if (report.order.status === 'rejected') this.onRejected(report.order, report.reasonCode);
      return;
    }
    const tracked = this.tracker.onFill(report.fill);
    if (!tracked) return; // not ours (e.g. placed by hand on a live account)
    this.stats.fills += 1;
    this.emitter.emit('OrderFilled', report.fill.ts, report.fill, { correlationId: tracked.correlationId });
    this.apply(report.fill, tracked);
  }

  private onRejected(order: Order, reasonCode: string): void {
    this.stats.ordersRejected += 1;
    this.emitter.emit('OrderRejected', order.createdAt, {
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      reasonCode,
      message: `venue rejected ${order.side} ${order.type} ${order.quantity}: ${reasonCode}`,
    });
  }

  private apply(fill: Fill, tracked: TrackedOrder): void {
    const { role } = tracked;
    const cause = { correlationId: tracked.correlationId };
    if (role.kind === 'entry') {
      const open = this.book.position(fill.instrumentId);
      if (open && open.direction !== role.intent.direction) {
        const queue = this.deferred.get(fill.instrumentId) ?? [];
        queue.push({ fill, tracked });
        this.deferred.set(fill.instrumentId, queue);
        return;
      }
      const { opened } = this.book.applyEntry(fill, role.intent);
      if (!opened) return;
      this.stats.positionsOpened += 1;
      this.emitter.emit('PositionOpened', fill.ts, opened, cause);
      if (role.monitor) this.onPositionActivated?.(opened);
      return;
    }
    const { closed } = this.book.applyExit(fill, role.reason);
    if (!closed) return;
    if (!fill.orderComplete) {
      // Flat already: whatever the exit order still holds must not reopen the position.
      this.venue.cancel(fill.orderId, fill.ts);
      this.tracker.remove(fill.orderId);
    }
    this.stats.recordClose(closed);
    this.emitter.emit('PositionClosed', fill.ts, closed, cause);
    this.replayDeferred(fill.instrumentId);
  }

  private replayDeferred(instrumentId: string): void {
    const queue = this.deferred.get(instrumentId);
    if (!queue) return;
    this.deferred.delete(instrumentId);
    for (const { fill, tracked } of queue) this.apply(fill, tracked);
  }
}
