import WebSocket from 'ws';
import type { Clock } from '../../../ports/clock.ts';
import type { Logger } from '../../../ports/logger.ts';
import { backoffDelay, type FeedEvent, type FeedTimers } from './types.ts';

export interface TradeStreamOptions {
  readonly connectionId: string;
  readonly venue: string;
  readonly marketType: string;
  readonly baseWsUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: FeedTimers;
  readonly random: () => number;
  readonly messagesPerSecond: number;
  readonly pingIntervalMs: number;
  /** No frame for this long: the stream is dead even if the socket is open; reconnect. */
  readonly staleAfterMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Binance cuts connections at 24 h; switch to a fresh one (overlapping) before that. */
  readonly maxLifetimeMs: number;
  readonly onFrame: (text: string, recvTime: number) => void;
  readonly onEvent: (event: FeedEvent) => void;
}

export interface TradeStreamStats {
  streams: number;
  frames: number;
  disconnects: number;
  reconnects: number;
  staleReconnects: number;
  plannedSwitches: number;
  controlSent: number;
  controlAcked: number;
}

/** Streams in the URL; the rest go by SUBSCRIBE, keeping the request line short. */
const MAX_URL_STREAMS = 100;
const MAX_PARAMS_PER_MESSAGE = 200;
const TIMER_NAMES = ['ping', 'watchdog', 'lifetime', 'pump'] as const;
type TimerName = (typeof TIMER_NAMES)[number];

function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * One Binance combined-stream connection (`<base>/stream?streams=a@trade/b@trade`): live SUBSCRIBE /
 * UNSUBSCRIBE within the venue's message rate, client pings (server pings are answered by `ws`), a stale
 * timer, reconnect with jittered exponential backoff, and a planned overlapping reconnect before the 24 h
 * cut (frames of both connections flow until the new one delivers; the sequencer drops the duplicates).
 */
export class BinanceTradeStream {
  private readonly streams = new Set<string>();
  private ws: WebSocket | undefined;
  private standby: WebSocket | undefined;
  private readonly queue: string[] = [];
  private nextRequestId = 1;
  private reconnectTimer: unknown;
  private lastFrameAt = 0;
  private lostAt: number | undefined;
  private attempts = 0;
  private stopped = true;
  private readonly pendingAcks = new Set<number>();
  readonly counters: TradeStreamStats = {
    streams: 0,
    frames: 0,
    disconnects: 0,
    reconnects: 0,
    staleReconnects: 0,
    plannedSwitches: 0,
    controlSent: 0,
    controlAcked: 0,
  };

  constructor(private readonly options: TradeStreamOptions) {}

  get size(): number {
    return this.streams.size;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  has(stream: string): boolean {
    return this.streams.has(stream);
  }

  start(initial: readonly string[]): void {
    for (const s of initial) this.streams.add(s);
    this.stopped = false;
    this.connect();
  }

  subscribe(streams: readonly string[]): void {
    const added = streams.filter((s) => !this.streams.has(s));
    for (const s of added) this.streams.add(s);
    if (added.length > 0 && this.ws) this.enqueue('SUBSCRIBE', added);
  }

  unsubscribe(streams: readonly string[]): void {
    const removed = streams.filter((s) => this.streams.delete(s));
    if (removed.length > 0 && this.ws) this.enqueue('UNSUBSCRIBE', removed);
  }

  /** A reply `{"result":null,"id":n}` arrived (the feed's parser spots them). */
  acknowledge(id: number, error: string | undefined): void {
    if (!this.pendingAcks.delete(id)) return;
    this.counters.controlAcked++;
    if (error) this.options.logger.log('warn', 'binance control request refused', { id, error });
  }

  stop(): void {
    this.stopped = true;
    for (const name of TIMER_NAMES) this.disarm(name);
    if (this.reconnectTimer !== undefined) this.options.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    for (const ws of [this.ws, this.standby]) ws?.terminate();
    this.ws = this.standby = undefined;
  }

  stats(): TradeStreamStats {
    return { ...this.counters, streams: this.streams.size };
  }

  private url(): string {
    const list = [...this.streams].slice(0, MAX_URL_STREAMS);
    const base = this.options.baseWsUrl.replace(/\/$/, '');
    return list.length > 0 ? `${base}/stream?streams=${list.join('/')}` : `${base}/stream`;
  }

  private connect(): void {
    this.queue.length = 0;
    const overflow = [...this.streams].slice(MAX_URL_STREAMS);
    const ws = this.open();
    this.ws = ws;
    if (overflow.length > 0) this.enqueue('SUBSCRIBE', overflow);
    ws.on('open', () => this.onOpen(ws));
  }

  private open(): WebSocket {
    const ws = new WebSocket(this.url(), {
      perMessageDeflate: false,
      // JSON.parse rejects invalid text anyway (counted as malformed); validating UTF-8 twice costs ~10%.
      skipUTF8Validation: true,
    });
    ws.on('message', (data) => this.onMessage(ws, data));
    ws.on('error', (err) => this.options.logger.log('warn', 'binance ws error', { error: String(err) }));
    ws.on('close', (code) => this.onClose(ws, code));
    return ws;
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.ws) return;
    const now = this.options.clock.now();
    this.lastFrameAt = now;
    if (this.lostAt !== undefined) {
      this.emit('MarketDataConnectionRecovered', now, {
        downtimeMs: now - this.lostAt,
        attempts: this.attempts,
      });
      this.counters.reconnects++;
    }
    this.lostAt = undefined;
    this.attempts = 0;
    this.arm('ping', this.options.pingIntervalMs);
    this.arm('watchdog', this.watchdogPeriod());
    this.arm('lifetime', this.options.maxLifetimeMs);
    this.pump();
  }

  private onMessage(ws: WebSocket, data: WebSocket.RawData): void {
    const now = this.options.clock.now();
    if (ws === this.standby) this.promoteStandby();
    if (ws === this.ws) this.lastFrameAt = now;
    this.counters.frames++;
    this.options.onFrame(frameText(data), now);
  }

  private onClose(ws: WebSocket, code: number): void {
    if (ws === this.standby) {
      // The planned replacement failed; try again a minute later while the current one still runs.
      this.standby = undefined;
      if (this.ws && !this.stopped) this.arm('lifetime', 60_000);
      return;
    }
    if (ws !== this.ws) return;
    this.ws = undefined;
    for (const name of TIMER_NAMES) this.disarm(name);
    this.queue.length = 0;
    this.pendingAcks.clear();
    if (this.stopped) return;
    const now = this.options.clock.now();
    if (this.lostAt === undefined) {
      this.lostAt = now;
      this.counters.disconnects++;
      this.emit('MarketDataConnectionLost', now, { reason: `closed_${code}`, streams: this.streams.size });
    }
    const delay = backoffDelay(
      this.attempts,
      this.options.backoffBaseMs,
      this.options.backoffMaxMs,
      this.options.random,
    );
    this.attempts++;
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private promoteStandby(): void {
    const old = this.ws;
    this.ws = this.standby;
    this.standby = undefined;
    this.counters.plannedSwitches++;
    this.lastFrameAt = this.options.clock.now();
    this.arm('lifetime', this.options.maxLifetimeMs);
    old?.close(1000, 'replaced');
  }

  private watchdogPeriod(): number {
    return Math.max(10, Math.min(1000, Math.floor(this.options.staleAfterMs / 4)));
  }

  private readonly timerSlots: Record<TimerName, () => void> = {
    ping: () => {
      this.ws?.ping();
      this.arm('ping', this.options.pingIntervalMs);
    },
    watchdog: () => {
      const silentFor = this.options.clock.now() - this.lastFrameAt;
      // A connection with no streams is legitimately silent.
      if (silentFor >= this.options.staleAfterMs && this.ws && this.streams.size > 0) {
        this.counters.staleReconnects++;
        this.options.logger.log('warn', 'binance stream stale; reconnecting', { silentFor });
        this.ws.terminate();
        return;
      }
      this.arm('watchdog', this.watchdogPeriod());
    },
    lifetime: () => {
      if (this.standby || this.stopped) return;
      this.standby = this.open();
    },
    pump: () => this.pump(),
  };

  private readonly handles: Record<TimerName, unknown> = {
    ping: undefined,
    watchdog: undefined,
    lifetime: undefined,
    pump: undefined,
  };

  private arm(name: TimerName, ms: number): void {
    this.disarm(name);
    this.handles[name] = this.options.timers.setTimeout(() => {
      this.handles[name] = undefined;
      this.timerSlots[name]();
    }, ms);
  }

  private disarm(name: TimerName): void {
    const handle = this.handles[name];
    if (handle !== undefined) this.options.timers.clearTimeout(handle);
    this.handles[name] = undefined;
  }

  private enqueue(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly string[]): void {
    for (let i = 0; i < streams.length; i += MAX_PARAMS_PER_MESSAGE) {
      const id = this.nextRequestId++;
      const params = streams.slice(i, i + MAX_PARAMS_PER_MESSAGE);
      this.queue.push(JSON.stringify({ method, params, id }));
      this.pendingAcks.add(id);
    }
    if (this.handles.pump === undefined) this.pump();
  }

  /** Sends one queued control message, then waits out the venue's per-second message budget. */
  private pump(): void {
    if (this.ws?.readyState !== WebSocket.OPEN || this.handles.pump !== undefined) return;
    const message = this.queue.shift();
    if (message === undefined) return;
    this.ws.send(message);
    this.counters.controlSent++;
    this.arm('pump', Math.ceil(1000 / this.options.messagesPerSecond));
  }

  private emit(
    type: 'MarketDataConnectionLost' | 'MarketDataConnectionRecovered',
    eventTime: number,
    extra: { reason: string; streams: number } | { downtimeMs: number; attempts: number },
  ): void {
    const base = {
      venue: this.options.venue,
      marketType: this.options.marketType,
      connectionId: this.options.connectionId,
    };
    const event = { type, eventTime, payload: { ...base, ...extra } } as FeedEvent;
    this.options.onEvent(event);
  }
}
