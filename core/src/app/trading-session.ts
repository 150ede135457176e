import type { EngineConfig } from '../config/engine-config.ts';
import type { TradeTick } from '../domain/ticks.ts';
import type { ClosedTrade } from '../domain/trading.ts';
import { DecisionEngine } from '../decision/decision-engine.ts';
import type { InProcessEventBus, EventEmitter } from '../events/event-bus.ts';
import type { AnalyticsSnapshot } from '../events/analytics-snapshot.ts';
import { ExecutionEngine } from '../execution/execution-engine.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { TradingRecordStore } from '../ports/trading-store.ts';
import type { RiskRecordStore } from '../ports/risk-store.ts';
import type { VenuePort } from '../ports/venue.ts';
import { PositionMonitor, type ExitSignal } from '../risk/monitor/position-monitor.ts';
import { PortfolioRiskManager } from '../risk/portfolio/portfolio-risk-manager.ts';
import type { PortfolioPosition } from '../risk/portfolio/types.ts';
import type { Position, Signal } from '../domain/trading.ts';
import { EquityRecorder } from './equity-recorder.ts';

/** Whether an exit is under way after a request (a working exit or a flat book count as under way). */
function exitStarted(outcome: { ok: boolean; reasonCode?: string }): boolean {
  return outcome.ok || outcome.reasonCode === 'exit_pending' || outcome.reasonCode === 'no_position';
}

/** A venue the session can drive in event time: the paper venue (live venues ignore the calls). */
export interface SimulatedVenue extends VenuePort {
  onTrade(tick: TradeTick): void;
  settleAtLastPrices(ts: number): void;
}

export interface TradingSessionDeps {
  readonly config: EngineConfig;
  readonly bus: InProcessEventBus;
  readonly emitter: EventEmitter;
  readonly ids: IdGenerator;
  readonly venue: SimulatedVenue;
  readonly records: TradingRecordStore | undefined;
  readonly riskRecords?: RiskRecordStore;
  /** Asked before portfolio risk on every entry (e.g. live trading blocks entries after a bad reconciliation). */
  readonly entryGate?: (signal: Signal) => GateAnswer;
}

type GateAnswer = { allowed: true } | { allowed: false; reasonCode: string; message: string };

/**
 * Wires decisions, execution and position monitoring onto the bus: analytics updates become decision
 * records and signals, signals go through the execution chain to the venue, fills open positions that the
 * monitor protects, and exits it triggers close them. The same wiring runs in replay and live.
 */
export class TradingSession {
  readonly decisions: DecisionEngine;
  readonly execution: ExecutionEngine;
  readonly monitor: PositionMonitor;
  readonly equity: EquityRecorder;
  readonly risk: PortfolioRiskManager;
  private lastTs = 0;

  constructor(private readonly deps: TradingSessionDeps) {
    const { config, emitter, ids, venue } = deps;
    this.decisions = new DecisionEngine(config.decision, ids);
    this.monitor = new PositionMonitor(config.exits, (exit) => this.onExit(exit));
    this.risk = new PortfolioRiskManager(
      config.risk,
      emitter,
      { equity: () => this.execution.equity(), positions: () => this.portfolioPositions() },
      {
        close: (positionId, reason, _detail, ts) =>
          exitStarted(this.execution.requestExit(positionId, reason, ts)),
        tighten: (distance, ids) => this.monitor.tighten(distance, ids),
      },
      deps.riskRecords,
    );
    this.execution = new ExecutionEngine(config.execution, venue, ids, emitter, {
      onPositionActivated: (position) => this.monitor.track(position),
      simulator: venue,
      entryGate: (signal) => {
        const outside = deps.entryGate?.(signal);
        return outside && !outside.allowed ? outside : this.risk.entryGate(signal);
      },
    });
    deps.bus.subscribe('PositionOpened', 'portfolio-risk', ({ payload }) =>
      this.risk.onPositionOpened(this.toPortfolio(payload)),
    );
    deps.bus.subscribe('CandleCompleted', 'portfolio-risk', ({ payload }) => this.risk.onCandle(payload));
    deps.bus.subscribe('PoolLiquidityObserved', 'portfolio-risk', ({ payload, eventTime }) =>
      this.risk.onLiquidity({ ...payload, ts: eventTime }),
    );
    this.equity = new EquityRecorder(config.execution.startingEquity, 60_000);
    deps.bus.subscribe('AnalyticsUpdated', 'trading-session', ({ payload }) => this.onAnalytics(payload));
    deps.bus.subscribe('PositionClosed', 'trading-session', ({ payload, eventTime }) => {
      this.monitor.untrack(payload.position.positionId);
      this.risk.onPositionClosed(payload.position.positionId, payload.reason);
      this.equity.record(eventTime, this.execution.equity(), true);
      // The trade just closed is the last one recorded (closes are recorded before they are published).
      const trade = this.execution.closedTrades().at(-1);
      if (trade?.positionId === payload.position.positionId) deps.records?.appendTrade(trade);
    });
  }

  /**
   * Every accepted market trade, before analytics and decisions see it: fills and marks, then portfolio
   * forced exits, then the position monitor's exits (decisions.md #15), and only then new decisions.
   */
  onTrade(tick: TradeTick): void {
    this.lastTs = tick.ts;
    this.execution.onTrade(tick);
    this.risk.onTrade(tick);
    this.monitor.onTrade(tick);
    if (this.equity.due(tick.ts)) this.equity.record(tick.ts, this.execution.equity(), false);
  }

  /** End of a replay: closes what is open at the last prices so the books end flat. */
  finish(): void {
    for (const position of this.execution.positions()) {
      this.execution.requestExit(position.positionId, 'end_of_data', this.lastTs);
    }
    this.deps.venue.settleAtLastPrices(this.lastTs);
    this.equity.record(this.lastTs, this.execution.equity(), true);
  }

  closedTrades(): readonly ClosedTrade[] {
    return this.execution.closedTrades();
  }

  private onAnalytics(snapshot: AnalyticsSnapshot): void {
    this.risk.onSnapshot(snapshot);
    this.monitor.onAnalytics(snapshot);
    const { record, signal } = this.decisions.evaluate(snapshot);
    this.deps.records?.appendDecision(record);
    const { emitter } = this.deps;
    // One record per analytics update: built into an event only when someone listens (the store has it).
    const decided = emitter.wants('DecisionEvaluated')
      ? emitter.emit('DecisionEvaluated', snapshot.ts, record)
      : undefined;
    if (!signal) return;
    const cause = { correlationId: record.decisionId, causationId: decided?.id ?? record.decisionId };
    emitter.emit('TradingSignalGenerated', snapshot.ts, signal, cause);
    // The fat-finger band compares the signal with the book's own latest mark, not the snapshot's price.
    this.execution.onSignal(signal, this.execution.lastPrice(signal.instrumentId) ?? snapshot.lastPrice);
  }

  private portfolioPositions(): PortfolioPosition[] {
    return this.execution.positions().map((p) => this.toPortfolio(p));
  }

  private toPortfolio(p: Position): PortfolioPosition {
    const last = this.execution.lastPrice(p.instrumentId) ?? p.entryPrice;
    const sign = p.direction === 'long' ? 1 : -1;
    return {
      positionId: p.positionId,
      instrumentId: p.instrumentId,
      direction: p.direction,
      quantity: p.quantity,
      entryPrice: p.entryPrice,
      entryTime: p.entryTime,
      lastPrice: last,
      unrealizedPnl: sign * (last - p.entryPrice) * p.quantity,
      notional: last * p.quantity,
      strategy: 'scalping',
      accountId: 'default',
    };
  }

  private onExit(exit: ExitSignal): void {
    this.deps.emitter.emit(
      'ExitTriggered',
      exit.ts,
      {
        positionId: exit.positionId,
        instrumentId: exit.instrumentId,
        direction: exit.direction,
        reason: exit.reason,
        triggerPrice: exit.triggerPrice,
        detail: exit.detail,
      },
      { correlationId: exit.positionId },
    );
    const outcome = this.execution.requestExit(exit.positionId, exit.reason, exit.ts);
    // A refused exit must not leave the position unwatched: the monitor fires again on a later trade.
    if (!exitStarted(outcome)) this.monitor.rearm(exit.positionId);
  }
}
