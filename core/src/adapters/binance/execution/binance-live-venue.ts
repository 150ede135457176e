import type { EngineEvent } from '../../../events/events.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { IdGenerator } from '../../../ports/ids.ts';
import type { Logger } from '../../../ports/logger.ts';
import type {
  Balance,
  ExecutionReport,
  OrderRequest,
  SubmitResult,
  VenuePort,
  VenuePosition,
} from '../../../ports/venue.ts';
import type { Order } from '../../../domain/trading.ts';
import type { BinanceExchange, BinanceExecutionVenue } from './binance-client.ts';
import { VenueQueryFailed } from './binance-errors.ts';
import { isTerminal, toOrder, type LiveOrder } from './live-order.ts';
import { roundOrder, rulesFromMarket, type MarketRules } from './market-rules.ts';
import { OrderPlacer } from './order-placer.ts';
import { OrderLedger } from './order-ledger.ts';
import type { OrderUpdate } from './user-data-parser.ts';
import { VenueCaller } from './venue-caller.ts';
import { VenueCircuit } from './venue-circuit.ts';
import { balancesFrom, futuresPositionsFrom, spotPositionsFrom, venueOrderToOrder } from './venue-queries.ts';

export interface BinanceLiveVenueOptions {
  readonly venue: BinanceExecutionVenue;
  readonly exchange: BinanceExchange;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly publish: (event: EngineEvent) => void;
  /** Native symbols this venue trades (spot positions are read from their base balances). */
  readonly symbols?: readonly string[];
  /** Last known price per instrument: values market orders for the notional filter. */
  readonly referencePrice?: (instrumentId: string) => number | undefined;
  readonly circuitThreshold?: number;
  readonly circuitHalfOpenAfterMs?: number;
  readonly maxPlacementAttempts?: number;
  readonly retryBackoffMs?: number;
  /** True while the user-data stream is up: quantity-level fills then wait for its trade-level ones. */
  readonly streamConnected?: () => boolean;
  /** How long quantity-level evidence waits for the stream's per-trade fills (ms). */
  readonly queryFillGraceMs?: number;
}

/**
 * VenuePort over Binance spot or USD-M futures. submit() validates and rounds locally and answers
 * "accepted, pending" at once; placement runs in the background (OrderPlacer) and every outcome reaches
 * the listeners as an ExecutionReport: fills from the order response, the user-data stream or status
 * queries (booked exactly once), and cancels, expiries and rejections as `cancelled` reports whose order
 * status says which (`rejected` with the venue's reason code for refusals).
 */
export class BinanceLiveVenue implements VenuePort {
  readonly venueId: string;
  private readonly ledger: OrderLedger;
  private readonly rules = new Map<string, MarketRules>();
  private readonly placer: OrderPlacer;
  private readonly pending = new Set<Promise<void>>();
  /** Working orders the last openOrders() listed that this process did not place, by our order id. */
  private listed = new Map<string, { readonly symbol: string; readonly exchangeOrderId: string }>();
  readonly circuit: VenueCircuit;
  readonly caller: VenueCaller;

  constructor(private readonly options: BinanceLiveVenueOptions) {
    this.venueId = options.venue;
    this.circuit = new VenueCircuit({
      venue: options.venue,
      threshold: options.circuitThreshold ?? 5,
      halfOpenAfterMs: options.circuitHalfOpenAfterMs ?? 30_000,
      clock: options.clock,
      ids: options.ids,
      publish: options.publish,
    });
    this.caller = new VenueCaller(options.exchange, this.circuit);
    this.ledger = new OrderLedger({
      venueId: options.venue,
      clock: options.clock,
      logger: options.logger,
      streamConnected: options.streamConnected ?? (() => false),
      queryFillGraceMs: options.queryFillGraceMs ?? 1_000,
      sendCancel: (order) => this.sendCancel(order),
      track: (work) => this.track(work),
    });
    this.placer = new OrderPlacer({
      exchange: options.exchange,
      futures: options.venue === 'binance-usdm',
      call: (fn) => this.caller.call(fn),
      adopt: (order, venueOrder) => this.ledger.adopt(order, venueOrder),
      reject: (order, reasonCode, message) => this.ledger.reject(order, reasonCode, message),
      markUncertain: (order, reason) => this.ledger.markUncertain(order, reason),
      cancelUnplaced: (order) => this.ledger.cancelUnplaced(order),
      sleep,
      logger: options.logger,
      maxAttempts: options.maxPlacementAttempts ?? 3,
      backoffMs: options.retryBackoffMs ?? 250,
    });
  }

  /** Loads exchangeInfo (precision and filters); submit() refuses until this has run. */
  async loadRules(): Promise<void> {
    const markets = await this.caller.call(() => this.options.exchange.loadMarkets());
    for (const market of Object.values(markets)) {
      if (!market?.id) continue;
      const { symbol, id, base, quote, info } = market;
      this.rules.set(id, rulesFromMarket({ symbol, id, base, quote, info: info as unknown }));
    }
  }

  rulesFor(nativeSymbol: string): MarketRules | undefined {
    return this.rules.get(nativeSymbol);
  }

  submit(request: OrderRequest): SubmitResult {
    if (!this.circuit.allowsNewOrders())
      return refusal('venue_circuit_open', `${this.venueId} circuit is open`);
    if (this.rules.size === 0)
      return refusal('venue_not_ready', `${this.venueId} has not loaded exchangeInfo`);
    const prefix = `${this.venueId}:`;
    if (!request.instrumentId.startsWith(prefix)) {
      return refusal('unknown_instrument', `${request.instrumentId} is not on ${this.venueId}`);
    }
    const rules = this.rules.get(request.instrumentId.slice(prefix.length));
    if (!rules) return refusal('unknown_symbol', `no exchangeInfo for ${request.instrumentId}`);
    // A clientOrderId is used once: the venue would take a reused one for the earlier order.
    if (this.ledger.byClientId.has(request.clientOrderId)) {
      return refusal('duplicate_client_order_id', `${request.clientOrderId} is already working`);
    }
    if (request.timeInForce === 'post_only' && request.type !== 'limit') {
      return refusal('post_only_requires_limit', 'post-only applies to limit orders');
    }
    const rounded = roundOrder(rules, request, this.options.referencePrice?.(request.instrumentId));
    if (!rounded.ok) return refusal(rounded.reasonCode, rounded.message);
    const order: LiveOrder = {
      request: { ...request, quantity: rounded.quantity, limitPrice: rounded.price },
      orderId: this.options.ids.next('ord'),
      rules,
      exchangeOrderId: undefined,
      status: 'pending',
      bookedQty: 0,
      bookedNotional: 0,
      tradeIds: new Set(),
      uncertain: false,
      acknowledged: false,
      cancelRequested: false,
      sends: 0,
      submittedAt: this.options.clock.now(),
      acknowledgedAt: undefined,
    };
    this.ledger.register(order);
    this.track(this.placer.place(order));
    return { accepted: true, order: toOrder(order) };
  }

  cancel(orderId: string, _ts: number): boolean {
    const order = this.ledger.byOrderId.get(orderId);
    if (!order) return this.cancelListed(orderId);
    if (isTerminal(order.status)) return false;
    order.cancelRequested = true;
    // Still being placed: the cancel goes out once the venue has acknowledged it (see adopt).
    if (order.acknowledged) this.track(this.sendCancel(order));
    return true;
  }

  onExecution(listener: (report: ExecutionReport) => void): void {
    this.ledger.onExecution(listener);
  }

  /** A user-data event (from the stream). */
  onOrderUpdate(update: OrderUpdate): void {
    this.ledger.onOrderUpdate(update);
  }

  /** Queries every order whose state may be stale (uncertain placement, or events missed in a gap). */
  async pollUncertain(all = false): Promise<void> {
    const targets = [...this.ledger.byClientId.values()].filter(
      (o) => !isTerminal(o.status) && (all || o.uncertain),
    );
    await Promise.all(targets.map((order) => this.pollOrder(order)));
  }

  async openOrders(): Promise<readonly Order[]> {
    const raw = await this.caller.query('openOrders', () => this.options.exchange.fetchOpenOrders());
    const { exchange, venue } = this.options;
    const listed = new Map<string, { symbol: string; exchangeOrderId: string }>();
    const orders = raw.map((o) => {
      const known = o.clientOrderId === undefined ? undefined : this.ledger.byClientId.get(o.clientOrderId);
      const order = venueOrderToOrder(exchange, venue, o, known ? toOrder(known) : undefined);
      if (!known && o.symbol && o.id) listed.set(order.orderId, { symbol: o.symbol, exchangeOrderId: o.id });
      return order;
    });
    this.listed = listed;
    return orders;
  }

  async balances(): Promise<readonly Balance[]> {
    const raw = await this.caller.query('balances', () => this.options.exchange.fetchBalance());
    return balancesFrom(raw as unknown as Parameters<typeof balancesFrom>[0]);
  }

  async positions(): Promise<readonly VenuePosition[]> {
    const { exchange, venue } = this.options;
    if (venue === 'binance-spot') {
      const symbols = this.options.symbols ?? [];
      // A symbol without exchangeInfo would silently read as flat; refuse the query instead.
      const unknown = symbols.filter((s) => !this.rules.has(s));
      if (unknown.length > 0) throw rulesMissing('positions', unknown);
      const rules = symbols.map((s) => this.rules.get(s)).filter((r): r is MarketRules => r !== undefined);
      return spotPositionsFrom(await this.balances(), venue, rules);
    }
    const raw = await this.caller.query('positions', () => exchange.fetchPositions());
    return futuresPositionsFrom(exchange, venue, raw);
  }

  /** submit() to venue acknowledgement, per acknowledged order, in clock ms. */
  acknowledgementLatencies(): readonly number[] {
    return this.ledger.acknowledgementLatencies();
  }

  /** Resolves when every background placement and cancel started so far has settled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async pollOrder(order: LiveOrder): Promise<void> {
    const lookup = await this.placer.lookup(order);
    if (lookup.kind === 'found') this.ledger.adopt(order, lookup.order);
    else if (lookup.kind === 'absent' && order.uncertain) {
      // Proven never placed: re-send with the same clientOrderId (the venue dedupes working ids).
      order.uncertain = false;
      if (order.cancelRequested) this.ledger.cancelUnplaced(order);
      else await this.placer.place(order);
    }
  }

  /**
   * An order placed before a restart (its record lost) or by someone else: reconciliation cancels it by
   * the id openOrders() reported. Nothing tracks its fills, so the cancel goes out by exchange order id.
   */
  private cancelListed(orderId: string): boolean {
    const listed = this.listed.get(orderId);
    if (!listed) return false;
    this.listed.delete(orderId);
    const { exchange } = this.options;
    this.track(
      this.caller
        .call(() => exchange.cancelOrder(listed.exchangeOrderId, listed.symbol))
        .then(() => undefined),
    );
    return true;
  }

  private async sendCancel(order: LiveOrder): Promise<void> {
    try {
      const params = { origClientOrderId: order.request.clientOrderId };
      const cancelled = await this.caller.call(() =>
        this.options.exchange.cancelOrder('', order.rules.symbol, params),
      );
      this.ledger.adopt(order, cancelled);
    } catch (error) {
      // Unknown order (-2011): it filled or ended first; its status query settles the record.
      this.options.logger.log('warn', 'binance cancel failed', {
        clientOrderId: order.request.clientOrderId,
        error: String(error),
      });
      await this.pollOrder(order).catch(() => undefined);
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.logger.log('error', 'binance venue background task failed', { error: String(error) });
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function rulesMissing(query: string, symbols: readonly string[]): VenueQueryFailed {
  return new VenueQueryFailed(query, {
    failureClass: 'fatal',
    reasonCode: 'venue_not_ready',
    binanceCode: undefined,
    httpStatus: undefined,
    retryAfterMs: undefined,
    message: `no exchangeInfo for ${symbols.join(', ')}`,
    venueHealth: false,
  });
}

function refusal(reasonCode: string, message: string): SubmitResult {
  return { accepted: false, reasonCode, message };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
