import { effectiveLeverage, type ExecutionConfig } from '../config/execution-config.ts';
import type { TradeTick } from '../domain/ticks.ts';
import { exitSide, type ExitReason, type Order, type Position, type Signal } from '../domain/trading.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { VenuePort } from '../ports/venue.ts';
import { EngineView } from './engine-view.ts';
import { defaultHandlers, runChain } from './execution-chain.ts';
import type { EntryGate } from './handlers/risk-gate.ts';
import { FillApplier } from './fill-applier.ts';
import {
  PASS,
  reject,
  type ExecutionActions,
  type ExecutionContext,
  type ExecutionHandler,
  type Rejection,
} from './execution-types.ts';
import { ExecutionCounters, type ClosedTrade, type ExecutionCountersSnapshot } from './execution-counters.ts';
import { OrderTracker, type TrackedOrder } from './order-tracker.ts';
import { PositionBook } from './position-book.ts';
import { positionSize } from './sizing.ts';

export interface ExecutionHooks {
  /** Hands a position to the monitor (trailing stop, dynamic exits) when its entry's first fill opens it. */
  readonly onPositionActivated?: (position: Position) => void;
  /** A simulated venue that must see every market trade (the paper venue); fed after the mark. */
  readonly simulator?: { onTrade(tick: TradeTick): void };
  /** Portfolio risk's veto on new entries (runs after reversal detection). */
  readonly entryGate?: EntryGate;
  /** Replaces the default chain (tests, or venues needing extra checks). */
  readonly handlers?: readonly ExecutionHandler[];
}

export type SignalOutcome = { readonly ok: true; readonly order: Order } | Rejection;
export type ExitOutcome =
  | { readonly ok: true; readonly order: Order }
  | { readonly ok: false; readonly reasonCode: string; readonly message: string };

/**
 * Turns signals into orders through the chain of design 2.2.4, and venue reports into fills, positions
 * and closed trades. Every outcome is published; expected refusals are values, never throws.
 */
export class ExecutionEngine {
  private readonly book: PositionBook;
  private readonly tracker = new OrderTracker();
  private readonly view: EngineView;
  private readonly handlers: readonly ExecutionHandler[];
  private readonly stats = new ExecutionCounters();
  private readonly actions: ExecutionActions;

  constructor(
    private readonly config: ExecutionConfig,
    private readonly venue: VenuePort,
    private readonly ids: IdGenerator,
    private readonly emitter: EventEmitter,
    private readonly hooks: ExecutionHooks = {},
  ) {
    this.book = new PositionBook(config.startingEquity);
    this.view = new EngineView(config, this.book, this.tracker);
    this.handlers = hooks.handlers ?? defaultHandlers(venue, ids, hooks.entryGate);
    this.actions = {
      closeForReversal: (instrumentId, ts) => this.closeForReversal(instrumentId, ts),
      recordEntry: (order, ctx) => this.recordEntry(order, ctx),
      monitorOnFill: (orderId) => {
        const tracked = this.tracker.get(orderId);
        if (tracked?.role.kind === 'entry') tracked.role.monitor = true;
      },
    };
    const fills = new FillApplier(
      this.book,
      this.tracker,
      this.stats,
      emitter,
      venue,
      hooks.onPositionActivated,
    );
    venue.onExecution((report) => fills.onReport(report));
  }

  onSignal(signal: Signal, lastPrice: number): SignalOutcome {
    this.stats.signals += 1;
    const sizing = positionSize({
      equity: this.book.equity(),
      riskFraction: this.config.riskPerTrade,
      riskMultiplier: signal.riskMultiplier,
      entryPrice: signal.entryPrice,
      stopPrice: signal.stopPrice,
      leverage: effectiveLeverage(this.config, signal.instrumentId),
    });
    const ctx: ExecutionContext = {
      signal,
      lastPrice,
      config: this.config,
      view: this.view,
      actions: this.actions,
      sizing,
      order: undefined,
      clientOrderId: undefined,
    };
    const result = runChain(this.handlers, ctx);
    const cause = { correlationId: signal.signalId };
    if (!result.ok) {
      this.stats.rejectedSignal(result.reasonCode);
      if (ctx.clientOrderId !== undefined && !ctx.order) {
        this.orderRejected(signal.instrumentId, ctx.clientOrderId, result, signal.ts);
      }
      const { handler, reasonCode, message } = result;
      this.emitter.emit('SignalRejected', signal.ts, { signal, handler, reasonCode, message }, cause);
      return result;
    }
    if (!ctx.order) throw new Error('chain passed without placing an order');
    this.stats.ordersPlaced += 1;
    this.emitter.emit('OrderPlaced', signal.ts, ctx.order, cause);
    return { ok: true, order: ctx.order };
  }

  /** Marks equity and exposure to the trade, then lets a simulated venue fill against it. */
  onTrade(tick: TradeTick): void {
    this.book.mark(tick.instrumentId, tick.price);
    // The checks behind an entry (price band, stop distance, sizing) hold at signal time, not minutes
    // later: what has not filled within the entry timeout is cancelled; the filled part stays protected.
    const entry = this.tracker.workingEntry(tick.instrumentId);
    if (entry && tick.ts - entry.order.createdAt >= this.config.entryTimeoutMs)
      this.cancelEntry(entry, tick.ts);
    this.hooks.simulator?.onTrade(tick);
  }

  /**
   * Closes the whole position with a reduce-only market order. Idempotent: while an exit order works,
   * further requests answer `exit_pending` and change nothing. A still-working entry is cancelled first
   * so the position cannot grow behind the exit.
   */
  requestExit(target: string, reason: ExitReason, ts: number): ExitOutcome {
    const instrumentId = this.instrumentOf(target);
    if (this.tracker.workingExit(instrumentId)) {
      return { ok: false, reasonCode: 'exit_pending', message: `exit already working on ${instrumentId}` };
    }
    const position = this.book.position(instrumentId);
    const entry = this.tracker.workingEntry(instrumentId);
    if (entry?.role.kind === 'entry' && (!position || entry.role.intent.direction === position.direction)) {
      this.cancelEntry(entry, ts);
    }
    if (!position) return { ok: false, reasonCode: 'no_position', message: `no open position for ${target}` };
    const clientOrderId = this.ids.next('cl');
    const result = this.venue.submit({
      clientOrderId,
      instrumentId,
      side: exitSide(position.direction),
      type: 'market',
      quantity: position.quantity,
      limitPrice: undefined,
      timeInForce: 'gtc',
      reduceOnly: true,
      ts,
      purpose: reason,
    });
    if (!result.accepted) {
      this.orderRejected(instrumentId, clientOrderId, result, ts);
      return { ok: false, reasonCode: result.reasonCode, message: result.message };
    }
    const cause = { correlationId: position.positionId };
    this.tracker.addExit(
      result.order,
      { kind: 'exit', positionId: position.positionId, reason },
      cause.correlationId,
    );
    this.stats.ordersPlaced += 1;
    this.emitter.emit('OrderPlaced', ts, result.order, cause);
    return { ok: true, order: result.order };
  }

  /**
   * Re-opens a position held before a restart (state store, after reconciliation) without an order: the
   * venue already holds it. The caller hands it to the monitor with its stored stop.
   */
  restorePosition(position: Position): void {
    this.book.restore(position);
  }

  /** Latest trade price the book marked this instrument at. */
  lastPrice(instrumentId: string): number | undefined {
    return this.book.lastPrice(instrumentId);
  }

  positions(): Position[] {
    return this.book.positions();
  }

  equity(): number {
    return this.book.equity();
  }

  exposure(): number {
    return this.book.exposure();
  }

  closedTrades(): readonly ClosedTrade[] {
    return this.stats.closedTrades;
  }

  counters(): ExecutionCountersSnapshot {
    return this.stats.snapshot(this.tracker.workingCount());
  }

  private instrumentOf(target: string): string {
    if (this.book.position(target) || this.tracker.workingEntry(target)) return target;
    return this.book.positions().find((p) => p.positionId === target)?.instrumentId ?? target;
  }

  private closeForReversal(instrumentId: string, ts: number) {
    const entry = this.tracker.workingEntry(instrumentId);
    if (entry) this.cancelEntry(entry, ts);
    if (!this.book.position(instrumentId)) return PASS;
    const exit = this.requestExit(instrumentId, 'reversal_signal', ts);
    return exit.ok || exit.reasonCode === 'exit_pending'
      ? PASS
      : reject('reversal_detection', exit.reasonCode, exit.message);
  }

  private recordEntry(order: Order, ctx: ExecutionContext): void {
    const { signal } = ctx;
    const intent = {
      positionId: this.ids.next('pos'),
      direction: signal.direction,
      signalId: signal.signalId,
      initialStop: signal.stopPrice,
    };
    this.tracker.addEntry(
      order,
      { kind: 'entry', intent, price: signal.entryPrice, monitor: false },
      signal.signalId,
    );
  }

  private cancelEntry(entry: TrackedOrder, ts: number): void {
    this.venue.cancel(entry.order.orderId, ts);
    this.tracker.remove(entry.order.orderId);
  }

  private orderRejected(
    instrumentId: string,
    clientOrderId: string,
    refusal: { reasonCode: string; message: string },
    ts: number,
  ): void {
    this.stats.ordersRejected += 1;
    const { reasonCode, message } = refusal;
    this.emitter.emit('OrderRejected', ts, { instrumentId, clientOrderId, reasonCode, message });
  }
}
