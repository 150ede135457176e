import type { DecisionConfig } from '../../config/decision-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { FilterPoints } from '../../events/decision-record.ts';
import type { SecondaryFilter } from '../types.ts';
import { award } from './filter-points.ts';

/**
 * Mean reversion (design 2.2.2 #4, weight 1.5) on the z-score of price against the 15-minute tick mean:
 * |z| >= fullSigma (2) full points, |z| >= partialSigma (1) `partialShare` (0.75 of 1.5), inside 0. The
 * deviation must point against the trade, as in the design's example (long at -1.8 sigma): a long wants
 * price below the mean (z < 0, oversold), a short above it (z > 0). The design's code used |z| only,
 * which would reward buying an overbought market.
 */
export function scoreMeanReversion(
  s: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): FilterPoints {
  const weight = config.filters.weights.meanReversion;
  const { fullSigma, partialSigma, partialShare } = config.filters.meanReversion;
  const z = s.meanReversion.zScore;
  if (z === null) return award('mean_reversion', weight, 0, 'mean_reversion_unknown');
  const sigmas = Math.abs(z);
  if (sigmas < partialSigma) return award('mean_reversion', weight, 0, 'inside_partial_sigma');
  const stretchedAgainstTrade = direction === 'long' ? z < 0 : z > 0;
  if (!stretchedAgainstTrade) return award('mean_reversion', weight, 0, 'wrong_side_of_mean');
  if (sigmas >= fullSigma) return award('mean_reversion', weight, 1, 'beyond_full_sigma');
  return award('mean_reversion', weight, partialShare, 'beyond_partial_sigma');
}

export const meanReversionFilter: SecondaryFilter = { name: 'mean_reversion', evaluate: scoreMeanReversion };
