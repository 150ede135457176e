import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Target zone (design 2.2.2 #7 "Supply Zone as target", weight 0.5). Long: the nearest supply zone lies
 * wholly above price (its low > price) = full points. Short mirrors: the nearest demand zone wholly below
 * price (its high < price). With `targetMaxDistance` set, a farther zone does not count; by default any
 * distance does, as in the design's code. A zone price is inside is an obstacle, not a target: 0.
 */
export function scoreSupplyZone(
  s: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.supplyZone;
  const maxDistance = config.filters.supplyZone.targetMaxDistance;
  const long = direction === 'long';
  const zone = long ? s.nearestSupply : s.nearestDemand;
  const type = long ? 'supply' : 'demand';
  if (zone === null || zone.status === 'broken') return award('supply_zone', weight, 0, 'no_target_zone');
  const ahead = long ? zone.priceLow > s.lastPrice : zone.priceHigh < s.lastPrice;
  if (!ahead) return award('supply_zone', weight, 0, `${type}_zone_not_ahead`);
  if (maxDistance !== null && zone.distance > maxDistance)
    return award('supply_zone', weight, 0, 'target_too_far');
  return award('supply_zone', weight, 1, `${type}_zone_target`);
}

export const supplyZoneFilter: SecondaryFilter = { name: 'supply_zone', evaluate: scoreSupplyZone };
