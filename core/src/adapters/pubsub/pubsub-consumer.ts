import type { Message, Subscription, Topic } from '@google-cloud/pubsub';
import type { TopicName } from '../../events/topics.ts';
import type { Clock } from '../../ports/clock.ts';
import type { DeliveredEvent, DeliveryOutcome } from '../../ports/event-transport.ts';
import type { Logger } from '../../ports/logger.ts';
import { deadLetterAttributes, decideDelivery, type DeliveryVerdict } from './delivery.ts';
import type { ProcessedEventStore } from './processed-event-store.ts';

export interface ConsumerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly processed: ProcessedEventStore;
  readonly maxDeliveryAttempts: number;
  readonly deadLetters: Topic;
}

/** How long a key waits for its retried message before giving up on strict order (another consumer may hold it). */
const BLOCK_TIMEOUT_MS = 60_000;
const MAX_TRACKED_ATTEMPTS = 10_000;

/**
 * One streaming-pull subscriber. The client emits messages in order but does not wait for our acks, so
 * handling is chained per ordering key; after a nack the rest of that key is nacked too until the retried
 * message comes back, so a retry never lets later events of the same instrument overtake it.
 */
export class PubSubConsumer {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly attempts = new Map<string, number>();
  private readonly blocked = new Map<string, { eventId: string; since: number }>();
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly topic: TopicName,
    private readonly subscription: Subscription,
    private readonly handler: (delivery: DeliveredEvent) => Promise<DeliveryOutcome>,
    private readonly deps: ConsumerDeps,
  ) {}

  start(): void {
    this.subscription.on('message', (message: Message) => this.enqueue(message));
    this.subscription.on('error', (error: unknown) =>
      this.deps.logger.log('error', 'pubsub subscription error', {
        subscription: this.name,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** Stops handling (new messages are nacked for another consumer), waits for handlers, then detaches. */
  async close(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.chains.values()]);
    this.subscription.removeAllListeners('message');
    await this.subscription.close();
  }

  private enqueue(message: Message): void {
    const key = message.orderingKey ?? '';
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handleSafely(message, key));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async handleSafely(message: Message, key: string): Promise<void> {
    try {
      await this.handle(message, key);
    } catch (error: unknown) {
      // Store or dead-letter failures: Pub/Sub redelivers; nothing is lost.
      this.deps.logger.log('error', 'pubsub delivery failed; nacked', {
        subscription: this.name,
        messageId: message.id,
        error: error instanceof Error ? error.message : String(error),
      });
      message.nack();
    }
  }

  private async handle(message: Message, key: string): Promise<void> {
    if (this.stopped) return message.nack();
    const attributes = message.attributes;
    const eventId = attributes['eventId'] ?? `message:${message.id}`;
    if (this.waitsForRetry(key, eventId)) return message.nack();
    const attempt = this.nextAttempt(eventId, message.deliveryAttempt);
    const verdict = await decideDelivery(
      { subscription: this.name, topic: this.topic, data: message.data, attributes, attempt },
      { ...this.deps, handler: this.handler },
    );
    await this.apply(verdict, message, key, eventId);
  }

  private async apply(
    verdict: DeliveryVerdict,
    message: Message,
    key: string,
    eventId: string,
  ): Promise<void> {
    if (verdict.kind === 'nack') {
      if (key !== '') this.blocked.set(key, { eventId, since: this.deps.clock.now() });
      return message.nack();
    }
    if (verdict.kind === 'dead_letter') {
      await this.deps.deadLetters.publishMessage({
        data: message.data,
        attributes: deadLetterAttributes(message.attributes, this.name, verdict),
      });
      this.deps.logger.log('error', 'event dead-lettered', {
        subscription: this.name,
        eventId: verdict.eventId,
        reason: verdict.reason,
        detail: verdict.detail,
      });
    }
    this.attempts.delete(eventId);
    message.ack();
  }

  private waitsForRetry(key: string, eventId: string): boolean {
    const block = this.blocked.get(key);
    if (block === undefined) return false;
    const expired = this.deps.clock.now() - block.since > BLOCK_TIMEOUT_MS;
    if (block.eventId !== eventId && !expired) return true;
    this.blocked.delete(key);
    return false;
  }

  /** Counted here because the emulator (and subscriptions without a dead-letter policy) omit deliveryAttempt. */
  private nextAttempt(eventId: string, reported: number | undefined): number {
    const attempt = Math.max((this.attempts.get(eventId) ?? 0) + 1, reported ?? 0);
    this.attempts.delete(eventId);
    this.attempts.set(eventId, attempt);
    if (this.attempts.size > MAX_TRACKED_ATTEMPTS) {
      const oldest = this.attempts.keys().next();
      if (oldest.done !== true) this.attempts.delete(oldest.value);
    }
    return attempt;
  }
}
