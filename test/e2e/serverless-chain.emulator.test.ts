import { tempDir } from '../support/run-cli.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFirestore, type FirestoreHandle } from '../../core/src/adapters/firestore/firestore-client.ts';
import { FirestoreStateStore } from '../../core/src/adapters/firestore/firestore-state-store.ts';
import { FirestoreProcessedEventStore } from '../../core/src/adapters/pubsub/firestore-processed-event-store.ts';
import { PubSubEventTransport } from '../../core/src/adapters/pubsub/pubsub-transport.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { FirestoreNotificationStore } from '../../functions/src/notifications/firestore-store.ts';
import { handleEngineEvent } from '../../functions/src/notifications/handlers.ts';
import { firestoreHost, pubsubHost, uniqueProjectId, useEmulatorEnv } from '../support/emulator-env.ts';
import { FakeNotify } from '../support/fake-notify/fake-notify.ts';
import { startRunner, type RunnerProcess } from '../integration/sharding/runner-process.ts';
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

const GRACE_MS = 8_000;
const wallClock = { now: () => Date.now() };
/** Test-only subscriptions that see every message the runner published, redeliveries included. */
const AUDIT = { 'e2e-audit-fills': 'engine-fills', 'e2e-audit-positions': 'engine-positions' } as const;

async function metric(port: number, name: string): Promise<number | undefined> {
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Issue 5 §6: one runner process in paper mode on a replayed tape, with Firestore state and Pub/Sub
 * events on the emulators; the notification handler of the functions consumes the fills and positions
 * subscriptions (dedup in Firestore) and emails through SendGrid's client to a local fake.
 */
describe.skipIf(firestoreHost() === null || pubsubHost() === null)(
  'paper runner → Firestore + Pub/Sub emulators → notification handler → SendGrid (serverless chain)',
  () => {
    const projectId = uniqueProjectId('e2e-chain');
    const workDir = tempDir('e2e-chain');
    const audited = new Map<string, number>();
    const auditSubs: Subscription[] = [];
    let firestore: FirestoreHandle;
    let transport: PubSubEventTransport;
    let fake: FakeNotify;
    let consumer: NotificationConsumer;
    let deps: ReturnType<typeof notificationDeps>;
    let runner: RunnerProcess | undefined;

    beforeAll(async () => {
      useEmulatorEnv();
      firestore = openFirestore({ projectId });
      transport = new PubSubEventTransport({
        pubsub: { projectId },
        clock: wallClock,
        logger: silentLogger,
        processed: new FirestoreProcessedEventStore(firestore.db, wallClock),
      });
      // Before the runner publishes: Pub/Sub drops messages on a topic with no subscription yet.
      await transport.ensureTopology();
      await transport.ensureTopology(AUDIT);
      for (const name of Object.keys(AUDIT)) {
        const sub = transport.pubsub.subscription(name);
        sub.on('message', (message: Message) => {
          const id = message.attributes['eventId'] ?? 'missing';
          audited.set(id, (audited.get(id) ?? 0) + 1);
          message.ack();
        });
        auditSubs.push(sub);
      }
      fake = await FakeNotify.start();
      deps = notificationDeps(new FirestoreNotificationStore(firestore.db), fake, wallClock);
      consumer = new NotificationConsumer(deps);
      await transport.subscribe('notifications-fills', 'engine-fills', consumer.handle);
      await transport.subscribe('notifications-positions', 'engine-positions', consumer.handle);
    });

    afterAll(async () => {
      if (runner) {
        writeFileSync(join(workDir, 'runner.log'), runner.output.join('\n'));
        if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill('SIGKILL');
      }
      await Promise.all(auditSubs.map((s) => s.close()));
      await transport.close();
      await fake.close();
      await firestore.close();
    });

    it('emails each fill once, stores orders, the closed trade and no open position, and drains on SIGTERM', async () => {
      const t0 = Date.now();
      runner = startRunner('e2e-chain', {
        MODE: 'paper',
        SOURCE: 'replay',
        STATE: 'firestore',
        TRANSPORT: 'pubsub',
        FIRESTORE_PROJECT: projectId,
        FIRESTORE_EMULATOR_HOST: firestoreHost() ?? '',
        PUBSUB_EMULATOR_HOST: pubsubHost() ?? '',
        VENUE: CHAIN_VENUE,
        SYMBOLS: CHAIN_SYMBOL,
        TAPE_DIR: writeChainTape(),
        DATA_DIR: workDir,
        CONFIG_FILE: CHAIN_CONFIG_FILE,
        REPLAY_TICKS_PER_SECOND: '200000',
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
      });
      const port = await runner.ready;
      const readyMs = Date.now() - t0;
      // Ready only after the startup reconciliation, whose outcome is in system_state.
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const recon = await firestore.db.collection('system_state').doc('reconciliation:dukascopy:cfd').get();
      expect(recon.exists).toBe(true);

      const logged = (message: string) =>
        runner?.output.some((line) => line.includes(`"message":"${message}"`)) === true ? true : undefined;
      await until('the tape to finish', 120_000, () => logged('tape finished'));
      const tapeMs = Date.now() - t0;
      const store = new FirestoreStateStore(firestore.db);
      const trades = await until('the closed trade in trade_history', 30_000, async () => {
        const found = await store.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER });
        return found.length > 0 ? found : undefined;
      });
      expect(trades).toHaveLength(1);
      expect(trades[0]).toMatchObject(EXPECTED_TRADE);
      expect(trades[0]?.pnl).toBeCloseTo(EXPECTED_PNL, 6);
      const tradeDoc = await firestore.db
        .collection('trade_history')
        .doc(trades[0]?.positionId ?? '-')
        .get();
      expect(tradeDoc.get('reason')).toBe('dump_detected');

      // Both fills (buy entry, sell exit) reached the handler and became one email each.
      await until('fill emails', 30_000, () => {
        const fills = consumer.fills();
        const sides = new Set(fills.map((f) => (f.type === 'OrderFilled' ? f.payload.side : '')));
        return sides.has('buy') && sides.has('sell') && fillEmails(fake).length === fills.length
          ? true
          : undefined;
      });
      const fills = consumer.fills();
      expectFillEmails(fake, fills);
      const deliveredMs = Date.now() - t0;

      // Firestore matches the runner: every filled order stored as filled, nothing open on either side.
      for (const fill of fills) {
        if (fill.type !== 'OrderFilled') continue;
        expect(await store.getOrder(fill.payload.clientOrderId)).toMatchObject({
          status: 'filled',
          instrumentId: fill.payload.instrumentId,
          exchange: 'dukascopy',
          marketType: 'cfd',
        });
      }
      expect(await metric(port, 'open_positions')).toBe(0);
      expect((await firestore.db.collection('active_positions').get()).size).toBe(0);
      expect(await store.listOpenOrders()).toEqual([]);

      // SIGTERM: exit 0 within the grace period.
      const killedAt = Date.now();
      runner.child.kill('SIGTERM');
      const exit = await runner.exited;
      expect(exit.code).toBe(0);
      const drainMs = exit.at - killedAt;
      expect(drainMs).toBeLessThan(GRACE_MS);

      // Exactly once: every message the runner put on the two topics reached the handler once.
      const types = new Set(['OrderFilled', 'PositionOpened', 'PositionClosed', 'ExitTriggered']);
      await until('the handler to catch up with the audit', 30_000, () =>
        [...audited.keys()].every((id) => consumer.deliveries.has(id)) &&
        [...consumer.deliveries.keys()].every((id) => audited.has(id))
          ? true
          : undefined,
      );
      expect(audited.size).toBeGreaterThanOrEqual(4);
      expect([...consumer.deliveries.keys()].sort()).toEqual([...audited.keys()].sort());
      expect([...consumer.deliveries.values()].every((n) => n === 1)).toBe(true);
      expect(consumer.events.every((e) => types.has(e.type))).toBe(true);

      // A replayed fill: the consumer's processed_events drops it, and the handler's log would too.
      const [first] = fills;
      if (first === undefined) throw new Error('no fill');
      const emails = fake.to('sendgrid').length;
      await transport.publish(first);
      await transport.flush();
      await until('the replayed fill to be audited', 15_000, () =>
        (audited.get(first.id) ?? 0) >= 2 ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(consumer.deliveries.get(first.id)).toBe(1);
      const again = await handleEngineEvent(deps, first);
      expect(again).toMatchObject({
        status: 'handled',
        results: [{ channel: 'email', outcome: 'duplicate' }],
      });
      expect(fake.to('sendgrid')).toHaveLength(emails);
      const logDoc = await firestore.db.collection('notification_log').doc(`email:${first.id}`).get();
      expect(logDoc.exists).toBe(true);

      console.info(
        `serverless chain: ready ${readyMs} ms, tape done ${tapeMs} ms, emails delivered ${deliveredMs} ms, ` +
          `drain ${drainMs} ms; ${fills.length} fills, ${audited.size} events on fills/positions`,
      );
    }, 180_000);
  },
);
