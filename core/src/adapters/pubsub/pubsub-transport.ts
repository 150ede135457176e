import { PubSub, type Topic } from '@google-cloud/pubsub';
import type { EngineEvent } from '../../events/events.ts';
import { deadLetterTopic, topicForEvent, type TopicName } from '../../events/topics.ts';
import type { Clock } from '../../ports/clock.ts';
import type {
  DeliveredEvent,
  DeliveryOutcome,
  EventTransport,
  TransportSubscription,
} from '../../ports/event-transport.ts';
import type { Logger } from '../../ports/logger.ts';
import { DEFAULT_MAX_DELIVERY_ATTEMPTS } from './delivery.ts';
import { encodeEvent } from './event-codec.ts';
import type { ProcessedEventStore } from './processed-event-store.ts';
import { PubSubConsumer } from './pubsub-consumer.ts';
import {
  DEFAULT_SUBSCRIPTION_SETTINGS,
  ensureTopology,
  type SubscriptionSettings,
} from './pubsub-topology.ts';

export interface PubSubBatching {
  readonly maxMessages: number;
  readonly maxMilliseconds: number;
}

/** Domain events are few and latency matters (an alert, a fill): small batches, short waits. */
export const DEFAULT_PUBSUB_BATCHING: PubSubBatching = { maxMessages: 100, maxMilliseconds: 10 };

export interface PubSubTransportOptions {
  /** A client to share (the caller closes it) or a project id (the transport owns and closes its client). */
  readonly pubsub: PubSub | { readonly projectId: string };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly processed: ProcessedEventStore;
  readonly maxDeliveryAttempts?: number;
  readonly batching?: PubSubBatching;
}

/**
 * EventTransport on Google Cloud Pub/Sub: JSON bodies from the wire codec, ordering key = instrument,
 * streaming-pull consumers that are idempotent by event id and dead-letter to `<topic>-dlq` themselves
 * (with the reason) rather than relying on the server's policy, which cannot say why.
 */
export class PubSubEventTransport implements EventTransport {
  readonly pubsub: PubSub;
  private readonly ownsClient: boolean;
  private readonly topics = new Map<string, Topic>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly consumers = new Set<PubSubConsumer>();
  private readonly maxDeliveryAttempts: number;
  private readonly batching: PubSubBatching;
  private closed = false;

  constructor(private readonly options: PubSubTransportOptions) {
    this.ownsClient = !(options.pubsub instanceof PubSub);
    this.pubsub =
      options.pubsub instanceof PubSub ? options.pubsub : new PubSub({ projectId: options.pubsub.projectId });
    this.maxDeliveryAttempts = options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
    this.batching = options.batching ?? DEFAULT_PUBSUB_BATCHING;
  }

  /** Emulator and local stack only: production topology is Terraform's (infra/). */
  ensureTopology(
    subscriptions?: Readonly<Record<string, TopicName>>,
    settings: SubscriptionSettings = DEFAULT_SUBSCRIPTION_SETTINGS,
  ): Promise<void> {
    return ensureTopology(this.pubsub, subscriptions, settings);
  }

  async publish(event: EngineEvent): Promise<void> {
    if (this.closed) throw new Error('event transport is closed');
    const topicName = topicForEvent(event.type);
    if (topicName === null) return;
    const { data, attributes, orderingKey } = encodeEvent(event);
    const topic = this.topic(topicName, true);
    const sent = topic.publishMessage({ data, attributes: { ...attributes }, orderingKey });
    this.track(sent);
    try {
      await sent;
    } catch (error: unknown) {
      // The client pauses an ordering key after a failure; resume so later events of the key can flow.
      topic.resumePublishing(orderingKey);
      this.options.logger.log('error', 'pubsub publish failed', {
        topic: topicName,
        eventId: event.id,
        orderingKey,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  async subscribe(
    subscription: string,
    topic: TopicName,
    handler: (delivery: DeliveredEvent) => Promise<DeliveryOutcome>,
  ): Promise<TransportSubscription> {
    if (this.closed) throw new Error('event transport is closed');
    const consumer = new PubSubConsumer(
      subscription,
      topic,
      this.pubsub.subscription(subscription, {
        flowControl: { maxMessages: 100, allowExcessMessages: false },
      }),
      handler,
      {
        clock: this.options.clock,
        logger: this.options.logger,
        processed: this.options.processed,
        maxDeliveryAttempts: this.maxDeliveryAttempts,
        deadLetters: this.topic(deadLetterTopic(topic), false),
      },
    );
    consumer.start();
    this.consumers.add(consumer);
    return Promise.resolve({
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.close();
      },
    });
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.topics.values()].map((topic) => topic.flush()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    this.consumers.clear();
    await this.flush();
    if (this.ownsClient) await this.pubsub.close();
  }

  private topic(name: string, ordered: boolean): Topic {
    const existing = this.topics.get(name);
    if (existing !== undefined) return existing;
    const topic = this.pubsub.topic(name, {
      messageOrdering: ordered,
      batching: { maxMessages: this.batching.maxMessages, maxMilliseconds: this.batching.maxMilliseconds },
    });
    this.topics.set(name, topic);
    return topic;
  }

  private track(sent: Promise<unknown>): void {
    this.pending.add(sent);
    const forget = (): void => {
      this.pending.delete(sent);
    };
    sent.then(forget, forget);
  }
}
