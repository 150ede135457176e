import type { Candle } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { Direction } from '../../domain/trading.ts';
import type { CorrelationConfig } from '../../config/risk/correlation-config.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';
import { ReturnRing, alignedReturns, pearson } from './correlation-math.ts';
import { LeaderBoard, splitInstrumentId, type LeaderMove } from './correlation-leaders.ts';

export type { LeaderMove } from './correlation-leaders.ts';

export type CorrelationAction = 'exit' | 'tighten' | 'keep';

export interface CorrelationAssessment {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly correlation: number;
  readonly action: CorrelationAction;
}

/** What a leader move means for the open positions; carries the CorrelatedDumpDetected payload. */
export interface CorrelationFinding {
  readonly move: LeaderMove;
  readonly affected: readonly CorrelationAssessment[];
  /** Positions on the leader's venue key with fewer than `minCandles` aligned returns: kept. */
  readonly insufficientData: readonly string[];
  /** Closes (reason `correlated_dump`), then at most one tighten_stops naming its positions. */
  readonly actions: readonly RiskAction[];
}

/**
 * Design 2.2.5 component 2. Pearson correlation of 1m log returns between each instrument and each leader
 * on the same venue key, over the last `windowCandles` aligned returns (min `minCandles`), recomputed at
 * most once per `refreshIntervalMs` bucket of event time (lazily, on the first read in a new bucket, over
 * returns that closed by the bucket's start) and cached in between. Per candle: O(1) (one ring push); per
 * refresh: O(window) per instrument-leader pair. Leader moves are watched on ticks (LeaderBoard).
 *
 * Rules on a leader dump (issue 4): long positions with correlation > exit (0.7) close, from tighten (0.4)
 * up to exit get `tightenTrailingDistance` (0.3%), below keep; shorts keep. A pump mirrors this for shorts
 * (`mirrorPumps`). Positions on the leader instrument itself are listed as kept: their own stops handle
 * the leader's move, and a rule keyed on the leader would only duplicate them.
 */
export class CorrelationMonitor {
  private readonly rings = new Map<string, ReturnRing>();
  private readonly leaders: LeaderBoard;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private cache: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map();
  private clock = -Infinity;
  private refreshedBucket = -Infinity;

  constructor(private readonly config: CorrelationConfig) {
    this.leaders = new LeaderBoard(config);
    this.xs = new Float64Array(config.windowCandles);
    this.ys = new Float64Array(config.windowCandles);
  }

  /** Closed candles of every instrument; only 1m candles are used. */
  onCandle(candle: Candle): void {
    if (candle.timeframe !== '1m') return;
    let ring = this.rings.get(candle.instrumentId);
    if (ring === undefined) {
      ring = new ReturnRing(this.config.windowCandles);
      this.rings.set(candle.instrumentId, ring);
    }
    ring.push(candle);
    this.advance(candle.closeTime);
  }

  /** Trade ticks; returns a leader dump or pump when one starts. O(1) amortized. */
  onTrade(tick: TradeTick): LeaderMove | undefined {
    this.advance(tick.ts);
    if (!this.config.enabled) return undefined;
    return this.leaders.onPrice(tick.instrumentId, tick.ts, tick.price);
  }

  /** Classifies the open positions against a leader move. */
  evaluate(move: LeaderMove, positions: readonly PortfolioPosition[]): CorrelationFinding {
    const correlations = this.correlations();
    const affected: CorrelationAssessment[] = [];
    const insufficientData: string[] = [];
    for (const p of positions) {
      if (splitInstrumentId(p.instrumentId).venueKey !== move.venueKey) continue;
      const base = { positionId: p.positionId, instrumentId: p.instrumentId, direction: p.direction };
      if (p.instrumentId === move.leader) {
        affected.push({ ...base, correlation: 1, action: 'keep' });
        continue;
      }
      const correlation = correlations.get(p.instrumentId)?.[move.symbol];
      if (correlation === undefined) insufficientData.push(p.positionId);
      else
        affected.push({
          ...base,
          correlation,
          action: classify(p.direction, move.kind, correlation, this.config),
        });
    }
    return { move, affected, insufficientData, actions: this.actions(move, affected) };
  }

  /** Instrument id → { leader symbol → correlation } as of the latest refresh bucket. */
  correlations(): ReadonlyMap<string, Readonly<Record<string, number>>> {
    const bucket = Math.floor(this.clock / this.config.refreshIntervalMs);
    if (Number.isFinite(bucket) && bucket > this.refreshedBucket) {
      this.cache = this.recompute(bucket * this.config.refreshIntervalMs);
      this.refreshedBucket = bucket;
    }
    return this.cache;
  }

  /** Event time of the boundary the cached correlations were computed at, if any. */
  get refreshedAt(): number | undefined {
    return Number.isFinite(this.refreshedBucket)
      ? this.refreshedBucket * this.config.refreshIntervalMs
      : undefined;
  }

  private advance(ts: number): void {
    if (ts > this.clock) this.clock = ts;
  }

  private recompute(cutoff: number): Map<string, Record<string, number>> {
    const leaderRings = [...this.rings].filter(([id]) => this.leaders.isLeader(id));
    const out = new Map<string, Record<string, number>>();
    for (const [id, ring] of this.rings) {
      const { venueKey } = splitInstrumentId(id);
      const record: Record<string, number> = {};
      for (const [leaderId, leaderRing] of leaderRings) {
        const leader = splitInstrumentId(leaderId);
        if (leaderId === id || leader.venueKey !== venueKey) continue;
        const n = alignedReturns(ring, leaderRing, cutoff, this.xs, this.ys);
        const r = n >= this.config.minCandles ? pearson(this.xs, this.ys, n) : undefined;
        if (r !== undefined) record[leader.symbol] = r;
      }
      if (Object.keys(record).length > 0) out.set(id, record);
    }
    return out;
  }

  private actions(move: LeaderMove, affected: readonly CorrelationAssessment[]): RiskAction[] {
    const moved = `${move.symbol} ${(move.move * 100).toFixed(2)}% in ${Math.round(move.windowMs / 60_000)} min`;
    const actions: RiskAction[] = [];
    for (const a of affected) {
      if (a.action !== 'exit') continue;
      const detail = `${moved}; correlation ${a.correlation.toFixed(2)} > ${this.config.exitCorrelation}`;
      actions.push({ kind: 'close', positionId: a.positionId, reason: 'correlated_dump', detail });
    }
    const tighten = affected.filter((a) => a.action === 'tighten').map((a) => a.positionId);
    // An empty list must not be sent: tighten_stops without positionIds means "all positions".
    if (tighten.length > 0) {
      const trailingDistance = this.config.tightenTrailingDistance;
      actions.push({
        kind: 'tighten_stops',
        trailingDistance,
        positionIds: tighten,
        reason: 'correlated_dump',
      });
    }
    return actions;
  }
}

/** Exposed = long on a dump, short on a pump; exposed positions exit above `exitCorrelation`, tighten from `tightenCorrelation`. */
export function classify(
  direction: Direction,
  kind: LeaderMove['kind'],
  correlation: number,
  config: Pick<CorrelationConfig, 'exitCorrelation' | 'tightenCorrelation'>,
): CorrelationAction {
  const exposed = kind === 'dump' ? direction === 'long' : direction === 'short';
  if (!exposed) return 'keep';
  if (correlation > config.exitCorrelation) return 'exit';
  if (correlation >= config.tightenCorrelation) return 'tighten';
  return 'keep';
}
