import type { TickRing } from './tick-ring.ts';
import type { WindowAccumulator } from './trailing-window.ts';

/**
 * Mean and standard deviation of tick prices in a trailing window (every trade weighs the same, design
 * 2.2.2 "avg(last 15 min tick prices)"). Sums are kept relative to an anchor price so that squaring
 * prices near 60,000 does not wipe out the variance of a few dollars; the window rebuild re-anchors.
 */
export class PriceStats implements WindowAccumulator {
  private anchor: number | undefined;
  private n = 0;
  private sum = 0;
  private sumSquares = 0;

  add(ring: TickRing, seq: number): void {
    const price = ring.price(seq);
    this.anchor ??= price;
    const d = price - this.anchor;
    this.n++;
    this.sum += d;
    this.sumSquares += d * d;
  }

  remove(ring: TickRing, seq: number): void {
    const d = ring.price(seq) - (this.anchor as number);
    this.n--;
    this.sum -= d;
    this.sumSquares -= d * d;
  }

  reset(): void {
    this.anchor = undefined;
    this.n = 0;
    this.sum = 0;
    this.sumSquares = 0;
  }

  get count(): number {
    return this.n;
  }

  mean(): number | null {
    return this.n > 0 ? (this.anchor as number) + this.sum / this.n : null;
  }

  /** Population standard deviation (the window is the whole population of interest). */
  std(): number | null {
    if (this.n < 2) return null;
    const meanD = this.sum / this.n;
    const variance = this.sumSquares / this.n - meanD * meanD;
    return Math.sqrt(variance > 0 ? variance : 0);
  }

  zScore(price: number): number | null {
    const mean = this.mean();
    const std = this.std();
    if (mean === null || std === null || std === 0) return null;
    return (price - mean) / std;
  }
}
