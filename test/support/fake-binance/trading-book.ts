import { symbolsOf, type FakeMarket, type SymbolSpec } from './trading-exchange-info.ts';

/** A Binance error answer: HTTP status plus the documented `{ code, msg }` body. */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

export interface FakeOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly timeInForce: string;
  readonly origQty: number;
  readonly price: number;
  readonly reduceOnly: boolean;
  executedQty: number;
  cumQuote: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  readonly time: number;
  updateTime: number;
}

export interface FakeTrade {
  readonly tradeId: number;
  readonly price: number;
  readonly qty: number;
  readonly commission: number;
  readonly commissionAsset: string;
  readonly maker: boolean;
  readonly time: number;
}

/** What the book tells the server to push on the user-data stream. */
export interface BookEvent {
  readonly order: FakeOrder;
  readonly execType: 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';
  readonly trade: FakeTrade | undefined;
}

const TAKER = { spot: 0.001, usdm: 0.0004 };
const MAKER = { spot: 0.001, usdm: 0.0002 };

/**
 * Orders, balances and positions of one fake account. Market orders fill at once at the configured
 * price; crossing limit orders fill as taker; resting limits wait for `fillResting`. Filters and balances
 * are checked the way Binance answers (-1013 filter failure, -2010 insufficient balance, -2019 margin).
 */
export class TradingBook {
  readonly orders = new Map<number, FakeOrder>();
  readonly trades: FakeTrade[] = [];
  readonly balances = new Map<string, { free: number; locked: number }>();
  readonly positions = new Map<string, { amt: number; entryPrice: number }>();
  readonly leverage = new Map<string, number>();
  readonly marginType = new Map<string, 'ISOLATED' | 'CROSSED'>();
  readonly prices = new Map<string, number>();
  private nextOrderId = 1000;
  private nextTradeId = 5000;

  constructor(
    readonly market: FakeMarket,
    private readonly now: () => number,
    private readonly push: (event: BookEvent) => void,
  ) {}

  spec(symbol: string): SymbolSpec {
    const found = symbolsOf(this.market).find((s) => s.symbol === symbol);
    if (!found) throw new BinanceApiError(400, -1121, 'Invalid symbol.');
    return found;
  }

  byClientId(symbol: string, clientOrderId: string): FakeOrder | undefined {
    return [...this.orders.values()].find((o) => o.symbol === symbol && o.clientOrderId === clientOrderId);
  }

  place(params: URLSearchParams): { order: FakeOrder; fills: FakeTrade[] } {
    const symbol = params.get('symbol') ?? '';
    const spec = this.spec(symbol);
    const side = params.get('side') === 'SELL' ? 'SELL' : 'BUY';
    const type = params.get('type') ?? '';
    const qty = Number(params.get('quantity'));
    const price = Number(params.get('price') ?? 0);
    const clientOrderId = params.get('newClientOrderId') ?? `fake-${this.nextOrderId}`;
    const existing = this.byClientId(symbol, clientOrderId);
    if (
      existing &&
      (existing.status === 'NEW' || existing.status === 'PARTIALLY_FILLED' || this.market === 'usdm')
    ) {
      throw new BinanceApiError(400, this.market === 'spot' ? -2010 : -4116, 'Duplicate order sent.');
    }
    const market = this.prices.get(symbol) ?? 0;
    checkFilters(spec, type, qty, type === 'MARKET' ? market : price);
    const crosses = type === 'MARKET' || (side === 'BUY' ? price >= market : price <= market);
    const timeInForce = type === 'MARKET' ? 'GTC' : (params.get('timeInForce') ?? 'GTC');
    if (crosses && (type === 'LIMIT_MAKER' || timeInForce === 'GTX') && this.market === 'spot') {
      throw new BinanceApiError(400, -2010, 'Order would immediately match and take.');
    }
    const reduceOnly = params.get('reduceOnly') === 'true';
    this.checkFunds(spec, side, qty, type === 'MARKET' ? market : price, reduceOnly);
    const order: FakeOrder = {
      symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      timeInForce,
      origQty: qty,
      price: type === 'MARKET' ? 0 : price,
      reduceOnly,
      executedQty: 0,
      cumQuote: 0,
      status: 'NEW',
      time: this.now(),
      updateTime: this.now(),
    };
    this.orders.set(order.orderId, order);
    this.push({ order, execType: 'NEW', trade: undefined });
    if (crosses && timeInForce === 'GTX') {
      this.end(order, 'EXPIRED');
      return { order, fills: [] };
    }
    const fills = crosses ? [this.execute(order, qty, type === 'MARKET' ? market : price, false)] : [];
    if (!crosses && timeInForce === 'IOC') this.end(order, 'EXPIRED');
    else if (!crosses && type === 'LIMIT' && side === 'BUY') this.lockQuote(spec, qty * price);
    return { order, fills };
  }

  /** The test's "the market reached your limit": fills (part of) a resting order as maker. */
  fillResting(order: FakeOrder, qty = order.origQty - order.executedQty): FakeTrade {
    if (order.side === 'BUY' && this.market === 'spot')
      this.lockQuote(this.spec(order.symbol), -qty * order.price);
    return this.execute(order, qty, order.price, true);
  }

  cancel(order: FakeOrder): void {
    if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') {
      throw new BinanceApiError(400, -2011, 'Unknown order sent.');
    }
    if (order.side === 'BUY' && order.type === 'LIMIT' && this.market === 'spot') {
      this.lockQuote(this.spec(order.symbol), -(order.origQty - order.executedQty) * order.price);
    }
    this.end(order, 'CANCELED');
  }

  private end(order: FakeOrder, status: 'CANCELED' | 'EXPIRED'): void {
    order.status = status;
    order.updateTime = this.now();
    this.push({ order, execType: status, trade: undefined });
  }

  private execute(order: FakeOrder, qty: number, price: number, maker: boolean): FakeTrade {
    const spec = this.spec(order.symbol);
    const rate = (maker ? MAKER : TAKER)[this.market];
    // Spot pays commission in the asset received; futures in the margin asset.
    const commissionAsset =
      this.market === 'usdm' || order.side === 'SELL' ? spec.quoteAsset : spec.baseAsset;
    const commission = commissionAsset === spec.baseAsset ? qty * rate : qty * price * rate;
    const trade: FakeTrade = {
      tradeId: this.nextTradeId++,
      price,
      qty,
      commission,
      commissionAsset,
      maker,
      time: this.now(),
    };
    this.trades.push(trade);
    order.executedQty = round(order.executedQty + qty);
    order.cumQuote += qty * price;
    order.status = order.executedQty >= order.origQty - 1e-12 ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.now();
    this.settle(spec, order, trade);
    this.push({ order, execType: 'TRADE', trade });
    return trade;
  }

  private settle(spec: SymbolSpec, order: FakeOrder, trade: FakeTrade): void {
    const sign = order.side === 'BUY' ? 1 : -1;
    if (this.market === 'spot') {
      const base = this.balance(spec.baseAsset);
      const quote = this.balance(spec.quoteAsset);
      base.free += sign * trade.qty - (trade.commissionAsset === spec.baseAsset ? trade.commission : 0);
      quote.free -=
        sign * trade.qty * trade.price + (trade.commissionAsset === spec.quoteAsset ? trade.commission : 0);
      return;
    }
    const position = this.positions.get(spec.symbol) ?? { amt: 0, entryPrice: 0 };
    const amt = round(position.amt + sign * trade.qty);
    const growing = Math.sign(amt) === Math.sign(sign) && Math.abs(amt) > Math.abs(position.amt);
    const entryPrice = growing
      ? (Math.abs(position.amt) * position.entryPrice + trade.qty * trade.price) / Math.abs(amt)
      : amt === 0
        ? 0
        : position.entryPrice;
    const realized = growing ? 0 : (trade.price - position.entryPrice) * -sign * trade.qty;
    this.positions.set(spec.symbol, { amt, entryPrice });
    this.balance('USDT').free += realized - trade.commission;
  }

  private checkFunds(spec: SymbolSpec, side: string, qty: number, price: number, reduceOnly: boolean): void {
    if (this.market === 'spot') {
      const enough =
        side === 'BUY'
          ? this.balance(spec.quoteAsset).free >= qty * price
          : this.balance(spec.baseAsset).free >= qty;
      if (!enough)
        throw new BinanceApiError(400, -2010, 'Account has insufficient balance for requested action.');
      return;
    }
    const amt = this.positions.get(spec.symbol)?.amt ?? 0;
    const reduces = (side === 'SELL' && amt > 0) || (side === 'BUY' && amt < 0);
    if (reduceOnly && (!reduces || qty > Math.abs(amt) + 1e-12)) {
      throw new BinanceApiError(400, -2022, 'ReduceOnly Order is rejected.');
    }
    const margin = (qty * price) / (this.leverage.get(spec.symbol) ?? 20);
    if (!reduces && margin > this.balance('USDT').free)
      throw new BinanceApiError(400, -2019, 'Margin is insufficient.');
  }

  private lockQuote(spec: SymbolSpec, amount: number): void {
    const quote = this.balance(spec.quoteAsset);
    quote.free -= amount;
    quote.locked += amount;
  }

  balance(asset: string): { free: number; locked: number } {
    let found = this.balances.get(asset);
    if (!found) {
      found = { free: 0, locked: 0 };
      this.balances.set(asset, found);
    }
    return found;
  }
}

function checkFilters(spec: SymbolSpec, type: string, qty: number, price: number): void {
  const fail = (what: string) => new BinanceApiError(400, -1013, `Filter failure: ${what}`);
  if (!onGrid(qty, Number(spec.stepSize)) || qty < Number(spec.minQty) || qty > Number(spec.maxQty)) {
    throw fail('LOT_SIZE');
  }
  if (type !== 'MARKET' && !onGrid(price, Number(spec.tickSize))) throw fail('PRICE_FILTER');
  if (qty * price < Number(spec.minNotional)) throw fail('NOTIONAL');
}

function onGrid(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-8;
}

function round(value: number): number {
  return Number(value.toFixed(10));
}
