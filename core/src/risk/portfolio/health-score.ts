import type { HealthConfig } from '../../config/risk/health-config.ts';
import {
  concentrationPoints,
  holdTimePoints,
  marketConditionPoints,
  positionQualityPoints,
  unrealizedPnlPoints,
  type PositionQualityInput,
} from './health-factors.ts';
import { worstFirst } from './position-ranking.ts';
import type { PortfolioPosition, RiskAction, Strategy } from './types.ts';

/** Everything the score reads, assembled by the caller from the book, analytics and correlations. */
export interface HealthInputs {
  readonly positions: readonly PortfolioPosition[];
  /** Account equity including unrealized P&L. */
  readonly equity: number;
  /** Per position id; a missing entry scores as neutral. */
  readonly quality: ReadonlyMap<string, PositionQualityInput>;
  /** Largest group of open positions correlated above the threshold with each other or the leader. */
  readonly correlatedCount: number;
  /** Current volatility over its recent average; null while warming up. */
  readonly volatilityRatio: number | null;
  /** Event time of the evaluation. */
  readonly now: number;
}

export type HealthFactor =
  'unrealizedPnl' | 'positionQuality' | 'concentration' | 'holdTimes' | 'marketConditions';
export type HealthBand = 'healthy' | 'caution' | 'warning' | 'critical';

export interface HealthScore {
  /** 0-100, to 0.01. */
  readonly score: number;
  /** Points per factor, to 0.01; they add up to the score. */
  readonly factors: Readonly<Record<HealthFactor, number>>;
}

export interface HealthEvaluation extends HealthScore {
  readonly band: HealthBand;
  readonly actions: RiskAction[];
}

/** Entry blocks and their lifting share this reason, so the gate can tell this rule's block from others'. */
export const HEALTH_BLOCK_REASON = 'portfolio_health';

/** The score alone: pure, O(positions). */
export function computeHealthScore(
  inputs: HealthInputs,
  config: HealthConfig,
  maxHoldMs: Readonly<Record<Strategy, number>>,
): HealthScore {
  const { positions } = inputs;
  const { points } = config;
  let totalPnl = 0;
  for (const p of positions) totalPnl += p.unrealizedPnl;
  const factors: Record<HealthFactor, number> = {
    unrealizedPnl: round2(
      unrealizedPnlPoints(totalPnl, inputs.equity, points.unrealizedPnl, config.unrealizedPnl),
    ),
    positionQuality: round2(
      positionQualityPoints(positions, inputs.quality, points.positionQuality, config.quality),
    ),
    concentration: round2(
      concentrationPoints(inputs.correlatedCount, points.concentration, config.concentration),
    ),
    holdTimes: round2(holdTimePoints(positions, inputs.now, maxHoldMs, points.holdTimes, config.holdTimes)),
    marketConditions: round2(
      marketConditionPoints(inputs.volatilityRatio, points.marketConditions, config.market),
    ),
  };
  const sum = Object.values(factors).reduce((a, b) => a + b, 0);
  return { score: round2(sum), factors };
}

/**
 * Health score plus its actions (design 2.2.5 component 3): below 70 block entries (lifted at 70 again),
 * below 50 tighten every trailing stop to 0.3%, below 30 close the two positions with the worst unrealized
 * P&L %. Each action fires when the score crosses into its band and re-arms once the score leaves it:
 * closes are asynchronous, so a level-triggered rule would close two more positions at every evaluation
 * while the first two are still being closed. The caller decides the cadence.
 */
export class HealthMonitor {
  private blocked = false;
  private tightened = false;
  private closed = false;
  private lowest: number | null = null;

  constructor(
    private readonly config: HealthConfig,
    private readonly maxHoldMs: Readonly<Record<Strategy, number>>,
  ) {}

  evaluate(inputs: HealthInputs): HealthEvaluation {
    const result = computeHealthScore(inputs, this.config, this.maxHoldMs);
    const { score } = result;
    if (this.lowest === null || score < this.lowest) this.lowest = score;
    const a = this.config.actions;
    const actions: RiskAction[] = [];
    this.gateEntries(score, actions);
    if (score < a.tightenStopsBelow) {
      if (!this.tightened) actions.push(this.tighten(score));
      this.tightened = true;
    } else this.tightened = false;
    if (score < a.closeWorstBelow) {
      if (!this.closed) actions.push(...this.closeWorst(score, inputs.positions));
      this.closed = true;
    } else this.closed = false;
    return { ...result, band: this.band(score), actions };
  }

  get entriesBlocked(): boolean {
    return this.blocked;
  }

  /** Lowest score seen so far (report `risk.health_min`); null before the first evaluation. */
  minScore(): number | null {
    return this.lowest;
  }

  private gateEntries(score: number, actions: RiskAction[]): void {
    const below = score < this.config.actions.blockEntriesBelow;
    if (below && !this.blocked) {
      actions.push({ kind: 'block_entries', scope: 'all', until: null, reason: HEALTH_BLOCK_REASON });
    } else if (!below && this.blocked) {
      actions.push({ kind: 'allow_entries', scope: 'all', reason: HEALTH_BLOCK_REASON });
    }
    this.blocked = below;
  }

  private tighten(score: number): RiskAction {
    const distance = this.config.actions.tightenTrailingDistance;
    return {
      kind: 'tighten_stops',
      trailingDistance: distance,
      reason: `health score ${score} < ${this.config.actions.tightenStopsBelow}: trailing stops to ${distance}`,
    };
  }

  private closeWorst(score: number, positions: readonly PortfolioPosition[]): RiskAction[] {
    const { closeWorstCount, closeWorstBelow } = this.config.actions;
    return worstFirst(positions)
      .slice(0, closeWorstCount)
      .map((p): RiskAction => ({
        kind: 'close',
        positionId: p.positionId,
        reason: 'health_critical',
        detail: `health score ${score} < ${closeWorstBelow}: among the worst ${closeWorstCount} by unrealized P&L`,
      }));
  }

  private band(score: number): HealthBand {
    const a = this.config.actions;
    if (score < a.closeWorstBelow) return 'critical';
    if (score < a.tightenStopsBelow) return 'warning';
    if (score < a.blockEntriesBelow) return 'caution';
    return 'healthy';
  }
}

/** Points are reported to 0.01 so that sums of fractional weights do not print as 46.99999999999999. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
