import type { EngineEvent, EventOf, EventType, PayloadOf } from './events.ts';
import type { EventCause, EventFactory } from './event-factory.ts';

export type Handler<T extends EventType> = (event: EventOf<T>) => void;
type AnyHandler = (event: EngineEvent) => void;

interface Subscription {
  readonly name: string;
  readonly handler: AnyHandler;
  readonly accepts: (type: EventType) => boolean;
}

const EVERYTHING = (): boolean => true;

/**
 * In-process, synchronous, FIFO event bus. Events published from inside a handler are queued and delivered
 * after the current event has reached every subscriber, so delivery order is deterministic. A throwing
 * handler is isolated: the other handlers still run and a SystemErrorRaised event reports the failure.
 */
export class InProcessEventBus {
  private readonly byType = new Map<EventType, Subscription[]>();
  private readonly wildcard: Subscription[] = [];
  private readonly queue: EngineEvent[] = [];
  private dispatching = false;
  private handlerFailures = 0;

  constructor(private readonly factory: EventFactory) {}

  subscribe<T extends EventType>(type: T, name: string, handler: Handler<T>): () => void {
    const list = this.byType.get(type) ?? [];
    const sub: Subscription = { name, handler: handler as AnyHandler, accepts: EVERYTHING };
    list.push(sub);
    this.byType.set(type, list);
    return () => removeFrom(list, sub);
  }

  /**
   * Receives every event the filter accepts (event log recorders, bridges to an external transport). The
   * filter also tells producers what nobody needs, so a log without ticks does not make ticks into events.
   */
  subscribeAll(
    name: string,
    handler: AnyHandler,
    accepts: (type: EventType) => boolean = EVERYTHING,
  ): () => void {
    const sub: Subscription = { name, handler, accepts };
    this.wildcard.push(sub);
    return () => removeFrom(this.wildcard, sub);
  }

  /** Lets producers skip building events nobody listens to (the per-tick event, mostly). */
  hasSubscribers(type: EventType): boolean {
    return (this.byType.get(type)?.length ?? 0) > 0 || this.wildcard.some((sub) => sub.accepts(type));
  }

  publish(event: EngineEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.deliver(next);
    } finally {
      this.dispatching = false;
    }
  }

  failures(): number {
    return this.handlerFailures;
  }

  private deliver(event: EngineEvent): void {
    const typed = this.byType.get(event.type);
    if (typed) for (const sub of typed) this.invoke(sub, event);
    for (const sub of this.wildcard) if (sub.accepts(event.type)) this.invoke(sub, event);
  }

  private invoke(sub: Subscription, event: EngineEvent): void {
    try {
      sub.handler(event);
    } catch (error: unknown) {
      this.handlerFailures += 1;
      // A failure while handling an error report is not re-reported: that could loop forever.
      if (event.type === 'SystemErrorRaised') return;
      this.queue.push(
        this.factory.create(
          'SystemErrorRaised',
          event.eventTime,
          { component: sub.name, error: describe(error), critical: false, failedEventId: event.id },
          { correlationId: event.correlationId, causationId: event.id },
        ),
      );
    }
  }
}

function removeFrom(list: Subscription[], sub: Subscription): void {
  const index = list.indexOf(sub);
  if (index >= 0) list.splice(index, 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What producers (analytics, engines) see of the bus: stamp-and-publish, plus a cheap interest check. */
export interface EventEmitter {
  emit<T extends EventType>(
    type: T,
    eventTime: number,
    payload: PayloadOf<T>,
    cause?: EventCause,
  ): EventOf<T>;
  wants(type: EventType): boolean;
}

export class BusEmitter implements EventEmitter {
  constructor(
    private readonly bus: InProcessEventBus,
    private readonly factory: EventFactory,
  ) {}

  emit<T extends EventType>(
    type: T,
    eventTime: number,
    payload: PayloadOf<T>,
    cause?: EventCause,
  ): EventOf<T> {
    const event = this.factory.create(type, eventTime, payload, cause);
    this.bus.publish(event);
    return event;
  }

  wants(type: EventType): boolean {
    return this.bus.hasSubscribers(type);
  }
}
