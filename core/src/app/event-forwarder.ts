import { orderingKeyOf } from '../adapters/pubsub/ordering-key.ts';
import type { InProcessEventBus } from '../events/event-bus.ts';
import type { EventFactory } from '../events/event-factory.ts';
import type { EngineEvent, EventType } from '../events/events.ts';
import { topicForEvent } from '../events/topics.ts';
import type { EventTransport } from '../ports/event-transport.ts';
import type { Logger } from '../ports/logger.ts';

export interface EventForwarderOptions {
  readonly bus: InProcessEventBus;
  readonly transport: EventTransport;
  readonly factory: EventFactory;
  readonly logger: Logger;
  /** Publish attempts per event before it is reported lost (default 5). */
  readonly maxAttempts?: number;
  /** Wait before attempt `n + 1` after `n` failures (default 200 ms doubling, at most 5 s). */
  readonly backoffMs?: (failures: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ForwarderStats {
  readonly forwarded: number;
  readonly retries: number;
  readonly failed: number;
  readonly pending: number;
}

const COMPONENT = 'event-forwarder';

/**
 * Bridges the in-process bus to the external transport. The bus is synchronous and must never wait on the
 * network, so events are queued per ordering key (an instrument's events stay in order, instruments do not
 * wait for each other) and published in the background with retries. An event that still fails is logged,
 * counted and reported as SystemErrorRaised: never dropped silently.
 */
export class EventForwarder {
  private readonly queues = new Map<string, EngineEvent[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly maxAttempts: number;
  private readonly backoffMs: (failures: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private unsubscribe: (() => void) | null = null;
  private forwarded = 0;
  private retries = 0;
  private failed = 0;

  constructor(private readonly options: EventForwarderOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? ((failures) => Math.min(5000, 200 * 2 ** (failures - 1)));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Types that leave the process; the bus uses this to skip building events nobody needs. */
  static forwards(type: EventType): boolean {
    return topicForEvent(type) !== null;
  }

  start(): void {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = this.options.bus.subscribeAll(
      COMPONENT,
      (event) => this.enqueue(event),
      EventForwarder.forwards,
    );
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves when every queued event is published or reported lost, and the transport has sent them (SIGTERM). */
  async flush(): Promise<void> {
    while (this.workers.size > 0) await Promise.all([...this.workers.values()]);
    await this.options.transport.flush();
  }

  stats(): ForwarderStats {
    let pending = 0;
    for (const queue of this.queues.values()) pending += queue.length;
    return { forwarded: this.forwarded, retries: this.retries, failed: this.failed, pending };
  }

  private enqueue(event: EngineEvent): void {
    const key = orderingKeyOf(event);
    const queue = this.queues.get(key) ?? [];
    queue.push(event);
    this.queues.set(key, queue);
    if (this.workers.has(key)) return;
    this.workers.set(key, this.drain(key, queue));
  }

  private async drain(key: string, queue: EngineEvent[]): Promise<void> {
    // Start on a later turn: the bus is mid-dispatch and must not run transport code synchronously.
    await Promise.resolve();
    for (let event = queue[0]; event !== undefined; event = queue[0]) {
      await this.forward(event, key);
      queue.shift();
    }
    // Same turn as the emptiness check, so an event enqueued meanwhile starts a fresh worker.
    this.workers.delete(key);
    this.queues.delete(key);
  }

  private async forward(event: EngineEvent, key: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.transport.publish(event);
        this.forwarded += 1;
        return;
      } catch (error: unknown) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt >= this.maxAttempts) return this.giveUp(event, key, message);
        this.retries += 1;
        this.options.logger.log('warn', 'event forward failed; retrying', {
          eventId: event.id,
          type: event.type,
          attempt,
          error: message,
        });
        await this.sleep(this.backoffMs(attempt));
      }
    }
  }

  private giveUp(event: EngineEvent, key: string, error: string): void {
    this.failed += 1;
    this.options.logger.log('error', 'event not forwarded after retries', {
      eventId: event.id,
      type: event.type,
      orderingKey: key,
      attempts: this.maxAttempts,
      error,
    });
    // An unforwardable error report is only logged: reporting it again would loop.
    if (event.type === 'SystemErrorRaised') return;
    this.options.bus.publish(
      this.options.factory.create(
        'SystemErrorRaised',
        event.eventTime,
        {
          component: COMPONENT,
          error: `${event.type} not forwarded: ${error}`,
          critical: true,
          failedEventId: event.id,
        },
        { correlationId: event.correlationId, causationId: event.id },
      ),
    );
  }
}
