import { warmUpCandles } from '../../../app/warm-up.ts';
import type { Candle } from '../../../domain/candle.ts';
import type { SourceCandle } from '../../../marketdata/types.ts';
import type { BinanceRestClient, RestResult } from './rest-client.ts';

const KLINE_PAGE = 1000;

/**
 * `minutes` of 1m klines before `untilMs`, paged by 1000, turned into the closed 1m/5m/15m candles the
 * replay warm-up produces (same function), so live and replay analytics start from the same history.
 */
export async function fetchWarmUpCandles(
  rest: BinanceRestClient,
  symbol: string,
  instrumentId: string,
  untilMs: number,
  minutes: number,
): Promise<RestResult<Candle[]>> {
  const end = untilMs - (untilMs % 60_000);
  let cursor = end - minutes * 60_000;
  const source: SourceCandle[] = [];
  while (cursor < end) {
    const limit = Math.min(KLINE_PAGE, Math.ceil((end - cursor) / 60_000));
    const page = await rest.klines(symbol, cursor, limit);
    if (!page.ok) return page;
    const fresh = page.value.filter((k) => k.openTime >= cursor && k.openTime < end);
    if (fresh.length === 0) break;
    for (const k of fresh) source.push(k);
    cursor = (fresh[fresh.length - 1]?.openTime as number) + 60_000;
  }
  return { ok: true, value: warmUpCandles(instrumentId, source, untilMs) };
}
