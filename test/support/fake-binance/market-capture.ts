import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CandleBuilder } from '../../../core/src/analytics/candles/candle-builder.ts';
import type { Candle } from '../../../core/src/domain/candle.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';

const REPO = resolve(import.meta.dirname, '../../..');
/** Binance spot BTCUSDT combined-stream capture bundled in the repo (data/DATA-SOURCES.md). */
export const SPOT_BTC_CAPTURE = resolve(REPO, 'data/captures/spot_btcusdt_20240808.gz');
export const USDM_ETH_CAPTURE = resolve(REPO, 'data/captures/usdm_ethusdt_20240718.gz');

/** One trade as the capture recorded it (decimal strings kept verbatim for faithful frames). */
export interface CaptureTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly buyerMaker: boolean;
}

/** The `@trade` frames of a capture, in trade-id order, optionally only the first `limit`. */
export function loadCaptureTrades(path: string, limit = Number.POSITIVE_INFINITY): CaptureTrade[] {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const out: CaptureTrade[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('@trade"')) continue;
    const frame = JSON.parse(line.slice(line.indexOf(' ') + 1)) as {
      data: { t: number; p: string; q: string; T: number; m: boolean };
    };
    const d = frame.data;
    out.push({ id: d.t, price: d.p, qty: d.q, time: d.T, buyerMaker: d.m });
  }
  out.sort((a, b) => a.id - b.id);
  return out.slice(0, Math.min(out.length, limit));
}

/** The same trades under many symbols (a soak needs breadth more than variety). */
export function relabel(
  trades: readonly CaptureTrade[],
  symbols: readonly string[],
): Map<string, readonly CaptureTrade[]> {
  return new Map(symbols.map((s) => [s, trades]));
}

export function captureTick(instrumentId: string, t: CaptureTrade): TradeTick {
  return {
    instrumentId,
    ts: t.time,
    localTs: t.time,
    price: Number(t.price),
    qty: Number(t.qty),
    side: t.buyerMaker ? 'sell' : 'buy',
    tradeId: t.id,
  };
}

/** Closed 1m candles of a tick sequence through the engine's own builder (flushed at the end). */
export function oneMinuteCandles(ticks: readonly TradeTick[]): Candle[] {
  const builders = new Map<string, CandleBuilder>();
  const out: Candle[] = [];
  for (const t of ticks) {
    let b = builders.get(t.instrumentId);
    if (!b) {
      b = new CandleBuilder(t.instrumentId, '1m');
      builders.set(t.instrumentId, b);
    }
    const closed = b.onTick(t);
    if (closed) out.push(closed);
  }
  for (const b of builders.values()) {
    const last = b.flush(Number.POSITIVE_INFINITY);
    if (last) out.push(last);
  }
  return out;
}

/** `[openTime, o, h, l, c, v, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, "0"]` rows. */
export type KlineRow = readonly [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/** 1m klines in Binance's REST shape from a `ts_ms,open,high,low,close,volume` candle file. */
export function klinesFromCsv(path: string, limit = Number.POSITIVE_INFINITY): KlineRow[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const out: KlineRow[] = [];
  for (const line of lines.slice(0, Math.min(lines.length, limit))) {
    const [ts, o, h, l, c, v] = line.split(',') as [string, string, string, string, string, string];
    const open = Number(ts);
    const taker = (Number(v) * 0.6).toString();
    out.push([open, o, h, l, c, v, open + 59_999, '0', 7, taker, '0', '0']);
  }
  return out;
}

/** The tape played `times` over, ids and times shifted so that it reads as one continuous market. */
export function repeatTape(trades: readonly CaptureTrade[], times: number): CaptureTrade[] {
  const first = trades[0];
  const last = trades[trades.length - 1];
  if (!first || !last) return [];
  const idStep = last.id - first.id + 1;
  const timeStep = last.time - first.time + 1000;
  const out: CaptureTrade[] = [];
  for (let k = 0; k < times; k++)
    for (const t of trades) out.push({ ...t, id: t.id + k * idStep, time: t.time + k * timeStep });
  return out;
}
