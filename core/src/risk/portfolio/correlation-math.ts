import type { Candle } from '../../domain/candle.ts';

/**
 * Pearson correlation of the first `n` entries of `xs` and `ys`, two-pass (means first) because 1m log
 * returns are ~1e-3 and the one-pass sum-of-squares form loses digits. Undefined when either series is flat.
 */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number): number | undefined {
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative floor: a constant price gives log returns of exactly 0 or rounding dust, not a correlation.
  const floor = 1e-24 * n;
  if (!(sxx > floor) || !(syy > floor)) return undefined;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * The last `capacity` 1m log returns of one instrument, keyed by the close time of the candle that ends
 * each return. A return is recorded only between contiguous candles (`openTime` = previous `closeTime`):
 * across a gap without trades it would span several minutes and pair with a one-minute leader return.
 * O(1) per candle, fixed memory.
 */
export class ReturnRing {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;
  private lastClose = NaN;
  private lastCloseTime = -Infinity;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity must be >= 2, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds the candle's return; candles older than the last one (replays, duplicates) are ignored. */
  push(candle: Candle): void {
    if (candle.openTime < this.lastCloseTime) return;
    const contiguous = candle.openTime === this.lastCloseTime;
    if (contiguous && this.lastClose > 0 && candle.close > 0) {
      this.append(candle.closeTime, Math.log(candle.close / this.lastClose));
    }
    this.lastClose = candle.close;
    this.lastCloseTime = candle.closeTime;
  }

  /** `i = 0` is the oldest stored return. */
  timeAt(i: number): number {
    return this.times[(this.head + i) % this.capacity] as number;
  }

  valueAt(i: number): number {
    return this.values[(this.head + i) % this.capacity] as number;
  }

  private append(ts: number, value: number): void {
    const slot = (this.head + this.count) % this.capacity;
    this.times[slot] = ts;
    this.values[slot] = value;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }
}

/**
 * Copies the returns both rings hold for the same minutes, up to close time `cutoff`, into `xs`/`ys`
 * (newest first; Pearson does not care about order). Merge-join from the newest end, O(a + b).
 */
export function alignedReturns(
  a: ReturnRing,
  b: ReturnRing,
  cutoff: number,
  xs: Float64Array,
  ys: Float64Array,
): number {
  let i = a.length - 1;
  let j = b.length - 1;
  let n = 0;
  while (i >= 0 && j >= 0 && n < xs.length && n < ys.length) {
    const ta = a.timeAt(i);
    const tb = b.timeAt(j);
    if (ta > cutoff) i--;
    else if (tb > cutoff) j--;
    else if (ta > tb) i--;
    else if (tb > ta) j--;
    else {
      xs[n] = a.valueAt(i--);
      ys[n] = b.valueAt(j--);
      n++;
    }
  }
  return n;
}
