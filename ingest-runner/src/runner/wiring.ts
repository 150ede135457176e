import { EmbeddedStateStore } from '@engine/core/adapters/embedded/embedded-state-store';
import { InProcessEventTransport } from '@engine/core/adapters/embedded/in-process-transport';
import type { FirestoreHandle } from '@engine/core/adapters/firestore/firestore-client';
import { FirestoreStateStore } from '@engine/core/adapters/firestore/firestore-state-store';
import { FirestoreProcessedEventStore } from '@engine/core/adapters/pubsub/firestore-processed-event-store';
import { InMemoryProcessedEventStore } from '@engine/core/adapters/pubsub/processed-event-store';
import { PubSubEventTransport } from '@engine/core/adapters/pubsub/pubsub-transport';
import { EventForwarder } from '@engine/core/app/event-forwarder';
import { Reconciler } from '@engine/core/app/reconciliation/reconciler';
import { venueKeyOf } from '@engine/core/app/reconciliation/compare';
import { StateSync } from '@engine/core/app/state-sync';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import { EventFactory } from '@engine/core/events/event-factory';
import type { EngineEvent } from '@engine/core/events/events';
import type { Clock } from '@engine/core/ports/clock';
import type { EventTransport } from '@engine/core/ports/event-transport';
import { SequentialIds } from '@engine/core/ports/ids';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore, VenueKey } from '@engine/core/ports/state-store';
import type { RunnerConfig } from './config.ts';
import type { ReconcileVenue, SymbolAttach, SymbolWiringContext } from './paper-replay-engine.ts';
import type { ReconcileOutcome } from './runner.ts';

export interface RunnerWiringDeps {
  readonly config: RunnerConfig;
  /** Wall clock: `updatedAt` of state records and the time of the runner's own events. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Opened by the caller when STATE=firestore (shared with the lease store); the caller closes it. */
  readonly firestore: FirestoreHandle | undefined;
  /** Unique per process start; namespaces the wiring's event ids so no run repeats another's. */
  readonly runId: string;
  /** Open the state store (false for an engine that never trades, e.g. SOURCE=synthetic). */
  readonly trades: boolean;
}

/**
 * The serverless parts of a runner, built from its configuration: the state store (embedded DuckDB file
 * or Firestore), the event transport (in-process or Pub/Sub), and per symbol a StateSync and an
 * EventForwarder on that symbol's bus. The runner's own events and the reconciler's go through one more
 * bus and forwarder of its own.
 */
export interface RunnerWiring {
  readonly store: StateStore | undefined;
  readonly transport: EventTransport;
  /** For PaperReplayEngineHandle: wires each symbol's bus as it starts. */
  readonly attach: SymbolAttach;
  /** For Runner `onEvent`: lifecycle and lease events to the transport. */
  readonly onRunnerEvent: (event: EngineEvent) => void;
  /** Startup reconciliation of the stored state against the venue; the runner stays unready on failure. */
  reconcile(venue: ReconcileVenue): Promise<ReconcileOutcome>;
  /** SIGTERM: waits for every state write, then for every event to reach the transport. */
  flush(): Promise<void>;
  /** Flushes, then closes the transport and the store (not the Firestore client: the caller owns it). */
  close(): Promise<void>;
}

interface Attachment {
  readonly sync: StateSync | undefined;
  readonly forwarder: EventForwarder;
}

/** `binance-spot` → { exchange: binance, marketType: spot }. */
export function venueKeyOfVenue(venue: string): VenueKey {
  const parsed = venueKeyOf(`${venue}:X`);
  if (parsed === null) throw new Error(`venue ${venue} is not exchange-market`);
  return { exchange: parsed.exchange, marketType: parsed.marketType };
}

export async function openStateStore(deps: RunnerWiringDeps): Promise<StateStore | undefined> {
  if (!deps.trades) return undefined;
  if (deps.config.state === 'embedded') return EmbeddedStateStore.openFile(deps.config.stateFile);
  if (deps.firestore === undefined) throw new Error('STATE=firestore needs an open Firestore client');
  return new FirestoreStateStore(deps.firestore.db);
}

/**
 * The topics exist already in production (Terraform, infra/pubsub.tf); against the emulator the runner
 * creates them, so a local stack comes up with one command.
 */
export async function openTransport(deps: RunnerWiringDeps): Promise<EventTransport> {
  const { config, clock, logger, firestore } = deps;
  if (config.transport === 'in-process') return new InProcessEventTransport({ logger });
  const processed = firestore
    ? new FirestoreProcessedEventStore(firestore.db, clock)
    : new InMemoryProcessedEventStore();
  const transport = new PubSubEventTransport({
    pubsub: { projectId: config.firestoreProject ?? '' },
    clock,
    logger,
    processed,
  });
  if (config.pubsubEmulatorHost !== undefined) await transport.ensureTopology();
  return transport;
}

export async function buildRunnerWiring(deps: RunnerWiringDeps): Promise<RunnerWiring> {
  const store = await openStateStore(deps);
  let transport: EventTransport;
  try {
    transport = await openTransport(deps);
  } catch (error) {
    await store?.close();
    throw error;
  }
  return new Wiring(deps, store, transport);
}

class Wiring implements RunnerWiring {
  readonly attach: SymbolAttach;
  private readonly attachments: Attachment[] = [];
  private readonly bus: InProcessEventBus;
  private readonly emitter: BusEmitter;
  private readonly ids: SequentialIds;
  private readonly forwarder: EventForwarder;

  constructor(
    private readonly deps: RunnerWiringDeps,
    readonly store: StateStore | undefined,
    readonly transport: EventTransport,
  ) {
    this.ids = new SequentialIds(`${deps.config.instanceId}-${deps.runId}-runner`);
    const factory = new EventFactory(deps.clock, this.ids);
    this.bus = new InProcessEventBus(factory);
    this.emitter = new BusEmitter(this.bus, factory);
    this.forwarder = new EventForwarder({ bus: this.bus, transport, factory, logger: deps.logger });
    this.forwarder.start();
    this.attach = (context) => this.attachSymbol(context);
  }

  onRunnerEvent = (event: EngineEvent): void => {
    if (EventForwarder.forwards(event.type)) this.bus.publish(event);
  };

  async reconcile(venue: ReconcileVenue): Promise<ReconcileOutcome> {
    const { store } = this;
    if (store === undefined) return { ok: true };
    const { config, clock, logger } = this.deps;
    const reconciler = new Reconciler({
      key: venueKeyOfVenue(config.venue),
      venue,
      store,
      emitter: this.emitter,
      clock,
      ids: this.ids,
      logger,
      settle: () => this.flushState(),
    });
    try {
      const outcome = await reconciler.reconcile('startup');
      if (outcome.status !== 'failed') return { ok: true };
      return { ok: false, reasonCode: 'reconciliation_failed', message: outcome.error ?? 'unknown error' };
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, reasonCode: 'reconciliation_error', message };
    }
  }

  async flush(): Promise<void> {
    await this.flushState();
    await Promise.all(this.attachments.map((a) => a.forwarder.flush()));
    await this.forwarder.flush();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.forwarder.stop();
      await this.transport.close();
      await this.store?.close();
    }
  }

  private async flushState(): Promise<void> {
    await Promise.all(this.attachments.map((a) => a.sync?.flush()));
  }

  /**
   * Stopped symbols stay in `attachments`: their queued writes and events must still be flushed on
   * SIGTERM, and a symbol moves rarely enough that keeping them costs nothing.
   */
  private attachSymbol(context: SymbolWiringContext): { detach(): void } {
    const { bus, emitter, factory, session, instrumentId } = context;
    const { clock, logger } = this.deps;
    const key = venueKeyOf(instrumentId);
    const sync =
      this.store === undefined || key === null
        ? undefined
        : new StateSync({
            bus,
            emitter,
            store: this.store,
            key: { exchange: key.exchange, marketType: key.marketType },
            live: {
              positions: () => session.execution.positions(),
              stopOf: (positionId) => session.monitor.stopOf(positionId),
              lastPrice: (id) => session.execution.lastPrice(id),
            },
            clock,
            logger,
          });
    const forwarder = new EventForwarder({ bus, transport: this.transport, factory, logger });
    forwarder.start();
    this.attachments.push({ sync, forwarder });
    return {
      detach: () => {
        sync?.stop();
        forwarder.stop();
      },
    };
  }
}
