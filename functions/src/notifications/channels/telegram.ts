import type { Clock } from '@engine/core/ports/clock';
import type { NotificationChannel, SendOutcome } from '../delivery.ts';
import type { Notification } from '../notification.ts';
import { telegramHtml } from '../render.ts';
import { postJson, type FetchLike } from './http.ts';

export interface TelegramConfig {
  /** `https://api.telegram.org` in production; a local fake in tests. */
  readonly baseUrl: string;
  readonly botToken: string;
  readonly chatId: string;
}

/** Bot API `sendMessage` (HTML parse mode). A 429 carries `parameters.retry_after` in seconds. */
export class TelegramChannel implements NotificationChannel {
  readonly name = 'telegram';

  constructor(
    private readonly config: TelegramConfig,
    private readonly clock: Clock,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  async send(notification: Notification): Promise<SendOutcome> {
    const { baseUrl, botToken, chatId } = this.config;
    const outcome = await postJson(
      this.fetchImpl,
      {
        url: `${baseUrl.replace(/\/+$/, '')}/bot${botToken}/sendMessage`,
        body: JSON.stringify({ chat_id: chatId, text: telegramHtml(notification), parse_mode: 'HTML' }),
        retryAfterFromBody: (body) =>
          (body as { parameters?: { retry_after?: number } } | null)?.parameters?.retry_after,
      },
      this.clock.now(),
    );
    // The token is part of the URL; make sure no error text carries it into the logs.
    return outcome.ok ? outcome : { ...outcome, detail: outcome.detail.replaceAll(botToken, '<token>') };
  }
}
