import type { Order as CcxtOrder } from 'ccxt';
import type { Logger } from '../../../ports/logger.ts';
import { isOrderAbsent, type VenueFailure } from './binance-errors.ts';
import type { BinanceExchange } from './binance-client.ts';
import type { LiveOrder } from './live-order.ts';
import { VenueCallError, isCircuitOpenError } from './venue-circuit.ts';

export interface OrderPlacerDeps {
  readonly exchange: BinanceExchange;
  readonly futures: boolean;
  readonly call: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly adopt: (order: LiveOrder, venueOrder: CcxtOrder) => void;
  readonly reject: (order: LiveOrder, reasonCode: string, message: string) => void;
  readonly markUncertain: (order: LiveOrder, reason: string) => void;
  /** Ends an order that is not on the venue and was cancelled meanwhile (instead of re-sending it). */
  readonly cancelUnplaced: (order: LiveOrder) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** Order POSTs per placement before giving up (each re-send only after proving the order absent). */
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

type Lookup = { readonly kind: 'found'; readonly order: CcxtOrder } | { readonly kind: 'absent' | 'unknown' };

/**
 * Sends one order with the retry discipline of a live venue: a rate-limited POST is re-sent after the
 * venue's Retry-After; an ambiguous failure (timeout, 5xx, network) is never re-sent blind: the order is
 * first looked up by its clientOrderId, adopted if it exists, re-sent with the same clientOrderId only
 * when the venue says it does not. If its fate stays unknown the order is handed to the status poller.
 */
export class OrderPlacer {
  constructor(private readonly deps: OrderPlacerDeps) {}

  async place(order: LiveOrder): Promise<void> {
    let ambiguous = false;
    for (let attempt = 1; attempt <= this.deps.maxAttempts; attempt += 1) {
      // A re-send happens only once the order is known not to be on the venue; cancelled meanwhile, it ends.
      if (attempt > 1 && order.cancelRequested) return this.deps.cancelUnplaced(order);
      try {
        order.sends += 1;
        const placed = await this.deps.call(() => this.send(order));
        this.deps.adopt(order, placed);
        return;
      } catch (error) {
        if (isCircuitOpenError(error)) {
          if (ambiguous) this.deps.markUncertain(order, 'venue_circuit_open');
          else
            this.deps.reject(order, 'venue_circuit_open', 'venue circuit opened before the order was sent');
          return;
        }
        const failure = failureOf(error);
        this.deps.logger.log('warn', 'binance order placement failed', {
          clientOrderId: order.request.clientOrderId,
          attempt,
          reasonCode: failure.reasonCode,
          binanceCode: failure.binanceCode,
        });
        if (failure.reasonCode === 'duplicate_order') {
          // Our clientOrderIds are unique: a duplicate is our own earlier send that landed after all.
          const lookup = await this.lookup(order);
          if (lookup.kind === 'found') this.deps.adopt(order, lookup.order);
          else this.deps.reject(order, failure.reasonCode, failure.message);
          return;
        }
        if (failure.failureClass === 'fatal') {
          this.deps.reject(order, failure.reasonCode, failure.message);
          return;
        }
        if (failure.failureClass === 'rate_limited') {
          await this.deps.sleep(failure.retryAfterMs ?? this.deps.backoffMs * attempt);
          continue;
        }
        ambiguous = true;
        // Wait first: an order whose send timed out may still reach the matching engine; the lookup just
        // before a re-send is the one that must not miss it.
        await this.deps.sleep(this.deps.backoffMs * attempt);
        const lookup = await this.lookup(order);
        if (lookup.kind === 'found') {
          this.deps.adopt(order, lookup.order);
          return;
        }
        if (lookup.kind === 'unknown') {
          this.deps.markUncertain(order, failure.reasonCode);
          return;
        }
      }
    }
    if (ambiguous) this.deps.markUncertain(order, 'retries_exhausted');
    else this.deps.reject(order, 'retries_exhausted', `${this.deps.maxAttempts} attempts were rate limited`);
  }

  /** The order's state on the venue by clientOrderId: found, proven absent, or unknown (query failed). */
  async lookup(order: LiveOrder): Promise<Lookup> {
    try {
      const found = await this.deps.call(() =>
        this.deps.exchange.fetchOrder('', order.rules.symbol, {
          origClientOrderId: order.request.clientOrderId,
        }),
      );
      return { kind: 'found', order: found };
    } catch (error) {
      if (error instanceof VenueCallError && isOrderAbsent(error.failure)) return { kind: 'absent' };
      return { kind: 'unknown' };
    }
  }

  private send(order: LiveOrder): Promise<CcxtOrder> {
    const { request, rules } = order;
    const params: Record<string, unknown> = { newClientOrderId: request.clientOrderId };
    if (request.timeInForce === 'post_only') params['postOnly'] = true;
    if (request.timeInForce === 'ioc') params['timeInForce'] = 'IOC';
    // Spot has no reduce-only flag; a spot exit simply sells what is held.
    if (this.deps.futures && request.reduceOnly) params['reduceOnly'] = true;
    return this.deps.exchange.createOrder(
      rules.symbol,
      request.type,
      request.side,
      request.quantity,
      request.type === 'limit' ? request.limitPrice : undefined,
      params,
    );
  }
}

function failureOf(error: unknown): VenueFailure {
  if (error instanceof VenueCallError) return error.failure;
  // Not from the venue call wrapper: a bug in request building; fatal, and it must be visible.
  return {
    failureClass: 'fatal',
    reasonCode: 'adapter_error',
    binanceCode: undefined,
    httpStatus: undefined,
    retryAfterMs: undefined,
    message: error instanceof Error ? error.message : String(error),
    venueHealth: false,
  };
}
