import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaptureTrade, KlineRow } from './market-capture.ts';

/** REST fault knobs: the next N requests fail this way. */
export interface RestFaults {
  rateLimited: number;
  retryAfterSec: number;
  serverErrors: number;
}

export interface RestSource {
  /** Trades of `symbol` the market has already printed (REST never shows the future). */
  released(symbol: string): readonly CaptureTrade[];
  klines(symbol: string): readonly KlineRow[];
}

export interface RestStats {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  paths: string[];
}

function firstIndexAtOrAfter(trades: readonly CaptureTrade[], id: number): number {
  let lo = 0;
  let hi = trades.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((trades[mid] as CaptureTrade).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Binance market-data REST answered from the capture: historicalTrades, aggTrades and klines. */
export function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  source: RestSource,
  faults: RestFaults,
  stats: RestStats,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  stats.requests++;
  stats.paths.push(url.pathname);
  if (faults.rateLimited > 0) {
    faults.rateLimited--;
    stats.rateLimited++;
    send(
      res,
      429,
      { code: -1003, msg: 'Too many requests' },
      { 'retry-after': String(faults.retryAfterSec) },
    );
    return;
  }
  if (faults.serverErrors > 0) {
    faults.serverErrors--;
    stats.serverErrors++;
    send(res, 503, { code: -1001, msg: 'Internal error' });
    return;
  }
  const symbol = url.searchParams.get('symbol') ?? '';
  const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? '500'));
  const kind = url.pathname.split('/').pop();
  if (kind === 'historicalTrades' || kind === 'aggTrades') {
    const trades = source.released(symbol);
    const fromParam = url.searchParams.get('fromId');
    const from =
      fromParam === null
        ? Math.max(0, trades.length - limit)
        : firstIndexAtOrAfter(trades, Number(fromParam));
    const page = trades.slice(from, from + limit);
    send(res, 200, kind === 'aggTrades' ? page.map(aggRow) : page.map(tradeRow));
    return;
  }
  if (kind === 'klines') {
    const start = Number(url.searchParams.get('startTime') ?? '0');
    const rows = source.klines(symbol).filter((k) => k[0] >= start);
    send(res, 200, rows.slice(0, limit));
    return;
  }
  send(res, 404, { code: -1, msg: 'unknown path' });
}

function tradeRow(t: CaptureTrade): unknown {
  const quoteQty = (Number(t.price) * Number(t.qty)).toFixed(8);
  return {
    id: t.id,
    price: t.price,
    qty: t.qty,
    quoteQty,
    time: t.time,
    isBuyerMaker: t.buyerMaker,
    isBestMatch: true,
  };
}

function aggRow(t: CaptureTrade): unknown {
  return { a: t.id, p: t.price, q: t.qty, f: t.id, l: t.id, T: t.time, m: t.buyerMaker, M: true };
}
