import functionsTest from 'firebase-functions-test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../core/src/adapters/pubsub/event-codec.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { NotificationDeliveryError } from '../../../functions/src/notifications/handlers.ts';
import { InMemoryNotificationStore } from '../../../functions/src/notifications/store.ts';
import { buildNotificationFunctions } from '../../../functions/src/notifications/triggers.ts';
import { FakeNotify } from '../../support/fake-notify/fake-notify.ts';
import { eventMaker, testDeps, type TestDeps } from '../../support/fake-notify/notification-fixtures.ts';

const testEnv = functionsTest({ projectId: 'demo-notify-triggers' });
afterAll(() => testEnv.cleanup());

/** The CloudEvent Pub/Sub delivers: the encoded body base64 in message.data, the attributes beside it. */
function published(event: EngineEvent) {
  const encoded = encodeEvent(event);
  return {
    data: {
      message: {
        data: encoded.data.toString('base64'),
        attributes: { ...encoded.attributes },
        messageId: 'm-1',
      },
      subscription: 'projects/demo/subscriptions/notify',
    },
  };
}

describe('notification functions through firebase-functions-test', () => {
  let fake: FakeNotify;
  let deps: TestDeps;
  let store: InMemoryNotificationStore;
  let fns: ReturnType<typeof buildNotificationFunctions>;
  let events: ReturnType<typeof eventMaker>;

  beforeAll(async () => {
    fake = await FakeNotify.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    store = new InMemoryNotificationStore();
    deps = testDeps(fake, { store });
    fns = buildNotificationFunctions(() => Promise.resolve(deps));
    events = eventMaker();
  });

  it('declares the three topics with retry and the two schedules in UTC', () => {
    const triggerOf = (fn: typeof fns.notifyOnAlert) => fn.__endpoint.eventTrigger;
    expect(triggerOf(fns.notifyOnAlert)).toMatchObject({
      eventFilters: { topic: 'engine-alerts' },
      retry: true,
    });
    expect(triggerOf(fns.notifyOnFill)).toMatchObject({
      eventFilters: { topic: 'engine-fills' },
      retry: true,
    });
    expect(triggerOf(fns.notifyOnPosition)).toMatchObject({
      eventFilters: { topic: 'engine-positions' },
      retry: true,
    });
    expect(fns.flushWarningBatch.__endpoint.scheduleTrigger).toMatchObject({
      schedule: 'every 5 minutes',
      timeZone: 'UTC',
    });
    expect(fns.dailyDigest.__endpoint.scheduleTrigger).toMatchObject({
      schedule: '10 0 * * *',
      timeZone: 'UTC',
    });
    expect(fns.notifyOnAlert.__endpoint.secretEnvironmentVariables?.map((s) => s.key).sort()).toEqual([
      'DISCORD_WEBHOOK_URL',
      'SENDGRID_API_KEY',
      'TELEGRAM_BOT_TOKEN',
      'WEBHOOK_SIGNING_SECRET',
    ]);
    expect(fns.notifyOnAlert.__endpoint.region).toEqual(['europe-west1']);
  });

  it('emails a fill published on engine-fills', async () => {
    await testEnv.wrap(fns.notifyOnFill)(published(events.fill()) as never);
    expect(fake.requests.map((request) => request.route)).toEqual(['sendgrid']);
    expect(fake.to('sendgrid')[0]?.json).toMatchObject({
      subject: '[INFO] Trade executed: buy 0.01 binance-usdm:BTCUSDT @ 97250.5',
      personalizations: [{ to: [{ email: 'ops@example.com' }, { email: 'trader@example.com' }] }],
    });
  });

  it('alerts every channel once for a critical event delivered twice', async () => {
    const alert = testEnv.wrap(fns.notifyOnAlert);
    const message = published(events.connectionLost());
    await alert(message as never);
    await alert(message as never);
    expect(fake.requests.map((request) => request.route).sort()).toEqual([
      'discord',
      'sendgrid',
      'telegram',
      'webhook',
    ]);
  });

  it('rejects on a transient failure so Pub/Sub redelivers', async () => {
    fake.script('telegram', ...Array.from({ length: 4 }, () => ({ status: 502 })));
    const alert = testEnv.wrap(fns.notifyOnAlert);
    await expect(Promise.resolve(alert(published(events.connectionLost()) as never))).rejects.toBeInstanceOf(
      NotificationDeliveryError,
    );
  });

  it('flushes warnings and sends the digest from the scheduled functions', async () => {
    await testEnv.wrap(fns.notifyOnAlert)(published(events.dump()) as never);
    await testEnv.wrap(fns.notifyOnPosition)(published(events.recovered()) as never);
    expect(fake.requests).toHaveLength(0);
    const run = { scheduleTime: new Date(deps.clock.now()).toISOString(), jobName: 'test' };
    await fns.flushWarningBatch.run(run as never);
    expect(fake.requests).toHaveLength(4);
    await fns.dailyDigest.run(run as never);
    expect(fake.requests).toHaveLength(8);
    expect(fake.to('webhook')[1]?.json).toMatchObject({ kind: 'daily_summary' });
    expect(store.queue.size).toBe(0);
  });
});
