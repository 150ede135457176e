import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Market profile (design 2.2.2 #3, weight 1.5). Long: within `extremeProximity` x price of VAL = full
 * points; inside the value area at or below the POC = `insideValueAreaShare` (0.5 of 1.5, the text's
 * number); above the POC ("wrong side of POC") or outside the value area = 0. Short mirrors: VAH full,
 * inside at or above the POC partial. Being at the opposite extreme (a long at VAH) earns nothing: it is
 * the wrong side of the POC.
 */
export function scoreMarketProfile(
  s: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.marketProfile;
  const { extremeProximity, insideValueAreaShare } = config.filters.marketProfile;
  const p = s.profile;
  if (p === null) return award('market_profile', weight, 0, 'profile_unknown');
  const price = s.lastPrice;
  const long = direction === 'long';
  const extreme = long ? p.valueAreaLow : p.valueAreaHigh;
  if (Math.abs(price - extreme) <= extremeProximity * price) {
    return award('market_profile', weight, 1, long ? 'at_value_area_low' : 'at_value_area_high');
  }
  if (!(price > p.valueAreaLow && price < p.valueAreaHigh)) {
    return award('market_profile', weight, 0, 'outside_value_area');
  }
  const rightSide = long ? price <= p.poc : price >= p.poc;
  if (!rightSide) return award('market_profile', weight, 0, 'wrong_side_of_poc');
  return award('market_profile', weight, insideValueAreaShare, 'inside_value_area');
}

export const marketProfileFilter: SecondaryFilter = { name: 'market_profile', evaluate: scoreMarketProfile };
