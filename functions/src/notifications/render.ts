import type { Notification, Priority } from './notification.ts';

const LABEL: Readonly<Record<Priority, string>> = { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' };
/** Discord embed colours: red, amber, green. */
const COLOUR: Readonly<Record<Priority, number>> = { critical: 0xd32f2f, warning: 0xf9a825, info: 0x2e7d32 };

export function headline(notification: Notification): string {
  return `[${LABEL[notification.priority]}] ${notification.title}`;
}

function footer(notification: Notification): string {
  return `${notification.kind} · ${notification.eventType} · ${notification.eventId} · ${new Date(notification.occurredAt).toISOString()}`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export function plainText(notification: Notification): string {
  return [headline(notification), '', ...notification.lines, '', footer(notification)].join('\n');
}

export function emailHtml(notification: Notification): string {
  const items = notification.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  return [
    `<h2>${escapeHtml(headline(notification))}</h2>`,
    items === '' ? '' : `<ul>${items}</ul>`,
    `<p><small>${escapeHtml(footer(notification))}</small></p>`,
  ].join('');
}

/** Telegram's HTML parse mode knows only a few tags and needs &, < and > escaped; 4096 chars max. */
export function telegramHtml(notification: Notification): string {
  const body = notification.lines.map(escapeHtml).join('\n');
  const text = `<b>${escapeHtml(headline(notification))}</b>\n${body}\n<i>${escapeHtml(footer(notification))}</i>`;
  return truncate(text, 4096);
}

export interface DiscordMessage {
  readonly content: string;
  readonly embeds: readonly {
    title: string;
    description: string;
    color: number;
    timestamp: string;
    footer: { text: string };
  }[];
}

/** Discord limits: content 2000, embed title 256, description 4096, footer 2048. */
export function discordMessage(notification: Notification): DiscordMessage {
  return {
    content: truncate(headline(notification), 2000),
    embeds: [
      {
        title: truncate(notification.title, 256),
        description: truncate(notification.lines.join('\n'), 4096),
        color: COLOUR[notification.priority],
        timestamp: new Date(notification.occurredAt).toISOString(),
        footer: { text: truncate(footer(notification), 2048) },
      },
    ],
  };
}

export interface WebhookBody {
  readonly eventId: string;
  readonly eventType: string;
  readonly kind: Notification['kind'];
  readonly priority: Priority;
  readonly title: string;
  readonly lines: readonly string[];
  readonly occurredAt: string;
  readonly instrumentId: string | null;
  readonly items: readonly WebhookBody[];
}

export function webhookBody(notification: Notification): WebhookBody {
  return {
    eventId: notification.eventId,
    eventType: notification.eventType,
    kind: notification.kind,
    priority: notification.priority,
    title: notification.title,
    lines: notification.lines,
    occurredAt: new Date(notification.occurredAt).toISOString(),
    instrumentId: notification.instrumentId,
    items: notification.items.map(webhookBody),
  };
}
