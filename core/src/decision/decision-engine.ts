import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction, Signal } from '../domain/trading.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import type { DecisionRecord, DecisionStage, FilterPoints, StageOutcome } from '../events/decision-record.ts';
import type { IdGenerator } from '../ports/ids.ts';
import { SignalCooldown } from './cooldown.ts';
import { DEFAULT_FILTERS } from './filters/index.ts';
import { emptyFunnel, type FunnelCounts } from './funnel.ts';
import { evaluateRegime } from './level1-regime.ts';
import { evaluateZones } from './level2-zones.ts';
import { evaluateCascade } from './level3-cascade.ts';
import { evaluateBounce } from './level4-bounce.ts';
import { microstructureAnalyzer } from './primary-microstructure.ts';
import { orderFlowAnalyzer } from './primary-order-flow.ts';
import { confluenceScore, gradeScore, type Grade } from './scorer.ts';
import { placeStop } from './stop-price.ts';
import { fail, pass, type PrimaryAnalyzer, type SecondaryFilter, type ZoneHit } from './types.ts';

/** The pluggable parts: primary analyzers run in order after Level 4, filters then score. */
export interface DecisionUnits {
  readonly primary: readonly PrimaryAnalyzer[];
  readonly filters: readonly SecondaryFilter[];
}

export const DEFAULT_UNITS: DecisionUnits = {
  primary: [orderFlowAnalyzer, microstructureAnalyzer],
  filters: DEFAULT_FILTERS,
};

export interface Evaluation {
  readonly record: DecisionRecord;
  readonly signal: Signal | undefined;
}

interface Base {
  readonly decisionId: string;
  readonly instrumentId: string;
  readonly ts: number;
  readonly price: number;
}

/**
 * How the levels and the score combine (decisions #11): Levels 1-4 gate in order and stop at the first
 * failure; the primary analyzers (order flow, microstructure rejection) gate next as stage 'primary';
 * only then do the secondary filters score 0-10. Below `tiers.minScore` there is no signal; otherwise the
 * tier sets the signal's risk multiplier. A signal inside the cooldown of an earlier one for the same
 * instrument and direction is rejected at stage 'score' with reason `cooldown`. One evaluation per
 * analytics snapshot; the record explains every outcome.
 */
export class DecisionEngine {
  private readonly counts = emptyFunnel();
  private readonly cooldown: SignalCooldown;

  constructor(
    private readonly config: DecisionConfig,
    private readonly ids: IdGenerator,
    private readonly units: DecisionUnits = DEFAULT_UNITS,
  ) {
    this.cooldown = new SignalCooldown(config.cooldownMs);
  }

  evaluate(snapshot: AnalyticsSnapshot): Evaluation {
    const config = this.config;
    this.counts.evaluations++;
    const base: Base = {
      decisionId: this.ids.next('decision'),
      instrumentId: snapshot.instrumentId,
      ts: snapshot.ts,
      price: snapshot.lastPrice,
    };
    const stages: StageOutcome[] = [];
    const regime = evaluateRegime(snapshot, config);
    stages.push(regime.outcome);
    const direction = regime.direction;
    if (direction === null) return rejected(base, null, stages, 'regime');
    this.counts.level1_passed++;

    const zones = evaluateZones(snapshot, direction, config);
    stages.push(zones.outcome);
    if (zones.zone === null) return rejected(base, direction, stages, 'zone');
    this.counts.level2_passed++;

    const cascade = evaluateCascade(snapshot, direction, config);
    stages.push(cascade);
    if (!cascade.passed) return rejected(base, direction, stages, 'cascade');
    this.counts.level3_passed++;

    const bounce = evaluateBounce(snapshot, direction, zones.zone, config);
    stages.push(bounce);
    if (!bounce.passed) return rejected(base, direction, stages, 'bounce');
    this.counts.level4_passed++;

    for (const analyzer of this.units.primary) {
      const outcome = analyzer.analyze(snapshot, direction, config);
      stages.push(outcome);
      if (!outcome.passed) return rejected(base, direction, stages, 'primary');
    }
    this.counts.primary_passed++;
    return this.score(snapshot, base, direction, zones.zone, stages);
  }

  /** Counters since construction; a fresh object each call. */
  funnel(): FunnelCounts {
    return { ...this.counts };
  }

  private score(
    snapshot: AnalyticsSnapshot,
    base: Base,
    direction: Direction,
    zone: ZoneHit,
    stages: StageOutcome[],
  ): Evaluation {
    const filters = this.units.filters.map((f) => f.evaluate(snapshot, direction, this.config));
    const score = confluenceScore(filters);
    const grade = gradeScore(score, this.config);
    const minScore = this.config.tiers.minScore;
    if (grade === null) {
      stages.push(fail('score', 'score_below_minimum', { score, minScore, tier: null }));
      return graded(base, direction, stages, filters, score, null, null);
    }
    const values = { score, minScore, tier: grade.tier, riskMultiplier: grade.riskMultiplier };
    if (this.cooldown.blocks(base.instrumentId, direction, base.ts)) {
      stages.push(fail('score', 'cooldown', { ...values, cooldownMs: this.config.cooldownMs }));
      return graded(base, direction, stages, filters, score, grade, null);
    }
    const stop = placeStop(direction, base.price, zone, this.config.maxStopDistance);
    stages.push(
      pass('score', `tier_${grade.tier}`, {
        ...values,
        stopPrice: stop.stopPrice,
        stopBoundary: stop.boundary,
        stopClamped: stop.clamped,
      }),
    );
    const signalId = this.ids.next('signal');
    this.cooldown.record(base.instrumentId, direction, base.ts);
    this.counts.signals++;
    const signal: Signal = {
      signalId,
      decisionId: base.decisionId,
      instrumentId: base.instrumentId,
      direction,
      entryPrice: base.price,
      stopPrice: stop.stopPrice,
      confluenceScore: score,
      tier: grade.tier,
      riskMultiplier: grade.riskMultiplier,
      ts: base.ts,
    };
    return { record: graded(base, direction, stages, filters, score, grade, signalId).record, signal };
  }
}

function rejected(
  base: Base,
  direction: Direction | null,
  stages: readonly StageOutcome[],
  at: DecisionStage,
): Evaluation {
  const record: DecisionRecord = {
    decisionId: base.decisionId,
    instrumentId: base.instrumentId,
    ts: base.ts,
    price: base.price,
    direction,
    stages,
    rejectedAt: at,
    filters: [],
    score: null,
    tier: null,
    signalId: null,
  };
  return { record, signal: undefined };
}

function graded(
  base: Base,
  direction: Direction,
  stages: readonly StageOutcome[],
  filters: readonly FilterPoints[],
  score: number,
  grade: Grade | null,
  signalId: string | null,
): Evaluation {
  const record: DecisionRecord = {
    decisionId: base.decisionId,
    instrumentId: base.instrumentId,
    ts: base.ts,
    price: base.price,
    direction,
    stages,
    rejectedAt: signalId === null ? 'score' : null,
    filters,
    score,
    tier: grade?.tier ?? null,
    signalId,
  };
  return { record, signal: undefined };
}
