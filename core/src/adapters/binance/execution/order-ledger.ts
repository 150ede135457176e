import type { Order as CcxtOrder } from 'ccxt';
import type { Clock } from '../../../ports/clock.ts';
import type { Logger } from '../../../ports/logger.ts';
import type { ExecutionReport } from '../../../ports/venue.ts';
import {
  bookTrade,
  endReasonOf,
  endReport,
  isTerminal,
  orderAnswerEvidence,
  responseTrades,
  type LiveOrder,
  type TradeEvidence,
} from './live-order.ts';
import type { OrderUpdate } from './user-data-parser.ts';

export interface OrderLedgerOptions {
  readonly venueId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** True while the user-data stream is up: quantity-level fills then wait for its trade-level ones. */
  readonly streamConnected: () => boolean;
  readonly queryFillGraceMs: number;
  /** Sends the cancel of an order whose cancel was asked while it was still being placed. */
  readonly sendCancel: (order: LiveOrder) => Promise<void>;
  readonly track: (work: Promise<void>) => void;
}

/** Finished orders kept for deduplicating late events. */
const FINISHED_KEPT = 1_000;

/**
 * Every order this venue placed and every piece of evidence about it (stream events, order answers,
 * refusals), turned into ExecutionReports exactly once: fills, then at most one terminal report.
 */
export class OrderLedger {
  readonly byClientId = new Map<string, LiveOrder>();
  readonly byOrderId = new Map<string, LiveOrder>();
  private readonly listeners: ((report: ExecutionReport) => void)[] = [];
  private readonly finished: LiveOrder[] = [];
  private readonly ackLatencies: number[] = [];

  constructor(private readonly options: OrderLedgerOptions) {}

  register(order: LiveOrder): void {
    this.byClientId.set(order.request.clientOrderId, order);
    this.byOrderId.set(order.orderId, order);
  }

  onExecution(listener: (report: ExecutionReport) => void): void {
    this.listeners.push(listener);
  }

  /** submit() to venue acknowledgement, per acknowledged order, in clock ms. */
  acknowledgementLatencies(): readonly number[] {
    return this.ackLatencies;
  }

  /** A user-data event: fills booked once by trade id and cumulative quantity, then terminal states. */
  onOrderUpdate(update: OrderUpdate): void {
    const order = this.byClientId.get(update.clientOrderId);
    if (!order) return; // not ours (manual trading on the same account)
    this.markAcknowledged(order, update.exchangeOrderId);
    if (update.execType === 'TRADE' && update.lastQty > 0) {
      const evidence = {
        ...update,
        qty: update.lastQty,
        price: update.lastPrice,
        venueFilled: update.status === 'FILLED',
      };
      this.book(order, evidence, update.tradeId ?? `${update.exchangeOrderId}:${update.cumulativeQty}`);
    }
    this.endIfTerminal(order, update.status);
  }

  /**
   * Takes an order answer (placement response, status query, cancel response) as evidence. Trade-level
   * fills book at once; quantity-level evidence (no trade ids, no commission) waits a short grace while the
   * stream is connected, so the stream's per-trade fills win when both arrive; the cumulative guard keeps
   * whichever comes second from counting twice.
   */
  adopt(order: LiveOrder, venueOrder: CcxtOrder): void {
    order.uncertain = false;
    this.markAcknowledged(order, venueOrder.id ?? '');
    const now = this.options.clock.now();
    for (const evidence of responseTrades(venueOrder, now)) {
      this.book(order, evidence, evidence.tradeId ?? `${venueOrder.id}:r${evidence.cumulativeQty}`);
    }
    const settle = () => {
      const evidence = orderAnswerEvidence(order, venueOrder, now);
      if (evidence) this.book(order, evidence, `${venueOrder.id}:q${evidence.cumulativeQty}`);
      this.endIfTerminal(order, venueOrder.status ?? '');
      if (order.cancelRequested && !isTerminal(order.status))
        this.options.track(this.options.sendCancel(order));
    };
    const grace = this.options.queryFillGraceMs;
    const waitForStream = this.options.streamConnected() && grace > 0;
    if (waitForStream && orderAnswerEvidence(order, venueOrder, now) !== undefined) {
      this.options.track(sleep(grace).then(settle));
    } else settle();
  }

  private book(order: LiveOrder, evidence: TradeEvidence, suffix: string): void {
    const fill = bookTrade(order, evidence, this.fillId(order, suffix));
    if (fill) this.emit({ kind: 'fill', fill });
  }

  private markAcknowledged(order: LiveOrder, exchangeOrderId: string): void {
    if (exchangeOrderId !== '') order.exchangeOrderId = exchangeOrderId;
    if (order.acknowledged) return;
    order.acknowledged = true;
    order.acknowledgedAt = this.options.clock.now();
    this.ackLatencies.push(order.acknowledgedAt - order.submittedAt);
    if (order.status === 'pending') order.status = 'open';
  }

  private endIfTerminal(order: LiveOrder, venueStatus: string): void {
    if (isTerminal(order.status)) return;
    const reason = endReasonOf(venueStatus, order);
    if (reason === undefined) return;
    this.emit(endReport(order, reason === 'venue_rejected' ? 'rejected' : 'cancelled', reason));
  }

  reject(order: LiveOrder, reasonCode: string, message: string): void {
    if (isTerminal(order.status)) return;
    this.options.logger.log('warn', 'binance order rejected', {
      clientOrderId: order.request.clientOrderId,
      reasonCode,
      message,
    });
    this.emit(endReport(order, 'rejected', reasonCode));
  }

  /** An order proven not on the venue whose cancel was asked meanwhile: it ends here, never sent late. */
  cancelUnplaced(order: LiveOrder): void {
    if (isTerminal(order.status)) return;
    this.emit(endReport(order, 'cancelled', 'cancelled_by_request'));
  }

  markUncertain(order: LiveOrder, reason: string): void {
    order.uncertain = true;
    this.options.logger.log('warn', 'binance order state uncertain; polling', {
      clientOrderId: order.request.clientOrderId,
      reason,
    });
  }

  private fillId(order: LiveOrder, suffix: string): string {
    return `${this.options.venueId}:${order.rules.nativeSymbol}:${suffix}`;
  }

  private emit(report: ExecutionReport): void {
    for (const listener of this.listeners) listener(report);
    const clientOrderId = report.kind === 'fill' ? report.fill.clientOrderId : report.order.clientOrderId;
    const order = this.byClientId.get(clientOrderId);
    if (order && isTerminal(order.status)) this.retire(order);
  }

  /**
   * Finished orders stay known for a while, so late stream events and query answers about them are
   * recognised and deduplicated; beyond FINISHED_KEPT the oldest are forgotten.
   */
  private retire(order: LiveOrder): void {
    this.finished.push(order);
    while (this.finished.length > FINISHED_KEPT) {
      const old = this.finished.shift();
      if (!old) break;
      this.byClientId.delete(old.request.clientOrderId);
      this.byOrderId.delete(old.orderId);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
