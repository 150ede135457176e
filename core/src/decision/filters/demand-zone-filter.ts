import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Entry zone (design 2.2.2 #6 "Demand Zone", weight 2.0). Long: the nearest demand zone, price within
 * `zones.proximity` of it; fresh (0 touches) full points, tested (1..testedMaxTouches) `testedShare`
 * (1.0 of 2.0), weakened or broken 0. Short mirrors with the nearest supply zone. Keeps the design's name
 * `demand_zone` (and weight key) for both directions; the reason says which zone type scored.
 */
export function scoreDemandZone(
  s: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.demandZone;
  const { testedMaxTouches, testedShare } = config.filters.demandZone;
  const long = direction === 'long';
  const zone = long ? s.nearestDemand : s.nearestSupply;
  const type = long ? 'demand' : 'supply';
  if (zone === null) return award('demand_zone', weight, 0, `no_${type}_zone`);
  if (zone.distance > config.zones.proximity)
    return award('demand_zone', weight, 0, `${type}_zone_not_at_price`);
  if (zone.status === 'broken') return award('demand_zone', weight, 0, `broken_${type}_zone`);
  if (zone.touches === 0) return award('demand_zone', weight, 1, `fresh_${type}_zone`);
  if (zone.touches <= testedMaxTouches)
    return award('demand_zone', weight, testedShare, `tested_${type}_zone`);
  return award('demand_zone', weight, 0, `weakened_${type}_zone`);
}

export const demandZoneFilter: SecondaryFilter = { name: 'demand_zone', evaluate: scoreDemandZone };
