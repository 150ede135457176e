import { describe, expect, it } from 'vitest';
import { InProcessEventTransport } from '../../../core/src/adapters/embedded/in-process-transport.ts';
import { deadLetterTopic } from '../../../core/src/events/topics.ts';
import { eventTransportContract } from '../../contract/event-transport.contract.ts';
import { BTC, TransportFixtures } from '../../contract/transport-fixtures.ts';

eventTransportContract('in-process', () => {
  const transport = new InProcessEventTransport();
  return Promise.resolve({
    transport,
    createSubscription: (subscription, topic) => {
      transport.createSubscription(subscription, topic);
      return Promise.resolve();
    },
    tap: (topic) => {
      const from = transport.published().length;
      return Promise.resolve(() =>
        transport
          .published()
          .slice(from)
          .filter((m) => m.topic === topic),
      );
    },
    publishRaw: (topic, data, attributes) => {
      transport.publishRaw(topic, data, attributes);
      return Promise.resolve();
    },
    deadLetters: (topic) => transport.deadLetters().filter((d) => d.topic === deadLetterTopic(topic)),
    settle: () => transport.flush(),
    dispose: () => transport.close(),
  });
});

describe('InProcessEventTransport', () => {
  it('delivers everything by the time flush resolves, without timers', async () => {
    const transport = new InProcessEventTransport();
    const fixtures = new TransportFixtures('ip');
    const got: number[] = [];
    await transport.subscribe('fills', 'engine-fills', (d) => {
      got.push(d.deliveryAttempt);
      return Promise.resolve(got.length < 2 ? 'retry' : 'ack');
    });
    await transport.publish(fixtures.fill(BTC, 1));
    await transport.flush();
    expect(got).toEqual([1, 2]);
  });

  it('keeps messages for a subscription without a subscriber and delivers them on subscribe', async () => {
    const transport = new InProcessEventTransport();
    const fixtures = new TransportFixtures('ip');
    transport.createSubscription('alerts', 'engine-alerts');
    const event = fixtures.alert(1);
    await transport.publish(event);
    const got: string[] = [];
    await transport.subscribe('alerts', 'engine-alerts', (d) => {
      got.push(d.event.id);
      return Promise.resolve('ack');
    });
    await transport.flush();
    expect(got).toEqual([event.id]);
  });

  it('rejects a payload that would not survive the wire', async () => {
    const transport = new InProcessEventTransport();
    const fixtures = new TransportFixtures('ip');
    const event = fixtures.alert(1);
    const cyclic: Record<string, unknown> = { ...event.payload };
    cyclic['self'] = cyclic;
    await expect(
      transport.publish({ ...event, payload: cyclic } as unknown as typeof event),
    ).rejects.toThrow();
  });

  it('keeps only the newest published messages, so a long-running runner does not grow without bound', async () => {
    const transport = new InProcessEventTransport({ publishedLogLimit: 3 });
    const fixtures = new TransportFixtures('cap');
    const events = [1, 2, 3, 4, 5, 6, 7].map((n) => fixtures.fill(BTC, n));
    for (const event of events) await transport.publish(event);
    const kept = transport.published().map((m) => m.attributes['eventId']);
    expect(kept.length).toBeLessThan(2 * 3);
    expect(kept).toEqual(events.slice(-kept.length).map((e) => e.id));
    await transport.close();
  });
});
