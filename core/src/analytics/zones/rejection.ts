import type { Candle } from '../../domain/candle.ts';
import type { ZoneType } from './zone-types.ts';

export interface RejectionBand {
  readonly type: ZoneType;
  readonly priceLow: number;
  readonly priceHigh: number;
}

/**
 * Price bands a candle rejected, judged on wick shape only (volume is the caller's check).
 * Demand: lower wick >= minWickShare of the range, band [low, min(open, close)] (where buyers absorbed).
 * Supply: upper wick >= minWickShare of the range, band [max(open, close), high].
 * A zero-range candle rejected nothing. A doji with both wicks long enough yields both bands.
 */
export function rejectionBands(candle: Candle, minWickShare: number): RejectionBand[] {
  const range = candle.high - candle.low;
  if (!(range > 0)) return [];
  const bodyLow = Math.min(candle.open, candle.close);
  const bodyHigh = Math.max(candle.open, candle.close);
  const bands: RejectionBand[] = [];
  if ((bodyLow - candle.low) / range >= minWickShare) {
    bands.push({ type: 'demand', priceLow: candle.low, priceHigh: bodyLow });
  }
  if ((candle.high - bodyHigh) / range >= minWickShare) {
    bands.push({ type: 'supply', priceLow: bodyHigh, priceHigh: candle.high });
  }
  return bands;
}
