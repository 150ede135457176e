import type { EngineEvent } from '../events/events.ts';
import type { TopicName } from '../events/topics.ts';

/** What a consumer says about a delivery; `poison` goes straight to the dead-letter topic. */
export type DeliveryOutcome = 'ack' | 'retry' | 'poison';

export interface DeliveredEvent {
  readonly event: EngineEvent;
  readonly topic: TopicName;
  /** 1 on first delivery; the transport counts redeliveries. */
  readonly deliveryAttempt: number;
}

export interface TransportSubscription {
  close(): Promise<void>;
}

/**
 * Domain events between processes (never ticks). Pub/Sub in production (ordering key = instrument,
 * attributes = type and version), the in-process bus in the embedded default. Consumers are idempotent by
 * event id: a redelivered event is acknowledged without running the handler again.
 */
export interface EventTransport {
  /** Queues the event for its topic; resolves when the transport has accepted it. Ignores in-process-only types. */
  publish(event: EngineEvent): Promise<void>;
  subscribe(
    subscription: string,
    topic: TopicName,
    handler: (delivery: DeliveredEvent) => Promise<DeliveryOutcome>,
  ): Promise<TransportSubscription>;
  /** Resolves when every accepted event has been handed to the transport (used on SIGTERM). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
