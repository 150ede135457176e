import type { EngineEvent } from '../../events/events.ts';
import { deadLetterTopic, topicForEvent, type TopicName } from '../../events/topics.ts';
import type {
  DeliveredEvent,
  DeliveryOutcome,
  EventTransport,
  TransportSubscription,
} from '../../ports/event-transport.ts';
import { silentLogger, type Logger } from '../../ports/logger.ts';
import {
  DEFAULT_MAX_DELIVERY_ATTEMPTS,
  deadLetterAttributes,
  decideDelivery,
  type DeadLetterReason,
} from '../pubsub/delivery.ts';
import { encodeEvent } from '../pubsub/event-codec.ts';
import { InMemoryProcessedEventStore, type ProcessedEventStore } from '../pubsub/processed-event-store.ts';

export interface DeadLetter {
  readonly topic: string;
  readonly subscription: string;
  readonly eventId: string | null;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface PublishedMessage {
  readonly topic: TopicName;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
  readonly orderingKey: string;
}

interface Pending {
  readonly message: PublishedMessage;
  attempt: number;
}

type Handler = (delivery: DeliveredEvent) => Promise<DeliveryOutcome>;

interface Sub {
  readonly name: string;
  readonly topic: TopicName;
  readonly queue: Pending[];
  handler: Handler | null;
  draining: Promise<void> | null;
}

export interface InProcessTransportOptions {
  readonly logger?: Logger;
  readonly processed?: ProcessedEventStore;
  readonly maxDeliveryAttempts?: number;
  /** Published messages kept for `published()` (tests, debugging); the runner's transport lives for days. */
  readonly publishedLogLimit?: number;
}

/**
 * The embedded default transport with Pub/Sub's observable semantics: events go through the same wire
 * codec (so a payload that would not survive JSON fails here too), fan out to every subscription of their
 * topic, are handled one at a time per subscription in publish order, deduplicated by event id, retried
 * then dead-lettered. Delivery runs on promise continuations only (no timers), so tests are deterministic.
 */
export class InProcessEventTransport implements EventTransport {
  private readonly subs = new Map<string, Sub>();
  private readonly deadLettered: DeadLetter[] = [];
  private readonly log: PublishedMessage[] = [];
  private readonly logger: Logger;
  private readonly processed: ProcessedEventStore;
  private readonly maxDeliveryAttempts: number;
  private readonly publishedLogLimit: number;
  private closed = false;

  constructor(options: InProcessTransportOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.processed = options.processed ?? new InMemoryProcessedEventStore();
    this.maxDeliveryAttempts = options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
    this.publishedLogLimit = options.publishedLogLimit ?? 10_000;
  }

  async publish(event: EngineEvent): Promise<void> {
    if (this.closed) throw new Error('event transport is closed');
    const topic = topicForEvent(event.type);
    if (topic === null) return;
    const { data, attributes, orderingKey } = encodeEvent(event);
    this.publishRaw(topic, data, { ...attributes }, orderingKey);
  }

  /** Puts bytes on a topic as they are (tests use it for messages the codec would never produce). */
  publishRaw(
    topic: TopicName,
    data: Buffer,
    attributes: Readonly<Record<string, string>>,
    orderingKey: string = topic,
  ): void {
    const message: PublishedMessage = { topic, data, attributes, orderingKey };
    this.log.push(message);
    // Trimmed in bulk (amortised O(1)): between limit and 2 x limit of the newest messages stay.
    if (this.log.length >= 2 * this.publishedLogLimit)
      this.log.splice(0, this.log.length - this.publishedLogLimit);
    for (const sub of this.subs.values()) {
      if (sub.topic !== topic) continue;
      sub.queue.push({ message, attempt: 0 });
      this.drain(sub);
    }
  }

  /** Like creating a Pub/Sub subscription: it collects messages from now on, handler or not. */
  createSubscription(subscription: string, topic: TopicName): void {
    const existing = this.subs.get(subscription);
    if (existing !== undefined) {
      if (existing.topic !== topic) throw new Error(`subscription ${subscription} is on ${existing.topic}`);
      return;
    }
    this.subs.set(subscription, { name: subscription, topic, queue: [], handler: null, draining: null });
  }

  subscribe(subscription: string, topic: TopicName, handler: Handler): Promise<TransportSubscription> {
    if (this.closed) return Promise.reject(new Error('event transport is closed'));
    this.createSubscription(subscription, topic);
    const sub = this.subs.get(subscription);
    if (sub === undefined) throw new Error(`subscription ${subscription} vanished`);
    if (sub.handler !== null) throw new Error(`subscription ${subscription} already has a subscriber`);
    sub.handler = handler;
    this.drain(sub);
    return Promise.resolve({
      close: async () => {
        if (sub.handler === handler) sub.handler = null;
        await sub.draining;
      },
    });
  }

  /** Resolves once every queued delivery has been handled (including events published by handlers). */
  async flush(): Promise<void> {
    for (;;) {
      const running = [...this.subs.values()].map((sub) => sub.draining).filter((d) => d !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const sub of this.subs.values()) sub.handler = null;
    await this.flush();
  }

  deadLetters(): readonly DeadLetter[] {
    return this.deadLettered;
  }

  published(): readonly PublishedMessage[] {
    return this.log;
  }

  private drain(sub: Sub): void {
    if (sub.draining !== null || sub.handler === null || sub.queue.length === 0) return;
    sub.draining = this.run(sub).finally(() => {
      sub.draining = null;
      this.drain(sub);
    });
  }

  private async run(sub: Sub): Promise<void> {
    for (let head = sub.queue[0]; head !== undefined && sub.handler !== null; head = sub.queue[0]) {
      head.attempt += 1;
      const verdict = await decideDelivery(
        {
          subscription: sub.name,
          topic: sub.topic,
          data: head.message.data,
          attributes: head.message.attributes,
          attempt: head.attempt,
        },
        {
          processed: this.processed,
          logger: this.logger,
          maxDeliveryAttempts: this.maxDeliveryAttempts,
          handler: sub.handler,
        },
      );
      // A nack leaves the message at the head: it is redelivered before anything after it.
      if (verdict.kind === 'nack') continue;
      sub.queue.shift();
      if (verdict.kind === 'dead_letter') {
        const { message } = head;
        this.deadLettered.push({
          topic: deadLetterTopic(sub.topic),
          subscription: sub.name,
          eventId: verdict.eventId,
          reason: verdict.reason,
          detail: verdict.detail,
          data: message.data,
          attributes: deadLetterAttributes(message.attributes, sub.name, verdict),
        });
        this.logger.log('error', 'event dead-lettered', {
          subscription: sub.name,
          eventId: verdict.eventId,
          reason: verdict.reason,
          detail: verdict.detail,
        });
      }
    }
  }
}
