import type { Candle } from '../domain/candle.ts';
import { CandleResampler } from '../analytics/candles/candle-resampler.ts';
import type { Instrument } from '../domain/instrument.ts';
import type { SourceCandle } from '../marketdata/types.ts';

/** 1m history for one instrument, from a candle file. */
export interface WarmUpInput {
  readonly instrument: Instrument;
  readonly path: string;
  readonly candles: readonly SourceCandle[];
}

/**
 * Turns 1m history into the closed 1m/5m/15m candles a live engine would have seen, in the order it would
 * have seen them. Only candles that close by `untilMs` are used, and only 5m/15m buckets that end by then,
 * so warm-up never leaks data from after the first trade. When the first trade falls inside a bucket, the
 * live builder starts that bucket afresh: its first 5m/15m bar covers only the live part (documented gap).
 * Files without a taker-buy split get an even split: warm-up feeds price and volume analytics only.
 */
export function warmUpCandles(
  instrumentId: string,
  source: readonly SourceCandle[],
  untilMs: number,
): Candle[] {
  const out: Candle[] = [];
  const resamplers = [new CandleResampler('5m'), new CandleResampler('15m')];
  for (const raw of source) {
    if (raw.openTime + 60_000 > untilMs) break;
    const minute = toCandle(instrumentId, raw);
    for (const resampler of resamplers) {
      const closed = resampler.onCandle(minute);
      if (closed) out.push(closed);
    }
    out.push(minute);
  }
  // Buckets that ended by the first trade are complete even though no later minute arrived to close them.
  for (const resampler of resamplers) {
    const last = resampler.flush();
    if (last && last.closeTime <= untilMs) out.push(last);
  }
  return out;
}

function toCandle(instrumentId: string, raw: SourceCandle): Candle {
  const buyVolume = raw.takerBuyVolume ?? raw.volume / 2;
  const trades = raw.trades ?? 0;
  return {
    instrumentId,
    timeframe: '1m',
    openTime: raw.openTime,
    closeTime: raw.openTime + 60_000,
    open: raw.open,
    high: raw.high,
    low: raw.low,
    close: raw.close,
    volume: raw.volume,
    buyVolume,
    sellVolume: raw.volume - buyVolume,
    trades,
    buyTrades: 0,
    sellTrades: 0,
  };
}
