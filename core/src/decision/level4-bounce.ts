import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot, LiveCandleView } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { fail, pass, type ZoneHit } from './types.ts';

/**
 * Level 4 (design 2.3.4, decisions #9) on the current 1m candle so far, against the Level 2 zone:
 * - touched: long, the candle low reached the zone (low <= high + proximity x price); short, the high
 *   reached it (high >= low - proximity x price). A wick through the zone still counts: only a close
 *   through it would break the zone, and that fails "moving away".
 * - bounce strength: long (close - low) / (high - low), short (high - close) / (high - low); a flat candle
 *   has none (0). Must exceed `bounce.strengthMin` (0.7).
 * - volume spike: candle volume / average volume of the last 20 closed 1m candles > `volumeSpikeMin`
 *   (1.5). The candle is still forming, so this is conservative early in the minute.
 * - moving away: long close > zone high, short close < zone low (price has left the zone in the trade
 *   direction).
 */
export function evaluateBounce(
  snapshot: AnalyticsSnapshot,
  direction: Direction,
  zone: ZoneHit,
  config: DecisionConfig,
): StageOutcome {
  const candle = snapshot.live1m;
  if (candle === null) return fail('bounce', 'no_live_candle', { zoneLow: zone.low, zoneHigh: zone.high });
  const long = direction === 'long';
  const tolerance = config.zones.proximity * snapshot.lastPrice;
  const touched = long ? candle.low <= zone.high + tolerance : candle.high >= zone.low - tolerance;
  const strength = bounceStrength(candle, direction);
  const average = candle.averageVolume20;
  const spike = average !== null && average > 0 ? candle.volume / average : null;
  const values = {
    zoneLow: zone.low,
    zoneHigh: zone.high,
    low: candle.low,
    high: candle.high,
    close: candle.close,
    bounceStrength: strength,
    volume: candle.volume,
    averageVolume20: average,
    volumeSpike: spike,
  };
  if (!touched) return fail('bounce', 'zone_not_touched', values);
  if (!(strength > config.bounce.strengthMin)) return fail('bounce', 'bounce_too_weak', values);
  if (spike === null) return fail('bounce', 'volume_average_unknown', values);
  if (!(spike > config.bounce.volumeSpikeMin)) return fail('bounce', 'volume_spike_too_low', values);
  const away = long ? candle.close > zone.high : candle.close < zone.low;
  if (!away) return fail('bounce', 'not_moving_away', values);
  return pass('bounce', long ? 'bouncing_up' : 'bouncing_down', values);
}

/** Where the close sits in the range, measured from the extreme that touched the zone. */
export function bounceStrength(candle: LiveCandleView, direction: Direction): number {
  const range = candle.high - candle.low;
  if (!(range > 0)) return 0;
  return direction === 'long' ? (candle.close - candle.low) / range : (candle.high - candle.close) / range;
}
