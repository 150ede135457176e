import type { Side } from '../../../domain/ticks.ts';

/** The exchangeInfo filters an order must pass, per native symbol. */
export interface MarketRules {
  /** ccxt unified symbol, e.g. BTC/USDT or BTC/USDT:USDT. */
  readonly symbol: string;
  readonly nativeSymbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly stepSize: number;
  readonly minQty: number;
  readonly maxQty: number;
  readonly marketStepSize: number;
  readonly marketMinQty: number;
  readonly marketMaxQty: number;
  readonly tickSize: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly minNotional: number;
  readonly orderTypes: readonly string[];
}

export type RoundedOrder =
  | { readonly ok: true; readonly quantity: number; readonly price: number | undefined }
  | { readonly ok: false; readonly reasonCode: string; readonly message: string };

interface RawFilter {
  readonly filterType?: unknown;
  readonly [key: string]: unknown;
}

/** Reads the rules from a ccxt market whose `info` is Binance's exchangeInfo symbol entry. */
export function rulesFromMarket(market: {
  readonly symbol: string;
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly info: unknown;
}): MarketRules {
  const info = (market.info ?? {}) as { filters?: unknown; orderTypes?: unknown };
  const filters = Array.isArray(info.filters) ? (info.filters as RawFilter[]) : [];
  const byType = new Map(filters.map((f) => [String(f.filterType), f]));
  const lot = byType.get('LOT_SIZE');
  const marketLot = byType.get('MARKET_LOT_SIZE') ?? lot;
  const price = byType.get('PRICE_FILTER');
  const notional = byType.get('NOTIONAL') ?? byType.get('MIN_NOTIONAL');
  const stepSize = num(lot?.['stepSize'], 0);
  const minQty = num(lot?.['minQty'], 0);
  const maxQty = num(lot?.['maxQty'], Number.POSITIVE_INFINITY) || Number.POSITIVE_INFINITY;
  // Binance applies LOT_SIZE and MARKET_LOT_SIZE to market orders; a zero field means "no limit".
  const marketMaxQty = num(marketLot?.['maxQty'], 0) || Number.POSITIVE_INFINITY;
  return {
    symbol: market.symbol,
    nativeSymbol: market.id,
    baseAsset: market.base,
    quoteAsset: market.quote,
    stepSize,
    minQty,
    maxQty,
    marketStepSize: Math.max(num(marketLot?.['stepSize'], 0), stepSize),
    marketMinQty: Math.max(num(marketLot?.['minQty'], 0), minQty),
    marketMaxQty: Math.min(marketMaxQty, maxQty),
    tickSize: num(price?.['tickSize'], 0),
    minPrice: num(price?.['minPrice'], 0),
    maxPrice: num(price?.['maxPrice'], Number.POSITIVE_INFINITY) || Number.POSITIVE_INFINITY,
    minNotional: num(notional?.['minNotional'] ?? notional?.['notional'], 0),
    orderTypes: Array.isArray(info.orderTypes) ? info.orderTypes.map(String) : [],
  };
}

/**
 * Rounds an order onto the venue's grid and checks the filters Binance would check (LOT_SIZE,
 * MARKET_LOT_SIZE, PRICE_FILTER, MIN_NOTIONAL/NOTIONAL). Quantities round down (never more than asked);
 * limit prices round to the passive side (a buy never pays a tick more than asked). `referencePrice`
 * values market orders for the notional check; without it only the venue can check.
 */
export function roundOrder(
  rules: MarketRules,
  order: { side: Side; type: 'market' | 'limit'; quantity: number; limitPrice: number | undefined },
  referencePrice: number | undefined,
): RoundedOrder {
  const isMarket = order.type === 'market';
  const step = isMarket ? rules.marketStepSize : rules.stepSize;
  const quantity = floorToStep(order.quantity, step);
  const minQty = isMarket ? rules.marketMinQty : rules.minQty;
  const maxQty = isMarket ? rules.marketMaxQty : rules.maxQty;
  if (!(quantity > 0) || quantity < minQty) {
    return refuse('quantity_below_minimum', `${order.quantity} rounds to ${quantity}, below ${minQty}`);
  }
  if (quantity > maxQty) return refuse('quantity_above_maximum', `${quantity} above ${maxQty}`);
  let price: number | undefined;
  if (!isMarket) {
    if (order.limitPrice === undefined || !(order.limitPrice > 0)) {
      return refuse('limit_price_missing', 'a limit order needs a positive limit price');
    }
    price =
      order.side === 'buy'
        ? floorToStep(order.limitPrice, rules.tickSize)
        : ceilToStep(order.limitPrice, rules.tickSize);
    if (price < rules.minPrice || price <= 0)
      return refuse('price_below_minimum', `${price} < ${rules.minPrice}`);
    if (price > rules.maxPrice) return refuse('price_above_maximum', `${price} > ${rules.maxPrice}`);
  }
  const valuation = price ?? referencePrice;
  if (valuation !== undefined && quantity * valuation < rules.minNotional) {
    return refuse('notional_below_minimum', `${quantity} x ${valuation} < ${rules.minNotional}`);
  }
  return { ok: true, quantity, price };
}

export function floorToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  // The epsilon absorbs binary noise (0.3 / 0.1 = 2.9999999999999996) without rounding real excess up.
  return toGrid(Math.floor(value / step + 1e-9) * step, step);
}

export function ceilToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  return toGrid(Math.ceil(value / step - 1e-9) * step, step);
}

function toGrid(value: number, step: number): number {
  return Number(value.toFixed(decimalsOf(step)));
}

function decimalsOf(step: number): number {
  const text = step.toString();
  const exp = /e-(\d+)$/.exec(text);
  if (exp?.[1] !== undefined) return Number(exp[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function num(value: unknown, fallback: number): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}

function refuse(reasonCode: string, message: string): RoundedOrder {
  return { ok: false, reasonCode, message };
}
