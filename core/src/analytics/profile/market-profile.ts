import type { ProfileView } from '../../events/analytics-snapshot.ts';
import type { TickRing } from '../orderflow/tick-ring.ts';
import type { WindowAccumulator } from '../orderflow/trailing-window.ts';
import { bucketWidthFor } from './bucket-width.ts';
import { PriceLadder } from './price-ladder.ts';

/**
 * Volume-at-price over a trailing window, maintained per trade in O(1) on a dense price ladder; POC and
 * value area are computed on demand in O(range) and cached by the caller's cadence.
 *
 * Rules: bucket index = floor(price / width) (see bucketWidthFor). POC = the bucket with the most volume
 * (ties: the lower price), reported at its midpoint. The value area grows from the POC one occupied
 * bucket at a time towards the side whose next occupied bucket holds more volume (ties: upward) until it
 * holds at least `valueAreaShare` of the volume; VAL/VAH are the lower edge of its lowest and the upper
 * edge of its highest bucket.
 */
export class MarketProfile implements WindowAccumulator {
  private readonly ladder = new PriceLadder();
  private width: number | undefined;

  constructor(
    private readonly bucketBps: number,
    private readonly valueAreaShare: number,
  ) {}

  get bucketWidth(): number | undefined {
    return this.width;
  }

  add(ring: TickRing, seq: number): void {
    const price = ring.price(seq);
    this.width ??= bucketWidthFor(price, this.bucketBps);
    this.ladder.add(bucketOf(price, this.width), ring.qty(seq));
  }

  remove(ring: TickRing, seq: number): void {
    if (this.width === undefined) return;
    this.ladder.remove(bucketOf(ring.price(seq), this.width), ring.qty(seq));
  }

  reset(): void {
    this.ladder.clear();
  }

  compute(nowMs: number): ProfileView | null {
    const width = this.width;
    const occupied = this.ladder.occupied();
    if (width === undefined || occupied.keys.length === 0) return null;
    const { keys, volumes } = occupied;
    const total = volumes.reduce((sum, v) => sum + v, 0);
    let pocIndex = 0;
    for (let i = 1; i < volumes.length; i++)
      if ((volumes[i] as number) > (volumes[pocIndex] as number)) pocIndex = i;
    const [low, high] = growValueArea(volumes, pocIndex, total * this.valueAreaShare);
    return {
      poc: round(((keys[pocIndex] as number) + 0.5) * width, width),
      valueAreaLow: round((keys[low] as number) * width, width),
      valueAreaHigh: round(((keys[high] as number) + 1) * width, width),
      bucketWidth: width,
      computedAt: nowMs,
    };
  }
}

/**
 * Bucket index of a price. Prices and widths are decimals that binary floating point cannot hold exactly
 * (2681.2 / 0.2 = 13405.999999999998), so a relative nudge far below one price tick is added before flooring.
 */
export function bucketOf(price: number, width: number): number {
  const ratio = price / width;
  return Math.floor(ratio + Math.abs(ratio) * 1e-12);
}

/** Expands [low, high] around the POC over occupied buckets until `target` volume is inside. */
function growValueArea(volumes: readonly number[], pocIndex: number, target: number): [number, number] {
  let low = pocIndex;
  let high = pocIndex;
  let inside = volumes[pocIndex] as number;
  while (inside < target && (low > 0 || high < volumes.length - 1)) {
    const above = high < volumes.length - 1 ? (volumes[high + 1] as number) : -1;
    const below = low > 0 ? (volumes[low - 1] as number) : -1;
    if (above >= below) inside += volumes[++high] as number;
    else inside += volumes[--low] as number;
  }
  return [low, high];
}

/** Rounds to the bucket grid's decimals so 61837.5 does not print as 61837.49999999999. */
function round(value: number, width: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(width)) + 1);
  return Number(value.toFixed(decimals));
}
