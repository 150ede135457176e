import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CaptureTrade, KlineRow } from './market-capture.ts';
import { handleRest, type RestFaults, type RestStats } from './market-rest.ts';

/** Stream fault knobs, keyed by the running count of released trades (1-based, all symbols). */
export interface StreamFaults {
  dropAt: Set<number>;
  stallAt: Set<number>;
  malformedAt: Set<number>;
  duplicateAt: Set<number>;
  /** Trade n is sent after trade n+1. */
  swapAt: Set<number>;
  /** Trade ids never sent on the stream (REST still has them). */
  skipIds: { from: number; to: number }[];
}

export interface MarketServerOptions {
  readonly venue: 'spot' | 'usdm';
  readonly tapes: ReadonlyMap<string, readonly CaptureTrade[]>;
  /** Capture time runs this many times faster than wall time. */
  readonly speed: number;
  readonly tickMs?: number;
  readonly klines?: ReadonlyMap<string, readonly KlineRow[]>;
  readonly pingIntervalMs?: number;
}

interface Client {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
  stalled: boolean;
}

export interface ControlRequest {
  readonly method: string;
  readonly params: readonly string[];
  readonly id: number;
  readonly at: number;
}

/**
 * Fake Binance market data on 127.0.0.1: the combined-stream WebSocket (`/stream?streams=...`, SUBSCRIBE /
 * UNSUBSCRIBE with `{"result":null,"id":n}` replies, server pings) and the REST trade and kline endpoints.
 * A market clock releases the capture's trades at `speed`; a trade released while no client listens is
 * lost to the stream but served by REST, as on the real venue. Faults are knobs on `faults` / `restFaults`.
 */
export class FakeBinanceMarketServer {
  readonly faults: StreamFaults = {
    dropAt: new Set(),
    stallAt: new Set(),
    malformedAt: new Set(),
    duplicateAt: new Set(),
    swapAt: new Set(),
    skipIds: [],
  };
  readonly restFaults: RestFaults = { rateLimited: 0, retryAfterSec: 1, serverErrors: 0 };
  readonly restStats: RestStats = { requests: 0, rateLimited: 0, serverErrors: 0, paths: [] };
  readonly stats = { connections: 0, framesSent: 0, pongs: 0, clientPings: 0, released: 0 };
  readonly control: ControlRequest[] = [];
  private readonly clients = new Set<Client>();
  /** Per-symbol tapes merged lazily by time (a 50-symbol soak never materialises the product). */
  private readonly symbols: string[];
  private readonly cursors: number[];
  private held: { symbol: string; trade: CaptureTrade } | undefined;
  private loop: ReturnType<typeof setInterval> | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private done: () => void = () => undefined;
  readonly finished: Promise<void>;

  private constructor(
    private readonly options: MarketServerOptions,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {
    this.symbols = [...options.tapes.keys()];
    this.cursors = this.symbols.map(() => 0);
    this.finished = new Promise((r) => (this.done = r));
    http.on('request', (req, res) => handleRest(req, res, this, this.restFaults, this.restStats));
    if (options.pingIntervalMs) {
      this.pinger = setInterval(() => {
        for (const c of this.clients) if (!c.stalled) c.ws.ping();
      }, options.pingIntervalMs);
    }
    http.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.url ?? '/'));
    });
  }

  static async start(options: MarketServerOptions): Promise<FakeBinanceMarketServer> {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    return new FakeBinanceMarketServer(options, http, wss);
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get openConnections(): number {
    return this.clients.size;
  }

  /** Starts the market clock. */
  play(): void {
    const tickMs = this.options.tickMs ?? 5;
    const firstIndex = this.nextIndex();
    const first = firstIndex < 0 ? 0 : this.tradeAt(firstIndex).time;
    const started = performance.now();
    this.loop = setInterval(() => {
      const marketNow = first + (performance.now() - started) * this.options.speed;
      for (;;) {
        const i = this.nextIndex();
        if (i < 0) return this.finish();
        if (this.tradeAt(i).time > marketNow) return;
        this.release(i);
      }
    }, tickMs);
  }

  released(symbol: string): readonly CaptureTrade[] {
    return (this.options.tapes.get(symbol) ?? []).slice(0, this.releasedCount(symbol));
  }

  releasedCount(symbol: string): number {
    return this.cursors[this.symbols.indexOf(symbol)] ?? 0;
  }

  klines(symbol: string): readonly KlineRow[] {
    return this.options.klines?.get(symbol) ?? [];
  }

  /** Stops the market clock where it is (soak runs end on time, not at the tape's end). */
  pause(): void {
    if (this.loop) clearInterval(this.loop);
    this.loop = undefined;
  }

  dropAll(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  stallAll(): void {
    for (const c of this.clients) c.stalled = true;
  }

  async close(): Promise<void> {
    if (this.loop) clearInterval(this.loop);
    if (this.pinger) clearInterval(this.pinger);
    this.dropAll();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }

  private finish(): void {
    if (this.loop) clearInterval(this.loop);
    this.loop = undefined;
    if (this.held) this.send(this.held.symbol, this.held.trade);
    this.held = undefined;
    this.done();
  }

  private accept(ws: WebSocket, url: string): void {
    const query = new URL(url, 'http://127.0.0.1').searchParams.get('streams');
    const client: Client = { ws, streams: new Set(query ? query.split('/') : []), stalled: false };
    this.clients.add(client);
    this.stats.connections++;
    ws.on('pong', () => this.stats.pongs++);
    ws.on('ping', () => this.stats.clientPings++);
    ws.on('close', () => this.clients.delete(client));
    ws.on('message', (data) => this.onControl(client, String(data)));
  }

  private onControl(client: Client, text: string): void {
    let request: { method?: unknown; params?: unknown; id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      client.ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' }, id: null }));
      return;
    }
    const params = Array.isArray(request.params) ? request.params.map(String) : [];
    const id = typeof request.id === 'number' ? request.id : 0;
    this.control.push({ method: String(request.method), params, id, at: performance.now() });
    if (request.method === 'SUBSCRIBE') for (const p of params) client.streams.add(p);
    if (request.method === 'UNSUBSCRIBE') for (const p of params) client.streams.delete(p);
    const result = request.method === 'LIST_SUBSCRIPTIONS' ? [...client.streams] : null;
    client.ws.send(JSON.stringify({ result, id }));
  }

  /** The symbol whose next trade is earliest (ties: lower id, then symbol order); -1 at the end. */
  private nextIndex(): number {
    let best = -1;
    let bestTime = Number.POSITIVE_INFINITY;
    let bestId = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.symbols.length; i++) {
      const t = this.options.tapes.get(this.symbols[i] as string)?.[this.cursors[i] as number];
      if (t && (t.time < bestTime || (t.time === bestTime && t.id < bestId))) {
        best = i;
        bestTime = t.time;
        bestId = t.id;
      }
    }
    return best;
  }

  private tradeAt(symbolIndex: number): CaptureTrade {
    const tape = this.options.tapes.get(this.symbols[symbolIndex] as string) as readonly CaptureTrade[];
    return tape[this.cursors[symbolIndex] as number] as CaptureTrade;
  }

  private release(symbolIndex: number): void {
    const item = { symbol: this.symbols[symbolIndex] as string, trade: this.tradeAt(symbolIndex) };
    this.cursors[symbolIndex] = (this.cursors[symbolIndex] as number) + 1;
    const n = ++this.stats.released;
    const f = this.faults;
    if (f.malformedAt.has(n))
      this.broadcast(item.symbol, () => '{"stream":"x@trade","data":{"e":"trade","s":');
    const skipped = f.skipIds.some((r) => item.trade.id >= r.from && item.trade.id <= r.to);
    if (f.swapAt.has(n) && !skipped) this.held = item;
    else if (!skipped) {
      this.send(item.symbol, item.trade);
      if (f.duplicateAt.has(n)) this.send(item.symbol, item.trade);
      if (this.held) this.send(this.held.symbol, this.held.trade);
      this.held = undefined;
    }
    if (f.dropAt.has(n)) this.dropAll();
    if (f.stallAt.has(n)) this.stallAll();
  }

  private send(symbol: string, trade: CaptureTrade): void {
    this.broadcast(symbol, (kind) => this.frame(symbol, trade, kind));
  }

  private broadcast(symbol: string, frame: (kind: 'trade' | 'aggTrade') => string): void {
    const lower = symbol.toLowerCase();
    for (const c of this.clients) {
      if (c.stalled) continue;
      for (const kind of ['trade', 'aggTrade'] as const) {
        if (!c.streams.has(`${lower}@${kind}`)) continue;
        c.ws.send(frame(kind));
        this.stats.framesSent++;
      }
    }
  }

  private frame(symbol: string, t: CaptureTrade, kind: 'trade' | 'aggTrade'): string {
    const stream = `${symbol.toLowerCase()}@${kind}`;
    const E = t.time + 1;
    const data =
      kind === 'aggTrade'
        ? {
            e: 'aggTrade',
            E,
            s: symbol,
            a: t.id,
            p: t.price,
            q: t.qty,
            f: t.id,
            l: t.id,
            T: t.time,
            m: t.buyerMaker,
            M: true,
          }
        : this.options.venue === 'usdm'
          ? {
              e: 'trade',
              E,
              T: t.time,
              s: symbol,
              t: t.id,
              p: t.price,
              q: t.qty,
              X: 'MARKET',
              m: t.buyerMaker,
            }
          : { e: 'trade', E, s: symbol, t: t.id, p: t.price, q: t.qty, T: t.time, m: t.buyerMaker, M: true };
    return JSON.stringify({ stream, data });
  }
}
