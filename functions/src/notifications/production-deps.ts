import { randomInt } from 'node:crypto';
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { cloudLogger } from '../logger.ts';
import { buildChannels, parseChannelSettings } from './channel-config.ts';
import { DEFAULT_RETRY } from './delivery.ts';
import { FirestoreNotificationStore } from './firestore-store.ts';
import { DEFAULT_BATCH_THRESHOLD, DEFAULT_DEDUP_TTL_MS, type NotificationDeps } from './handlers.ts';
import * as params from './params.ts';
import { DEFAULT_RATE_LIMIT, TokenBucketLimiter } from './rate-limiter.ts';

const APP_NAME = 'engine-functions';

function firebaseApp(): App {
  return getApps().find((app) => app.name === APP_NAME) ?? initializeApp(undefined, APP_NAME);
}

/** Real dependencies, built on an instance's first invocation (secrets are readable only then). */
export function productionNotificationDeps(): Promise<NotificationDeps> {
  // The composition root is the one place that reads the wall clock; handlers get it injected.
  // eslint-disable-next-line no-restricted-syntax
  const clock = { now: () => Date.now() };
  const settings = parseChannelSettings({
    email: {
      enabled: params.notifyEmailEnabled.value(),
      baseUrl: params.sendgridBaseUrl.value(),
      apiKey: params.sendgridApiKey.value(),
      from: params.notifyEmailFrom.value(),
      to: params.notifyEmailTo.value(),
    },
    telegram: {
      enabled: params.notifyTelegramEnabled.value(),
      baseUrl: params.telegramApiBaseUrl.value(),
      botToken: params.telegramBotToken.value(),
      chatId: params.telegramChatId.value(),
    },
    discord: { enabled: params.notifyDiscordEnabled.value(), webhookUrl: params.discordWebhookUrl.value() },
    webhook: {
      enabled: params.notifyWebhookEnabled.value(),
      url: params.notifyWebhookUrl.value(),
      signingSecret: params.webhookSigningSecret.value(),
    },
  });
  return Promise.resolve({
    store: new FirestoreNotificationStore(getFirestore(firebaseApp())),
    channels: buildChannels(settings, clock),
    limiter: new TokenBucketLimiter(DEFAULT_RATE_LIMIT, clock),
    retry: {
      ...DEFAULT_RETRY,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => randomInt(0, 1_000_000) / 1_000_000,
    },
    clock,
    logger: cloudLogger,
    batchThreshold: DEFAULT_BATCH_THRESHOLD,
    dedupTtlMs: DEFAULT_DEDUP_TTL_MS,
  });
}
