import type { AnalyticsConfig } from '../../config/analytics-config.ts';
import type { Candle, Timeframe } from '../../domain/candle.ts';
import { detectFvg, fillFractionOf, type Fvg, type FvgType } from './fvg-types.ts';
import { nearestBand } from './price-distance.ts';

export type FvgConfig = AnalyticsConfig['fvg'];

/** Fills and expiry are judged on closed candles of this timeframe only (never per tick: cheap). */
export const FVG_PRICE_TIMEFRAME: Timeframe = '1m';

export interface FvgPriceResult {
  /** Open gaps whose fill fraction grew, as updated. */
  readonly updated: readonly Fvg[];
  /** Gaps filled completely and removed (fillFraction 1, filledAt set). */
  readonly filled: readonly Fvg[];
  /** Unfilled gaps that reached `maxAgeMs` and were removed. */
  readonly expired: readonly Fvg[];
}

export interface NearestFvg {
  readonly fvg: Fvg;
  /** Distance to the gap as a fraction of the query price; 0 when the price is inside it. */
  readonly distance: number;
}

interface TrackedGap {
  fvg: Fvg;
  /** Lowest low (bullish) or highest high (bearish) of the 1m candles since creation. */
  extreme: number;
}

const NO_PRICE_CHANGE: FvgPriceResult = { updated: [], filled: [], expired: [] };

/**
 * Fair value gap detector for one instrument (design 2.2.2 #7, 2.3.2). Gaps are found on the configured
 * timeframes from three consecutive closed candles, tracked for fill on 1m closes, and removed when filled
 * or older than `maxAgeMs` (2.2.7: filled immediately, unfilled after 24 h).
 * The instrument is the one given, or else the first candle's; a candle of another instrument throws.
 */
export class FairValueGaps {
  private readonly windows = new Map<Timeframe, Candle[]>();
  private gaps: TrackedGap[] = [];
  private lastPriceOpenTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: FvgConfig,
    private instrumentId?: string,
  ) {}

  /**
   * A closed candle of any timeframe; only `config.timeframes` are used. Returns the gap it completed, if
   * any. Candles must be consecutive (c2 opens at c1's close): after a hole in the series the window starts
   * again, since a "gap" across missing candles says nothing about a skipped price range.
   */
  onCandle(candle: Candle): Fvg | undefined {
    if (!this.config.timeframes.includes(candle.timeframe)) return undefined;
    this.bindInstrument(candle);
    const window = this.windows.get(candle.timeframe) ?? [];
    const last = window[window.length - 1];
    if (last !== undefined && candle.openTime <= last.openTime) return undefined; // replayed / out of order
    const next = last === undefined || candle.openTime === last.closeTime ? [...window, candle] : [candle];
    const [c1, c2, c3] = next.slice(-3);
    this.windows.set(candle.timeframe, next.slice(-3));
    if (c1 === undefined || c2 === undefined || c3 === undefined) return undefined;
    const fvg = detectFvg(c1, c2, c3, this.config.minGapFraction);
    if (fvg !== undefined) this.gaps.push({ fvg, extreme: initialExtreme(fvg) });
    return fvg;
  }

  /**
   * A closed 1m candle: advances fills of gaps created at or before its open, then expires gaps whose age
   * at the candle's close is >= maxAgeMs. The fill is applied first, so a last-minute fill is reported as
   * filled, not expired.
   */
  onPriceCandle(candle: Candle): FvgPriceResult {
    if (candle.timeframe !== FVG_PRICE_TIMEFRAME) return NO_PRICE_CHANGE;
    this.bindInstrument(candle);
    if (candle.openTime <= this.lastPriceOpenTime) return NO_PRICE_CHANGE;
    this.lastPriceOpenTime = candle.openTime;
    const updated: Fvg[] = [];
    const filled: Fvg[] = [];
    const expired: Fvg[] = [];
    this.gaps = this.gaps.filter((gap) => {
      const grew = candle.openTime >= gap.fvg.createdAt && advanceFill(gap, candle);
      if (gap.fvg.fillFraction >= 1) {
        gap.fvg = { ...gap.fvg, fillFraction: 1, filledAt: candle.closeTime };
        filled.push(gap.fvg);
        return false;
      }
      if (candle.closeTime - gap.fvg.createdAt >= this.config.maxAgeMs) {
        expired.push(gap.fvg);
        return false;
      }
      if (grew) updated.push(gap.fvg);
      return true;
    });
    const changed = updated.length + filled.length + expired.length > 0;
    return changed ? { updated, filled, expired } : NO_PRICE_CHANGE;
  }

  open(): readonly Fvg[] {
    return this.gaps.map((g) => g.fvg);
  }

  /** Closest open gap of `type` to `price`; on equal distance the older gap wins. */
  nearest(type: FvgType, price: number): NearestFvg | undefined {
    const candidates = this.open().filter((f) => f.type === type);
    const best = nearestBand(candidates, price, (f) => [f.gapLow, f.gapHigh]);
    return best === undefined ? undefined : { fvg: best.item, distance: best.distance };
  }

  private bindInstrument(candle: Candle): void {
    this.instrumentId ??= candle.instrumentId;
    if (candle.instrumentId !== this.instrumentId) {
      throw new Error(`fair value gaps for ${this.instrumentId} received a candle of ${candle.instrumentId}`);
    }
  }
}

function initialExtreme(fvg: Fvg): number {
  return fvg.type === 'bullish' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** Folds the candle into the gap's extreme; true when the fill fraction grew. */
function advanceFill(gap: TrackedGap, candle: Candle): boolean {
  gap.extreme =
    gap.fvg.type === 'bullish' ? Math.min(gap.extreme, candle.low) : Math.max(gap.extreme, candle.high);
  const fillFraction = fillFractionOf(gap.fvg, gap.extreme);
  if (fillFraction <= gap.fvg.fillFraction) return false;
  gap.fvg = { ...gap.fvg, fillFraction };
  return true;
}
