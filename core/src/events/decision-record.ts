import type { Direction } from '../domain/trading.ts';

/** Gates of one evaluation, in order (decisions.md #11): four levels, then the primary analyzers, then the score. */
export type DecisionStage = 'regime' | 'zone' | 'cascade' | 'bounce' | 'primary' | 'score';

export interface StageOutcome {
  readonly stage: DecisionStage;
  readonly passed: boolean;
  /** Stable reason code, e.g. `adx_below_threshold`, `no_zone_nearby`, `cascade_not_ordered`. */
  readonly reason: string;
  /** The numbers the stage looked at, for explanation and for tuning. */
  readonly values: Readonly<Record<string, number | string | boolean | null>>;
}

export interface FilterPoints {
  readonly filter: string;
  readonly points: number;
  readonly weight: number;
  readonly reason: string;
}

/** One evaluation of one instrument: explainable whatever its outcome. */
export interface DecisionRecord {
  readonly decisionId: string;
  readonly instrumentId: string;
  readonly ts: number;
  readonly price: number;
  /** Direction the regime allows; null when the regime is ranging or not yet known. */
  readonly direction: Direction | null;
  /** Evaluated stages in order; evaluation stops at the first failure (short-circuit). */
  readonly stages: readonly StageOutcome[];
  readonly rejectedAt: DecisionStage | null;
  /** Secondary filter points; empty unless every gate passed. */
  readonly filters: readonly FilterPoints[];
  readonly score: number | null;
  readonly tier: 'low' | 'medium' | 'high' | null;
  readonly signalId: string | null;
}
