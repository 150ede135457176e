import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Autocorrelation (design 2.2.2 #5, weight 1.0) of 1m log returns: a clear regime either way, |r| > high
 * (0.6) or |r| < low (0.3), earns full points; in between `mediumShare` (0.5). Symmetric in r, so the same
 * for longs and shorts.
 */
export function scoreAutocorrelation(
  s: AnalyticsSnapshot,
  _direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.autocorrelation;
  const { high, low, mediumShare } = config.filters.autocorrelation;
  const r = s.autocorrelation;
  if (r === null) return award('autocorrelation', weight, 0, 'autocorrelation_unknown');
  const size = Math.abs(r);
  if (size > high) return award('autocorrelation', weight, 1, 'high_correlation');
  if (size < low) return award('autocorrelation', weight, 1, 'low_correlation');
  return award('autocorrelation', weight, mediumShare, 'medium_correlation');
}

export const autocorrelationFilter: SecondaryFilter = {
  name: 'autocorrelation',
  evaluate: scoreAutocorrelation,
};
