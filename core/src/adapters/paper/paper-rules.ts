import type { OrderRequest, SubmitResult } from '../../ports/venue.ts';

export function refusal(reasonCode: string, message: string): SubmitResult {
  return { accepted: false, reasonCode, message };
}

/**
 * Checks a venue would make at submission. `net` is the instrument's signed position; `lastPrices` the
 * last trade per instrument (post-only needs to know where the market is).
 */
export function validateRequest(
  request: OrderRequest,
  net: number,
  lastPrices: ReadonlyMap<string, number>,
): SubmitResult | undefined {
  if (!(request.quantity > 0) || !Number.isFinite(request.quantity)) {
    return refusal('invalid_quantity', `quantity ${request.quantity} must be a positive number`);
  }
  if (request.type === 'limit' && !(request.limitPrice !== undefined && request.limitPrice > 0)) {
    return refusal('invalid_price', `limit order needs a positive limit price, got ${request.limitPrice}`);
  }
  if (request.reduceOnly && !(request.side === 'buy' ? net < 0 : net > 0)) {
    return refusal('reduce_only_would_increase', `reduce-only ${request.side} against net position ${net}`);
  }
  if (request.type === 'limit' && request.timeInForce === 'post_only') {
    const last = lastPrices.get(request.instrumentId);
    const limit = request.limitPrice ?? 0;
    const crosses = last !== undefined && (request.side === 'buy' ? limit >= last : limit <= last);
    if (crosses)
      return refusal('post_only_would_cross', `post-only ${request.side} at ${limit}, last ${last}`);
  }
  return undefined;
}
