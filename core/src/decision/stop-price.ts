import type { Direction } from '../domain/trading.ts';
import type { ZoneHit } from './types.ts';

export interface StopPlacement {
  readonly stopPrice: number;
  /** The zone edge the stop was taken from. */
  readonly boundary: number;
  /** True when the max distance, not the zone edge, set the stop. */
  readonly clamped: boolean;
}

/**
 * Initial stop (decisions #12): the far edge of the Level 2 band, i.e. the edge beyond which the zone has
 * failed (zone / gap / value-area-bucket low for longs, high for shorts), never further than
 * `maxStopDistance` from entry. An edge on the wrong side of entry (price already back inside or through
 * the band) gives no protective level, so the max distance is used.
 */
export function placeStop(
  direction: Direction,
  entry: number,
  zone: ZoneHit,
  maxStopDistance: number,
): StopPlacement {
  if (direction === 'long') {
    const limit = entry * (1 - maxStopDistance);
    const boundary = zone.low;
    const usable = boundary < entry && boundary >= limit;
    return { stopPrice: usable ? boundary : limit, boundary, clamped: !usable };
  }
  const limit = entry * (1 + maxStopDistance);
  const boundary = zone.high;
  const usable = boundary > entry && boundary <= limit;
  return { stopPrice: usable ? boundary : limit, boundary, clamped: !usable };
}
