import type { Candle } from '../../../domain/candle.ts';
import { makeInstrument, type MarketType } from '../../../domain/instrument.ts';
import type { TradeTick } from '../../../domain/ticks.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { IdGenerator } from '../../../ports/ids.ts';
import type { Logger } from '../../../ports/logger.ts';
import { BinanceRestClient, type RestResult } from './rest-client.ts';
import { TradeSequencer, type BackfillResult } from './sequencer.ts';
import { isTick, TradeFrameParser, type FrameIssue } from './trade-parser.ts';
import { BinanceTradeStream, type TradeStreamStats } from './trade-stream.ts';
import {
  realTimers,
  VENUE_LIMITS,
  type BinanceMarketVenue,
  type FeedEvent,
  type FeedTimers,
  type TradeStreamKind,
} from './types.ts';
import { fetchWarmUpCandles } from './warm-up-klines.ts';

export interface BinanceFeedOptions {
  readonly venue: BinanceMarketVenue;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onTick: (tick: TradeTick) => void;
  readonly onEvent: (event: FeedEvent) => void;
  readonly streamKind?: TradeStreamKind;
  readonly baseWsUrl?: string;
  readonly baseRestUrl?: string;
  readonly ids?: IdGenerator;
  readonly timers?: FeedTimers;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  readonly apiKey?: string;
  readonly maxStreamsPerConnection?: number;
  readonly messagesPerSecond?: number;
  readonly pingIntervalMs?: number;
  readonly staleAfterMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly maxLifetimeMs?: number;
  readonly gapGraceMs?: number;
  /** Larger holes are backfilled only up to this many trades (then `partial`). */
  readonly maxBackfillTrades?: number;
  readonly restMaxAttempts?: number;
  readonly restBaseDelayMs?: number;
}

export interface BinanceFeedStats {
  readonly connections: number;
  readonly connected: number;
  readonly symbols: number;
  readonly ticks: number;
  readonly duplicates: number;
  readonly reordered: number;
  readonly gaps: number;
  readonly backfilledTrades: number;
  readonly unrecoveredTrades: number;
  readonly holding: number;
  readonly busySymbols: number;
  readonly frameIssues: Readonly<Partial<Record<FrameIssue, number>>>;
  readonly restRequests: number;
  readonly restRetries: number;
  readonly streams: TradeStreamStats;
}

const DEFAULT_URLS: Readonly<Record<BinanceMarketVenue, { ws: string; rest: string }>> = {
  'binance-spot': { ws: 'wss://stream.binance.com:9443', rest: 'https://api.binance.com' },
  'binance-usdm': { ws: 'wss://fstream.binance.com', rest: 'https://fapi.binance.com' },
};

const BACKFILL_PAGE = 1000;

/**
 * Live Binance trades for a watchlist: connections split by the venue's stream limit, one parser, one
 * sequencer per symbol (dedupe, reorder, REST backfill), events through `onEvent`.
 */
export class BinanceFeed {
  private readonly instrumentIds = new Map<string, string>();
  private readonly sequencers = new Map<string, TradeSequencer>();
  private readonly connections: BinanceTradeStream[] = [];
  private readonly parser = new TradeFrameParser(this.instrumentIds);
  private readonly rest: BinanceRestClient;
  private readonly issues: Partial<Record<FrameIssue, number>> = {};
  private readonly kind: TradeStreamKind;
  private readonly marketType: MarketType;
  private readonly timers: FeedTimers;
  private started = false;
  private connectionCount = 0;

  constructor(private readonly options: BinanceFeedOptions) {
    this.kind = options.streamKind ?? 'trade';
    this.marketType = VENUE_LIMITS[options.venue].marketType as MarketType;
    this.timers = options.timers ?? realTimers;
    this.rest = new BinanceRestClient({
      venue: options.venue,
      baseUrl: options.baseRestUrl ?? DEFAULT_URLS[options.venue].rest,
      logger: options.logger,
      apiKey: options.apiKey,
      fetch: options.fetch,
      random: options.random,
      maxAttempts: options.restMaxAttempts,
      baseDelayMs: options.restBaseDelayMs,
    });
    this.subscribe(options.symbols);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const connection of this.connections) connection.start([]);
  }

  subscribe(symbols: readonly string[]): void {
    for (const raw of symbols) {
      const symbol = raw.toUpperCase();
      if (this.instrumentIds.has(symbol)) continue;
      const instrumentId = makeInstrument('binance', this.marketType, symbol).id;
      this.instrumentIds.set(symbol, instrumentId);
      this.sequencers.set(instrumentId, this.sequencer(symbol, instrumentId));
      this.connectionWithRoom().subscribe([this.streamName(symbol)]);
    }
  }

  unsubscribe(symbols: readonly string[]): void {
    for (const raw of symbols) {
      const symbol = raw.toUpperCase();
      const instrumentId = this.instrumentIds.get(symbol);
      if (instrumentId === undefined) continue;
      this.instrumentIds.delete(symbol);
      this.sequencers.get(instrumentId)?.stop();
      this.sequencers.delete(instrumentId);
      const stream = this.streamName(symbol);
      this.connections.find((c) => c.has(stream))?.unsubscribe([stream]);
    }
  }

  stop(): void {
    this.started = false;
    for (const connection of this.connections) connection.stop();
    for (const sequencer of this.sequencers.values()) sequencer.stop();
  }

  /** Closed 1m/5m/15m candles before `untilMs` from REST klines, as `warmUpCandles` produces them. */
  fetchWarmUpCandles(symbol: string, untilMs: number, minutes = 1440): Promise<RestResult<Candle[]>> {
    const instrumentId = makeInstrument('binance', this.marketType, symbol).id;
    return fetchWarmUpCandles(this.rest, symbol.toUpperCase(), instrumentId, untilMs, minutes);
  }

  stats(): BinanceFeedStats {
    const seq = { ticks: 0, duplicates: 0, reordered: 0, gaps: 0, backfilled: 0, unrecovered: 0 };
    let holding = 0;
    let busySymbols = 0;
    for (const s of this.sequencers.values()) {
      const c = s.counters;
      seq.ticks += c.emitted;
      seq.duplicates += c.duplicates;
      seq.reordered += c.reordered;
      seq.gaps += c.gaps;
      seq.backfilled += c.backfilledTrades;
      seq.unrecovered += c.unrecoveredTrades;
      holding += s.holding;
      if (s.busy) busySymbols++;
    }
    const streams = this.connections.map((c) => c.stats());
    const total = (key: keyof TradeStreamStats): number => streams.reduce((sum, s) => sum + s[key], 0);
    return {
      connections: this.connections.length,
      connected: this.connections.filter((c) => c.connected).length,
      symbols: this.sequencers.size,
      ticks: seq.ticks,
      duplicates: seq.duplicates,
      reordered: seq.reordered,
      gaps: seq.gaps,
      backfilledTrades: seq.backfilled,
      unrecoveredTrades: seq.unrecovered,
      holding,
      busySymbols,
      frameIssues: { ...this.issues },
      restRequests: this.rest.requests,
      restRetries: this.rest.retries,
      streams: {
        streams: total('streams'),
        frames: total('frames'),
        disconnects: total('disconnects'),
        reconnects: total('reconnects'),
        staleReconnects: total('staleReconnects'),
        plannedSwitches: total('plannedSwitches'),
        controlSent: total('controlSent'),
        controlAcked: total('controlAcked'),
      },
    };
  }

  private streamName(symbol: string): string {
    return `${symbol.toLowerCase()}@${this.kind}`;
  }

  private connectionWithRoom(): BinanceTradeStream {
    const max = this.options.maxStreamsPerConnection ?? VENUE_LIMITS[this.options.venue].maxStreams;
    const existing = this.connections.find((c) => c.size < max);
    if (existing) return existing;
    const connection = this.newConnection();
    this.connections.push(connection);
    if (this.started) connection.start([]);
    return connection;
  }

  private newConnection(): BinanceTradeStream {
    const o = this.options;
    this.connectionCount++;
    const connectionId = o.ids?.next('binance-ws') ?? `${o.venue}-ws-${this.connectionCount}`;
    const connection: BinanceTradeStream = new BinanceTradeStream({
      connectionId,
      venue: 'binance',
      marketType: this.marketType,
      baseWsUrl: o.baseWsUrl ?? DEFAULT_URLS[o.venue].ws,
      clock: o.clock,
      logger: o.logger,
      timers: this.timers,
      random: o.random ?? Math.random,
      messagesPerSecond: o.messagesPerSecond ?? VENUE_LIMITS[o.venue].messagesPerSecond,
      pingIntervalMs: o.pingIntervalMs ?? 30_000,
      staleAfterMs: o.staleAfterMs ?? 60_000,
      backoffBaseMs: o.backoffBaseMs ?? 500,
      backoffMaxMs: o.backoffMaxMs ?? 30_000,
      maxLifetimeMs: o.maxLifetimeMs ?? 23.5 * 3_600_000,
      onFrame: (text, recvTime) => this.onFrame(connection, text, recvTime),
      onEvent: o.onEvent,
    });
    return connection;
  }

  private onFrame(connection: BinanceTradeStream, text: string, recvTime: number): void {
    const parsed = this.parser.parse(text, recvTime);
    if (isTick(parsed)) {
      this.sequencers.get(parsed.instrumentId)?.onTick(parsed);
      return;
    }
    if (typeof parsed === 'string') {
      this.issues[parsed] = (this.issues[parsed] ?? 0) + 1;
      return;
    }
    connection.acknowledge(parsed.id, parsed.error);
  }

  private sequencer(symbol: string, instrumentId: string): TradeSequencer {
    return new TradeSequencer({
      instrumentId,
      emit: this.options.onTick,
      onGap: (payload) =>
        this.options.onEvent({ type: 'MarketDataGapDetected', eventTime: this.options.clock.now(), payload }),
      backfill: (fromId, toId) => this.backfill(symbol, instrumentId, fromId, toId),
      timers: this.timers,
      gapGraceMs: this.options.gapGraceMs ?? 500,
    });
  }

  private async backfill(
    symbol: string,
    instrumentId: string,
    fromId: number,
    toId: number,
  ): Promise<BackfillResult> {
    const last = Math.min(toId, fromId + (this.options.maxBackfillTrades ?? 100_000) - 1);
    const ticks: TradeTick[] = [];
    let cursor = fromId;
    while (cursor <= last) {
      const limit = Math.min(BACKFILL_PAGE, last - cursor + 1);
      const now = this.options.clock.now();
      const page = await this.rest.trades(this.kind, symbol, instrumentId, cursor, limit, now);
      if (!page.ok) {
        this.options.logger.log('warn', 'binance backfill gave up', { symbol, cursor, reason: page.reason });
        break;
      }
      const useful = page.value.filter(
        (t) => (t.tradeId as number) >= cursor && (t.tradeId as number) <= last,
      );
      if (useful.length === 0) break;
      for (const t of useful) ticks.push(t);
      cursor = (useful[useful.length - 1]?.tradeId as number) + 1;
    }
    return { ticks, complete: cursor > toId };
  }
}

export function createBinanceFeed(options: BinanceFeedOptions): BinanceFeed {
  return new BinanceFeed(options);
}
