import { describe, expect, it } from 'vitest';
import { InMemoryProcessedEventStore } from '../../../core/src/adapters/pubsub/processed-event-store.ts';

describe('InMemoryProcessedEventStore', () => {
  it('tells the first recording apart from a repeat, per subscription', async () => {
    const store = new InMemoryProcessedEventStore();
    expect(await store.markProcessed('a', 'e1')).toBe(true);
    expect(await store.markProcessed('a', 'e1')).toBe(false);
    expect(await store.seen('a', 'e1')).toBe(true);
    expect(await store.seen('b', 'e1')).toBe(false);
  });

  it('forgets the least recently used event once over capacity', async () => {
    const store = new InMemoryProcessedEventStore(2);
    await store.markProcessed('s', 'e1');
    await store.markProcessed('s', 'e2');
    expect(await store.seen('s', 'e1')).toBe(true);
    await store.markProcessed('s', 'e3');
    expect(store.size()).toBe(2);
    expect(await store.seen('s', 'e2')).toBe(false);
    expect(await store.seen('s', 'e1')).toBe(true);
    expect(await store.seen('s', 'e3')).toBe(true);
  });
});
