import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { fail, pass, type PrimaryAnalyzer } from './types.ts';

/**
 * Primary analyzer #1 (design 2.2.2, decisions #7): aggressor buy / sell volume over the last 30 s with at
 * least `minTrades` trades. Long: ratio > orderFlowRatio (2.5); short: ratio < 1 / orderFlowRatio (0.4),
 * the same 2.5:1 dominance from the sell side. Strict, as the design's `ratio > threshold`.
 */
export function analyzeOrderFlow(
  snapshot: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): StageOutcome {
  const { imbalance30s: ratio, trades30s: trades } = snapshot.orderFlow;
  const { orderFlowRatio, minTrades } = config.primary;
  const threshold = direction === 'long' ? orderFlowRatio : 1 / orderFlowRatio;
  const values = { analyzer: 'order_flow', imbalance30s: ratio, trades30s: trades, threshold, minTrades };
  if (trades < minTrades) return fail('primary', 'order_flow_too_few_trades', values);
  if (ratio === null) return fail('primary', 'order_flow_unknown', values);
  const strong = direction === 'long' ? ratio > threshold : ratio < threshold;
  if (!strong) return fail('primary', 'order_flow_too_weak', values);
  return pass('primary', direction === 'long' ? 'buyers_dominate' : 'sellers_dominate', values);
}

export const orderFlowAnalyzer: PrimaryAnalyzer = { name: 'order_flow', analyze: analyzeOrderFlow };
