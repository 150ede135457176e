import { describe, expect, it } from 'vitest';
import { InProcessEventTransport } from '../../../core/src/adapters/embedded/in-process-transport.ts';
import { EventForwarder } from '../../../core/src/app/event-forwarder.ts';
import { InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import type { EventTransport } from '../../../core/src/ports/event-transport.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import { BTC, ETH, TransportFixtures } from '../../contract/transport-fixtures.ts';

/** Wraps the in-process transport and fails or holds publishes on demand. */
class ScriptedTransport implements EventTransport {
  readonly inner = new InProcessEventTransport();
  readonly calls: string[] = [];
  failWhen: (event: EngineEvent, call: number) => boolean = () => false;
  hold: Promise<void> | null = null;
  holdWhen: (event: EngineEvent) => boolean = () => false;

  async publish(event: EngineEvent): Promise<void> {
    this.calls.push(event.id);
    if (this.hold !== null && this.holdWhen(event)) await this.hold;
    if (this.failWhen(event, this.calls.filter((id) => id === event.id).length))
      throw new Error('unavailable');
    await this.inner.publish(event);
  }
  subscribe: EventTransport['subscribe'] = (...args) => this.inner.subscribe(...args);
  flush = (): Promise<void> => this.inner.flush();
  close = (): Promise<void> => this.inner.close();

  forwardedIds(): (string | undefined)[] {
    return this.inner.published().map((m) => m.attributes['eventId']);
  }
}

function setup() {
  const fixtures = new TransportFixtures('fwd');
  const bus = new InProcessEventBus(fixtures.factory);
  const transport = new ScriptedTransport();
  const logger = new MemoryLogger();
  const forwarder = new EventForwarder({
    bus,
    transport,
    factory: fixtures.factory,
    logger,
    sleep: () => Promise.resolve(),
  });
  forwarder.start();
  return { fixtures, bus, transport, logger, forwarder };
}

describe('EventForwarder', () => {
  it('forwards only events that have a topic, after the bus dispatch returns, in per-instrument order', async () => {
    const { fixtures, bus, transport, forwarder } = setup();
    const events = [fixtures.signal(BTC, 1), fixtures.fill(ETH, 2), fixtures.fill(BTC, 3), fixtures.alert(4)];
    bus.publish(fixtures.tick(BTC, 0));
    for (const event of events) bus.publish(event);
    expect(transport.calls).toEqual([]);
    expect(forwarder.stats().pending).toBe(4);
    await forwarder.flush();
    expect(transport.forwardedIds().sort()).toEqual(events.map((e) => e.id).sort());
    const btc = transport.forwardedIds().filter((id) => id === events[0]?.id || id === events[2]?.id);
    expect(btc).toEqual([events[0]?.id, events[2]?.id]);
    expect(forwarder.stats()).toEqual({ forwarded: 4, retries: 0, failed: 0, pending: 0 });
  });

  it('retries a failed publish and counts the retries', async () => {
    const { fixtures, bus, transport, forwarder } = setup();
    transport.failWhen = (_event, call) => call <= 2;
    const event = fixtures.fill(BTC, 1);
    bus.publish(event);
    await forwarder.flush();
    expect(transport.forwardedIds()).toEqual([event.id]);
    expect(forwarder.stats()).toMatchObject({ forwarded: 1, retries: 2, failed: 0 });
  });

  it('reports an event it could not forward as SystemErrorRaised and keeps order for the rest', async () => {
    const { fixtures, bus, transport, forwarder, logger } = setup();
    const doomed = fixtures.fill(BTC, 1);
    const next = fixtures.fill(BTC, 2);
    transport.failWhen = (event) => event.id === doomed.id;
    const errors: EngineEvent[] = [];
    bus.subscribe('SystemErrorRaised', 'test', (event) => errors.push(event));
    bus.publish(doomed);
    bus.publish(next);
    await forwarder.flush();
    expect(transport.calls.filter((id) => id === doomed.id)).toHaveLength(5);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.payload).toMatchObject({
      component: 'event-forwarder',
      critical: true,
      failedEventId: doomed.id,
    });
    expect(transport.forwardedIds().sort()).toEqual([next.id, errors[0]?.id].sort());
    expect(forwarder.stats()).toMatchObject({ forwarded: 2, retries: 4, failed: 1 });
    expect(logger.entries.some((e) => e.level === 'error' && e.context?.['eventId'] === doomed.id)).toBe(
      true,
    );
  });

  it('does not let a stuck instrument hold back another one', async () => {
    const { fixtures, bus, transport, forwarder } = setup();
    let release = (): void => undefined;
    transport.hold = new Promise((resolve) => (release = resolve));
    transport.holdWhen = (event) => event.type === 'OrderFilled' && event.payload.instrumentId === BTC;
    const stuck = fixtures.fill(BTC, 1);
    const free = fixtures.fill(ETH, 2);
    bus.publish(stuck);
    bus.publish(free);
    await transport.inner.flush();
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
    expect(transport.forwardedIds()).toEqual([free.id]);
    expect(forwarder.stats().pending).toBe(1);
    release();
    await forwarder.flush();
    expect(transport.forwardedIds()).toEqual([free.id, stuck.id]);
  });

  it('stops forwarding after stop', async () => {
    const { fixtures, bus, transport, forwarder } = setup();
    forwarder.stop();
    bus.publish(fixtures.fill(BTC, 1));
    await forwarder.flush();
    expect(transport.calls).toEqual([]);
  });
});
