import type { Candle } from '../../domain/candle.ts';
import { assertPositiveInt, NumberRing } from './number-ring.ts';

/**
 * Volume trend over the last N closed candles (design 2.3.1 "increasing volume in trend direction"):
 * - `trend`: least-squares slope of volume against candle index, divided by the mean volume, i.e. the
 *   fractional change of volume per candle (0.05 = volume growing 5% of its average each candle). Normalising
 *   by the mean makes the number comparable across instruments and volume units.
 * - `upVolumeShare`: volume of candles closing above their open / total volume, in [0, 1]; tells whether the
 *   rising volume backs an up move or a down move.
 * Both are undefined until N candles are seen, and when the window has no volume at all (no evidence).
 * Recomputed in O(N) per candle; N is a small constant, and a sliding sum of i * v would drift.
 */
export class VolumeTrend {
  private readonly volumes: NumberRing;
  private readonly upVolumes: NumberRing;
  private trendValue: number | undefined;
  private upShare: number | undefined;

  constructor(readonly candles = 10) {
    assertPositiveInt('candles', candles, 2);
    this.volumes = new NumberRing(candles);
    this.upVolumes = new NumberRing(candles);
  }

  get trend(): number | undefined {
    return this.trendValue;
  }

  get upVolumeShare(): number | undefined {
    return this.upShare;
  }

  update(candle: Pick<Candle, 'open' | 'close' | 'volume'>): void {
    this.volumes.push(candle.volume);
    this.upVolumes.push(candle.close > candle.open ? candle.volume : 0);
    if (!this.volumes.full) return;

    const n = this.candles;
    let total = 0;
    let up = 0;
    for (let i = 0; i < n; i++) {
      total += this.volumes.at(i);
      up += this.upVolumes.at(i);
    }
    if (total <= 0) {
      this.trendValue = undefined;
      this.upShare = undefined;
      return;
    }
    this.trendValue = slopeAgainstIndex(this.volumes) / (total / n);
    this.upShare = up / total;
  }
}

/** OLS slope of y on x = 0..n-1; the x terms are closed-form, so one pass over y suffices. */
function slopeAgainstIndex(y: NumberRing): number {
  const n = y.length;
  const xMean = (n - 1) / 2;
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (i - xMean) * y.at(i);
  const sxx = (n * (n * n - 1)) / 12;
  return sxy / sxx;
}
