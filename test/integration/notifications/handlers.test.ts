import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../core/src/adapters/pubsub/event-codec.ts';
import {
  flushWarningBatches,
  handleEngineEvent,
  handleEngineMessage,
  NotificationDeliveryError,
  sendDailyDigest,
} from '../../../functions/src/notifications/handlers.ts';
import { InMemoryNotificationStore } from '../../../functions/src/notifications/store.ts';
import { FakeNotify } from '../../support/fake-notify/fake-notify.ts';
import { eventMaker, testDeps, type TestDeps } from '../../support/fake-notify/notification-fixtures.ts';

describe('notification handlers against local fakes', () => {
  let fake: FakeNotify;
  let deps: TestDeps;
  let store: InMemoryNotificationStore;
  let events: ReturnType<typeof eventMaker>;

  beforeAll(async () => {
    fake = await FakeNotify.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    store = new InMemoryNotificationStore();
    deps = testDeps(fake, { store });
    events = eventMaker();
  });

  const routes = () => fake.requests.map((request) => request.route).sort();

  it('sends a critical event to every channel at once and logs each send for dedup', async () => {
    const result = await handleEngineEvent(deps, events.connectionLost());
    expect(routes()).toEqual(['discord', 'sendgrid', 'telegram', 'webhook']);
    expect(result).toMatchObject({ status: 'handled', eventId: 'evt-1' });
    expect([...store.sent.keys()].sort()).toEqual([
      'discord:evt-1',
      'email:evt-1',
      'telegram:evt-1',
      'webhook:evt-1',
    ]);
    expect(store.sent.get('email:evt-1')).toMatchObject({
      sentAt: deps.clock.now(),
      expireAt: deps.clock.now() + 30 * 86_400_000,
    });
  });

  it('sends the same event once per channel however often it is delivered', async () => {
    const event = events.connectionLost();
    await handleEngineEvent(deps, event);
    const again = await handleEngineEvent(deps, event);
    expect(fake.requests).toHaveLength(4);
    expect(again.status === 'handled' && again.results.every((r) => r.outcome === 'duplicate')).toBe(true);
  });

  it('emails a fill as trade executed and queues it for the other channels digest', async () => {
    await handleEngineEvent(deps, events.fill());
    expect(routes()).toEqual(['sendgrid']);
    expect(fake.to('sendgrid')[0]?.json).toMatchObject({
      subject: '[INFO] Trade executed: buy 0.01 binance-usdm:BTCUSDT @ 97250.5',
    });
    expect([...store.queue.keys()].sort()).toEqual([
      'digest:discord:evt-1',
      'digest:telegram:evt-1',
      'digest:webhook:evt-1',
    ]);
  });

  it('queues warnings without sending and flushes them as one message per channel', async () => {
    await handleEngineEvent(deps, events.dump('p1'));
    await handleEngineEvent(deps, events.dump('p2'));
    expect(fake.requests).toHaveLength(0);
    expect(store.queue.size).toBe(8);
    const flushed = await flushWarningBatches(deps);
    expect(flushed.results.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(routes()).toEqual(['discord', 'sendgrid', 'telegram', 'webhook']);
    expect(fake.to('sendgrid')[0]?.json).toMatchObject({ subject: '[WARNING] 2 warnings' });
    const webhook = fake.to('webhook')[0]?.json as { kind: string; items: { eventId: string }[] };
    expect(webhook.kind).toBe('risk_breach');
    expect(webhook.items.map((item) => item.eventId)).toEqual(['evt-1', 'evt-2']);
    expect(store.queue.size).toBe(0);
    await flushWarningBatches(deps);
    expect(fake.requests).toHaveLength(4);
  });

  it('flushes a channel as soon as 10 warnings are queued', async () => {
    for (let i = 1; i <= 9; i += 1) await handleEngineEvent(deps, events.dump(`p${i}`));
    expect(fake.requests).toHaveLength(0);
    await handleEngineEvent(deps, events.dump('p10'));
    expect(routes()).toEqual(['discord', 'sendgrid', 'telegram', 'webhook']);
    expect(fake.to('telegram')[0]?.json).toMatchObject({
      text: expect.stringContaining('10 warnings') as unknown,
    });
    expect(store.queue.size).toBe(0);
  });

  it('sends the info events of the day as one daily summary per channel', async () => {
    await handleEngineEvent(deps, events.recovered());
    await handleEngineEvent(deps, events.fill());
    expect(routes()).toEqual(['sendgrid']);
    fake.reset();
    await sendDailyDigest(deps);
    expect(routes()).toEqual(['discord', 'sendgrid', 'telegram', 'webhook']);
    expect(fake.to('sendgrid')[0]?.json).toMatchObject({ subject: '[INFO] Daily summary: 1 event' });
    const discord = fake.to('discord')[0]?.json as { embeds: { title: string; description: string }[] };
    expect(discord.embeds[0]?.title).toBe('Daily summary: 2 events');
    expect(discord.embeds[0]?.description).toContain('Trade executed: buy 0.01');
    expect(fake.to('webhook')[0]?.json).toMatchObject({
      kind: 'daily_summary',
      eventType: 'NotificationBatch',
    });
  });

  it('retries a 500 and succeeds on the next attempt', async () => {
    fake.script('telegram', { status: 500, body: { ok: false } });
    await handleEngineEvent(deps, events.connectionLost());
    expect(fake.to('telegram')).toHaveLength(2);
    expect(deps.sleeps).toEqual([375]);
    expect(store.sent.has('telegram:evt-1')).toBe(true);
  });

  it('waits for the Retry-After of a 429 before trying again', async () => {
    fake.script('discord', { status: 429, headers: { 'retry-after': '4' }, body: { retry_after: 4 } });
    await handleEngineEvent(deps, events.connectionLost());
    const [first, second] = fake.to('discord');
    expect(second).toBeDefined();
    expect(deps.sleeps).toEqual([4_000]);
    expect(first?.body).toBe(second?.body);
  });

  it('does not retry a 400 and does not mark the event sent, without failing the message', async () => {
    fake.script('webhook', { status: 400, body: { error: 'bad payload' } });
    const result = await handleEngineEvent(deps, events.connectionLost());
    expect(fake.to('webhook')).toHaveLength(1);
    expect(result.status === 'handled' && result.results.find((r) => r.channel === 'webhook')).toMatchObject({
      outcome: 'failed_permanent',
      attempts: 1,
    });
    expect(store.sent.has('webhook:evt-1')).toBe(false);
    expect(
      deps.logger.entries.some(
        (e) => e.level === 'error' && e.message === 'notification rejected by channel',
      ),
    ).toBe(true);
  });

  it('throws after the last attempt so Pub/Sub redelivers, and the redelivery sends only what failed', async () => {
    fake.script('sendgrid', ...Array.from({ length: 4 }, () => ({ status: 503 })));
    const event = events.connectionLost();
    const failure = await handleEngineEvent(deps, event).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotificationDeliveryError);
    expect((failure as NotificationDeliveryError).failures).toEqual([
      { channel: 'email', outcome: 'failed_transient', attempts: 4 },
    ]);
    expect(fake.to('sendgrid')).toHaveLength(4);
    expect(store.sent.has('email:evt-1')).toBe(false);
    fake.reset();
    await handleEngineEvent(deps, event);
    expect(routes()).toEqual(['sendgrid']);
    expect(store.sent.has('email:evt-1')).toBe(true);
  });

  it('defers over-limit messages to the batch instead of dropping them', async () => {
    deps = testDeps(fake, { store, rateLimit: { capacity: 2, perMinute: 1 } });
    for (let i = 0; i < 3; i += 1) await handleEngineEvent(deps, events.connectionLost());
    expect(fake.to('telegram')).toHaveLength(2);
    expect([...store.queue.keys()].filter((key) => key.includes(':telegram:'))).toEqual([
      'warning:telegram:evt-3',
    ]);
    await flushWarningBatches(deps);
    const texts = fake.to('telegram').map((request) => (request.json as { text: string }).text);
    expect(texts[2]).toContain('1 deferred alert');
    expect(texts[2]).toContain('Market data connection lost');
  });

  it('decodes a Pub/Sub message and acknowledges one that does not decode', async () => {
    const encoded = encodeEvent(events.connectionLost());
    const handled = await handleEngineMessage(deps, {
      data: encoded.data,
      attributes: { ...encoded.attributes },
    });
    expect(handled).toMatchObject({ status: 'handled', eventId: 'evt-1' });
    const poison = await handleEngineMessage(deps, { data: Buffer.from('{not json'), attributes: {} });
    expect(poison).toMatchObject({ status: 'poison', reasonCode: 'invalid_json' });
    const ignored = encodeEvent(events.candle());
    expect(
      await handleEngineMessage(deps, { data: ignored.data, attributes: { ...ignored.attributes } }),
    ).toEqual({
      status: 'ignored',
      eventType: 'CandleCompleted',
    });
    expect(fake.requests).toHaveLength(4);
  });
});
