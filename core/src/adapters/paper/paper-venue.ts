import { marketTypeOf, type ExecutionConfig } from '../../config/execution-config.ts';
import type { MarketType } from '../../domain/instrument.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { Fill, Order, OrderStatus } from '../../domain/trading.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type {
  Balance,
  ExecutionReport,
  OrderRequest,
  SubmitResult,
  VenuePort,
  VenuePosition,
} from '../../ports/venue.ts';
import { PaperAccount } from './paper-account.ts';
import { refusal, validateRequest } from './paper-rules.ts';

export interface PaperVenueOptions {
  readonly venueId?: string;
  readonly slippageBps: number;
  readonly latencyMs: number;
  readonly maxShareOfTradeVolume: number;
  readonly startingBalance: number;
  readonly quoteAsset: string;
  readonly fees: Readonly<
    Record<MarketType, { readonly maker: number; readonly taker: number; readonly volumeCapped: boolean }>
  >;
}

export function paperVenueOptions(config: ExecutionConfig): PaperVenueOptions {
  return { ...config.paper, startingBalance: config.startingEquity, fees: config.markets };
}

interface WorkingOrder {
  readonly request: OrderRequest;
  readonly orderId: string;
  readonly marketType: MarketType;
  /** Event time from which trades may fill it: submission + latency. */
  readonly eligibleAt: number;
  filled: number;
  status: OrderStatus;
}

/** Remaining quantity below this share of the order is float dust: the order is complete. */
const DUST = 1e-12;

/**
 * Simulated venue driven by the market's own trades (event time only). A market order submitted at t fills
 * at the first trade of its instrument with ts ≥ t + latency, at that trade's price moved against it by
 * the slippage, paying the taker fee of its market type. Each trade lends at most maxShareOfTradeVolume of
 * its size to entries, shared first come first served, so large entries fill across several trades;
 * reduce-only market exits fill whole on their first eligible trade. A limit order
 * fills at its limit price, as maker, when a trade prints at or through it.
 */
export class PaperVenue implements VenuePort {
  readonly venueId: string;
  private readonly byInstrument = new Map<string, WorkingOrder[]>();
  private readonly byId = new Map<string, WorkingOrder>();
  private readonly workingClientIds = new Set<string>();
  private readonly listeners: ((report: ExecutionReport) => void)[] = [];
  private readonly lastPrices = new Map<string, number>();
  private readonly account: PaperAccount;

  constructor(
    private readonly options: PaperVenueOptions,
    private readonly ids: IdGenerator,
  ) {
    this.venueId = options.venueId ?? 'paper';
    this.account = new PaperAccount(options.startingBalance, options.quoteAsset);
  }

  submit(request: OrderRequest): SubmitResult {
    const marketType = marketTypeOf(request.instrumentId);
    if (!marketType) return refusal('unknown_instrument', `no market type in ${request.instrumentId}`);
    if (this.workingClientIds.has(request.clientOrderId)) {
      return refusal('duplicate_client_order_id', `${request.clientOrderId} is already working`);
    }
    const invalid = validateRequest(request, this.account.net(request.instrumentId), this.lastPrices);
    if (invalid) return invalid;
    const working: WorkingOrder = {
      request,
      orderId: this.ids.next('ord'),
      marketType,
      eligibleAt: request.ts + this.options.latencyMs,
      filled: 0,
      status: 'open',
    };
    this.byId.set(working.orderId, working);
    this.workingClientIds.add(request.clientOrderId);
    const list = this.byInstrument.get(request.instrumentId);
    if (list) list.push(working);
    else this.byInstrument.set(request.instrumentId, [working]);
    return { accepted: true, order: toOrder(working) };
  }

  cancel(orderId: string, _ts: number): boolean {
    const working = this.byId.get(orderId);
    if (!working) return false;
    this.finish(working, 'cancelled', 'cancelled_by_request');
    return true;
  }

  onExecution(listener: (report: ExecutionReport) => void): void {
    this.listeners.push(listener);
  }

  /** Feed every market trade; O(1) for instruments without working orders. */
  onTrade(tick: TradeTick): void {
    this.lastPrices.set(tick.instrumentId, tick.price);
    const list = this.byInstrument.get(tick.instrumentId);
    if (!list || list.length === 0) return;
    const capped = this.options.fees[list[0]?.marketType ?? 'spot'].volumeCapped;
    let available = capped ? tick.qty * this.options.maxShareOfTradeVolume : Number.POSITIVE_INFINITY;
    // Orders submitted by listeners while this trade is processed wait for the next trade.
    for (const working of [...list]) {
      if (working.status !== 'open' && working.status !== 'partially_filled') continue;
      if (tick.ts < working.eligibleAt) continue;
      // A protective exit (reduce-only market) takes what it needs: a stop must not trickle out over minutes
      // while the position keeps running; entries remain capped by the trade's volume.
      const exit = working.request.reduceOnly && working.request.type === 'market';
      const taken = this.fillFrom(working, tick, exit ? Number.POSITIVE_INFINITY : available);
      if (!exit) available -= taken;
      if (working.request.timeInForce === 'ioc' && this.byId.has(working.orderId)) {
        this.finish(working, 'cancelled', 'ioc_expired');
      }
    }
  }

  /**
   * End of a replay only: fills working reduce-only market orders at each instrument's last trade price
   * (with slippage, whatever the volume) and cancels everything else, so a backtest ends flat.
   */
  settleAtLastPrices(ts: number): void {
    for (const [instrumentId, list] of this.byInstrument) {
      const price = this.lastPrices.get(instrumentId);
      for (const working of [...list]) {
        const closing = working.request.reduceOnly && working.request.type === 'market';
        if (!closing || price === undefined) {
          this.finish(working, 'cancelled', 'end_of_data');
          continue;
        }
        const tick = {
          instrumentId,
          ts,
          localTs: ts,
          price,
          qty: Number.POSITIVE_INFINITY,
          side: 'buy' as const,
          tradeId: undefined,
        };
        this.fillFrom(working, tick, Number.POSITIVE_INFINITY);
      }
    }
  }

  async openOrders(): Promise<readonly Order[]> {
    return [...this.byId.values()].map(toOrder);
  }

  async balances(): Promise<readonly Balance[]> {
    return this.account.balances();
  }

  async positions(): Promise<readonly VenuePosition[]> {
    return this.account.positions();
  }

  /** Fills what this trade allows and returns the quantity taken from the trade. */
  private fillFrom(working: WorkingOrder, tick: TradeTick, available: number): number {
    const { request } = working;
    const price = this.fillPrice(request, tick.price);
    if (price === undefined || available <= 0) return 0;
    let quantity = Math.min(request.quantity - working.filled, available);
    // A reduce-only order never takes the position through zero; reaching zero completes it.
    let flattens = false;
    if (request.reduceOnly) {
      const net = this.account.net(request.instrumentId);
      const reducible = request.side === 'buy' ? Math.max(0, -net) : Math.max(0, net);
      if (reducible <= 0) {
        this.finish(working, 'cancelled', 'reduce_only_nothing_to_reduce');
        return 0;
      }
      flattens = quantity >= reducible;
      quantity = Math.min(quantity, reducible);
    }
    working.filled += quantity;
    const complete = flattens || request.quantity - working.filled <= request.quantity * DUST;
    const liquidity = request.type === 'market' ? 'taker' : 'maker';
    const rates = this.options.fees[working.marketType];
    const fill: Fill = {
      fillId: this.ids.next('fill'),
      orderId: working.orderId,
      clientOrderId: request.clientOrderId,
      instrumentId: request.instrumentId,
      side: request.side,
      price,
      quantity,
      fee: price * quantity * (liquidity === 'taker' ? rates.taker : rates.maker),
      liquidity,
      ts: tick.ts,
      orderComplete: complete,
    };
    this.account.apply(fill);
    if (complete) this.retire(working, 'filled');
    else working.status = 'partially_filled';
    this.publish({ kind: 'fill', fill });
    return quantity;
  }

  /** Market orders pay the slippage; limit orders fill at their limit once a trade reaches it. */
  private fillPrice(request: OrderRequest, tradePrice: number): number | undefined {
    const buy = request.side === 'buy';
    if (request.type === 'market') {
      const slip = this.options.slippageBps / 10_000;
      return tradePrice * (buy ? 1 + slip : 1 - slip);
    }
    const limit = request.limitPrice ?? Number.NaN;
    const reached = buy ? tradePrice <= limit : tradePrice >= limit;
    return reached ? limit : undefined;
  }

  private finish(working: WorkingOrder, status: OrderStatus, reasonCode: string): void {
    this.retire(working, status);
    this.publish({ kind: 'cancelled', order: toOrder(working), reasonCode });
  }

  private retire(working: WorkingOrder, status: OrderStatus): void {
    working.status = status;
    this.byId.delete(working.orderId);
    this.workingClientIds.delete(working.request.clientOrderId);
    const list = this.byInstrument.get(working.request.instrumentId);
    if (!list) return;
    const index = list.indexOf(working);
    if (index >= 0) list.splice(index, 1);
  }

  private publish(report: ExecutionReport): void {
    for (const listener of this.listeners) listener(report);
  }
}

function toOrder(working: WorkingOrder): Order {
  const { request } = working;
  return {
    orderId: working.orderId,
    clientOrderId: request.clientOrderId,
    instrumentId: request.instrumentId,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    limitPrice: request.limitPrice,
    timeInForce: request.timeInForce,
    reduceOnly: request.reduceOnly,
    status: working.status,
    filledQuantity: working.filled,
    createdAt: request.ts,
    purpose: request.purpose,
  };
}
