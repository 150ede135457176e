import type { Order as CcxtOrder } from 'ccxt';
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
import { VenueQueryFailed } from './binance-errors.ts';
import type { BinanceExchange, BinanceExecutionVenue } from './binance-client.ts';
import {
  bookTrade,
  endReasonOf,
  endReport,
  isTerminal,
  queryEvidence,
  toOrder,
  type LiveOrder,
} from './live-order.ts';
import { roundOrder, rulesFromMarket, type MarketRules } from './market-rules.ts';
import { OrderPlacer } from './order-placer.ts';
import type { OrderUpdate } from './user-data-parser.ts';
import { VenueCallError, VenueCircuit } from './venue-circuit.ts';
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
  private readonly listeners: ((report: ExecutionReport) => void)[] = [];
  private readonly byClientId = new Map<string, LiveOrder>();
  private readonly byOrderId = new Map<string, LiveOrder>();
  private readonly rules = new Map<string, MarketRules>();
  private readonly placer: OrderPlacer;
  private readonly ackLatencies: number[] = [];
  private readonly pending = new Set<Promise<void>>();
  readonly circuit: VenueCircuit;
  private pausedUntil = 0;

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
    this.placer = new OrderPlacer({
      exchange: options.exchange,
      futures: options.venue === 'binance-usdm',
      call: (fn) => this.call(fn),
      adopt: (order, venueOrder) => this.adopt(order, venueOrder),
      reject: (order, reasonCode, message) => this.reject(order, reasonCode, message),
      markUncertain: (order, reason) => this.markUncertain(order, reason),
      sleep,
      logger: options.logger,
      maxAttempts: options.maxPlacementAttempts ?? 3,
      backoffMs: options.retryBackoffMs ?? 250,
    });
  }

  /** Loads exchangeInfo (precision and filters); submit() refuses until this has run. */
  async loadRules(): Promise<void> {
    const markets = await this.call(() => this.options.exchange.loadMarkets());
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
    const prefix = `${this.venueId}:`;
    if (!request.instrumentId.startsWith(prefix)) {
      return refusal('unknown_instrument', `${request.instrumentId} is not on ${this.venueId}`);
    }
    const rules = this.rules.get(request.instrumentId.slice(prefix.length));
    if (!rules) return refusal('unknown_symbol', `no exchangeInfo for ${request.instrumentId}`);
    if (
      this.byClientId.get(request.clientOrderId)?.status === 'pending' ||
      this.isWorking(request.clientOrderId)
    ) {
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
    this.byClientId.set(request.clientOrderId, order);
    this.byOrderId.set(order.orderId, order);
    this.track(this.placer.place(order));
    return { accepted: true, order: toOrder(order) };
  }

  cancel(orderId: string, _ts: number): boolean {
    const order = this.byOrderId.get(orderId);
    if (!order || isTerminal(order.status)) return false;
    order.cancelRequested = true;
    // Still being placed: the cancel goes out once the venue has acknowledged it (see adopt).
    if (order.acknowledged) this.track(this.sendCancel(order));
    return true;
  }

  onExecution(listener: (report: ExecutionReport) => void): void {
    this.listeners.push(listener);
  }

  /** A user-data event: fills booked once by trade id and cumulative quantity, then terminal states. */
  onOrderUpdate(update: OrderUpdate): void {
    const order = this.byClientId.get(update.clientOrderId);
    if (!order) return; // not ours (manual trading on the same account)
    this.markAcknowledged(order, update.exchangeOrderId);
    if (update.execType === 'TRADE' && update.lastQty > 0) {
      const fill = bookTrade(
        order,
        { ...update, qty: update.lastQty, price: update.lastPrice, venueFilled: update.status === 'FILLED' },
        this.fillId(order, update.tradeId ?? `${update.exchangeOrderId}:${update.cumulativeQty}`),
      );
      if (fill) this.emit({ kind: 'fill', fill });
    }
    this.endIfTerminal(order, update.status);
  }

  /** Queries every order whose state may be stale (uncertain placement, or events missed in a gap). */
  async pollUncertain(all = false): Promise<void> {
    const targets = [...this.byClientId.values()].filter(
      (o) => !isTerminal(o.status) && (all || o.uncertain),
    );
    await Promise.all(targets.map((order) => this.pollOrder(order)));
  }

  async openOrders(): Promise<readonly Order[]> {
    const raw = await this.query('openOrders', () => this.options.exchange.fetchOpenOrders());
    const { exchange, venue } = this.options;
    return raw.map((o) => {
      const known = o.clientOrderId === undefined ? undefined : this.byClientId.get(o.clientOrderId);
      return venueOrderToOrder(exchange, venue, o, known ? toOrder(known) : undefined);
    });
  }

  async balances(): Promise<readonly Balance[]> {
    const raw = await this.query('balances', () => this.options.exchange.fetchBalance());
    return balancesFrom(raw as unknown as Parameters<typeof balancesFrom>[0]);
  }

  async positions(): Promise<readonly VenuePosition[]> {
    const { exchange, venue } = this.options;
    if (venue === 'binance-spot') {
      const symbols = this.options.symbols ?? [];
      const rules = symbols.map((s) => this.rules.get(s)).filter((r): r is MarketRules => r !== undefined);
      return spotPositionsFrom(await this.balances(), venue, rules);
    }
    const raw = await this.query('positions', () => exchange.fetchPositions());
    return futuresPositionsFrom(exchange, venue, raw);
  }

  /** submit() to venue acknowledgement, per acknowledged order, in clock ms. */
  acknowledgementLatencies(): readonly number[] {
    return this.ackLatencies;
  }

  /** Resolves when every background placement and cancel started so far has settled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Every venue call: waits out a Retry-After pause, then runs through the circuit breaker. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await sleep(wait);
    const headers = () => {
      const h = this.options.exchange.last_response_headers as Record<string, string> | undefined;
      return h?.['Retry-After'];
    };
    try {
      return await this.circuit.execute(fn, headers);
    } catch (error) {
      const retryAfter = error instanceof VenueCallError ? error.failure.retryAfterMs : undefined;
      if (retryAfter !== undefined) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfter);
      throw error;
    }
  }

  private async query<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.call(fn);
    } catch (error) {
      if (error instanceof VenueCallError) throw new VenueQueryFailed(name, error.failure);
      throw new VenueQueryFailed(name, {
        failureClass: 'ambiguous',
        reasonCode: 'venue_circuit_open',
        binanceCode: undefined,
        httpStatus: undefined,
        retryAfterMs: undefined,
        message: error instanceof Error ? error.message : String(error),
        venueHealth: true,
      });
    }
  }

  private adopt(order: LiveOrder, venueOrder: CcxtOrder): void {
    order.uncertain = false;
    this.markAcknowledged(order, venueOrder.id ?? '');
    if (order.status === 'pending') order.status = 'open';
    for (const trade of venueOrder.trades ?? []) {
      const evidence = {
        tradeId: trade.id === undefined || trade.id === '' ? undefined : String(trade.id),
        qty: trade.amount ?? 0,
        price: trade.price ?? 0,
        commission: trade.fee?.cost ?? 0,
        commissionAsset: trade.fee?.currency ?? '',
        maker: trade.takerOrMaker === 'maker',
        ts: trade.timestamp ?? venueOrder.timestamp ?? this.options.clock.now(),
        cumulativeQty: venueOrder.filled ?? 0,
        venueFilled: venueOrder.status === 'closed',
      };
      const fill = bookTrade(order, evidence, this.fillId(order, evidence.tradeId ?? `${venueOrder.id}:r`));
      if (fill) this.emit({ kind: 'fill', fill });
    }
    const evidence = queryEvidence(
      order,
      venueOrder.filled ?? 0,
      venueOrder.average ?? venueOrder.price,
      venueOrder.fee?.currency === order.rules.quoteAsset ? (venueOrder.fee?.cost ?? 0) : 0,
      venueOrder.lastTradeTimestamp ?? venueOrder.timestamp ?? this.options.clock.now(),
      venueOrder.status === 'closed',
    );
    if (evidence) {
      const fill = bookTrade(
        order,
        evidence,
        this.fillId(order, `${venueOrder.id}:q${evidence.cumulativeQty}`),
      );
      if (fill) this.emit({ kind: 'fill', fill });
    }
    this.endIfTerminal(order, venueOrder.status ?? '');
    if (order.cancelRequested && !isTerminal(order.status)) this.track(this.sendCancel(order));
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

  private reject(order: LiveOrder, reasonCode: string, message: string): void {
    if (isTerminal(order.status)) return;
    this.options.logger.log('warn', 'binance order rejected', {
      clientOrderId: order.request.clientOrderId,
      reasonCode,
      message,
    });
    this.emit(endReport(order, 'rejected', reasonCode));
  }

  private markUncertain(order: LiveOrder, reason: string): void {
    order.uncertain = true;
    this.options.logger.log('warn', 'binance order state uncertain; polling', {
      clientOrderId: order.request.clientOrderId,
      reason,
    });
  }

  private async pollOrder(order: LiveOrder): Promise<void> {
    const lookup = await this.placer.lookup(order);
    if (lookup.kind === 'found') this.adopt(order, lookup.order);
    else if (lookup.kind === 'absent' && order.uncertain) {
      // Proven never placed: re-send with the same clientOrderId (the venue dedupes working ids).
      order.uncertain = false;
      await this.placer.place(order);
    }
  }

  private async sendCancel(order: LiveOrder): Promise<void> {
    try {
      const params = { origClientOrderId: order.request.clientOrderId };
      const cancelled = await this.call(() =>
        this.options.exchange.cancelOrder('', order.rules.symbol, params),
      );
      this.adopt(order, cancelled);
    } catch (error) {
      // Unknown order (-2011): it filled or ended first; its status query settles the record.
      this.options.logger.log('warn', 'binance cancel failed', {
        clientOrderId: order.request.clientOrderId,
        error: String(error),
      });
      await this.pollOrder(order).catch(() => undefined);
    }
  }

  private isWorking(clientOrderId: string): boolean {
    const order = this.byClientId.get(clientOrderId);
    return order !== undefined && !isTerminal(order.status);
  }

  private fillId(order: LiveOrder, suffix: string): string {
    return `${this.venueId}:${order.rules.nativeSymbol}:${suffix}`;
  }

  private emit(report: ExecutionReport): void {
    for (const listener of this.listeners) listener(report);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.logger.log('error', 'binance venue background task failed', { error: String(error) });
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function refusal(reasonCode: string, message: string): SubmitResult {
  return { accepted: false, reasonCode, message };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
