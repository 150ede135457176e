import { describe, expect, it } from 'vitest';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { tick } from '../../support/tape.ts';

function setup() {
  const clock = new ManualClock(1_000);
  const factory = new EventFactory(clock, new SequentialIds());
  const bus = new InProcessEventBus(factory);
  return { clock, factory, bus, emitter: new BusEmitter(bus, factory) };
}

describe('InProcessEventBus', () => {
  it('delivers a typed event to subscribers of its type only', () => {
    const { bus, emitter } = setup();
    const seen: string[] = [];
    bus.subscribe('TradeTickReceived', 'ticks', (e) => seen.push(`tick@${e.payload.price}`));
    bus.subscribe('CandleCompleted', 'candles', () => seen.push('candle'));
    emitter.emit('TradeTickReceived', 5, tick(5, 100, 1, 'buy'));
    expect(seen).toEqual(['tick@100']);
  });

  it('stamps version, ids, event time and local time from the injected clock and id generator', () => {
    const { emitter, clock } = setup();
    clock.set(2_500);
    const event = emitter.emit('TradeTickReceived', 2_000, tick(2_000, 1, 1, 'sell'));
    expect(event).toMatchObject({
      type: 'TradeTickReceived',
      version: 1,
      id: 'evt-1',
      eventTime: 2_000,
      localTime: 2_500,
      correlationId: 'evt-1',
    });
    const caused = emitter.emit('TradeTickReceived', 2_001, tick(2_001, 1, 1, 'sell'), {
      correlationId: event.correlationId,
      causationId: event.id,
    });
    expect(caused).toMatchObject({ id: 'evt-2', correlationId: 'evt-1', causationId: 'evt-1' });
  });

  it('isolates a throwing handler, still runs the others and reports a system error event', () => {
    const { bus, emitter } = setup();
    const order: string[] = [];
    const errors: EngineEvent[] = [];
    bus.subscribe('TradeTickReceived', 'broken-handler', () => {
      throw new Error('boom');
    });
    bus.subscribe('TradeTickReceived', 'healthy-handler', () => order.push('healthy'));
    bus.subscribe('SystemErrorRaised', 'alerts', (e) => errors.push(e));
    const failing = emitter.emit('TradeTickReceived', 1, tick(1, 1, 1, 'buy'));
    emitter.emit('TradeTickReceived', 2, tick(2, 1, 1, 'buy'));
    expect(order).toEqual(['healthy', 'healthy']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      type: 'SystemErrorRaised',
      causationId: failing.id,
      payload: { component: 'broken-handler', error: 'Error: boom', failedEventId: failing.id },
    });
    expect(bus.failures()).toBe(2);
  });

  it('does not loop when a system error handler itself throws', () => {
    const { bus, emitter } = setup();
    bus.subscribe('TradeTickReceived', 'a', () => {
      throw new Error('first');
    });
    bus.subscribe('SystemErrorRaised', 'b', () => {
      throw new Error('second');
    });
    expect(() => emitter.emit('TradeTickReceived', 1, tick(1, 1, 1, 'buy'))).not.toThrow();
    expect(bus.failures()).toBe(2);
  });

  it('delivers events published from inside a handler after the current event, in FIFO order', () => {
    const { bus, emitter } = setup();
    const log: string[] = [];
    bus.subscribe('TradeTickReceived', 'producer', (e) => {
      log.push(`tick ${e.eventTime}`);
      if (e.eventTime === 1) emitter.emit('TradeTickReceived', 2, tick(2, 1, 1, 'buy'));
    });
    bus.subscribe('TradeTickReceived', 'second', (e) => log.push(`second ${e.eventTime}`));
    emitter.emit('TradeTickReceived', 1, tick(1, 1, 1, 'buy'));
    expect(log).toEqual(['tick 1', 'second 1', 'tick 2', 'second 2']);
  });

  it('lets a filtered catch-all subscriber decline a type, so producers skip building it', () => {
    const { bus, emitter } = setup();
    const seen: string[] = [];
    bus.subscribeAll(
      'log',
      (e) => seen.push(e.type),
      (type) => type !== 'TradeTickReceived',
    );
    expect(bus.hasSubscribers('TradeTickReceived')).toBe(false);
    expect(bus.hasSubscribers('CandleCompleted')).toBe(true);
    emitter.emit('TradeTickReceived', 1, tick(1, 1, 1, 'buy'));
    expect(seen).toEqual([]);
  });

  it('lets producers skip events nobody listens to, unless a catch-all subscriber exists', () => {
    const { bus } = setup();
    expect(bus.hasSubscribers('TradeTickReceived')).toBe(false);
    const off = bus.subscribeAll('log', () => undefined);
    expect(bus.hasSubscribers('TradeTickReceived')).toBe(true);
    off();
    expect(bus.hasSubscribers('TradeTickReceived')).toBe(false);
  });
});
