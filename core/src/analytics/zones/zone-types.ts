import type { Timeframe } from '../../domain/candle.ts';

export type ZoneType = 'demand' | 'supply';
export type ZoneStatus = 'fresh' | 'tested' | 'weakened' | 'broken';

/** A supply/demand zone (design 2.3.2, table supply_demand_zones of 2.2.7). Immutable snapshot. */
export interface Zone {
  /** `${instrumentId}:${type}:${openTime of the creating candle}`: stable across replays. */
  readonly zoneId: string;
  readonly type: ZoneType;
  readonly priceLow: number;
  readonly priceHigh: number;
  readonly timeframe: Timeframe;
  /** closeTime of the creating candle: the zone exists from this event time on. */
  readonly createdAt: number;
  /** Volume of the creating candle. */
  readonly volume: number;
  /** Creating candle volume / average volume of the candles before it. */
  readonly volumeRatio: number;
  readonly touches: number;
  /** closeTime of the 1m candle that made the last touch; undefined while fresh. */
  readonly lastTestedAt: number | undefined;
  readonly status: ZoneStatus;
  /** 0-100, see `zoneStrength`. */
  readonly strength: number;
}

/** Design 2.3.2: untested zones hold the strongest belief, 1-2 tests still respected, 3+ fading. */
export function statusForTouches(touches: number): Exclude<ZoneStatus, 'broken'> {
  if (touches === 0) return 'fresh';
  return touches <= 2 ? 'tested' : 'weakened';
}

const BASE_STRENGTH: Readonly<Record<ZoneStatus, number>> = {
  fresh: 100,
  tested: 70,
  weakened: 40,
  broken: 0,
};

/**
 * Strength = base(status) x volumeFactor, volumeFactor = clamp(0.5 + 0.25 * volumeRatio, 0, 1).
 * Design 2.3.2 gives the base points by tests and says "higher creation volume = stronger" without a
 * formula. With the default 1.5x creation threshold the factor starts at 0.875 and saturates at 2x average
 * volume, so volume reorders zones of equal status while (at the defaults) a tested zone never outranks a
 * fresh one (70 < 87.5).
 */
export function zoneStrength(status: ZoneStatus, volumeRatio: number): number {
  const factor = Math.min(1, Math.max(0, 0.5 + 0.25 * volumeRatio));
  return BASE_STRENGTH[status] * factor;
}
