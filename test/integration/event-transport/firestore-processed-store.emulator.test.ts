import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/firestore-client.ts';
import {
  DEFAULT_PROCESSED_TTL_MS,
  FirestoreProcessedEventStore,
  PROCESSED_EVENTS_COLLECTION,
} from '../../../core/src/adapters/pubsub/firestore-processed-event-store.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';

describe.skipIf(firestoreHost() === null)('FirestoreProcessedEventStore on the emulator', () => {
  let handle: FirestoreHandle;
  const clock = new ManualClock(1_700_000_000_000);

  beforeAll(() => {
    useEmulatorEnv();
    handle = openFirestore({ projectId: uniqueProjectId('processed') });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('remembers a processed event per subscription with an expiry for the TTL policy', async () => {
    const store = new FirestoreProcessedEventStore(handle.db, clock);
    expect(await store.seen('alerts', 'evt-1')).toBe(false);
    expect(await store.markProcessed('alerts', 'evt-1')).toBe(true);
    expect(await store.seen('alerts', 'evt-1')).toBe(true);
    expect(await store.seen('fills', 'evt-1')).toBe(false);
    const doc = await handle.db.collection(PROCESSED_EVENTS_COLLECTION).doc('alerts:evt-1').get();
    expect(doc.get('expireAt').toMillis()).toBe(clock.now() + DEFAULT_PROCESSED_TTL_MS);
    expect(doc.get('eventId')).toBe('evt-1');
  });

  it('lets exactly one of several racing consumers record the same event', async () => {
    const stores = Array.from({ length: 5 }, () => new FirestoreProcessedEventStore(handle.db, clock));
    const results = await Promise.all(stores.map((store) => store.markProcessed('race', 'evt-9')));
    expect(results.filter((first) => first)).toHaveLength(1);
  });
});
