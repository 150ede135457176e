import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { DecisionStage, FilterPoints, StageOutcome } from '../events/decision-record.ts';

export type StageValues = StageOutcome['values'];

/** What Level 2 found price at; later stages (bounce, stop) use its band. */
export type ZoneKind =
  'demand_zone' | 'supply_zone' | 'bullish_fvg' | 'bearish_fvg' | 'value_area_low' | 'value_area_high';

export interface ZoneHit {
  readonly kind: ZoneKind;
  /** Zone or gap id; `value_area` for a value-area extreme. */
  readonly id: string;
  readonly low: number;
  readonly high: number;
  /** Distance from the last price to [low, high] as a fraction of price; 0 inside. */
  readonly distance: number;
}

/** A primary analyzer (2.2.2): must pass, in order, after the four levels. */
export interface PrimaryAnalyzer {
  readonly name: string;
  analyze(snapshot: AnalyticsSnapshot, direction: Direction, config: DecisionConfig): StageOutcome;
}

/** A secondary filter (2.2.2): points from 0 to its weight, never a veto. */
export interface SecondaryFilter {
  readonly name: string;
  evaluate(snapshot: AnalyticsSnapshot, direction: Direction, config: DecisionConfig): FilterPoints;
}

export function pass(stage: DecisionStage, reason: string, values: StageValues): StageOutcome {
  return { stage, passed: true, reason, values };
}

export function fail(stage: DecisionStage, reason: string, values: StageValues): StageOutcome {
  return { stage, passed: false, reason, values };
}

/**
 * Distance from `price` to the band [low, high] as a fraction of price, 0 inside: the same measure the
 * analytics use for `ZoneView.distance`, so zones, gaps and value-area buckets compare alike.
 */
export function bandDistance(low: number, high: number, price: number): number {
  if (price < low) return (low - price) / price;
  if (price > high) return (price - high) / price;
  return 0;
}
