import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BinanceApiError, TradingBook, type FakeOrder } from './trading-book.ts';
import { exchangeInfo, type FakeMarket } from './trading-exchange-info.ts';
import { routeRequest } from './trading-routes.ts';
import { userDataFrame } from './trading-formats.ts';

export const TEST_API_KEY = 'fake-binance-test-key';
export const TEST_SECRET = 'fake-binance-test-secret';

/** A fault armed for the next matching requests. */
export type TradingFault =
  /** 429 + Retry-After with -1003 (418 for an IP ban). */
  | { readonly kind: 'rate_limit'; readonly retryAfterSec: number; readonly status?: 429 | 418 }
  /** 5xx; `created` decides whether the order was placed before the error. */
  | { readonly kind: 'server_error'; readonly status: number; readonly created: boolean }
  /** No answer at all (the client times out); `created` as above. */
  | { readonly kind: 'hang'; readonly created: boolean }
  /** Binance refuses with this code (-2010 insufficient balance, -1013 filter failure ...). */
  | { readonly kind: 'reject'; readonly code: number; readonly msg: string };

interface ArmedFault {
  readonly fault: TradingFault;
  /** Which request (1 = the next) it hits; requests before it pass. */
  skip: number;
  remaining: number;
  readonly target: 'order_post' | 'any_signed';
  /** Only requests to this exact path (e.g. `/fapi/v3/positionRisk`); any path when undefined. */
  readonly path: string | undefined;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly signed: boolean;
}

/**
 * A Binance trading server on 127.0.0.1 for one market type: the REST subset ccxt's binance and
 * binanceusdm classes call, HMAC-checked with TEST_SECRET, plus the listen-key user-data WebSocket that
 * pushes executionReport / ORDER_TRADE_UPDATE frames as orders change. Faults are armed per request.
 */
export class FakeBinanceTradingServer {
  readonly book: TradingBook;
  readonly requests: RequestRecord[] = [];
  readonly listenKeys = new Set<string>();
  readonly keepAlives: string[] = [];
  /** When false, order events are not pushed (tests of the polling fallback). */
  streamEnabled = true;
  private readonly faults: ArmedFault[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private listenKeyCounter = 0;
  private port = 0;

  private constructor(readonly market: FakeMarket) {
    this.book = new TradingBook(
      market,
      () => Date.now(),
      (event) => this.pushEvent(event),
    );
    this.http = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (socket, req) => this.onSocket(socket, req));
  }

  static async start(market: FakeMarket): Promise<FakeBinanceTradingServer> {
    const server = new FakeBinanceTradingServer(market);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    server.port = (server.http.address() as AddressInfo).port;
    return server;
  }

  get restBaseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsBaseUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Arms a fault for order POSTs (default) or for every signed request (of one `path`); `nth` 1 = the next. */
  arm(
    fault: TradingFault,
    options: { nth?: number; times?: number; target?: 'order_post' | 'any_signed'; path?: string } = {},
  ): void {
    this.faults.push({
      fault,
      skip: (options.nth ?? 1) - 1,
      remaining: options.times ?? 1,
      target: options.target ?? 'order_post',
      path: options.path,
    });
  }

  setPrice(symbol: string, price: number): void {
    this.book.prices.set(symbol, price);
  }

  order(clientOrderId: string): FakeOrder | undefined {
    return [...this.book.orders.values()].find((o) => o.clientOrderId === clientOrderId);
  }

  /** "The market reached your limit": fills (part of) a resting order. */
  fillLimit(clientOrderId: string, qty?: number): void {
    const order = this.order(clientOrderId);
    if (!order) throw new Error(`no order ${clientOrderId}`);
    this.book.fillResting(order, qty);
  }

  /** Drops every user-data socket (the client must reconnect with a new key). */
  dropStreams(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  countRequests(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    const signed = params.has('signature');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, params, signed });
    try {
      this.authenticate(req, url, body, params, signed);
      const isOrderPost = method === 'POST' && /\/(api\/v3|fapi\/v1)\/order$/.test(url.pathname);
      const fault = this.takeFault(isOrderPost, signed, url.pathname);
      if (fault) return this.applyFault(fault, res, () => routeRequest(this, method, url.pathname, params));
      send(res, 200, routeRequest(this, method, url.pathname, params));
    } catch (error) {
      if (error instanceof BinanceApiError) send(res, error.status, { code: error.code, msg: error.message });
      else send(res, 500, { code: -1000, msg: String(error) });
    }
  }

  private authenticate(
    req: IncomingMessage,
    url: URL,
    body: string,
    params: URLSearchParams,
    signed: boolean,
  ): void {
    const isKeyEndpoint = /userDataStream|listenKey/.test(url.pathname);
    if (!signed && !isKeyEndpoint) return;
    if (req.headers['x-mbx-apikey'] !== TEST_API_KEY) {
      throw new BinanceApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    }
    if (!signed) return;
    // Binance signs the query string followed by the body, without the signature parameter itself.
    const total = (url.search.replace(/^\?/, '') + body).replace(/&?signature=[0-9a-f]+/, '');
    const expected = createHmac('sha256', TEST_SECRET).update(total).digest('hex');
    const given = params.get('signature') ?? '';
    if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      throw new BinanceApiError(400, -1022, 'Signature for this request is not valid.');
    }
  }

  private takeFault(isOrderPost: boolean, signed: boolean, path: string): TradingFault | undefined {
    const armed = this.faults.find(
      (f) => (f.target === 'order_post' ? isOrderPost : signed) && (f.path ?? path) === path,
    );
    if (!armed) return undefined;
    if (armed.skip > 0) {
      armed.skip -= 1;
      return undefined;
    }
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.faults.splice(this.faults.indexOf(armed), 1);
    return armed.fault;
  }

  private applyFault(fault: TradingFault, res: ServerResponse, execute: () => unknown): void {
    switch (fault.kind) {
      case 'rate_limit':
        res.setHeader('Retry-After', String(fault.retryAfterSec));
        send(res, fault.status ?? 429, {
          code: -1003,
          msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.',
        });
        return;
      case 'server_error':
        if (fault.created) execute();
        send(res, fault.status, {
          code: -1001,
          msg: 'Internal error; unable to process your request. Please try again.',
        });
        return;
      case 'hang':
        if (fault.created) execute();
        this.hung.add(res);
        return;
      case 'reject':
        send(res, 400, { code: fault.code, msg: fault.msg });
        return;
    }
  }

  createListenKey(): string {
    this.listenKeyCounter += 1;
    const key = `fakeListenKey${this.listenKeyCounter}${'x'.repeat(40)}`.slice(0, 60);
    this.listenKeys.add(key);
    return key;
  }

  private onSocket(socket: WebSocket, req: IncomingMessage): void {
    const key = /^\/ws\/(.+)$/.exec(req.url ?? '')?.[1];
    if (key === undefined || !this.listenKeys.has(key)) {
      socket.close(1008, 'invalid listen key');
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private pushEvent(event: Parameters<typeof userDataFrame>[1]): void {
    if (!this.streamEnabled) return;
    const frame = JSON.stringify(userDataFrame(this.market, event, Date.now()));
    for (const socket of this.sockets) socket.send(frame);
  }

  serverInfo(): unknown {
    return exchangeInfo(this.market, Date.now());
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
  res.end(text);
}
