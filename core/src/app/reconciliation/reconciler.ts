import type { EventEmitter } from '../../events/event-bus.ts';
import type { PayloadOf } from '../../events/events.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { Logger } from '../../ports/logger.ts';
import type { StateStore, VenueKey } from '../../ports/state-store.ts';
import type { VenuePort } from '../../ports/venue.ts';
import { belongsTo, compareState, type ReconcileSnapshot } from './compare.ts';
import { resolveDiscrepancy, type Resolution, type ResolvePolicy } from './resolve.ts';

export type ReconcileTrigger = 'startup' | 'schedule';

export interface ReconcilerOptions extends ResolvePolicy {
  readonly quantityStep: (instrumentId: string) => number;
  readonly clientIdPrefix: string;
}

/**
 * Defaults: the design's 0.0001 quantity tolerance as a step; the adopted stop at the monitor's 0.5% max
 * initial stop distance; our own orphaned orders are cancelled (nothing tracks their fills, so they would
 * move the venue position behind the engine's back); foreign orders are left alone and reported.
 */
export const DEFAULT_RECONCILER_OPTIONS: ReconcilerOptions = {
  quantityStep: () => 0.0001,
  clientIdPrefix: 'cl-',
  maxStopDistance: 0.005,
  ourUnknownOrders: 'cancel',
  foreignUnknownOrders: 'leave',
};

export interface ReconcilerDeps {
  readonly key: VenueKey;
  readonly venue: Pick<VenuePort, 'positions' | 'openOrders' | 'cancel'>;
  readonly store: StateStore;
  readonly emitter: EventEmitter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly options?: Partial<ReconcilerOptions>;
  readonly markPrice?: (instrumentId: string) => number | undefined;
  /** Awaited before reading the store (e.g. StateSync.flush), so in-flight writes are not seen as gaps. */
  readonly settle?: () => Promise<unknown>;
}

export interface ReconciliationOutcome {
  readonly trigger: ReconcileTrigger;
  readonly status: PayloadOf<'ReconciliationCompleted'>['status'];
  readonly positionsChecked: number;
  readonly ordersChecked: number;
  readonly resolutions: readonly Resolution[];
  readonly staleOrdersClosed: number;
  readonly error: string | null;
  readonly at: number;
}

/** System-state key of a venue's last reconciliation outcome. */
export function reconciliationStateKey(key: VenueKey): string {
  return `reconciliation:${key.exchange}:${key.marketType}`;
}

/**
 * Design 12.2: the venue is the source of truth; before trading starts (and on a schedule) local positions
 * and working orders are brought in line with it. Trading is allowed only after a successful run; a run
 * that cannot read the venue or the store changes nothing and blocks new entries until the next success.
 */
export class Reconciler {
  private readonly options: ReconcilerOptions;
  private allowed = false;
  private last: ReconciliationOutcome | undefined;
  private running: Promise<ReconciliationOutcome> | undefined;

  constructor(private readonly deps: ReconcilerDeps) {
    this.options = { ...DEFAULT_RECONCILER_OPTIONS, ...deps.options };
  }

  /** The gate the runner checks before letting new entries through. */
  isTradingAllowed(): boolean {
    return this.allowed;
  }

  lastOutcome(): ReconciliationOutcome | undefined {
    return this.last;
  }

  /** Overlapping calls share one run: two readers racing on the same state would both "fix" it. */
  reconcile(trigger: ReconcileTrigger): Promise<ReconciliationOutcome> {
    this.running ??= this.run(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private get venueName(): string {
    return `${this.deps.key.exchange}:${this.deps.key.marketType}`;
  }

  private async run(trigger: ReconcileTrigger): Promise<ReconciliationOutcome> {
    let snapshot: ReconcileSnapshot;
    try {
      snapshot = await this.read();
    } catch (error: unknown) {
      return this.finish(trigger, { snapshot: undefined, resolutions: [], stale: 0, error: describe(error) });
    }
    const { discrepancies, staleOrders } = compareState(snapshot, this.options);
    const resolutions: Resolution[] = [];
    try {
      for (const d of discrepancies) {
        const resolution = await resolveDiscrepancy(d, this.context());
        resolutions.push(resolution);
        this.deps.emitter.emit('ReconciliationDiscrepancyFound', this.deps.clock.now(), {
          venue: this.venueName,
          ...resolution,
        });
      }
      const now = this.deps.clock.now();
      for (const order of staleOrders) {
        await this.deps.store.upsertOrder({ ...order, status: 'cancelled', updatedAt: now });
      }
    } catch (error: unknown) {
      // Writes are idempotent and the next run compares afresh, so a half-applied run is redone safely.
      return this.finish(trigger, { snapshot, resolutions, stale: 0, error: describe(error) });
    }
    return this.finish(trigger, { snapshot, resolutions, stale: staleOrders.length, error: null });
  }

  private async read(): Promise<ReconcileSnapshot> {
    const { store, venue, key, settle } = this.deps;
    await settle?.();
    const [storedPositions, storedOpenOrders, venuePositions, venueOpenOrders] = await Promise.all([
      store.listPositions(key),
      store.listOpenOrders(key),
      venue.positions(),
      venue.openOrders(),
    ]);
    return {
      storedPositions,
      storedOpenOrders,
      venuePositions: venuePositions.filter((p) => belongsTo(p.instrumentId, key)),
      venueOpenOrders: venueOpenOrders.filter((o) => belongsTo(o.instrumentId, key)),
    };
  }

  private context() {
    const { store, venue, key, ids, clock } = this.deps;
    const markPrice = this.deps.markPrice ?? (() => undefined);
    return { store, venue, key, ids, now: clock.now(), policy: this.options, markPrice };
  }

  private async finish(
    trigger: ReconcileTrigger,
    run: {
      snapshot: ReconcileSnapshot | undefined;
      resolutions: Resolution[];
      stale: number;
      error: string | null;
    },
  ): Promise<ReconciliationOutcome> {
    const { emitter, clock } = this.deps;
    const now = clock.now();
    const failed = run.error !== null;
    const outcome: ReconciliationOutcome = {
      trigger,
      status: failed ? 'failed' : run.resolutions.length > 0 ? 'resolved' : 'clean',
      positionsChecked: run.snapshot
        ? new Set(
            [...run.snapshot.storedPositions, ...run.snapshot.venuePositions].map((p) => p.instrumentId),
          ).size
        : 0,
      ordersChecked: run.snapshot
        ? run.snapshot.storedOpenOrders.length + run.snapshot.venueOpenOrders.length
        : 0,
      resolutions: run.resolutions,
      staleOrdersClosed: run.stale,
      error: run.error,
      at: now,
    };
    this.allowed = !failed;
    this.last = outcome;
    emitter.emit('ReconciliationCompleted', now, {
      venue: this.venueName,
      trigger,
      positionsChecked: outcome.positionsChecked,
      ordersChecked: outcome.ordersChecked,
      discrepancies: run.resolutions.length,
      status: outcome.status,
      error: run.error,
    });
    this.alert(outcome);
    await this.record(outcome);
    return outcome;
  }

  private alert(outcome: ReconciliationOutcome): void {
    const { emitter, clock, logger } = this.deps;
    if (outcome.status === 'clean') return;
    const failed = outcome.status === 'failed';
    const message = failed
      ? `reconciliation of ${this.venueName} failed, new entries blocked: ${outcome.error}`
      : `reconciliation of ${this.venueName} found ${outcome.resolutions.length} discrepancies: ` +
        outcome.resolutions.map((r) => `${r.kind} ${r.instrumentId} → ${r.action}`).join('; ');
    emitter.emit('RiskAlertRaised', clock.now(), {
      severity: 'critical',
      code: failed ? 'reconciliation_failed' : 'reconciliation_discrepancies',
      message,
    });
    logger.log(failed ? 'error' : 'warn', 'reconciliation', { venue: this.venueName, message });
  }

  /** The outcome document is a report, not trading state: failing to write it does not fail the run. */
  private async record(outcome: ReconciliationOutcome): Promise<void> {
    const { store, key, logger } = this.deps;
    try {
      await store.putSystemState({
        key: reconciliationStateKey(key),
        value: {
          trigger: outcome.trigger,
          status: outcome.status,
          positionsChecked: outcome.positionsChecked,
          ordersChecked: outcome.ordersChecked,
          discrepancies: outcome.resolutions.map((r) => ({ ...r })),
          staleOrdersClosed: outcome.staleOrdersClosed,
          error: outcome.error,
          at: outcome.at,
        },
        updatedAt: outcome.at,
      });
    } catch (error: unknown) {
      logger.log('error', 'reconciliation outcome not recorded', { error: describe(error) });
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
