import type { Logger } from '../../ports/logger.ts';
import type { DeliveredEvent, DeliveryOutcome } from '../../ports/event-transport.ts';
import type { TopicName } from '../../events/topics.ts';
import { decodeEvent } from './event-codec.ts';
import type { ProcessedEventStore } from './processed-event-store.ts';

/** Pub/Sub's own dead-letter policy uses 5; both transports dead-letter after the same count. */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;

export type DeadLetterReason = 'undecodable' | 'handler_poison' | 'handler_failed' | 'retries_exhausted';

export type DeliveryVerdict =
  | { readonly kind: 'ack'; readonly eventId: string; readonly duplicate: boolean }
  | { readonly kind: 'nack'; readonly eventId: string }
  | {
      readonly kind: 'dead_letter';
      readonly eventId: string | null;
      readonly reason: DeadLetterReason;
      readonly detail: string;
    };

export interface RawDelivery {
  readonly subscription: string;
  readonly topic: TopicName;
  readonly data: Uint8Array;
  readonly attributes: Readonly<Record<string, string>>;
  /** 1 on the first delivery. */
  readonly attempt: number;
}

export interface DeliveryContext {
  readonly processed: ProcessedEventStore;
  readonly logger: Logger;
  readonly maxDeliveryAttempts: number;
  readonly handler: (delivery: DeliveredEvent) => Promise<DeliveryOutcome>;
}

/**
 * What to do with one delivery, shared by both transports so they behave alike: undecodable → dead letter;
 * already processed → ack without the handler; handler `retry` or a throw → redeliver until the attempt
 * budget is spent, then dead letter; `poison` → dead letter at once.
 */
export async function decideDelivery(raw: RawDelivery, context: DeliveryContext): Promise<DeliveryVerdict> {
  const decoded = decodeEvent(raw.data, raw.attributes);
  if (!decoded.ok) {
    const detail = `${decoded.reasonCode}: ${decoded.detail}`;
    return { kind: 'dead_letter', eventId: raw.attributes['eventId'] ?? null, reason: 'undecodable', detail };
  }
  const { event } = decoded;
  if (await context.processed.seen(raw.subscription, event.id)) {
    return { kind: 'ack', eventId: event.id, duplicate: true };
  }
  let outcome: DeliveryOutcome;
  try {
    outcome = await context.handler({ event, topic: raw.topic, deliveryAttempt: raw.attempt });
  } catch (error: unknown) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    context.logger.log('warn', 'event handler failed', {
      subscription: raw.subscription,
      eventId: event.id,
      attempt: raw.attempt,
      error: detail,
    });
    return retryOrDeadLetter(event.id, raw.attempt, context, 'handler_failed', detail);
  }
  if (outcome === 'poison') {
    return {
      kind: 'dead_letter',
      eventId: event.id,
      reason: 'handler_poison',
      detail: 'handler said poison',
    };
  }
  if (outcome === 'retry') {
    const detail = `handler asked to retry ${raw.attempt} times`;
    return retryOrDeadLetter(event.id, raw.attempt, context, 'retries_exhausted', detail);
  }
  const first = await context.processed.markProcessed(raw.subscription, event.id);
  return { kind: 'ack', eventId: event.id, duplicate: !first };
}

function retryOrDeadLetter(
  eventId: string,
  attempt: number,
  context: DeliveryContext,
  reason: DeadLetterReason,
  detail: string,
): DeliveryVerdict {
  if (attempt < context.maxDeliveryAttempts) return { kind: 'nack', eventId };
  return { kind: 'dead_letter', eventId, reason, detail };
}

/** The dead-lettered message keeps the original attributes and says why it was dropped. */
export function deadLetterAttributes(
  attributes: Readonly<Record<string, string>>,
  subscription: string,
  verdict: { readonly reason: DeadLetterReason; readonly detail: string },
): Record<string, string> {
  return {
    ...attributes,
    deadLetterReason: verdict.reason,
    deadLetterDetail: verdict.detail.slice(0, 1000),
    deadLetterSubscription: subscription,
  };
}
