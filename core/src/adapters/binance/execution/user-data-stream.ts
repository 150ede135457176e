import WebSocket from 'ws';
import type { Logger } from '../../../ports/logger.ts';
import { parseUserDataMessage, type OrderUpdate } from './user-data-parser.ts';

export interface UserDataStreamOptions {
  /** e.g. wss://stream.binance.com:9443 or wss://fstream.binance.com; `/ws/<listenKey>` is appended. */
  readonly wsBaseUrl: string;
  readonly createListenKey: () => Promise<string>;
  readonly keepAlive: (listenKey: string) => Promise<void>;
  /** Binance closes a key not kept alive for 60 min; the documented cadence is 30 min. */
  readonly keepAliveMs: number;
  readonly reconnectDelayMs: number;
  readonly logger: Logger;
  readonly onUpdate: (update: OrderUpdate) => void;
  /** Called after a reconnect: events may have been missed, so uncertain orders must be queried. */
  readonly onGap: () => void;
}

/**
 * The listen-key user-data stream: one key, one socket, keepalive on a timer, and a fresh key and socket
 * whenever the socket drops. Order events go to `onUpdate`; everything else is ignored.
 */
export class UserDataStream {
  private socket: WebSocket | undefined;
  private listenKey: string | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: UserDataStreamOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
    this.keepAliveTimer = setInterval(() => void this.renew(), this.options.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private async connect(): Promise<void> {
    const listenKey = await this.options.createListenKey();
    this.listenKey = listenKey;
    const url = `${this.options.wsBaseUrl.replace(/\/+$/, '')}/ws/${listenKey}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (data) => this.onMessage(data));
    socket.on('close', () => this.onClose(socket));
    socket.on('error', (error) => {
      this.options.logger.log('warn', 'binance user-data socket error', { error: error.message });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }

  private onMessage(data: WebSocket.RawData): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      this.options.logger.log('warn', 'binance user-data frame is not JSON');
      return;
    }
    const update = parseUserDataMessage(parsed);
    if (update) this.options.onUpdate(update);
  }

  private onClose(socket: WebSocket): void {
    if (this.stopped || socket !== this.socket) return;
    this.options.logger.log('warn', 'binance user-data stream closed; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.connect()
        .then(() => this.options.onGap())
        .catch((error: unknown) => {
          this.options.logger.log('warn', 'binance user-data reconnect failed', { error: String(error) });
          this.scheduleReconnect();
        });
    }, this.options.reconnectDelayMs);
    this.reconnectTimer.unref();
  }

  private async renew(): Promise<void> {
    const key = this.listenKey;
    if (key === undefined) return;
    try {
      await this.options.keepAlive(key);
    } catch (error) {
      // An expired key (-1125) means the socket is dead or about to be: start over with a new key.
      this.options.logger.log('warn', 'binance listen key keepalive failed', { error: String(error) });
      this.socket?.terminate();
    }
  }
}
