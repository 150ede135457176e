import type { Direction } from '../../domain/trading.ts';

/** Buy/sell volume imbalances over the trailing 1m, 5m and 15m windows (decisions.md #6); null = unknown. */
export interface CascadeImbalances {
  readonly i1m: number | null;
  readonly i5m: number | null;
  readonly i15m: number | null;
}

export interface CascadeReversalThresholds {
  /** A long exits when i1m is below this (default 0.5, i.e. 2:1 selling). */
  readonly longBelow: number;
  /** A short exits when i1m is above this (default 2.0, i.e. 2:1 buying). */
  readonly shortAbove: number;
}

/**
 * Design 2.6.1 / decisions.md #14, the "smoking gun": the cascade that opened the position now accelerates
 * the other way. Long: i1m < 0.5 and i1m < i5m < i15m. Short: i1m > 2.0 and i1m > i5m > i15m. Any unknown
 * imbalance gives no signal: a thin window is not evidence of a reversal.
 */
export function cascadeReversed(
  direction: Direction,
  imbalances: CascadeImbalances,
  thresholds: CascadeReversalThresholds,
): boolean {
  const { i1m, i5m, i15m } = imbalances;
  if (i1m === null || i5m === null || i15m === null) return false;
  if (direction === 'long') return i1m < thresholds.longBelow && i1m < i5m && i5m < i15m;
  return i1m > thresholds.shortAbove && i1m > i5m && i5m > i15m;
}

export function describeCascade(imbalances: CascadeImbalances, direction: Direction): string {
  const op = direction === 'long' ? '<' : '>';
  const f = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));
  return `cascade reversed: 1m ${f(imbalances.i1m)} ${op} 5m ${f(imbalances.i5m)} ${op} 15m ${f(imbalances.i15m)}`;
}
