import { randomBytes } from 'node:crypto';
import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';
import { describe, expect, it, vi } from 'vitest';
import {
  deadLetterSubscription,
  subscriptionOptions,
  type SubscriptionSettings,
} from '../../../core/src/adapters/pubsub/pubsub-topology.ts';
import { PubSubEventTransport } from '../../../core/src/adapters/pubsub/pubsub-transport.ts';
import { InMemoryProcessedEventStore } from '../../../core/src/adapters/pubsub/processed-event-store.ts';
import { TOPICS, type TopicName } from '../../../core/src/events/topics.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { pubsubHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';
import {
  eventTransportContract,
  type RawMessage,
  type TransportHarness,
} from '../../contract/event-transport.contract.ts';
import { BTC, TransportFixtures } from '../../contract/transport-fixtures.ts';

/** Production settings except the backoff, so five redeliveries fit in a test. */
const TEST_SETTINGS: SubscriptionSettings = {
  ackDeadlineSeconds: 10,
  maxDeliveryAttempts: 5,
  minimumBackoffSeconds: 0,
  maximumBackoffSeconds: 1,
  messageRetentionSeconds: 600,
};

const wallClock = { now: () => Date.now() };

async function makeHarness(): Promise<TransportHarness> {
  useEmulatorEnv();
  const pubsub = new PubSub({ projectId: uniqueProjectId('evt') });
  const transport = new PubSubEventTransport({
    pubsub,
    clock: wallClock,
    logger: silentLogger,
    processed: new InMemoryProcessedEventStore(),
  });
  await transport.ensureTopology({}, TEST_SETTINGS);
  const raw: Subscription[] = [];
  const collect = (subscription: Subscription, into: RawMessage[]): void => {
    subscription.on('message', (message: Message) => {
      into.push({ data: message.data, attributes: { ...message.attributes } });
      message.ack();
    });
    raw.push(subscription);
  };
  const dead = new Map<TopicName, RawMessage[]>();
  for (const topic of TOPICS) {
    const into: RawMessage[] = [];
    dead.set(topic, into);
    collect(pubsub.subscription(deadLetterSubscription(topic)), into);
  }
  return {
    transport,
    createSubscription: async (subscription, topic) => {
      await pubsub
        .topic(topic)
        .createSubscription(subscription, subscriptionOptions(pubsub, topic, TEST_SETTINGS));
    },
    tap: async (topic) => {
      const name = `tap-${topic}-${randomBytes(3).toString('hex')}`;
      await pubsub.topic(topic).createSubscription(name, { enableMessageOrdering: true });
      const into: RawMessage[] = [];
      collect(pubsub.subscription(name), into);
      return () => into;
    },
    publishRaw: async (topic, data, attributes) => {
      await pubsub.topic(topic).publishMessage({ data, attributes });
    },
    deadLetters: (topic) => dead.get(topic) ?? [],
    settle: () => new Promise((resolve) => setTimeout(resolve, 1500)),
    dispose: async () => {
      await Promise.all(raw.map((subscription) => subscription.close()));
      await transport.close();
      await pubsub.close();
    },
  };
}

describe.skipIf(pubsubHost() === null)('PubSubEventTransport on the emulator', () => {
  eventTransportContract('pubsub (emulator)', makeHarness);
});

describe.skipIf(pubsubHost() === null)('PubSubEventTransport publishing', () => {
  it('surfaces a failed publish and still delivers later events of the same instrument', async () => {
    useEmulatorEnv();
    const pubsub = new PubSub({ projectId: uniqueProjectId('evtpub') });
    const transport = new PubSubEventTransport({
      pubsub,
      clock: wallClock,
      logger: silentLogger,
      processed: new InMemoryProcessedEventStore(),
    });
    const fixtures = new TransportFixtures('pub');
    try {
      await expect(transport.publish(fixtures.fill(BTC, 1))).rejects.toThrow(/not found/i);
      await transport.ensureTopology({ 'fills-check': 'engine-fills' }, TEST_SETTINGS);
      const event = fixtures.fill(BTC, 2);
      await transport.publish(event);
      const got: string[] = [];
      await transport.subscribe('fills-check', 'engine-fills', (d) => {
        got.push(d.event.id);
        return Promise.resolve('ack');
      });
      await vi.waitFor(() => expect(got).toEqual([event.id]), { timeout: 20_000, interval: 20 });
    } finally {
      await transport.close();
      await pubsub.close();
    }
  });
});
