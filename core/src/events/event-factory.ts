import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import { EVENT_VERSIONS, type EventOf, type EventType, type PayloadOf } from './events.ts';

export interface EventCause {
  readonly correlationId?: string;
  readonly causationId?: string;
}

/**
 * Stamps payloads into envelopes with ids and local time from injected ports, so two runs of the same
 * input produce the same events byte for byte.
 */
export class EventFactory {
  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  create<T extends EventType>(
    type: T,
    eventTime: number,
    payload: PayloadOf<T>,
    cause: EventCause = {},
  ): EventOf<T> {
    const id = this.ids.next('evt');
    const event = {
      type,
      version: EVENT_VERSIONS[type],
      id,
      eventTime,
      localTime: this.clock.now(),
      correlationId: cause.correlationId ?? id,
      causationId: cause.causationId,
      payload,
    };
    // The object literal matches EventEnvelope<T, PayloadOf<T>>; TS cannot narrow the generic union member.
    return event as unknown as EventOf<T>;
  }
}
