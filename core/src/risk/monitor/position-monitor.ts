import type { ExitConfig } from '../../config/exit-config.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { Direction, ExitReason, Position } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import {
  AdverseMoveCounter,
  adverseCapacity,
  favourableProfit,
  thresholdForProfit,
} from './adverse-moves.ts';
import { cascadeReversed, describeCascade, type CascadeImbalances } from './cascade-reversal.ts';
import { TrailingStop, clampInitialStop } from './trailing-stop.ts';

/** One close request: exactly one reason, the highest priority that fired (decisions.md #15). */
export interface ExitSignal {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly reason: ExitReason;
  /** The price the rule fired on: the stop-touching trade, or the last trade price at the check. */
  readonly triggerPrice: number;
  readonly detail: string;
  /** Event time: the trade's time for stops, the check boundary for periodic rules. */
  readonly ts: number;
}

export type ExitListener = (exit: ExitSignal) => void;

/** Where a restored position's watch resumes: its saved stop, and the time and price of the restart. */
export interface ResumeState {
  readonly stopPrice: number;
  readonly ts: number;
  readonly price: number;
}

/** The reasons this monitor can give; forced exits and end of data come from elsewhere. */
export type MonitorExitReason = Extract<
  ExitReason,
  'cascade_reversal' | 'consecutive_adverse_moves' | 'trailing_stop' | 'initial_stop'
>;

interface Candidate {
  readonly reason: MonitorExitReason;
  readonly price: number;
  readonly detail: string;
}

/** Lower is more urgent (design 2.6.3): cascade reversal, then adverse moves, then the stop. */
const PRIORITY: Readonly<Record<MonitorExitReason, number>> = {
  cascade_reversal: 0,
  consecutive_adverse_moves: 1,
  trailing_stop: 2,
  initial_stop: 2,
};

interface Tracked {
  readonly position: Position;
  readonly stop: TrailingStop;
  readonly adverse: AdverseMoveCounter;
  /** Last trade price of the instrument seen by this position (the entry price until the first trade). */
  lastPrice: number;
  /** Next periodic check boundary: entry time + k × checkIntervalMs. */
  nextCheck: number;
  exiting: boolean;
}

/**
 * Watches open positions (design 2.5, 2.6; decisions.md #12-15). Every trade tests the trailing stop of the
 * instrument's positions; every `checkIntervalMs` of event time after entry a periodic check runs the
 * cascade reversal and the consecutive-adverse-moves rules. Work per trade is O(1) per position.
 *
 * Check timing: the check at boundary b runs on the first trade with ts >= b. A trade exactly at b is part
 * of it (it is the last price known at b); a later trade first closes the overdue boundaries with the price
 * before it, so a sample is always "the last trade price at b". After a silent gap only the first and the
 * last overdue boundary are checked: in between nothing can change.
 *
 * A position fires at most one exit, then stays `exiting` (silent) until `untrack`.
 */
export class PositionMonitor {
  private readonly byId = new Map<string, Tracked>();
  private readonly byInstrument = new Map<string, Tracked[]>();
  private readonly cascades = new Map<string, CascadeImbalances>();

  constructor(
    private readonly config: ExitConfig,
    private readonly onExit: ExitListener,
  ) {}

  /** Starts watching; the initial stop is pulled in to `maxInitialStopDistance` when the zone is further. */
  track(position: Position): void {
    this.add(position, undefined);
  }

  /**
   * Watches a position again after a restart: the stop resumes from the saved level (it keeps tightening
   * from there, never loosens), and the periodic rules start afresh at `resume.ts` with `resume.price`,
   * since the samples before the restart are lost.
   */
  restore(position: Position, resume: ResumeState): void {
    this.add(position, resume);
  }

  private add(position: Position, resume: ResumeState | undefined): void {
    if (this.byId.has(position.positionId))
      throw new Error(`position ${position.positionId} already tracked`);
    const { direction, entryPrice, entryTime } = position;
    const c = this.config;
    const initialStop = clampInitialStop(
      direction,
      entryPrice,
      position.initialStop,
      c.maxInitialStopDistance,
    );
    const capacity = adverseCapacity(c.adverseMode, c.profitThresholds, c.windowMs, c.checkIntervalMs);
    const startTs = resume ? Math.max(resume.ts, entryTime) : entryTime;
    const startPrice = resume?.price ?? entryPrice;
    const elapsedChecks = Math.floor((startTs - entryTime) / c.checkIntervalMs);
    const tracked: Tracked = {
      position,
      stop: new TrailingStop({
        direction,
        entryPrice,
        initialStop,
        trailingDistance: c.trailingDistance,
        ...(resume ? { resumeStop: resume.stopPrice } : {}),
      }),
      adverse: new AdverseMoveCounter(direction, c.adverseMode, c.windowMs, capacity, startTs, startPrice),
      lastPrice: startPrice,
      nextCheck: entryTime + (elapsedChecks + 1) * c.checkIntervalMs,
      exiting: false,
    };
    this.byId.set(position.positionId, tracked);
    const list = this.byInstrument.get(position.instrumentId);
    if (list) list.push(tracked);
    else this.byInstrument.set(position.instrumentId, [tracked]);
  }

  /** Stops watching (the position closed); false when it was not tracked. */
  untrack(positionId: string): boolean {
    const tracked = this.byId.get(positionId);
    if (!tracked) return false;
    this.byId.delete(positionId);
    const list = this.byInstrument.get(tracked.position.instrumentId) ?? [];
    list.splice(list.indexOf(tracked), 1);
    if (list.length === 0) this.byInstrument.delete(tracked.position.instrumentId);
    return true;
  }

  /** Tightens the trailing distance of the listed positions (all when omitted); never widens a stop. */
  tighten(trailingDistance: number, positionIds?: readonly string[]): number {
    let changed = 0;
    const targets = positionIds ? positionIds.map((id) => this.byId.get(id)) : [...this.byId.values()];
    for (const t of targets) {
      if (!t || t.exiting) continue;
      const before = t.stop.trailingDistance;
      t.stop.tighten(trailingDistance);
      if (t.stop.trailingDistance < before) changed++;
    }
    return changed;
  }

  /** The effective stop price of a tracked position, for reporting. */
  stopOf(positionId: string): number | undefined {
    return this.byId.get(positionId)?.stop.stop;
  }

  /** The exit this position fired was refused: watch it again so the next trade or check can fire anew. */
  rearm(positionId: string): void {
    const tracked = this.byId.get(positionId);
    if (tracked) tracked.exiting = false;
  }

  isExiting(positionId: string): boolean {
    return this.byId.get(positionId)?.exiting ?? false;
  }

  get trackedCount(): number {
    return this.byId.size;
  }

  /** Keeps the latest trailing-window imbalances of the instrument for the cascade reversal check. */
  onAnalytics(snapshot: AnalyticsSnapshot): void {
    const cascade = snapshot.orderFlow.cascade;
    this.cascades.set(snapshot.instrumentId, {
      i1m: cascade['1m'],
      i5m: cascade['5m'],
      i15m: cascade['15m'],
    });
  }

  onTrade(tick: TradeTick): void {
    const list = this.byInstrument.get(tick.instrumentId);
    if (!list) return;
    // Backwards, so a listener that untracks the exiting position does not make us skip a neighbour.
    for (let i = list.length - 1; i >= 0; i--) {
      const tracked = list[i];
      if (tracked && !tracked.exiting && tick.ts >= tracked.position.entryTime)
        this.onTradeFor(tracked, tick);
    }
  }

  private onTradeFor(t: Tracked, tick: TradeTick): void {
    if (tick.ts > t.nextCheck && this.runOverdueChecks(t, tick.ts)) return;
    t.lastPrice = tick.price;
    if (this.config.adverseMode === 'tick') t.adverse.sample(tick.ts, tick.price);
    let best: Candidate | null = t.stop.feed(tick.price) ? this.stopCandidate(t, tick.price) : null;
    if (tick.ts === t.nextCheck) {
      const periodic = this.check(t, tick.ts);
      t.nextCheck += this.config.checkIntervalMs;
      if (periodic && (!best || PRIORITY[periodic.reason] < PRIORITY[best.reason])) best = periodic;
    }
    if (best) this.fire(t, best, tick.ts);
  }

  /** Runs the boundaries strictly before `ts` with the price before this trade; true when one fired. */
  private runOverdueChecks(t: Tracked, ts: number): boolean {
    const interval = this.config.checkIntervalMs;
    const first = t.nextCheck;
    const last = first + (Math.ceil((ts - first) / interval) - 1) * interval;
    if (this.checkAndFire(t, first) || (last > first && this.checkAndFire(t, last))) return true;
    t.nextCheck = last + interval;
    return false;
  }

  private checkAndFire(t: Tracked, at: number): boolean {
    const candidate = this.check(t, at);
    if (candidate) this.fire(t, candidate, at);
    return candidate !== null;
  }

  /** The periodic rules at one boundary, in priority order; the first that fires wins. */
  private check(t: Tracked, at: number): Candidate | null {
    const { direction, entryPrice, instrumentId } = t.position;
    if (this.config.adverseMode === 'sampled') t.adverse.sample(at, t.lastPrice);
    const imbalances = this.cascades.get(instrumentId);
    if (imbalances && cascadeReversed(direction, imbalances, this.config.cascadeReversal)) {
      return {
        reason: 'cascade_reversal',
        price: t.lastPrice,
        detail: describeCascade(imbalances, direction),
      };
    }
    const moves = t.adverse.count(at);
    if (moves === 0) return null;
    const profit = favourableProfit(direction, entryPrice, t.lastPrice);
    const threshold = thresholdForProfit(profit, this.config.profitThresholds);
    if (moves < threshold) return null;
    const detail = `${moves} consecutive adverse moves (threshold=${threshold}, profit ${(profit * 100).toFixed(2)}%)`;
    return { reason: 'consecutive_adverse_moves', price: t.lastPrice, detail };
  }

  private stopCandidate(t: Tracked, price: number): Candidate {
    const { stop, which, bestPrice } = t.stop;
    const label = which === 'trailing_stop' ? 'trailing stop' : 'initial stop';
    return {
      reason: which,
      price,
      detail: `${label} ${stop} touched by trade at ${price} (best ${bestPrice})`,
    };
  }

  private fire(t: Tracked, candidate: Candidate, ts: number): void {
    t.exiting = true;
    const { positionId, instrumentId, direction } = t.position;
    this.onExit({
      positionId,
      instrumentId,
      direction,
      reason: candidate.reason,
      triggerPrice: candidate.price,
      detail: candidate.detail,
      ts,
    });
  }
}
