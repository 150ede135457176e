import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { DiscordChannel } from '../../../functions/src/notifications/channels/discord.ts';
import { SendGridChannel } from '../../../functions/src/notifications/channels/sendgrid.ts';
import { TelegramChannel } from '../../../functions/src/notifications/channels/telegram.ts';
import {
  verifyWebhookSignature,
  WebhookChannel,
} from '../../../functions/src/notifications/channels/webhook.ts';
import type { Notification } from '../../../functions/src/notifications/notification.ts';
import { DISCORD_PATH, FakeNotify, WEBHOOK_PATH } from '../../support/fake-notify/fake-notify.ts';
import {
  BOT_TOKEN,
  CHAT_ID,
  NOV_25_2026_NOON,
  SENDGRID_KEY,
  SIGNING_SECRET,
} from '../../support/fake-notify/notification-fixtures.ts';

const NOTE: Notification = {
  eventId: 'evt-42',
  eventType: 'MarketDataConnectionLost',
  kind: 'system_error',
  priority: 'critical',
  title: 'Market data connection lost: binance usdm',
  lines: ['reason: socket closed <1006> & gone'],
  occurredAt: NOV_25_2026_NOON,
  instrumentId: null,
  items: [],
};

describe('notification channels against a local fake', () => {
  let fake: FakeNotify;
  const clock = new ManualClock(NOV_25_2026_NOON);

  beforeAll(async () => {
    fake = await FakeNotify.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('sends SendGrid v3 mail with the bearer key, recipients, sender, subject, text and html', async () => {
    const email = new SendGridChannel(
      {
        baseUrl: fake.baseUrl,
        apiKey: SENDGRID_KEY,
        from: 'engine@example.com',
        to: ['ops@example.com', 'b@example.com'],
      },
      clock,
    );
    expect(await email.send(NOTE)).toEqual({ ok: true, status: 202 });
    const [request, ...rest] = fake.to('sendgrid');
    expect(rest).toHaveLength(0);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v3/mail/send');
    expect(request?.headers.authorization).toBe(`Bearer ${SENDGRID_KEY}`);
    expect(request?.json).toMatchObject({
      from: { email: 'engine@example.com' },
      subject: '[CRITICAL] Market data connection lost: binance usdm',
      personalizations: [{ to: [{ email: 'ops@example.com' }, { email: 'b@example.com' }] }],
    });
    const content = (request?.json as { content: { type: string; value: string }[] }).content;
    expect(content.map((part) => part.type)).toEqual(['text/plain', 'text/html']);
    expect(content[0]?.value).toContain('reason: socket closed <1006> & gone');
    expect(content[1]?.value).toContain('<li>reason: socket closed &lt;1006&gt; &amp; gone</li>');
  });

  it('reports SendGrid failures with status, retryability and Retry-After', async () => {
    const email = new SendGridChannel(
      { baseUrl: fake.baseUrl, apiKey: SENDGRID_KEY, from: 'engine@example.com', to: ['ops@example.com'] },
      clock,
    );
    fake.script('sendgrid', {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { errors: [{ message: 'slow' }] },
    });
    fake.script('sendgrid', { status: 401, body: { errors: [{ message: 'bad key' }] } });
    expect(await email.send(NOTE)).toMatchObject({
      ok: false,
      status: 429,
      retryable: true,
      retryAfterMs: 2_000,
    });
    expect(await email.send(NOTE)).toMatchObject({ ok: false, status: 401, retryable: false });
  });

  it('posts Telegram sendMessage to the token path with chat id, HTML text and parse mode', async () => {
    const telegram = new TelegramChannel(
      { baseUrl: fake.baseUrl, botToken: BOT_TOKEN, chatId: CHAT_ID },
      clock,
    );
    expect(await telegram.send(NOTE)).toEqual({ ok: true, status: 200 });
    const [request] = fake.to('telegram');
    expect(request?.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({
      chat_id: CHAT_ID,
      parse_mode: 'HTML',
      text:
        '<b>[CRITICAL] Market data connection lost: binance usdm</b>\n' +
        'reason: socket closed &lt;1006&gt; &amp; gone\n' +
        '<i>system_error · MarketDataConnectionLost · evt-42 · 2026-11-25T12:00:00.000Z</i>',
    });
  });

  it('reads Telegram retry_after from the 429 body when there is no header', async () => {
    const telegram = new TelegramChannel(
      { baseUrl: fake.baseUrl, botToken: BOT_TOKEN, chatId: CHAT_ID },
      clock,
    );
    fake.script('telegram', {
      status: 429,
      body: { ok: false, error_code: 429, parameters: { retry_after: 3 } },
    });
    expect(await telegram.send(NOTE)).toMatchObject({ ok: false, status: 429, retryAfterMs: 3_000 });
  });

  it('posts a Discord webhook with content and one embed', async () => {
    const discord = new DiscordChannel({ webhookUrl: `${fake.baseUrl}${DISCORD_PATH}` }, clock);
    expect(await discord.send(NOTE)).toEqual({ ok: true, status: 204 });
    const [request] = fake.to('discord');
    expect(request?.json).toEqual({
      content: '[CRITICAL] Market data connection lost: binance usdm',
      embeds: [
        {
          title: 'Market data connection lost: binance usdm',
          description: 'reason: socket closed <1006> & gone',
          color: 0xd32f2f,
          timestamp: '2026-11-25T12:00:00.000Z',
          footer: { text: 'system_error · MarketDataConnectionLost · evt-42 · 2026-11-25T12:00:00.000Z' },
        },
      ],
    });
  });

  it('signs the generic webhook so an independent HMAC over timestamp.body matches', async () => {
    const webhook = new WebhookChannel(
      { url: `${fake.baseUrl}${WEBHOOK_PATH}`, signingSecret: SIGNING_SECRET },
      clock,
    );
    expect(await webhook.send(NOTE)).toEqual({ ok: true, status: 200 });
    const [request] = fake.to('webhook');
    const timestamp = String(request?.headers['x-engine-timestamp']);
    expect(timestamp).toBe(String(NOV_25_2026_NOON / 1000));
    const expected = createHmac('sha256', SIGNING_SECRET)
      .update(`${timestamp}.${request?.body}`)
      .digest('hex');
    expect(request?.headers['x-engine-signature']).toBe(`sha256=${expected}`);
    expect(request?.json).toMatchObject({
      eventId: 'evt-42',
      kind: 'system_error',
      priority: 'critical',
      items: [],
    });
    const verify = (body: string, nowMs: number) =>
      verifyWebhookSignature({
        secret: SIGNING_SECRET,
        body,
        signature: request?.headers['x-engine-signature'] as string,
        timestamp,
        nowMs,
      });
    expect(verify(request?.body ?? '', NOV_25_2026_NOON + 60_000)).toBe(true);
    expect(verify(`${request?.body ?? ''} `, NOV_25_2026_NOON)).toBe(false);
    expect(verify(request?.body ?? '', NOV_25_2026_NOON + 301_000)).toBe(false);
  });

  it('reports a refused connection as a retryable network failure', async () => {
    const closed = await FakeNotify.start();
    const closedBase = closed.baseUrl;
    const url = `${closedBase}${WEBHOOK_PATH}`;
    await closed.close();
    const webhook = new WebhookChannel({ url, signingSecret: SIGNING_SECRET }, clock);
    expect(await webhook.send(NOTE)).toMatchObject({ ok: false, retryable: true, status: 0 });
    const email = new SendGridChannel(
      { baseUrl: closedBase, apiKey: SENDGRID_KEY, from: 'engine@example.com', to: ['ops@example.com'] },
      clock,
    );
    expect(await email.send(NOTE)).toMatchObject({ ok: false, retryable: true, status: 0 });
  });
});
