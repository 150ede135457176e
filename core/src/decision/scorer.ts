import type { DecisionConfig } from '../config/decision-config.ts';
import type { FilterPoints } from '../events/decision-record.ts';

export type Tier = 'low' | 'medium' | 'high';

export interface Grade {
  readonly tier: Tier;
  /** Share of the per-trade risk budget (decisions #11). */
  readonly riskMultiplier: number;
}

/**
 * Confluence score = sum of filter points, rounded to 1e-9: partial shares such as 1/3 are inexact in
 * binary and a 4.9999999999 must not fall a tier below the 5.0 it stands for.
 */
export function confluenceScore(filters: readonly FilterPoints[]): number {
  let sum = 0;
  for (const f of filters) sum += f.points;
  return Math.round(sum * 1e9) / 1e9;
}

/**
 * Tier of a score (design 2.2.2 thresholds, decisions #11 sizing): below minScore (3) no trade (null);
 * [3, 5) low x0.5; [5, 7) medium x0.75; 7 and above high x1.0. Lower bounds are inclusive ("Score >= 3.0").
 */
export function gradeScore(score: number, config: DecisionConfig): Grade | null {
  const t = config.tiers;
  if (score >= t.highScore) return { tier: 'high', riskMultiplier: t.highMultiplier };
  if (score >= t.mediumScore) return { tier: 'medium', riskMultiplier: t.mediumMultiplier };
  if (score >= t.minScore) return { tier: 'low', riskMultiplier: t.lowMultiplier };
  return null;
}
