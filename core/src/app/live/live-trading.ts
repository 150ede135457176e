import type { EngineConfig } from '../../config/engine-config.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { EventEmitter, InProcessEventBus } from '../../events/event-bus.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { Logger } from '../../ports/logger.ts';
import type { RiskRecordStore } from '../../ports/risk-store.ts';
import type { StateStore, VenueKey } from '../../ports/state-store.ts';
import type { TradingRecordStore } from '../../ports/trading-store.ts';
import type { VenuePort } from '../../ports/venue.ts';
import { Reconciler, type ReconciliationOutcome } from '../reconciliation/reconciler.ts';
import { restoreOpenPositions } from '../restore.ts';
import { StateSync } from '../state-sync.ts';
import { TradingSession, type SimulatedVenue } from '../trading-session.ts';

/** A venue the live engine can drive: the paper venue, or a live one with its own start/stop. */
export type LiveVenuePort = VenuePort & {
  start?(): Promise<void>;
  stop?(): Promise<void>;
  onTrade?(tick: TradeTick): void;
  settleAtLastPrices?(ts: number): void;
};

/**
 * TradingSession drives a simulated venue in event time; a live venue fills on its own (fills come through
 * `onExecution`), so the simulation hooks are no-ops for it.
 */
export function asSessionVenue(venue: LiveVenuePort): SimulatedVenue {
  const { onTrade, settleAtLastPrices } = venue;
  if (onTrade && settleAtLastPrices) return venue as SimulatedVenue;
  return {
    venueId: venue.venueId,
    submit: (request) => venue.submit(request),
    cancel: (orderId, ts) => venue.cancel(orderId, ts),
    onExecution: (listener) => venue.onExecution(listener),
    openOrders: () => venue.openOrders(),
    balances: () => venue.balances(),
    positions: () => venue.positions(),
    onTrade: () => undefined,
    settleAtLastPrices: () => undefined,
  };
}

export interface LiveTradingDeps {
  readonly config: EngineConfig;
  readonly bus: InProcessEventBus;
  readonly emitter: EventEmitter;
  readonly ids: IdGenerator;
  readonly wallClock: Clock;
  readonly logger: Logger;
  readonly venue: LiveVenuePort;
  readonly key: VenueKey;
  readonly stateStore: StateStore | undefined;
  readonly records: TradingRecordStore | undefined;
  readonly riskRecords: RiskRecordStore | undefined;
  /** Wait between reconciliation attempts while the last one failed (0: no retry). */
  readonly reconcileRetryMs: number;
  /** Period of the scheduled reconciliation while trading (0: startup only). */
  readonly reconcileEveryMs?: number;
  readonly onReady: () => void;
}

/**
 * Trading on live data. Without a state store the session starts at once (paper, flat book). With one,
 * trading starts only after the venue and the store were reconciled (design 12.2) and stored positions
 * were restored with their stops; until then no session exists, so no decision can become an order,
 * while market data keeps flowing. A failed reconciliation is retried on a timer.
 */
export class LiveTrading {
  private current: TradingSession | undefined;
  private stateSync: StateSync | undefined;
  private readonly reconciler: Reconciler | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private schedule: ReturnType<typeof setInterval> | undefined;
  /** Set by a scheduled reconciliation that failed or found discrepancies; cleared by a clean one. */
  private entriesBlocked: string | undefined;
  private stopped = false;
  private restoredPositions = 0;

  constructor(private readonly deps: LiveTradingDeps) {
    this.reconciler = deps.stateStore
      ? new Reconciler({
          key: deps.key,
          venue: deps.venue,
          store: deps.stateStore,
          emitter: deps.emitter,
          clock: deps.wallClock,
          ids: deps.ids,
          logger: deps.logger,
          markPrice: (id) => this.current?.execution.lastPrice(id),
          settle: () => this.stateSync?.flush() ?? Promise.resolve(),
        })
      : undefined;
  }

  get session(): TradingSession | undefined {
    return this.current;
  }

  ready(): boolean {
    return this.current !== undefined;
  }

  async start(): Promise<void> {
    await this.deps.venue.start?.();
    if (!this.reconciler) {
      await this.activate();
      return;
    }
    await this.attempt();
  }

  onTrade(tick: TradeTick): void {
    this.current?.onTrade(tick);
  }

  async flush(): Promise<void> {
    this.stateSync?.syncPositions();
    await this.stateSync?.flush();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.schedule) clearInterval(this.schedule);
    await this.flush();
    this.stateSync?.stop();
    await this.deps.venue.stop?.();
  }

  reconciliation(): ReconciliationOutcome | undefined {
    return this.reconciler?.lastOutcome();
  }

  restored(): number {
    return this.restoredPositions;
  }

  private async attempt(): Promise<void> {
    const reconciler = this.reconciler as Reconciler;
    const outcome = await reconciler.reconcile('startup');
    if (this.stopped) return;
    if (outcome.status !== 'failed') {
      await this.activate();
      return;
    }
    this.deps.logger.log('error', 'reconciliation failed: collecting data, not trading', {
      error: outcome.error,
      retryInMs: this.deps.reconcileRetryMs,
    });
    if (this.deps.reconcileRetryMs > 0) {
      this.retry = setTimeout(() => void this.attempt(), this.deps.reconcileRetryMs);
      this.retry.unref?.();
    }
  }

  private async activate(): Promise<void> {
    const { deps } = this;
    // Stored positions are read before the session exists: from here to the restore only microtasks run,
    // so no live trade can open a position the restore would then have to skip.
    let stored: Awaited<ReturnType<StateStore['listPositions']>> = [];
    if (deps.stateStore) {
      try {
        stored = await deps.stateStore.listPositions(deps.key);
      } catch (error: unknown) {
        deps.logger.log('error', 'open positions not readable, not trading', { error: String(error) });
        return;
      }
    }
    const session = new TradingSession({
      config: deps.config,
      bus: deps.bus,
      emitter: deps.emitter,
      ids: deps.ids,
      venue: asSessionVenue(deps.venue),
      records: deps.records,
      riskRecords: deps.riskRecords,
      entryGate: () =>
        this.entriesBlocked === undefined
          ? { allowed: true }
          : {
              allowed: false,
              reasonCode: this.entriesBlocked,
              message: 'new entries wait for a clean reconciliation with the venue',
            },
    });
    if (deps.stateStore) {
      this.stateSync = new StateSync({
        bus: deps.bus,
        emitter: deps.emitter,
        store: deps.stateStore,
        key: deps.key,
        live: {
          positions: () => session.execution.positions(),
          stopOf: (id) => session.monitor.stopOf(id),
          lastPrice: (id) => session.execution.lastPrice(id),
        },
        clock: deps.wallClock,
        logger: deps.logger,
      });
      const snapshot = Object.assign(Object.create(deps.stateStore) as StateStore, {
        listPositions: () => Promise.resolve(stored),
      });
      const restore = await restoreOpenPositions(snapshot, session, {
        key: deps.key,
        now: deps.wallClock.now(),
        gate: this.reconciler,
      });
      if (restore.ok) this.restoredPositions = restore.restored.length;
      else deps.logger.log('error', 'open positions not restored', { ...restore });
    }
    this.current = session;
    this.startSchedule();
    deps.onReady();
  }

  /**
   * Design 12.2 on a schedule: the venue stays the source of truth while trading. The store is repaired by
   * the reconciler; the running session is not rewritten under its feet, so any discrepancy (or a venue
   * that cannot be read) blocks new entries until a later run comes back clean. Exits keep working.
   */
  private startSchedule(): void {
    const every = this.deps.reconcileEveryMs ?? 0;
    if (!this.reconciler || every <= 0) return;
    this.schedule = setInterval(() => void this.scheduled(), every);
    this.schedule.unref?.();
  }

  async scheduled(): Promise<void> {
    if (!this.reconciler || this.stopped) return;
    await this.stateSync?.flush();
    const outcome = await this.reconciler.reconcile('schedule');
    this.entriesBlocked =
      outcome.status === 'failed'
        ? 'reconciliation_failed'
        : outcome.status === 'resolved'
          ? 'reconciliation_discrepancy'
          : undefined;
  }
}
