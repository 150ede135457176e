import { ShardCoordinator } from '@engine/core/app/sharding/shard-coordinator';
import type { Scheduler } from '@engine/core/app/sharding/scheduler';
import { EventFactory } from '@engine/core/events/event-factory';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import type { EngineEvent } from '@engine/core/events/events';
import type { Clock } from '@engine/core/ports/clock';
import { SequentialIds } from '@engine/core/ports/ids';
import type { LeaseStore } from '@engine/core/ports/lease-store';
import type { Logger } from '@engine/core/ports/logger';
import { RunnerHttpServer } from '../server/http-server.ts';
import { RunnerMetrics } from '../server/runner-metrics.ts';
import type { RunnerConfig } from './config.ts';
import type { EngineHandle } from './engine-handle.ts';
import { RunnerLifecycle } from './lifecycle.ts';

export type ReconcileOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reasonCode: string; readonly message: string };

/** One line of the ownership audit: which instance started or stopped a symbol, and when (wall ms). */
export interface ShardAuditEntry {
  readonly instance: string;
  readonly symbol: string;
  readonly event: 'acquire' | 'release';
  readonly reason?: string;
  readonly t: number;
}

export interface RunnerDeps {
  readonly config: RunnerConfig;
  readonly engine: EngineHandle;
  readonly leases: LeaseStore;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Startup reconciliation against the venue; failure keeps the runner unready and aborts start. */
  readonly reconcile?: () => Promise<ReconcileOutcome>;
  /** Run on drain after the engine flushed (pending events to the transport, stores). */
  readonly flushHooks?: readonly (() => Promise<void>)[];
  /** Every runner event (lifecycle, shard leases), e.g. to bridge to Pub/Sub. */
  readonly onEvent?: (event: EngineEvent) => void;
  readonly audit?: (entry: ShardAuditEntry) => void;
}

/**
 * The Cloud Run process: probes and metrics first (so /healthz answers during warm-up), then warm-up,
 * reconciliation and shard leases; symbols start and stop as leases move. `drain` is the SIGTERM path.
 */
export class Runner {
  readonly lifecycle: RunnerLifecycle;
  readonly metrics: RunnerMetrics;
  readonly coordinator: ShardCoordinator;
  private readonly server: RunnerHttpServer;
  private readonly emitter: BusEmitter;
  private draining: Promise<void> | undefined;

  constructor(private readonly deps: RunnerDeps) {
    const { config, clock, engine, logger } = deps;
    const factory = new EventFactory(clock, new SequentialIds(`${config.instanceId}-${clock.now()}`));
    const bus = new InProcessEventBus(factory);
    this.emitter = new BusEmitter(bus, factory);
    bus.subscribeAll('runner-log', (event) => {
      logger.log('info', event.type, { ...event.payload });
      deps.onEvent?.(event);
    });
    this.lifecycle = new RunnerLifecycle((state, detail) =>
      this.emitter.emit('EngineLifecycleChanged', clock.now(), {
        instanceId: config.instanceId,
        state,
        detail,
      }),
    );
    this.metrics = new RunnerMetrics(
      () => engine.stats(),
      () => clock.now(),
    );
    this.coordinator = new ShardCoordinator({
      instanceId: config.instanceId,
      symbols: config.symbols,
      leases: deps.leases,
      clock,
      scheduler: deps.scheduler,
      ...config.lease,
      logger,
      onAcquire: async (symbol) => {
        await engine.addSymbol(symbol);
        deps.audit?.({ instance: config.instanceId, symbol, event: 'acquire', t: clock.now() });
      },
      onRelease: (symbol, reason) => {
        engine.removeSymbol(symbol);
        deps.audit?.({ instance: config.instanceId, symbol, event: 'release', reason, t: clock.now() });
      },
      onChange: (change) => {
        if (change.change === 'lost') this.metrics.countError('shard_lease');
        this.emitter.emit('ShardLeaseChanged', clock.now(), change);
      },
    });
    this.server = new RunnerHttpServer(
      {
        readiness: () => ({ ready: this.lifecycle.ready, state: this.lifecycle.state }),
        metrics: async () => ({ contentType: this.metrics.contentType, body: await this.metrics.render() }),
      },
      { port: config.port },
    );
  }

  /** The HTTP port once listening, before start() has finished. */
  get port(): number | undefined {
    return this.server.port;
  }

  /** Listens, warms up, reconciles, claims a share of the symbols; returns the HTTP port. */
  async start(): Promise<number> {
    const port = await this.server.listen();
    const { engine, config } = this.deps;
    this.lifecycle.moveTo('warming_up', `port ${port}`);
    await engine.start(config.symbols);
    if (this.draining) return port;
    this.lifecycle.moveTo('reconciling');
    const outcome = (await this.deps.reconcile?.()) ?? { ok: true };
    if (!outcome.ok) {
      this.metrics.countError('reconciliation');
      throw new Error(`reconciliation failed (${outcome.reasonCode}): ${outcome.message}`);
    }
    if (this.draining) return port;
    await this.coordinator.start();
    if (this.draining) return port;
    this.lifecycle.moveTo('ready', `owns ${this.coordinator.owned().join(',') || 'nothing yet'}`);
    return port;
  }

  /**
   * SIGTERM: unready at once, stop every symbol (no new signals), release the leases so others take over
   * without waiting for the ttl, flush the engine and the hooks, stop. Idempotent.
   */
  drain(reason: string): Promise<void> {
    this.draining ??= this.drainOnce(reason);
    return this.draining;
  }

  private async drainOnce(reason: string): Promise<void> {
    const { engine, logger } = this.deps;
    if (this.lifecycle.state !== 'stopped') this.lifecycle.moveTo('draining', reason);
    for (const symbol of this.coordinator.owned()) engine.removeSymbol(symbol);
    const steps: [string, () => Promise<void>][] = [
      ['shard_lease', () => this.coordinator.stop()],
      ['engine_flush', () => engine.flush()],
      ...(this.deps.flushHooks ?? []).map((hook, i): [string, () => Promise<void>] => [
        `flush_hook_${i}`,
        hook,
      ]),
      ['engine_stop', () => engine.stop()],
    ];
    // Each step runs even if an earlier one failed: a lease store outage must not lose the DuckDB flush.
    for (const [component, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.metrics.countError(component);
        logger.log('error', 'drain step failed', { component, error: String(error) });
      }
    }
    this.lifecycle.moveTo('stopped', reason);
    await this.server.close();
  }
}
