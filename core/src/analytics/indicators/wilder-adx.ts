import type { HighLowClose } from './bars.ts';
import { trueRange } from './wilder-atr.ts';
import { WilderAverage } from './wilder-average.ts';

/**
 * ADX with +DI/-DI (percent, 0-100), Wilder's method as implemented by `technicalindicators` and TA-Lib:
 * - +DM = up move if it exceeds the down move and is positive, else 0 (mirrored for -DM); TR as in ATR.
 * - TR, +DM and -DM are Wilder-smoothed, seeded by the mean of the first `period` values. The library keeps
 *   Wilder sums instead of averages; the DI ratios are identical.
 * - DX = 100 |+DI - -DI| / (+DI + -DI); ADX = Wilder average of DX seeded by the mean of the first `period`
 *   DX values.
 * Warm-up: DIs from candle `period + 1`, ADX from candle `2 * period`. Those are the same bars on which the
 * library reports; it only emits DIs together with ADX.
 * Degenerate bars: with no range at all DI is 0 and with no directional movement DX is 0, where the library
 * would produce NaN and carry it forever.
 */
export class WilderAdx {
  private readonly tr: WilderAverage;
  private readonly plusDm: WilderAverage;
  private readonly minusDm: WilderAverage;
  private readonly dx: WilderAverage;
  private prev: HighLowClose | undefined;
  private pdi: number | undefined;
  private mdi: number | undefined;

  constructor(readonly period = 14) {
    this.tr = new WilderAverage(period);
    this.plusDm = new WilderAverage(period);
    this.minusDm = new WilderAverage(period);
    this.dx = new WilderAverage(period);
  }

  get adx(): number | undefined {
    return this.dx.value;
  }

  get plusDi(): number | undefined {
    return this.pdi;
  }

  get minusDi(): number | undefined {
    return this.mdi;
  }

  update(candle: HighLowClose): void {
    const prev = this.prev;
    // Copy the three fields: callers may reuse or mutate the object they pass in.
    this.prev = { high: candle.high, low: candle.low, close: candle.close };
    if (prev === undefined) return;

    const up = candle.high - prev.high;
    const down = prev.low - candle.low;
    const atr = this.tr.update(trueRange(candle.high, candle.low, prev.close));
    const plus = this.plusDm.update(up > down && up > 0 ? up : 0);
    const minus = this.minusDm.update(down > up && down > 0 ? down : 0);
    if (atr === undefined || plus === undefined || minus === undefined) return;

    this.pdi = atr > 0 ? (100 * plus) / atr : 0;
    this.mdi = atr > 0 ? (100 * minus) / atr : 0;
    const sum = this.pdi + this.mdi;
    this.dx.update(sum > 0 ? (100 * Math.abs(this.pdi - this.mdi)) / sum : 0);
  }
}
