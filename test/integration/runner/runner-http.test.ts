import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryLeaseStore } from '../../../core/src/adapters/embedded/in-memory-lease-store.ts';
import { realScheduler } from '../../../core/src/app/sharding/scheduler.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { parseRunnerConfig } from '../../../ingest-runner/src/runner/config.ts';
import { Runner, type ReconcileOutcome } from '../../../ingest-runner/src/runner/runner.ts';
import { TickCounterEngineHandle } from '../../../ingest-runner/src/runner/tick-counter-engine.ts';

function config() {
  const parsed = parseRunnerConfig({
    SYMBOLS: 'AAAUSDT,BBBUSDT',
    SOURCE: 'synthetic',
    PORT: '0',
    INSTANCE_ID: 'test-1',
    LEASE_TTL_MS: '3000',
    HEARTBEAT_MS: '500',
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const runners: Runner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.drain('test_end')));
});

function makeRunner(reconcile: () => Promise<ReconcileOutcome>, flush: () => Promise<void>) {
  const leases = new InMemoryLeaseStore();
  const engine = new TickCounterEngineHandle('binance-spot', 10, Date.now);
  const events: EngineEvent[] = [];
  const runner = new Runner({
    config: config(),
    engine,
    leases,
    clock: { now: Date.now },
    scheduler: realScheduler,
    logger: silentLogger,
    reconcile,
    flushHooks: [flush],
    onEvent: (e) => events.push(e),
  });
  runners.push(runner);
  return { runner, leases, engine, events };
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

describe('the runner over HTTP', () => {
  it('is alive but not ready until reconciliation succeeds, then ready with metrics', async () => {
    const reconciled = deferred<ReconcileOutcome>();
    const { runner } = makeRunner(
      () => reconciled.promise,
      () => Promise.resolve(),
    );
    const started = runner.start();
    while (runner.lifecycle.state !== 'reconciling') await new Promise((r) => setTimeout(r, 5));
    const port = runner.port ?? 0;
    expect((await get(port, '/healthz')).status).toBe(200);
    const notReady = await get(port, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({ status: 'not_ready', state: 'reconciling' });
    reconciled.resolve({ ok: true });
    expect(await started).toBe(port);
    expect((await get(port, '/readyz')).status).toBe(200);
    while (runner.coordinator.owned().length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const metrics = await get(port, '/metrics');
    expect(metrics.status).toBe(200);
    const ticks = /^ticks_total\{venue="binance-spot"\} (\d+)$/m.exec(metrics.body);
    expect(Number(ticks?.[1])).toBeGreaterThan(0);
    for (const name of [
      'feed_lag_seconds',
      'open_positions',
      'errors_total',
      'reconnects_total',
      'decisions_total',
      'orders_total',
      'ticks_per_second',
    ]) {
      expect(metrics.body).toContain(`# TYPE ${name}`);
    }
    expect(metrics.body).toMatch(/^owned_symbols\{venue="binance-spot"\} 2$/m);
    expect((await get(port, '/nowhere')).status).toBe(404);
  });

  it('fails to start when reconciliation fails and never reports ready', async () => {
    const { runner } = makeRunner(
      () => Promise.resolve({ ok: false, reasonCode: 'venue_unreachable', message: 'timeout' }),
      () => Promise.resolve(),
    );
    await expect(runner.start()).rejects.toThrow(/venue_unreachable/);
    expect(runner.lifecycle.ready).toBe(false);
  });

  it('answers 503 on /readyz while draining, releases its leases and flushes before stopping', async () => {
    const flushGate = deferred<undefined>();
    let flushed = false;
    const { runner, leases, engine, events } = makeRunner(
      () => Promise.resolve({ ok: true }),
      async () => {
        await flushGate.promise;
        flushed = true;
      },
    );
    const port = await runner.start();
    while ((await leases.list()).length < 3) await new Promise((r) => setTimeout(r, 20));
    const drained = runner.drain('SIGTERM');
    expect((await get(port, '/readyz')).status).toBe(503);
    expect(engine.stats().symbols).toEqual([]);
    expect(await leases.list()).toEqual([]);
    expect(flushed).toBe(false);
    flushGate.resolve(undefined);
    await drained;
    expect(flushed).toBe(true);
    const states = events.flatMap((e) => (e.type === 'EngineLifecycleChanged' ? [e.payload.state] : []));
    expect(states).toEqual(['warming_up', 'reconciling', 'ready', 'draining', 'stopped']);
    const released = events.flatMap((e) => (e.type === 'ShardLeaseChanged' ? [e.payload.change] : []));
    expect(released.filter((c) => c === 'released')).toHaveLength(2);
  });
});
