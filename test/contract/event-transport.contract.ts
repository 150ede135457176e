import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../core/src/events/events.ts';
import { TOPICS, type TopicName } from '../../core/src/events/topics.ts';
import type {
  DeliveredEvent,
  DeliveryOutcome,
  EventTransport,
} from '../../core/src/ports/event-transport.ts';
import { BTC, ETH, TransportFixtures } from './transport-fixtures.ts';

export interface RawMessage {
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What the shared suite needs besides the port itself: the deployment's and an operator's view. */
export interface TransportHarness {
  readonly transport: EventTransport;
  /** Creates a subscription with the production settings (the deployment does this before publishing). */
  createSubscription(subscription: string, topic: TopicName): Promise<void>;
  /** Everything published on `topic` from now on, as it appears on the wire. */
  tap(topic: TopicName): Promise<() => readonly RawMessage[]>;
  /** Bytes straight onto a topic, bypassing the codec. */
  publishRaw(topic: TopicName, data: Buffer, attributes: Record<string, string>): Promise<void>;
  /** Messages on `<topic>-dlq` so far. */
  deadLetters(topic: TopicName): readonly RawMessage[];
  /** Long enough for anything in flight to be delivered (a real wait only for a networked transport). */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

type Recorded = { subscription: string; delivery: DeliveredEvent };

const WAIT = { timeout: 20_000, interval: 20 };

export function eventTransportContract(name: string, makeHarness: () => Promise<TransportHarness>): void {
  describe(`EventTransport contract: ${name}`, () => {
    let harness: TransportHarness;
    let fixtures: TransportFixtures;
    let received: Recorded[];
    let run: string;

    beforeEach(async () => {
      harness = await makeHarness();
      run = randomBytes(3).toString('hex');
      fixtures = new TransportFixtures(`c${run}`);
      received = [];
    });
    afterEach(async () => {
      // Undefined when makeHarness itself failed: let that error be the one reported.
      await (harness as TransportHarness | undefined)?.dispose();
    });

    async function listen(
      topic: TopicName,
      handler: (delivery: DeliveredEvent) => DeliveryOutcome = () => 'ack',
    ): Promise<string> {
      const subscription = `contract-${topic}-${run}`;
      await harness.createSubscription(subscription, topic);
      await harness.transport.subscribe(subscription, topic, (delivery) => {
        received.push({ subscription, delivery });
        return Promise.resolve(handler(delivery));
      });
      return subscription;
    }

    const ids = (events: readonly EngineEvent[]): string[] => events.map((event) => event.id);
    const receivedIds = (): string[] => received.map((r) => r.delivery.event.id);

    it('routes each event type to its topic and ignores in-process-only types', async () => {
      const subs = new Map<TopicName, string>();
      for (const topic of TOPICS) subs.set(topic, await listen(topic));
      const byTopic: Record<TopicName, EngineEvent> = {
        'engine-signals': fixtures.signal(BTC, 1),
        'engine-orders': fixtures.orderRejected(BTC, 2),
        'engine-fills': fixtures.fill(BTC, 3),
        'engine-positions': fixtures.exit(BTC, 4),
        'engine-alerts': fixtures.alert(5),
        'engine-system': fixtures.lifecycle(6),
      };
      await harness.transport.publish(fixtures.tick(BTC, 7));
      for (const event of Object.values(byTopic)) await harness.transport.publish(event);
      await vi.waitFor(() => expect(received).toHaveLength(TOPICS.length), WAIT);
      await harness.settle();
      expect(received).toHaveLength(TOPICS.length);
      for (const topic of TOPICS) {
        const got = received.filter((r) => r.subscription === subs.get(topic));
        expect(got.map((r) => r.delivery.event)).toEqual([byTopic[topic]]);
        expect(got[0]?.delivery.topic).toBe(topic);
        expect(got[0]?.delivery.deliveryAttempt).toBe(1);
      }
    });

    it('keeps the publish order of each instrument over many events', async () => {
      await listen('engine-fills');
      const events: EngineEvent[] = [];
      for (let n = 0; n < 60; n += 1) events.push(fixtures.fill(n % 2 === 0 ? BTC : ETH, n));
      await Promise.all(events.map((event) => harness.transport.publish(event)));
      await harness.transport.flush();
      await vi.waitFor(() => expect(received).toHaveLength(events.length), WAIT);
      for (const instrument of [BTC, ETH]) {
        const sent = events.filter((e) => e.type === 'OrderFilled' && e.payload.instrumentId === instrument);
        const got = received
          .map((r) => r.delivery.event)
          .filter((e) => e.type === 'OrderFilled' && e.payload.instrumentId === instrument);
        expect(ids(got)).toEqual(ids(sent));
      }
    });

    it('carries type, version, event id and instrument as message attributes', async () => {
      const seen = await harness.tap('engine-signals');
      const event = fixtures.signal(BTC, 1);
      await harness.transport.publish(event);
      await harness.transport.flush();
      await vi.waitFor(() => expect(seen()).toHaveLength(1), WAIT);
      expect(seen()[0]?.attributes).toMatchObject({
        type: 'TradingSignalGenerated',
        version: '1',
        eventId: event.id,
        correlationId: event.correlationId,
        instrumentId: BTC,
      });
    });

    it('handles a duplicated event once', async () => {
      await listen('engine-alerts');
      const event = fixtures.alert(1);
      const later = fixtures.alert(2);
      await harness.transport.publish(event);
      await harness.transport.publish(event);
      await harness.transport.publish(later);
      await vi.waitFor(() => expect(receivedIds()).toContain(later.id), WAIT);
      await harness.settle();
      expect(receivedIds()).toEqual([event.id, later.id]);
    });

    it('redelivers an event whose handler asks for a retry, then succeeds', async () => {
      await listen('engine-orders', (d) => (d.deliveryAttempt < 3 ? 'retry' : 'ack'));
      const event = fixtures.orderRejected(BTC, 1);
      await harness.transport.publish(event);
      await vi.waitFor(() => expect(received).toHaveLength(3), WAIT);
      await harness.settle();
      expect(received.map((r) => r.delivery.deliveryAttempt)).toEqual([1, 2, 3]);
      expect(harness.deadLetters('engine-orders')).toHaveLength(0);
    });

    it('does not let later events of an instrument overtake one being retried', async () => {
      const events = [fixtures.fill(BTC, 1), fixtures.fill(BTC, 2), fixtures.fill(BTC, 3)];
      const first = events[0]?.id;
      const acked: string[] = [];
      await listen('engine-fills', (d) => {
        if (d.event.id === first && d.deliveryAttempt === 1) return 'retry';
        acked.push(d.event.id);
        return 'ack';
      });
      for (const event of events) await harness.transport.publish(event);
      await vi.waitFor(() => expect(acked).toHaveLength(events.length), WAIT);
      await harness.settle();
      expect(acked).toEqual(ids(events));
    });

    it('dead-letters an event whose handler keeps failing, with the reason', async () => {
      const subscription = await listen('engine-positions', () => {
        throw new Error('downstream is down');
      });
      const event = fixtures.exit(BTC, 1);
      await harness.transport.publish(event);
      await vi.waitFor(() => expect(harness.deadLetters('engine-positions')).toHaveLength(1), WAIT);
      expect(received).toHaveLength(5);
      const dead = harness.deadLetters('engine-positions')[0];
      expect(dead?.attributes).toMatchObject({
        eventId: event.id,
        type: 'ExitTriggered',
        deadLetterReason: 'handler_failed',
        deadLetterSubscription: subscription,
      });
      expect(dead?.attributes['deadLetterDetail']).toContain('downstream is down');
      expect(JSON.parse(dead?.data.toString('utf8') ?? '{}')).toMatchObject({ id: event.id });
    });

    it('dead-letters a message it cannot decode and keeps delivering the rest', async () => {
      await listen('engine-alerts');
      await harness.publishRaw('engine-alerts', Buffer.from('{not json'), { type: 'RiskAlertRaised' });
      const good = fixtures.alert(1);
      await harness.transport.publish(good);
      await vi.waitFor(() => expect(harness.deadLetters('engine-alerts')).toHaveLength(1), WAIT);
      await vi.waitFor(() => expect(receivedIds()).toEqual([good.id]), WAIT);
      const dead = harness.deadLetters('engine-alerts')[0];
      expect(dead?.data.toString('utf8')).toBe('{not json');
      expect(dead?.attributes).toMatchObject({ type: 'RiskAlertRaised', deadLetterReason: 'undecodable' });
      expect(dead?.attributes['deadLetterDetail']).toMatch(/^invalid_json/);
    });

    it('dead-letters at once when the handler calls an event poison', async () => {
      await listen('engine-system', () => 'poison');
      const event = fixtures.lifecycle(1);
      await harness.transport.publish(event);
      await vi.waitFor(() => expect(harness.deadLetters('engine-system')).toHaveLength(1), WAIT);
      expect(received).toHaveLength(1);
      expect(harness.deadLetters('engine-system')[0]?.attributes['deadLetterReason']).toBe('handler_poison');
    });

    it('resolves flush only after every publish reached the topic', async () => {
      const seen = await harness.tap('engine-signals');
      const events = Array.from({ length: 20 }, (_, n) => fixtures.signal(ETH, n));
      for (const event of events) void harness.transport.publish(event);
      await harness.transport.flush();
      await vi.waitFor(() => expect(seen()).toHaveLength(events.length), WAIT);
      expect(seen().map((m) => m.attributes['eventId'])).toEqual(ids(events));
    });

    it('stops delivering after the subscription is closed', async () => {
      const subscription = `contract-close-${run}`;
      await harness.createSubscription(subscription, 'engine-alerts');
      const got: string[] = [];
      const handle = await harness.transport.subscribe(subscription, 'engine-alerts', (d) => {
        got.push(d.event.id);
        return Promise.resolve('ack');
      });
      const first = fixtures.alert(1);
      await harness.transport.publish(first);
      await vi.waitFor(() => expect(got).toEqual([first.id]), WAIT);
      await handle.close();
      await harness.transport.publish(fixtures.alert(2));
      await harness.transport.flush();
      await harness.settle();
      expect(got).toEqual([first.id]);
    });

    it('refuses to publish after close', async () => {
      await harness.transport.close();
      await expect(harness.transport.publish(fixtures.alert(1))).rejects.toThrow(/closed/);
    });
  });
}
