import type { Candle } from '../../domain/candle.ts';
import { assertPositiveInt, NumberRing } from './number-ring.ts';

export type MarketStructure = 'higher_highs_higher_lows' | 'lower_highs_lower_lows' | 'mixed';

/**
 * Price structure over the last N closed candles (design 2.3.1 "last 3 candles on 15M").
 * Strict comparisons on purpose: an equal high or low is not a higher one, so a flat top reads as 'mixed'.
 */
export class StructureDetector {
  private readonly highs: NumberRing;
  private readonly lows: NumberRing;

  constructor(readonly candles = 3) {
    assertPositiveInt('candles', candles, 2);
    this.highs = new NumberRing(candles);
    this.lows = new NumberRing(candles);
  }

  /** Undefined until N candles have been seen. O(N) with N fixed and tiny. */
  get value(): MarketStructure | undefined {
    if (!this.highs.full) return undefined;
    if (isMonotonic(this.highs, 1) && isMonotonic(this.lows, 1)) return 'higher_highs_higher_lows';
    if (isMonotonic(this.highs, -1) && isMonotonic(this.lows, -1)) return 'lower_highs_lower_lows';
    return 'mixed';
  }

  update(candle: Pick<Candle, 'high' | 'low'>): MarketStructure | undefined {
    this.highs.push(candle.high);
    this.lows.push(candle.low);
    return this.value;
  }
}

/** True when every step is strictly in `direction` (+1 rising, -1 falling). */
function isMonotonic(ring: NumberRing, direction: 1 | -1): boolean {
  for (let i = 1; i < ring.length; i++) {
    if ((ring.at(i) - ring.at(i - 1)) * direction <= 0) return false;
  }
  return true;
}
