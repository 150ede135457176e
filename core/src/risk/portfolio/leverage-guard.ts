import type { LeverageConfig } from '../../config/risk/leverage-config.ts';
import type { EntryCheck } from './entry-check.ts';
import { compareIds, pnlFraction, worstFirst } from './position-ranking.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';

export interface LeverageEvaluation {
  /** Total notional / equity; Infinity with open positions and no equity. */
  readonly leverage: number;
  /** Free margin / equity = 1 - leverage / marginLeverage (see leverage-config.ts); 1 = nothing used. */
  readonly marginBuffer: number;
  readonly exposure: number;
  readonly actions: RiskAction[];
}

/** Stable reason codes of a refused entry. */
export type LeverageRefusal = 'no_equity' | 'leverage_cap' | 'margin_buffer';

export const LEVERAGE_BLOCK_REASON = 'leverage_guard';

/** Float slack so that exactly 10x is still within a 10x cap. */
const EPSILON = 1e-9;

/**
 * Leverage guard (design 2.7.1.1 "Liquidation Prevention", decisions.md #17). Entries must leave a 50%
 * margin buffer and stay within the 10x cap. When the buffer falls below 30% or leverage exceeds the cap,
 * positions are closed (largest notional first by default, reason `leverage_reduction`) until the buffer
 * is back at the 50% target: restoring only the 30% trigger would re-trigger at the next adverse tick.
 * While reducing, entries are blocked; the block is lifted when the buffer is back at the target.
 * Closes are requested again at each evaluation until the book reflects them (the caller dedupes pending
 * closes). O(positions), plus a sort when reducing.
 */
export class LeverageGuard {
  private blocked = false;

  constructor(private readonly config: LeverageConfig) {}

  evaluate(equity: number, positions: readonly PortfolioPosition[]): LeverageEvaluation {
    const exposure = totalNotional(positions);
    const leverage = leverageOf(exposure, equity);
    const marginBuffer = this.bufferOf(exposure, equity);
    const reducing = this.mustReduce(leverage, marginBuffer);
    const actions: RiskAction[] = [];
    if (reducing && !this.blocked) {
      actions.push({ kind: 'block_entries', scope: 'all', until: null, reason: LEVERAGE_BLOCK_REASON });
      this.blocked = true;
    } else if (!reducing && this.blocked && marginBuffer + EPSILON >= this.config.targetMarginBuffer) {
      actions.push({ kind: 'allow_entries', scope: 'all', reason: LEVERAGE_BLOCK_REASON });
      this.blocked = false;
    }
    if (reducing) actions.push(...this.reduce(equity, positions, exposure, leverage, marginBuffer));
    return { leverage, marginBuffer, exposure, actions };
  }

  entryCheck(equity: number, positions: readonly PortfolioPosition[], newNotional: number): EntryCheck {
    if (!(equity > 0)) return refuse('no_equity');
    const exposure = totalNotional(positions) + Math.abs(newNotional);
    if (leverageOf(exposure, equity) > this.config.maxAccountLeverage + EPSILON) {
      return refuse('leverage_cap');
    }
    if (this.bufferOf(exposure, equity) + EPSILON < this.config.targetMarginBuffer) {
      return refuse('margin_buffer');
    }
    return { allowed: true };
  }

  entryAllowed(equity: number, positions: readonly PortfolioPosition[], newNotional: number): boolean {
    return this.entryCheck(equity, positions, newNotional).allowed;
  }

  get entriesBlocked(): boolean {
    return this.blocked;
  }

  private mustReduce(leverage: number, marginBuffer: number): boolean {
    return (
      leverage > this.config.maxAccountLeverage + EPSILON ||
      marginBuffer + EPSILON < this.config.reduceBelowMarginBuffer
    );
  }

  private bufferOf(exposure: number, equity: number): number {
    if (exposure === 0) return 1;
    if (!(equity > 0)) return Number.NEGATIVE_INFINITY;
    return 1 - exposure / (equity * this.config.marginLeverage);
  }

  /** Closes in order until the rest fits both the cap and the target buffer (everything without equity). */
  private reduce(
    equity: number,
    positions: readonly PortfolioPosition[],
    exposure: number,
    leverage: number,
    marginBuffer: number,
  ): RiskAction[] {
    const { maxAccountLeverage, marginLeverage, targetMarginBuffer } = this.config;
    const allowed =
      equity > 0 ? equity * Math.min(maxAccountLeverage, marginLeverage * (1 - targetMarginBuffer)) : 0;
    const detail =
      `account leverage ${leverage.toFixed(2)}x, margin buffer ${(marginBuffer * 100).toFixed(1)}%: ` +
      `reducing to ${(targetMarginBuffer * 100).toFixed(0)}%`;
    const actions: RiskAction[] = [];
    let remaining = exposure;
    for (const p of this.reductionOrder(positions)) {
      if (remaining <= allowed + EPSILON) break;
      actions.push({ kind: 'close', positionId: p.positionId, reason: 'leverage_reduction', detail });
      remaining -= Math.abs(p.notional);
    }
    return actions;
  }

  private reductionOrder(positions: readonly PortfolioPosition[]): PortfolioPosition[] {
    if (this.config.reduceOrder === 'worst') return worstFirst(positions);
    return [...positions].sort(
      (a, b) =>
        Math.abs(b.notional) - Math.abs(a.notional) ||
        pnlFraction(a) - pnlFraction(b) ||
        compareIds(a.positionId, b.positionId),
    );
  }
}

function totalNotional(positions: readonly PortfolioPosition[]): number {
  let total = 0;
  for (const p of positions) total += Math.abs(p.notional);
  return total;
}

function leverageOf(exposure: number, equity: number): number {
  if (exposure === 0) return 0;
  return equity > 0 ? exposure / equity : Number.POSITIVE_INFINITY;
}

function refuse(reason: LeverageRefusal): EntryCheck {
  return { allowed: false, reason };
}
