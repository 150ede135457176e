import type { Order as CcxtOrder } from 'ccxt';
import type { Order, TimeInForce } from '../../../domain/trading.ts';
import type { Balance, VenuePosition } from '../../../ports/venue.ts';
import type { BinanceExchange, BinanceExecutionVenue } from './binance-client.ts';
import type { MarketRules } from './market-rules.ts';

/** Maps an open order the venue lists; orders we placed keep our ids, others get the venue's. */
export function venueOrderToOrder(
  exchange: BinanceExchange,
  venue: BinanceExecutionVenue,
  raw: CcxtOrder,
  known: Order | undefined,
): Order {
  const filled = raw.filled ?? 0;
  const status = filled > 0 ? 'partially_filled' : 'open';
  if (known) return { ...known, status, filledQuantity: Math.max(known.filledQuantity, filled) };
  const nativeSymbol = exchange.market(raw.symbol ?? '').id;
  return {
    orderId: `${venue}:${raw.id}`,
    clientOrderId: raw.clientOrderId ?? '',
    instrumentId: `${venue}:${nativeSymbol}`,
    side: raw.side === 'sell' ? 'sell' : 'buy',
    type: raw.type === 'market' ? 'market' : 'limit',
    quantity: raw.amount ?? 0,
    limitPrice: raw.price ?? undefined,
    timeInForce: timeInForceOf(raw),
    reduceOnly: raw.reduceOnly === true,
    status,
    filledQuantity: filled,
    createdAt: raw.timestamp ?? 0,
    purpose: 'external',
  };
}

function timeInForceOf(raw: CcxtOrder): TimeInForce {
  if (raw.postOnly === true || raw.timeInForce === 'PO' || raw.timeInForce === 'GTX') return 'post_only';
  return raw.timeInForce === 'IOC' ? 'ioc' : 'gtc';
}

interface CcxtBalances {
  readonly free?: unknown;
  readonly used?: unknown;
  readonly total?: unknown;
}

/** Every asset with a non-zero total; free and locked as the venue reports them. */
export function balancesFrom(raw: CcxtBalances): Balance[] {
  const free = asNumbers(raw.free);
  const used = asNumbers(raw.used);
  const total = asNumbers(raw.total);
  const assets = new Set([...Object.keys(free), ...Object.keys(used), ...Object.keys(total)]);
  const result: Balance[] = [];
  for (const asset of [...assets].sort()) {
    const balance = { asset, free: free[asset] ?? 0, locked: used[asset] ?? 0 };
    if (balance.free !== 0 || balance.locked !== 0 || (total[asset] ?? 0) !== 0) result.push(balance);
  }
  return result;
}

/** Spot has no positions: a non-zero base balance of a traded symbol is held as a long "position". */
export function spotPositionsFrom(
  balances: readonly Balance[],
  venue: BinanceExecutionVenue,
  rules: readonly MarketRules[],
): VenuePosition[] {
  const result: VenuePosition[] = [];
  for (const rule of rules) {
    const balance = balances.find((b) => b.asset === rule.baseAsset);
    const quantity = balance ? balance.free + balance.locked : 0;
    // Dust below one lot cannot be sold and is not a position.
    if (quantity < Math.max(rule.minQty, Number.EPSILON)) continue;
    // Spot balances carry no entry price; 0 says "unknown" to reconciliation.
    result.push({ instrumentId: `${venue}:${rule.nativeSymbol}`, quantity, entryPrice: 0 });
  }
  return result;
}

interface CcxtPosition {
  readonly symbol?: string;
  readonly contracts?: number | undefined;
  readonly side?: string | undefined;
  readonly entryPrice?: number | undefined;
  readonly info?: unknown;
}

/** Futures positions, signed; one-way mode positions with zero size are left out. */
export function futuresPositionsFrom(
  exchange: BinanceExchange,
  venue: BinanceExecutionVenue,
  raw: readonly CcxtPosition[],
): VenuePosition[] {
  const result: VenuePosition[] = [];
  for (const position of raw) {
    const info = (position.info ?? {}) as { positionAmt?: unknown };
    const signed = Number(info.positionAmt ?? Number.NaN);
    const size = position.contracts ?? 0;
    const quantity = Number.isFinite(signed) ? signed : position.side === 'short' ? -size : size;
    if (quantity === 0 || position.symbol === undefined) continue;
    const nativeSymbol = exchange.market(position.symbol).id;
    result.push({ instrumentId: `${venue}:${nativeSymbol}`, quantity, entryPrice: position.entryPrice ?? 0 });
  }
  return result;
}

function asNumbers(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) {
    const n = Number(v);
    if (Number.isFinite(n)) out[key] = n;
  }
  return out;
}
