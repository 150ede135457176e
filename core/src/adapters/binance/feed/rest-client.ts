import type { TradeTick } from '../../../domain/ticks.ts';
import type { Logger } from '../../../ports/logger.ts';
import type { SourceCandle } from '../../../marketdata/types.ts';
import { backoffDelay, type BinanceMarketVenue, type TradeStreamKind } from './types.ts';

export type RestFailure = 'rate_limited' | 'banned' | 'server_error' | 'http_error' | 'network' | 'bad_body';
export type RestResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: RestFailure; readonly status: number };

export interface RestClientOptions {
  readonly venue: BinanceMarketVenue;
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly apiKey?: string;
  readonly fetch?: typeof fetch;
  /** Attempts per request, including the first (429/418/5xx/network are retried). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const PATHS: Readonly<Record<BinanceMarketVenue, Record<TradeStreamKind | 'klines', string>>> = {
  'binance-spot': {
    trade: '/api/v3/historicalTrades',
    aggTrade: '/api/v3/aggTrades',
    klines: '/api/v3/klines',
  },
  'binance-usdm': {
    trade: '/fapi/v1/historicalTrades',
    aggTrade: '/fapi/v1/aggTrades',
    klines: '/fapi/v1/klines',
  },
};

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Binance market-data REST: trade pages for backfill and klines for warm-up. 429 and 418 wait the
 * server's Retry-After (seconds); 5xx and network errors back off with jitter; all within `maxAttempts`.
 * Failures are values with a reason code.
 */
export class BinanceRestClient {
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  requests = 0;
  retries = 0;

  constructor(private readonly options: RestClientOptions) {
    this.doFetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Up to `limit` trades from `fromId` on, as ticks (localTs = `recvTime`). */
  async trades(
    kind: TradeStreamKind,
    symbol: string,
    instrumentId: string,
    fromId: number,
    limit: number,
    recvTime: number,
  ): Promise<RestResult<TradeTick[]>> {
    const params = { symbol, fromId: String(fromId), limit: String(limit) };
    const res = await this.getJson(PATHS[this.options.venue][kind], params);
    if (!res.ok) return res;
    if (!Array.isArray(res.value)) return { ok: false, reason: 'bad_body', status: 200 };
    const out: TradeTick[] = [];
    for (const row of res.value as unknown[]) {
      const tick = kind === 'trade' ? historicalTrade(row) : aggTrade(row);
      if (!tick) return { ok: false, reason: 'bad_body', status: 200 };
      out.push({ instrumentId, localTs: recvTime, ...tick });
    }
    return { ok: true, value: out };
  }

  /** 1m klines from `startTime` (inclusive), at most `limit`. */
  async klines(symbol: string, startTime: number, limit: number): Promise<RestResult<SourceCandle[]>> {
    const params = { symbol, interval: '1m', startTime: String(startTime), limit: String(limit) };
    const res = await this.getJson(PATHS[this.options.venue].klines, params);
    if (!res.ok) return res;
    if (!Array.isArray(res.value)) return { ok: false, reason: 'bad_body', status: 200 };
    const out: SourceCandle[] = [];
    for (const row of res.value as unknown[]) {
      const candle = kline(row);
      if (!candle) return { ok: false, reason: 'bad_body', status: 200 };
      out.push(candle);
    }
    return { ok: true, value: out };
  }

  private async getJson(path: string, params: Record<string, string>): Promise<RestResult<unknown>> {
    const url = `${this.options.baseUrl}${path}?${new URLSearchParams(params).toString()}`;
    const headers: Record<string, string> = this.options.apiKey
      ? { 'X-MBX-APIKEY': this.options.apiKey }
      : {};
    const maxAttempts = this.options.maxAttempts ?? 5;
    let last: RestResult<unknown> = { ok: false, reason: 'network', status: 0 };
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) this.retries++;
      this.requests++;
      let response: Response;
      try {
        response = await this.doFetch(url, { headers });
      } catch (err) {
        last = { ok: false, reason: 'network', status: 0 };
        this.options.logger.log('warn', 'binance rest request failed', { path, error: String(err) });
        await this.sleep(this.delay(attempt));
        continue;
      }
      if (response.ok) {
        try {
          return { ok: true, value: (await response.json()) as unknown };
        } catch {
          return { ok: false, reason: 'bad_body', status: response.status };
        }
      }
      await response.body?.cancel();
      const status = response.status;
      if (status === 429 || status === 418) {
        last = { ok: false, reason: status === 429 ? 'rate_limited' : 'banned', status };
        const retryAfter = Number(response.headers.get('retry-after'));
        const waitMs =
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.delay(attempt);
        this.options.logger.log('warn', 'binance rest rate limited', { path, status, waitMs });
        await this.sleep(waitMs);
        continue;
      }
      if (status >= 500) {
        last = { ok: false, reason: 'server_error', status };
        await this.sleep(this.delay(attempt));
        continue;
      }
      return { ok: false, reason: 'http_error', status };
    }
    return last;
  }

  private delay(attempt: number): number {
    const random = this.options.random ?? Math.random;
    return backoffDelay(attempt, this.options.baseDelayMs ?? 250, this.options.maxDelayMs ?? 10_000, random);
  }
}

type TradeFields = Pick<TradeTick, 'ts' | 'price' | 'qty' | 'side' | 'tradeId'>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fields(id: unknown, p: unknown, q: unknown, t: unknown, m: unknown): TradeFields | undefined {
  if (typeof id !== 'number' || typeof p !== 'string' || typeof q !== 'string') return undefined;
  if (typeof t !== 'number' || typeof m !== 'boolean') return undefined;
  const price = Number(p);
  const qty = Number(q);
  if (!Number.isFinite(price) || !Number.isFinite(qty)) return undefined;
  return { ts: t, price, qty, side: m ? 'sell' : 'buy', tradeId: id };
}

/** `{id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch}` (spot and USD-M historicalTrades). */
function historicalTrade(row: unknown): TradeFields | undefined {
  if (!isObject(row)) return undefined;
  return fields(row['id'], row['price'], row['qty'], row['time'], row['isBuyerMaker']);
}

/** `{a, p, q, f, l, T, m}` (aggTrades). */
function aggTrade(row: unknown): TradeFields | undefined {
  if (!isObject(row)) return undefined;
  return fields(row['a'], row['p'], row['q'], row['T'], row['m']);
}

/** `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, ...]`. */
function kline(row: unknown): SourceCandle | undefined {
  if (!Array.isArray(row) || row.length < 10) return undefined;
  const values = row as unknown[];
  const openTime = values[0];
  const trades = values[8];
  if (typeof openTime !== 'number' || typeof trades !== 'number') return undefined;
  const [open, high, low, close, volume] = [1, 2, 3, 4, 5].map((i) => Number(values[i]));
  const takerBuyVolume = Number(values[9]);
  const numbers = [open, high, low, close, volume, takerBuyVolume];
  if (numbers.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
  return {
    openTime,
    open: open as number,
    high: high as number,
    low: low as number,
    close: close as number,
    volume: volume as number,
    takerBuyVolume,
    trades,
  };
}
