import type { Clock } from '@engine/core/ports/clock';
import type { NotificationChannel, SendOutcome } from '../delivery.ts';
import type { Notification } from '../notification.ts';
import { discordMessage } from '../render.ts';
import { postJson, type FetchLike } from './http.ts';

export interface DiscordConfig {
  /** The whole webhook URL is the secret (it embeds the webhook token). */
  readonly webhookUrl: string;
}

/** Execute Webhook: `{content, embeds}`; 204 on success, a 429 body carries `retry_after` in seconds. */
export class DiscordChannel implements NotificationChannel {
  readonly name = 'discord';

  constructor(
    private readonly config: DiscordConfig,
    private readonly clock: Clock,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  async send(notification: Notification): Promise<SendOutcome> {
    const outcome = await postJson(
      this.fetchImpl,
      {
        url: this.config.webhookUrl,
        body: JSON.stringify(discordMessage(notification)),
        retryAfterFromBody: (body) => (body as { retry_after?: number } | null)?.retry_after,
      },
      this.clock.now(),
    );
    return outcome.ok
      ? outcome
      : { ...outcome, detail: outcome.detail.replaceAll(this.config.webhookUrl, '<webhook>') };
  }
}
