import type { Order as CcxtOrder } from 'ccxt';
import type { Fill, Order, OrderStatus } from '../../../domain/trading.ts';
import type { ExecutionReport, OrderRequest } from '../../../ports/venue.ts';
import type { MarketRules } from './market-rules.ts';

/** Our view of one order on the venue; `request` carries the rounded quantity and price. */
export interface LiveOrder {
  readonly request: OrderRequest;
  readonly orderId: string;
  readonly rules: MarketRules;
  exchangeOrderId: string | undefined;
  status: OrderStatus;
  bookedQty: number;
  bookedNotional: number;
  readonly tradeIds: Set<string>;
  /** The placement outcome is unknown (ambiguous failure not yet resolved by a query). */
  uncertain: boolean;
  /** The venue acknowledged it (any answer that carries its order id). */
  acknowledged: boolean;
  cancelRequested: boolean;
  sends: number;
  readonly submittedAt: number;
  acknowledgedAt: number | undefined;
}

/** One trade of an order as a source reports it; `cumulativeQty` is the venue's total after it. */
export interface TradeEvidence {
  readonly tradeId: string | undefined;
  readonly qty: number;
  readonly price: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly maker: boolean;
  readonly ts: number;
  readonly cumulativeQty: number;
  /** Venue status after the trade (FILLED completes the order). */
  readonly venueFilled: boolean;
}

const DUST = 1e-9;

/**
 * Turns evidence of a trade into at most one Fill. Two guards make the record exactly-once whichever
 * source (stream, order response, status query) arrives first: a trade id is booked once, and booked
 * quantity never exceeds the venue's cumulative filled quantity, so a query-derived fill and the stream's
 * per-trade fills cannot both count the same quantity.
 */
export function bookTrade(order: LiveOrder, evidence: TradeEvidence, fillId: string): Fill | undefined {
  if (evidence.tradeId !== undefined) {
    if (order.tradeIds.has(evidence.tradeId)) return undefined;
    order.tradeIds.add(evidence.tradeId);
  }
  const unbooked = evidence.cumulativeQty - order.bookedQty;
  const qty = Math.min(evidence.qty, unbooked);
  if (!(qty > DUST)) return undefined;
  order.bookedQty += qty;
  order.bookedNotional += qty * evidence.price;
  const complete = evidence.venueFilled || order.bookedQty >= order.request.quantity - DUST;
  order.status = complete ? 'filled' : 'partially_filled';
  const { request } = order;
  return {
    fillId,
    orderId: order.orderId,
    clientOrderId: request.clientOrderId,
    instrumentId: request.instrumentId,
    side: request.side,
    price: evidence.price,
    quantity: qty,
    fee: feeInQuote(order.rules, evidence),
    liquidity: evidence.maker ? 'maker' : 'taker',
    ts: evidence.ts,
    orderComplete: complete,
  };
}

/**
 * The fill a status query implies for quantity no source has booked yet: priced so that booked notional
 * matches the venue's average price over everything filled.
 */
export function queryEvidence(
  order: LiveOrder,
  filled: number,
  average: number | undefined,
  fee: number,
  ts: number,
  venueFilled: boolean,
): TradeEvidence | undefined {
  const qty = filled - order.bookedQty;
  if (!(qty > DUST)) return undefined;
  const avg = average ?? order.request.limitPrice ?? 0;
  const price = (avg * filled - order.bookedNotional) / qty;
  return {
    tradeId: undefined,
    qty,
    price: price > 0 ? price : avg,
    commission: fee,
    commissionAsset: order.rules.quoteAsset,
    maker: order.request.type === 'limit' && order.request.timeInForce !== 'ioc',
    ts,
    cumulativeQty: filled,
    venueFilled,
  };
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'cancelled' || status === 'rejected';
}

export function toOrder(order: LiveOrder): Order {
  const { request } = order;
  return {
    orderId: order.orderId,
    clientOrderId: request.clientOrderId,
    instrumentId: request.instrumentId,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    limitPrice: request.limitPrice,
    timeInForce: request.timeInForce,
    reduceOnly: request.reduceOnly,
    status: order.status,
    filledQuantity: order.bookedQty,
    createdAt: request.ts,
    purpose: request.purpose,
  };
}

/** A cancel, expiry or rejection report; the order keeps the quantity already filled. */
export function endReport(
  order: LiveOrder,
  status: 'cancelled' | 'rejected',
  reasonCode: string,
): ExecutionReport {
  order.status = status;
  return { kind: 'cancelled', order: toOrder(order), reasonCode };
}

/** Venue statuses (raw Binance or ccxt unified) that end an order without more fills. */
export function endReasonOf(venueStatus: string, order: LiveOrder): string | undefined {
  switch (venueStatus.toUpperCase()) {
    case 'CANCELED':
    case 'CANCELLED':
      return order.cancelRequested ? 'cancelled_by_request' : 'cancelled_by_venue';
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      if (order.request.timeInForce === 'ioc') return 'ioc_expired';
      return order.request.timeInForce === 'post_only' ? 'post_only_would_take' : 'expired';
    case 'REJECTED':
      return 'venue_rejected';
    default:
      return undefined;
  }
}

function feeInQuote(rules: MarketRules, evidence: TradeEvidence): number {
  if (evidence.commission === 0) return 0;
  if (evidence.commissionAsset === '' || evidence.commissionAsset === rules.quoteAsset)
    return evidence.commission;
  if (evidence.commissionAsset === rules.baseAsset) return evidence.commission * evidence.price;
  // Fees in a third asset (BNB) need a conversion rate this adapter does not have; the fill keeps 0 and
  // the account balance query shows the real deduction.
  return 0;
}

/** The trade-level evidence an order answer carries (spot FULL responses list their fills with ids). */
export function responseTrades(venueOrder: CcxtOrder, now: number): TradeEvidence[] {
  return (venueOrder.trades ?? []).map((trade) => ({
    tradeId: trade.id === undefined || trade.id === '' ? undefined : String(trade.id),
    qty: trade.amount ?? 0,
    price: trade.price ?? 0,
    commission: trade.fee?.cost ?? 0,
    commissionAsset: trade.fee?.currency ?? '',
    maker: trade.takerOrMaker === 'maker',
    ts: trade.timestamp ?? venueOrder.timestamp ?? now,
    cumulativeQty: venueOrder.filled ?? 0,
    venueFilled: venueOrder.status === 'closed',
  }));
}

/** The quantity-level evidence of an order answer (futures RESULT responses and status queries). */
export function orderAnswerEvidence(
  order: LiveOrder,
  venueOrder: CcxtOrder,
  now: number,
): TradeEvidence | undefined {
  const fee = venueOrder.fee?.currency === order.rules.quoteAsset ? (venueOrder.fee.cost ?? 0) : 0;
  return queryEvidence(
    order,
    venueOrder.filled ?? 0,
    venueOrder.average ?? venueOrder.price,
    fee,
    venueOrder.lastTradeTimestamp ?? venueOrder.timestamp ?? now,
    venueOrder.status === 'closed',
  );
}
