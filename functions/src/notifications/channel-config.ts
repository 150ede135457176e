import { z } from 'zod';
import type { Clock } from '@engine/core/ports/clock';
import type { FetchLike } from './channels/http.ts';
import { DiscordChannel } from './channels/discord.ts';
import { SendGridChannel } from './channels/sendgrid.ts';
import { TelegramChannel } from './channels/telegram.ts';
import { WebhookChannel } from './channels/webhook.ts';
import type { NotificationChannel } from './delivery.ts';

const url = z.url({ protocol: /^https?$/ });

/** Enabled channels and their settings; a disabled channel's fields are not checked. */
export const channelSettingsSchema = z.object({
  email: z
    .object({ baseUrl: url, apiKey: z.string().min(1), from: z.email(), to: z.array(z.email()).min(1) })
    .nullable(),
  telegram: z.object({ baseUrl: url, botToken: z.string().min(1), chatId: z.string().min(1) }).nullable(),
  discord: z.object({ webhookUrl: url }).nullable(),
  webhook: z.object({ url, signingSecret: z.string().min(16) }).nullable(),
});

export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** Raw values as the parameters give them; comma lists split here. */
export interface RawChannelSettings {
  readonly email: { enabled: boolean; baseUrl: string; apiKey: string; from: string; to: string };
  readonly telegram: { enabled: boolean; baseUrl: string; botToken: string; chatId: string };
  readonly discord: { enabled: boolean; webhookUrl: string };
  readonly webhook: { enabled: boolean; url: string; signingSecret: string };
}

/** Throws naming the field: a misconfigured channel must fail the invocation loudly, not drop alerts. */
export function parseChannelSettings(raw: RawChannelSettings): ChannelSettings {
  const { email, telegram, discord, webhook } = raw;
  const recipients = email.to
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
  return channelSettingsSchema.parse({
    email: email.enabled
      ? { baseUrl: email.baseUrl, apiKey: email.apiKey, from: email.from, to: recipients }
      : null,
    telegram: telegram.enabled
      ? { baseUrl: telegram.baseUrl, botToken: telegram.botToken, chatId: telegram.chatId }
      : null,
    discord: discord.enabled ? { webhookUrl: discord.webhookUrl } : null,
    webhook: webhook.enabled ? { url: webhook.url, signingSecret: webhook.signingSecret } : null,
  });
}

export function buildChannels(
  settings: ChannelSettings,
  clock: Clock,
  fetchImpl: FetchLike = fetch,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (settings.email) channels.push(new SendGridChannel(settings.email, clock));
  if (settings.telegram) channels.push(new TelegramChannel(settings.telegram, clock, fetchImpl));
  if (settings.discord) channels.push(new DiscordChannel(settings.discord, clock, fetchImpl));
  if (settings.webhook) channels.push(new WebhookChannel(settings.webhook, clock, fetchImpl));
  return channels;
}
