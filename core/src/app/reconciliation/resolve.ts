import type { Order } from '../../domain/trading.ts';
import type { ReconciliationDiscrepancyKind } from '../../events/events.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { StateStore, StoredPosition, VenueKey } from '../../ports/state-store.ts';
import type { VenuePort, VenuePosition } from '../../ports/venue.ts';
import { venueKeyOf, type Discrepancy } from './compare.ts';

/** Signal id of positions imported from the venue: they were not opened by one of our signals. */
export const ADOPTED_SIGNAL_ID = 'reconciliation:adopted';

/** What to do with a working venue order the store does not know. */
export type UnknownOrderPolicy = 'cancel' | 'adopt' | 'leave';

export interface ResolvePolicy {
  /** Protective stop distance of an adopted position, as a fraction of its entry price. */
  readonly maxStopDistance: number;
  /** Orders with our client-id prefix (an order sent just before a crash, its record lost). */
  readonly ourUnknownOrders: UnknownOrderPolicy;
  /** Orders placed by someone else on the account (a person, another system). */
  readonly foreignUnknownOrders: UnknownOrderPolicy;
}

export interface ResolveContext {
  readonly store: StateStore;
  readonly venue: Pick<VenuePort, 'cancel'>;
  readonly key: VenueKey;
  readonly ids: IdGenerator;
  readonly now: number;
  readonly policy: ResolvePolicy;
  /** Latest known price, for the estimated exit of a position that vanished; entry price when unknown. */
  readonly markPrice: (instrumentId: string) => number | undefined;
}

/** One settled discrepancy, shaped like the ReconciliationDiscrepancyFound payload. */
export interface Resolution {
  readonly kind: ReconciliationDiscrepancyKind;
  readonly instrumentId: string;
  readonly localQuantity: number;
  readonly venueQuantity: number;
  readonly orderId: string | null;
  readonly action: string;
  readonly detail: string;
}

export function isAdopted(position: StoredPosition): boolean {
  return position.signalId === ADOPTED_SIGNAL_ID;
}

/** Applies the venue's truth to local state (and cancels per policy). Writes are idempotent by key. */
export async function resolveDiscrepancy(d: Discrepancy, ctx: ResolveContext): Promise<Resolution> {
  switch (d.kind) {
    case 'missing_on_venue':
      return resolveMissingOnVenue(d.stored, ctx);
    case 'missing_locally':
      return resolveMissingLocally(d.venue, ctx);
    case 'quantity_mismatch': {
      const quantity = Math.abs(d.venue.quantity);
      await ctx.store.upsertPosition({ ...d.stored, quantity, updatedAt: ctx.now });
      return {
        kind: d.kind,
        instrumentId: d.stored.instrumentId,
        localQuantity: d.stored.quantity,
        venueQuantity: quantity,
        orderId: null,
        action: 'local_quantity_updated',
        detail: `${d.stored.positionId} quantity ${d.stored.quantity} → ${quantity} (venue)`,
      };
    }
    case 'unknown_open_order':
      return resolveUnknownOrder(d.order, d.ours, ctx);
  }
}

async function resolveMissingOnVenue(stored: StoredPosition, ctx: ResolveContext): Promise<Resolution> {
  const ours = !isAdopted(stored);
  // The trade goes in before the position leaves: a crash in between leaves work to redo, not a hole.
  const recorded = ours && (await recordVanishedTrade(stored, ctx));
  await ctx.store.removePosition(stored.positionId);
  return {
    kind: 'missing_on_venue',
    instrumentId: stored.instrumentId,
    localQuantity: stored.quantity,
    venueQuantity: 0,
    orderId: null,
    action: recorded ? 'removed_locally_trade_recorded' : 'removed_locally',
    detail: `${stored.positionId} is not held on the venue (closed outside the engine or while it was down)`,
  };
}

/** Appends an estimated trade unless one exists (StateSync may have written it before a crash). */
async function recordVanishedTrade(stored: StoredPosition, ctx: ResolveContext): Promise<boolean> {
  const existing = await ctx.store.listTrades({ since: stored.entryTime, until: ctx.now + 1 });
  if (existing.some((t) => t.positionId === stored.positionId)) return false;
  const exitPrice = ctx.markPrice(stored.instrumentId) ?? stored.entryPrice;
  const sign = stored.direction === 'long' ? 1 : -1;
  const pnl = (exitPrice - stored.entryPrice) * stored.quantity * sign - stored.entryFees;
  await ctx.store.appendTrade({
    exchange: stored.exchange,
    marketType: stored.marketType,
    positionId: stored.positionId,
    instrumentId: stored.instrumentId,
    symbol: stored.symbol,
    direction: stored.direction,
    signalId: stored.signalId,
    entryTime: stored.entryTime,
    entryPrice: stored.entryPrice,
    exitTime: ctx.now,
    exitPrice,
    quantity: stored.quantity,
    pnl,
    fees: stored.entryFees,
    pnlPercent: (pnl / (stored.entryPrice * stored.quantity)) * 100,
    reason: 'reconciled_closed',
  });
  return true;
}

async function resolveMissingLocally(held: VenuePosition, ctx: ResolveContext): Promise<Resolution> {
  const direction = held.quantity > 0 ? 'long' : 'short';
  // Spot balances carry no entry price (0): the last price is the reference, else a stop at 0 protects nothing.
  const entryPrice = held.entryPrice > 0 ? held.entryPrice : (ctx.markPrice(held.instrumentId) ?? 0);
  const offset = entryPrice * ctx.policy.maxStopDistance;
  const stop = direction === 'long' ? entryPrice - offset : entryPrice + offset;
  const quantity = Math.abs(held.quantity);
  const position: StoredPosition = {
    ...ctx.key,
    positionId: ctx.ids.next('adopted'),
    instrumentId: held.instrumentId,
    symbol: venueKeyOf(held.instrumentId)?.symbol ?? held.instrumentId,
    direction,
    quantity,
    entryPrice,
    entryTime: ctx.now,
    initialStop: stop,
    stopPrice: stop,
    entryFees: 0,
    signalId: ADOPTED_SIGNAL_ID,
    unrealizedPnl: 0,
    updatedAt: ctx.now,
  };
  await ctx.store.upsertPosition(position);
  return {
    kind: 'missing_locally',
    instrumentId: held.instrumentId,
    localQuantity: 0,
    venueQuantity: quantity,
    orderId: null,
    action: 'adopted_with_protective_stop',
    detail: `${position.positionId}: ${direction} ${quantity} @ ${entryPrice}, stop ${stop}`,
  };
}

async function resolveUnknownOrder(order: Order, ours: boolean, ctx: ResolveContext): Promise<Resolution> {
  const policy = ours ? ctx.policy.ourUnknownOrders : ctx.policy.foreignUnknownOrders;
  let action: string = 'left_working';
  if (policy === 'cancel') {
    action = ctx.venue.cancel(order.orderId, ctx.now) ? 'cancelled_on_venue' : 'cancel_refused';
  } else if (policy === 'adopt') {
    await ctx.store.upsertOrder({ ...order, ...ctx.key, updatedAt: ctx.now });
    action = 'adopted_locally';
  }
  return {
    kind: 'unknown_open_order',
    instrumentId: order.instrumentId,
    localQuantity: 0,
    venueQuantity: order.quantity - order.filledQuantity,
    orderId: order.orderId,
    action,
    detail: `${ours ? 'our' : 'foreign'} order ${order.clientOrderId} (${order.side} ${order.quantity}) unknown locally`,
  };
}
