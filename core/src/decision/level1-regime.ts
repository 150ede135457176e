import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot, RegimeView } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { fail, pass } from './types.ts';

export type Regime = 'UPTREND' | 'DOWNTREND' | 'RANGING';

export interface RegimeOutcome {
  readonly outcome: StageOutcome;
  /** Direction the trend allows; null when ranging or unknown. */
  readonly direction: Direction | null;
}

/**
 * Level 1 (design 2.3.1): trending only when ADX > adxMin, persistence > persistenceMin, mean-reversion
 * strength < its max and ATR / price >= the floor. Direction: +DI > -DI is up, -DI > +DI down; with
 * `requireStructure` the 15m structure must agree (higher highs/lows for up, lower for down), 'mixed' is
 * ranging and a disagreement (or equal DIs) is `direction_conflict`. Any input still warming up (null)
 * gives `regime_unknown`, checked first so a cold start is never mistaken for a ranging market.
 * Volume trend is recorded but not gated: the design's combined filter logic leaves it out.
 */
export function evaluateRegime(snapshot: AnalyticsSnapshot, config: DecisionConfig): RegimeOutcome {
  const r = snapshot.regime;
  const c = config.regime;
  const ranging = (reason: string): RegimeOutcome => ({
    outcome: fail('regime', reason, regimeValues(r, 'RANGING')),
    direction: null,
  });
  const { adx, plusDi, minusDi, atrPercent, persistence, meanReversionStrength: mrs, structure } = r;
  if (
    adx === null ||
    plusDi === null ||
    minusDi === null ||
    atrPercent === null ||
    persistence === null ||
    mrs === null ||
    (c.requireStructure && structure === null)
  ) {
    return { outcome: fail('regime', 'regime_unknown', regimeValues(r, null)), direction: null };
  }
  if (!(adx > c.adxMin)) return ranging('adx_below_threshold');
  if (!(persistence > c.persistenceMin)) return ranging('persistence_below_threshold');
  if (!(mrs < c.meanReversionStrengthMax)) return ranging('mean_reversion_too_strong');
  if (atrPercent < c.atrFloorFraction) return ranging('atr_below_floor');
  if (c.requireStructure && structure === 'mixed') return ranging('structure_mixed');
  const direction = directionOf(plusDi, minusDi, c.requireStructure ? structure : null);
  if (direction === null) return ranging('direction_conflict');
  const regime: Regime = direction === 'long' ? 'UPTREND' : 'DOWNTREND';
  const reason = regime === 'UPTREND' ? 'uptrend' : 'downtrend';
  return { outcome: pass('regime', reason, regimeValues(r, regime)), direction };
}

function directionOf(plusDi: number, minusDi: number, structure: RegimeView['structure']): Direction | null {
  const byDi: Direction | null = plusDi > minusDi ? 'long' : plusDi < minusDi ? 'short' : null;
  if (structure === null) return byDi;
  if (structure === 'mixed') return null;
  const byStructure: Direction = structure === 'higher_highs_higher_lows' ? 'long' : 'short';
  return byDi === byStructure ? byDi : null;
}

function regimeValues(r: RegimeView, regime: Regime | null): StageOutcome['values'] {
  return {
    regime,
    adx: r.adx,
    plusDi: r.plusDi,
    minusDi: r.minusDi,
    persistence: r.persistence,
    meanReversionStrength: r.meanReversionStrength,
    atrPercent: r.atrPercent,
    structure: r.structure,
    volumeTrend: r.volumeTrend,
    upVolumeShare: r.upVolumeShare,
  };
}
