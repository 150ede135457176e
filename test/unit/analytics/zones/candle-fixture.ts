import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../../core/src/domain/candle.ts';

export const INSTRUMENT = 'test:BTCUSDT';
/** 2024-01-01T00:00:00Z: a round event-time origin for fixtures. */
export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;
export const QUARTER = 900_000;
export const HOUR = 3_600_000;

export interface CandleSpec {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
  readonly timeframe?: Timeframe;
  readonly instrumentId?: string;
}

/** A closed candle; closeTime follows from the timeframe (default 15m), volume split evenly by side. */
export function candle(spec: CandleSpec): Candle {
  const timeframe = spec.timeframe ?? '15m';
  const volume = spec.volume ?? 100;
  return {
    instrumentId: spec.instrumentId ?? INSTRUMENT,
    timeframe,
    openTime: spec.openTime,
    closeTime: spec.openTime + TIMEFRAME_MS[timeframe],
    open: spec.open,
    high: spec.high,
    low: spec.low,
    close: spec.close,
    volume,
    buyVolume: volume / 2,
    sellVolume: volume / 2,
    trades: 10,
    buyTrades: 5,
    sellTrades: 5,
  };
}

/** A 1m candle, the price stream for touches, breaks and fills. */
export function minute(openTime: number, low: number, high: number, close: number): Candle {
  return candle({ openTime, open: close, high, low, close, timeframe: '1m' });
}
