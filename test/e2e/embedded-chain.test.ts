import { tempDir } from '../support/run-cli.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStateStore } from '../../core/src/adapters/embedded/embedded-state-store.ts';
import { InMemoryLeaseStore } from '../../core/src/adapters/embedded/in-memory-lease-store.ts';
import { realScheduler } from '../../core/src/app/sharding/scheduler.ts';
import { parseEngineConfig } from '../../core/src/config/engine-config.ts';
import type { EngineEvent } from '../../core/src/events/events.ts';
import { MemoryLogger } from '../../core/src/ports/logger.ts';
import { handleEngineEvent } from '../../functions/src/notifications/handlers.ts';
import { InMemoryNotificationStore } from '../../functions/src/notifications/store.ts';
import { parseRunnerConfig } from '../../ingest-runner/src/runner/config.ts';
import { PaperReplayEngineHandle } from '../../ingest-runner/src/runner/paper-replay-engine.ts';
import { Runner } from '../../ingest-runner/src/runner/runner.ts';
import { buildRunnerWiring, type RunnerWiring } from '../../ingest-runner/src/runner/wiring.ts';
import { FakeNotify } from '../support/fake-notify/fake-notify.ts';
import {
  CHAIN_CONFIG_FILE,
  CHAIN_SYMBOL,
  CHAIN_VENUE,
  EXPECTED_PNL,
  EXPECTED_TRADE,
  NotificationConsumer,
  expectFillEmails,
  fillEmails,
  notificationDeps,
  until,
  writeChainTape,
} from './chain-fixtures.ts';

const wallClock = { now: () => Date.now() };

/**
 * The whole chain in one process, no emulators: the runner's own wiring (embedded DuckDB state file,
 * in-process transport with Pub/Sub's semantics) under a paper replay that trades, the notification
 * handlers of the functions consuming the fills and positions topics, a local fake SendGrid receiving
 * the emails. The emulator twin is serverless-chain.emulator.test.ts.
 */
describe('paper runner → state store → transport → notifications → email (embedded)', () => {
  const dataDir = tempDir('e2e-embedded');
  const stateFile = join(dataDir, 'state.duckdb');
  const logger = new MemoryLogger();
  const system: EngineEvent[] = [];
  let fake: FakeNotify;
  let wiring: RunnerWiring;
  let runner: Runner;
  let consumer: NotificationConsumer;
  let deps: ReturnType<typeof notificationDeps>;

  beforeAll(async () => {
    fake = await FakeNotify.start();
    const parsed = parseRunnerConfig({
      SYMBOLS: CHAIN_SYMBOL,
      VENUE: CHAIN_VENUE,
      TAPE_DIR: writeChainTape(),
      DATA_DIR: dataDir,
      STATE: 'embedded',
      TRANSPORT: 'in-process',
      PORT: '0',
      INSTANCE_ID: 'e2e-embedded',
      REPLAY_TICKS_PER_SECOND: '200000',
      CONFIG_FILE: CHAIN_CONFIG_FILE,
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const { config } = parsed;
    expect(config.stateFile).toBe(stateFile);
    wiring = await buildRunnerWiring({
      config,
      clock: wallClock,
      logger,
      firestore: undefined,
      runId: 'run1',
      trades: true,
    });
    deps = notificationDeps(new InMemoryNotificationStore(), fake, wallClock);
    consumer = new NotificationConsumer(deps);
    await wiring.transport.subscribe('notifications-fills', 'engine-fills', consumer.handle);
    await wiring.transport.subscribe('notifications-positions', 'engine-positions', consumer.handle);
    await wiring.transport.subscribe('audit-system', 'engine-system', ({ event }) => {
      system.push(event);
      return Promise.resolve('ack');
    });
    const engine = new PaperReplayEngineHandle({
      venue: config.venue,
      tapeDir: config.tapeDir,
      dataDir: join(dataDir, 'market'),
      ticksPerSecond: config.replayTicksPerSecond,
      config: parseEngineConfig(JSON.parse(readFileSync(CHAIN_CONFIG_FILE, 'utf8'))),
      logger,
      attach: wiring.attach,
      idNamespace: 'e2e-embedded-run1',
    });
    runner = new Runner({
      config,
      engine,
      leases: new InMemoryLeaseStore(),
      clock: wallClock,
      scheduler: realScheduler,
      logger,
      reconcile: () => wiring.reconcile(engine.reconcileVenue()),
      flushHooks: [() => wiring.flush()],
      onEvent: wiring.onRunnerEvent,
    });
  });

  afterAll(async () => {
    await runner.drain('test_end');
    await wiring.close().catch(() => undefined);
    await fake.close();
  });

  it('emails every fill, keeps orders and the closed trade in the state file, and delivers each event once', async () => {
    const started = Date.now();
    await runner.start();
    expect(runner.lifecycle.ready).toBe(true);
    await until('the tape to finish', 60_000, () =>
      logger.entries.some((e) => e.message === 'tape finished') ? true : undefined,
    );
    await wiring.flush();
    await wiring.transport.flush();
    const replayMs = Date.now() - started;

    // Reconciliation ran (clean: nothing stored yet) before anything traded, and went out as an event.
    const reconciled = system.find((e) => e.type === 'ReconciliationCompleted');
    expect(reconciled?.payload).toMatchObject({
      trigger: 'startup',
      status: 'clean',
      venue: 'dukascopy:cfd',
    });

    // The trade: one long, opened and closed by the dump detector; fills for entry (buy) and exit (sell).
    const fills = consumer.fills();
    expect(fills.length).toBeGreaterThanOrEqual(2);
    const sides = new Set(fills.map((f) => (f.type === 'OrderFilled' ? f.payload.side : '')));
    expect(sides).toEqual(new Set(['buy', 'sell']));
    expect(consumer.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['PositionOpened', 'PositionClosed']),
    );
    expectFillEmails(fake, fills);

    // Exactly once: no event reached the handler twice, and a replayed fill is neither handled nor emailed.
    expect([...consumer.deliveries.values()].every((n) => n === 1)).toBe(true);
    const [first] = fills;
    if (first === undefined) throw new Error('no fill');
    const emailsBefore = fake.to('sendgrid').length;
    await wiring.transport.publish(first);
    await wiring.transport.flush();
    expect(consumer.deliveries.get(first.id)).toBe(1);
    const again = await handleEngineEvent(deps, first);
    expect(again).toMatchObject({ status: 'handled', results: [{ channel: 'email', outcome: 'duplicate' }] });
    expect(fake.to('sendgrid')).toHaveLength(emailsBefore);

    // SIGTERM path: drain flushes state and events; then the state file holds the outcome durably.
    await runner.drain('SIGTERM');
    expect(runner.lifecycle.state).toBe('stopped');
    await wiring.close();
    const reopened = await EmbeddedStateStore.openFile(stateFile);
    try {
      const trades = await reopened.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER });
      expect(trades).toHaveLength(1);
      expect(trades[0]).toMatchObject(EXPECTED_TRADE);
      expect(trades[0]?.pnl).toBeCloseTo(EXPECTED_PNL, 6);
      expect(await reopened.listPositions()).toEqual([]);
      expect(await reopened.listOpenOrders()).toEqual([]);
      for (const fill of fills) {
        if (fill.type !== 'OrderFilled') continue;
        const order = await reopened.getOrder(fill.payload.clientOrderId);
        expect(order).toMatchObject({ status: 'filled', instrumentId: fill.payload.instrumentId });
      }
    } finally {
      await reopened.close();
    }
    console.info(
      `embedded chain: replay+delivery ${replayMs} ms, ${fills.length} fills, ${fillEmails(fake).length} fill emails`,
    );
  }, 120_000);
});
