import { MailService } from '@sendgrid/mail';
import type { Clock } from '@engine/core/ports/clock';
import {
  isRetryableStatus,
  parseRetryAfter,
  type NotificationChannel,
  type SendOutcome,
} from '../delivery.ts';
import type { Notification } from '../notification.ts';
import { emailHtml, headline, plainText } from '../render.ts';
import { errorText, HTTP_TIMEOUT_MS } from './http.ts';

export interface SendGridConfig {
  /** `https://api.sendgrid.com` in production; a local fake in tests. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly from: string;
  readonly to: readonly string[];
}

/** The SDK's client has `setDefaultRequest`, which its typings do not expose on MailService. */
interface ClientWithDefaults {
  readonly client: { setDefaultRequest(key: 'baseUrl', value: string): void };
}

/** SendGrid v3 mail send through @sendgrid/mail, on its own MailService (not the SDK's shared one). */
export class SendGridChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly mail = new MailService();

  constructor(
    private readonly config: SendGridConfig,
    private readonly clock: Clock,
  ) {
    this.mail.setApiKey(config.apiKey);
    this.mail.setTimeout(HTTP_TIMEOUT_MS);
    (this.mail as unknown as ClientWithDefaults).client.setDefaultRequest('baseUrl', config.baseUrl);
  }

  async send(notification: Notification): Promise<SendOutcome> {
    try {
      const [response] = await this.mail.send({
        from: this.config.from,
        to: [...this.config.to],
        subject: headline(notification),
        text: plainText(notification),
        html: emailHtml(notification),
      });
      return { ok: true, status: response.statusCode };
    } catch (error: unknown) {
      return this.failure(error);
    }
  }

  private failure(error: unknown): SendOutcome {
    const { code, response } = error as { code?: unknown; response?: { headers?: unknown; body?: unknown } };
    if (typeof code !== 'number') {
      return { ok: false, retryable: true, status: 0, retryAfterMs: null, detail: errorText(error) };
    }
    const headers = (response?.headers ?? {}) as Record<string, unknown>;
    const retryAfter = headers['retry-after'];
    return {
      ok: false,
      retryable: isRetryableStatus(code),
      status: code,
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null, this.clock.now()),
      detail: JSON.stringify(response?.body ?? null).slice(0, 300),
    };
  }
}
