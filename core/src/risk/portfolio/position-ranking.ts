import type { PortfolioPosition } from './types.ts';

/**
 * Unrealized P&L as a fraction of the entry notional (0.01 = +1%). The entry notional, not the current
 * one, so a position's score does not move with its own price twice.
 */
export function pnlFraction(position: PortfolioPosition): number {
  const entryNotional = Math.abs(position.entryPrice * position.quantity);
  return entryNotional > 0 ? position.unrealizedPnl / entryNotional : 0;
}

/** Worst unrealized P&L % first; ties by position id so replays pick the same positions. */
export function worstFirst(positions: readonly PortfolioPosition[]): PortfolioPosition[] {
  return positions
    .map((p) => ({ p, f: pnlFraction(p) }))
    .sort((a, b) => a.f - b.f || compareIds(a.p.positionId, b.p.positionId))
    .map((x) => x.p);
}

export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
