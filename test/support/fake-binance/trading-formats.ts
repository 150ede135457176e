import type { BookEvent, FakeOrder, FakeTrade, TradingBook } from './trading-book.ts';
import type { FakeMarket } from './trading-exchange-info.ts';

/** Binance sends decimals as strings. */
function d(value: number): string {
  return Number(value.toFixed(8)).toString();
}

export function orderJson(market: FakeMarket, order: FakeOrder): Record<string, unknown> {
  if (market === 'spot') {
    return {
      symbol: order.symbol,
      orderId: order.orderId,
      orderListId: -1,
      clientOrderId: order.clientOrderId,
      price: d(order.price),
      origQty: d(order.origQty),
      executedQty: d(order.executedQty),
      cummulativeQuoteQty: d(order.cumQuote),
      status: order.status,
      timeInForce: order.timeInForce,
      type: order.type,
      side: order.side,
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: order.time,
      updateTime: order.updateTime,
      isWorking: true,
      workingTime: order.time,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    };
  }
  return {
    orderId: order.orderId,
    symbol: order.symbol,
    status: order.status,
    clientOrderId: order.clientOrderId,
    price: d(order.price),
    avgPrice: order.executedQty > 0 ? d(order.cumQuote / order.executedQty) : '0',
    origQty: d(order.origQty),
    executedQty: d(order.executedQty),
    cumQuote: d(order.cumQuote),
    timeInForce: order.timeInForce,
    type: order.type,
    reduceOnly: order.reduceOnly,
    closePosition: false,
    side: order.side,
    positionSide: 'BOTH',
    stopPrice: '0',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: order.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: order.time,
    updateTime: order.updateTime,
  };
}

/** POST /api/v3/order with newOrderRespType=FULL carries the fills; futures answers RESULT. */
export function newOrderJson(market: FakeMarket, order: FakeOrder, fills: readonly FakeTrade[]): unknown {
  const base = orderJson(market, order);
  if (market === 'usdm') return base;
  return {
    ...base,
    transactTime: order.time,
    fills: fills.map((f) => ({
      price: d(f.price),
      qty: d(f.qty),
      commission: d(f.commission),
      commissionAsset: f.commissionAsset,
      tradeId: f.tradeId,
    })),
  };
}

/** The user-data frame Binance pushes for an order event. */
export function userDataFrame(market: FakeMarket, event: BookEvent, now: number): unknown {
  const { order, trade, execType } = event;
  const common = {
    s: order.symbol,
    c: order.clientOrderId,
    S: order.side,
    o: order.type,
    f: order.timeInForce,
    q: d(order.origQty),
    p: d(order.price),
    x: execType,
    X: order.status,
    i: order.orderId,
    l: d(trade?.qty ?? 0),
    z: d(order.executedQty),
    L: d(trade?.price ?? 0),
    n: d(trade?.commission ?? 0),
    N: trade?.commissionAsset ?? null,
    T: trade?.time ?? now,
    t: trade?.tradeId ?? -1,
    m: trade?.maker ?? false,
  };
  if (market === 'spot') {
    return {
      e: 'executionReport',
      E: now,
      ...common,
      P: '0.00000000',
      r: 'NONE',
      C: '',
      w: true,
      O: order.time,
      Z: d(order.cumQuote),
    };
  }
  const ap = order.executedQty > 0 ? d(order.cumQuote / order.executedQty) : '0';
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: now,
    T: now,
    o: {
      ...common,
      ap,
      sp: '0',
      b: '0',
      a: '0',
      R: order.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: order.type,
      ps: 'BOTH',
      cp: false,
      rp: '0',
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
    },
  };
}

export function spotAccountJson(book: TradingBook, now: number): unknown {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now,
    accountType: 'SPOT',
    balances: [...book.balances].map(([asset, b]) => ({ asset, free: d(b.free), locked: d(b.locked) })),
    permissions: ['SPOT'],
    uid: 354937868,
  };
}

export function futuresAccountJson(book: TradingBook, now: number): unknown {
  const usdt = book.balance('USDT');
  const wallet = d(usdt.free);
  return {
    totalInitialMargin: '0',
    totalMaintMargin: '0',
    totalWalletBalance: wallet,
    totalUnrealizedProfit: '0',
    totalMarginBalance: wallet,
    totalPositionInitialMargin: '0',
    totalOpenOrderInitialMargin: '0',
    totalCrossWalletBalance: wallet,
    totalCrossUnPnl: '0',
    availableBalance: wallet,
    maxWithdrawAmount: wallet,
    assets: [
      {
        asset: 'USDT',
        walletBalance: wallet,
        unrealizedProfit: '0',
        marginBalance: wallet,
        maintMargin: '0',
        initialMargin: '0',
        positionInitialMargin: '0',
        openOrderInitialMargin: '0',
        crossWalletBalance: wallet,
        crossUnPnl: '0',
        availableBalance: wallet,
        maxWithdrawAmount: wallet,
        updateTime: now,
      },
    ],
    positions: positionRows(book, now),
  };
}

export function positionRows(book: TradingBook, now: number): Record<string, unknown>[] {
  return [...book.positions].map(([symbol, p]) => {
    const mark = book.prices.get(symbol) ?? p.entryPrice;
    return {
      symbol,
      positionSide: 'BOTH',
      positionAmt: d(p.amt),
      entryPrice: d(p.entryPrice),
      breakEvenPrice: d(p.entryPrice),
      markPrice: d(mark),
      unRealizedProfit: d((mark - p.entryPrice) * p.amt),
      liquidationPrice: '0',
      isolatedMargin: '0',
      notional: d(mark * p.amt),
      marginAsset: 'USDT',
      isolatedWallet: '0',
      initialMargin: d(Math.abs(mark * p.amt) / (book.leverage.get(symbol) ?? 20)),
      maintMargin: '0',
      positionInitialMargin: '0',
      openOrderInitialMargin: '0',
      adl: 0,
      bidNotional: '0',
      askNotional: '0',
      leverage: String(book.leverage.get(symbol) ?? 20),
      marginType: book.marginType.get(symbol) === 'ISOLATED' ? 'isolated' : 'cross',
      isAutoAddMargin: 'false',
      maxNotionalValue: '250000',
      updateTime: now,
    };
  });
}
