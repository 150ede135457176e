import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import { nearestGap } from '../level2-zones.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Fair value gap (design 2.2.2 #8, weight 1.5): "FVG in trade direction" read as an open gap of the trade's
 * type (bullish for longs, bearish for shorts) that price is in or within `zones.proximity` of, like the
 * design's code (price inside an unfilled gap). Full points or none.
 */
export function scoreFairValueGap(
  s: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.fairValueGap;
  const type = direction === 'long' ? 'bullish' : 'bearish';
  const gap = nearestGap(s, type, s.lastPrice);
  if (gap === null) return award('fair_value_gap', weight, 0, `no_${type}_fvg`);
  if (gap.distance > config.zones.proximity)
    return award('fair_value_gap', weight, 0, `${type}_fvg_not_at_price`);
  return award('fair_value_gap', weight, 1, `${type}_fvg_at_price`);
}

export const fairValueGapFilter: SecondaryFilter = { name: 'fair_value_gap', evaluate: scoreFairValueGap };
