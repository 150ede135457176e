import type { Candle, Timeframe } from '../../domain/candle.ts';

export type FvgType = 'bullish' | 'bearish';

/** A fair value gap (design 2.2.2 #7, 2.3.2; table fair_value_gaps of 2.2.7). Immutable snapshot. */
export interface Fvg {
  /** `${instrumentId}:${timeframe}:${c2 openTime}:${type}`: stable across replays. */
  readonly fvgId: string;
  readonly type: FvgType;
  readonly timeframe: Timeframe;
  readonly gapLow: number;
  readonly gapHigh: number;
  /** closeTime of the third candle: the gap exists from this event time on. */
  readonly createdAt: number;
  /** Share of the gap price has traded back into since creation, 0..1. */
  readonly fillFraction: number;
  /** closeTime of the 1m candle that completed the fill; undefined while open. */
  readonly filledAt: number | undefined;
}

/**
 * Three-candle gap. Bullish: c3.low > c1.high, gap [c1.high, c3.low]; bearish: c3.high < c1.low,
 * gap [c3.high, c1.low]. The gap must be at least `minGapFraction` of the nearer c1 extreme (design: 0.2%),
 * measured against c1 because that is the price the move left behind.
 */
export function detectFvg(c1: Candle, c2: Candle, c3: Candle, minGapFraction: number): Fvg | undefined {
  if (c3.low > c1.high && (c3.low - c1.high) / c1.high >= minGapFraction) {
    return newFvg('bullish', c1.high, c3.low, c2, c3);
  }
  if (c3.high < c1.low && (c1.low - c3.high) / c1.low >= minGapFraction) {
    return newFvg('bearish', c3.high, c1.low, c2, c3);
  }
  return undefined;
}

function newFvg(type: FvgType, gapLow: number, gapHigh: number, c2: Candle, c3: Candle): Fvg {
  return {
    fvgId: `${c2.instrumentId}:${c2.timeframe}:${c2.openTime}:${type}`,
    type,
    timeframe: c2.timeframe,
    gapLow,
    gapHigh,
    createdAt: c3.closeTime,
    fillFraction: 0,
    filledAt: undefined,
  };
}

/**
 * How much of the gap price has revisited, given the most extreme price reached since creation: a bullish
 * gap fills from its top down (extreme = lowest low), a bearish one from its bottom up (highest high).
 */
export function fillFractionOf(fvg: Fvg, extreme: number): number {
  const width = fvg.gapHigh - fvg.gapLow;
  const reached = fvg.type === 'bullish' ? fvg.gapHigh - extreme : extreme - fvg.gapLow;
  return Math.min(1, Math.max(0, reached / width));
}
