import { assertPositiveInt } from './number-ring.ts';

/**
 * Wilder's running average: the first value is the simple mean of the first `period` inputs, after that
 * avg += (x - avg) / period. This is the seeding used by TA-Lib and by `technicalindicators` (WEMA), which is
 * why RSI, ATR and ADX here reproduce those libraries rather than an EMA seeded with the first input.
 */
export class WilderAverage {
  private seedSum = 0;
  private seen = 0;
  private avg: number | undefined;

  constructor(readonly period: number) {
    assertPositiveInt('period', period);
  }

  get value(): number | undefined {
    return this.avg;
  }

  update(x: number): number | undefined {
    if (this.avg !== undefined) {
      this.avg += (x - this.avg) / this.period;
      return this.avg;
    }
    this.seedSum += x;
    this.seen++;
    if (this.seen === this.period) this.avg = this.seedSum / this.period;
    return this.avg;
  }
}
