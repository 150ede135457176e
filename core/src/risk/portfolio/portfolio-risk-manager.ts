import type { RiskConfig } from '../../config/risk-config.ts';
import type { Candle } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { ExitReason, Signal } from '../../domain/trading.ts';
import type { AnalyticsSnapshot } from '../../events/analytics-snapshot.ts';
import type { EventEmitter } from '../../events/event-bus.ts';
import type { RiskRecordStore } from '../../ports/risk-store.ts';
import { RiskRecorder } from './risk-recorder.ts';
import { RiskActionExecutor } from './risk-action-executor.ts';
import { CorrelationMonitor } from './correlation-monitor.ts';
import { DrawdownBreaker } from './drawdown-breaker.ts';
import { DumpDetector, type DumpFinding } from './dump-detector.ts';
import type { LiquidityReading } from './dump-liquidity.ts';
import { EntryBlocks } from './entry-blocks.ts';
import { ForexSessionManager } from './forex-sessions.ts';
import type { PositionQualityInput } from './health-factors.ts';
import { HealthMonitor } from './health-score.ts';
import { HoldLimits, maxHoldTable } from './hold-limits.ts';
import { LeverageGuard } from './leverage-guard.ts';
import { PropFirmGuard } from './prop-firm-rules.ts';
import { RiskStats } from './risk-stats.ts';
import type { PortfolioPosition, PortfolioView, RiskEffects } from './types.ts';

export type { PortfolioView, RiskEffects };
import { VolatilityTracker } from './volatility-tracker.ts';

const NO_DRAWDOWN = { level: null, drawdownPercent: 0, blockedUntil: null, actions: [] } as const;

/**
 * Portfolio risk manager (design 2.2.5): dump detection per position on ticks, candles and snapshots;
 * correlation exits on leader moves; and, every `evaluateEveryMs` of event time, health score, daily
 * drawdown breaker, hold limits, leverage guard, forex sessions and prop-firm rules. Rules return actions;
 * this class carries them out once each and publishes what happened.
 */
export class PortfolioRiskManager {
  private readonly dump: DumpDetector;
  private readonly correlation: CorrelationMonitor;
  private readonly health: HealthMonitor;
  private readonly breaker: DrawdownBreaker;
  private readonly hold: HoldLimits;
  private readonly leverage: LeverageGuard;
  private readonly sessions: ForexSessionManager;
  private readonly propFirm: PropFirmGuard;
  private readonly volatility = new VolatilityTracker();
  private readonly blocks = new EntryBlocks();
  private readonly actions: RiskActionExecutor;
  private readonly quality = new Map<string, PositionQualityInput>();
  readonly stats = new RiskStats();
  private readonly recorder: RiskRecorder;
  private nextEvaluation = Number.NEGATIVE_INFINITY;
  private now = 0;

  constructor(
    private readonly config: RiskConfig,
    private readonly emitter: EventEmitter,
    private readonly portfolio: PortfolioView,
    private readonly effects: RiskEffects,
    records?: RiskRecordStore,
  ) {
    this.recorder = new RiskRecorder(records);
    this.actions = new RiskActionExecutor(emitter, portfolio, effects, this.blocks);
    this.dump = new DumpDetector(config.dump);
    this.correlation = new CorrelationMonitor(config.correlation);
    this.health = new HealthMonitor(config.health, maxHoldTable(config.hold));
    this.breaker = new DrawdownBreaker(config.breaker);
    this.hold = new HoldLimits(config.hold);
    this.leverage = new LeverageGuard(config.leverage);
    this.sessions = new ForexSessionManager(config.sessions);
    this.propFirm = new PropFirmGuard(config.propFirm.accounts, {
      closeRetryMs: config.propFirm.closeRetryMs,
    });
  }

  onPositionOpened(position: PortfolioPosition): void {
    this.dump.track(position);
  }

  /** `reason` is the close's actual reason: risk counts what really closed positions, not what it asked. */
  onPositionClosed(positionId: string, reason: ExitReason): void {
    this.dump.untrack(positionId);
    this.actions.closed(positionId);
    this.stats.exit(reason);
  }

  /** Per trade: O(1) except when a leader move or a periodic check is due. */
  onTrade(tick: TradeTick): void {
    this.now = tick.ts;
    if (!this.config.enabled) return;
    this.dump.onTrade(tick);
    const move = this.config.correlation.enabled ? this.correlation.onTrade(tick) : undefined;
    if (move) {
      const finding = this.correlation.evaluate(move, this.portfolio.positions());
      if (finding.affected.length > 0) {
        this.emitter.emit('CorrelatedDumpDetected', tick.ts, {
          leader: move.leader,
          leaderMove: move.move,
          windowMs: move.windowMs,
          affected: finding.affected.map((a) => ({
            positionId: a.positionId,
            correlation: a.correlation,
            action: a.action,
          })),
        });
      }
      this.actions.applyAll(finding.actions, tick.ts);
    }
    if (tick.ts >= this.nextEvaluation) this.evaluate(tick.ts);
  }

  onCandle(candle: Candle): void {
    if (!this.config.enabled || candle.timeframe !== '1m') return;
    this.volatility.onCandle(candle);
    if (this.config.correlation.enabled) this.correlation.onCandle(candle);
    if (this.config.dump.enabled) this.onDumpFindings(this.dump.onCandle(candle));
  }

  onSnapshot(snapshot: AnalyticsSnapshot): void {
    if (!this.config.enabled) return;
    this.quality.set(snapshot.instrumentId, {
      imbalance: snapshot.orderFlow.imbalance30s,
      volumeTrend: snapshot.regime.volumeTrend,
      liquidityStable: true,
    });
    if (this.config.dump.enabled) this.onDumpFindings(this.dump.onSnapshot(snapshot));
  }

  onLiquidity(reading: LiquidityReading): void {
    if (!this.config.enabled) return;
    const previous = this.quality.get(reading.instrumentId);
    const findings = this.config.dump.enabled ? this.dump.onLiquidity(reading) : [];
    if (findings.length > 0 && previous)
      this.quality.set(reading.instrumentId, { ...previous, liquidityStable: false });
    this.onDumpFindings(findings);
  }

  report() {
    return this.stats.report(this.breaker.trips());
  }

  /** Veto on new entries; the execution chain asks it after reversal detection. */
  entryGate(
    signal: Signal,
    accountId = 'default',
  ): { allowed: true } | { allowed: false; reasonCode: string; message: string } {
    if (!this.config.enabled) return { allowed: true };
    const blocked = this.blocks.blocking(signal.instrumentId, accountId, signal.ts);
    if (blocked) return { allowed: false, reasonCode: blocked, message: `entries blocked by ${blocked}` };
    const session = this.sessions.entryAllowed(signal.instrumentId, signal.ts);
    if (!session.allowed)
      return { allowed: false, reasonCode: session.reason, message: 'forex market closing or closed' };
    const account = this.propFirm.entryAllowed(accountId, false);
    if (!account.allowed)
      return { allowed: false, reasonCode: account.reason, message: 'prop-firm account paused' };
    return { allowed: true };
  }

  private evaluate(ts: number): void {
    this.nextEvaluation = ts + this.config.evaluateEveryMs;
    const positions = this.portfolio.positions();
    const equity = this.portfolio.equity();
    const { breaker, health, hold, leverage } = this.config;
    const drawdown = breaker.enabled ? this.breaker.onEquity(ts, equity, positions) : NO_DRAWDOWN;
    if (drawdown.level !== null) {
      this.stats.breakerTrip(drawdown.level);
      this.emitter.emit('CircuitBreakerTriggered', ts, {
        level: drawdown.level,
        drawdownPercent: drawdown.drawdownPercent,
        action: drawdown.actions.map((a) => a.kind).join(','),
        blockedUntil: drawdown.blockedUntil,
      });
    }
    this.actions.applyAll(drawdown.actions, ts);
    // A flat book only needs the health score when it has a block to lift.
    const flat = positions.length === 0;
    if (health.enabled && (!flat || this.health.entriesBlocked)) {
      this.evaluateHealth(ts, positions, equity, breaker.enabled ? drawdown.drawdownPercent : null);
    }
    if (flat) {
      this.evaluatePropFirm(ts, equity, positions);
      return;
    }
    if (this.recorder.enabled) {
      const table = this.correlation.correlations();
      this.recorder.correlations(this.correlation.refreshedAt, table, positions);
    }
    for (const breach of hold.enabled ? this.hold.check(positions, ts) : []) {
      if (this.actions.isClosing(breach.positionId)) continue;
      this.emitter.emit('MaxHoldTimeExceeded', ts, {
        positionId: breach.positionId,
        instrumentId: breach.instrumentId,
        strategy: breach.strategy,
        heldMs: breach.heldMs,
        maxHoldMs: breach.maxHoldMs,
      });
      this.actions.apply(breach.action, ts);
    }
    if (leverage.enabled) this.actions.applyAll(this.leverage.evaluate(equity, positions).actions, ts);
    this.actions.applyAll(this.sessions.check(positions, ts), ts);
    this.evaluatePropFirm(ts, equity, positions);
  }

  /** Prop-firm rule sets are per account; without any configured there is nothing to evaluate. */
  private evaluatePropFirm(ts: number, equity: number, positions: readonly PortfolioPosition[]): void {
    for (const account of this.config.propFirm.accounts) {
      const own = positions.filter((p) => p.accountId === account.accountId);
      this.actions.applyAll(this.propFirm.onEquity(account.accountId, ts, equity, own).actions, ts);
    }
  }

  private evaluateHealth(
    ts: number,
    positions: readonly PortfolioPosition[],
    equity: number,
    drawdownPercent: number | null,
  ): void {
    // A flat book still gets a score (100): that is what lifts a health block once positions are gone.
    const quality = new Map<string, PositionQualityInput>();
    let volatilityRatio: number | null = null;
    for (const p of positions) {
      const q = this.quality.get(p.instrumentId);
      if (q) quality.set(p.positionId, q);
      const ratio = this.volatility.ratio(p.instrumentId);
      if (ratio !== null) volatilityRatio = Math.max(volatilityRatio ?? 0, ratio);
    }
    const correlatedCount = this.correlatedCount(positions);
    const result = this.health.evaluate({
      positions,
      equity,
      quality,
      correlatedCount,
      volatilityRatio,
      now: ts,
    });
    this.stats.health(result.score);
    const worst = result.actions.find((a) => a.kind === 'close')
      ? 'close_worst'
      : result.actions.find((a) => a.kind === 'tighten_stops')
        ? 'tighten_stops'
        : result.actions.find((a) => a.kind === 'block_entries')
          ? 'block_entries'
          : 'none';
    this.recorder.health(
      ts,
      positions,
      result.score,
      drawdownPercent,
      worst,
      this.correlation.correlations(),
    );
    if (result.actions.length === 0) return;
    this.emitter.emit('PortfolioHealthDegraded', ts, {
      score: result.score,
      factors: { ...result.factors },
      action: worst,
    });
    this.actions.applyAll(result.actions, ts);
  }

  /** Size of the group of open positions correlated above the threshold with a leader. */
  private correlatedCount(positions: readonly PortfolioPosition[]): number {
    if (positions.length === 0) return 0;
    const table = this.correlation.correlations();
    let count = 0;
    for (const p of positions) {
      const values = Object.values(table.get(p.instrumentId) ?? {});
      if (values.some((c) => c > this.config.health.concentration.correlationThreshold)) count++;
    }
    return count;
  }

  private onDumpFindings(findings: readonly DumpFinding[]): void {
    for (const f of findings) {
      if (this.actions.isClosing(f.positionId)) continue;
      this.emitter.emit(
        'DumpDetected',
        f.ts,
        {
          positionId: f.positionId,
          instrumentId: f.instrumentId,
          trigger: f.trigger,
          detail: f.detail,
          price: f.price,
        },
        { correlationId: f.positionId },
      );
      this.recorder.dump(f);
      this.actions.apply(f.action, f.ts);
    }
  }
}
