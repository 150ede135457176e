import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { fail, pass, type PrimaryAnalyzer } from './types.ts';

/**
 * Primary analyzer #2 (design 2.2.2 MicrostructureAnalyzer) on the last CLOSED 1m candle (the design's
 * `latest_candle_1m`): the rejection happened in the minute before, Level 4 sees the bounce now. A bullish
 * rejection (longs) needs all of: lower wick > wickToBodyMin x body, close > open, and
 * (close - low) / (high - low) > closePositionMin. Bearish (shorts) mirrors it: upper wick, close < open,
 * (high - close) / range. Only the rejection in the trade's direction counts, unlike the design's code
 * which accepted either. A flat candle has no wick and fails `no_rejection_wick`.
 */
export function analyzeMicrostructure(
  snapshot: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): StageOutcome {
  const c = snapshot.last1m;
  if (c === null) return fail('primary', 'no_closed_candle', { analyzer: 'microstructure' });
  const long = direction === 'long';
  const body = Math.abs(c.close - c.open);
  const wick = long ? Math.min(c.open, c.close) - c.low : c.high - Math.max(c.open, c.close);
  const range = c.high - c.low;
  const closePosition = range > 0 ? (long ? c.close - c.low : c.high - c.close) / range : 0;
  const values = { analyzer: 'microstructure', body, wick, closePosition };
  const { wickToBodyMin, closePositionMin } = config.primary;
  if (!(wick > 0 && wick > wickToBodyMin * body)) return fail('primary', 'no_rejection_wick', values);
  const withDirection = long ? c.close > c.open : c.close < c.open;
  if (!withDirection) return fail('primary', 'body_against_direction', values);
  if (!(closePosition > closePositionMin)) return fail('primary', 'close_not_near_extreme', values);
  return pass('primary', long ? 'bullish_rejection' : 'bearish_rejection', values);
}

export const microstructureAnalyzer: PrimaryAnalyzer = {
  name: 'microstructure',
  analyze: analyzeMicrostructure,
};
