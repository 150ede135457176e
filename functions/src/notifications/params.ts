import { defineBoolean, defineSecret, defineString } from 'firebase-functions/params';

/**
 * Notification parameters. Secret ids match infra/secrets.tf; every secret needs a version in Secret
 * Manager before deploy, even for a disabled channel (a placeholder value is enough). Values are read
 * only inside handlers (productionNotificationDeps), never at import.
 */
export const sendgridApiKey = defineSecret('SENDGRID_API_KEY');
export const telegramBotToken = defineSecret('TELEGRAM_BOT_TOKEN');
export const discordWebhookUrl = defineSecret('DISCORD_WEBHOOK_URL');
export const webhookSigningSecret = defineSecret('WEBHOOK_SIGNING_SECRET');

export const NOTIFICATION_SECRETS = [
  sendgridApiKey,
  telegramBotToken,
  discordWebhookUrl,
  webhookSigningSecret,
];

export const notifyEmailEnabled = defineBoolean('NOTIFY_EMAIL_ENABLED', { default: false });
export const notifyTelegramEnabled = defineBoolean('NOTIFY_TELEGRAM_ENABLED', { default: false });
export const notifyDiscordEnabled = defineBoolean('NOTIFY_DISCORD_ENABLED', { default: false });
export const notifyWebhookEnabled = defineBoolean('NOTIFY_WEBHOOK_ENABLED', { default: false });

export const notifyEmailFrom = defineString('NOTIFY_EMAIL_FROM', {
  default: '',
  description: 'Verified SendGrid sender address',
});
export const notifyEmailTo = defineString('NOTIFY_EMAIL_TO', {
  default: '',
  description: 'Comma-separated recipient addresses',
});
export const telegramChatId = defineString('TELEGRAM_CHAT_ID', { default: '' });
export const notifyWebhookUrl = defineString('NOTIFY_WEBHOOK_URL', {
  default: '',
  description: 'Generic webhook endpoint (HTTPS), signed with WEBHOOK_SIGNING_SECRET',
});
export const sendgridBaseUrl = defineString('SENDGRID_BASE_URL', { default: 'https://api.sendgrid.com' });
export const telegramApiBaseUrl = defineString('TELEGRAM_API_BASE_URL', {
  default: 'https://api.telegram.org',
});
