import { BinanceApiError, type FakeOrder } from './trading-book.ts';
import {
  futuresAccountJson,
  newOrderJson,
  orderJson,
  positionRows,
  spotAccountJson,
} from './trading-formats.ts';
import type { TradingBook } from './trading-book.ts';
import type { FakeMarket } from './trading-exchange-info.ts';

/** What the routes need from the server (kept narrow so the server alone imports the routes). */
export interface RouteContext {
  readonly book: TradingBook;
  readonly market: FakeMarket;
  readonly listenKeys: Set<string>;
  readonly keepAlives: string[];
  serverInfo(): unknown;
  createListenKey(): string;
}

/** Answers one REST request of the fake trading server; Binance errors are thrown as BinanceApiError. */
export function routeRequest(
  server: RouteContext,
  method: string,
  path: string,
  params: URLSearchParams,
): unknown {
  const { book, market } = server;
  const now = Date.now();
  const route = `${method} ${path.replace(/^\/(api\/v3|fapi\/v\d)\//, '/')}`;
  const prefixOk = market === 'spot' ? path.startsWith('/api/v3/') : path.startsWith('/fapi/');
  if (!prefixOk) throw new BinanceApiError(404, -1, `no route ${method} ${path}`);
  switch (route) {
    case 'GET /ping':
      return {};
    case 'GET /time':
      return { serverTime: now };
    case 'GET /exchangeInfo':
      return server.serverInfo();
    case 'GET /account':
      return market === 'spot' ? spotAccountJson(book, now) : futuresAccountJson(book, now);
    case 'GET /balance':
      return balanceRows(server, now);
    case 'GET /positionRisk':
      return positionRows(book, now).filter(
        (p) => !params.has('symbol') || p['symbol'] === params.get('symbol'),
      );
    case 'POST /order': {
      const { order, fills } = book.place(params);
      return newOrderJson(market, order, fills);
    }
    case 'GET /order':
      return orderJson(market, findOrder(server, params, -2013, 'Order does not exist.'));
    case 'DELETE /order': {
      const order = findOrder(server, params, -2011, 'Unknown order sent.');
      book.cancel(order);
      return orderJson(market, order);
    }
    case 'GET /openOrders':
      return [...book.orders.values()]
        .filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')
        .filter((o) => !params.has('symbol') || o.symbol === params.get('symbol'))
        .map((o) => orderJson(market, o));
    case 'POST /leverage': {
      const symbol = params.get('symbol') ?? '';
      book.spec(symbol);
      const leverage = Number(params.get('leverage'));
      if (!(leverage >= 1 && leverage <= 125)) throw new BinanceApiError(400, -4028, 'Leverage is not valid');
      book.leverage.set(symbol, leverage);
      return { leverage, maxNotionalValue: '1000000', symbol };
    }
    case 'POST /marginType': {
      const symbol = params.get('symbol') ?? '';
      book.spec(symbol);
      const wanted = params.get('marginType') === 'ISOLATED' ? 'ISOLATED' : 'CROSSED';
      if ((book.marginType.get(symbol) ?? 'CROSSED') === wanted) {
        throw new BinanceApiError(400, -4046, 'No need to change margin type.');
      }
      book.marginType.set(symbol, wanted);
      return { code: 200, msg: 'success' };
    }
    case 'GET /leverageBracket':
      return [...book.prices.keys()].map((symbol) => ({
        symbol,
        brackets: [
          {
            bracket: 1,
            initialLeverage: 125,
            notionalCap: 50000,
            notionalFloor: 0,
            maintMarginRatio: 0.004,
            cum: 0,
          },
        ],
      }));
    case 'POST /userDataStream':
    case 'POST /listenKey':
      return { listenKey: server.createListenKey() };
    case 'PUT /userDataStream':
    case 'PUT /listenKey':
      return keepAlive(server, params);
    case 'DELETE /userDataStream':
    case 'DELETE /listenKey':
      server.listenKeys.delete(params.get('listenKey') ?? '');
      return {};
    default:
      throw new BinanceApiError(404, -1, `no route ${method} ${path}`);
  }
}

function findOrder(server: RouteContext, params: URLSearchParams, code: number, msg: string): FakeOrder {
  const symbol = params.get('symbol') ?? '';
  const orderId = params.get('orderId');
  const clientId = params.get('origClientOrderId');
  const found =
    orderId !== null
      ? server.book.orders.get(Number(orderId))
      : clientId !== null
        ? server.book.byClientId(symbol, clientId)
        : undefined;
  if (!found || found.symbol !== symbol) throw new BinanceApiError(400, code, msg);
  return found;
}

function keepAlive(server: RouteContext, params: URLSearchParams): unknown {
  // Futures keeps the account's single key alive without naming it; spot names it.
  const key = params.get('listenKey') ?? [...server.listenKeys].at(-1) ?? '';
  if (!server.listenKeys.has(key)) throw new BinanceApiError(400, -1125, 'This listenKey does not exist.');
  server.keepAlives.push(key);
  return server.market === 'spot' ? {} : { listenKey: key };
}

function balanceRows(server: RouteContext, now: number): unknown {
  return [...server.book.balances].map(([asset, b]) => ({
    accountAlias: 'SgsR',
    asset,
    balance: String(b.free),
    crossWalletBalance: String(b.free),
    crossUnPnl: '0',
    availableBalance: String(b.free),
    maxWithdrawAmount: String(b.free),
    marginAvailable: true,
    updateTime: now,
  }));
}
