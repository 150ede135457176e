import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/firestore-client.ts';
import { FirestoreNotificationStore } from '../../../functions/src/notifications/firestore-store.ts';
import { flushWarningBatches, handleEngineEvent } from '../../../functions/src/notifications/handlers.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';
import { FakeNotify } from '../../support/fake-notify/fake-notify.ts';
import { eventMaker, NOV_25_2026_NOON, testDeps } from '../../support/fake-notify/notification-fixtures.ts';

describe.skipIf(firestoreHost() === null)('notification dedup and batches on the Firestore emulator', () => {
  let fake: FakeNotify;
  let handle: FirestoreHandle;
  let store: FirestoreNotificationStore;

  beforeAll(async () => {
    useEmulatorEnv();
    fake = await FakeNotify.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    await handle?.close();
    handle = openFirestore({ projectId: uniqueProjectId('notify') });
    store = new FirestoreNotificationStore(handle.db);
  });
  afterAll(() => handle.close());

  it('sends an event redelivered to another instance only once per channel', async () => {
    const event = eventMaker('dedup').connectionLost();
    // Two instances: separate deps (and rate limiters), one database.
    await handleEngineEvent(testDeps(fake, { store }), event);
    await handleEngineEvent(testDeps(fake, { store: new FirestoreNotificationStore(handle.db) }), event);
    expect(fake.requests.map((request) => request.route).sort()).toEqual([
      'discord',
      'sendgrid',
      'telegram',
      'webhook',
    ]);
    const log = await handle.db.collection('notification_log').get();
    expect(log.docs.map((doc) => doc.id).sort()).toEqual([
      'discord:dedup-evt-1',
      'email:dedup-evt-1',
      'telegram:dedup-evt-1',
      'webhook:dedup-evt-1',
    ]);
  });

  it('writes expireAt as a Firestore timestamp for the TTL policy', async () => {
    const deps = testDeps(fake, { store });
    await handleEngineEvent(deps, eventMaker('ttl').connectionLost());
    const doc = await handle.db.collection('notification_log').doc('email:ttl-evt-1').get();
    const expireAt: unknown = doc.get('expireAt');
    expect(expireAt).toBeInstanceOf(Timestamp);
    expect((expireAt as Timestamp).toMillis()).toBe(NOV_25_2026_NOON + deps.dedupTtlMs);
    expect(doc.data()).toMatchObject({
      channel: 'email',
      eventId: 'ttl-evt-1',
      kind: 'system_error',
      sentAt: NOV_25_2026_NOON,
    });
  });

  it('creates the log record only once', async () => {
    const record = {
      channel: 'telegram' as const,
      eventId: 'e-1',
      kind: 'risk_breach' as const,
      priority: 'critical' as const,
      sentAt: 1,
      expireAt: 2,
    };
    expect(await store.recordSent(record)).toBe(true);
    expect(await store.recordSent(record)).toBe(false);
    expect(await store.wasSent('telegram', 'e-1')).toBe(true);
    expect(await store.wasSent('discord', 'e-1')).toBe(false);
  });

  it('does not record a send that failed, so the redelivery sends it', async () => {
    fake.script('webhook', ...Array.from({ length: 4 }, () => ({ status: 500 })));
    const event = eventMaker('retry').connectionLost();
    await expect(handleEngineEvent(testDeps(fake, { store }), event)).rejects.toThrow('webhook');
    expect(await store.wasSent('webhook', 'retry-evt-1')).toBe(false);
    fake.reset();
    await handleEngineEvent(testDeps(fake, { store }), event);
    expect(fake.requests.map((request) => request.route)).toEqual(['webhook']);
  });

  it('queues warnings in notification_batches and empties the queue on flush', async () => {
    const deps = testDeps(fake, { store });
    const events = eventMaker('batch');
    const redelivered = events.dump('b');
    await handleEngineEvent(deps, redelivered);
    await handleEngineEvent(deps, events.dump('a'));
    await handleEngineEvent(deps, redelivered);
    expect(await store.countQueued('warning', 'discord')).toBe(2);
    const queued = await store.queued('warning', 'discord');
    expect(queued.map((item) => item.notification.eventId)).toEqual(['batch-evt-1', 'batch-evt-2']);
    expect(queued[0]?.notification).toMatchObject({ priority: 'warning', kind: 'risk_breach', items: [] });
    await flushWarningBatches(deps);
    expect(fake.to('discord')).toHaveLength(1);
    expect((await handle.db.collection('notification_batches').get()).size).toBe(0);
  });
});
