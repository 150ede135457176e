import { WilderAverage } from './wilder-average.ts';

/**
 * RSI with Wilder smoothing, fed one close at a time. The first value appears on the `period + 1`-th close
 * (the first close only sets the reference). Matches TA-Lib and `technicalindicators` except:
 * - `technicalindicators` rounds RSI to 2 decimals; this class does not (compare within 0.005).
 * - When both averages are 0 (a perfectly flat warm-up) this returns 50, not 100 (technicalindicators) or 0
 *   (TA-Lib): a flat market is neither overbought nor oversold, and either extreme would fire a false
 *   mean-reversion filter.
 */
export class WilderRsi {
  private readonly gains: WilderAverage;
  private readonly losses: WilderAverage;
  private prevClose: number | undefined;
  private current: number | undefined;

  constructor(readonly period = 14) {
    this.gains = new WilderAverage(period);
    this.losses = new WilderAverage(period);
  }

  /** RSI in [0, 100], or undefined before warm-up. */
  get value(): number | undefined {
    return this.current;
  }

  /** Exposed so the smoothing can be checked without the 2-decimal rounding of other libraries. */
  get averageGain(): number | undefined {
    return this.gains.value;
  }

  get averageLoss(): number | undefined {
    return this.losses.value;
  }

  update(close: number): number | undefined {
    if (this.prevClose !== undefined) {
      const change = close - this.prevClose;
      const gain = this.gains.update(change > 0 ? change : 0);
      const loss = this.losses.update(change < 0 ? -change : 0);
      this.current = rsiFrom(gain, loss);
    }
    this.prevClose = close;
    return this.current;
  }
}

function rsiFrom(avgGain: number | undefined, avgLoss: number | undefined): number | undefined {
  if (avgGain === undefined || avgLoss === undefined) return undefined;
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
