export type Timeframe = '1m' | '5m' | '15m';

export const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
};

/**
 * OHLCV bar with the aggressor split. `openTime` is inclusive, `closeTime` = openTime + duration (exclusive).
 * `buyVolume + sellVolume === volume` up to rounding; trade counts likewise.
 */
export interface Candle {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  readonly buyTrades: number;
  readonly sellTrades: number;
}
