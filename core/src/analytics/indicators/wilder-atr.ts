import type { HighLowClose } from './bars.ts';
import { WilderAverage } from './wilder-average.ts';

/**
 * True range against the previous close, so overnight/session gaps count as volatility (Wilder's definition).
 */
export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose));
}

/**
 * Average True Range with Wilder smoothing. The first candle only supplies the previous close (as in TA-Lib
 * and `technicalindicators`), so the first ATR - the mean of the first `period` true ranges - appears on
 * candle `period + 1`.
 */
export class WilderAtr {
  private readonly avg: WilderAverage;
  private prevClose: number | undefined;

  constructor(readonly period = 14) {
    this.avg = new WilderAverage(period);
  }

  /** ATR in price units, or undefined before warm-up. */
  get value(): number | undefined {
    return this.avg.value;
  }

  update(candle: HighLowClose): number | undefined {
    if (this.prevClose !== undefined) this.avg.update(trueRange(candle.high, candle.low, this.prevClose));
    this.prevClose = candle.close;
    return this.avg.value;
  }
}
