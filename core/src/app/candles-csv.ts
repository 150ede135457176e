import type { Candle } from '../domain/candle.ts';

export const CANDLES_CSV_HEADER =
  'symbol,open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,trades';

/**
 * One row per closed candle, numbers in JavaScript's shortest round-trip form so the file is exact and
 * byte-identical across runs. `symbol` is the native symbol, or the instrument id when symbols collide.
 */
export function candlesToCsv(candles: readonly Candle[], symbolOf: (instrumentId: string) => string): string {
  const lines = [CANDLES_CSV_HEADER];
  for (const c of candles) {
    lines.push(
      [
        symbolOf(c.instrumentId),
        c.openTime,
        c.open,
        c.high,
        c.low,
        c.close,
        c.volume,
        c.buyVolume,
        c.sellVolume,
        c.trades,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** Native symbol when unique among `instrumentIds`, else the full instrument id. */
export function symbolLabeller(instrumentIds: Iterable<string>): (instrumentId: string) => string {
  const native = (id: string): string => id.slice(id.indexOf(':') + 1);
  const counts = new Map<string, number>();
  for (const id of new Set(instrumentIds)) counts.set(native(id), (counts.get(native(id)) ?? 0) + 1);
  return (id) => ((counts.get(native(id)) ?? 0) > 1 ? id : native(id));
}
