import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { fail, pass } from './types.ts';

/**
 * Level 3 (design 2.3.3, decisions #8): trailing-window imbalances (buy / sell volume) must accelerate
 * towards the shortest window. Long: i1m > i5m > i15m and i1m > longMin1m (2.0). Short: i1m < i5m < i15m
 * and i1m < shortMax1m (0.5). A window without an imbalance yet (fewer than 5 trades, decisions #6) gives
 * `cascade_incomplete`; order is checked before strength so the record says which part failed.
 */
export function evaluateCascade(
  snapshot: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): StageOutcome {
  const { '1m': i1, '5m': i5, '15m': i15 } = snapshot.orderFlow.cascade;
  const long = direction === 'long';
  const threshold = long ? config.cascade.longMin1m : config.cascade.shortMax1m;
  const values = { imbalance1m: i1, imbalance5m: i5, imbalance15m: i15, threshold };
  if (i1 === null || i5 === null || i15 === null) return fail('cascade', 'cascade_incomplete', values);
  const ordered = long ? i1 > i5 && i5 > i15 : i1 < i5 && i5 < i15;
  if (!ordered) return fail('cascade', 'cascade_not_ordered', values);
  const strong = long ? i1 > threshold : i1 < threshold;
  if (!strong) return fail('cascade', 'cascade_too_weak', values);
  return pass('cascade', long ? 'buying_accelerates' : 'selling_accelerates', values);
}
